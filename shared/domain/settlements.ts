// Settlement of a customer's account (pure): which payments settle which invoices, what is still
// open or overdue, overpayments, and the balance over time. Allocation is derived from the facts
// (invoices, corrections, payments, reversals) every time rather than stored, so every desk
// computes the same answer after sync, and a payment booked late (a bank statement imported days
// after) settles the oldest due invoices as if it had been booked on its date.
// Money in integer grosze. Balance sign: payments − charges (positive = overpayment).

export interface Charge {
  id: string
  number: string
  kind: 'invoice' | 'correction'
  /** For a correction: the invoice (or earlier correction) it corrects. */
  correctsId: string | null
  issueDate: string
  dueDate: string
  /** Gross amount; for a correction the difference it makes (may be negative). */
  gross: number
}

export interface Credit {
  id: string
  paidOn: string
  /** Positive for a payment; a reversal carries the opposite amount and points at the payment. */
  amount: number
  reversesId: string | null
  /** Tie-break for payments of the same day. */
  createdAt?: string
}

export interface Allocation {
  paymentId: string
  invoiceId: string
  amount: number
}

export interface InvoiceSettlement {
  /** The original invoice; its corrections are folded into it. */
  id: string
  number: string
  issueDate: string
  dueDate: string
  /** Gross after all corrections. */
  gross: number
  paid: number
  open: number
  overdue: boolean
  /** Days past the due date while open (0 when not overdue). */
  daysOverdue: number
}

export interface Settlement {
  invoices: InvoiceSettlement[]
  allocations: Allocation[]
  /** Per payment id: the part not (yet) used for any invoice. */
  unallocated: Map<string, number>
  /** Payments − charges: positive = overpayment, negative = owed. */
  balance: number
  overdue: number
  /** Money paid that no invoice needs yet. */
  overpayment: number
  /** Sum still to pay on all invoices. */
  open: number
}

const DAY_MS = 86_400_000
const dayNo = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS

/** The original invoice a correction chain starts from. */
function rootOf(id: string, byId: Map<string, Charge>): string {
  let current = byId.get(id)
  const seen = new Set<string>()
  while (current?.correctsId && byId.has(current.correctsId) && !seen.has(current.id)) {
    seen.add(current.id)
    current = byId.get(current.correctsId)
  }
  return current?.id ?? id
}

/**
 * Settles charges with credits, oldest due invoice first. An invoice corrected below zero (more
 * credited than charged) becomes a credit itself; a reversed payment counts only for what is left.
 */
