// The single write path. Every change to data goes through DeskDb.write(): in one SQLite
// transaction it writes the rows, an audit entry per row (who, when, operation, before/after)
// and a change-log entry per row for sync. Nothing else in the app writes domain tables.
import { eq, getTableName } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import { v7 as uuidv7 } from 'uuid'
import { HybridClock } from '../../shared/domain/hlc'
import type { Orm, OpenedDatabase } from './database'
import { auditLog, changeLog } from './schema'

/** Every domain table has a text primary key named id. */
type AnyTable = SQLiteTable & { id: SQLiteColumn }
type Row<T extends AnyTable> = T['$inferSelect']
type NewRow<T extends AnyTable> = T['$inferInsert']

export interface WriteContext {
  staffId: string | null
  stationCode: string
  /** The API operation (or job) that caused the write, e.g. "customers.update". */
  operation: string
}

export interface RowChange {
  entity: string
  id: string
  op: 'insert' | 'update' | 'delete'
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

/** Runs inside the write transaction, after the rows, e.g. to refresh the search index. */
export type AfterWriteHook = (tx: WriteTx, changes: readonly RowChange[]) => void

export const newId = (): string => uuidv7()

export class WriteTx {
  readonly changes: RowChange[] = []

  constructor(
    readonly orm: Orm,
    private readonly ctx: WriteContext,
    private readonly clock: HybridClock,
    readonly now: string,
  ) {}

  insert<T extends AnyTable>(table: T, values: NewRow<T>): Row<T> {
    const row = this.orm.insert(table).values(values as never).returning().get() as Row<T>
    this.record(getTableName(table), String(row.id), 'insert', null, row)
    return row
  }

  /** Updates only what differs; returns the row after. An unchanged row writes nothing. */
  update<T extends AnyTable>(table: T, id: string, patch: Partial<NewRow<T>>): Row<T> {
    const before = this.orm.select().from(table as SQLiteTable).where(eq(table.id, id)).get() as Row<T> | undefined
    if (!before) throw new Error(`${getTableName(table)} ${id} not found`)
    const changed = Object.fromEntries(
      Object.entries(patch).filter(([k, v]) => v !== undefined && (before as Record<string, unknown>)[k] !== v),
    )
    if (Object.keys(changed).length === 0) return before
    if ('updatedAt' in before) (changed as Record<string, unknown>).updatedAt = this.now
    const after = this.orm.update(table).set(changed as never).where(eq(table.id, id)).returning().get() as Row<T>
    this.record(getTableName(table), id, 'update', before, after)
    return after
  }

  private record(entity: string, id: string, op: RowChange['op'], before: object | null, after: object | null): void {
    const beforeRec = before as Record<string, unknown> | null
    const afterRec = after as Record<string, unknown> | null
    this.orm
      .insert(auditLog)
      .values({
        id: newId(),
        at: this.now,
        staffId: this.ctx.staffId,
        stationCode: this.ctx.stationCode,
        operation: this.ctx.operation,
        entity,
        entityId: id,
        before: redact(beforeRec),
        after: redact(afterRec),
      })
      .run()
    const fields = op === 'update' ? changedFields(beforeRec!, afterRec!) : afterRec
    this.orm
      .insert(changeLog)
      .values({
        mutationId: newId(),
        hlc: this.clock.next(this.ctx.stationCode),
        stationCode: this.ctx.stationCode,
        entity,
        entityId: id,
        op,
        fields: JSON.stringify(fields),
        baseSeq: null,
        pushedSeq: null,
        at: this.now,
      })
      .run()
    this.changes.push({ entity, id, op, before: beforeRec, after: afterRec })
  }
}

/** Secrets never go into the audit log (they still sync, so other desks can check logins). */
const REDACTED_FIELDS = new Set(['passwordHash'])
function redact(row: Record<string, unknown> | null): string | null {
  if (!row) return null
  return JSON.stringify(row, (key, value) => (REDACTED_FIELDS.has(key) && value !== null ? '[ukryte]' : value))
}

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k] !== v))
}

export class DeskDb {
  readonly sqlite: OpenedDatabase['sqlite']
  readonly orm: Orm
  readonly schemaVersion: number
  private readonly clock: HybridClock
  private readonly commitListeners: Array<(changes: readonly RowChange[]) => void> = []

  constructor(
    opened: OpenedDatabase,
    private readonly hooks: AfterWriteHook[] = [],
    private readonly nowIso: () => string = () => new Date().toISOString(),
  ) {
    this.sqlite = opened.sqlite
    this.orm = opened.orm
    this.schemaVersion = opened.schemaVersion
    this.clock = new HybridClock()
  }

  /** One transaction: rows + audit + change log + derived indexes, all or nothing. */
  write<R>(ctx: WriteContext, fn: (tx: WriteTx) => R): R {
    let changes: readonly RowChange[] = []
    const run = this.sqlite.transaction(() => {
      const tx = new WriteTx(this.orm, ctx, this.clock, this.nowIso())
      const result = fn(tx)
      for (const hook of this.hooks) hook(tx, tx.changes)
      changes = tx.changes
      return result
    })
    const result = run.immediate()
    for (const listener of this.commitListeners) listener(changes)
    return result
  }

  /** Called after each committed write (caches, UI events); never inside the transaction. */
  onCommit(listener: (changes: readonly RowChange[]) => void): void {
    this.commitListeners.push(listener)
  }

  close(): void {
    this.sqlite.close()
  }
}
