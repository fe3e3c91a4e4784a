// "The search index matches": what the write path left in customer_search equals what a full
// rebuild from the rows would produce. The rebuild runs in a savepoint that is rolled back.
import type Database from 'better-sqlite3'
import type { DeskDb } from '../../src-main/db/write'
import { rebuildSearchIndex } from '../../src-main/core/customers/search'
import { tamper } from './tamper'

const indexRows = (sqlite: Database.Database) =>
  (sqlite.prepare('SELECT customer_id, body FROM customer_search ORDER BY customer_id').all() as { customer_id: string; body: string }[])

export function searchIndexDrift(db: DeskDb): { actual: unknown[]; expected: unknown[] } {
  return tamper(db, (sqlite, orm) => {
    const actual = indexRows(sqlite)
    sqlite.exec('SAVEPOINT index_check')
    try {
      rebuildSearchIndex({ read: orm, reindex: (query) => orm.run(query) })
      return { actual, expected: indexRows(sqlite) }
    } finally {
      sqlite.exec('ROLLBACK TO index_check; RELEASE index_check')
    }
  })
}

/** FTS5's own consistency check of its shadow tables; throws when they disagree. */
export function ftsIntegrityCheck(db: DeskDb): void {
  tamper(db, (sqlite) => sqlite.prepare(`INSERT INTO customer_search (customer_search) VALUES ('integrity-check')`).run())
}
