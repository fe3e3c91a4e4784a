// Settlements at the counter: recording a payment (cash and card get a KP receipt number from the
// station's series), reversing a mistaken one (a new row, nothing deleted), the account view, the
// printable statement of account and receipt, and what to do with unmatched bank transfers.
import { and, desc, eq } from 'drizzle-orm'
import type { ParsedInputOf } from '../../../shared/api/contract'
import { ApiError } from '../../../shared/api/errors'
import type { PdfDocument, SettlementView, UnmatchedTransferView } from '../../../shared/api/types'
import { customerDisplayName } from '../../../shared/domain/customer-format'
import { businessDate } from '../../../shared/domain/dates'
import { bankStatements, bankTransactions, customers, payments, staff } from '../../db/schema'
import { newId, type WriteContext } from '../../db/write'
import { loadFontFiles } from '../../documents/pdf-kit'
import { renderReceiptPdf, renderStatementPdf } from '../../documents/statement-pdf'
import { takeNext } from '../../platform/numbering'
import type { Services } from '../services'
import type { StaffSession } from '../staff/sessions'
import { importStatement } from './import'
import { accountFacts, settlementView, toPaymentViews } from './settlement'

/** "KP/K1/2026/000042": the counter's cash receipt (kasa przyjmie), per station and year. */
export const formatReceiptNo = (stationCode: string, year: number, n: number) => `KP/${stationCode}/${year}/${String(n).padStart(6, '0')}`

