// The single write path. Code outside db/ reads through DeskDb.read / DeskDb.readSql (typed
// without writes; under the tests' write guard the connection is also PRAGMA query_only outside
// DeskDb's own transactions, so a stray write fails with SQLITE_READONLY) and writes only through
// DeskDb's doors, each ONE transaction:
// - write(): domain rows and settings — rows, an audit entry per row (who, when, operation,
//   before/after) and, for synced rows, a change-log entry for other desks; derived indexes
//   (tx.reindex) refreshed in the same transaction.
// - importRows(): seed data of a new office (demo, benchmarks) — rows and one summary audit
//   entry, no change log (a fresh desk gets them from a snapshot).
// - applyRemote() / loadFromHub(): the hub's rows — their audit lives where they were made;
//   what loadFromHub's caller writes itself (station, hub address) goes through a WriteTx, audited.
// - bookkeeping(): this desk's sync marks (bookkeeping.ts), never replayed to other desks.
// - rebuildDerived() / purgeFreedPages(): derived data and file maintenance, no data changes.
// tests/unit/write-path.test.ts holds the rule: nothing outside src-main/db writes.
import { and, Column, eq, getTableColumns, getTableName, is, isNull, sql, SQL } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import { startBackgroundCheckpoints } from './checkpointer'
import { newId, type RowChange, type WriteContext } from './context'
import { ApiError } from '../../shared/api/errors'
import { HybridClock } from '../../shared/domain/hlc'
import Database from 'better-sqlite3'
import { closeSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import * as schema from './schema'
import { CURRENT_ORM, preparedOnce, registerFunctions, reopenDatabase, type Orm, type OpenedDatabase, type ReadOrm, type ReadSql } from './database'
import { fieldUnits, isLocalOnly, LOCAL_ONLY_SETTINGS, LOCAL_ONLY_TABLES } from '../../shared/sync/entities'
import type { LogEntry, SnapshotRow } from '../../shared/sync/protocol'
import { scrubFields } from '../../shared/domain/rodo-scrub'
import { SyncBookkeeping } from './bookkeeping'
import { applyEntries, relayQueued, versionKey } from './remote'
import { auditLog, changeLog, syncQuarantine, syncState, syncVersions } from './schema'
import { tablesByName } from './tables'

/** Every domain table has a text primary key named id. */
export type AnyTable = SQLiteTable & { id: SQLiteColumn }
type Row<T extends AnyTable> = T['$inferSelect']
type NewRow<T extends AnyTable> = T['$inferInsert']

export { jobContext, newId, type RowChange, type StaffWrite, type WriteContext } from './context'

/**
 * Derived data (the search indexes): rebuilt from rows at any time, so written without audit or
 * change log — only from AfterWriteHooks, inside DeskDb's transactions.
 */
export interface IndexWriter {
  readonly read: ReadOrm
  reindex(query: SQL): { changes: number }
}

/**
 * Runs inside the write transaction, after the rows, e.g. to refresh the search index. A hook
 * that maintains derived data may also offer `rebuild`, which importRows() calls once instead of
 * feeding it every imported row.
 */
export type AfterWriteHook = ((tx: WriteTx, changes: readonly RowChange[]) => void) & { rebuild?: (index: IndexWriter) => void }

/** Rows for one table, in the table's drizzle shape (camelCase keys, booleans as booleans). */
export interface ImportBatch<T extends AnyTable = AnyTable> {
  table: T
  rows: readonly NewRow<T>[]
}

export interface ImportSummary {
  /** Rows inserted per table (SQL table name). */
  rows: Record<string, number>
  ms: number
}

/** SQLite's limit on bound variables per statement (SQLITE_MAX_VARIABLE_NUMBER). */
const MAX_BOUND_VARIABLES = 32_766
/** Beyond a few hundred rows per statement the gain is nil and the SQL text just grows. */
const MAX_ROWS_PER_STATEMENT = 500
/** Page cache while importing or in bulkWrites (default is 2 MB): fewer spills and rereads of index pages. */
const IMPORT_CACHE_KIB = 256 * 1024
/** WAL pages between checkpoints in bulkWrites (default 1,000: a billing chunk alone writes more). */
const BULK_CHECKPOINT_PAGES = 25_000
/** …and while a worker checkpoints: only if the worker falls far behind (the WAL near 1 GB). */
const BULK_SAFETY_CHECKPOINT_PAGES = 250_000
/** …and the WAL length (pages) past which the series lets the worker catch up so the WAL restarts. */
const BULK_WAL_RESTART_PAGES = 32_000
/** Rows buffered across tables before they are written, parents first (few: young garbage is cheap). */
const FLUSH_ROWS = 5_000

/** How insertMany() audits: an entry per row, or none (the caller notes the set once: tx.note). */
export type BulkAudit = 'per-row' | 'summarised'

export const importBatch = <T extends AnyTable>(table: T, rows: readonly NewRow<T>[]): ImportBatch =>
  ({ table, rows }) as unknown as ImportBatch


export class WriteTx implements IndexWriter {
  readonly changes: RowChange[] = []
  /** Ids of rows insertMany() wrote: new in this write, so no derived data can refer to them yet. */
  readonly freshIds = new Set<string>()
  /** Reads inside the transaction (they see its own rows). */
  readonly read: ReadOrm

  constructor(
    private readonly orm: Orm,
    private readonly ctx: WriteContext,
    private readonly clock: HybridClock,
    readonly now: string,
  ) {
    this.read = orm
  }

  /** Derived index rows (IndexWriter): no audit, no change log. */
  reindex(query: SQL): { changes: number } {
    return this.orm.run(query)
  }

  /**
   * This desk's sync settings (hub address, token, pull position) — local, never synced — with an
   * audit entry (the token itself is never written to the audit log).
   */
  setSyncState(patch: Partial<Omit<typeof syncState.$inferInsert, 'id'>>): void {
    const before = this.orm.select().from(syncState).where(eq(syncState.id, 1)).get() ?? null
    const after = this.orm.update(syncState).set(patch).where(eq(syncState.id, 1)).returning().get()
    this.orm
      .insert(auditLog)
      .values({ id: newId(), at: this.now, staffId: this.ctx.staffId, stationCode: this.ctx.stationCode, operation: this.ctx.operation, entity: 'sync_state', entityId: '1', before: redact(before), after: redact(after ?? null) })
      .run()
  }

  /**
   * Rewrites this desk's own copies of rows' history — audit entries, change-log entries and hub
   * entries set aside (quarantine) about the given rows — through `clean` (RODO: her identifiers
   * erased from free text). The record of who changed what and when stays.
   */
  scrubCopies(rows: ReadonlyMap<string, ReadonlySet<string>>, clean: (text: string) => string): void {
    const sqlite = (this.orm as Orm & { $client: Database.Database }).$client
    const cleanOrNull = (v: string | null) => (v === null ? v : clean(v))
    const updateAudit = sqlite.prepare('UPDATE audit_log SET before = ?, after = ? WHERE id = ?')
    for (const [entity, ids] of rows) {
      for (const chunk of chunksOf([...ids])) {
        const audit = sqlite.prepare(`SELECT id, before, after FROM audit_log WHERE entity = ? AND entity_id IN (${chunk.map(() => '?').join(', ')})`).all(entity, ...chunk) as { id: string; before: string | null; after: string | null }[]
        for (const a of audit) {
          const [before, after] = [cleanOrNull(a.before), cleanOrNull(a.after)]
          if (before !== a.before || after !== a.after) updateAudit.run(before, after, a.id)
        }
      }
    }
    // Hub entries set aside are retried and applied later, so they stay valid JSON.
    const updateQuarantine = sqlite.prepare('UPDATE sync_quarantine SET entry = ?, error = ? WHERE seq = ?')
    for (const q of sqlite.prepare('SELECT seq, entry, error FROM sync_quarantine').all() as { seq: number; entry: string; error: string }[]) {
      const e = JSON.parse(q.entry) as { entity?: string; entityId?: string }
      if (!e.entity || !e.entityId || !rows.get(e.entity)?.has(e.entityId)) continue
      const [entry, error] = [clean(q.entry), clean(q.error)]
      if (entry !== q.entry || error !== q.error) updateQuarantine.run(entry, error, q.seq)
    }
    // The change log has no index by row: one pass over the entries of these tables.
    const entities = [...rows.keys()]
    if (!entities.length) return
    const updateChange = sqlite.prepare('UPDATE change_log SET fields = ?, hub_reason = ? WHERE counter = ?')
    const changes = sqlite.prepare(`SELECT counter, entity, entity_id, fields, hub_reason FROM change_log WHERE entity IN (${entities.map(() => '?').join(', ')})`).all(...entities) as {
      counter: number
      entity: string
      entity_id: string
      fields: string
      hub_reason: string | null
    }[]
    for (const c of changes) {
      if (!rows.get(c.entity)?.has(c.entity_id)) continue
      const [fields, reason] = [clean(c.fields), cleanOrNull(c.hub_reason)]
      if (fields !== c.fields || reason !== c.hub_reason) updateChange.run(fields, reason, c.counter)
    }
  }

  insert<T extends AnyTable>(table: T, values: NewRow<T>): Row<T> {
    const row = this.orm.insert(table).values(values as never).returning().get() as Row<T>
    this.record(getTableName(table), String(row.id), 'insert', null, row)
    return row
  }

  /**
   * Inserts many new rows of one table (a file import): the same rows, audit entries and
   * change-log entries as insert() row by row, but through prepared multi-row statements instead
   * of an ORM round trip per row. Rows must carry fresh ids (no hub version to look up).
   *
   * `audit: 'summarised'` (a billing run's tens of thousands of rows): no audit entry per row —
   * the caller records ONE entry for the whole set with tx.note() (what, how many, which
   * numbers). Every row still gets its change-log entry, so other desks and the hub receive it.
   */
  insertMany<T extends AnyTable>(table: T, rows: readonly NewRow<T>[], audit: BulkAudit = 'per-row'): Row<T>[] {
    if (!rows.length) return []
    const entity = getTableName(table)
    const sqlite = (this.orm as Orm & { $client: Database.Database }).$client
    const shape = tableShape(table)
    const synced = !isLocalOnly(entity, '')
    const audited = audit === 'per-row'
    const out: Row<T>[] = []
    const rowValues: unknown[] = []
    const auditValues: unknown[] = []
    const changeValues: unknown[] = []
    const flush = () => {
      const n = out.length % BULK_ROWS || BULK_ROWS
      bulkStatement(sqlite, entity, shape.sqlColumns, n).run(rowValues)
      if (audited) bulkStatement(sqlite, 'audit_log', AUDIT_COLUMNS, n).run(auditValues)
      if (synced) bulkStatement(sqlite, 'change_log', CHANGE_COLUMNS_WITH_STAFF, n).run(changeValues)
      rowValues.length = auditValues.length = changeValues.length = 0
    }
    for (const given of rows) {
      const row: Record<string, unknown> = {}
      for (let i = 0; i < shape.keys.length; i++) {
        const v = (given as Record<string, unknown>)[shape.keys[i]]
        const value = v === undefined ? shape.defaults[i] : v
        row[shape.keys[i]] = value
        const mapper = shape.mappers[i]
        rowValues.push(value === null || mapper === null ? value : mapper(value))
      }
      const id = String(row.id)
      if (audited) auditValues.push(newId(), this.now, this.ctx.staffId, this.ctx.stationCode, this.ctx.operation, entity, id, null, redact(row))
      if (synced) changeValues.push(newId(), this.clock.next(this.ctx.stationCode), this.ctx.stationCode, entity, id, 'insert', JSON.stringify(row), null, null, this.now, this.ctx.staffId)
      this.changes.push({ entity, id, op: 'insert', before: null, after: row })
      this.freshIds.add(id)
      out.push(row as Row<T>)
      if (out.length % BULK_ROWS === 0) flush()
    }
    if (rowValues.length) flush()
    return out
  }

  /** Updates only what differs; returns the row after. An unchanged row writes nothing. */
  update<T extends AnyTable>(table: T, id: string, patch: Partial<NewRow<T>>): Row<T> {
    const before = this.rowById(table, id)
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

  /**
   * A conditional update: the patch applies only while the row still matches `expected`, checked
   * by the UPDATE's own WHERE (e.g. `state = 'queued'`), so of two claimants only one can win.
   * Returns the row after, or null when the row did not match (then nothing is written).
   */
  updateIf<T extends AnyTable>(table: T, id: string, expected: Partial<Row<T>>, patch: Partial<NewRow<T>>): Row<T> | null {
    const before = this.rowById(table, id)
    if (!before) return null
    const set: Record<string, unknown> = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))
    if ('updatedAt' in before) set.updatedAt = this.now
    const after = this.conditionalUpdate(table, id, expected as Record<string, unknown>, set) as Row<T> | undefined
    if (!after) return null
    this.record(getTableName(table), id, 'update', before, after)
    return after
  }

  /** An audit-only entry for a decision that changes no row by itself (e.g. why two customers were merged). */
  note(entity: string, id: string, details: Record<string, unknown>): void {
    this.orm
      .insert(auditLog)
      .values({ id: newId(), at: this.now, staffId: this.ctx.staffId, stationCode: this.ctx.stationCode, operation: this.ctx.operation, entity, entityId: id, before: null, after: JSON.stringify(details) })
      .run()
  }

  /**
   * Erases the given fields from every earlier audit and change-log copy of a row (RODO
   * anonymisation): the record of who changed what and when stays, the personal values go.
   * Values equal to `keep[field]` (the row's anonymised value) stay, so the change that writes
   * them still carries them to other desks.
   */
  scrubHistory(entity: string, id: string, fields: readonly string[], keep: Record<string, unknown> = {}): void {
    const scrub = (json: string | null) => scrubFields(json, fields, keep)
    for (const a of this.orm.select().from(auditLog).where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, id))).all()) {
      this.orm.update(auditLog).set({ before: scrub(a.before), after: scrub(a.after) }).where(eq(auditLog.id, a.id)).run()
    }
    for (const c of this.orm.select().from(changeLog).where(and(eq(changeLog.entity, entity), eq(changeLog.entityId, id))).all()) {
      this.orm.update(changeLog).set({ fields: scrub(c.fields)! }).where(eq(changeLog.counter, c.counter)).run()
    }
  }

  /** The row as it is now: a drizzle statement prepared once per table and connection (every update reads it). */
  private rowById<T extends AnyTable>(table: T, id: string): Row<T> | undefined {
    const statement = preparedOnce(this.orm, `write.row:${getTableName(table)}`, () =>
      this.orm.select().from(table as SQLiteTable).where(eq(table.id, sql.placeholder('id'))).prepare(),
    )
    return statement.get({ id }) as Row<T> | undefined
  }

  /**
   * UPDATE … WHERE id AND the expected values … RETURNING *, prepared once per table and shape
   * (which columns are set, which are expected, which expected are null): the mail sender and
   * the billing run call it for every row. Values are mapped to SQLite's here, as drizzle would.
   */
  private conditionalUpdate(table: AnyTable, id: string, expected: Record<string, unknown>, set: Record<string, unknown>): unknown {
    const columns = getTableColumns(table) as Record<string, SQLiteColumn>
    const toDriver = (key: string, v: unknown) => (v === null || v === undefined ? null : columns[key].mapToDriverValue(v))
    const setKeys = Object.keys(set)
    const expectedKeys = Object.keys(expected)
    const shape = `${setKeys.join(',')}|${expectedKeys.map((k) => (expected[k] === null ? `${k}=null` : k)).join(',')}`
    const statement = preparedOnce(this.orm, `write.update:${getTableName(table)}|${shape}`, () => {
      const conditions = expectedKeys.map((k) => (expected[k] === null ? isNull(columns[k]) : eq(columns[k], sql`${sql.placeholder(`e_${k}`)}`)))
      return this.orm
        .update(table)
        .set(Object.fromEntries(setKeys.map((k) => [k, sql`${sql.placeholder(`s_${k}`)}`])) as never)
        .where(and(eq(table.id, sql`${sql.placeholder('id')}`), ...conditions))
        .returning()
        .prepare()
    })
    const values: Record<string, unknown> = { id }
    for (const k of setKeys) values[`s_${k}`] = toDriver(k, set[k])
    for (const k of expectedKeys) if (expected[k] !== null) values[`e_${k}`] = toDriver(k, expected[k])
    return statement.get(values)
  }

  private record(entity: string, id: string, op: RowChange['op'], before: object | null, after: object | null): void {
    const beforeRec = before as Record<string, unknown> | null
    const afterRec = after as Record<string, unknown> | null
    // Every audited write passes here: statements prepared once per connection, not built per row.
    const sqlite = (this.orm as Orm & { $client: Database.Database }).$client
    bulkStatement(sqlite, 'audit_log', AUDIT_COLUMNS, 1).run(newId(), this.now, this.ctx.staffId, this.ctx.stationCode, this.ctx.operation, entity, id, redact(beforeRec), redact(afterRec))
    if (!isLocalOnly(entity, id)) {
      // Grouped fields (an address) travel whole, so the hub can settle them as one unit.
      const fields = op === 'update' ? pick(afterRec!, fieldUnits(entity, Object.keys(changedFields(beforeRec!, afterRec!))).flat()) : afterRec
      const seen = cachedStatement(sqlite, 'SELECT hub_seq FROM sync_versions WHERE id = ?').get(`${entity}/${id}`) as { hub_seq: number } | undefined
      // baseSeq: the hub version of this row the clerk saw — the hub tells causal edits from concurrent ones.
      bulkStatement(sqlite, 'change_log', CHANGE_COLUMNS_WITH_STAFF, 1).run(
        newId(),
        this.clock.next(this.ctx.stationCode),
        this.ctx.stationCode,
        entity,
        id,
        op,
        JSON.stringify(fields),
        seen?.hub_seq ?? null,
        null,
        this.now,
        this.ctx.staffId,
      )
    }
    this.changes.push({ entity, id, op, before: beforeRec, after: afterRec })
  }
}

