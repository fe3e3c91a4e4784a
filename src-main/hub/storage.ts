// The hub's storage behind one small async interface with plain portable SQL, so the same hub
// code runs on an embedded SQLite file (default) and on PostgreSQL (scale-out).
import Database from 'better-sqlite3'
import pg from 'pg'

export interface SqlExecutor {
  /** `?` placeholders in both dialects; the PostgreSQL store rewrites them to $1, $2, … */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>
}

export interface HubStore extends SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres'
  /** One serialised transaction at a time: pushes take the sync_meta row first, so seq follows commit order. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>
  /** After a RODO erasure: no old copy of a page may stay in a write-ahead log (SQLite: checkpoint, truncate). */
  checkpoint?(): Promise<void>
  close(): Promise<void>
}

const TABLES = (bigint: string) => [
  `CREATE TABLE IF NOT EXISTS sync_meta (id INTEGER PRIMARY KEY, next_seq ${bigint} NOT NULL, hub_id TEXT NOT NULL, epoch TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS desks (desk_id TEXT PRIMARY KEY, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
     last_counter ${bigint} NOT NULL DEFAULT 0, created_at TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS log (seq ${bigint} PRIMARY KEY, mutation_id TEXT NOT NULL UNIQUE, desk_id TEXT NOT NULL,
     desk_counter ${bigint} NOT NULL, hlc TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, op TEXT NOT NULL,
     fields TEXT NOT NULL, base_seq ${bigint}, effective TEXT NOT NULL, status TEXT NOT NULL, reason TEXT, received_at TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS log_desk ON log (desk_id, desk_counter)`,
  `CREATE TABLE IF NOT EXISTS entities (entity TEXT NOT NULL, entity_id TEXT NOT NULL, data TEXT NOT NULL, versions TEXT NOT NULL,
     deleted INTEGER NOT NULL DEFAULT 0, last_seq ${bigint} NOT NULL, PRIMARY KEY (entity, entity_id))`,
]

/** The embedded hub: one SQLite file, WAL, a separate connection for reads. */
export function openSqliteHubStore(file: string): HubStore {
  const writer = new Database(file)
  writer.pragma('journal_mode = WAL')
  writer.pragma('synchronous = NORMAL')
  // Freed pages and deleted cells are zeroed: data erased on a RODO request leaves no bytes behind.
  writer.pragma('secure_delete = ON')
  for (const ddl of TABLES('INTEGER')) writer.exec(ddl)
  const reader = new Database(file, { readonly: true })
  let queue: Promise<unknown> = Promise.resolve()

  const executor = (db: Database.Database): SqlExecutor => {
    // The hub runs a handful of distinct statements millions of times (a push is several per
    // mutation): compiling each once saves most of the per-statement cost.
    const prepared = new Map<string, Database.Statement>()
    return {
      async query<T>(sql: string, params: unknown[] = []) {
        let stmt = prepared.get(sql)
        if (!stmt) {
          if (prepared.size >= 500) prepared.clear()
          prepared.set(sql, (stmt = db.prepare(sql)))
        }
        return (stmt.reader ? stmt.all(...params) : (stmt.run(...params), [])) as T[]
      },
    }
  }
  const writeExec = executor(writer)
  return {
    dialect: 'sqlite',
    query: executor(reader).query,
    transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      // better-sqlite3 is one connection: transactions must not interleave across awaits.
      const run = queue.then(async () => {
        writer.exec('BEGIN IMMEDIATE')
        try {
          const result = await fn(writeExec)
          writer.exec('COMMIT')
          return result
        } catch (err) {
          if (writer.inTransaction) writer.exec('ROLLBACK')
          throw err
        }
      })
      queue = run.catch(() => {})
      return run
    },
    checkpoint() {
      const run = queue.then(() => void writer.pragma('wal_checkpoint(TRUNCATE)'))
      queue = run.catch(() => {})
      return run
    },
    async close() {
      await queue
      reader.close()
      writer.close()
    },
  }
}

// BIGINT columns come back as strings by default; our sequence numbers fit a JS number.
pg.types.setTypeParser(20, (v) => Number(v))

const toPgParams = (sql: string) => {
  let i = 0
  return sql.replace(/\?/g, () => `$${++i}`)
}

/** The scale-out hub on PostgreSQL; `url` like postgres://user@host:5432/db. */
export async function openPostgresHubStore(url: string): Promise<HubStore> {
  const pool = new pg.Pool({ connectionString: url, max: 8 })
  for (const ddl of TABLES('BIGINT')) await pool.query(ddl)
  const executor = (client: pg.Pool | pg.PoolClient): SqlExecutor => ({
    async query<T>(sql: string, params: unknown[] = []) {
      const result = await client.query(toPgParams(sql), params)
      return result.rows as T[]
    },
  })
  return {
    dialect: 'postgres',
    query: executor(pool).query,
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await fn(executor(client))
        await client.query('COMMIT')
        return result
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {})
        throw err
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}
