// Per-station number series: each desk issues customer, contract, invoice and case numbers from
// its own series, so two desks working offline never issue the same number. Gap-free within a
// series because the counter moves inside the same transaction as the row that uses the number.
import { and, eq } from 'drizzle-orm'
import { ApiError } from '../../shared/api/errors'
import { stationUnconfirmed, UNCONFIRMED_STATION_MESSAGE } from './hub-client/settings'
import { numberSeries } from '../db/schema'
import { newId, type WriteTx } from '../db/write'

export type SeriesKind = 'customer' | 'contract' | 'invoice' | 'case' | 'receipt' | 'meter_protocol' | 'consent' | 'application' | `invoice:${string}`

/** The series key of invoice numbers: one counter per invoice series ("FW", "KOR"), station and year. */
export const invoiceSeriesKind = (series: string): SeriesKind => `invoice:${series}`

/** Takes the next number of a series (period: e.g. a year, or "-" for a series that never resets). */
export function takeNext(tx: WriteTx, kind: SeriesKind, stationCode: string, period: string): number {
  return takeBlock(tx, kind, stationCode, period, 1)
}

/**
 * Takes `count` consecutive numbers at once and returns the first (a billing run numbers a whole
 * chunk of invoices with one counter update). Gap-free only if the caller uses every number in
 * the same transaction — which a transaction that fails as a whole guarantees.
 */
export function takeBlock(tx: WriteTx, kind: SeriesKind, stationCode: string, period: string, count: number): number {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive whole number, got ${count}`)
  // A desk restored from a backup may have used these numbers after it: the hub says first.
  if (stationUnconfirmed(tx.orm)) throw new ApiError('CONFLICT', UNCONFIRMED_STATION_MESSAGE)
  const existing = tx.orm
    .select()
    .from(numberSeries)
    .where(and(eq(numberSeries.kind, kind), eq(numberSeries.stationCode, stationCode), eq(numberSeries.period, period)))
    .get()
  if (!existing) {
    tx.insert(numberSeries, { id: newId(), kind, stationCode, period, nextValue: 1 + count, createdAt: tx.now, updatedAt: tx.now })
    return 1
  }
  tx.update(numberSeries, existing.id, { nextValue: existing.nextValue + count })
  return existing.nextValue
}
