// A customer's account read from the facts: invoices (with corrections) and payments (with
// reversals) of the customer and every record merged into it, settled by the pure rules in
// shared/domain/settlements.ts.
import { eq, sql } from 'drizzle-orm'
import { ApiError } from '../../../shared/api/errors'
import type { LedgerEntryView, PaymentView, SettlementView } from '../../../shared/api/types'
import { customerDisplayName } from '../../../shared/domain/customer-format'
import { formatDate } from '../../../shared/domain/dates'
import { ledger, settle, type Charge, type Credit, type Settlement } from '../../../shared/domain/settlements'
import { plainColumns, preparedOnce, preparedSql, readOnce, type ReadOrm } from '../../db/database'
import { customers, invoices, payments } from '../../db/schema'
import { customerFamily } from '../customers/family'
import type { AccountSums } from '../customers/queries'

type PaymentRow = typeof payments.$inferSelect
type InvoiceRow = Pick<typeof invoices.$inferSelect, (typeof INVOICE_FACTS)[number]>

export interface AccountFacts {
  family: readonly string[]
  invoices: InvoiceRow[]
  payments: PaymentRow[]
  charges: Charge[]
  credits: Credit[]
  settlement: Settlement
}

const INVOICE_FACTS = ['id', 'number', 'kind', 'correctsId', 'issueDate', 'dueDate', 'grossTotal', 'periodFrom', 'periodTo'] as const
const INVOICE_FACT_COLUMNS = plainColumns(invoices, INVOICE_FACTS)
const PAYMENT_COLUMNS = plainColumns(payments)

export function accountFacts(orm: ReadOrm, customerId: string, today: string): AccountFacts {
  // Read once per customer card (its invoice list and settlement both settle the account), with
  // queries prepared once per family size: the card and the invoice list open all day long.
  return readOnce(`settlements.accountFacts|${customerId}|${today}`, () => {
    const family = customerFamily(orm, customerId)
    // Raw reads in drizzle's row shape: drizzle's mapping of a customer's ~80 invoices and payments
    // cost more than reading them.
    const list = family.map(() => '?').join(', ')
    const invoiceRows = preparedSql<string[], InvoiceRow>(orm, `SELECT ${INVOICE_FACT_COLUMNS} FROM invoices WHERE customer_id IN (${list})`).all(...family)
    const paymentRows = preparedSql<string[], PaymentRow>(orm, `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE customer_id IN (${list}) ORDER BY paid_on DESC`).all(...family)
    const charges: Charge[] = invoiceRows.map((i) => ({ id: i.id, number: i.number, kind: i.kind, correctsId: i.correctsId, issueDate: i.issueDate, dueDate: i.dueDate, gross: i.grossTotal }))
    const credits: Credit[] = paymentRows.map((p) => ({ id: p.id, paidOn: p.paidOn, amount: p.amount, reversesId: p.reversesId, createdAt: p.createdAt }))
    return { family, invoices: invoiceRows, payments: paymentRows, charges, credits, settlement: settle(charges, credits, today) }
  })
}

/** The sums of the card's balance (AccountSums) from the account's rows, as customers/queries.ts sums them in SQL. */
export function accountSumsOf(facts: AccountFacts, today: string): AccountSums {
  let invoiced = 0
  let dueInvoiced = 0
  for (const i of facts.invoices) {
    invoiced += i.grossTotal
    if (i.dueDate < today) dueInvoiced += i.grossTotal
  }
  return { invoiced, dueInvoiced, paid: facts.payments.reduce((sum, p) => sum + p.amount, 0) }
}

const METHOD_LABEL: Record<PaymentRow['method'], string> = { bank: 'Przelew', cash: 'Wpłata gotówką w kasie', card: 'Wpłata kartą w kasie' }

