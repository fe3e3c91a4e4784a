// Opening the desk database: pragmas, the newer-version guard, migrations — before any data is read.
import Database from 'better-sqlite3'
import { getTableColumns, getTableName, sql, type Column, type Placeholder } from 'drizzle-orm'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { foldText } from '../../shared/domain/text'
import * as schema from './schema'

export type Orm = BetterSQLite3Database<typeof schema>

/**
 * The read side of the desk database: drizzle without insert/update/delete/run (and without
 * `with`, whose builder offers them). Writes go through DeskDb (write.ts); at run time the
 * connection is also `query_only` outside DeskDb's transactions, so a stray raw write fails.
 */
export type ReadOrm = Pick<Orm, 'select' | 'selectDistinct' | 'query' | '$count' | 'all' | 'get' | 'values'>

const preparedQueries = new WeakMap<object, Map<string, unknown>>()

/**
 * A query built and prepared once per connection, then run with placeholders (`sql.placeholder`):
 * on hot paths — the customer card reads a few dozen small queries, the write path reads and
 * updates a row per write — drizzle's query building and SQLite's prepare cost more than the query
 * itself. `key` names the query, unique in the program; `build` returns the prepared statement
 * (outside db/ only reads: a select's `.prepare()` or a read statement).
 */
export function preparedOnce<T>(orm: ReadOrm, key: string, build: () => T): T {
  const connection = currentOrm(orm)
  let cache = preparedQueries.get(connection)
  if (!cache) preparedQueries.set(connection, (cache = new Map()))
  let query = cache.get(key) as T | undefined
  if (query === undefined) cache.set(key, (query = build()))
  return query
}

/**
 * preparedOnce for a query with an IN list (a customer and the records merged into it: nearly
 * always one): one statement per list length, `build` given that many placeholders; run it with
 * `listParams(values)` (and any named placeholders of its own).
 */
export function preparedForList<T>(orm: ReadOrm, key: string, length: number, build: (list: Placeholder[]) => T): T {
  return preparedOnce(orm, `${key}|${length}`, () => build(Array.from({ length }, (_, i) => sql.placeholder(`list${i}`))))
}

/** The parameters of preparedForList's placeholders. */
export const listParams = (values: readonly unknown[]): Record<string, unknown> => Object.fromEntries(values.map((v, i) => [`list${i}`, v]))

/** Column kinds a raw read returns exactly as drizzle maps them (no JSON, boolean or date decoding). */
const PLAIN_COLUMNS = new Set(['SQLiteText', 'SQLiteInteger', 'SQLiteReal'])

/**
 * The select list (`customer_id AS "customerId", …`) of a raw read that returns a table's rows in
 * drizzle's shape, from the table's own definition — for preparedSql on hot paths, where drizzle's
 * row mapping costs more than the read. `keys`: only these fields. Refuses a column drizzle decodes.
 */
export function plainColumns<T extends SQLiteTable, K extends keyof T['_']['columns'] & string>(table: T, keys?: readonly K[]): string {
  const columns = getTableColumns(table) as Record<string, Column>
  return (keys ?? Object.keys(columns))
    .map((key) => {
      const column = columns[key]
      if (!PLAIN_COLUMNS.has(column.columnType)) throw new Error(`plainColumns: ${getTableName(table)}.${column.name} is ${column.columnType}, which drizzle decodes`)
      return column.name === key ? `"${key}"` : `"${column.name}" AS "${key}"`
    })
    .join(', ')
}

/**
 * One table's whole rows inside a raw multi-table read whose rows come as arrays (`.raw()`): its
 * select list under `alias`, and each row object in drizzle's shape read back from its place in
 * the array (decoded as drizzle would: booleans, JSON). A join of whole rows without drizzle's
 * per-row mapping, which took half of such a read's time (the billing run's 22,000 contracts).
 */
