// Tariffs as dated data: each group has prices valid from a date (yearly steps of a 3-year
// approval). A new price closes the previous one the day before; nothing is edited in place, and
// issued invoices keep the prices copied into their lines.
import { and, asc, eq, sql } from 'drizzle-orm'
import type { ParsedInputOf } from '../../../shared/api/contract'
import { ApiError } from '../../../shared/api/errors'
import type { TariffGroupWithPrices, TariffPriceView } from '../../../shared/api/types'
import { addDays, formatDate } from '../../../shared/domain/dates'
import { contracts, tariffGroups, tariffPrices } from '../../db/schema'
import { newId, type StaffWrite } from '../../db/write'
import type { Services } from '../services'

export function createTariffService(s: Services) {
  function list(onlyId?: string): TariffGroupWithPrices[] {
    const groups = s.db.read.select().from(tariffGroups).where(onlyId ? eq(tariffGroups.id, onlyId) : undefined).orderBy(asc(tariffGroups.code)).all()
    const prices = s.db.read.select().from(tariffPrices).orderBy(asc(tariffPrices.validFrom)).all()
    const counts = new Map(
      s.db.read
        .all<{ id: string; n: number }>(sql`SELECT tariff_group_id AS id, COUNT(*) AS n FROM ${contracts} WHERE status = 'active' GROUP BY tariff_group_id`)
        .map((r) => [r.id, r.n]),
    )
    return groups.map((g) => ({
      id: g.id,
      code: g.code,
      name: g.name,
      billingCycle: g.billingCycle,
      eInvoice: g.eInvoice,
      activeContracts: counts.get(g.id) ?? 0,
      prices: prices
        .filter((p) => p.tariffGroupId === g.id)
        .map(
          (p): TariffPriceView => ({
            id: p.id,
            tariffGroupId: p.tariffGroupId,
            validFrom: p.validFrom,
            validTo: p.validTo,
            waterNetPerM3: p.waterNetPerM3,
            sewageNetPerM3: p.sewageNetPerM3,
            abonamentNet: p.abonamentNet,
            vatBasisPoints: p.vatBasisPoints,
          }),
        ),
    }))
  }

  function addPrice(call: StaffWrite, input: ParsedInputOf<'tariffs.addPrice'>): TariffGroupWithPrices {
    const group = s.db.read.select().from(tariffGroups).where(eq(tariffGroups.id, input.tariffGroupId)).get()
    if (!group) throw new ApiError('NOT_FOUND', 'Grupa taryfowa: nie istnieje', 'tariffGroupId')
    s.db.write(call, (tx) => {
      const latest = tx.read
        .select()
        .from(tariffPrices)
        .where(eq(tariffPrices.tariffGroupId, group.id))
        .orderBy(sql`${tariffPrices.validFrom} DESC`)
        .limit(1)
        .get()
      if (latest && input.validFrom <= latest.validFrom) {
        throw new ApiError('VALIDATION', `Obowiązuje od: nowe ceny muszą obowiązywać później niż ostatnie (od ${formatDate(latest.validFrom)})`, 'validFrom')
      }
      // The open-ended price (or one reaching past the new date) ends the day before.
      for (const p of tx.read.select().from(tariffPrices).where(and(eq(tariffPrices.tariffGroupId, group.id))).all()) {
        if (p.validTo === null || p.validTo >= input.validFrom) tx.update(tariffPrices, p.id, { validTo: addDays(input.validFrom, -1) })
      }
      tx.insert(tariffPrices, {
        id: newId(),
        tariffGroupId: group.id,
        validFrom: input.validFrom,
        validTo: null,
        waterNetPerM3: input.waterNet,
        sewageNetPerM3: input.sewageNet,
        abonamentNet: input.abonamentNet,
        vatBasisPoints: input.vatRate,
        createdAt: tx.now,
        updatedAt: tx.now,
      })
    })
    return list(group.id)[0]
  }

  return { list, addPrice }
}
