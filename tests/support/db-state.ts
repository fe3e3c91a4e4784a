// What "nothing was written" means, measured three ways: row counts of every table, a hash of
// every row (FTS shadow tables included), and SQLite's own change counter of the connection.
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'

export interface DbState {
  counts: Record<string, number>
  hash: string
  /** Rows changed by this connection since it opened (SELECT total_changes()). */
  totalChanges: number
}

/** Every real table: domain tables, audit_log, change_log, drizzle's journal, FTS shadow tables. */
export function allTables(sqlite: Database.Database): string[] {
  return (sqlite.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name)
}

export function rowCounts(sqlite: Database.Database): Record<string, number> {
  return Object.fromEntries(
    allTables(sqlite).map((t) => [t, (sqlite.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n]),
  )
}

/** Order-independent digest of every row of every table. */
export function contentHash(sqlite: Database.Database): string {
  const hash = createHash('sha256')
  for (const table of allTables(sqlite)) {
    const rows = sqlite
      .prepare(`SELECT * FROM "${table}"`)
      .all()
      .map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : typeof v === 'bigint' ? String(v) : v)))
      .sort()
    hash.update(`${table}\n${rows.join('\n')}\n`)
  }
  return hash.digest('hex')
}

export function dbState(sqlite: Database.Database): DbState {
  return {
    counts: rowCounts(sqlite),
    hash: contentHash(sqlite),
    totalChanges: (sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n,
  }
}
