import { sql } from 'drizzle-orm'
import type { ReadOrm } from '../../db/database'

/**
 * A customer and every record merged into it (recursively). Issued invoices and payments keep
 * pointing at the customer they were issued to; balances and histories read the whole family.
 */
export function customerFamily(orm: ReadOrm, id: string): string[] {
  return orm
    .all<{ id: string }>(sql`
      WITH RECURSIVE family(id) AS (
        SELECT ${id}
        UNION SELECT c.id FROM customers c JOIN family f ON c.merged_into = f.id
      ) SELECT id FROM family`)
    .map((r) => r.id)
}
