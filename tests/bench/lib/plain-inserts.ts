// The billing bench's anchor (issue 19): the rows a billing run added, written again the plainest
// way — one prepared INSERT per table, every row, one transaction — into a copy of the database as
// it was before the run (same indexes, same pragmas as the desk). Rows the run updated rather than
// added are not part of it; tables without rowid and virtual tables are skipped (named on stderr).
import Database from 'better-sqlite3'

type Snapshot = Map<string, bigint>

const rowidTables = (db: Database.Database): string[] =>
  (db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string; sql: string }[])
    .filter((t) => !/^CREATE VIRTUAL/i.test(t.sql) && !/WITHOUT ROWID/i.test(t.sql))
    .map((t) => t.name)

/** The highest rowid of every rowid table: what the run adds comes after it. */
export function rowidMarks(file: string): Snapshot {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return new Map(rowidTables(db).map((t) => [t, (db.prepare(`SELECT coalesce(max(rowid), 0) FROM "${t}"`).pluck().safeIntegers(true).get() as bigint) ?? 0n]))
  } finally {
    db.close()
  }
}

interface Added {
  table: string
  columns: string[]
  rows: unknown[][]
}

/** Every row added since `marks`, table by table (in the schema's order: parents before children). */
export function addedRows(file: string, marks: Snapshot): Added[] {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const out: Added[] = []
    for (const [table, mark] of marks) {
      const stmt = db.prepare(`SELECT * FROM "${table}" WHERE rowid > ? ORDER BY rowid`).raw(true).safeIntegers(true)
      const rows = stmt.all(mark) as unknown[][]
      if (rows.length) out.push({ table, columns: stmt.columns().map((c) => c.name), rows })
    }
    return out
  } finally {
    db.close()
  }
}

/** Inserts `added` into `file` in one transaction with plain prepared statements: the ms it took. */
export function insertPlainly(file: string, added: Added[]): number {
  const db = new Database(file, { fileMustExist: true })
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    const started = performance.now()
    db.transaction(() => {
      db.pragma('defer_foreign_keys = ON')
      for (const { table, columns, rows } of added) {
        const insert = db.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
        for (const row of rows) insert.run(row)
      }
    })()
    return performance.now() - started
  } finally {
    db.close()
  }
}
