import { readFileSync } from 'node:fs'
import { eq, sql } from 'drizzle-orm'
import type Database from 'better-sqlite3'
import type { Orm } from '../../db/database'
import { settings, syncState } from '../../db/schema'
import type { DeskDb, WriteTx } from '../../db/write'
import type { HubTrust } from './hub-tls'
import { httpTransport, type HubTransport } from './transport'

/** The desk's local (never synced) sync settings row: how it trusts the hub's certificate. */
export const SYNC_SETTINGS_KEY = 'sync'

/**
 * This desk's trust in the hub: its own setting, else the office-wide IBOK_HUB_CA (path to the
 * CA's PEM file) / IBOK_HUB_FINGERPRINT that IT may set on every PC (so joining works too).
 */
export function readHubTrust(orm: Orm): HubTrust {
  const saved = readSavedHubTrust(orm)
  const caFile = process.env.IBOK_HUB_CA
  return {
    caPem: saved.caPem || (caFile ? readFileSync(caFile, 'utf8') : null),
    fingerprint: saved.fingerprint || process.env.IBOK_HUB_FINGERPRINT || null,
    allowPlainHttp: saved.allowPlainHttp ?? process.env.IBOK_HUB_ALLOW_HTTP === '1',
  }
}

/** What this desk's own setting says (without the office-wide environment). */
export function readSavedHubTrust(orm: Orm): HubTrust {
  const row = orm.select().from(settings).where(eq(settings.id, SYNC_SETTINGS_KEY)).get()
  return row ? (JSON.parse(row.value) as HubTrust) : {}
}

export function writeHubTrust(tx: WriteTx, trust: HubTrust): void {
  const existing = tx.orm.select().from(settings).where(eq(settings.id, SYNC_SETTINGS_KEY)).get()
  // The row also holds the desk's other local sync bookkeeping (confirmStation below): keep it.
  const others = existing ? (JSON.parse(existing.value) as Record<string, unknown>) : {}
  const value = JSON.stringify({ ...others, caPem: trust.caPem || null, fingerprint: trust.fingerprint || null, allowPlainHttp: Boolean(trust.allowPlainHttp) })
  if (existing) tx.update(settings, SYNC_SETTINGS_KEY, { value })
  else tx.insert(settings, { id: SYNC_SETTINGS_KEY, value })
}

/** The last transport made, reused while the settings stay the same (its connections are kept alive). */
let last: { key: string; transport: HubTransport } | null = null

/** The hub this desk was configured for (address + desk token), or null when it works alone. */
export function savedTransport(db: DeskDb): HubTransport | null {
  const st = db.orm.select().from(syncState).where(eq(syncState.id, 1)).get()
  if (!st?.hubUrl || !st.deskToken) return null
  const trust = readHubTrust(db.orm)
  const key = JSON.stringify([st.hubUrl, st.deskToken, trust])
  if (last?.key !== key) last = { key, transport: httpTransport(st.hubUrl, st.deskToken, undefined, trust) }
  return last.transport
}

/**
 * The local-only settings row "sync": this desk's own sync bookkeeping that must survive a reset
 * from the snapshot. `confirmStation` is set when the database was restored from a backup: until
 * the hub has told this desk where its station stands (change counter, number series, which mail
 * already went out), the desk issues no number and sends no mail — either may already have been
 * used by this station after the backup was taken.
 */
const SYNC_SETTINGS = SYNC_SETTINGS_KEY

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
