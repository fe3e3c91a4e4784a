// The invoice as a PDF: every element art. 106e requires (DOMAIN.md), the billing period and the
// readings it was billed on, and the customer's individual account to pay to. Corrections carry
// "FAKTURA KORYGUJĄCA", the corrected invoice, the reason, the lines and per-rate totals before
// and after, and the difference (art. 106j); a duplicate carries "DUPLIKAT" and its own date (art. 106l).
// Printed from the invoice's snapshot only, so the PDF of an issued invoice never changes.
// A print batch puts many invoices in one file, each with its own page numbering, the fonts
// embedded once (that and fast-fontkit.ts are what make a whole run's PDFs quick).
import type { InvoiceView, OfficeSettings } from '../../shared/api/types'
import { computeInvoice, formatVatRate } from '../../shared/domain/billing'
import { formatDate } from '../../shared/domain/dates'
import { formatGrosze } from '../../shared/domain/money'
import { formatNrb } from '../../shared/validation/identifiers'
import { drawKsefCodeBlock, KSEF_CODE_BLOCK_HEIGHT } from './ksef-qr'
import { PdfBuilder, type Column, type FontFiles } from './pdf-kit'
import { streetLine } from '../../shared/domain/customer-format'

export type PrintableInvoice = Pick<
  InvoiceView,
  | 'number'
  | 'kind'
  | 'issueDate'
  | 'placeOfIssue'
  | 'periodFrom'
  | 'periodTo'
  | 'dueDate'
  | 'seller'
  | 'buyer'
  | 'supplyPoint'
  | 'paymentAccount'
  | 'tariffGroupName'
  | 'contractNo'
  | 'lines'
  | 'byRate'
  | 'net'
  | 'vat'
  | 'gross'
  | 'readings'
  | 'corrects'
  | 'correctionReason'
  | 'ksefNumber'
> & {
  /** KOD I (the KSeF verification link) of an invoice with an FA(3) file; printed as a QR code. */
  ksefQr?: string | null
}

export interface InvoicePrintOptions {
  /** Date of the duplicate: prints "DUPLIKAT" with it. */
  duplicateOn?: string | null
}

const READING_KIND: Record<string, string> = {
  reader: 'inkasent',
  customer: 'samoodczyt',
  radio: 'radiowy',
  estimated: 'SZACUNKOWY',
  control: 'kontrolny',
  installation: 'montaż',
  removal: 'demontaż',
}

/** Amounts in tables without the currency (the column header says zł). */
const amount = (grosze: number) => formatGrosze(grosze).replace(/\s*zł$/u, '')
const m3Format = new Intl.NumberFormat('pl-PL', { useGrouping: 'always' })
const m3 = (v: number) => `${m3Format.format(v)} m³`
const addressLines = (a: InvoiceView['buyer']['address']) => [streetLine(a), `${a.postalCode} ${a.city}`]
const addressLine = (a: InvoiceView['buyer']['address']) => addressLines(a).join(', ')

/** The header shows the seller as it was at issue; phone and e-mail are today's contact data. */
export function sellerOffice(inv: PrintableInvoice, office: OfficeSettings | null): OfficeSettings {
  return {
    ...(office ?? { phone: null, email: null, bankAccount: '', bankSortCode: '', invoiceSeries: '', stationCode: '', stationName: '', idleLockMinutes: 5, sessionHours: 12 }),
    name: inv.seller.name,
    nip: inv.seller.nip,
    address: inv.seller.address,
    bankName: inv.seller.bankName,
    bankAccount: office?.bankAccount ?? inv.paymentAccount,
  } as OfficeSettings
}

const LINE_COLUMNS: Column[] = [
  { header: 'Lp.', width: 4, align: 'right' },
  { header: 'Nazwa usługi', width: 34 },
  { header: 'J.m.', width: 6 },
  { header: 'Ilość', width: 8, align: 'right' },
  { header: 'Cena jedn. netto [zł]', width: 13, align: 'right' },
  { header: 'Wartość netto [zł]', width: 13, align: 'right' },
  { header: 'Stawka VAT', width: 8, align: 'right' },
]

const lineRows = (lines: PrintableInvoice['lines']) =>
  lines.map((l) => [String(l.position), l.name, l.unit, String(l.quantity), amount(l.unitNet), amount(l.net), formatVatRate(l.vatBasisPoints)])

