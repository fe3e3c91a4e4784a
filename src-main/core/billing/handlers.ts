import type { Services } from '../services'
import { writeOf, type HandlersOf } from '../calls'
import { createBillingService } from './service'
import { billingStation, handOverBilling } from '../office/billing-station'

export function billingHandlers(s: Services): HandlersOf<'billing'> {
  const billing = createBillingService(s)
  return {
    'billing.preview': (input) => billing.preview(input),
    'billing.run': (input, call) => billing.run(writeOf(call), input),
    'billing.progress': () => billing.progress(),
    'billing.runs': (input) => billing.runs(input.limit),
    'billing.getRun': (input) => billing.getRun(input.id),
    'billing.handOver': (input, call) => {
      const from = s.stationCode()
      s.db.write({ ...call.write, stationCode: from }, (tx) => handOverBilling(tx, from, input.stationCode))
      return { stationCode: billingStation(s.db.read), here: billingStation(s.db.read) === from }
    },
  }
}
