// Readings: history per meter, recording with the plausibility checks (a doubtful reading is
// stored flagged, with its reasons, and does not count until a supervisor accepts it), the
// supervisor's review, and the consumption analysis behind the card's chart.
import { desc, eq, inArray, sql } from 'drizzle-orm'
import type { ParsedInputOf } from '../../../shared/api/contract'
import { ApiError } from '../../../shared/api/errors'
import type { AnalysisPeriod, ConsumptionAnalysis, FlaggedReading, ReadingCheck, ReadingView, RecordedReading } from '../../../shared/api/types'
import {
  addUses,
  billingPeriodOf,
  billingPeriods,
  checkReading,
  consumptionByPeriod,
  effectiveReadings,
  estimateReading,
  ISSUE_FIELD,
  groupAverageFold,
  isEstimate,
  leakHint,
  likelyRollover,
  LEAK_RULES,
  litresPerDay,
  meterIntervals,
  periodSeries,
  samePeriodLastYear,
  type BillingCycle,
  type GroupAverage,
  type LeakHint,
  type MeterReading,
  type Period,
  type PeriodUse,
  type ReadingKind,
} from '../../../shared/domain/consumption'
import { formatAddressLine } from '../../../shared/domain/customer-format'
import { addDays, businessDate, formatDate } from '../../../shared/domain/dates'
import { contracts, customers, meterReplacements, meters, readingReviews, readings, supplyPoints, tariffGroups } from '../../db/schema'
import { preparedOnce, preparedSql, type ReadOrm } from '../../db/database'
import { newId, type RowChange, type StaffWrite, type WriteContext } from '../../db/write'
import { createMeterService, pointAddress } from '../meters/service'
import type { Services } from '../services'
import { decidedFrom, LATEST_DECISION_SQL, readingById, readingsOfMeters, readingViews, type ReadingRow } from '../meters/readings'

type MeterRow = typeof meters.$inferSelect

interface GroupAverages {
  version: string
  /** By period key: only the figures, never the group's readings or per-point uses. */
  averages: Map<string, GroupAverage>
}

// The group's main meters, one point after another (the IN list is walked in point order, then
// each point's meters by index), each with the readings that bound the periods asked: from its
// last real reading before the first period through its first real reading after the last one
// (a real reading ends every estimate before it, so the effective readings and the intervals
// touching the periods come out as from the whole history). Only 'ok' readings serve as bounds:
// an accepted flagged one would do too, but a wider window changes nothing.
const GROUP_READINGS = `
SELECT m.supply_point_id, m.id, m.counter_digits, r.id, r.read_on, r.value_m3, r.kind, r.status, r.created_at,
  ${LATEST_DECISION_SQL}
FROM meters m JOIN readings r ON r.meter_id = m.id
  AND r.read_on >= coalesce((SELECT max(b.read_on) FROM readings b WHERE b.meter_id = m.id AND b.read_on < ? AND b.status = 'ok' AND b.kind <> 'estimated'), '')
  AND r.read_on <= coalesce((SELECT min(b.read_on) FROM readings b WHERE b.meter_id = m.id AND b.read_on > ? AND b.status = 'ok' AND b.kind <> 'estimated'), '9999-12-31')
WHERE m.kind = 'main' AND m.supply_point_id IN (SELECT k.supply_point_id FROM contracts k WHERE k.tariff_group_id = ? AND k.status = 'active')
ORDER BY m.supply_point_id, m.rowid, r.read_on`

type GroupReadingRow = [pointId: string, meterId: string, digits: number, id: string, readOn: string, valueM3: number, kind: ReadingKind, status: 'ok' | 'flagged', createdAt: string, review: string | null]

/** Above this many changed rows in one commit, every cached average is dropped instead of traced. */
const MAX_TRACKED_CHANGES = 100

/** Entities whose change can move a consumption figure. */
const CONSUMPTION_ENTITIES = new Set(['readings', 'reading_reviews', 'meters', 'contracts', 'meter_replacements'])

/** Row counters of what the averages rest on: a bulk import (no row changes) shows here. */
const dataVersion = (db: Services['db']): (number | null)[] =>
  preparedSql<[], (number | null)[]>(db.readSql, 'SELECT (SELECT max(rowid) FROM readings), (SELECT max(rowid) FROM reading_reviews), (SELECT max(rowid) FROM meters), (SELECT max(rowid) FROM contracts)')
    .raw()
    .get()!

