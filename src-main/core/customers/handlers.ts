import { businessDate } from '../../../shared/domain/dates'
import { searchCustomers } from './search'
import type { Services } from '../services'
import { writeOf, type HandlersOf } from '../calls'
import { customerCard } from './queries'
import { createCustomerService } from './service'

/** RODO (rodo/handlers.ts), file imports (imports/handlers.ts) and the whole card (card/handlers.ts) serve the rest of "customers.*". */
export function customersHandlers(s: Services): Omit<HandlersOf<'customers'>, 'customers.exportData' | 'customers.anonymisationCheck' | 'customers.anonymise' | 'customers.importFile' | 'customers.card'> {
  const customers = createCustomerService(s)
  return {
    'customers.search': (input) => searchCustomers(s.db.readSql, input.query, input.limit),
    'customers.get': (input) => customerCard(s.db.read, input.id, businessDate(s.now())),
    'customers.create': (input, call) => customers.create(writeOf(call), input),
    'customers.update': (input, call) => customers.update(writeOf(call), input.id, input.data),
    'customers.findDuplicates': (input) => customers.findDuplicates(input),
    'customers.merge': (input, call) => customers.merge(writeOf(call), input.keepId, input.mergeId, input.reason),
    'customers.history': (input) => customers.history(input.id),
  }
}