export function createPaymentService(s: Services) {
  const today = () => businessDate(s.now())
  const ctx = (session: StaffSession, operation: string): WriteContext => ({ staffId: session.staffId, stationCode: s.stationCode(), operation })

  function liveCustomer(id: string, field = 'customerId') {
    const c = s.db.orm.select().from(customers).where(eq(customers.id, id)).get()
    if (!c || c.deletedAt) throw new ApiError('NOT_FOUND', 'Klient: nie istnieje', field)
    if (c.mergedInto) throw new ApiError('CONFLICT', `Klient ${c.customerNo} został scalony z innym klientem — wpłatę zapisz na klienta zachowanego`, field)
    return c
  }

  function record(session: StaffSession, input: ParsedInputOf<'payments.record'>) {
    const customer = liveCustomer(input.customerId)
    const paidOn = input.paidOn ?? today()
    if (paidOn > today()) throw new ApiError('VALIDATION', 'Data wpłaty: nie może być z przyszłości', 'paidOn')
    const counter = input.method !== 'bank'
    const { id, receiptNo } = s.db.write(ctx(session, 'payments.record'), (tx) => {
      const station = s.stationCode()
      const year = Number(paidOn.slice(0, 4))
      const receiptNo = counter ? formatReceiptNo(station, year, takeNext(tx, 'receipt', station, String(year))) : null
      const row = tx.insert(payments, {
        id: newId(),
        customerId: customer.id,
        paidOn,
        amount: input.amount,
        method: input.method,
        reference: receiptNo ?? input.reference,
        title: counter ? input.reference : null,
        account: customer.bankAccount,
        note: input.note,
        createdBy: session.staffId,
        createdAt: tx.now,
      })
      return { id: row.id, receiptNo }
    })
    return { paymentId: id, receiptNo, settlement: settlementView(s.db.orm, customer.id, today()) }
  }

  function reverse(session: StaffSession, input: ParsedInputOf<'payments.reverse'>): SettlementView {
    const p = s.db.orm.select().from(payments).where(eq(payments.id, input.id)).get()
    if (!p) throw new ApiError('NOT_FOUND', 'Wpłata: nie istnieje', 'id')
    if (p.reversesId) throw new ApiError('CONFLICT', 'To jest storno — nie można go stornować', 'id')
    s.db.write(ctx(session, 'payments.reverse'), (tx) => {
      const already = tx.orm.select({ id: payments.id }).from(payments).where(eq(payments.reversesId, p.id)).get()
      if (already) throw new ApiError('CONFLICT', 'Ta wpłata została już stornowana', 'id')
      tx.insert(payments, {
        id: newId(),
        customerId: p.customerId,
        paidOn: today(),
        amount: -p.amount,
        method: p.method,
        reference: p.reference,
        reversesId: p.id,
        note: input.reason,
        createdBy: session.staffId,
        createdAt: tx.now,
      })
      // A bank transfer reversed goes back to the unmatched list to be assigned correctly.
      const t = tx.orm.select().from(bankTransactions).where(eq(bankTransactions.paymentId, p.id)).get()
      if (t) tx.update(bankTransactions, t.id, { status: 'unmatched', customerId: null, paymentId: null, note: `Wpłata stornowana: ${input.reason}` })
    })
    return settlementView(s.db.orm, p.customerId, today())
  }

  async function statementPdf(input: ParsedInputOf<'payments.statementPdf'>): Promise<PdfDocument> {
    const c = s.db.orm.select().from(customers).where(eq(customers.id, input.customerId)).get()
    if (!c || c.deletedAt) throw new ApiError('NOT_FOUND', 'Klient: nie istnieje', 'customerId')
    const view = settlementView(s.db.orm, c.id, today())
    const { bytes, pages } = await renderStatementPdf(loadFontFiles(s.resourcesDir), s.office(), view, {
      address: { street: c.corrStreet, houseNo: c.corrHouseNo, flatNo: c.corrFlatNo, postalCode: c.corrPostalCode, city: c.corrCity },
      from: input.from ?? null,
    })
    return { fileName: `Rozliczenia_${c.customerNo}_${view.today}.pdf`, pdfBase64: Buffer.from(bytes).toString('base64'), pages }
  }

  async function receiptPdf(id: string): Promise<PdfDocument> {
    const p = s.db.orm.select({ p: payments, clerk: staff.fullName }).from(payments).leftJoin(staff, eq(staff.id, payments.createdBy)).where(eq(payments.id, id)).get()
    if (!p) throw new ApiError('NOT_FOUND', 'Wpłata: nie istnieje', 'id')
    if (p.p.method === 'bank' || p.p.reversesId || !p.p.reference?.startsWith('KP/')) {
      throw new ApiError('CONFLICT', 'Potwierdzenie KP mają tylko wpłaty przyjęte w kasie tego programu', 'id')
    }
    const c = s.db.orm.select().from(customers).where(eq(customers.id, p.p.customerId)).get()!
    const facts = accountFacts(s.db.orm, c.id, today())
    const view = toPaymentViews(s.db.orm, facts).find((v) => v.id === id)!
    const { bytes, pages } = await renderReceiptPdf(loadFontFiles(s.resourcesDir), s.office(), {
      payment: view,
      customerNo: c.customerNo,
      customerName: customerDisplayName(c),
      clerk: p.clerk,
      balance: facts.settlement.balance,
    })
    return { fileName: `${(p.p.reference ?? 'KP').replace(/[^A-Za-z0-9]+/g, '_')}.pdf`, pdfBase64: Buffer.from(bytes).toString('base64'), pages }
  }

  function unmatched(limit: number): UnmatchedTransferView[] {
    return s.db.orm
      .select({ t: bankTransactions, fileName: bankStatements.fileName })
      .from(bankTransactions)
      .innerJoin(bankStatements, eq(bankStatements.id, bankTransactions.statementId))
      .where(eq(bankTransactions.status, 'unmatched'))
      .orderBy(desc(bankTransactions.bookedOn))
      .limit(limit)
      .all()
      .map(({ t, fileName }) => ({
        id: t.id,
        statementId: t.statementId,
        fileName,
        lineNo: t.lineNo,
        bookedOn: t.bookedOn,
        amount: t.amount,
        counterpartyName: t.counterpartyName,
        counterpartyAccount: t.counterpartyAccount,
        title: t.title,
        note: t.note,
      }))
  }

  function unmatchedTransfer(id: string) {
    const t = s.db.orm.select().from(bankTransactions).where(eq(bankTransactions.id, id)).get()
    if (!t) throw new ApiError('NOT_FOUND', 'Przelew: nie istnieje', 'transferId')
    if (t.status !== 'unmatched') throw new ApiError('CONFLICT', 'Ten przelew nie czeka na przypisanie', 'transferId')
    return t
  }

  function assignTransfer(session: StaffSession, input: ParsedInputOf<'payments.assignTransfer'>): SettlementView {
    const t = unmatchedTransfer(input.transferId)
    const customer = liveCustomer(input.customerId)
    s.db.write(ctx(session, 'payments.assignTransfer'), (tx) => {
      const current = tx.orm.select({ status: bankTransactions.status }).from(bankTransactions).where(and(eq(bankTransactions.id, t.id))).get()
      if (current?.status !== 'unmatched') throw new ApiError('CONFLICT', 'Ten przelew został już przypisany', 'transferId')
      const paymentId = newId()
      tx.insert(payments, {
        id: paymentId,
        customerId: customer.id,
        paidOn: t.bookedOn,
        amount: t.amount,
        method: 'bank',
        reference: t.bankRef,
        statementId: t.statementId,
        payerName: t.counterpartyName,
        title: t.title,
        account: t.matchedAccount,
        note: input.note ?? 'Przypisany ręcznie z listy niedopasowanych przelewów',
        createdBy: session.staffId,
        createdAt: tx.now,
      })
      tx.update(bankTransactions, t.id, { status: 'assigned', customerId: customer.id, paymentId, note: input.note })
    })
    return settlementView(s.db.orm, customer.id, today())
  }

  function ignoreTransfer(session: StaffSession, input: ParsedInputOf<'payments.ignoreTransfer'>): { ok: true } {
    const t = unmatchedTransfer(input.transferId)
    s.db.write(ctx(session, 'payments.ignoreTransfer'), (tx) => tx.update(bankTransactions, t.id, { status: 'ignored', note: input.reason }))
    return { ok: true }
  }

  return {
    settlement: (customerId: string) => settlementView(s.db.orm, customerId, today()),
    record,
    reverse,
    statementPdf,
    receiptPdf,
    importStatement: (session: StaffSession, input: ParsedInputOf<'payments.importStatement'>) => importStatement(s, ctx(session, 'payments.importStatement'), input),
    unmatched,
    assignTransfer,
    ignoreTransfer,
  }
}
