// Output shapes of tariffs.* operations.
export interface TariffGroupView {
  id: string
  code: string
  name: string
  billingCycle: 'monthly' | 'bimonthly'
  eInvoice: boolean
}

export interface TariffPriceView {
  id: string
  tariffGroupId: string
  validFrom: string
  validTo: string | null
  waterNetPerM3: number
  sewageNetPerM3: number
  abonamentNet: number
  vatBasisPoints: number
}

export interface TariffGroupWithPrices extends TariffGroupView {
  prices: TariffPriceView[]
  /** Contracts in the group (active ones). */
  activeContracts: number
}
