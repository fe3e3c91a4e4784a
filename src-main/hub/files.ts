// The hub's file store: scans, case attachments, letters and mail attachments referenced by synced
// rows, content-addressed by SHA-256 like the desks' own stores. The bytes live in the hub's
// database (a BLOB in SQLite, BYTEA in PostgreSQL), so a hub backup carries rows and files together.
// Desks upload a file before the row that references it, so no desk ever sees a row whose file the
// hub cannot hand out.
import { createHash } from 'node:crypto'
import { FILE_HASH, MAX_FILE_BYTES, MAX_FILE_QUERY } from '../../shared/sync/protocol'
import { SyncError } from './hub'
import type { HubStore } from './storage'

export class HubFiles {
  private ready: Promise<void> | null = null

  constructor(
    private readonly store: HubStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Created on first use, so hubs opened before files existed gain the table without a step. */
  private ensure(): Promise<void> {
    this.ready ??= this.store.transaction(async (tx) => {
      const blob = this.store.dialect === 'postgres' ? 'BYTEA' : 'BLOB'
      const bigint = this.store.dialect === 'postgres' ? 'BIGINT' : 'INTEGER'
      await tx.query(
        `CREATE TABLE IF NOT EXISTS files (sha256 TEXT PRIMARY KEY, bytes ${bigint} NOT NULL, data ${blob} NOT NULL, uploaded_by TEXT NOT NULL, uploaded_at TEXT NOT NULL)`,
      )
    })
    this.ready.catch(() => (this.ready = null))
    return this.ready
  }

  /** Which of these files the hub does not hold. */
  async missing(hashes: readonly string[]): Promise<string[]> {
    if (hashes.length > MAX_FILE_QUERY) throw new SyncError('BAD_REQUEST', `Najwyżej ${MAX_FILE_QUERY} plików w jednym zapytaniu`, 400)
    const wanted = [...new Set(hashes)]
    if (wanted.some((h) => !FILE_HASH.test(h))) throw new SyncError('BAD_REQUEST', 'Niepoprawny identyfikator pliku', 400)
    if (!wanted.length) return []
    await this.ensure()
    const held = new Set<string>()
    for (let i = 0; i < wanted.length; i += 500) {
      const chunk = wanted.slice(i, i + 500)
      const rows = await this.store.query<{ sha256: string }>(`SELECT sha256 FROM files WHERE sha256 IN (${chunk.map(() => '?').join(', ')})`, chunk)
      for (const r of rows) held.add(r.sha256)
    }
    return wanted.filter((h) => !held.has(h))
  }

  /**
   * Stores an uploaded file under its address after recomputing the hash: bytes that do not match
   * the address they claim (damaged on the way, or a desk's damaged store) are refused.
   */
  async put(deskId: string, sha256: string, data: Buffer): Promise<{ stored: boolean }> {
    if (!FILE_HASH.test(sha256)) throw new SyncError('BAD_REQUEST', 'Niepoprawny identyfikator pliku', 400)
    if (data.length > MAX_FILE_BYTES) throw new SyncError('FILE_TOO_LARGE', `Plik większy niż ${MAX_FILE_BYTES / 1024 / 1024} MB`, 413)
    const actual = createHash('sha256').update(data).digest('hex')
    if (actual !== sha256) throw new SyncError('FILE_MISMATCH', 'Zawartość pliku nie zgadza się z jego sumą kontrolną — plik odrzucony', 400)
    await this.ensure()
    // Two desks may upload the same file at once: the second insert is a no-op, not an error.
    const inserted = await this.store.transaction((tx) =>
      tx.query(
        'INSERT INTO files (sha256, bytes, data, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING RETURNING sha256',
        [sha256, data.length, data, deskId, new Date(this.now()).toISOString()],
      ),
    )
    return { stored: inserted.length > 0 }
  }

  /** The file's bytes, or null while no desk has uploaded it. */
  async get(sha256: string): Promise<Buffer | null> {
    if (!FILE_HASH.test(sha256)) throw new SyncError('BAD_REQUEST', 'Niepoprawny identyfikator pliku', 400)
    await this.ensure()
    const [row] = await this.store.query<{ data: Buffer | Uint8Array }>('SELECT data FROM files WHERE sha256 = ?', [sha256])
    return row ? Buffer.from(row.data) : null
  }
}

const byStore = new WeakMap<HubStore, HubFiles>()

/** One file store per hub store (the HTTP server and in-process test transports share it). */
export function hubFiles(store: HubStore, now?: () => number): HubFiles {
  let files = byStore.get(store)
  if (!files) byStore.set(store, (files = new HubFiles(store, now)))
  return files
}
