import { businessDate } from '../../../shared/domain/dates'
import type { HandlersOf } from '../../desk/dispatcher'
import { searchCustomers } from './search'
import type { Services } from '../services'
import { staffOf } from '../staff/handlers'
import { createCustomerImport } from '../imports/customers-import'
import { customerCard } from './queries'
import { createRodoService } from '../rodo/rodo'
import { createCustomerService } from './service'

export function customersHandlers(s: Services): HandlersOf<'customers'> {
  const customers = createCustomerService(s)
  const rodo = createRodoService(s)
  const fileImport = createCustomerImport(s)
  return {
    'customers.search': (input) => searchCustomers(s.db.orm, input.query, input.limit),
    'customers.get': (input) => customerCard(s.db.orm, input.id, businessDate(s.now())),
    'customers.create': (input, call) => customers.create(staffOf(call), input),
    'customers.update': (input, call) => customers.update(staffOf(call), input.id, input.data),
    'customers.findDuplicates': (input) => customers.findDuplicates(input),
    'customers.merge': (input, call) => customers.merge(staffOf(call), input.keepId, input.mergeId, input.reason),
    'customers.history': (input) => customers.history(input.id),
    'customers.exportData': (input) => rodo.exportData(input.id),
    'customers.anonymisationCheck': (input) => rodo.check(input.id),
    'customers.anonymise': (input, call) => rodo.anonymise(staffOf(call), input.id, input.reason),
    'customers.importFile': (input, call) => fileImport.importFile(staffOf(call), input),
  }
}