const CHUNK = 500
const chunksOf = <T>(items: readonly T[]): T[][] => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK))

/** Rows per statement of insertMany(): the widest table stays under the bound-variable limit. */
const BULK_ROWS = 200
const AUDIT_COLUMNS = '"id", "at", "staff_id", "station_code", "operation", "entity", "entity_id", "before", "after"'
const CHANGE_COLUMNS = '"mutation_id", "hlc", "station_code", "entity", "entity_id", "op", "fields", "base_seq", "pushed_seq", "at"'
const CHANGE_COLUMNS_WITH_STAFF = `${CHANGE_COLUMNS}, "staff_id"`

interface TableShape {
  keys: string[]
  defaults: unknown[]
  mappers: (((v: unknown) => unknown) | null)[]
  sqlColumns: string
}
const shapes = new WeakMap<AnyTable, TableShape>()
function tableShape(table: AnyTable): TableShape {
  let shape = shapes.get(table)
  if (!shape) {
    const columns = Object.entries(getTableColumns(table)) as [string, SQLiteColumn][]
    shape = {
      keys: columns.map(([key]) => key),
      defaults: columns.map(([, c]) => (c.hasDefault && !is(c.default, SQL) ? c.default : null) ?? null),
      mappers: columns.map(([, c]) => (c.mapToDriverValue === Column.prototype.mapToDriverValue ? null : (v: unknown) => c.mapToDriverValue(v))),
      sqlColumns: columns.map(([, c]) => `"${c.name}"`).join(', '),
    }
    shapes.set(table, shape)
  }
  return shape
}

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>()
/** A statement prepared once per connection (the write path's fixed statements). */
function cachedStatement(sqlite: Database.Database, source: string): Database.Statement {
  let cache = statementCache.get(sqlite)
  if (!cache) statementCache.set(sqlite, (cache = new Map()))
  let stmt = cache.get(source)
  if (!stmt) cache.set(source, (stmt = sqlite.prepare(source)))
  return stmt
}
function bulkStatement(sqlite: Database.Database, table: string, sqlColumns: string, rows: number): Database.Statement {
  const tuple = `(${sqlColumns.split(', ').map(() => '?').join(', ')})`
  return cachedStatement(sqlite, `INSERT INTO "${table}" (${sqlColumns}) VALUES ${Array(rows).fill(tuple).join(', ')}`)
}

