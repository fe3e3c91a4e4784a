import { staffOf, type HandlersFor } from '../calls'
import type { Services } from '../services'
import { createRodoService } from './service'

/** RODO's operations keep their "customers.*" names in the contract (the customer card calls them). */
export function rodoHandlers(s: Services): HandlersFor<'customers.exportData' | 'customers.anonymisationCheck' | 'customers.anonymise'> {
  const rodo = createRodoService(s)
  return {
    'customers.exportData': (input) => rodo.exportData(input.id),
    'customers.anonymisationCheck': (input) => rodo.check(input.id),
    'customers.anonymise': (input, call) => rodo.anonymise(staffOf(call), input.id, input.reason),
  }
}
