// Printable settlement documents: the statement of account (balance, open invoices, history with
// the running balance) for the customer at the counter or by post, and the KP receipt for a
// payment taken at the cash desk.
import type { Address, OfficeSettings, PaymentView, SettlementView } from '../../shared/api/types'
import { formatDate, formatDateTime } from '../../shared/domain/dates'
import { formatGrosze } from '../../shared/domain/money'
import { formatNrb } from '../../shared/validation/identifiers'
import { PdfBuilder, type FontFiles } from './pdf-kit'
import { streetLine } from '../../shared/domain/customer-format'

const amount = (grosze: number) => (grosze === 0 ? '' : formatGrosze(grosze).replace(/\s*zł$/u, ''))
const signed = (grosze: number) => formatGrosze(grosze).replace(/\s*zł$/u, '')

export function balanceLine(balance: number, overdue: number): string {
  if (balance > 0) return `Nadpłata ${formatGrosze(balance)}`
  if (balance === 0) return 'Rozliczone — brak należności i nadpłat'
  return `Do zapłaty ${formatGrosze(-balance)}${overdue > 0 ? `, w tym po terminie ${formatGrosze(overdue)}` : ''}`
}

export async function renderStatementPdf(
  fonts: FontFiles,
  office: OfficeSettings | null,
  view: SettlementView,
  options: { address: Address; from: string | null },
): Promise<{ bytes: Uint8Array; pages: number }> {
  const pdf = await PdfBuilder.create(fonts, { title: `Zestawienie rozliczeń ${view.customerNo} na ${formatDate(view.today)}`, office })
  const a = options.address
  pdf.addressWindow([view.customerName, streetLine(a), `${a.postalCode} ${a.city}`])
  pdf.heading(`Zestawienie rozliczeń — stan na ${formatDate(view.today)}`, 14)
  pdf.keyValues([
    ['Klient', `${view.customerName} (nr ${view.customerNo})`],
    ['Saldo', balanceLine(view.balance, view.overdue)],
    ['Indywidualny rachunek do wpłat', formatNrb(view.bankAccount)],
  ], 0.38)
  if (view.openInvoices.length) {
    pdf.text('Faktury do zapłaty', { bold: true, size: 10.5 })
    pdf.table(
      [
        { header: 'Faktura', width: 26 },
        { header: 'Wystawiona', width: 14 },
        { header: 'Termin płatności', width: 14 },
        { header: 'Kwota [zł]', width: 15, align: 'right' },
        { header: 'Pozostało [zł]', width: 15, align: 'right' },
        { header: 'Po terminie', width: 12, align: 'right' },
      ],
      view.openInvoices.map((i) => [i.number, formatDate(i.issueDate), formatDate(i.dueDate), signed(i.gross), signed(i.open), i.overdue ? `${i.daysOverdue} dni` : '—']),
    )
  } else pdf.text('Brak faktur do zapłaty.', { size: 10 })

  const from = options.from
  const shown = from ? view.ledger.filter((e) => e.date >= from) : view.ledger
  const before = from ? view.ledger.filter((e) => e.date < from).at(-1) : undefined
  pdf.text(from ? `Historia od ${formatDate(from)}` : 'Historia rozliczeń', { bold: true, size: 10.5 })
  const rows = shown.map((e) => [formatDate(e.date), e.document, e.description, amount(e.debit), amount(e.credit), signed(e.balance)])
  if (from) rows.unshift([formatDate(from), '', 'Saldo na początek okresu', '', '', signed(before?.balance ?? 0)])
  pdf.table(
    [
      { header: 'Data', width: 12 },
      { header: 'Dokument', width: 22 },
      { header: 'Opis', width: 30 },
      { header: 'Obciążenie [zł]', width: 12, align: 'right' },
      { header: 'Wpłata [zł]', width: 12, align: 'right' },
      { header: 'Saldo [zł]', width: 12, align: 'right' },
    ],
    rows,
    8,
  )
  pdf.text('Saldo dodatnie oznacza nadpłatę, ujemne — kwotę do zapłaty. Wpłaty rozliczamy na najstarsze należności.', { size: 8.5 })
  return { bytes: await pdf.save(), pages: pdf.pageCount }
}

export async function renderReceiptPdf(
  fonts: FontFiles,
  office: OfficeSettings | null,
  r: { payment: PaymentView; customerNo: string; customerName: string; clerk: string | null; balance: number },
): Promise<{ bytes: Uint8Array; pages: number }> {
  const p = r.payment
  const pdf = await PdfBuilder.create(fonts, { title: `Potwierdzenie wpłaty ${p.reference ?? ''}`, office })
  pdf.heading(`Potwierdzenie wpłaty KP nr ${p.reference ?? '—'}`, 14)
  pdf.keyValues([
    ['Data wpłaty', formatDate(p.paidOn)],
    ['Wpłacający (klient)', `${r.customerName} (nr ${r.customerNo})`],
    ['Kwota', formatGrosze(p.amount)],
    ['Forma', p.method === 'cash' ? 'gotówka' : 'karta płatnicza'],
    ['Przyjął(-ęła)', `${r.clerk ?? '—'}, ${formatDateTime(p.createdAt)}`],
  ])
  if (p.allocations.length) {
    pdf.text('Wpłata rozliczona na:', { bold: true, size: 10 })
    pdf.table(
      [
        { header: 'Faktura', width: 2 },
        { header: 'Kwota [zł]', width: 1, align: 'right' },
      ],
      p.allocations.map((a) => [a.invoiceNumber, signed(a.amount)]),
    )
  }
  if (p.unallocated > 0) pdf.text(`Nadpłata zaliczona na poczet kolejnych faktur: ${formatGrosze(p.unallocated)}`, { size: 10 })
  pdf.text(`Saldo po wpłacie: ${balanceLine(r.balance, 0)}`, { size: 10, gapAfter: 24 })
  pdf.text('………………………………………                 ………………………………………', { size: 9, gapAfter: 0 })
  pdf.text('podpis przyjmującego                                     podpis wpłacającego', { size: 8 })
  return { bytes: await pdf.save(), pages: pdf.pageCount }
}