/** Secrets never go into the audit log (they still sync, so other desks can check logins). */
const REDACTED_FIELDS = new Set(['passwordHash', 'deskToken'])
/** Settings rows whose whole value is a secret (e.g. the SMTP password). */
const SECRET_SETTINGS = new Set(['smtp.password'])
function redact(row: Record<string, unknown> | null): string | null {
  if (!row) return null
  const secretSetting = typeof row.id === 'string' && SECRET_SETTINGS.has(row.id) && 'value' in row
  // Almost no row holds a secret: plain JSON, and the (slow) replacer only where one may be.
  const plain = JSON.stringify(row)
  if (!secretSetting && ![...REDACTED_FIELDS].some((f) => plain.includes(`"${f}":`))) return plain
  return JSON.stringify(row, (key, value) => ((REDACTED_FIELDS.has(key) || (secretSetting && key === 'value')) && value !== null ? '[ukryte]' : value))
}

/** Makes a rename in `dir` durable (POSIX); where a directory cannot be opened (Windows) the rename is already. */
function syncDirectory(dir: string): void {
  let fd: number | null = null
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch {
    // Not supported here.
  } finally {
    if (fd !== null) closeSync(fd)
  }
}

const pick = (row: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.filter((k) => k in row).map((k) => [k, row[k]]))

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k] !== v))
}

