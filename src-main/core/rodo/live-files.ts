// Which stored files are still needed. A file belongs to rows (a scan, a case attachment, a reply
// letter, a mail attachment) that keep its SHA-256 for ever (evidence triggers); once the customer
// they belong to is anonymised (RODO), the bytes must go from every desk — and must not come back
// from the hub. A file is live while any row of a customer not anonymised (or of no customer)
// refers to it: content addressing lets two customers share the same bytes.
import { sql } from 'drizzle-orm'
import type { Orm } from '../../db/database'

/** SELECT of every file hash (column h) referenced by rows not anonymised. */
export const LIVE_FILE_REFS = sql.raw(`
  SELECT s.sha256 AS h FROM scans s LEFT JOIN customers c ON c.id = s.customer_id WHERE c.anonymised_at IS NULL
  UNION SELECT a.sha256 FROM case_attachments a JOIN cases k ON k.id = a.case_id LEFT JOIN customers c ON c.id = k.customer_id WHERE c.anonymised_at IS NULL
  UNION SELECT r.pdf_sha256 FROM case_replies r JOIN cases k ON k.id = r.case_id LEFT JOIN customers c ON c.id = k.customer_id WHERE c.anonymised_at IS NULL
  UNION SELECT json_extract(j.value, '$.sha256') FROM mails m LEFT JOIN customers c ON c.id = m.customer_id, json_each(m.attachments) AS j
    WHERE m.attachments <> '[]' AND c.anonymised_at IS NULL`)

/** Of the given hashes, those no live row refers to any more (safe to delete from the store, not worth fetching). */
export function deadFiles(orm: Orm, hashes: readonly string[]): string[] {
  const unique = [...new Set(hashes)]
  const live = new Set<string>()
  // In slices: each hash is bound once per arm below (SQLite allows 32,766 variables).
  for (let i = 0; i < unique.length; i += DEAD_FILES_SLICE) for (const h of liveAmong(orm, unique.slice(i, i + DEAD_FILES_SLICE))) live.add(h)
  return unique.filter((h) => !live.has(h))
}

const DEAD_FILES_SLICE = 500

function liveAmong(orm: Orm, hashes: readonly string[]): string[] {
  // The filter inside every arm, so each table is searched for these hashes only.
  const list = sql.join(hashes.map((h) => sql`${h}`), sql`, `)
  return orm
    .all<{ h: string }>(sql`
      SELECT s.sha256 AS h FROM scans s LEFT JOIN customers c ON c.id = s.customer_id WHERE s.sha256 IN (${list}) AND c.anonymised_at IS NULL
      UNION SELECT a.sha256 FROM case_attachments a JOIN cases k ON k.id = a.case_id LEFT JOIN customers c ON c.id = k.customer_id WHERE a.sha256 IN (${list}) AND c.anonymised_at IS NULL
      UNION SELECT r.pdf_sha256 FROM case_replies r JOIN cases k ON k.id = r.case_id LEFT JOIN customers c ON c.id = k.customer_id WHERE r.pdf_sha256 IN (${list}) AND c.anonymised_at IS NULL
      UNION SELECT json_extract(j.value, '$.sha256') AS h FROM mails m LEFT JOIN customers c ON c.id = m.customer_id, json_each(m.attachments) AS j
        WHERE m.attachments <> '[]' AND c.anonymised_at IS NULL AND json_extract(j.value, '$.sha256') IN (${list})`)
    .map((r) => r.h)
}
