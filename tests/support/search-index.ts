// "The search index matches": what the write path left in customer_search equals what a full
// rebuild from the rows would produce. The rebuild runs in a savepoint that is rolled back.
import type Database from 'better-sqlite3'
import type { Orm } from '../../src-main/db/database'
import { rebuildSearchIndex } from '../../src-main/core/customers/search'

const indexRows = (sqlite: Database.Database) =>
  (sqlite.prepare('SELECT customer_id, body FROM customer_search ORDER BY customer_id').all() as { customer_id: string; body: string }[])

export function searchIndexDrift(sqlite: Database.Database, orm: Orm): { actual: unknown[]; expected: unknown[] } {
  const actual = indexRows(sqlite)
  sqlite.exec('SAVEPOINT index_check')
  try {
    rebuildSearchIndex(orm)
    return { actual, expected: indexRows(sqlite) }
  } finally {
    sqlite.exec('ROLLBACK TO index_check; RELEASE index_check')
  }
}

/** FTS5's own consistency check of its shadow tables; throws when they disagree. */
export function ftsIntegrityCheck(sqlite: Database.Database): void {
  sqlite.prepare(`INSERT INTO customer_search (customer_search) VALUES ('integrity-check')`).run()
}