export class DeskDb {
  /**
   * Reads (drizzle, typed without writes). One object for the desk's life that always reads the
   * current connection: services keep it, and a join from a file (replaceWith) reopens the database.
   */
  readonly read: ReadOrm
  readonly schemaVersion: number
  private sqlite: OpenedDatabase['sqlite']
  private orm: Orm
  private readonly clock: HybridClock
  private readonly commitListeners: Array<(changes: readonly RowChange[]) => void> = []
  /** Set while loadFromHub() holds its transaction open across network waits. */
  private loadingFromHub = false
  /** Nesting of DeskDb's own transactions: the connection is writable only inside them. */
  private writing = 0
  /**
   * Whether the connection is query_only outside DeskDb's transactions. Switching it is a flag
   * pragma, which expires every prepared statement of the connection: measured, a long series of
   * small writes slows down several times (2.5 ms instead of 0.4–1.2 ms per write after a few
   * thousand), so it is the tests' guard (IBOK_WRITE_GUARD=1, tests/support/vitest-setup.ts), not
   * the desk's. The types and the write-path lint rule hold in production.
   */
  private readonly guarded = process.env.IBOK_WRITE_GUARD === '1'
  private queryOnlyOn!: Database.Statement
  private queryOnlyOff!: Database.Statement

  constructor(
    opened: OpenedDatabase,
    private readonly hooks: AfterWriteHook[] = [],
    private readonly nowIso: () => string = () => new Date().toISOString(),
  ) {
    this.sqlite = opened.sqlite
    this.orm = opened.orm
    this.read = new Proxy(opened.orm, {
      get: (_target, key) => {
        if (key === CURRENT_ORM) return this.orm
        const value: unknown = Reflect.get(this.orm, key, this.orm)
        return typeof value === 'function' ? value.bind(this.orm) : value
      },
    })
    this.schemaVersion = opened.schemaVersion
    // Stamps follow the desk clock (tests skew it); the HLC keeps them monotonic anyway.
    this.clock = new HybridClock(() => Date.parse(this.nowIso()))
    this.attach(opened)
    // The sync bookkeeping row exists from the start (one row, updated in place).
    this.sqlite.prepare('INSERT OR IGNORE INTO sync_state (id, cursor) VALUES (1, 0)').run()
  }

  /** Takes `opened` as this desk's connection (at start, and after replaceWith's rename). */
  private attach(opened: OpenedDatabase): void {
    this.sqlite = opened.sqlite
    this.orm = opened.orm
    this.queryOnlyOn = this.sqlite.prepare('PRAGMA query_only = ON')
    this.queryOnlyOff = this.sqlite.prepare('PRAGMA query_only = OFF')
    if (this.guarded) this.queryOnlyOn.run()
  }

  /**
   * Raw reads on hot paths (prepared statements without run()). The current connection: take it
   * per use, and key any statement cache on it (a join from a file replaces it).
   */
  get readSql(): ReadSql {
    return this.sqlite as unknown as ReadSql
  }

