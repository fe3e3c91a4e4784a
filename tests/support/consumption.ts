// A consumption analysis for the chart tests (the portal's and the card's draw the same SVG): the
// supply point, contract and leak verdict fixed; the periods, summary and events from the test.
import type { ConsumptionAnalysis } from '../../shared/api/types'

export function analysisOf(periods: ConsumptionAnalysis['periods'], over: Partial<ConsumptionAnalysis> = {}): ConsumptionAnalysis {
  return {
    asOf: '2026-12-07',
    supplyPoint: { id: 'sp', address: { street: 'Krucza', houseNo: '10', flatNo: null, postalCode: '22-400', city: 'Zamość' } },
    supplyPoints: [],
    contractNo: 'U/2026/001',
    tariffGroupName: 'Budynki wielolokalowe',
    billingCycle: 'bimonthly',
    periods,
    summary: { last12M3: 12345, previous12M3: 11000, litresPerDay: 100, groupLitresPerDay: null },
    events: [],
    leak: { status: 'no_radio', message: 'Brak danych radiowych.', daysJudged: 0, nightsJudged: 0 },
    notes: [],
    ...over,
  }
}
