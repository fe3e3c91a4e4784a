// Office and station settings, stored as JSON values in the settings table. The office row is
// shared by every desk (it syncs); the station row names this desk and never leaves it.
import { eq } from 'drizzle-orm'
import { DEFAULT_SESSION_HOURS } from '../../../shared/api/operations/office'
import type { OfficeSettings } from '../../../shared/api/types'
import type { Orm } from '../../db/database'
import { auditLog, settings } from '../../db/schema'
import { newId, type WriteTx } from '../../db/write'
import { claimBillingStationIfUnset } from './billing-station'

export const OFFICE_KEY = 'office'
export const STATION_KEY = 'station'

type StationPart = Pick<OfficeSettings, 'stationCode' | 'stationName'>

function readJson<T>(orm: Orm, key: string): T | null {
  const row = orm.select().from(settings).where(eq(settings.id, key)).get()
  return row ? (JSON.parse(row.value) as T) : null
}

export const readStation = (orm: Orm): StationPart | null => readJson<StationPart>(orm, STATION_KEY)

export function readOffice(orm: Orm): OfficeSettings | null {
  const office = readJson<Omit<OfficeSettings, keyof StationPart | 'sessionHours'> & { sessionHours?: number }>(orm, OFFICE_KEY)
  const station = readJson<StationPart>(orm, STATION_KEY)
  // Offices set up before the session lifetime existed get the default.
  return office && station ? { ...office, ...station, sessionHours: office.sessionHours ?? DEFAULT_SESSION_HOURS } : null
}

function writeJson(tx: WriteTx, key: string, data: object): void {
  const value = JSON.stringify(data)
  const existing = tx.orm.select().from(settings).where(eq(settings.id, key)).get()
  if (existing) tx.update(settings, key, { value })
  else tx.insert(settings, { id: key, value })
}

export function writeOffice(tx: WriteTx, office: OfficeSettings): void {
  const { stationCode, stationName, ...shared } = office
  writeJson(tx, OFFICE_KEY, shared)
  writeJson(tx, STATION_KEY, { stationCode, stationName })
  claimBillingStationIfUnset(tx, stationCode)
}

/**
 * This desk's identity alone, inside the transaction of a join (the station row is local: no
 * change log), with its audit entry.
 */
export function writeStationRow(orm: Orm, station: StationPart, at: string): void {
  const value = JSON.stringify(station)
  orm.insert(settings).values({ id: STATION_KEY, value }).onConflictDoUpdate({ target: settings.id, set: { value } }).run()
  orm
    .insert(auditLog)
    .values({ id: newId(), at, staffId: null, stationCode: station.stationCode, operation: 'system.joinOffice', entity: 'settings', entityId: STATION_KEY, before: null, after: value })
    .run()
}
