// The case search index: folded text of everything a clerk might remember about a case — its
// number, the customer, the place, the caller's phone, the subject, the description and notes.
// Maintained by the write path (hook), so closed cases stay findable and renamed customers too.
import { sql } from 'drizzle-orm'
import type { Orm } from '../../db/database'
import type { AfterWriteHook, WriteTx } from '../../db/write'
import { registerFoldText, toFtsQuery } from '../customers/search'

/** INSERT … SELECT of a case's searchable text (phones also as bare digits: "600100200"). */
const INDEX_INSERT = sql.raw(`
  INSERT INTO case_search (case_id, body)
  SELECT c.id, fold_text(concat_ws(' ',
    c.case_no, c.subject, c.description, c.location, c.callback_phone,
    replace(replace(replace(c.callback_phone, ' ', ''), '-', ''), '+', ''),
    c.reporter_name,
    cu.customer_no, cu.first_name, cu.last_name, cu.company_name,
    cu.corr_street, cu.corr_house_no, cu.corr_city,
    (SELECT group_concat(e.text, ' ') FROM case_events e WHERE e.case_id = c.id AND e.kind IN ('note', 'closed', 'reopened', 'routed'))))
  FROM cases c LEFT JOIN customers cu ON cu.id = c.customer_id`)

export function reindexCases(orm: Orm, caseIds: Iterable<string>): void {
  registerFoldText(orm)
  const ids = [...new Set(caseIds)]
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = sql.join(
      ids.slice(i, i + 500).map((id) => sql`${id}`),
      sql`, `,
    )
    orm.run(sql`DELETE FROM case_search WHERE case_id IN (${chunk})`)
    orm.run(sql`${INDEX_INSERT} WHERE c.id IN (${chunk})`)
  }
}

export function rebuildCaseIndex(orm: Orm): void {
  registerFoldText(orm)
  orm.run(sql`DELETE FROM case_search`)
  orm.run(INDEX_INSERT)
}

function affectedCases(tx: WriteTx, entity: string, row: Record<string, unknown>): string[] {
  switch (entity) {
    case 'cases':
      return [String(row.id)]
    case 'case_events':
      return [String(row.caseId)]
    case 'customers':
      return tx.orm.all<{ id: string }>(sql`SELECT id FROM cases WHERE customer_id = ${row.id}`).map((r) => r.id)
    default:
      return []
  }
}

export const caseSearchHook: AfterWriteHook = Object.assign(
  (tx: WriteTx, changes: Parameters<AfterWriteHook>[1]) => {
    const ids = changes.flatMap((c) => (c.after ? affectedCases(tx, c.entity, c.after) : c.before ? affectedCases(tx, c.entity, c.before) : []))
    if (ids.length) reindexCases(tx.orm, ids)
  },
  { rebuild: rebuildCaseIndex },
)

/** The FTS query for typed text (every word as a whole word or prefix), or null when nothing is typed. */
export const caseFtsQuery = toFtsQuery
