// The PDF worker pool (src-main/documents/pdf-pool.ts): what the worker threads make is what the
// main thread makes — the same text, read back with pdftotext — for e-mailed invoices, corrections
// and a print batch; e-mailed invoices stored in the file store by the worker that drew them; and a
// worker that dies mid-run costs no PDF (the rest are made in-process).
import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Worker } from 'node:worker_threads'
import { computeInvoice } from '../../shared/domain/billing'
import { findResourcesDir } from '../../src-main/platform/paths'
import { renderInvoiceBatch, renderInvoicePdf, type PrintableInvoice } from '../../src-main/documents/invoice-pdf'
import { loadFontFiles } from '../../src-main/documents/pdf-kit'
import { PdfPool } from '../../src-main/documents/pdf-pool'
import { readStoredFile, sha256Hex } from '../../src-main/platform/attachments/file-store'
import { pdfText } from '../support/documents'
import { PRINT_OFFICE, sampleInvoice } from '../support/invoices'

const office = PRINT_OFFICE
const resourcesDir = findResourcesDir()
const fonts = loadFontFiles(resourcesDir)
const SURNAMES = ['Wiśniewska', 'Żółkiewski', 'Łagowski', 'Dąbrowska', 'Kołodziej', 'Ślusarczyk']

function invoice(i: number): PrintableInvoice {
  const m3 = 5 + (i % 17)
  const lines = [
    { name: 'Dostawa wody', unit: 'm³', quantity: m3, unitNet: 355, vatBasisPoints: 800 },
    { name: 'Odprowadzanie ścieków', unit: 'm³', quantity: m3, unitNet: 460, vatBasisPoints: 800 },
    { name: 'Opłata abonamentowa (mar–kwi 2026)', unit: 'okres', quantity: 1, unitNet: 1230, vatBasisPoints: 800 },
  ]
  const address = { street: 'Partyzantów', houseNo: String(1 + (i % 90)), flatNo: i % 3 ? String(i % 50) : null, postalCode: '22-400', city: 'Zamość' }
  const reading = { meterSerial: `ZM${70_000_000 + i}`, meterKind: 'main', fromDate: '2026-02-27', fromValue: 1000 + i, fromKind: 'reader', toDate: '2026-04-28', toValue: 1000 + i + m3, toKind: i % 4 ? 'reader' : 'estimated', consumptionM3: m3, estimated: i % 4 === 0 } as const
  const base = sampleInvoice(
    { no: i + 1, lines, buyer: { kind: 'person', name: `Grażyna ${SURNAMES[i % SURNAMES.length]}`, nip: null }, address, readings: [reading] },
    office,
  )
  // Customer numbers count from 100,000 with the batch position (invoice numbers from 1).
  base.buyer.customerNo = String(100_000 + i)
  if (i % 5 !== 4) return base
  // Every fifth: a correction lowering the amount (its own layout: before, after, difference).
  const after = computeInvoice([{ name: 'Dostawa wody', unit: 'm³', quantity: m3 - 2, unitNet: 355, vatBasisPoints: 800 }])
  return {
    ...base,
    kind: 'correction',
    number: `KOR/K1/2026/${String(i + 1).padStart(6, '0')}`,
    corrects: { number: `FW/K1/2026/${String(i).padStart(6, '0')}`, issueDate: '2026-03-04', ksefNumber: null, lines: base.lines },
    correctionReason: 'Błędny odczyt wodomierza — zawyżone zużycie',
    lines: after.lines,
    byRate: after.byRate,
    net: after.net - base.net,
    vat: after.vat - base.vat,
    gross: after.gross - base.gross,
  } as PrintableInvoice
}

