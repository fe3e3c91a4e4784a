// iBOK settings told to customers: the portal's address (in the credentials e-mail and letter).
import { eq } from 'drizzle-orm'
import type { PortalSettingsView } from '../../../shared/api/types'
import type { ReadOrm } from '../../db/database'
import { settings } from '../../db/schema'
import type { WriteTx } from '../../db/write'

const KEY = 'portal'

export function readPortalSettings(orm: ReadOrm): PortalSettingsView {
  const row = orm.select().from(settings).where(eq(settings.id, KEY)).get()
  return row ? (JSON.parse(row.value) as PortalSettingsView) : { portalUrl: null }
}

export function writePortalSettings(tx: WriteTx, value: PortalSettingsView): void {
  const json = JSON.stringify(value)
  if (tx.read.select().from(settings).where(eq(settings.id, KEY)).get()) tx.update(settings, KEY, { value: json })
  else tx.insert(settings, { id: KEY, value: json })
}
