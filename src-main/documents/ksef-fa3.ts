// The structured e-invoice FA(3) for KSeF (schema in ../shared/ksef/fa3), for buyers with a NIP.
// Built from the same snapshot as the PDF. A correction lists the lines before (StanPrzed) and
// after as separately numbered rows, with the per-rate differences in P_13_x/P_14_x (art. 106j).
// Sending to KSeF is a later step; the XML is kept with the invoice as issued.
//
// The schema shipped with the app (resources/ksef/fa3) fixes the shape; what can vary is the data.
// So every value is checked against its simple type's facets as it is written (the facets below
// are pinned to the shipped XSD by tests/unit/billing-ksef.test.ts), and a value the schema would
// refuse stops the file from being made: an FA(3) file is never stored unless it validates. The
// tests prove every shape the desk produces with xmllint against that same shipped schema.
import type { Address } from '../../shared/api/types'
import type { PrintableInvoice } from './invoice-pdf'
import { streetLine } from '../../shared/domain/customer-format'

export const FA3_NAMESPACE = 'http://crd.gov.pl/wzor/2025/06/25/13775/'

// A billing run writes some 60 elements for each of thousands of business buyers' invoices: most
// values need no escaping, and the indentation strings are made once.
const XML_SPECIAL = /[&<>"']/
const escapeXml = (v: string) =>
  XML_SPECIAL.test(v) ? v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;') : v
const INDENTS = Array.from({ length: 16 }, (_, depth) => '  '.repeat(depth))
const indent = (depth: number) => INDENTS[depth] ?? '  '.repeat(depth)

/** Grosze → "1234.56" (TKwotowy: dot, two decimals, minus sign for negatives). */
export function decimal(grosze: number): string {
  const sign = grosze < 0 ? '-' : ''
  const abs = Math.abs(grosze)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** Which P_13_x/P_14_x pair and P_12 value a VAT rate (basis points) belongs to. */
function rateField(vatBasisPoints: number): { group: number; p12: string } {
  switch (vatBasisPoints) {
    case 2300:
    case 2200:
      return { group: 1, p12: String(vatBasisPoints / 100) }
    case 800:
    case 700:
      return { group: 2, p12: String(vatBasisPoints / 100) }
    case 500:
      return { group: 3, p12: '5' }
    case 400:
    case 300:
      return { group: 4, p12: String(vatBasisPoints / 100) }
    default:
      throw new Error(`Stawka VAT ${vatBasisPoints / 100}% nie ma odpowiednika w schemacie FA(3)`)
  }
}

const addressLines = (a: Address) => [streetLine(a), `${a.postalCode} ${a.city}`]

/** The facets of the FA(3) simple types this producer writes (schemat_FA(3)_v1-0E.xsd, bazowe/). */
export const FA3_FACETS = {
  /** etd:TNrNIP */
  nip: /^[1-9]((\d[1-9])|([1-9]\d))\d{7}$/,
  /** TKwotowy, TKwotowy2, TIlosci */
  amount: /^-?([1-9]\d{0,15}|0)(\.\d{1,2})?$/,
  unitPrice: /^-?([1-9]\d{0,13}|0)(\.\d{1,8})?$/,
  quantity: /^-?([1-9]\d{0,15}|0)(\.\d{1,6})?$/,
  /** TNrRB: 10–34 characters */
  account: /^[0-9A-Z]{10,34}$/,
  /** TZnakowy (token, 1–256) and TZnakowy512 (token, 1–512) */
  textMax: 256,
  longTextMax: 512,
  /** TDataT */
  dateFrom: '2006-01-01',
  dateTo: '2050-01-01',
} as const

/** Elements of type TZnakowy512 among those written here; other text elements are TZnakowy. */
const LONG_TEXT = new Set(['Nazwa', 'AdresL1', 'AdresL2', 'P_7'])
const TYPED: Record<string, RegExp> = {
  NIP: FA3_FACETS.nip,
  P_8B: FA3_FACETS.quantity,
  P_9A: FA3_FACETS.unitPrice,
  P_11: FA3_FACETS.amount,
  P_15: FA3_FACETS.amount,
  NrRB: FA3_FACETS.account,
}
const DATES = new Set(['P_1', 'P_6_Od', 'P_6_Do', 'Termin', 'DataWystFaKorygowanej'])
const LABELS: Record<string, string> = {
  NIP: 'NIP',
  Nazwa: 'nazwa',
  AdresL1: 'adres',
  AdresL2: 'adres',
  P_2: 'numer faktury',
  P_7: 'nazwa usługi',
  NrRB: 'numer rachunku',
  PrzyczynaKorekty: 'przyczyna korekty',
}

/** A value the FA(3) schema does not accept: the file is not made (and the invoice not issued). */
export class Fa3ValueError extends Error {}

function failValue(tag: string, value: string, invoiceNo: string, why: string): never {
  throw new Fa3ValueError(`Faktura ${invoiceNo}: ${LABELS[tag] ?? tag} „${value}” — ${why}; plik FA(3) nie byłby zgodny ze schematem`)
}

/** Checks one element's value against its simple type; the message names the element in Polish. */
function checkValue(tag: string, value: string, invoiceNo: string): void {
  // No closure for the failure: this runs for every element of every invoice.
  // Characters XML 1.0 forbids or KSeF refuses (weryfikacja-faktury.md).
  // eslint-disable-next-line no-control-regex -- matching the control characters XML 1.0 forbids is the point
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufdd0-\ufdef\ufffe\uffff]/.test(value)) failValue(tag, value, invoiceNo, 'niedozwolony znak')
  const typed = TYPED[tag]
  if (typed) {
    if (!typed.test(value)) failValue(tag, value, invoiceNo, 'niezgodny format')
    return
  }
  if (/^P_1[34]_\d+$/.test(tag)) {
    if (!FA3_FACETS.amount.test(value)) failValue(tag, value, invoiceNo, 'niezgodny format kwoty')
    return
  }
  if (DATES.has(tag)) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value < FA3_FACETS.dateFrom || value > FA3_FACETS.dateTo) failValue(tag, value, invoiceNo, 'data spoza zakresu')
    return
  }
  // xsd:token: whitespace collapses; the length counts characters (code points) after that.
  const token = /[\t\n\r]| {2}|^ | $/.test(value) ? value.replace(/[\t\n\r ]+/g, ' ').trim() : value
  const max = LONG_TEXT.has(tag) ? FA3_FACETS.longTextMax : FA3_FACETS.textMax
  if (token.length < 1) failValue(tag, value, invoiceNo, 'pusta wartość')
  if (token.length > max && [...token].length > max) failValue(tag, value, invoiceNo, `dłuższe niż ${max} znaków`)
}