export function settle(charges: readonly Charge[], credits: readonly Credit[], today: string): Settlement {
  const byId = new Map(charges.map((c) => [c.id, c]))
  const roots = new Map<string, { charge: Charge; gross: number; lastChange: string }>()
  for (const c of charges) {
    const rootId = rootOf(c.id, byId)
    const root = byId.get(rootId) ?? c
    const entry = roots.get(rootId) ?? { charge: root, gross: 0, lastChange: root.issueDate }
    entry.gross += c.gross
    if (c.issueDate > entry.lastChange) entry.lastChange = c.issueDate
    roots.set(rootId, entry)
  }

  // Reversals reduce the payment they reverse; a reversal of an unknown payment stays a charge.
  const reversed = new Map<string, number>()
  const orphanReversals: Credit[] = []
  const paymentIds = new Set(credits.filter((c) => !c.reversesId).map((c) => c.id))
  for (const c of credits) {
    if (c.reversesId && paymentIds.has(c.reversesId)) reversed.set(c.reversesId, (reversed.get(c.reversesId) ?? 0) + c.amount)
    else if (c.reversesId) orphanReversals.push(c)
  }
  type Pool = { id: string; date: string; tie: string; amount: number; isPayment: boolean }
  const pool: Pool[] = credits
    .filter((c) => !c.reversesId)
    .map((c) => ({ id: c.id, date: c.paidOn, tie: c.createdAt ?? '', amount: c.amount + (reversed.get(c.id) ?? 0), isPayment: true }))
  for (const [id, r] of roots) if (r.gross < 0) pool.push({ id, date: r.lastChange, tie: '', amount: -r.gross, isPayment: false })
  pool.sort((a, b) => a.date.localeCompare(b.date) || a.tie.localeCompare(b.tie) || a.id.localeCompare(b.id))

  const debts = [...roots.values()]
    .filter((r) => r.gross > 0)
    .sort((a, b) => a.charge.dueDate.localeCompare(b.charge.dueDate) || a.charge.issueDate.localeCompare(b.charge.issueDate) || a.charge.number.localeCompare(b.charge.number))
  const paid = new Map<string, number>()
  const allocations: Allocation[] = []
  const unallocated = new Map<string, number>()
  let d = 0
  let owedOnCurrent = debts[0]?.gross ?? 0
  for (const credit of pool) {
    let left = credit.amount
    while (left > 0 && d < debts.length) {
      const take = Math.min(left, owedOnCurrent)
      const invoiceId = debts[d].charge.id
      paid.set(invoiceId, (paid.get(invoiceId) ?? 0) + take)
      if (credit.isPayment) allocations.push({ paymentId: credit.id, invoiceId, amount: take })
      left -= take
      owedOnCurrent -= take
      if (owedOnCurrent === 0) owedOnCurrent = debts[++d]?.gross ?? 0
    }
    if (credit.isPayment) unallocated.set(credit.id, left)
  }

  const todayNo = dayNo(today)
  const invoices: InvoiceSettlement[] = [...roots.values()]
    .sort((a, b) => a.charge.issueDate.localeCompare(b.charge.issueDate) || a.charge.number.localeCompare(b.charge.number))
    .map(({ charge, gross }) => {
      const p = paid.get(charge.id) ?? 0
      const open = Math.max(0, gross - p)
      const late = open > 0 && charge.dueDate < today
      return {
        id: charge.id,
        number: charge.number,
        issueDate: charge.issueDate,
        dueDate: charge.dueDate,
        gross,
        paid: p,
        open,
        overdue: late,
        daysOverdue: late ? todayNo - dayNo(charge.dueDate) : 0,
      }
    })

  const charged = charges.reduce((s, c) => s + c.gross, 0) - orphanReversals.reduce((s, c) => s + c.amount, 0)
  const credited = credits.filter((c) => !orphanReversals.includes(c)).reduce((s, c) => s + c.amount, 0)
  const open = invoices.reduce((s, i) => s + i.open, 0)
  return {
    invoices,
    allocations,
    unallocated,
    balance: credited - charged,
    overdue: invoices.reduce((s, i) => s + (i.overdue ? i.open : 0), 0),
    overpayment: [...pool].reduce((s, c) => s + c.amount, 0) - invoices.reduce((s, i) => s + i.paid, 0),
    open,
  }
}

export interface LedgerEntry {
  date: string
  kind: 'invoice' | 'correction' | 'payment' | 'reversal'
  id: string
  debit: number
  credit: number
  /** Balance after this entry (payments − charges). */
  balance: number
}

/**
 * The account's history in date order (charges before payments of the same day), with the
 * balance after each entry: what a statement of account prints.
 */
export function ledger(charges: readonly Charge[], credits: readonly Credit[]): LedgerEntry[] {
  type Row = Omit<LedgerEntry, 'balance'> & { order: number; tie: string }
  const rows: Row[] = [
    ...charges.map((c): Row => ({
      date: c.issueDate,
      kind: c.kind,
      id: c.id,
      debit: Math.max(0, c.gross),
      credit: Math.max(0, -c.gross),
      order: 0,
      tie: c.number,
    })),
    ...credits.map((c): Row => ({
      date: c.paidOn,
      kind: c.reversesId ? 'reversal' : 'payment',
      id: c.id,
      debit: Math.max(0, -c.amount),
      credit: Math.max(0, c.amount),
      order: 1,
      tie: c.createdAt ?? c.id,
    })),
  ]
  rows.sort((a, b) => a.date.localeCompare(b.date) || a.order - b.order || a.tie.localeCompare(b.tie) || a.id.localeCompare(b.id))
  let balance = 0
  return rows.map(({ order: _o, tie: _t, ...r }) => {
    balance += r.credit - r.debit
    return { ...r, balance }
  })
}
