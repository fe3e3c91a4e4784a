import { businessDate } from '../../../shared/domain/dates'
import type { HandlersOf } from '../dispatcher'
import { searchCustomers } from '../search/customer-search'
import type { Services } from '../services'
import { customerCard } from './card'

export function customersHandlers(s: Services): HandlersOf<'customers'> {
  return {
    'customers.search': (input) => searchCustomers(s.db.orm, input.query, input.limit),
    'customers.get': (input) => customerCard(s.db.orm, input.id, businessDate(s.now())),
  }
}
