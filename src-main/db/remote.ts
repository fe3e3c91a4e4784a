// Applying the hub's log to this desk's tables (DeskDb.applyRemote, DeskDb.loadFromHub): rows
// only — their audit and change log live where they were made — under this desk's own queued
// changes. Lives in db/ because it writes rows directly; desk-sync decides what to apply and when.
import { and, eq, getTableColumns, isNull } from 'drizzle-orm'
import type Database from 'better-sqlite3'
import { isLocalOnly } from '../../shared/sync/entities'
import type { LogEntry } from '../../shared/sync/protocol'
import type { Orm } from './database'
import { changeLog, syncVersions } from './schema'
import { syncModel } from './sync-model'
import { tablesByName } from './tables'
import type { RowChange } from './context'

export const versionKey = (entity: string, id: string) => `${entity}/${id}`

/** Applies hub entries (one batch, inside the caller's transaction); `me` is this desk's id. */
export function applyEntries(orm: Orm, sqlite: Database.Database, changes: RowChange[], entries: readonly LogEntry[], me: string): void {
  // This desk's refused inserts of rows the hub never had go first: the office's row that holds
  // the key may come earlier in the log. (A refused insert of a row the hub has carries its values.)
  for (const e of entries) {
    if (e.deskId === me && e.status === 'rejected' && e.op === 'insert' && !Object.keys(e.effective).length) undoRefusedInsert(orm, sqlite, changes, e.mutationId)
  }
  for (const e of entries) {
    if (e.deskId === me) {
      orm.update(changeLog).set({ pushedSeq: e.seq, hubStatus: e.status, hubReason: e.reason }).where(and(eq(changeLog.mutationId, e.mutationId), isNull(changeLog.pushedSeq))).run()
    }
    if (isLocalOnly(e.entity, e.entityId) || !tablesByName.has(e.entity)) continue
    setVersion(orm, e.entity, e.entityId, e.seq, e.deskId)
    if (e.status === 'ignored') continue
    // A refused change carries the hub's values of the fields it touched: the row as the office has it.
    if (e.status === 'rejected') {
      if (Object.keys(e.effective).length) applyRow(orm, changes, e.entity, e.entityId, 'update', e.effective, pendingFields(orm, e.entity, e.entityId))
      continue
    }
    applyRow(orm, changes, e.entity, e.entityId, e.op, e.effective, pendingFields(orm, e.entity, e.entityId))
  }
}

/** This desk's unsent changes laid back on top of a freshly loaded snapshot (they stay queued). */
export function relayQueued(orm: Orm): void {
  for (const c of orm.select().from(changeLog).where(isNull(changeLog.pushedSeq)).orderBy(changeLog.counter).all()) {
    applyRow(orm, [], c.entity, c.entityId, c.op, JSON.parse(c.fields) as Record<string, unknown>, new Set())
  }
}

/**
 * A row this desk inserted and the hub refused (e.g. a portal login another desk claimed first)
 * never existed for the office: it goes, with what this desk hung on it (the payments of a
 * statement imported twice), so the office's row can take its place.
 */
function undoRefusedInsert(orm: Orm, sqlite: Database.Database, changes: RowChange[], mutationId: string): void {
  const c = orm.select().from(changeLog).where(eq(changeLog.mutationId, mutationId)).get()
  if (!c || c.op !== 'insert' || !tablesByName.has(c.entity)) return
  removeLocalRow(orm, sqlite, changes, c.entity, c.entityId)
}

function setVersion(orm: Orm, entity: string, entityId: string, seq: number, deskId: string): void {
  orm
    .insert(syncVersions)
    .values({ id: versionKey(entity, entityId), hubSeq: seq, deskId })
    .onConflictDoUpdate({ target: syncVersions.id, set: { hubSeq: seq, deskId } })
    .run()
}

/** Fields this desk changed but the hub has not settled yet: local values stay on top. */
function pendingFields(orm: Orm, entity: string, entityId: string): Set<string> {
  const rows = orm
    .select({ fields: changeLog.fields })
    .from(changeLog)
    .where(and(eq(changeLog.entity, entity), eq(changeLog.entityId, entityId), isNull(changeLog.pushedSeq)))
    .all()
  return new Set(rows.flatMap((r) => Object.keys(JSON.parse(r.fields) as object)))
}

const sameValue = (a: unknown, b: unknown): boolean => a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b))

function applyRow(orm: Orm, changes: RowChange[], entity: string, entityId: string, op: string, values: Record<string, unknown>, skip: Set<string>): void {
  const table = tablesByName.get(entity)
  if (!table) return
  const idColumn = (table as unknown as { id: Parameters<typeof eq>[0] }).id
  const patch = Object.fromEntries(Object.entries(values).filter(([k]) => !skip.has(k) && k !== 'id'))
  const before = orm.select().from(table).where(eq(idColumn, entityId)).get() as Record<string, unknown> | undefined
  if (op === 'delete' && before && 'deletedAt' in before) patch.deletedAt ??= new Date().toISOString()
  if (before) {
    // Only fields that really differ: the echo of this desk's own insert must not "rewrite" evidence
    // (triggers refuse any UPDATE OF a scan's content or a published text, even to the same value).
    for (const [k, v] of Object.entries(patch)) if (sameValue(before[k], v)) delete patch[k]
    if (!Object.keys(patch).length) return
    const after = orm.update(table).set(patch).where(eq(idColumn, entityId)).returning().get() as Record<string, unknown>
    changes.push({ entity, id: entityId, op: 'update', before, after })
  } else if (op === 'insert') {
    const after = orm.insert(table).values({ ...values, id: entityId }).returning().get() as Record<string, unknown>
    changes.push({ entity, id: entityId, op: 'insert', before: null, after })
  }
}

/**
 * Removes a row (and, first, the rows that refer to it) from this desk without a change-log entry:
 * what the hub refused. Delete guards of evidence tables are lifted for this one statement, inside
 * the same transaction.
 */
function removeLocalRow(orm: Orm, sqlite: Database.Database, changes: RowChange[], entity: string, id: string, seen = new Set<string>()): void {
  const key = versionKey(entity, id)
  if (seen.has(key)) return
  seen.add(key)
  const table = tablesByName.get(entity)
  if (!table) return
  for (const [child, model] of syncModel) {
    for (const [field, target] of Object.entries(model.refs)) {
      if (target !== entity) continue
      const column = getTableColumns(tablesByName.get(child)!)[field]?.name
      if (!column) continue
      const ids = sqlite.prepare(`SELECT id FROM "${child}" WHERE "${column}" = ?`).pluck().all(id) as string[]
      for (const childId of ids) removeLocalRow(orm, sqlite, changes, child, childId, seen)
    }
  }
  const idColumn = (table as unknown as { id: Parameters<typeof eq>[0] }).id
  const before = orm.select().from(table).where(eq(idColumn, id)).get() as Record<string, unknown> | undefined
  if (!before) return
  const guards = sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND sql LIKE '%BEFORE DELETE%'").all(entity) as Array<{ name: string; sql: string }>
  for (const g of guards) sqlite.exec(`DROP TRIGGER "${g.name}"`)
  sqlite.prepare(`DELETE FROM "${entity}" WHERE id = ?`).run(id)
  for (const g of guards) sqlite.exec(g.sql)
  sqlite.prepare('DELETE FROM sync_versions WHERE id = ?').run(key)
  changes.push({ entity, id, op: 'delete', before, after: null })
}
