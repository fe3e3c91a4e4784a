// Loads what a billing month needs, in a few set queries (chunked IN lists) rather than per
// contract: contracts that may be due with their customer, supply point and tariff group, the
// group prices, meters, readings, what each meter was last billed up to, and each contract's last
// invoice. The planner (plan.ts) then works on plain data.
import { sql } from 'drizzle-orm'
import type { Address } from '../../../shared/api/types'
import { billingPeriodOf, ESTIMATE_LOOKBACK_DAYS } from '../../../shared/domain/consumption'
import { addDays } from '../../../shared/domain/dates'
import { preparedSql, wholeRowsOf, type ReadOrm } from '../../db/database'
import { contracts, customers, invoiceReadings, invoices, supplyPoints, tariffGroups, tariffPrices } from '../../db/schema'
import { groupIdOn, movesOf } from '../tariffs/moves'
import { countedReadingsOfMeters } from '../meters/readings'
import { duePeriod, type BilledReading, type PlanInput, type PlanMeter, type PlanPrice } from './plan'

export type CustomerRow = typeof customers.$inferSelect
type ContractRow = typeof contracts.$inferSelect

export interface LoadedContract {
  contract: ContractRow
  customer: CustomerRow
  supplyPoint: Address
  group: { id: string; code: string; name: string; eInvoice: boolean }
  input: PlanInput
}

const CHUNK = 500

/** Every meter of the given supply points (a JSON array of ids), as the planner sees it. */
const METERS_OF_POINTS = `SELECT m.id, m.serial_no AS serialNo, m.kind, m.installed_on AS installedOn, m.removed_on AS removedOn,
  m.counter_digits AS counterDigits, m.supply_point_id AS supplyPointId FROM json_each(?) p JOIN meters m ON m.supply_point_id = p.value`

/**
 * How far before the earliest due period the readings are read: the previous period's closing
 * reading and a year of real readings behind it for an estimate (plan.ts checks, and asks for
 * the whole history where that is not enough).
 */
const HISTORY_WINDOW_DAYS = ESTIMATE_LOOKBACK_DAYS + 90

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK))
  return out
}

/** The contracts' meters' whole reading history, for plans that need older readings than the window. */
export function withWholeHistory(orm: ReadOrm, loaded: readonly LoadedContract[]): LoadedContract[] {
  const byMeter = countedReadingsOfMeters(orm, [...new Set(loaded.flatMap((l) => l.input.meters.map((m) => m.id)))], '')
  return loaded.map((l) => ({ ...l, input: { ...l.input, readings: new Map(l.input.meters.map((m) => [m.id, byMeter.get(m.id) ?? []])), historyFrom: null } }))
}

const CONTRACT = wholeRowsOf(contracts, 'c')
const CUSTOMER = wholeRowsOf(customers, 'cu')
const POINT = wholeRowsOf(supplyPoints, 'p')
const GROUP = wholeRowsOf(tariffGroups, 'g')
/** Contracts that may be due in a month (started by its end, not ended before its earliest period), whole, with their customer, point and group. */
const CONTRACTS_MAYBE_DUE = `SELECT ${CONTRACT.list}, ${CUSTOMER.list}, ${POINT.list}, ${GROUP.list}
FROM contracts c JOIN customers cu ON cu.id = c.customer_id JOIN supply_points p ON p.id = c.supply_point_id JOIN tariff_groups g ON g.id = c.tariff_group_id
WHERE c.start_date <= ? AND (c.end_date IS NULL OR c.end_date >= ?)
ORDER BY c.contract_no`