export function wholeRowsOf<T extends SQLiteTable>(table: T, alias: string): { list: string; width: number; read(row: readonly unknown[], at: number): T['$inferSelect'] } {
  const columns = Object.entries(getTableColumns(table) as Record<string, Column>)
  const decoders = columns.map(([, c]) => (PLAIN_COLUMNS.has(c.columnType) ? null : (v: unknown) => c.mapFromDriverValue(v)))
  return {
    list: columns.map(([, c]) => `${alias}."${c.name}"`).join(', '),
    width: columns.length,
    read(row, at) {
      const out: Record<string, unknown> = {}
      for (let i = 0; i < columns.length; i++) {
        const v = row[at + i]
        const decode = decoders[i]
        out[columns[i][0]] = v === null || decode === null ? v : decode(v)
      }
      return out as T['$inferSelect']
    },
  }
}

let memo: Map<string, unknown> | null = null

/**
 * Runs a synchronous read (the customer card: a dozen sections over one customer) with a memo of the
 * lookups its parts share (readOnce), so each runs once. Nothing can write while it runs: the memo
 * lives exactly as long as `read`.
 */
export function withReadMemo<T>(read: () => T): T {
  if (memo) return read()
  memo = new Map()
  try {
    return read()
  } finally {
    memo = null
  }
}

/**
 * Inside withReadMemo, the value computed by the first call with this key (unique in the program,
 * with its arguments); outside, `compute()`. Callers must not modify what it returns.
 */
export function readOnce<T>(key: string, compute: () => T): T {
  if (!memo) return compute()
  if (memo.has(key)) return memo.get(key) as T
  const value = compute()
  memo.set(key, value)
  return value
}

/**
 * readOnce for many ids at once (each meter's readings): `compute` gets the ids not read yet in this
 * memo (all of them outside one) and returns a value for each; the answer follows `ids`.
 */
export function readOnceEach<T>(key: string, ids: readonly string[], compute: (ids: readonly string[]) => Map<string, T>): Map<string, T> {
  if (!memo) return compute(ids)
  const known = memo
  const missing = ids.filter((id) => !known.has(`${key}|${id}`))
  if (missing.length) for (const [id, value] of compute(missing)) known.set(`${key}|${id}`, value)
  return new Map(ids.map((id) => [id, known.get(`${key}|${id}`) as T]))
}

/** The connection behind each desk orm (openDatabase), for preparedSql. */
const connections = new WeakMap<object, Database.Database>()

/**
 * DeskDb.read is a stand-in that follows the desk's current connection (a join from the hub's file
 * replaces it); asked for this key it names that connection's orm, so statement caches are keyed on
 * the connection itself and never hand out a statement of a closed one.
 */
export const CURRENT_ORM = Symbol('current orm')
const currentOrm = (orm: ReadOrm): object => ((orm as unknown as Record<symbol, object | undefined>)[CURRENT_ORM] ?? orm)

/**
 * Raw read SQL with `?` parameters, prepared once per connection (see preparedOnce); SELECT only.
 * On an orm or on the connection itself (DeskDb.readSql). The statement is shared: set its mode
 * (raw, pluck) on every use if any use sets one.
 */
export function preparedSql<P extends unknown[] = unknown[], R = unknown>(on: ReadOrm | ReadSql, source: string): ReadStatement<P, R> {
  const connection = on instanceof Database ? on : null
  return preparedOnce((connection ?? on) as ReadOrm, source, () => {
    const sqlite = connection ?? connections.get(currentOrm(on as ReadOrm))
    if (!sqlite) throw new Error('preparedSql: not a connection opened by openDatabase')
    const statement = sqlite.prepare(source)
    if (!statement.reader) throw new Error(`preparedSql: not a read: ${source}`)
    return statement as unknown as ReadStatement<P, R>
  })
}

/** A prepared statement that can only be read (no run()). */
export interface ReadStatement<P extends unknown[] = unknown[], R = unknown> {
  get(...params: P): R | undefined
  all(...params: P): R[]
  iterate(...params: P): IterableIterator<R>
  pluck(toggleState?: boolean): ReadStatement<P, R>
  raw(toggleState?: boolean): ReadStatement<P, R>
  expand(toggleState?: boolean): ReadStatement<P, R>
  columns(): Database.ColumnDefinition[]
}

