import { tariffGroups } from '../../db/schema'
import type { Services } from '../services'
import { writeOf, type HandlersOf } from '../calls'
import { createTariffService } from './service'

export function tariffsHandlers(s: Services): HandlersOf<'tariffs'> {
  const tariffs = createTariffService(s)
  return {
    'tariffs.groups': () =>
      s.db.read
        .select({ id: tariffGroups.id, code: tariffGroups.code, name: tariffGroups.name, billingCycle: tariffGroups.billingCycle, eInvoice: tariffGroups.eInvoice })
        .from(tariffGroups)
        .orderBy(tariffGroups.code)
        .all(),
    'tariffs.list': () => tariffs.list(),
    'tariffs.addPrice': (input, call) => tariffs.addPrice(writeOf(call), input),
  }
}
