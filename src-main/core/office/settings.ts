// Office and station settings, stored as JSON values in the settings table.
import { eq } from 'drizzle-orm'
import type { OfficeSettings } from '../../../shared/api/types'
import type { Orm } from '../../db/database'
import { settings } from '../../db/schema'
import type { WriteTx } from '../../db/write'

const OFFICE_KEY = 'office'

export function readOffice(orm: Orm): OfficeSettings | null {
  const row = orm.select().from(settings).where(eq(settings.id, OFFICE_KEY)).get()
  return row ? (JSON.parse(row.value) as OfficeSettings) : null
}

export function writeOffice(tx: WriteTx, office: OfficeSettings): void {
  const value = JSON.stringify(office)
  const existing = tx.orm.select().from(settings).where(eq(settings.id, OFFICE_KEY)).get()
  if (existing) tx.update(settings, OFFICE_KEY, { value })
  else tx.insert(settings, { id: OFFICE_KEY, value })
}
