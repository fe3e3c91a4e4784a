// Output shapes of customers.* operations.
import type { Address, CustomerKind } from '../../domain/customers'
import type { ContractView } from './contracts'
import type { MeterView } from './meters'

export interface CustomerSearchHit {
  id: string
  customerNo: string
  kind: CustomerKind
  displayName: string
  address: string
  /** Which field matched exactly (identifier hits rank first), or null for a text match. */
  exactMatch: 'customerNo' | 'pesel' | 'nip' | 'meterNo' | 'invoiceNo' | 'bankAccount' | 'email' | null
}

export interface CustomerSummary {
  id: string
  customerNo: string
  kind: CustomerKind
  displayName: string
  firstName: string | null
  lastName: string | null
  companyName: string | null
  pesel: string | null
  nip: string | null
  regon: string | null
  email: string | null
  phone: string | null
  correspondenceAddress: Address
  bankAccount: string
  /** Set when this record was merged into another customer (a duplicate). */
  mergedInto: string | null
  anonymisedAt: string | null
  createdAt: string
  updatedAt: string
}

export interface CustomerCard {
  customer: CustomerSummary
  contracts: ContractView[]
  meters: MeterView[]
  balanceGrosze: number
  overdueGrosze: number
}

export interface DuplicateCandidate {
  customer: CustomerSearchHit
  /** Why it looks like the same customer, in Polish, e.g. "ten sam PESEL". */
  reasons: string[]
}

export interface FieldChange {
  at: string
  staffName: string | null
  operation: string
  entity: string
  entityId: string
  field: string
  before: unknown
  after: unknown
}