class Xml {
  constructor(private readonly invoiceNo: string) {}
  private readonly parts: string[] = []
  private depth = 0
  open(tag: string, attrs = ''): this {
    this.parts.push(`${indent(this.depth++)}<${tag}${attrs}>`)
    return this
  }
  close(tag: string): this {
    this.parts.push(`${indent(--this.depth)}</${tag}>`)
    return this
  }
  leaf(tag: string, value: string | number, attrs = ''): this {
    const text = String(value)
    checkValue(tag, text, this.invoiceNo)
    this.parts.push(`${indent(this.depth)}<${tag}${attrs}>${escapeXml(text)}</${tag}>`)
    return this
  }
  toString(): string {
    return `<?xml version="1.0" encoding="UTF-8"?>\n${this.parts.join('\n')}\n`
  }
}

function address(x: Xml, a: Address): void {
  const [l1, l2] = addressLines(a)
  x.open('Adres').leaf('KodKraju', 'PL').leaf('AdresL1', l1).leaf('AdresL2', l2).close('Adres')
}

export interface Fa3Options {
  /** When the file was made (DataWytworzeniaFa), ISO timestamp. */
  createdAt: string
  systemInfo?: string
}

export function buildFa3Xml(inv: PrintableInvoice, options: Fa3Options): string {
  if (!inv.buyer.nip) throw new Error(`Faktura ${inv.number}: nabywca bez NIP — FA(3) dla KSeF nie jest wymagana`)
  const x = new Xml(inv.number)
  x.open('Faktura', ` xmlns="${FA3_NAMESPACE}"`)
  x.open('Naglowek')
    .leaf('KodFormularza', 'FA', ' kodSystemowy="FA (3)" wersjaSchemy="1-0E"')
    .leaf('WariantFormularza', 3)
    .leaf('DataWytworzeniaFa', options.createdAt.replace(/\.\d{3}Z$/, 'Z'))
    .leaf('SystemInfo', options.systemInfo ?? 'ibok-desk')
    .close('Naglowek')

  x.open('Podmiot1').open('DaneIdentyfikacyjne').leaf('NIP', inv.seller.nip).leaf('Nazwa', inv.seller.name).close('DaneIdentyfikacyjne')
  address(x, inv.seller.address)
  x.close('Podmiot1')

  x.open('Podmiot2').open('DaneIdentyfikacyjne').leaf('NIP', inv.buyer.nip).leaf('Nazwa', inv.buyer.name).close('DaneIdentyfikacyjne')
  address(x, inv.buyer.address)
  // JST/GV: not a local-government unit's subordinate, not a VAT-group member.
  x.leaf('NrKlienta', inv.buyer.customerNo).leaf('JST', 2).leaf('GV', 2).close('Podmiot2')

  x.open('Fa').leaf('KodWaluty', 'PLN').leaf('P_1', inv.issueDate).leaf('P_1M', inv.placeOfIssue).leaf('P_2', inv.number)
  x.open('OkresFa').leaf('P_6_Od', inv.periodFrom).leaf('P_6_Do', inv.periodTo).close('OkresFa')
  const groups = new Map<number, { net: number; vat: number }>()
  for (const r of inv.byRate) {
    const { group } = rateField(r.vatBasisPoints)
    const g = groups.get(group) ?? { net: 0, vat: 0 }
    g.net += r.net
    g.vat += r.vat
    groups.set(group, g)
  }
  for (const [group, g] of [...groups].sort(([a], [b]) => a - b)) x.leaf(`P_13_${group}`, decimal(g.net)).leaf(`P_14_${group}`, decimal(g.vat))
  x.leaf('P_15', decimal(inv.gross))
  x.open('Adnotacje')
    .leaf('P_16', 2)
    .leaf('P_17', 2)
    .leaf('P_18', 2)
    .leaf('P_18A', 2)
    .open('Zwolnienie')
    .leaf('P_19N', 1)
    .close('Zwolnienie')
    .open('NoweSrodkiTransportu')
    .leaf('P_22N', 1)
    .close('NoweSrodkiTransportu')
    .leaf('P_23', 2)
    .open('PMarzy')
    .leaf('P_PMarzyN', 1)
    .close('PMarzy')
    .close('Adnotacje')

  const correction = inv.kind === 'correction' && inv.corrects
  x.leaf('RodzajFaktury', correction ? 'KOR' : 'VAT')
  let row = 0
  const line = (l: PrintableInvoice['lines'][number], before: boolean) => {
    x.open('FaWiersz')
      .leaf('NrWierszaFa', ++row)
      .leaf('P_7', l.name)
      .leaf('P_8A', l.unit === 'm³' ? 'm3' : l.unit)
      .leaf('P_8B', l.quantity)
      .leaf('P_9A', decimal(l.unitNet))
      .leaf('P_11', decimal(l.net))
      .leaf('P_12', rateField(l.vatBasisPoints).p12)
    if (before) x.leaf('StanPrzed', 1)
    x.close('FaWiersz')
  }
  if (correction) {
    const c = inv.corrects!
    x.leaf('PrzyczynaKorekty', inv.correctionReason ?? 'Korekta')
    // An increase is reported with the original invoice; a decrease when the correction is issued.
    x.leaf('TypKorekty', inv.gross > 0 ? 1 : 2)
    x.open('DaneFaKorygowanej').leaf('DataWystFaKorygowanej', c.issueDate).leaf('NrFaKorygowanej', c.number)
    if (c.ksefNumber) x.leaf('NrKSeF', 1).leaf('NrKSeFFaKorygowanej', c.ksefNumber)
    else x.leaf('NrKSeFN', 1)
    x.close('DaneFaKorygowanej')
    for (const l of c.lines) line(l, true)
  }
  for (const l of inv.lines) line(l, false)
  if (!correction || inv.gross > 0) {
    x.open('Platnosc')
      .open('TerminPlatnosci')
      .leaf('Termin', inv.dueDate)
      .close('TerminPlatnosci')
      .leaf('FormaPlatnosci', 6)
      .open('RachunekBankowy')
      .leaf('NrRB', inv.paymentAccount)
      .leaf('NazwaBanku', inv.seller.bankName)
      .leaf('OpisRachunku', 'Indywidualny rachunek do wpłat klienta')
      .close('RachunekBankowy')
      .close('Platnosc')
  }
  x.close('Fa').close('Faktura')
  return x.toString()
}