const RATE_COLUMNS: Column[] = [
  { header: 'Stawka VAT', width: 16 },
  { header: 'Wartość netto [zł]', width: 20, align: 'right' },
  { header: 'Kwota VAT [zł]', width: 20, align: 'right' },
  { header: 'Wartość brutto [zł]', width: 20, align: 'right' },
]

const rateRows = (rates: PrintableInvoice['byRate'], total: { net: number; vat: number; gross: number }) => [
  ...rates.map((r) => [formatVatRate(r.vatBasisPoints), amount(r.net), amount(r.vat), amount(r.gross)]),
  ['Razem', amount(total.net), amount(total.vat), amount(total.gross)],
]

/**
 * The per-rate totals of one state of a corrected invoice (before or after), computed from its
 * lines as the invoice itself is (VAT per rate on the rate's net sum), listing every rate in `rates`.
 */
function stateRateRows(lines: PrintableInvoice['lines'], rates: readonly number[]): string[][] {
  const t = computeInvoice(lines.map((l) => ({ name: l.name, unit: l.unit, quantity: l.quantity, unitNet: l.unitNet, vatBasisPoints: l.vatBasisPoints })))
  const byRate = rates.map((rate) => t.byRate.find((r) => r.vatBasisPoints === rate) ?? { vatBasisPoints: rate, net: 0, vat: 0, gross: 0 })
  return rateRows(byRate, t)
}

