import { readFileSync } from 'node:fs'
import { eq } from 'drizzle-orm'
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
  const value = JSON.stringify({ caPem: trust.caPem || null, fingerprint: trust.fingerprint || null, allowPlainHttp: Boolean(trust.allowPlainHttp) })
  const existing = tx.orm.select().from(settings).where(eq(settings.id, SYNC_SETTINGS_KEY)).get()
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