export function loadBillingMonth(orm: ReadOrm, month: string): LoadedContract[] {
  const monthStart = `${month}-01`
  const monthEnd = billingPeriodOf(monthStart, 'monthly').to
  // A two-month period due this month started the month before.
  const earliestStart = addDays(monthStart, -31)
  const rows = preparedSql<[string, string], unknown[]>(orm, CONTRACTS_MAYBE_DUE)
    .raw()
    .all(monthEnd, earliestStart)
    .map((r) => {
      let at = 0
      const next = <T>(part: { width: number; read(row: readonly unknown[], at: number): T }): T => {
        const value = part.read(r, at)
        at += part.width
        return value
      }
      return { contract: next(CONTRACT), customer: next(CUSTOMER), point: next(POINT), group: next(GROUP) }
    })

  const prices = new Map<string, PlanPrice[]>()
  for (const p of orm.select().from(tariffPrices).all()) {
    const list = prices.get(p.tariffGroupId) ?? []
    list.push({ id: p.id, validFrom: p.validFrom, validTo: p.validTo, waterNetPerM3: p.waterNetPerM3, sewageNetPerM3: p.sewageNetPerM3, abonamentNet: p.abonamentNet, vatBasisPoints: p.vatBasisPoints })
    prices.set(p.tariffGroupId, list)
  }

  const pointIds = [...new Set(rows.map((r) => r.point.id))]
  const metersByPoint = new Map<string, PlanMeter[]>()
  for (const m of preparedSql<[string], PlanMeter & { supplyPointId: string }>(orm, METERS_OF_POINTS).all(JSON.stringify(pointIds))) {
    const list = metersByPoint.get(m.supplyPointId) ?? []
    list.push({ id: m.id, serialNo: m.serialNo, kind: m.kind, installedOn: m.installedOn, removedOn: m.removedOn, counterDigits: m.counterDigits })
    metersByPoint.set(m.supplyPointId, list)
  }
  // Each contract's latest invoice (and below, each meter's latest billed reading): one backward
  // step in the (contract, kind, period) index per contract — not a MAX() subquery for every one
  // of its ten years of invoices, which made these two reads most of the planning time. Of two
  // with the same period the later written wins, as before.
  const lastInvoice = new Map<string, { number: string; periodTo: string }>()
  for (const ids of chunks(rows.map((r) => r.contract.id))) {
    for (const i of orm.all<{ contractId: string; number: string; periodTo: string }>(sql`
      SELECT c.value AS contractId, i.number, i.period_to AS periodTo FROM json_each(${JSON.stringify(ids)}) c
      JOIN ${invoices} i ON i.rowid = (SELECT x.rowid FROM ${invoices} x WHERE x.contract_id = c.value AND x.kind = 'invoice' ORDER BY x.period_to DESC, x.rowid DESC LIMIT 1)`)) {
      lastInvoice.set(i.contractId, { number: i.number, periodTo: i.periodTo })
    }
  }
  // Readings are read only where the planner will look at them: meters that can be in use in a
  // period due now, of contracts not yet billed for it (planContract stops before the meters
  // otherwise). Ten years of an office's readings would otherwise dominate the run.
  const plannedMeterIds = rows.flatMap(({ contract, point }) => {
    const period = duePeriod(contract, month)
    const last = lastInvoice.get(contract.id)
    if (!period || (last && last.periodTo >= period.from)) return []
    return (metersByPoint.get(point.id) ?? []).filter((m) => m.installedOn <= period.to && (m.removedOn === null || m.removedOn >= period.from)).map((m) => m.id)
  })
  // Only the meters the planner will look at (as the readings below).
  const plannedMeters = [...new Set(plannedMeterIds)]
  const lastBilled = new Map<string, BilledReading>()
  for (const ids of chunks(plannedMeters)) {
    for (const b of orm.all<{ meterId: string; readingId: string; toDate: string; toValue: number; toKind: string }>(sql`
      SELECT ir.meter_id AS meterId, ir.to_reading_id AS readingId, ir.to_date AS toDate, ir.to_value AS toValue, ir.to_kind AS toKind
      FROM json_each(${JSON.stringify(ids)}) m
      JOIN ${invoiceReadings} ir ON ir.rowid = (SELECT x.rowid FROM ${invoiceReadings} x WHERE x.meter_id = m.value ORDER BY x.to_date DESC, x.rowid DESC LIMIT 1)`)) {
      lastBilled.set(b.meterId, { readingId: b.readingId, toDate: b.toDate, toValue: b.toValue, toKind: b.toKind })
    }
  }
  // Readings with their review status (flagged ones do not count until accepted; an accepted
  // rollover is marked), as the readings domain reads them — only the recent ones: a meter whose
  // plan needs older ones is planned again with its whole history (withWholeHistory).
  const historyFrom = addDays(earliestStart, -HISTORY_WINDOW_DAYS)
  const readingsByMeter = countedReadingsOfMeters(orm, plannedMeters, historyFrom)

  // A contract moved between groups (paper ↔ e-invoice) is billed in the group in force on the
  // first day of the due period; the join gave its latest group.
  const moves = movesOf(
    orm,
    rows.map((r) => r.contract.id),
  )
  const groupsById = moves.size ? new Map(orm.select().from(tariffGroups).all().map((g) => [g.id, g])) : new Map<string, typeof tariffGroups.$inferSelect>()

  return rows.map(({ contract, customer, point, group: latest }) => {
    const pointMeters = metersByPoint.get(point.id) ?? []
    const period = moves.has(contract.id) ? duePeriod(contract, month) : null
    const group = period ? groupsById.get(groupIdOn(latest.id, moves.get(contract.id), period.from))! : latest
    return {
      contract,
      customer,
      supplyPoint: { street: point.street, houseNo: point.houseNo, flatNo: point.flatNo, postalCode: point.postalCode, city: point.city },
      group: { id: group.id, code: group.code, name: group.name, eInvoice: group.eInvoice },
      input: {
        month,
        contract: { id: contract.id, contractNo: contract.contractNo, services: contract.services, billingCycle: contract.billingCycle, startDate: contract.startDate, endDate: contract.endDate },
        groupName: group.name,
        prices: prices.get(group.id) ?? [],
        meters: pointMeters,
        readings: new Map(pointMeters.map((m) => [m.id, readingsByMeter.get(m.id) ?? []])),
        historyFrom,
        lastBilled: new Map(pointMeters.filter((m) => lastBilled.has(m.id)).map((m) => [m.id, lastBilled.get(m.id)!])),
        lastInvoice: lastInvoice.get(contract.id) ?? null,
      },
    }
  })
}
