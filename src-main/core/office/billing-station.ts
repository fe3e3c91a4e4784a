// The billing station: the one desk of the office that issues invoices. Two desks working offline
// can then never bill the same contract and period twice — only one of them bills at all.
//
// Why this is sound offline: the setting (a synced settings row) is written only on the desk that
// holds the role — at setup, or when it hands the role over — and that desk stops billing the
// moment it writes the handover; the new station starts only once the handover reached it. So at
// any time at most one desk believes it is the billing station. A desk restored from a backup
// bills only after the hub confirmed its station (numbering is refused until then), and a
// replacement PC takes the hub's state at its join.
import { eq } from 'drizzle-orm'
import { ApiError } from '../../../shared/api/errors'
import type { Orm } from '../../db/database'
import { settings } from '../../db/schema'
import type { WriteTx } from '../../db/write'

export const BILLING_STATION_KEY = 'billing.station'

export function billingStation(orm: Orm): string | null {
  const row = orm.select().from(settings).where(eq(settings.id, BILLING_STATION_KEY)).get()
  return row ? (JSON.parse(row.value) as { stationCode: string }).stationCode : null
}

function write(tx: WriteTx, stationCode: string): void {
  const value = JSON.stringify({ stationCode })
  if (tx.orm.select().from(settings).where(eq(settings.id, BILLING_STATION_KEY)).get()) tx.update(settings, BILLING_STATION_KEY, { value })
  else tx.insert(settings, { id: BILLING_STATION_KEY, value })
}

/** At setup: the station that sets up the office bills until it hands the role over. */
export function claimBillingStationIfUnset(tx: WriteTx, stationCode: string): void {
  if (billingStation(tx.orm) === null) write(tx, stationCode)
}

/** Refuses a billing run anywhere but on the billing station. */
export function requireBillingStation(orm: Orm, stationCode: string): void {
  const holder = billingStation(orm)
  if (holder === stationCode) return
  throw new ApiError(
    'CONFLICT',
    holder
      ? `Faktury w tym biurze wystawia stanowisko ${holder} — rozliczenie uruchom tam (albo niech tamto stanowisko przekaże rozliczenia temu)`
      : 'Nie wskazano stanowiska, które wystawia faktury — administrator wskazuje je na stanowisku, które ma rozliczać',
  )
}

/**
 * Hands the role over (admin, on the current billing station — or, in an office from before this
 * setting, on the station that is to bill). From this write on, this desk bills no more; the new
 * station bills once the handover has reached it.
 */
export function handOverBilling(tx: WriteTx, from: string, to: string): void {
  const holder = billingStation(tx.orm)
  if (holder !== null && holder !== from) {
    throw new ApiError('CONFLICT', `Rozliczenia przekazuje stanowisko, które je teraz prowadzi (${holder})`, 'stationCode')
  }
  if (holder === null && to !== from) throw new ApiError('CONFLICT', 'Stanowisko rozliczeń wskaż na tym stanowisku, które ma rozliczać', 'stationCode')
  write(tx, to)
}