  /** The database file (a backup copies it). */
  get file(): string {
    return this.sqlite.name
  }

  /**
   * Runs `fn` with the connection writable. Outside DeskDb's own transactions it is query_only:
   * a write through any other handle fails with SQLITE_READONLY (tests/unit/write-path.test.ts).
   */
  private writable<R>(fn: () => R): R {
    if (this.writing++ === 0 && this.guarded) this.queryOnlyOff.run()
    try {
      return fn()
    } finally {
      if (--this.writing === 0 && this.guarded) this.queryOnlyOn.run()
    }
  }

  private indexWriter(): IndexWriter {
    return { read: this.orm, reindex: (query) => this.orm.run(query) }
  }

  /** One transaction: rows + audit + change log + derived indexes, all or nothing. */
  write<R>(ctx: WriteContext, fn: (tx: WriteTx) => R): R {
    if (this.loadingFromHub) throw new ApiError('UNAVAILABLE', 'Trwa pobieranie danych z serwera synchronizacji — spróbuj za chwilę')
    let changes: readonly RowChange[] = []
    const run = this.sqlite.transaction(() => {
      const tx = new WriteTx(this.orm, ctx, this.clock, this.nowIso())
      const result = fn(tx)
      for (const hook of this.hooks) hook(tx, tx.changes)
      changes = tx.changes
      return result
    })
    const result = this.writable(() => run.immediate())
    for (const listener of this.commitListeners) listener(changes)
    return result
  }

  /**
   * A long series of writes (a billing run's chunks): while `fn` runs, the page cache is large and
   * the WAL is checkpointed by a worker thread (./checkpointer.ts) instead of inside the commits,
   * so the series' thread only writes; the connection's own autocheckpoint stays as a safety net
   * (BULK_SAFETY_CHECKPOINT_PAGES; BULK_CHECKPOINT_PAGES where no worker can run). `fn` calls
   * `between()` between its writes (see there). Each chunk still commits on its own (durable as
   * any write); afterwards the settings return and the WAL is checkpointed once more.
   */
  async bulkWrites<R>(fn: (between: () => Promise<void>) => Promise<R>, { walRestartPages = BULK_WAL_RESTART_PAGES } = {}): Promise<R> {
    const sqlite = this.sqlite
    const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number
    const checkpointPages = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number
    const background = await startBackgroundCheckpoints(this.file)
    sqlite.pragma(`cache_size = ${-IMPORT_CACHE_KIB}`)
    sqlite.pragma(`wal_autocheckpoint = ${background ? BULK_SAFETY_CHECKPOINT_PAGES : BULK_CHECKPOINT_PAGES}`)
    // Between two writes of the series: a turn of the event loop, and once the WAL is long, a
    // pause for the worker to copy it back wholly, so that the next write restarts it.
    const between = async () => {
      if (background && background.walFrames() > walRestartPages) await background.settle()
      else await new Promise<void>((resolve) => setImmediate(resolve))
    }
    try {
      return await fn(between)
    } finally {
      sqlite.pragma(`cache_size = ${cacheSize}`)
      sqlite.pragma(`wal_autocheckpoint = ${checkpointPages}`)
      if (background) await background.stop()
      else sqlite.pragma('wal_checkpoint(PASSIVE)')
    }
  }

  /**
   * This desk's sync bookkeeping (bookkeeping.ts) in one transaction: marks that are never
   * replayed to other desks, audited where they change what this desk sends.
   */
  bookkeeping<R>(ctx: WriteContext, fn: (book: SyncBookkeeping) => R): R {
    const run = this.sqlite.transaction(() => fn(new SyncBookkeeping(this.orm, this.sqlite, ctx, this.nowIso(), (node, wall) => this.nextHlc(node, wall))))
    return this.writable(() => run.immediate())
  }

  /**
   * Bulk path for seed data of a new office (demo, benchmarks): multi-row INSERTs in ONE
   * transaction, one audit entry summarising the import and NO change-log entries — these rows
   * are the office's starting state, not edits for other desks to replay (a fresh desk gets them
   * from a snapshot). Derived indexes are rebuilt once at the end. `batches` is consumed lazily,
   * so a generator can stream millions of rows without holding them. Nests as a savepoint when
   * called inside write(), so seed rows and audited settings commit together.
   *
   * Order: a table's first batch must come after the first batch of every table it references,
   * and a row after the rows it references (as a generator naturally yields them). Buffered rows
   * are written table by table in that first-seen order, so foreign keys are checked immediately
   * and cheaply — a row out of order fails the import instead of slowing it down.
   */
  importRows(ctx: WriteContext, batches: Iterable<ImportBatch>): ImportSummary {
    const started = performance.now()
    const counts: Record<string, number> = {}
    const cacheSize = this.sqlite.pragma('cache_size', { simple: true }) as number
    const run = this.sqlite.transaction(() => {
      const inserters = new Map<AnyTable, TableInserter>()
      /** Secondary indexes of tables that were empty: dropped now, built once at the end. */
      const dropped: { name: string; sql: string }[] = []
      let buffered = 0
      const flushAll = () => {
        for (const inserter of inserters.values()) inserter.flush()
        buffered = 0
      }
      for (const batch of batches) {
        let inserter = inserters.get(batch.table)
        if (!inserter) {
          // Index entries of millions of rows in random key order thrash the page cache; a
          // CREATE INDEX afterwards sorts once. Only for empty tables: seed data, not a merge.
          dropped.push(...this.dropIndexesIfEmpty(getTableName(batch.table)))
          inserters.set(batch.table, (inserter = new TableInserter(this.sqlite, batch.table)))
        }
        for (const row of batch.rows) inserter.add(row as Record<string, unknown>)
        buffered += batch.rows.length
        if (buffered >= FLUSH_ROWS) flushAll()
      }
      flushAll()
      for (const index of dropped) this.sqlite.exec(index.sql)
      for (const [table, inserter] of inserters) counts[getTableName(table)] = inserter.count
      for (const hook of this.hooks) hook.rebuild?.(this.indexWriter())
      this.orm
        .insert(auditLog)
        .values({
          id: newId(),
          at: this.nowIso(),
          staffId: ctx.staffId,
          stationCode: ctx.stationCode,
          operation: ctx.operation,
          entity: 'bulk_import',
          entityId: newId(),
          before: null,
          after: JSON.stringify({ rows: counts }),
        })
        .run()
    })
    this.sqlite.pragma(`cache_size = ${-IMPORT_CACHE_KIB}`)
    try {
      this.writable(() => run.immediate())
    } finally {
      this.sqlite.pragma(`cache_size = ${cacheSize}`)
    }
    return { rows: counts, ms: Math.round(performance.now() - started) }
  }

