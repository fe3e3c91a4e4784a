// Maps each contract operation to its service. TypeScript refuses a missing or extra operation.
import { sql } from 'drizzle-orm'
import { ApiError } from '../../shared/api/errors'
import type { AuditEntry } from '../../shared/api/types'
import { businessDate } from '../../shared/domain/dates'
import { backupNow, listBackups } from './backup/backups'
import { customerCard } from './customers/card'
import { loadDemoOffice } from './demo/load'
import type { CallContext, Handlers } from './dispatcher'
import { writeOffice } from './office/settings'
import { searchCustomers } from './search/customer-search'
import type { Services } from './services'
import type { StaffSession } from './staff/sessions'
import { createSystemService } from './system/service'

/** Sessions exist for every non-public operation; the dispatcher guarantees it. */
const staffOf = (call: CallContext): StaffSession => call.session!

export const BACKUPS_KEPT = 14

export function createHandlers(s: Services): Handlers {
  const system = createSystemService(s)
  const staffService = system.staff
  const backupDir = () => `${s.dataDir}/backups`

  return {
    'system.status': () => system.status(),
    'system.setup': async (input) => {
      await system.setup(input)
      return { ok: true }
    },
    'system.loadDemo': (input) => {
      system.requireFirstStart()
      return loadDemoOffice(s, { seed: input.seed, customers: input.customers })
    },
    'system.backupNow': () => backupNow(s.db, backupDir(), BACKUPS_KEPT, s.now()),
    'system.listBackups': () => listBackups(backupDir()),

    'staff.login': (input) => staffService.login(input.login, input.password),
    'staff.logout': (_, call) => {
      s.sessions.close(staffOf(call).token)
      return { ok: true }
    },
    'staff.lock': (_, call) => {
      staffOf(call).locked = true
      return { ok: true }
    },
    'staff.unlock': (input, call) => staffService.unlock(staffOf(call), input.password),
    'staff.me': (_, call) => staffService.me(staffOf(call)),
    'staff.changePassword': async (input, call) => {
      await staffService.changePassword(staffOf(call), input.currentPassword, input.newPassword)
      return { ok: true }
    },
    'staff.list': () => staffService.list(),
    'staff.create': (input, call) => staffService.create(staffOf(call), input),
    'staff.unlockAccount': (input, call) => staffService.unlockAccount(staffOf(call), input.staffId),

    'office.get': () => {
      const office = s.office()
      if (!office) throw new ApiError('SETUP_REQUIRED', 'Biuro nie jest jeszcze skonfigurowane')
      return office
    },
    'office.update': (input, call) => {
      const office = { ...input, bankSortCode: input.bankAccount.slice(2, 10) }
      s.db.write({ staffId: staffOf(call).staffId, stationCode: s.stationCode(), operation: 'office.update' }, (tx) => writeOffice(tx, office))
      return office
    },

    'customers.search': (input) => searchCustomers(s.db.orm, input.query, input.limit),
    'customers.get': (input) => customerCard(s.db.orm, input.id, businessDate(s.now())),

    'audit.forEntity': (input) =>
      s.db.orm
        .all<{ id: string; at: string; staff_name: string | null; operation: string; entity: string; entity_id: string; before: string | null; after: string | null }>(
          sql`SELECT a.id, a.at, st.full_name AS staff_name, a.operation, a.entity, a.entity_id, a.before, a.after
              FROM audit_log a LEFT JOIN staff st ON st.id = a.staff_id
              WHERE a.entity = ${input.entity} AND a.entity_id = ${input.entityId} ORDER BY a.at DESC, a.id DESC`,
        )
        .map(
          (r): AuditEntry => ({
            id: r.id,
            at: r.at,
            staffName: r.staff_name,
            operation: r.operation,
            entity: r.entity,
            entityId: r.entity_id,
            before: r.before ? JSON.parse(r.before) : null,
            after: r.after ? JSON.parse(r.after) : null,
          }),
        ),
  }
}