/** One line for the history; the document column already shows the receipt or bank reference. */
export function paymentDescription(p: PaymentRow): string {
  if (p.reversesId) return `Storno wpłaty${p.note ? ` — ${p.note}` : ''}`
  return p.title ? `${METHOD_LABEL[p.method]}: ${p.title}` : METHOD_LABEL[p.method]
}

export function toPaymentViews(orm: ReadOrm, facts: AccountFacts): PaymentView[] {
  const staffIds = [...new Set(facts.payments.map((p) => p.createdBy).filter((v): v is string => !!v))]
  const names = new Map(staffIds.length ? preparedSql<[], [string, string]>(orm, 'SELECT id, full_name FROM staff').raw().all() : [])
  const numbers = new Map(facts.invoices.map((i) => [i.id, i.number]))
  const reversedBy = new Map(facts.payments.filter((p) => p.reversesId).map((p) => [p.reversesId!, p.id]))
  // Each payment's allocations in the settlement's order, grouped once (not filtered per payment).
  const allocationsOf = new Map<string, PaymentView['allocations']>()
  for (const a of facts.settlement.allocations) {
    const list = allocationsOf.get(a.paymentId) ?? []
    list.push({ invoiceId: a.invoiceId, invoiceNumber: numbers.get(a.invoiceId) ?? '?', amount: a.amount })
    allocationsOf.set(a.paymentId, list)
  }
  return facts.payments.map((p) => ({
    id: p.id,
    customerId: p.customerId,
    paidOn: p.paidOn,
    amount: p.amount,
    method: p.method,
    reference: p.reference,
    payerName: p.payerName,
    title: p.title,
    reversesId: p.reversesId,
    reversedById: reversedBy.get(p.id) ?? null,
    statementId: p.statementId,
    note: p.note,
    createdByName: p.createdBy ? (names.get(p.createdBy) ?? null) : null,
    createdAt: p.createdAt,
    allocations: allocationsOf.get(p.id) ?? [],
    unallocated: facts.settlement.unallocated.get(p.id) ?? 0,
  }))
}

export function settlementView(orm: ReadOrm, customerId: string, today: string): SettlementView {
  const customer = preparedOnce(orm, 'settlements.customer', () => orm.select().from(customers).where(eq(customers.id, sql.placeholder('id'))).prepare()).get({ id: customerId })
  if (!customer || customer.deletedAt) throw new ApiError('NOT_FOUND', 'Klient: nie istnieje', 'customerId')
  const facts = accountFacts(orm, customerId, today)
  const s = facts.settlement
  const invoiceById = new Map(facts.invoices.map((i) => [i.id, i]))
  const paymentById = new Map(facts.payments.map((p) => [p.id, p]))
  const entries: LedgerEntryView[] = ledger(facts.charges, facts.credits).map((e) => {
    const inv = invoiceById.get(e.id)
    const pay = paymentById.get(e.id)
    const document = inv ? inv.number : (pay?.reference ?? (pay?.method === 'bank' ? 'przelew' : 'KP'))
    const description = inv
      ? inv.kind === 'correction'
        ? `Faktura korygująca`
        : `Faktura za okres ${formatDate(inv.periodFrom)}–${formatDate(inv.periodTo)}, termin ${formatDate(inv.dueDate)}`
      : paymentDescription(pay!)
    return { date: e.date, kind: e.kind, documentId: e.id, document, description, debit: e.debit, credit: e.credit, balance: e.balance }
  })
  return {
    customerId,
    customerNo: customer.customerNo,
    customerName: customerDisplayName(customer),
    bankAccount: customer.bankAccount,
    today,
    balance: s.balance,
    overdue: s.overdue,
    overpayment: s.overpayment,
    openInvoices: s.invoices
      .filter((i) => i.open > 0)
      .map((i) => ({ id: i.id, number: i.number, issueDate: i.issueDate, dueDate: i.dueDate, gross: i.gross, open: i.open, overdue: i.overdue, daysOverdue: i.daysOverdue })),
    payments: toPaymentViews(orm, facts),
    ledger: entries,
  }
}
