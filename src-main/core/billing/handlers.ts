import type { Services } from '../services'
import { staffOf, type HandlersOf } from '../calls'
import { createBillingService } from './service'
import { billingStation, handOverBilling } from '../office/billing-station'

export function billingHandlers(s: Services): HandlersOf<'billing'> {
  const billing = createBillingService(s)
  return {
    'billing.preview': (input) => billing.preview(input),
    'billing.run': (input, call) => billing.run(staffOf(call), input),
    'billing.progress': () => billing.progress(),
    'billing.runs': (input) => billing.runs(input.limit),
    'billing.getRun': (input) => billing.getRun(input.id),
    'billing.handOver': (input, call) => {
      const from = s.stationCode()
      s.db.write({ staffId: staffOf(call).staffId, stationCode: from, operation: 'billing.handOver' }, (tx) => handOverBilling(tx, from, input.stationCode))
      return { stationCode: billingStation(s.db.orm), here: billingStation(s.db.orm) === from }
    },
  }
}
