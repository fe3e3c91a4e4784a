// The portal's replica: one more station of the office. Its data directory holds an ordinary desk
// database (openDesk); on first start it joins the office through the hub with the desk's own join
// (system.joinOffice: the hub's snapshot, this station's code and token), and from then on the
// desk's sync loop keeps it current and carries the portal's writes to every desk.
import { ApiError } from '../../shared/api/errors'
import { openDesk, type Desk, type DeskOptions } from '../desk/desk'
import { readSmtpConfig, writeSmtpPassword } from '../core/mail/settings'
import { readStation } from '../core/office/settings'
import type { Services } from '../core/services'

export const PORTAL_STATION = { code: 'WW', name: 'iBOK (portal klienta)' }

export interface JoinSettings {
  hubUrl: string
  deskToken: string
  stationCode?: string
  stationName?: string
}

/** Joins the office on first start (an already joined station is left as it is). */
export async function ensureJoined(desk: Pick<Desk, 'dispatch' | 'services'>, join: JoinSettings): Promise<void> {
  // A station row is written with the join's snapshot, in the same transaction: present = joined.
  if (desk.services.office() || readStation(desk.services.db.orm)) return
  if (!join.hubUrl || !join.deskToken) throw new ApiError('VALIDATION', 'Pierwsze uruchomienie portalu: podaj --hub (adres serwera synchronizacji) i --desk-token (token stanowiska z "hub.js --add-desk WW")')
  const result = await desk.dispatch(
    'system.joinOffice',
    { hubUrl: join.hubUrl, deskToken: join.deskToken, stationCode: join.stationCode ?? PORTAL_STATION.code, stationName: join.stationName ?? PORTAL_STATION.name },
    null,
  )
  if (!result.ok) throw new ApiError(result.error.code, result.error.message, result.error.field)
}

export async function openPortalStation(options: DeskOptions & { join: JoinSettings }): Promise<Desk> {
  const desk = openDesk(options)
  try {
    await ensureJoined(desk, options.join)
  } catch (err) {
    desk.close()
    throw err
  }
  return desk
}

/**
 * The SMTP password is never synced: the portal station, which sends its own mails (password
 * reset links) with the office's synced SMTP settings, is given it at start (--smtp-password-file).
 */
export function setSmtpPassword(s: Services, password: string): void {
  const value = password.replace(/\r?\n$/, '')
  if (!value || readSmtpConfig(s.db.orm)?.password === value) return
  s.db.write({ staffId: null, stationCode: s.stationCode(), operation: 'portal.smtpPassword' }, (tx) => writeSmtpPassword(tx, value))
}
