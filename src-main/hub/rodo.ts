// The hub's part of a RODO erasure. A desk that anonymises a customer writes, in the same
// transaction, a rodo_erasures row naming the rows it rewrote (and the fields) and the files only
// her rows referred to — no personal data. When that row arrives, the hub scrubs its own copies:
// the earlier log entries of those rows (fields and effective values) and the stored files; the
// entity store already holds the rewritten values. The SQLite hub then checkpoints so that no old
// page survives in the WAL (secure_delete zeroes freed pages in the file).
import { scrubFields } from '../../shared/domain/rodo-scrub'
import type { HubStore, SqlExecutor } from './storage'

export const ERASURES_ENTITY = 'rodo_erasures'

/** Entities whose rows refer to stored files by hash (scans, attachments, reply letters, mail attachments). */
const FILE_ENTITIES = ['scans', 'case_attachments', 'case_replies', 'mails']

/** Inside the push transaction, right after the erasure row was applied as `seq`. */
export async function scrubErasure(tx: SqlExecutor, dialect: HubStore['dialect'], fields: Record<string, unknown>, seq: number): Promise<void> {
  // Log entries are looked up by row here only; the index makes an erasure cost its rows, not the log.
  await tx.query('CREATE INDEX IF NOT EXISTS log_entity ON log (entity, entity_id)')
  const rows = JSON.parse(String(fields.rows)) as Record<string, string[]>
  for (const [key, erased] of Object.entries(rows)) {
    const cut = key.indexOf('/')
    const [entity, id] = [key.slice(0, cut), key.slice(cut + 1)]
    const [current] = await tx.query<{ data: string }>('SELECT data FROM entities WHERE entity = ? AND entity_id = ?', [entity, id])
    // The values the erasure wrote stay (they are the row now); every earlier one goes.
    const keep = current ? (JSON.parse(current.data) as Record<string, unknown>) : {}
    const entries = await tx.query<{ seq: number; fields: string; effective: string }>('SELECT seq, fields, effective FROM log WHERE entity = ? AND entity_id = ? AND seq < ?', [entity, id, seq])
    for (const e of entries) {
      const [f, eff] = [scrubFields(e.fields, erased, keep), scrubFields(e.effective, erased, keep)]
      if (f !== e.fields || eff !== e.effective) await tx.query('UPDATE log SET fields = ?, effective = ? WHERE seq = ?', [f, eff, e.seq])
    }
  }
  const files = JSON.parse(String(fields.files ?? '[]')) as string[]
  if (!files.length || !(await hasFilesTable(tx, dialect))) return
  for (const sha of files) {
    // Content addressing: the same bytes may belong to another customer's row — then they stay.
    const refs = await tx.query<{ entity: string; entity_id: string }>(
      `SELECT entity, entity_id FROM entities WHERE entity IN (${FILE_ENTITIES.map(() => '?').join(', ')}) AND data LIKE ?`,
      [...FILE_ENTITIES, `%${sha}%`],
    )
    if (refs.every((r) => `${r.entity}/${r.entity_id}` in rows)) await tx.query('DELETE FROM files WHERE sha256 = ?', [sha])
  }
}

async function hasFilesTable(tx: SqlExecutor, dialect: HubStore['dialect']): Promise<boolean> {
  const sql = dialect === 'postgres' ? "SELECT to_regclass('files') IS NOT NULL AS present" : "SELECT count(*) > 0 AS present FROM sqlite_master WHERE type = 'table' AND name = 'files'"
  const [row] = await tx.query<{ present: boolean | number }>(sql)
  return Boolean(row?.present)
}
