// Invoice arithmetic (VAT act art. 106e, DOMAIN.md): integer grosze throughout. Line net =
// quantity × unit net price; VAT is computed per rate on the SUM of that rate's nets and rounded
// once — never as a sum of rounded line taxes; every total is the sum of its parts.

import type { Address, CustomerKind } from './customers'
import type { OfficeSettings } from './office'
import { normalizeNip } from '../validation/identifiers'
import { customerDisplayName } from './customer-format'

export interface InvoiceLineInput {
  name: string
  unit: string
  /** Whole units (m³, periods); negative on correction lines. */
  quantity: number
  /** Net unit price in grosze. */
  unitNet: number
  /** VAT rate in basis points: 800 = 8%. */
  vatBasisPoints: number
}

export interface InvoiceLine extends InvoiceLineInput {
  /** 1-based position on the invoice. */
  position: number
  net: number
}

export interface VatRateTotal {
  vatBasisPoints: number
  net: number
  vat: number
  gross: number
}

export interface InvoiceTotals {
  lines: InvoiceLine[]
  /** One entry per rate, highest rate first (the order rates are printed in). */
  byRate: VatRateTotal[]
  net: number
  vat: number
  gross: number
}

const assertInteger = (value: number, what: string): void => {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a whole number, got ${value}`)
}

export function lineNet(quantity: number, unitNet: number): number {
  assertInteger(quantity, 'quantity')
  assertInteger(unitNet, 'unitNet')
  return quantity * unitNet
}

/**
 * VAT on a net amount at a rate in basis points, rounded half away from zero to a whole grosz.
 * Integer arithmetic only, so x.5 grosza never drifts through floating point.
 */
export function vatOf(net: number, vatBasisPoints: number): number {
  assertInteger(net, 'net')
  assertInteger(vatBasisPoints, 'vatBasisPoints')
  // |net| = 10 000·q + r, so the tax is q·rate + r·rate/10 000: no product beyond 2^53.
  const abs = Math.abs(net)
  const q = Math.floor(abs / 10_000)
  const scaledRest = (abs - q * 10_000) * vatBasisPoints
  const restWhole = Math.floor(scaledRest / 10_000)
  const rounded = q * vatBasisPoints + restWhole + (scaledRest - restWhole * 10_000 >= 5_000 ? 1 : 0)
  assertInteger(rounded, 'VAT')
  return net < 0 ? -rounded : rounded
}

export function computeInvoice(inputs: readonly InvoiceLineInput[]): InvoiceTotals {
  const lines = inputs.map((l, i): InvoiceLine => ({ ...l, position: i + 1, net: lineNet(l.quantity, l.unitNet) }))
  const netByRate = new Map<number, number>()
  for (const l of lines) netByRate.set(l.vatBasisPoints, (netByRate.get(l.vatBasisPoints) ?? 0) + l.net)
  const byRate = [...netByRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([vatBasisPoints, net]): VatRateTotal => {
      const vat = vatOf(net, vatBasisPoints)
      return { vatBasisPoints, net, vat, gross: net + vat }
    })
  const net = byRate.reduce((s, r) => s + r.net, 0)
  const vat = byRate.reduce((s, r) => s + r.vat, 0)
  return { lines, byRate, net, vat, gross: net + vat }
}

// ---------------------------------------------------------------------------------------------
// Issuing: payment term, numbers, tariff segments, corrections.

/** Days from issue to the payment due date. */
export const PAYMENT_TERM_DAYS = 14

/** Series of correction invoices (art. 106j); ordinary invoices use the office's series, e.g. "FW". */
export const CORRECTION_SERIES = 'KOR'

/** "FW/K1/2026/000123": series, issuing station, year, gap-free sequence within the three. */
export function formatInvoiceNumber(series: string, stationCode: string, year: number, sequence: number): string {
  return `${series}/${stationCode}/${year}/${String(sequence).padStart(6, '0')}`
}

/** Made once: building an Intl.NumberFormat costs ~0.1 ms, several times per invoice PDF. */
const vatRateFormat = new Intl.NumberFormat('pl-PL', { maximumFractionDigits: 2 })

/** 800 → "8%", 550 → "5,5%". */
export function formatVatRate(vatBasisPoints: number): string {
  return `${vatRateFormat.format(vatBasisPoints / 100)}%`
}

/**
 * Splits a whole quantity in proportion to weights (e.g. m³ over the days each price was valid)
 * by the largest remainder: whole parts that always add up to the quantity; ties go to the
 * earlier part.
 */
export function splitQuantity(quantity: number, weights: readonly number[]): number[] {
  assertInteger(quantity, 'quantity')
  const total = weights.reduce((s, w) => s + w, 0)
  if (weights.length === 0 || total <= 0) throw new RangeError('weights must have a positive sum')
  const size = Math.abs(quantity)
  const exact = weights.map((w) => (size * w) / total)
  const whole = exact.map(Math.floor)
  let left = size - whole.reduce((s, v) => s + v, 0)
  const order = exact.map((v, i) => ({ i, r: v - whole[i] })).sort((a, b) => b.r - a.r || a.i - b.i)
  for (const { i } of order) {
    if (left === 0) break
    whole[i]++
    left--
  }
  return quantity < 0 ? whole.map((v) => -v) : whole
}

export interface RateDifference {
  vatBasisPoints: number
  before: VatRateTotal
  after: VatRateTotal
  net: number
  vat: number
  gross: number
}

export interface CorrectionTotals {
  before: InvoiceTotals
  after: InvoiceTotals
  /** Per rate: after − before, VAT of each state rounded once per rate (art. 106j ust. 2 pkt 5). */
  byRate: RateDifference[]
  net: number
  vat: number
  gross: number
}

/** A correction's amounts: the state after minus the state before, per rate. */
export function computeCorrection(before: readonly InvoiceLineInput[], after: readonly InvoiceLineInput[]): CorrectionTotals {
  const b = computeInvoice(before)
  const a = computeInvoice(after)
  const zero = (vatBasisPoints: number): VatRateTotal => ({ vatBasisPoints, net: 0, vat: 0, gross: 0 })
  const rates = [...new Set([...b.byRate, ...a.byRate].map((r) => r.vatBasisPoints))].sort((x, y) => y - x)
  const byRate = rates.map((rate): RateDifference => {
    const rb = b.byRate.find((r) => r.vatBasisPoints === rate) ?? zero(rate)
    const ra = a.byRate.find((r) => r.vatBasisPoints === rate) ?? zero(rate)
    return { vatBasisPoints: rate, before: rb, after: ra, net: ra.net - rb.net, vat: ra.vat - rb.vat, gross: ra.gross - rb.gross }
  })
  const net = byRate.reduce((s, r) => s + r.net, 0)
  const vat = byRate.reduce((s, r) => s + r.vat, 0)
  return { before: b, after: a, byRate, net, vat, gross: net + vat }
}

export interface SnapshotCustomer {
  customerNo: string
  kind: CustomerKind
  firstName: string | null
  lastName: string | null
  companyName: string | null
  nip: string | null
  address: Address
  /** The customer's individual account: what the invoice asks to be paid to. */
  bankAccount: string
}

/**
 * What an invoice copies at issue so that it never changes afterwards (art. 106e: names,
 * addresses, NIPs; plus where the service was supplied and the account to pay to). Every place
 * that writes invoice rows (billing run, corrections, demo data) builds them with this.
 */
export function invoiceSnapshot(office: OfficeSettings, customer: SnapshotCustomer, supplyPoint: Address, tariffGroupName: string) {
  // NIPs in their canonical form also when stored before the API refused a doubled "PL" (issue 15).
  const seller: InvoiceSeller = { name: office.name, nip: normalizeNip(office.nip), address: { ...office.address }, bankName: office.bankName }
  const buyer: InvoiceBuyer = {
    customerNo: customer.customerNo,
    kind: customer.kind,
    name: customerDisplayName(customer),
    nip: customer.nip === null ? null : normalizeNip(customer.nip),
    address: { ...customer.address },
  }
  return { placeOfIssue: office.address.city, seller, buyer, supplyPoint: { ...supplyPoint }, paymentAccount: customer.bankAccount, tariffGroupName }
}

/** The seller as printed on an issued invoice (a snapshot: later office edits do not change it). */
export interface InvoiceSeller {
  name: string
  nip: string
  address: Address
  bankName: string
}

/** The buyer as printed on an issued invoice (a snapshot of the customer at issue). */
export interface InvoiceBuyer {
  customerNo: string
  kind: CustomerKind
  name: string
  nip: string | null
  address: Address
}

export interface BillingSkip {
  contractId: string
  contractNo: string
  customerNo: string
  customerName: string
  reason: string
}

export interface BillingWarning {
  contractNo: string
  customerName: string
  message: string
}

/** What a billing run keeps about itself besides its totals. */
export interface BillingRunReportData {
  skipped: BillingSkip[]
  warnings: BillingWarning[]
  alreadyInvoiced: number
  notDue: number
  emailed: number
  paper: number
  /** B2B invoices (with FA(3)) that wait for their KSeF number before they are delivered. */
  awaitingKsef?: number
  ksef: number
  estimatedReadings: number
  timings: { planMs: number; issueMs: number; deliveryMs: number; pdfCount: number; pdfMs: number }
}
