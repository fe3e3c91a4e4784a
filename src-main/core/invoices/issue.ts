// Writing one issued invoice inside a write transaction: the invoice with its snapshot, lines,
// the readings it was billed on, and (for a buyer with a NIP) the FA(3) XML kept with it. Used by
// the billing run and by corrections, so every invoice row is made the same way.
import { ApiError } from '../../../shared/api/errors'
import type { InvoiceView } from '../../../shared/api/types'
import { computeInvoice, type InvoiceLineInput, type invoiceSnapshot } from '../../../shared/domain/billing'
import { invoiceLines, invoiceReadings, invoices } from '../../db/schema'
import { newId, type BulkAudit, type WriteTx } from '../../db/write'
import type { PrintableInvoice } from '../../documents/invoice-pdf'
import { buildFa3Xml, Fa3ValueError } from '../../documents/ksef-fa3'

/** A meter reading an invoice is billed on (from → to, planned by billing/plan.ts). */
export interface PlannedReading {
  meterId: string
  meterSerial: string
  meterKind: 'main' | 'additional'
  fromDate: string
  fromValue: number
  fromKind: string
  toReadingId: string
  toDate: string
  toValue: number
  toKind: string
  consumptionM3: number
}

/** One line of an invoice, with the tariff price it was priced at. */
export interface PlannedLine extends InvoiceLineInput {
  tariffPriceId: string | null
}

export interface NewInvoice {
  kind: 'invoice' | 'correction'
  series: string
  stationCode: string
  number: string
  customerId: string
  contractId: string
  contractNo: string
  issueDate: string
  periodFrom: string
  periodTo: string
  dueDate: string
  snapshot: ReturnType<typeof invoiceSnapshot>
  /** For a correction: the lines after it. */
  lines: PlannedLine[]
  /** What the invoice amounts to: its totals, or for a correction the difference. */
  amounts: { net: number; vat: number; gross: number; byRate: InvoiceView['byRate'] }
  readings: PlannedReading[]
  correctsId?: string | null
  correctionReason?: string | null
  corrects?: InvoiceView['corrects']
  billingRunId?: string | null
  createdBy: string | null
}

export function printableOf(inv: NewInvoice): PrintableInvoice {
  const lines = computeInvoice(inv.lines).lines.map((l) => ({
    position: l.position,
    name: l.name,
    unit: l.unit,
    quantity: l.quantity,
    unitNet: l.unitNet,
    net: l.net,
    vatBasisPoints: l.vatBasisPoints,
  }))
  return {
    number: inv.number,
    kind: inv.kind,
    issueDate: inv.issueDate,
    placeOfIssue: inv.snapshot.placeOfIssue,
    periodFrom: inv.periodFrom,
    periodTo: inv.periodTo,
    dueDate: inv.dueDate,
    seller: inv.snapshot.seller,
    buyer: inv.snapshot.buyer,
    supplyPoint: inv.snapshot.supplyPoint,
    paymentAccount: inv.snapshot.paymentAccount,
    tariffGroupName: inv.snapshot.tariffGroupName,
    contractNo: inv.contractNo,
    lines,
    byRate: inv.amounts.byRate,
    net: inv.amounts.net,
    vat: inv.amounts.vat,
    gross: inv.amounts.gross,
    readings: inv.readings.map((r) => ({ ...r, estimated: r.toKind === 'estimated' })),
    corrects: inv.corrects ?? null,
    correctionReason: inv.correctionReason ?? null,
    ksefNumber: null,
  }
}

/** Why the FA(3) file of this invoice (buyer with a NIP) cannot be made, or null. */
export function fa3Problem(inv: NewInvoice): string | null {
  try {
    buildFa3Xml(printableOf(inv), { createdAt: '2026-01-01T00:00:00.000Z' })
    return null
  } catch (err) {
    if (err instanceof Fa3ValueError) return err.message
    throw err
  }
}

/** The FA(3) file; a value the schema refuses stops the issue (nothing is written) with a Polish message. */
function fa3Of(inv: NewInvoice, now: string): string | null {
  if (!inv.snapshot.buyer.nip) return null
  try {
    return buildFa3Xml(printableOf(inv), { createdAt: now })
  } catch (err) {
    if (err instanceof Fa3ValueError) throw new ApiError('VALIDATION', err.message)
    throw err
  }
}

/** The rows of one invoice: the invoice with its snapshot (and FA(3) XML), its lines, its readings. */
function invoiceRows(inv: NewInvoice, now: string) {
  const id = newId()
  const ksefXml = fa3Of(inv, now)
  const invoice: typeof invoices.$inferInsert = {
    id,
    number: inv.number,
    kind: inv.kind,
    correctsId: inv.correctsId ?? null,
    customerId: inv.customerId,
    contractId: inv.contractId,
    issueDate: inv.issueDate,
    periodFrom: inv.periodFrom,
    periodTo: inv.periodTo,
    dueDate: inv.dueDate,
    netTotal: inv.amounts.net,
    vatTotal: inv.amounts.vat,
    grossTotal: inv.amounts.gross,
    series: inv.series,
    stationCode: inv.stationCode,
    ...inv.snapshot,
    correctionReason: inv.correctionReason ?? null,
    billingRunId: inv.billingRunId ?? null,
    ksefXml,
    createdBy: inv.createdBy,
    createdAt: now,
  }
  const lines: (typeof invoiceLines.$inferInsert)[] = computeInvoice(inv.lines).lines.map((l, i) => ({
    id: newId(),
    invoiceId: id,
    position: l.position,
    name: l.name,
    unit: l.unit,
    quantity: l.quantity,
    unitNet: l.unitNet,
    net: l.net,
    vatBasisPoints: l.vatBasisPoints,
    tariffPriceId: inv.lines[i].tariffPriceId,
  }))
  const readings: (typeof invoiceReadings.$inferInsert)[] = inv.readings.map((r) => ({ id: newId(), invoiceId: id, ...r }))
  return { id, invoice, lines, readings }
}

/** Inserts the invoice and everything that belongs to it; returns its id. */
export function writeInvoice(tx: WriteTx, inv: NewInvoice): string {
  const rows = invoiceRows(inv, tx.now)
  tx.insert(invoices, rows.invoice)
  for (const line of rows.lines) tx.insert(invoiceLines, line)
  for (const r of rows.readings) tx.insert(invoiceReadings, r)
  return rows.id
}

/**
 * Inserts many invoices at once (a billing run's chunk): the same rows and change log as
 * writeInvoice() one by one, through the write path's prepared multi-row statements — an ORM
 * round trip (and statement preparation) per row was most of a run's issuing time. With
 * `audit: 'summarised'` the caller audits the set once (the billing run: one entry per run).
 */
export function writeInvoices(tx: WriteTx, list: readonly NewInvoice[], audit: BulkAudit = 'per-row'): string[] {
  const all = list.map((inv) => invoiceRows(inv, tx.now))
  tx.insertMany(invoices, all.map((r) => r.invoice), audit)
  tx.insertMany(invoiceLines, all.flatMap((r) => r.lines), audit)
  tx.insertMany(invoiceReadings, all.flatMap((r) => r.readings), audit)
  return all.map((r) => r.id)
}