  /** Secondary indexes of an empty table, dropped (to be rebuilt once after a bulk load). */
  private dropIndexesIfEmpty(name: string): { name: string; sql: string }[] {
    if (this.sqlite.prepare(`SELECT 1 FROM "${name}" LIMIT 1`).get()) return []
    const indexes = this.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").all(name) as { name: string; sql: string }[]
    for (const index of indexes) this.sqlite.exec(`DROP INDEX "${index.name}"`)
    return indexes
  }

  /**
   * Applies entries of the hub's log (remote.ts) in one transaction: rows only (their audit and
   * change log live where they were made), derived indexes refreshed, foreign keys checked at
   * commit so that rows may arrive in any order within one batch. `cursor`, when given, moves
   * the pull position in the same transaction.
   */
  applyRemote(entries: readonly LogEntry[], me: string, cursor?: number): void {
    if (this.loadingFromHub) throw new ApiError('UNAVAILABLE', 'Trwa pobieranie danych z serwera synchronizacji — spróbuj za chwilę')
    let changes: RowChange[] = []
    const run = this.sqlite.transaction(() => {
      this.sqlite.pragma('defer_foreign_keys = ON')
      const tx = new WriteTx(this.orm, { staffId: null, stationCode: 'HUB', operation: 'sync.pull' }, this.clock, this.nowIso())
      applyEntries(this.orm, this.sqlite, tx.changes, entries, me)
      if (cursor !== undefined) this.orm.update(syncState).set({ cursor }).where(eq(syncState.id, 1)).run()
      for (const hook of this.hooks) hook(tx, tx.changes)
      changes = tx.changes
    })
    try {
      this.writable(() => run.immediate())
    } catch (err) {
      // A COMMIT refused by a deferred foreign key leaves the transaction open.
      if (this.sqlite.inTransaction) this.writable(() => this.sqlite.exec('ROLLBACK'))
      throw err
    }
    for (const listener of this.commitListeners) listener(changes)
  }

  /** Rebuilds derived data (the search index) from scratch, e.g. after a desk reset from a snapshot. */
  rebuildDerived(): void {
    const run = this.sqlite.transaction(() => {
      for (const hook of this.hooks) hook.rebuild?.(this.indexWriter())
    })
    this.writable(() => run.immediate())
  }

  /**
   * After an erasure has committed: merges the given full-text indexes (an FTS5 delete only adds
   * a tombstone; the old words stay in their segment until a merge), then checkpoints and
   * truncates the WAL so old page images go too. With secure_delete on, every freed page is
   * zeroed. Returns false when a reader (a backup) kept the checkpoint from finishing.
   */
  purgeFreedPages(ftsIndexes: readonly string[]): boolean {
    return this.writable(() => {
      for (const index of ftsIndexes) this.sqlite.prepare(`INSERT INTO "${index}" ("${index}") VALUES ('optimize')`).run()
      const [result] = this.sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[]
      return !result?.busy
    })
  }

  /** A consistent copy of the live database into `file` (in small steps between other work). */
  async backup(file: string): Promise<void> {
    await this.sqlite.backup(file)
  }

