// Tariff groups and dated yearly prices, from the Zamość figures in DOMAIN.md: water 3.56–3.83 zł/m³
// gross in 2023–26, sewage 3.85 zł net in 2018–21, abonament 11.17 zł gross on paper vs 9.16 zł with
// an e-invoice. Stored as NET grosze with VAT in basis points (8% = 800).

export interface TariffGroupDef {
  code: string
  name: string
  billingCycle: 'monthly' | 'bimonthly'
  eInvoice: boolean
  /** Who the group is for. */
  audience: 'household' | 'other'
}

export const TARIFF_GROUPS: readonly TariffGroupDef[] = [
  { code: 'GD-P', name: 'Gospodarstwa domowe — faktura papierowa', billingCycle: 'bimonthly', eInvoice: false, audience: 'household' },
  { code: 'GD-E', name: 'Gospodarstwa domowe — e-faktura', billingCycle: 'bimonthly', eInvoice: true, audience: 'household' },
  { code: 'PO-P', name: 'Pozostali odbiorcy — faktura papierowa', billingCycle: 'monthly', eInvoice: false, audience: 'other' },
  { code: 'PO-E', name: 'Pozostali odbiorcy — e-faktura', billingCycle: 'monthly', eInvoice: true, audience: 'other' },
]

export interface YearPrices {
  waterNetPerM3: number
  sewageNetPerM3: number
  /** Abonament per billing period, paper invoice. */
  abonamentPaperNet: number
  /** Abonament per billing period, e-invoice (the cheaper group). */
  abonamentEInvoiceNet: number
  vatBasisPoints: number
}

// Net grosze per year. 330/338/346/355 × 1.08 = 3.56/3.65/3.74/3.83 zł gross; 1034 and 848 × 1.08
// = 11.17 and 9.16 zł gross.
const KNOWN: Record<number, [water: number, sewage: number, paper: number, eInvoice: number]> = {
  2016: [298, 372, 1010, 830],
  2017: [302, 378, 1010, 830],
  2018: [306, 385, 1034, 848],
  2019: [309, 385, 1034, 848],
  2020: [312, 385, 1034, 848],
  2021: [316, 385, 1034, 848],
  2022: [322, 402, 1070, 880],
  2023: [330, 420, 1110, 915],
  2024: [338, 433, 1150, 950],
  2025: [346, 446, 1190, 985],
  2026: [355, 460, 1230, 1020],
}
const FIRST_KNOWN = 2016
const LAST_KNOWN = 2026
/** Outside the known years prices move about 2.5% a year. */
const YEARLY_STEP = 1.025

export function pricesForYear(year: number): YearPrices {
  const anchor = Math.min(LAST_KNOWN, Math.max(FIRST_KNOWN, year))
  const factor = YEARLY_STEP ** (year - anchor)
  const [water, sewage, paper, eInvoice] = KNOWN[anchor].map((v) => Math.round(v * factor))
  return { waterNetPerM3: water, sewageNetPerM3: sewage, abonamentPaperNet: paper, abonamentEInvoiceNet: eInvoice, vatBasisPoints: 800 }
}
