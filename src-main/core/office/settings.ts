// Office and station settings, stored as JSON values in the settings table. The office row is
// shared by every desk (it syncs); the station row names this desk and never leaves it.
import { eq } from 'drizzle-orm'
import { DEFAULT_SESSION_HOURS } from '../../../shared/api/operations/office'
import type { OfficeSettings } from '../../../shared/api/types'
import type { ReadOrm } from '../../db/database'
import { settings } from '../../db/schema'
import type { WriteTx } from '../../db/write'
import { claimBillingStationIfUnset } from './billing-station'

export const OFFICE_KEY = 'office'
export const STATION_KEY = 'station'

type StationPart = Pick<OfficeSettings, 'stationCode' | 'stationName'>

function readJson<T>(orm: ReadOrm, key: string): T | null {
  const row = orm.select().from(settings).where(eq(settings.id, key)).get()
  return row ? (JSON.parse(row.value) as T) : null
}

export const readStation = (orm: ReadOrm): StationPart | null => readJson<StationPart>(orm, STATION_KEY)

export function readOffice(orm: ReadOrm): OfficeSettings | null {
  const office = readJson<Omit<OfficeSettings, keyof StationPart | 'sessionHours'> & { sessionHours?: number }>(orm, OFFICE_KEY)
  const station = readJson<StationPart>(orm, STATION_KEY)
  // Offices set up before the session lifetime existed get the default.
  return office && station ? { ...office, ...station, sessionHours: office.sessionHours ?? DEFAULT_SESSION_HOURS } : null
}

function writeJson(tx: WriteTx, key: string, data: object): void {
  const value = JSON.stringify(data)
  const existing = tx.read.select().from(settings).where(eq(settings.id, key)).get()
  if (existing) tx.update(settings, key, { value })
  else tx.insert(settings, { id: key, value })
}

export function writeOffice(tx: WriteTx, office: OfficeSettings): void {
  const { stationCode, stationName, ...shared } = office
  writeJson(tx, OFFICE_KEY, shared)
  writeJson(tx, STATION_KEY, { stationCode, stationName })
  claimBillingStationIfUnset(tx, stationCode)
}

/** This desk's identity alone, inside the transaction of a join (the station row is local: no change log). */
export function writeStationRow(tx: WriteTx, station: StationPart): void {
  writeJson(tx, STATION_KEY, station)
}
