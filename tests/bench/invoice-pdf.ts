// Benchmark (prints figures, passes or fails nothing): invoice PDFs for a billing run.
//   npx tsx tests/bench/invoice-pdf.ts [count]
// Compares the naive way TOOLCHAIN.md measured (~37 ms per invoice: new document, TTF parsed and
// text shaped by fontkit every time) with what the desk does: fonts parsed once per process and
// per-character layout (fast-fontkit.ts), one PDF per e-mailed invoice, and one file for a whole
// print batch (fonts embedded and subset once).
import fontkit from '@pdf-lib/fontkit'
import { computeInvoice } from '../../shared/domain/billing'
import type { OfficeSettings } from '../../shared/api/types'
import { drawInvoice, renderInvoiceBatch, renderInvoicePdf, sellerOffice, type PrintableInvoice } from '../../src-main/documents/invoice-pdf'
import { loadFontFiles, PdfBuilder } from '../../src-main/documents/pdf-kit'
import { findResourcesDir } from '../../src-main/core/paths'

const count = Number(process.argv[2] ?? 200)
const fonts = loadFontFiles(findResourcesDir())
const address = { street: 'Partyzantów', houseNo: '29', flatNo: '49', postalCode: '22-400', city: 'Zamość' }
const office: OfficeSettings = {
  name: 'Przedsiębiorstwo Gospodarki Komunalnej Sp. z o.o. w Zamościu',
  nip: '9220003560',
  address: { street: 'Krucza', houseNo: '10', flatNo: null, postalCode: '22-400', city: 'Zamość' },
  phone: '84 638 42 11',
  email: 'bok@pgk.zamosc.pl',
  bankName: 'Bank Pekao S.A.',
  bankAccount: '05124013721111000011112222',
  bankSortCode: '12401372',
  invoiceSeries: 'FW',
  stationCode: 'K1',
  stationName: 'Okienko 1',
  idleLockMinutes: 5,
}
const SURNAMES = ['Wiśniewska', 'Żółkiewski', 'Łagowski', 'Dąbrowska', 'Kołodziej', 'Ślusarczyk']

function invoice(i: number): PrintableInvoice {
  const m3 = 5 + (i % 17)
  const t = computeInvoice([
    { name: 'Dostawa wody', unit: 'm³', quantity: m3, unitNet: 355, vatBasisPoints: 800 },
    { name: 'Odprowadzanie ścieków', unit: 'm³', quantity: m3, unitNet: 460, vatBasisPoints: 800 },
    { name: 'Opłata abonamentowa (mar–kwi 2026)', unit: 'okres', quantity: 1, unitNet: 1230, vatBasisPoints: 800 },
  ])
  return {
    number: `FW/K1/2026/${String(i + 1).padStart(6, '0')}`,
    kind: 'invoice',
    issueDate: '2026-05-04',
    placeOfIssue: 'Zamość',
    periodFrom: '2026-03-01',
    periodTo: '2026-04-30',
    dueDate: '2026-05-18',
    seller: { name: office.name, nip: office.nip, address: office.address, bankName: office.bankName },
    buyer: { customerNo: String(100_000 + i), kind: 'person', name: `Grażyna ${SURNAMES[i % SURNAMES.length]}`, nip: null, address: { ...address, houseNo: String(1 + (i % 90)) } },
    supplyPoint: address,
    paymentAccount: '68124013721111000010000036',
    tariffGroupName: 'Gospodarstwa domowe — faktura papierowa',
    contractNo: `U/K1/2024/${String(i + 1).padStart(5, '0')}`,
    lines: t.lines,
    byRate: t.byRate,
    net: t.net,
    vat: t.vat,
    gross: t.gross,
    readings: [{ meterSerial: `ZM${70_000_000 + i}`, meterKind: 'main', fromDate: '2026-02-27', fromValue: 1000 + i, fromKind: 'reader', toDate: '2026-04-28', toValue: 1000 + i + m3, toKind: 'reader', consumptionM3: m3, estimated: false }],
    corrects: null,
    correctionReason: null,
    ksefNumber: null,
  }
}

const invoices = Array.from({ length: count }, (_, i) => invoice(i))

async function naive(inv: PrintableInvoice): Promise<Uint8Array> {
  const pdf = await PdfBuilder.create(fonts, { title: inv.number, office: sellerOffice(inv, office), fontkit })
  drawInvoice(pdf, inv)
  return pdf.save()
}

async function time(label: string, n: number, fn: () => Promise<number>): Promise<void> {
  const started = performance.now()
  const bytes = await fn()
  const ms = performance.now() - started
  console.log(`${label.padEnd(44)} ${(ms / n).toFixed(1).padStart(6)} ms/invoice  ${(ms / 1000).toFixed(2).padStart(6)} s total  ${Math.round(bytes / n / 1024)} KB/invoice`)
}

// Warm-up (JIT, first font parse) is not part of any figure.
await naive(invoices[0])
await renderInvoicePdf(fonts, office, invoices[0])
const naiveCount = Math.min(count, 50)
console.log(`${count} invoices (naive measured on ${naiveCount}), Node ${process.version}`)
await time('naive: new doc, fontkit parse + shaping', naiveCount, async () => {
  let total = 0
  for (const inv of invoices.slice(0, naiveCount)) total += (await naive(inv)).length
  return total
})
await time('one PDF per invoice (e-mail), fast fontkit', count, async () => {
  let total = 0
  for (const inv of invoices) total += (await renderInvoicePdf(fonts, office, inv)).bytes.length
  return total
})
await time('print batch: one file, fonts embedded once', count, async () => (await renderInvoiceBatch(fonts, office, invoices, 'Paczka')).bytes.length)
