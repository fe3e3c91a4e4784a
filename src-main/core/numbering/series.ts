// Per-station number series: each desk issues customer, contract, invoice and case numbers from
// its own series, so two desks working offline never issue the same number. Gap-free within a
// series because the counter moves inside the same transaction as the row that uses the number.
import { and, eq } from 'drizzle-orm'
import { numberSeries } from '../../db/schema'
import { newId, type WriteTx } from '../../db/write'

export type SeriesKind = 'customer' | 'contract' | 'invoice' | 'case'

/** Takes the next number of a series (period: e.g. a year, or "-" for a series that never resets). */
export function takeNext(tx: WriteTx, kind: SeriesKind, stationCode: string, period: string): number {
  const existing = tx.orm
    .select()
    .from(numberSeries)
    .where(and(eq(numberSeries.kind, kind), eq(numberSeries.stationCode, stationCode), eq(numberSeries.period, period)))
    .get()
  if (!existing) {
    tx.insert(numberSeries, { id: newId(), kind, stationCode, period, nextValue: 2, createdAt: tx.now, updatedAt: tx.now })
    return 1
  }
  tx.update(numberSeries, existing.id, { nextValue: existing.nextValue + 1 })
  return existing.nextValue
}
