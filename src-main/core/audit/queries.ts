// The change history of one record, newest first: the audit.forEntity operation and the supervisor's
// part of the customer card (customers.card) read it here.
import type { AuditEntry } from '../../../shared/api/types'
import { preparedSql, type ReadOrm } from '../../db/database'

interface AuditRow {
  id: string
  at: string
  staff_name: string | null
  operation: string
  entity: string
  entity_id: string
  before: string | null
  after: string | null
}

export function auditOfEntity(orm: ReadOrm, entity: string, entityId: string): AuditEntry[] {
  return preparedSql<[string, string], AuditRow>(
    orm,
    `SELECT a.id, a.at, st.full_name AS staff_name, a.operation, a.entity, a.entity_id, a.before, a.after
     FROM audit_log a LEFT JOIN staff st ON st.id = a.staff_id
     WHERE a.entity = ? AND a.entity_id = ? ORDER BY a.at DESC, a.id DESC`,
  )
    .all(entity, entityId)
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
    )
}