/**
 * Drops what a committed write moves. A new reading (or a decision on one) changes the intervals
 * from its meter's last real reading before it onwards: only the periods ending after that day, in
 * the groups of the meter's point. Anything else (meters, contracts, a bulk import) drops all.
 */
function dropMoved(db: Services['db'], cache: Map<string, GroupAverages>, changes: readonly RowChange[]): void {
  // Nothing cached yet (no card opened since the start or the last drop): nothing to look up.
  if (!cache.size) return
  const moved = changes.filter((c) => CONSUMPTION_ENTITIES.has(c.entity))
  if (!moved.length) return
  const added = { readings: 0, reading_reviews: 0 }
  const dropAll = () => cache.clear()
  // A bulk write (a billing run's estimates, an import) moves most periods anyway: dropping all
  // costs one recomputation, where three lookups per row would weigh on the write's own commit.
  if (moved.length > MAX_TRACKED_CHANGES) return dropAll()
  const sql = db.readSql
  const readingOf = sql.prepare('SELECT meter_id AS meterId, read_on AS readOn FROM readings WHERE id = ?')
  const lastRealBefore = sql.prepare(`SELECT max(read_on) FROM readings WHERE meter_id = ? AND read_on < ? AND status = 'ok' AND kind <> 'estimated'`).pluck()
  const groupsOfMeter = sql
    .prepare(`SELECT DISTINCT k.tariff_group_id FROM meters m JOIN contracts k ON k.supply_point_id = m.supply_point_id WHERE m.id = ? AND k.status = 'active'`)
    .pluck()
  for (const c of moved) {
    if (c.op !== 'insert' || !c.after || (c.entity !== 'readings' && c.entity !== 'reading_reviews')) return dropAll()
    added[c.entity]++
    const reading = (
      c.entity === 'readings' ? c.after : readingOf.get(c.after.readingId)
    ) as { meterId?: unknown; readOn?: unknown } | undefined
    if (typeof reading?.meterId !== 'string' || typeof reading.readOn !== 'string') return dropAll()
    const since = (lastRealBefore.get(reading.meterId, reading.readOn) as string | null) ?? ''
    const groups = groupsOfMeter.all(reading.meterId) as string[]
    for (const [key, entry] of cache) {
      const [group, cycle] = key.split('|') as [string, BillingCycle]
      if (!groups.includes(group)) continue
      for (const period of entry.averages.keys()) if (billingPeriodOf(period, cycle).to > since) entry.averages.delete(period)
    }
  }
  // The kept figures stay valid only if this write is all that changed since they were computed.
  const now = JSON.stringify(dataVersion(db))
  for (const [key, entry] of cache) {
    const [r, v, ...rest] = JSON.parse(entry.version) as (number | null)[]
    const expected = JSON.stringify([added.readings ? (r ?? 0) + added.readings : r, added.reading_reviews ? (v ?? 0) + added.reading_reviews : v, ...rest])
    if (expected === now) entry.version = now
    else cache.delete(key)
  }
}

// Tariff-group averages walk the readings of every point of the group: computed once per
// database, shared by every reading service on it (the readings operations and the whole customer
// card); what a write moves is dropped on commit, and a changed row counter drops a group's figures.
const groupCaches = new WeakMap<Services['db'], Map<string, GroupAverages>>()
function groupCacheOf(db: Services['db']): Map<string, GroupAverages> {
  let cache = groupCaches.get(db)
  if (!cache) {
    const created = (cache = new Map<string, GroupAverages>())
    groupCaches.set(db, created)
    db.onCommit((changes: readonly RowChange[]) => dropMoved(db, created, changes))
  }
  return cache
}