/**
 * Raw SQL for reads on hot paths (prepared statements, cached per connection) and for SQL
 * functions that queries call. Statements come without run(): a write is DeskDb's.
 */
export interface ReadSql {
  prepare<P extends unknown[] | object = unknown[], R = unknown>(source: string): P extends unknown[] ? ReadStatement<P, R> : ReadStatement<[P], R>
  function(name: string, options: Database.RegistrationOptions, fn: (...params: never[]) => unknown): unknown
}

export class DatabaseTooNewError extends Error {
  constructor(
    readonly databaseVersion: number,
    readonly appVersion: number,
  ) {
    super(
      `Baza danych pochodzi z nowszej wersji programu (schemat ${databaseVersion}, ten program zna ${appVersion}). ` +
        'Zainstaluj aktualną wersję ibok-desk; baza nie została zmieniona.',
    )
    this.name = 'DatabaseTooNewError'
  }
}

/** The schema version this build knows: the number of migrations it ships. */
export function shippedSchemaVersion(migrationsDir: string): number {
  const journal = JSON.parse(readFileSync(join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }
  return journal.entries.length
}

export interface OpenedDatabase {
  sqlite: Database.Database
  orm: Orm
  schemaVersion: number
}

/** SQL functions the schema's triggers and migrations call (per connection). */
export function registerFunctions(sqlite: Database.Database): void {
  // The search index is folded by this function; a migration that rebuilds the index needs it.
  sqlite.function('fold_text', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? foldText(v) : v))
}

export function openDatabase(file: string, migrationsDir: string): OpenedDatabase {
  const appVersion = shippedSchemaVersion(migrationsDir)
  return connect(file, appVersion, (sqlite, orm, dbVersion) => {
    if (dbVersion < appVersion) {
      migrate(orm, { migrationsFolder: migrationsDir })
      sqlite.pragma(`user_version = ${appVersion}`)
    }
  })
}

/**
 * Opens a file that already has exactly this schema version (a desk swapping in the office file
 * it prepared: DeskDb.replaceWith), with the same connection settings as openDatabase.
 */
export function reopenDatabase(file: string, schemaVersion: number): OpenedDatabase {
  return connect(file, schemaVersion, (_sqlite, _orm, dbVersion) => {
    if (dbVersion !== schemaVersion) throw new Error(`Plik ${file} ma schemat ${dbVersion}, oczekiwano ${schemaVersion}`)
  })
}

/**
 * A read-only connection to a desk's file that the statement caches accept (preparedSql): for
 * tools and benchmarks that read an office without opening a desk on it. No migration, no writes.
 */
export function openReadOnly(file: string): { sqlite: Database.Database; orm: Orm } {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true })
  return { sqlite, orm: ormOn(sqlite) }
}

/** The orm on a connection, known to preparedSql, with the SQL functions the schema calls. */
function ormOn(sqlite: Database.Database): Orm {
  const orm = drizzle(sqlite, { schema })
  connections.set(orm, sqlite)
  registerFunctions(sqlite)
  return orm
}

function connect(file: string, appVersion: number, migrate: (sqlite: Database.Database, orm: Orm, dbVersion: number) => void): OpenedDatabase {
  const sqlite = new Database(file)
  try {
    sqlite.pragma('busy_timeout = 5000')
    // user_version counts applied migrations; a larger number means a newer app wrote this file.
    // Checked before anything else: even switching the journal mode would rewrite its header.
    const dbVersion = sqlite.pragma('user_version', { simple: true }) as number
    if (dbVersion > appVersion) throw new DatabaseTooNewError(dbVersion, appVersion)
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = NORMAL')
    sqlite.pragma('foreign_keys = ON')
    // Freed pages and deleted cells are overwritten with zeros: personal data erased on a RODO
    // request must not stay readable in the file (checked byte by byte in the tests).
    sqlite.pragma('secure_delete = ON')
    const orm = ormOn(sqlite)
    migrate(sqlite, orm, dbVersion)
    return { sqlite, orm, schemaVersion: appVersion }
  } catch (err) {
    sqlite.close()
    throw err
  }
}