/** Draws one invoice into the builder's current section. */
export function drawInvoice(pdf: PdfBuilder, inv: PrintableInvoice, options: InvoicePrintOptions = {}): void {
  const correction = inv.kind === 'correction'
  pdf.addressWindow([inv.buyer.name, ...addressLines(inv.buyer.address)])
  pdf.heading(correction ? `FAKTURA KORYGUJĄCA nr ${inv.number}` : `Faktura VAT nr ${inv.number}`, 15)
  if (options.duplicateOn) pdf.text(`DUPLIKAT — wystawiony ${formatDate(options.duplicateOn)}`, { bold: true, size: 12, gapAfter: 6 })

  const facts: Array<[string, string]> = [
    ['Data wystawienia', `${formatDate(inv.issueDate)}, ${inv.placeOfIssue}`],
    ['Okres rozliczeniowy', `${formatDate(inv.periodFrom)} – ${formatDate(inv.periodTo)}`],
    // A correction that lowers the amount has nothing to pay, so no due date.
    ...(correction && inv.gross <= 0 ? [] : ([['Termin płatności', formatDate(inv.dueDate)]] as Array<[string, string]>)),
    ['Numer klienta / umowa', `${inv.buyer.customerNo} / ${inv.contractNo}`],
    ['Punkt poboru', addressLine(inv.supplyPoint)],
    ['Grupa taryfowa', inv.tariffGroupName],
  ]
  if (inv.ksefNumber) facts.push(['Numer KSeF', inv.ksefNumber])
  pdf.keyValues(facts, 0.36)

  pdf.table(
    [
      { header: 'Sprzedawca', width: 1 },
      { header: 'Nabywca', width: 1 },
    ],
    [
      [inv.seller.name, inv.buyer.name],
      [addressLine(inv.seller.address), addressLine(inv.buyer.address)],
      [`NIP ${inv.seller.nip}`, inv.buyer.nip ? `NIP ${inv.buyer.nip}` : `Nr klienta ${inv.buyer.customerNo}`],
    ],
    9,
  )

  if (correction && inv.corrects) {
    const c = inv.corrects
    pdf.keyValues(
      [
        ['Faktura korygowana', `nr ${c.number} z dnia ${formatDate(c.issueDate)}${c.ksefNumber ? `, numer KSeF ${c.ksefNumber}` : ''}`],
        ['Przyczyna korekty', inv.correctionReason ?? '—'],
      ],
      0.36,
    )
    // Each state with its totals per VAT rate (every rate of either state, 0 where absent), then the difference.
    const rates = [...new Set([...c.lines, ...inv.lines].map((l) => l.vatBasisPoints))].sort((a, b) => b - a)
    pdf.text('Przed korektą', { bold: true, size: 10 })
    pdf.table(LINE_COLUMNS, lineRows(c.lines))
    // A per-rate table stays on one page with its title.
    const rateTable = (title: string, rows: string[][], size: number) => {
      pdf.ensure(size * 2 + 15 * (rows.length + 2))
      pdf.text(title, { bold: true, size })
      pdf.table(RATE_COLUMNS, rows)
    }
    rateTable('Przed korektą — według stawek VAT', stateRateRows(c.lines, rates), 9)
    pdf.text('Po korekcie', { bold: true, size: 10 })
    pdf.table(LINE_COLUMNS, lineRows(inv.lines))
    rateTable('Po korekcie — według stawek VAT', stateRateRows(inv.lines, rates), 9)
    rateTable('Różnica (kwoty korekty) według stawek VAT', rateRows(inv.byRate, inv), 10)
    const label = inv.gross > 0 ? 'Do zapłaty (zwiększenie)' : inv.gross < 0 ? 'Do zwrotu albo zaliczenia na poczet kolejnych faktur' : 'Kwota korekty'
    pdf.text(`${label}: ${formatGrosze(Math.abs(inv.gross))}`, { bold: true, size: 12, gapAfter: 8 })
  } else {
    pdf.table(LINE_COLUMNS, lineRows(inv.lines))
    pdf.table(RATE_COLUMNS, rateRows(inv.byRate, inv))
    pdf.text(`Do zapłaty: ${formatGrosze(inv.gross)}`, { bold: true, size: 13, gapAfter: 8 })
  }

  if (!correction || inv.gross > 0) {
    pdf.text(`Termin płatności: ${formatDate(inv.dueDate)}, przelewem na indywidualny rachunek do wpłat:`, { size: 9.5, gapAfter: 0 })
    pdf.text(`${formatNrb(inv.paymentAccount)} (${inv.seller.bankName})`, { bold: true, size: 11, gapAfter: 8 })
  }

  // KSeF verification code (KOD I) with the KSeF number, or OFFLINE before the number exists.
  if (inv.ksefQr) pdf.block(KSEF_CODE_BLOCK_HEIGHT, (band) => drawKsefCodeBlock(band, inv.ksefQr!, inv.ksefNumber))

  if (inv.readings.length) {
    pdf.text('Odczyty wodomierzy, na podstawie których wystawiono fakturę', { bold: true, size: 10 })
    pdf.table(
      [
        { header: 'Wodomierz', width: 15 },
        { header: 'Odczyt poprzedni', width: 35 },
        { header: 'Odczyt bieżący', width: 38 },
        { header: 'Zużycie', width: 12, align: 'right' },
      ],
      inv.readings.map((r) => [
        `${r.meterSerial}${r.meterKind === 'additional' ? ' (dodatkowy)' : ''}`,
        `${m3(r.fromValue)} z ${formatDate(r.fromDate)} (${READING_KIND[r.fromKind] ?? r.fromKind})`,
        `${m3(r.toValue)} z ${formatDate(r.toDate)} (${READING_KIND[r.toKind] ?? r.toKind})`,
        m3(r.consumptionM3),
      ]),
    )
    if (inv.readings.some((r) => r.estimated)) {
      pdf.text('Odczyt SZACUNKOWY: brak odczytu w okresie; zużycie oszacowano ze średniej z poprzedniego roku i zostanie rozliczone przy najbliższym odczycie rzeczywistym.', {
        size: 8.5,
      })
    }
    if (inv.readings.some((r) => r.meterKind === 'additional')) {
      pdf.text('Ilość ścieków pomniejszono o wodę bezpowrotnie zużytą, zmierzoną wodomierzem dodatkowym.', { size: 8.5 })
    }
  }
}

export async function renderInvoicePdf(fonts: FontFiles, office: OfficeSettings | null, inv: PrintableInvoice, options: InvoicePrintOptions = {}): Promise<{ bytes: Uint8Array; pages: number }> {
  const title = `${inv.kind === 'correction' ? 'Faktura korygująca' : 'Faktura'} ${inv.number}${options.duplicateOn ? ' — duplikat' : ''}`
  const pdf = await PdfBuilder.create(fonts, { title, office: sellerOffice(inv, office) })
  drawInvoice(pdf, inv, options)
  return { bytes: await pdf.save(), pages: pdf.pageCount }
}

/** Many invoices in one file (a print batch), in the order given, each starting on a new page. */
export async function renderInvoiceBatch(fonts: FontFiles, office: OfficeSettings | null, invoices: readonly PrintableInvoice[], title: string): Promise<{ bytes: Uint8Array; pages: number }> {
  const pdf = await PdfBuilder.create(fonts, { title, office: invoices[0] ? sellerOffice(invoices[0], office) : office })
  invoices.forEach((inv, i) => {
    if (i > 0) pdf.startSection(sellerOffice(inv, office))
    drawInvoice(pdf, inv)
  })
  return { bytes: await pdf.save(), pages: pdf.pageCount }
}
