// Settling a customer's account: payments go to the oldest due invoices first, corrections fold
// into the invoice they correct, overpayments wait for the next invoice, reversals undo a payment.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ledger, settle, type Charge, type Credit } from '../../shared/domain/settlements'

const inv = (id: string, issueDate: string, dueDate: string, gross: number): Charge => ({ id, number: `FW/K1/2026/${id}`, kind: 'invoice', correctsId: null, issueDate, dueDate, gross })
const kor = (id: string, correctsId: string, issueDate: string, gross: number): Charge => ({ id, number: `KOR/K1/2026/${id}`, kind: 'correction', correctsId, issueDate, dueDate: issueDate, gross })
const pay = (id: string, paidOn: string, amount: number, reversesId: string | null = null): Credit => ({ id, paidOn, amount, reversesId, createdAt: `${paidOn}T10:00:00Z` })

describe('settle', () => {
  it('pays the oldest due invoice first, then the next', () => {
    const s = settle([inv('2', '2026-03-05', '2026-03-19', 6000), inv('1', '2026-01-05', '2026-01-19', 5000)], [pay('p', '2026-03-20', 7000)], '2026-03-25')
    expect(s.allocations).toEqual([
      { paymentId: 'p', invoiceId: '1', amount: 5000 },
      { paymentId: 'p', invoiceId: '2', amount: 2000 },
    ])
    expect(s.invoices.map((i) => [i.id, i.paid, i.open, i.overdue, i.daysOverdue])).toEqual([
      ['1', 5000, 0, false, 0],
      ['2', 2000, 4000, true, 6],
    ])
    expect(s).toMatchObject({ balance: -4000, overdue: 4000, overpayment: 0, open: 4000 })
  })

  it('keeps an overpayment and uses it for the next invoice, whenever it is issued', () => {
    const s1 = settle([inv('1', '2026-01-05', '2026-01-19', 5000)], [pay('p', '2026-01-10', 8000)], '2026-01-20')
    expect(s1).toMatchObject({ balance: 3000, overpayment: 3000, open: 0 })
    expect(s1.unallocated.get('p')).toBe(3000)
    const s2 = settle([inv('1', '2026-01-05', '2026-01-19', 5000), inv('2', '2026-03-05', '2026-03-19', 6000)], [pay('p', '2026-01-10', 8000)], '2026-03-25')
    expect(s2.allocations.filter((a) => a.invoiceId === '2')).toEqual([{ paymentId: 'p', invoiceId: '2', amount: 3000 }])
    expect(s2).toMatchObject({ balance: -3000, overpayment: 0, open: 3000, overdue: 3000 })
  })

  it('folds a correction into the invoice it corrects; a credit note frees money for other invoices', () => {
    const charges = [inv('1', '2026-01-05', '2026-01-19', 5000), kor('k', '1', '2026-02-01', -2000), inv('2', '2026-03-05', '2026-03-19', 6000)]
    const s = settle(charges, [pay('p', '2026-01-15', 5000)], '2026-03-10')
    expect(s.invoices.map((i) => [i.id, i.gross, i.paid, i.open])).toEqual([
      ['1', 3000, 3000, 0],
      ['2', 6000, 2000, 4000],
    ])
    expect(s.balance).toBe(-4000)
    // Corrected below zero, the invoice becomes a credit itself.
    const below = settle([inv('1', '2026-01-05', '2026-01-19', 5000), kor('k', '1', '2026-02-01', -7000), inv('2', '2026-03-05', '2026-03-19', 6000)], [], '2026-03-10')
    expect(below.invoices.find((i) => i.id === '2')).toMatchObject({ paid: 2000, open: 4000 })
    expect(below.balance).toBe(-4000)
  })

  it('follows a chain of corrections to the original invoice', () => {
    const s = settle([inv('1', '2026-01-05', '2026-01-19', 5000), kor('k1', '1', '2026-02-01', 1000), kor('k2', 'k1', '2026-02-10', -500)], [], '2026-01-10')
    expect(s.invoices).toHaveLength(1)
    expect(s.invoices[0]).toMatchObject({ id: '1', gross: 5500, open: 5500 })
  })

  it('a reversed payment counts only for what is left of it', () => {
    const s = settle([inv('1', '2026-01-05', '2026-01-19', 5000)], [pay('p', '2026-01-10', 5000), pay('r', '2026-01-12', -5000, 'p'), pay('q', '2026-01-13', 500)], '2026-01-20')
    expect(s.allocations).toEqual([{ paymentId: 'q', invoiceId: '1', amount: 500 }])
    expect(s.unallocated.get('p')).toBe(0)
    expect(s).toMatchObject({ balance: -4500, overdue: 4500 })
  })

  it('invoices not yet due are open but not overdue', () => {
    const s = settle([inv('1', '2026-05-02', '2026-05-16', 5000)], [], '2026-05-16')
    expect(s).toMatchObject({ overdue: 0, open: 5000, balance: -5000 })
    expect(settle([inv('1', '2026-05-02', '2026-05-16', 5000)], [], '2026-05-17').overdue).toBe(5000)
  })

  it('balances always add up (property)', () => {
    const arb = fc
      .record({
        invoices: fc.array(fc.record({ day: fc.integer({ min: 1, max: 300 }), gross: fc.integer({ min: 1, max: 500_000 }) }), { maxLength: 8 }),
        corrections: fc.array(fc.record({ of: fc.nat(), day: fc.integer({ min: 1, max: 330 }), gross: fc.integer({ min: -600_000, max: 100_000 }) }), { maxLength: 3 }),
        payments: fc.array(fc.record({ day: fc.integer({ min: 1, max: 330 }), amount: fc.integer({ min: 1, max: 800_000 }), reversed: fc.boolean() }), { maxLength: 8 }),
      })
      .map(({ invoices, corrections, payments }) => {
        const date = (d: number) => new Date(Date.UTC(2026, 0, d)).toISOString().slice(0, 10)
        const charges: Charge[] = invoices.map((i, k) => inv(`i${k}`, date(i.day), date(i.day + 14), i.gross))
        if (charges.length) corrections.forEach((c, k) => charges.push(kor(`c${k}`, `i${c.of % invoices.length}`, date(c.day), c.gross)))
        const credits: Credit[] = payments.flatMap((p, k) => [pay(`p${k}`, date(p.day), p.amount), ...(p.reversed ? [pay(`r${k}`, date(p.day + 1), -p.amount, `p${k}`)] : [])])
        return { charges, credits }
      })
    fc.assert(
      fc.property(arb, ({ charges, credits }) => {
        const s = settle(charges, credits, '2026-06-30')
        const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
        expect(s.balance).toBe(sum(credits.map((c) => c.amount)) - sum(charges.map((c) => c.gross)))
        expect(s.balance).toBe(s.overpayment - s.open)
        expect(s.overpayment).toBeGreaterThanOrEqual(0)
        for (const i of s.invoices) {
          // Paid by payments, plus by credit notes of other invoices.
          expect(sum(s.allocations.filter((a) => a.invoiceId === i.id).map((a) => a.amount))).toBeLessThanOrEqual(i.paid)
          expect(i.open).toBe(Math.max(0, i.gross - i.paid))
          expect(i.paid).toBeLessThanOrEqual(Math.max(0, i.gross))
        }
        // Each payment is used at most once over: allocated + left = what remains after reversals.
        for (const c of credits.filter((x) => !x.reversesId)) {
          const reversed = sum(credits.filter((x) => x.reversesId === c.id).map((x) => x.amount))
          expect(sum(s.allocations.filter((a) => a.paymentId === c.id).map((a) => a.amount)) + (s.unallocated.get(c.id) ?? 0)).toBe(Math.max(0, c.amount + reversed))
        }
        // Oldest first: an invoice is paid only when every earlier-due invoice is paid in full.
        const byDue = [...s.invoices].filter((i) => i.gross > 0).sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.issueDate.localeCompare(b.issueDate) || a.number.localeCompare(b.number))
        byDue.forEach((i, k) => {
          if (i.paid > 0) for (const earlier of byDue.slice(0, k)) expect(earlier.open).toBe(0)
        })
        const l = ledger(charges, credits)
        expect(l.at(-1)?.balance ?? 0).toBe(s.balance)
      }),
      { numRuns: 400 },
    )
  })
})

describe('ledger', () => {
  it('lists charges and payments by date with the balance after each', () => {
    const l = ledger([inv('1', '2026-01-05', '2026-01-19', 5000), kor('k', '1', '2026-02-01', -1000)], [pay('p', '2026-01-05', 3000), pay('r', '2026-01-06', -3000, 'p')])
    expect(l.map((e) => [e.date, e.kind, e.debit, e.credit, e.balance])).toEqual([
      ['2026-01-05', 'invoice', 5000, 0, -5000],
      ['2026-01-05', 'payment', 0, 3000, -2000],
      ['2026-01-06', 'reversal', 3000, 0, -5000],
      ['2026-02-01', 'correction', 0, 1000, -4000],
    ])
  })
})
