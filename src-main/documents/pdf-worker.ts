// A PDF worker thread (pdf-pool.ts): renders invoice PDFs off the main thread. The fonts are read
// and parsed once per worker, on its first job; each reply transfers the bytes (no copy). Asked to
// store (a billing run's e-invoices), it writes the PDF into the desk's file store itself and
// replies with its address only: the main thread then does no file I/O for it.
import { parentPort, workerData } from 'node:worker_threads'
import type { OfficeSettings } from '../../shared/api/types'
import { putFileAsync, type StoredFile } from '../platform/attachments/file-store'
import { renderInvoiceBatch, renderInvoicePdf, type InvoicePrintOptions, type PrintableInvoice } from './invoice-pdf'
import { loadFontFiles } from './pdf-kit'

export type PdfJob =
  /** `storeIn`: the data directory whose file store receives the PDF (the reply carries its address, not its bytes). */
  | { kind: 'invoice'; office: OfficeSettings | null; invoice: PrintableInvoice; options?: InvoicePrintOptions; storeIn?: string }
  | { kind: 'batch'; office: OfficeSettings | null; invoices: PrintableInvoice[]; title: string }

export type PdfReply = { id: number; bytes: Uint8Array; pages: number } | { id: number; stored: StoredFile; pages: number } | { id: number; error: string }

const { resourcesDir } = workerData as { resourcesDir: string }
const port = parentPort!

port.on('message', (message: { id: number; job: PdfJob }) => {
  void (async () => {
    const { id, job } = message
    try {
      const fonts = loadFontFiles(resourcesDir)
      const out = job.kind === 'invoice' ? await renderInvoicePdf(fonts, job.office, job.invoice, job.options) : await renderInvoiceBatch(fonts, job.office, job.invoices, job.title)
      if (job.kind === 'invoice' && job.storeIn !== undefined) {
        // Not blocking: the next job is drawn while the file is written.
        port.postMessage({ id, stored: await putFileAsync(job.storeIn, out.bytes), pages: out.pages } satisfies PdfReply)
        return
      }
      const reply: PdfReply = { id, bytes: out.bytes, pages: out.pages }
      // A Buffer may share a pooled ArrayBuffer; only an exclusively owned one can be transferred.
      const owned = out.bytes.byteOffset === 0 && out.bytes.byteLength === out.bytes.buffer.byteLength
      port.postMessage(reply, owned ? [out.bytes.buffer as ArrayBuffer] : [])
    } catch (err) {
      port.postMessage({ id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies PdfReply)
    }
  })()
})
