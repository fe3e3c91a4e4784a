import { staffOf, type HandlersFor } from '../calls'
import type { Services } from '../services'
import { createCardQuery } from './queries'

/** The whole customer card keeps its "customers.*" name in the contract: it is the customer's card. */
export function cardHandlers(s: Services): HandlersFor<'customers.card'> {
  const card = createCardQuery(s)
  return {
    'customers.card': (input, call) => card(input.id, staffOf(call).role),
  }
}
