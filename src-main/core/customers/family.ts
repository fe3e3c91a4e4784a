import { preparedSql, readOnce, type ReadOrm } from '../../db/database'

/**
 * A customer and every record merged into it (recursively). Issued invoices and payments keep
 * pointing at the customer they were issued to; balances and histories read the whole family.
 * Prepared once, and read once per customer card (its sections all ask for it). Do not modify
 * the list returned.
 */
export function customerFamily(orm: ReadOrm, id: string): readonly string[] {
  return readOnce(`customers.family|${id}`, () =>
    preparedSql<[string], string>(
      orm,
      `WITH RECURSIVE family(id) AS (
         SELECT ?
         UNION SELECT c.id FROM customers c JOIN family f ON c.merged_into = f.id
       ) SELECT id FROM family`,
    )
      .pluck()
      .all(id),
  )
}
