// The office's own settings: who issues the invoices, where, with which bank account; the
// station part (code, name) names this desk.
import type { Address } from './customers'

export interface OfficeSettings {
  name: string
  nip: string
  address: Address
  phone: string | null
  email: string | null
  bankName: string
  bankAccount: string
  /** 8-digit bank sort code used to generate individual customer accounts. */
  bankSortCode: string
  invoiceSeries: string
  stationCode: string
  stationName: string
  idleLockMinutes: number
  /** Absolute session lifetime in hours (sign in again after it). */
  sessionHours: number
}
