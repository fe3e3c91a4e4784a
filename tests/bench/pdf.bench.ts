// Invoice PDFs (issue 10): one PDF per invoice as e-mailed after a billing run, in this process and
// through the worker pool the desk uses for many at once (src-main/documents/pdf-pool.ts), and a
// print batch (all invoices in one file). Invoices are the Zamość office's newest, read-only.
// Anchor of the one-process rate (issue 19): the same invoices drawn the straightforward way with
// pdf-lib (lib/plain-invoice-pdf.ts), measured first, before the app's PDF code patches pdf-lib's deflate.
import { defineBench } from './lib/bench'
import { sampleInvoices } from './lib/invoice-sample'
import { plainInvoicePdf } from './lib/plain-invoice-pdf'
import { anchor, figure } from './lib/report'
import { findResourcesDir } from '../../src-main/platform/paths'
import { renderInvoicePdf } from '../../src-main/documents/invoice-pdf'
import { loadFontFiles } from '../../src-main/documents/pdf-kit'
import { PdfPool } from '../../src-main/documents/pdf-pool'

const COUNT = 1000

export default defineBench({
  name: 'pdf',
  title: 'invoice PDFs: one process, both cores (worker pool), one print file',
  async run() {
    const { office, invoices } = await sampleInvoices(COUNT)
    const n = invoices.length
    const resourcesDir = findResourcesDir()
    const fonts = loadFontFiles(resourcesDir)
    const kinds = invoices.reduce((m, i) => m.set(i.kind, (m.get(i.kind) ?? 0) + 1), new Map<string, number>())
    console.error(`${n} invoices from the Zamość office: ${JSON.stringify(Object.fromEntries(kinds))}`)

    for (const inv of invoices.slice(0, 30)) await plainInvoicePdf(fonts, inv)
    const plainStarted = performance.now()
    for (const inv of invoices) await plainInvoicePdf(fonts, inv)
    const plainRate = n / ((performance.now() - plainStarted) / 1000)

    // Warm-up (fonts parsed, JIT) is part of no figure.
    for (const inv of invoices.slice(0, 30)) await renderInvoicePdf(fonts, office, inv)
    const cpuBefore = process.cpuUsage()
    let started = performance.now()
    let bytes = 0
    for (const inv of invoices) bytes += (await renderInvoicePdf(fonts, office, inv)).bytes.length
    let ms = performance.now() - started
    figure('pdf.invoice.single', n / (ms / 1000), 'PDFs/s', n)
    anchor('pdf.invoice.single', plainRate, 'PDFs/s', n)
    const cpu = process.cpuUsage(cpuBefore)
    // CPU time per PDF: what bounds the rate once the machine is quiet.
    console.error(`single: ${(ms / n).toFixed(2)} ms per PDF (CPU ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms), ${Math.round(bytes / n / 1024)} KB each`)

    const pool = new PdfPool(resourcesDir)
    try {
      // Starting the threads (module load, font parse) is paid once per desk session, not per run.
      const coldStarted = performance.now()
      await pool.renderInvoices(office, invoices.slice(0, 4 * pool.size))
      console.error(`pool of ${pool.size} worker threads started and warm in ${Math.round(performance.now() - coldStarted)} ms`)
      if (!pool.usesWorkers) throw new Error('the PDF pool fell back to the main thread')
      const poolCpuBefore = process.cpuUsage()
      const mainCpuBefore = process.threadCpuUsage()
      started = performance.now()
      const pdfs = await pool.renderInvoices(office, invoices)
      ms = performance.now() - started
      figure('pdf.invoice.both-cores', n / (ms / 1000), 'PDFs/s', n)
      const perPdf = (u: NodeJS.CpuUsage) => ((u.user + u.system) / 1000 / n).toFixed(2)
      // CPU per PDF of every thread, and of the main thread alone (queueing jobs, receiving the bytes):
      // with 2 cores the rate cannot pass 2000 / (all threads' ms per PDF).
      console.error(`pool: ${(ms / n).toFixed(2)} ms per PDF, ${pdfs.length} PDFs; CPU per PDF ${perPdf(process.cpuUsage(poolCpuBefore))} ms (main thread ${perPdf(process.threadCpuUsage(mainCpuBefore))} ms)`)

      await pool.renderBatch(office, invoices.slice(0, 50), 'Rozgrzewka')
      started = performance.now()
      const batch = await pool.renderBatch(office, invoices, `Paczka ${n} faktur`)
      ms = performance.now() - started
      figure('pdf.invoice.print-batch', n / (ms / 1000), 'invoices/s', n)
      console.error(`print batch: ${batch.pages} pages, ${Math.round(batch.bytes.length / 1024)} KB in ${Math.round(ms)} ms`)
    } finally {
      await pool.close()
    }
  },
})
