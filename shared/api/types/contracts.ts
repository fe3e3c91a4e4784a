// Output shapes of contracts.* operations.
import type { Address } from '../../domain/customers'

export interface ContractView {
  id: string
  contractNo: string
  services: 'water' | 'sewage' | 'water_sewage'
  /** The group in force today (periods are billed in the group in force on their first day). */
  tariffGroupName: string
  /** Whether that group is the e-invoice one (cheaper subscription, needs an acceptance). */
  tariffEInvoice: boolean
  /** A move to another group from a later billing period, not in force yet. */
  tariffMove: { effectiveFrom: string; tariffGroupName: string; eInvoice: boolean } | null
  billingCycle: 'monthly' | 'bimonthly'
  startDate: string
  endDate: string | null
  status: 'active' | 'ended'
  supplyPoint: { id: string; address: Address }
}

/** A contract's move between the paper and the e-invoice tariff group, from a billing period on. */
export interface TariffMoveView {
  contractId: string
  contractNo: string
  fromGroupName: string
  toGroupName: string
  toEInvoice: boolean
  effectiveFrom: string
}
