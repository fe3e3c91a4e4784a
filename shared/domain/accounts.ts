// Individual payment accounts (NRB): one per customer, so that a bank transfer identifies its payer.
import { makeNrb } from '../validation/identifiers'

/**
 * The 12 customer digits of the account body. Numeric customer numbers (migrated or demo data)
 * are zero-padded; numbers issued by a station ("K1-000042") become the station's index
 * (base-36 value + 1, so never 0000) and the 8-digit sequence — unique across stations.
 */
export function customerAccountDigits(customerNo: string): string {
  if (/^\d{1,12}$/.test(customerNo)) return customerNo.padStart(12, '0')
  const m = /^([A-Z0-9]{2})-(\d{1,8})$/.exec(customerNo)
  if (!m) throw new Error(`Unsupported customer number: ${customerNo}`)
  const stationIndex = parseInt(m[1], 36) + 1
  return String(stationIndex).padStart(4, '0') + m[2].padStart(8, '0')
}

/**
 * The customer's individual NRB: the office bank's sort code, a 4-digit prefix (the office
 * account's digits right after the sort code), then the customer digits.
 */
export function individualAccount(office: { bankAccount: string; bankSortCode: string }, customerNo: string): string {
  const prefix = office.bankAccount.slice(10, 14)
  return makeNrb(office.bankSortCode, prefix + customerAccountDigits(customerNo))
}

/** A station-issued customer number, e.g. "K1-000042". */
export function formatCustomerNo(stationCode: string, sequence: number): string {
  return `${stationCode}-${String(sequence).padStart(6, '0')}`
}
