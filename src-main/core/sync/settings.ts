import { eq, sql } from 'drizzle-orm'
import type Database from 'better-sqlite3'
import type { Orm } from '../../db/database'
import { syncState } from '../../db/schema'
import type { DeskDb } from '../../db/write'
import { httpTransport, type HubTransport } from './transport'

/** The hub this desk was configured for (address + desk token), or null when it works alone. */
export function savedTransport(db: DeskDb): HubTransport | null {
  const st = db.orm.select().from(syncState).where(eq(syncState.id, 1)).get()
  return st?.hubUrl && st.deskToken ? httpTransport(st.hubUrl, st.deskToken) : null
}

/**
 * The local-only settings row "sync": this desk's own sync bookkeeping that must survive a reset
 * from the snapshot. `confirmStation` is set when the database was restored from a backup: until
 * the hub has told this desk where its station stands (change counter, number series, which mail
 * already went out), the desk issues no number and sends no mail — either may already have been
 * used by this station after the backup was taken.
 */
const SYNC_SETTINGS = 'sync'

interface LocalSyncSettings {
  confirmStation?: { since: string }
}

const readLocal = (orm: Orm): LocalSyncSettings => {
  const row = orm.get<{ value: string } | undefined>(sql`SELECT value FROM settings WHERE id = ${SYNC_SETTINGS}`)
  return row ? (JSON.parse(row.value) as LocalSyncSettings) : {}
}

/** True while this restored desk has not yet learned its station's position from the hub. */
export const stationUnconfirmed = (orm: Orm): boolean => readLocal(orm).confirmStation !== undefined

/** The hub confirmed where this station stands (inside the transaction that took the hub's state). */
export function confirmStation(orm: Orm): void {
  const { confirmStation: pending, ...rest } = readLocal(orm)
  if (!pending) return
  orm.run(sql`INSERT INTO settings (id, value) VALUES (${SYNC_SETTINGS}, ${JSON.stringify(rest)}) ON CONFLICT (id) DO UPDATE SET value = excluded.value`)
}

/**
 * Marks a database just restored from a backup (raw connection: the desk is closed). Only a desk
 * that syncs needs it: a desk working alone has no other memory of its station than this file.
 */
export function markRestored(sqlite: Database.Database, now: Date): void {
  // A backup older than sync itself has no hub to ask.
  if (!sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_state'").get()) return
  const st = sqlite.prepare('SELECT hub_url FROM sync_state WHERE id = 1').get() as { hub_url: string | null } | undefined
  if (!st?.hub_url) return
  const row = sqlite.prepare(`SELECT value FROM settings WHERE id = ?`).get(SYNC_SETTINGS) as { value: string } | undefined
  const value: LocalSyncSettings = { ...(row ? (JSON.parse(row.value) as LocalSyncSettings) : {}), confirmStation: { since: now.toISOString() } }
  sqlite.prepare('INSERT INTO settings (id, value) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET value = excluded.value').run(SYNC_SETTINGS, JSON.stringify(value))
}

export const UNCONFIRMED_STATION_MESSAGE =
  'To stanowisko odtworzono z kopii zapasowej: zanim nada nowy numer, musi połączyć się z serwerem synchronizacji i sprawdzić, gdzie skończyło (Synchronizacja → Synchronizuj teraz)'
