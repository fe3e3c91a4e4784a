import { tariffGroups } from '../../db/schema'
import type { Services } from '../services'
import { staffOf, type HandlersOf } from '../calls'
import { createTariffService } from './service'

export function tariffsHandlers(s: Services): HandlersOf<'tariffs'> {
  const tariffs = createTariffService(s)
  return {
    'tariffs.groups': () =>
      s.db.orm
        .select({ id: tariffGroups.id, code: tariffGroups.code, name: tariffGroups.name, billingCycle: tariffGroups.billingCycle, eInvoice: tariffGroups.eInvoice })
        .from(tariffGroups)
        .orderBy(tariffGroups.code)
        .all(),
    'tariffs.list': () => tariffs.list(),
    'tariffs.addPrice': (input, call) => tariffs.addPrice(staffOf(call), input),
  }
}