  /**
   * Bulk path for a desk (re)starting from the hub's snapshot. Everything the snapshot replaces is
   * emptied (synced tables, except this desk's local settings; hub versions; the quarantine —
   * those entries are in the snapshot as the office has them now); `load` then feeds rows
   * (drizzle shape) page by page, awaiting the network between pages — all in ONE transaction, so
   * a desk that fails or crashes half-way keeps its old state and simply starts again. Like
   * importRows(): multi-row INSERTs, secondary indexes of emptied tables dropped and built once,
   * derived data rebuilt once, foreign keys checked once at the end (a snapshot comes table by
   * table, children may precede parents); no audit and no change log for the hub's rows. This
   * desk's queued changes are laid back on top (they stay queued), then `finish` writes what the
   * caller adds (pull position, station, hub address) through a WriteTx under `ctx`, audited.
   * Writes are refused while it runs, so no clerk's change can end up inside a transaction that
   * may still roll back.
   */
  async loadFromHub<R>(
    ctx: WriteContext,
    load: (add: (table: AnyTable, row: Record<string, unknown>) => void, flush: () => void) => Promise<R>,
    finish: (tx: WriteTx) => void = () => {},
  ): Promise<R> {
    if (this.sqlite.inTransaction || this.loadingFromHub) throw new ApiError('CONFLICT', 'Pobieranie migawki z serwera już trwa')
    const cacheSize = this.sqlite.pragma('cache_size', { simple: true }) as number
    const inserters = new Map<AnyTable, TableInserter>()
    const dropped: { name: string; sql: string }[] = []
    // PRAGMA foreign_keys is a no-op inside a transaction: switch it before BEGIN.
    this.sqlite.pragma('foreign_keys = OFF')
    this.sqlite.pragma(`cache_size = ${-IMPORT_CACHE_KIB}`)
    this.loadingFromHub = true
    // Writable across the network waits: write() is refused meanwhile (loadingFromHub).
    if (this.writing++ === 0 && this.guarded) this.queryOnlyOff.run()
    this.sqlite.exec('BEGIN IMMEDIATE')
    try {
      // Append-only guards (facts refuse DELETE and UPDATE) are right for clerks and wrong for a
      // reset, which replaces the rows with the hub's: they are lifted inside this transaction and
      // put back before it commits. DDL is transactional in SQLite, so a failure or a crash
      // restores them with the old rows, and no other writer can run meanwhile (BEGIN IMMEDIATE).
      const guards = this.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%RAISE(%'").all() as { name: string; sql: string }[]
      for (const guard of guards) this.sqlite.exec(`DROP TRIGGER "${guard.name}"`)
      this.clearForSnapshot()
      const flush = () => {
        for (const inserter of inserters.values()) inserter.flush()
      }
      const add = (table: AnyTable, row: Record<string, unknown>) => {
        let inserter = inserters.get(table)
        if (!inserter) {
          dropped.push(...this.dropIndexesIfEmpty(getTableName(table)))
          inserters.set(table, (inserter = new TableInserter(this.sqlite, table)))
        }
        inserter.add(row)
      }
      const result = await load(add, flush)
      flush()
      for (const index of dropped) this.sqlite.exec(index.sql)
      relayQueued(this.orm)
      finish(new WriteTx(this.orm, ctx, this.clock, this.nowIso()))
      for (const guard of guards) this.sqlite.exec(guard.sql)
      const broken = this.sqlite.pragma('foreign_key_check') as unknown[]
      if (broken.length) throw new Error(`Migawka z serwera ma ${broken.length} niespójnych powiązań`)
      for (const hook of this.hooks) hook.rebuild?.(this.indexWriter())
      this.sqlite.exec('COMMIT')
      // Caches keyed on tables (office settings, consumption averages) hear that every loaded
      // table changed; one summary change per table, not millions of rows.
      const changes: RowChange[] = [...inserters.keys()].map((t) => ({ entity: getTableName(t), id: '*', op: 'insert', before: null, after: null }))
      for (const listener of this.commitListeners) listener(changes)
      return result
    } catch (err) {
      if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK')
      throw err
    } finally {
      this.loadingFromHub = false
      if (--this.writing === 0 && this.guarded) this.queryOnlyOn.run()
      this.sqlite.pragma(`cache_size = ${cacheSize}`)
      this.sqlite.pragma('foreign_keys = ON')
    }
  }

  /**
   * A new desk takes the office as a ready database file (the hub's replica, downloaded and
   * checked by the caller): `catchUp` feeds it the hub's log after the file's seq, `finish` writes
   * this desk's identity and sync position into THAT file (with this desk's own history and local
   * settings copied over), then the file is renamed over this database and reopened (renameOver:
   * the file is written once, never copied). All or nothing: until the rename the desk is exactly
   * as before; after it the new file is complete. Where the rename cannot be done the backup API
   * copies the file over this database in one transaction instead (copyOver). Statement caches
   * are keyed on the connection (`read` follows it; `readSql` is taken per use).
   * Only for a desk with nothing queued (a first join): nothing of its own is laid back on top.
   */
  async replaceWith(
    file: string,
    ctx: WriteContext,
    catchUp: (apply: (entries: readonly LogEntry[]) => void) => Promise<void>,
    finish: (tx: WriteTx) => void,
  ): Promise<{ ms: { catchUp: number; prepare: number; swap: number } }> {
    if (this.sqlite.inTransaction || this.loadingFromHub) throw new ApiError('CONFLICT', 'Pobieranie danych z serwera już trwa')
    const started = performance.now()
    let caughtUp: number
    this.loadingFromHub = true
    try {
      const incoming = new Database(file, { fileMustExist: true })
      try {
        const version = incoming.pragma('user_version', { simple: true }) as number
        if (version !== this.schemaVersion) throw new Error(`Plik z danymi biura ma schemat ${version}, to stanowisko ${this.schemaVersion}`)
        // A self-contained file: no -wal beside it to lose at the rename (or for the fallback copy to skip).
        incoming.pragma('journal_mode = DELETE')
        incoming.pragma('secure_delete = ON')
        registerFunctions(incoming)
        // The hub's log after the file's seq goes into the file itself, before the swap: the desk
        // never shows (or numbers from) an older state of the office than the hub had at the join.
        const orm = drizzle(incoming, { schema })
        await catchUp((entries) => {
          incoming.transaction(() => {
            incoming.pragma('defer_foreign_keys = ON')
            applyEntries(orm, incoming, [], entries, ctx.stationCode)
          })()
        })
        caughtUp = performance.now()
        incoming.prepare('ATTACH DATABASE ? AS live').run(this.file)
        incoming.transaction(() => {
          // What is this desk's own, not the office's: its history and its local settings.
          incoming.exec('DELETE FROM main.audit_log; INSERT INTO main.audit_log SELECT * FROM live.audit_log')
          const local = LOCAL_ONLY_SETTINGS.map(() => '?').join(', ')
          incoming.prepare(`DELETE FROM main.settings WHERE id IN (${local})`).run(...LOCAL_ONLY_SETTINGS)
          incoming.prepare(`INSERT INTO main.settings SELECT * FROM live.settings WHERE id IN (${local})`).run(...LOCAL_ONLY_SETTINGS)
          incoming.exec('DELETE FROM main.sync_state; INSERT INTO main.sync_state SELECT * FROM live.sync_state')
          finish(new WriteTx(orm, ctx, this.clock, this.nowIso()))
          // Derived data (the search indexes) is this desk's: the hub ships the file without it.
          for (const hook of this.hooks) hook.rebuild?.({ read: orm, reindex: (query) => orm.run(query) })
        })()
        incoming.exec('DETACH DATABASE live')
      } finally {
        incoming.close()
      }
      const prepared = performance.now()
      if (!this.renameOver(file)) await this.copyOver(file)
      const changes: RowChange[] = [...tablesByName.keys()].map((t) => ({ entity: t, id: '*', op: 'insert', before: null, after: null }))
      for (const listener of this.commitListeners) listener(changes)
      return { ms: { catchUp: Math.round(caughtUp - started), prepare: Math.round(prepared - caughtUp), swap: Math.round(performance.now() - prepared) } }
    } finally {
      this.loadingFromHub = false
    }
  }

  /**
   * The prepared file becomes this database by a rename, without copying it: the live connection
   * is checkpointed and closed, the old -wal/-shm go (a WAL must never be replayed onto another
   * file), the file is renamed over the database and reopened. False, with the old database open
   * and unchanged, when that cannot be done: another connection (a backup being taken) holds
   * frames in the WAL, or the system refuses to rename over an open file (Windows).
   */
  private renameOver(file: string): boolean {
    const [checkpoint] = this.withoutWaiting(() => this.writable(() => this.sqlite.pragma('wal_checkpoint(TRUNCATE)'))) as { busy: number }[]
    if (checkpoint?.busy) return false
    const live = this.file
    this.sqlite.close()
    try {
      for (const suffix of ['-wal', '-shm']) rmSync(live + suffix, { force: true })
      renameSync(file, live)
    } catch {
      this.attach(reopenDatabase(live, this.schemaVersion))
      return false
    }
    syncDirectory(dirname(live))
    // From here the prepared file is the database: complete, with this desk's identity in it.
    this.attach(reopenDatabase(live, this.schemaVersion))
    return true
  }

  /** A lock another connection holds is answered at once (busy), not after the usual wait. */
  private withoutWaiting<R>(fn: () => R): R {
    const timeout = this.sqlite.pragma('busy_timeout', { simple: true }) as number
    this.sqlite.pragma('busy_timeout = 0')
    try {
      return fn()
    } finally {
      this.sqlite.pragma(`busy_timeout = ${timeout}`)
    }
  }

  /** The fallback: SQLite's backup API copies the prepared file over the live one in one transaction. */
  private async copyOver(file: string): Promise<void> {
    const source = new Database(file, { readonly: true, fileMustExist: true })
    // Another connection to this file (a backup being written) keeps the WAL: then the copy goes through it.
    const journal = this.withoutWaiting(() =>
      this.writable(() => {
        try {
          return this.sqlite.pragma('journal_mode = DELETE', { simple: true }) as string
        } catch {
          return 'wal'
        }
      }),
    )
    try {
      await source.backup(this.file, { progress: () => 1 << 30 })
    } finally {
      source.close()
      this.withoutWaiting(() => this.writable(() => this.sqlite.pragma(journal === 'wal' ? 'wal_checkpoint(TRUNCATE)' : 'journal_mode = WAL')))
    }
  }

  /** Empties what a snapshot replaces: synced tables (not this desk's local settings), hub versions, the quarantine. */
  private clearForSnapshot(): void {
    for (const [name] of tablesByName) {
      if (LOCAL_ONLY_TABLES.has(name)) continue
      const keep = name === 'settings' ? sql` WHERE id NOT IN (${sql.join(LOCAL_ONLY_SETTINGS.map((k) => sql`${k}`), sql`, `)})` : sql``
      this.orm.run(sql`DELETE FROM ${sql.identifier(name)}${keep}`)
    }
    this.orm.delete(syncVersions).run()
    this.orm.delete(syncQuarantine).run()
  }

  /** A fresh timestamp from this desk's clock (e.g. to re-stamp changes queued while the clock was wrong). */
  nextHlc(node: string, fromWallClock = false): string {
    if (fromWallClock) this.clock.resetToWallClock()
    return this.clock.next(node)
  }

  /** Called after each committed write (caches, UI events); never inside the transaction. */
  onCommit(listener: (changes: readonly RowChange[]) => void): void {
    this.commitListeners.push(listener)
  }

  close(): void {
    this.sqlite.close()
  }
}

/** Buffers one table's rows and writes them with prepared multi-row INSERTs. */
class TableInserter {
  count = 0
  private readonly keys: string[]
  private readonly defaults: unknown[]
  /** Per column: the driver mapping (booleans → 0/1, JSON …), or null where it is the identity. */
  private readonly mappers: (((v: unknown) => unknown) | null)[]
  private readonly sqlColumns: string
  private readonly rowsPerStatement: number
  private readonly statements = new Map<number, Database.Statement>()
  private values: unknown[] = []
  private buffered = 0

