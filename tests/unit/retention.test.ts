// Retention of invoices by Ordynacja podatkowa art. 70 § 1 (issue 15, defect 6): 5 years from the
// end of the year in which the VAT payment deadline passed — a December invoice's VAT is due in
// January, so it is kept a year longer than a November one. Expected dates worked out by hand.
import { describe, expect, it } from 'vitest'
import { invoiceRetentionEnd, invoicesRetentionEnd, vatPaymentDeadline } from '../../shared/domain/retention'

describe('VAT payment deadline of an invoice (25th of the next month, on a working day)', () => {
  it.each([
    ['2026-12-06', '2027-01-25'], // Monday
    ['2026-12-31', '2027-01-25'],
    ['2026-11-30', '2026-12-28'], // 25.12 Christmas, 26.12 holiday, 27.12 Sunday
    ['2026-01-01', '2026-02-25'],
    ['2026-09-15', '2026-10-26'], // 25.10.2026 is a Sunday
    ['2027-04-10', '2027-05-25'],
  ])('invoice of %s: VAT due %s', (issued, due) => expect(vatPaymentDeadline(issued)).toBe(due))
})

describe('how long an invoice is kept', () => {
  it.each([
    ['2026-12-06', '2032-12-31'], // the case: not anonymisable on 01.06.2032
    ['2026-12-01', '2032-12-31'],
    ['2026-12-31', '2032-12-31'],
    ['2026-11-30', '2031-12-31'],
    ['2026-01-01', '2031-12-31'],
    ['2025-12-31', '2031-12-31'],
    ['2027-01-01', '2032-12-31'],
    ['2027-11-30', '2032-12-31'],
    ['2027-12-01', '2033-12-31'],
  ])('invoice of %s: kept until %s', (issued, until) => expect(invoiceRetentionEnd(issued)).toBe(until))

  it('for many invoices, until the latest of their ends', () => {
    expect(invoicesRetentionEnd(['2026-05-04', '2026-12-06', '2026-11-30'])).toBe('2032-12-31')
    expect(invoicesRetentionEnd(['2026-11-30'])).toBe('2031-12-31')
    expect(invoicesRetentionEnd([])).toBeNull()
  })
})
