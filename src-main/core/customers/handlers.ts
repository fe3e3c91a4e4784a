import { businessDate } from '../../../shared/domain/dates'
import { searchCustomers } from './search'
import type { Services } from '../services'
import { staffOf, type HandlersOf } from '../calls'
import { customerCard } from './queries'
import { createCustomerService } from './service'

/** RODO (rodo/handlers.ts) and file imports (imports/handlers.ts) serve the rest of "customers.*". */
export function customersHandlers(s: Services): Omit<HandlersOf<'customers'>, 'customers.exportData' | 'customers.anonymisationCheck' | 'customers.anonymise' | 'customers.importFile'> {
  const customers = createCustomerService(s)
  return {
    'customers.search': (input) => searchCustomers(s.db.orm, input.query, input.limit),
    'customers.get': (input) => customerCard(s.db.orm, input.id, businessDate(s.now())),
    'customers.create': (input, call) => customers.create(staffOf(call), input),
    'customers.update': (input, call) => customers.update(staffOf(call), input.id, input.data),
    'customers.findDuplicates': (input) => customers.findDuplicates(input),
    'customers.merge': (input, call) => customers.merge(staffOf(call), input.keepId, input.mergeId, input.reason),
    'customers.history': (input) => customers.history(input.id),
  }
}