  constructor(
    private readonly sqlite: Database.Database,
    private readonly table: AnyTable,
  ) {
    const columns = Object.entries(getTableColumns(table)) as [string, SQLiteColumn][]
    this.keys = columns.map(([key]) => key)
    this.defaults = columns.map(([, c]) => (c.hasDefault && !is(c.default, SQL) ? c.default : null) ?? null)
    this.mappers = columns.map(([, c]) => (c.mapToDriverValue === Column.prototype.mapToDriverValue ? null : (v: unknown) => c.mapToDriverValue(v)))
    this.sqlColumns = columns.map(([, c]) => `"${c.name}"`).join(', ')
    this.rowsPerStatement = Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_BOUND_VARIABLES / columns.length))
  }

  add(row: Record<string, unknown>): void {
    for (let i = 0; i < this.keys.length; i++) {
      const given = row[this.keys[i]]
      const value = given === undefined ? this.defaults[i] : given
      const mapper = this.mappers[i]
      this.values.push(value === null || mapper === null ? value : mapper(value))
    }
    this.buffered++
  }

  /** Writes everything buffered: full statements, then the rest in power-of-two sizes (few distinct statements to prepare). */
  flush(): void {
    const width = this.keys.length
    let offset = 0
    for (let left = this.buffered; left > 0; ) {
      const size = left >= this.rowsPerStatement ? this.rowsPerStatement : 2 ** Math.floor(Math.log2(left))
      this.statement(size).run(this.values.slice(offset, offset + size * width))
      offset += size * width
      left -= size
    }
    this.count += this.buffered
    this.values = []
    this.buffered = 0
  }

  private statement(rows: number): Database.Statement {
    let stmt = this.statements.get(rows)
    if (!stmt) {
      const tuple = `(${this.keys.map(() => '?').join(', ')})`
      const sql = `INSERT INTO "${getTableName(this.table)}" (${this.sqlColumns}) VALUES ${Array(rows).fill(tuple).join(', ')}`
      this.statements.set(rows, (stmt = this.sqlite.prepare(sql)))
    }
    return stmt
  }
}

/** A snapshot row into the bulk loader; its hub version only when it has one (seeded rows are version 0). */
export function loadSnapshotRow(add: (table: AnyTable, row: Record<string, unknown>) => void, row: SnapshotRow): void {
  const table = tablesByName.get(row.entity)
  if (!table || isLocalOnly(row.entity, row.entityId)) return
  const data = row.deleted ? { ...row.data, deletedAt: row.data.deletedAt ?? new Date().toISOString() } : row.data
  add(table as AnyTable, { ...data, id: row.entityId })
  // No entry reads as version 0 (base_seq null), so rows no desk ever edited cost nothing here.
  if (row.seq > 0) add(syncVersions as unknown as AnyTable, { id: versionKey(row.entity, row.entityId), hubSeq: row.seq })
}
