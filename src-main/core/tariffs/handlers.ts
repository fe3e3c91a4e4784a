import { tariffGroups } from '../../db/schema'
import type { HandlersOf } from '../../desk/dispatcher'
import type { Services } from '../services'
import { staffOf } from '../staff/handlers'
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