/** The consumption analysis's own queries, prepared once per connection (the card opens it every time). */
const analysisQueries = (orm: ReadOrm) =>
  preparedOnce(orm, 'readings.analysis', () => ({
    customer: orm.select({ id: customers.id }).from(customers).where(eq(customers.id, sql.placeholder('id'))).prepare(),
    own: orm
      .select({ contract: contracts, point: supplyPoints, group: tariffGroups })
      .from(contracts)
      .innerJoin(supplyPoints, eq(supplyPoints.id, contracts.supplyPointId))
      .innerJoin(tariffGroups, eq(tariffGroups.id, contracts.tariffGroupId))
      .where(eq(contracts.customerId, sql.placeholder('id')))
      .orderBy(sql`${contracts.status} = 'active' DESC`, desc(contracts.startDate))
      .prepare(),
    pointMeters: orm.select().from(meters).where(eq(meters.supplyPointId, sql.placeholder('id'))).prepare(),
    protocols: orm.select().from(meterReplacements).where(eq(meterReplacements.supplyPointId, sql.placeholder('id'))).prepare(),
  }))

export function createReadingService(s: Services) {
  const orm = s.db.read
  const meterService = createMeterService(s)
  const today = () => businessDate(s.now())
  const groupCache = groupCacheOf(s.db)
  function check(input: ParsedInputOf<'readings.check'>, meter: MeterRow, rows: readonly ReadingRow[]): ReadingCheck {
    const result = checkReading({ readOn: input.readOn, valueM3: input.valueM3, kind: input.kind }, meter, rows, today())
    return { ...result, estimateM3: estimateReading(rows, input.readOn, meter.counterDigits) }
  }

  function view(id: string): ReadingView {
    const row = readingById(s.db.readSql, id)
    if (!row) throw new ApiError('NOT_FOUND', 'Odczyt: nie istnieje', 'id')
    const meter = meterService.meterRow(row.meterId)
    const rows = readingsOfMeters(s.db.readSql, [meter.id]).get(meter.id)!
    return readingViews(rows, meter.counterDigits).find((v) => v.id === id)!
  }

  /**
   * The group's averages in the given periods (cycle: the periods'). Computed by streaming the
   * readings that bound the missing periods and folding one supply point at a time: a large group
   * (tens of thousands of meters) never sits in memory, and only the figures are cached.
   */
  function groupAverages(tariffGroupId: string, cycle: BillingCycle, periods: readonly Period[]): Map<string, GroupAverage> {
    const key = `${tariffGroupId}|${cycle}`
    const version = JSON.stringify(dataVersion(s.db))
    let entry = groupCache.get(key)
    if (!entry || entry.version !== version) groupCache.set(key, (entry = { version, averages: new Map() }))
    const known = entry.averages
    const missing = periods.filter((p) => !known.has(p.key))
    if (missing.length) {
      const from = missing.reduce((min, p) => (p.from < min ? p.from : min), missing[0].from)
      const to = missing.reduce((max, p) => (p.to > max ? p.to : max), missing[0].to)
      const fold = groupAverageFold(billingPeriods(cycle, from, to))
      let pointId: string | null = null
      let meterId: string | null = null
      let digits = 0
      let meterRows: MeterReading[] = []
      let pointUses: Map<string, PeriodUse>[] = []
      const endMeter = () => {
        if (meterId !== null) pointUses.push(consumptionByPeriod(meterIntervals(meterRows, digits), cycle))
        meterRows = []
      }
      const endPoint = () => {
        endMeter()
        if (pointUses.length) fold.add(addUses(pointUses))
        pointUses = []
      }
      const rows = s.db.readSql.prepare(GROUP_READINGS).raw().iterate(from, to, tariffGroupId) as IterableIterator<GroupReadingRow>
      for (const [point, meter, meterDigits, id, readOn, valueM3, kind, status, createdAt, review] of rows) {
        if (point !== pointId) {
          endPoint()
          pointId = point
        } else if (meter !== meterId) endMeter()
        meterId = meter
        digits = meterDigits
        meterRows.push({ id, readOn, valueM3, kind, ...decidedFrom(status, review), createdAt })
      }
      endPoint()
      for (const [k, avg] of fold.averages()) known.set(k, avg)
    }
    return new Map(periods.map((p) => [p.key, known.get(p.key)!]))
  }

  function leakFor(current: MeterRow[], rows: Map<string, ReadingRow[]>): LeakHint {
    const radioMeters = current.filter((m) => m.kind === 'main' && m.removedOn === null)
    const samples = radioMeters.flatMap((m) => (rows.get(m.id) ?? []).filter((r) => r.kind === 'radio' && r.status !== 'rejected' && r.status !== 'flagged'))
    if (!samples.length && radioMeters.some((m) => m.radioId)) {
      return {
        status: 'not_enough_data',
        message: `Wodomierz ma moduł radiowy, ale nie przesłał odczytów z ostatnich ${LEAK_RULES.windowDays} dni — za mało danych, by ocenić wyciek.`,
        daysJudged: 0,
        nightsJudged: 0,
      }
    }
    return leakHint(samples, today())
  }

  return {
    groupAverages,

    history(meterId: string): ReadingView[] {
      const meter = meterService.meterRow(meterId, 'meterId')
      return readingViews(readingsOfMeters(s.db.readSql, [meter.id]).get(meter.id)!, meter.counterDigits)
    },

    check(input: ParsedInputOf<'readings.check'>): ReadingCheck {
      const meter = meterService.meterRow(input.meterId, 'meterId')
      return check(input, meter, readingsOfMeters(s.db.readSql, [meter.id]).get(meter.id)!)
    },

    record(call: WriteContext, input: ParsedInputOf<'readings.record'>): RecordedReading {
      const meter = meterService.meterRow(input.meterId, 'meterId')
      const rows = readingsOfMeters(s.db.readSql, [meter.id]).get(meter.id)!
      const result = check(input, meter, rows)
      const refusal = result.issues.find((i) => i.severity === 'error')
      if (refusal) throw new ApiError('VALIDATION', refusal.message, ISSUE_FIELD[refusal.code])
      const warnings = result.issues.filter((i) => i.severity === 'warning')
      // The latest estimate this real reading replaces, kept as a link (the maths derives it anyway).
      const lastBefore = effectiveReadings(rows).filter((r) => r.readOn <= input.readOn).at(-1)
      const replaced = input.kind !== 'estimated' && lastBefore && isEstimate(lastBefore) ? lastBefore : undefined
      const id = s.db.write(call, (tx) =>
        tx.insert(readings, {
          id: newId(),
          meterId: meter.id,
          readOn: input.readOn,
          valueM3: input.valueM3,
          kind: input.kind,
          source: input.kind === 'customer' ? (input.source ?? null) : null,
          note: input.note,
          status: warnings.length ? 'flagged' : 'ok',
          flags: warnings.length ? warnings : null,
          replacesEstimateId: replaced?.id ?? null,
          createdBy: call.staffId,
          createdAt: tx.now,
        }).id,
      )
      return { reading: view(id), check: result }
    },

    flagged(): FlaggedReading[] {
      const pending = s.db.readSql
        .prepare(
          `SELECT r.meter_id FROM readings r WHERE r.status = 'flagged'
           AND NOT EXISTS (SELECT 1 FROM reading_reviews x WHERE x.reading_id = r.id) GROUP BY r.meter_id`,
        )
        .all() as { meter_id: string }[]
      if (!pending.length) return []
      const meterRows = orm.select().from(meters).where(inArray(meters.id, pending.map((p) => p.meter_id))).all()
      const points = new Map(orm.select().from(supplyPoints).where(inArray(supplyPoints.id, meterRows.map((m) => m.supplyPointId))).all().map((p) => [p.id, p]))
      const byMeter = readingsOfMeters(s.db.readSql, meterRows.map((m) => m.id))
      const out: FlaggedReading[] = []
      for (const m of meterRows) {
        const rows = byMeter.get(m.id)!
        const views = readingViews(rows, m.counterDigits)
        for (const v of views.filter((x) => x.status === 'flagged')) {
          const prev = effectiveReadings(rows.filter((r) => r.id !== v.id && r.readOn <= v.readOn && !isEstimate(r))).at(-1)
          out.push({
            reading: v,
            rolloverM3: prev ? likelyRollover(prev.valueM3, v.valueM3, m.counterDigits) : null,
            meterSerialNo: m.serialNo,
            address: formatAddressLine(pointAddress(points.get(m.supplyPointId)!)),
            customer: meterService.ownerOf(m.supplyPointId),
          })
        }
      }
      return out.sort((a, b) => a.reading.createdAt.localeCompare(b.reading.createdAt))
    },

    review(call: StaffWrite, input: ParsedInputOf<'readings.review'>): ReadingView {
      const row = readingById(s.db.readSql, input.id)
      if (!row) throw new ApiError('NOT_FOUND', 'Odczyt: nie istnieje', 'id')
      if (row.entryStatus !== 'flagged') throw new ApiError('CONFLICT', 'Odczyt przeszedł kontrolę — nie wymaga decyzji', 'id')
      if (row.review) {
        const what = row.review.decision === 'accepted' ? 'przyjęty' : 'odrzucony'
        throw new ApiError('CONFLICT', `Odczyt rozpatrzono już ${formatDate(row.review.decidedAt)} (${what}${row.review.decidedByName ? `, ${row.review.decidedByName}` : ''})`, 'id')
      }
      if (input.rollover && !row.flags.some((f) => f.code === 'lower_than_previous')) {
        throw new ApiError('VALIDATION', 'Przekręcenie licznika: dotyczy tylko odczytu niższego od poprzedniego', 'rollover')
      }
      s.db.write(call, (tx) =>
        tx.insert(readingReviews, {
          id: newId(),
          readingId: row.id,
          decision: input.decision,
          rollover: input.rollover,
          note: input.note,
          decidedBy: call.staffId,
          decidedAt: tx.now,
        }),
      )
      return view(row.id)
    },

    analysis(input: ParsedInputOf<'readings.analysis'>): ConsumptionAnalysis {
      const q = analysisQueries(orm)
      const customer = q.customer.get({ id: input.customerId })
      if (!customer) throw new ApiError('NOT_FOUND', 'Klient: nie istnieje', 'customerId')
      const own = q.own.all({ id: input.customerId })
      if (!own.length) throw new ApiError('NOT_FOUND', 'Klient nie ma umowy z punktem poboru — nie ma czego analizować', 'customerId')
      const chosen = input.supplyPointId ? own.find((o) => o.point.id === input.supplyPointId) : own[0]
      if (!chosen) throw new ApiError('VALIDATION', 'Punkt poboru: nie należy do tego klienta', 'supplyPointId')
      const { contract, point, group } = chosen
      const cycle = contract.billingCycle
      const asOf = today()
      // The customer's own time at the point only: a previous tenant's water is not theirs to see.
      const since = own.filter((o) => o.point.id === point.id).reduce((min, o) => (o.contract.startDate < min ? o.contract.startDate : min), contract.startDate)
      const firstVisible = billingPeriodOf(since, cycle).from
      // `months` back as whole billing periods, the running one included.
      let first = billingPeriodOf(asOf, cycle)
      for (let i = 1; i < Math.ceil(input.months / (cycle === 'monthly' ? 1 : 2)); i++) first = billingPeriodOf(addDays(first.from, -1), cycle)
      const rangeFrom = first.from
      const from = rangeFrom > firstVisible ? rangeFrom : firstVisible

      const pointMeters = q.pointMeters.all({ id: point.id })
      const rows = readingsOfMeters(s.db.readSql, pointMeters.map((m) => m.id))
      const usesOf = (kind: 'main' | 'additional') =>
        addUses(pointMeters.filter((m) => m.kind === kind).map((m) => consumptionByPeriod(meterIntervals(rows.get(m.id) ?? [], m.counterDigits), cycle)))
      const main = usesOf('main')
      const additional = pointMeters.some((m) => m.kind === 'additional') ? usesOf('additional') : null

      // Data starts with the customer's contract, or later with a meter fitted after it.
      const mainInstalled = pointMeters.filter((m) => m.kind === 'main').reduce<string | null>((min, m) => (min === null || m.installedOn < min ? m.installedOn : min), null)
      const dataSince = mainInstalled !== null && mainInstalled > since ? mainInstalled : since
      const series = periodSeries(main, cycle, from, asOf, dataSince)

      // Twelve months of complete periods, and the twelve before them.
      const perYear = cycle === 'monthly' ? 12 : 6
      const allComplete = periodSeries(main, cycle, addDays(from, -730), asOf, dataSince).filter((p) => p.complete)
      const lastYear = allComplete.slice(-perYear).filter((p) => p.period.from >= firstVisible)
      const groupAvg = groupAverages(group.id, cycle, [...series, ...(lastYear.length === perYear ? lastYear : [])].map((p) => p.period))

      let tooFew = false
      const periods: AnalysisPeriod[] = series.map((p) => {
        const avg = groupAvg.get(p.period.key)!
        if (avg.m3 === null && p.period.to < asOf) tooFew = true
        const lastYearVisible = samePeriodLastYear(p.period, cycle).from >= firstVisible
        const extra = additional?.get(p.period.key)
        return {
          key: p.period.key,
          label: p.period.label,
          from: p.period.from,
          to: p.period.to,
          days: p.period.days,
          m3: p.m3,
          complete: p.complete,
          estimated: p.estimated,
          litresPerDay: p.litresPerDay,
          lastYearM3: lastYearVisible ? p.lastYearM3 : null,
          lastYearComplete: lastYearVisible && p.lastYearComplete,
          groupAvgM3: avg.m3,
          additionalM3: extra && extra.coveredDays > 0 ? extra.m3 : null,
        }
      })

      const sumOf = (list: typeof allComplete) => (list.length === perYear ? list.reduce((sum, p) => sum + (p.m3 ?? 0), 0) : null)
      const yearBefore = allComplete.slice(-2 * perYear, -perYear).filter((p) => p.period.from >= firstVisible)
      const daysOf = (list: typeof allComplete) => list.reduce((sum, p) => sum + p.period.days, 0)
      const exactOf = (list: typeof allComplete) => list.reduce((sum, p) => sum + (main.get(p.period.key)?.exactM3 ?? 0), 0)
      const groupSum = lastYear.length === perYear ? lastYear.map((p) => groupAvg.get(p.period.key)!.m3) : []

      // Replacements in range: from the meters themselves (older data has no protocol rows).
      const protocols = new Map(q.protocols.all({ id: point.id }).map((r) => [r.oldMeterId, r.protocolNo]))
      const events = pointMeters
        .filter((m) => m.removedOn !== null && m.removedOn >= from)
        .sort((a, b) => a.removedOn!.localeCompare(b.removedOn!))
        .map((m) => {
          const next = pointMeters.find((n) => n.kind === m.kind && n.installedOn === m.removedOn && n.id !== m.id)
          const protocol = protocols.get(m.id)
          return {
            date: m.removedOn!,
            label: `Wymiana wodomierza ${m.serialNo}${next ? ` → ${next.serialNo}` : ''}${protocol ? ` (${protocol})` : ''}`,
          }
        })

      const notes: string[] = []
      if (since > rangeFrom) notes.push(`Dane od początku umowy (${formatDate(since)}).`)
      const running = periods.at(-1)
      if (running && !running.complete) notes.push(`Okres ${running.label} jeszcze trwa — pokazano zużycie do ostatniego odczytu.`)
      if (periods.some((p) => p.estimated)) notes.push('Część zużycia opiera się na odczycie szacunkowym — zostanie skorygowana następnym odczytem rzeczywistym.')
      const waiting = pointMeters.reduce((n, m) => n + (rows.get(m.id) ?? []).filter((r) => r.status === 'flagged').length, 0)
      if (waiting) notes.push(`Odczyty do wyjaśnienia (${waiting}) nie są wliczane, dopóki kierownik ich nie przyjmie.`)
      if (tooFew) notes.push('Średnia grupy taryfowej jest pokazywana tylko, gdy pełne odczyty ma co najmniej 5 punktów poboru.')
      if (periods.every((p) => p.m3 === null)) notes.push('Brak odczytów w wybranym okresie.')

      const current = pointMeters.filter((m) => m.removedOn === null)
      return {
        asOf,
        supplyPoint: { id: point.id, address: pointAddress(point) },
        supplyPoints: [...new Map(own.map((o) => [o.point.id, { id: o.point.id, address: pointAddress(o.point) }])).values()],
        contractNo: contract.contractNo,
        tariffGroupName: group.name,
        billingCycle: cycle,
        periods,
        summary: {
          last12M3: sumOf(lastYear),
          previous12M3: sumOf(yearBefore),
          litresPerDay: lastYear.length ? litresPerDay(exactOf(lastYear), daysOf(lastYear)) : null,
          groupLitresPerDay: groupSum.length && groupSum.every((v) => v !== null) ? litresPerDay(groupSum.reduce((a, b) => a! + b!, 0)!, daysOf(lastYear)) : null,
        },
        events,
        leak: leakFor(current, rows),
        notes,
      }
    },
  }
}