const invoices = Array.from({ length: 10 }, (_, i) => invoice(i))
// Worker threads load the sources through tsx here (slow on a busy machine); the built app loads a bundle.
const SLOW = 120_000
let pool: PdfPool | null = null
const dataDirs: string[] = []
afterEach(async () => {
  await pool?.close()
  pool = null
  for (const d of dataDirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const newDataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ibok-pdf-store-'))
  dataDirs.push(dir)
  return dir
}
const numberIn = (pdf: Uint8Array) => pdfText(pdf).match(/(?:Faktura VAT|FAKTURA KORYGUJĄCA) nr (\S+)/)?.[1]

describe('PDF worker pool', () => {
  it('makes, on worker threads, the same invoices and corrections as the main thread — page for page, word for word', async () => {
    pool = new PdfPool(resourcesDir, 2)
    const fromPool = await pool.renderInvoices(office, invoices)
    expect(pool.usesWorkers).toBe(true)
    expect(fromPool).toHaveLength(invoices.length)
    for (const [i, inv] of invoices.entries()) {
      const here = await renderInvoicePdf(fonts, office, inv)
      expect(fromPool[i].pages).toBe(here.pages)
      expect(pdfText(fromPool[i].bytes, true)).toBe(pdfText(here.bytes, true))
    }
    // In the order asked for, not the order the threads finished in.
    expect(pdfText(fromPool[4].bytes)).toContain('FAKTURA KORYGUJĄCA nr KOR/K1/2026/000005')
    expect(pdfText(fromPool[9].bytes)).toContain('FAKTURA KORYGUJĄCA nr KOR/K1/2026/000010')
    expect(pdfText(fromPool[8].bytes)).toContain('Faktura VAT nr FW/K1/2026/000009')
    expect(pdfText(fromPool[1].bytes)).toContain('Grażyna Żółkiewski')
  }, SLOW)

  it('makes a print batch on a worker identical in text to one made here', async () => {
    pool = new PdfPool(resourcesDir, 2)
    const fromPool = await pool.renderBatch(office, invoices, 'Paczka próbna')
    const here = await renderInvoiceBatch(fonts, office, invoices, 'Paczka próbna')
    expect(pool.usesWorkers).toBe(true)
    expect(fromPool.pages).toBe(here.pages)
    expect(pdfText(fromPool.bytes, true)).toBe(pdfText(here.bytes, true))
  }, SLOW)

  it('stores e-mailed invoices on the worker threads: each PDF in the file store under its hash, the same as made here; only addresses come back', async () => {
    pool = new PdfPool(resourcesDir, 2)
    const dataDir = newDataDir()
    const stored = await pool.storeInvoices(office, invoices, dataDir)
    expect(pool.usesWorkers).toBe(true)
    expect(stored).toHaveLength(invoices.length)
    for (const [i, inv] of invoices.entries()) {
      // What the main thread got: the address, size and page count — not the bytes.
      expect(Object.keys(stored[i]).sort()).toEqual(['bytes', 'pages', 'sha256'])
      const file = readStoredFile(dataDir, stored[i].sha256) // checks the content against its hash
      expect(file.length).toBe(stored[i].bytes)
      const here = await renderInvoicePdf(fonts, office, inv)
      expect(stored[i].pages).toBe(here.pages)
      expect(pdfText(file, true)).toBe(pdfText(here.bytes, true))
    }
    // In the order asked for; no temporary file left behind.
    expect(stored.map((f) => numberIn(readStoredFile(dataDir, f.sha256)))).toEqual(invoices.map((i) => i.number))
    expect(readdirSync(join(dataDir, 'attachments')).sort()).toEqual(stored.map((f) => f.sha256).sort())
  }, SLOW)

  it('still stores every PDF when the worker threads die in the middle of storing', async () => {
    pool = new PdfPool(resourcesDir, 2, () => {})
    const dataDir = newDataDir()
    await pool.renderInvoices(office, invoices.slice(0, 4))
    const pending = pool.storeInvoices(office, invoices, dataDir)
    for (const slot of (pool as unknown as { slots: Array<{ worker: Worker }> }).slots) void slot.worker.terminate()
    const stored = await pending
    expect(pool.usesWorkers).toBe(false)
    expect(stored.map((f) => numberIn(readStoredFile(dataDir, f.sha256)))).toEqual(invoices.map((i) => i.number))
    expect(stored.every((f) => f.sha256 === sha256Hex(readStoredFile(dataDir, f.sha256)))).toBe(true)
  }, SLOW)

  it('still delivers every PDF when the worker threads die in the middle of a run', async () => {
    pool = new PdfPool(resourcesDir, 2, () => {})
    await pool.renderInvoices(office, invoices.slice(0, 4))
    const pending = pool.renderInvoices(office, invoices)
    for (const slot of (pool as unknown as { slots: Array<{ worker: Worker }> }).slots) void slot.worker.terminate()
    const pdfs = await pending
    expect(pool.usesWorkers).toBe(false)
    expect(pdfs.map((p) => numberIn(p.bytes))).toEqual(invoices.map((i) => i.number))
  }, SLOW)
})
