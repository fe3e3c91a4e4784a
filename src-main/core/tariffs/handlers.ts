import { tariffGroups } from '../../db/schema'
import type { HandlersOf } from '../dispatcher'
import type { Services } from '../services'

export function tariffsHandlers(s: Services): HandlersOf<'tariffs'> {
  return {
    'tariffs.groups': () =>
      s.db.orm
        .select({ id: tariffGroups.id, code: tariffGroups.code, name: tariffGroups.name, billingCycle: tariffGroups.billingCycle, eInvoice: tariffGroups.eInvoice })
        .from(tariffGroups)
        .orderBy(tariffGroups.code)
        .all(),
  }
}
