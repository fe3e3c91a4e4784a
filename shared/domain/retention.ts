// How long tax records must be kept, by the rule itself rather than by the invoice's year.
//
// Ordynacja podatkowa art. 70 § 1: a tax liability is time-barred 5 years from the END of the
// calendar year in which the tax PAYMENT DEADLINE passed; ustawa o VAT art. 112: invoices are kept
// until then. For water supply and sewage the VAT obligation arises when the invoice is issued
// (art. 19a ust. 5 pkt 4), so it falls into the month of issue, and that month's VAT is
// due by the 25th of the next month (art. 103 ust. 1) — carried to the next working day (Ordynacja
// art. 12 § 5). A December invoice's VAT is therefore due in January: kept a year longer than a
// November one. (A quarterly settler's Q4 is due in January too, so the year is the same.)
import { addMonths, carryToWorkingDay } from './deadlines'

/** The day the VAT on an invoice issued on `issueDate` must be paid: the 25th of the next month, or the next working day. */
export function vatPaymentDeadline(issueDate: string): string {
  return carryToWorkingDay(addMonths(`${issueDate.slice(0, 7)}-25`, 1))
}

/** The last day an invoice issued on `issueDate` (and the buyer's data on it) must be kept: the tax limitation period's end. */
export function invoiceRetentionEnd(issueDate: string): string {
  return `${Number(vatPaymentDeadline(issueDate).slice(0, 4)) + 5}-12-31`
}

/** The end of retention for a set of invoices (the latest of their ends), null for none. */
export function invoicesRetentionEnd(issueDates: readonly string[]): string | null {
  return issueDates.map(invoiceRetentionEnd).sort().at(-1) ?? null
}
