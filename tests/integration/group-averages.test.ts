// Tariff-group averages (issue 19): streamed over the readings that bound the asked periods and
// folded one supply point at a time. The oracle is the former whole-group computation (every
// reading of every main meter of the group, per-point uses, then groupAverage): over a generated
// office with replacements, estimates, a rollover and a rejected reading, several groups, both
// cycles and three years of periods, both must give the same numbers — before and after writes.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { addDays } from '../../shared/domain/dates'
import { addUses, billingPeriods, consumptionByPeriod, groupAverage, meterIntervals, sortReadings, type BillingCycle, type GroupAverage, type Period } from '../../shared/domain/consumption'
import { countedReadingsOfMeters, readingsOfMeters } from '../../src-main/core/meters/readings'
import { createReadingService } from '../../src-main/core/readings/service'
import { makeTestDesk, type TestDesk } from '../support/desk'

const TODAY = '2026-05-15'
const NOW = new Date(`${TODAY}T08:00:00Z`)
const CYCLES: BillingCycle[] = ['monthly', 'bimonthly']

let desk: TestDesk
let token: string
let supervisor: string

beforeAll(async () => {
  desk = makeTestDesk({ now: () => NOW })
  await desk.call('system.loadDemo', { seed: 11, customers: 400 })
  token = (await desk.call('staff.login', { login: 'urzednik', password: 'Demo-Krucza-10' })).token
  supervisor = (await desk.call('staff.login', { login: 'kierownik', password: 'Demo-Krucza-10' })).token
}, 120_000)
afterAll(() => desk?.dispose())

const all = <T>(sql: string, ...params: unknown[]): T[] => desk.services.db.readSql.prepare(sql).all(...params) as T[]

/** The former way: the whole group's readings in memory. */
function oracle(tariffGroupId: string, cycle: BillingCycle, periods: readonly Period[]): Map<string, GroupAverage> {
  const rows = all<{ id: string; pointId: string; digits: number }>(
    `SELECT m.id, m.supply_point_id AS pointId, m.counter_digits AS digits FROM meters m
     WHERE m.kind = 'main' AND m.supply_point_id IN (
       SELECT k.supply_point_id FROM contracts k WHERE k.tariff_group_id = ? AND k.status = 'active')`,
    tariffGroupId,
  )
  const byMeter = readingsOfMeters(desk.services.db.readSql, rows.map((r) => r.id))
  const perPoint = new Map<string, ReturnType<typeof consumptionByPeriod>[]>()
  for (const m of rows) perPoint.set(m.pointId, [...(perPoint.get(m.pointId) ?? []), consumptionByPeriod(meterIntervals(byMeter.get(m.id) ?? [], m.digits), cycle)])
  const uses = [...perPoint.values()].map(addUses)
  return new Map(periods.map((p) => [p.key, groupAverage(uses, p)]))
}

const groups = () => all<{ id: string }>(`SELECT DISTINCT tariff_group_id AS id FROM contracts WHERE status = 'active' ORDER BY 1`).map((g) => g.id)
const streamed = (groupId: string, cycle: BillingCycle, periods: readonly Period[]) => createReadingService(desk.services).groupAverages(groupId, cycle, periods)

function expectSameAsOracle(): number {
  let shown = 0
  for (const groupId of groups()) {
    for (const cycle of CYCLES) {
      const periods = billingPeriods(cycle, '2023-06-01', TODAY)
      const expected = oracle(groupId, cycle, periods)
      // Asked in pieces (a card's year, then the whole range: part cached, part computed) and whole.
      const recent = streamed(groupId, cycle, periods.slice(-7))
      const whole = streamed(groupId, cycle, periods)
      for (const p of periods) {
        expect({ group: groupId, cycle, period: p.key, avg: whole.get(p.key) }).toEqual({ group: groupId, cycle, period: p.key, avg: expected.get(p.key) })
        if (recent.has(p.key)) expect(recent.get(p.key)).toEqual(expected.get(p.key))
        if (expected.get(p.key)!.m3 !== null) shown++
      }
    }
  }
  return shown
}

describe('tariff-group averages', () => {
  it('equal the whole-group computation over every group, both cycles and three years of periods', () => {
    expect(groups().length).toBeGreaterThan(2)
    // The office really has replacements and estimates, and enough points for averages to show.
    expect(all(`SELECT 1 FROM meters WHERE kind = 'main' AND removed_on IS NOT NULL`).length).toBeGreaterThan(0)
    expect(all(`SELECT 1 FROM readings WHERE kind = 'estimated'`).length).toBeGreaterThan(0)
    expect(expectSameAsOracle()).toBeGreaterThan(50)
  })

  it('stay equal after a rollover accepted, a reading rejected and an estimate — no stale figure served', async () => {
    // A main meter of the largest group with a real reading: readings after it.
    const [big] = all<{ id: string }>(`SELECT tariff_group_id AS id FROM contracts WHERE status = 'active' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)
    const picks = all<{ meterId: string; readOn: string; valueM3: number }>(
      `SELECT m.id AS meterId, max(r.read_on) AS readOn, r.value_m3 AS valueM3 FROM meters m JOIN readings r ON r.meter_id = m.id
       WHERE m.kind = 'main' AND m.removed_on IS NULL AND r.kind <> 'estimated'
         AND m.supply_point_id IN (SELECT supply_point_id FROM contracts WHERE tariff_group_id = ? AND status = 'active')
       GROUP BY m.id ORDER BY m.id LIMIT 3`,
      big.id,
    )
    expect(picks).toHaveLength(3)
    const before = streamed(big.id, 'monthly', billingPeriods('monthly', '2025-06-01', TODAY))

    // A lower value on the first, accepted as a rollover by the supervisor.
    const low = await desk.call('readings.record', { meterId: picks[0].meterId, readOn: TODAY, valueM3: Math.max(0, picks[0].valueM3 - 40), kind: 'reader' }, token)
    expect(low.reading.status).toBe('flagged')
    await desk.call('readings.review', { id: low.reading.id, decision: 'accepted', rollover: true, note: 'Przekręcenie licznika' }, supervisor)
    // A lower value on the second, rejected; an estimate on the third.
    const typo = await desk.call('readings.record', { meterId: picks[1].meterId, readOn: TODAY, valueM3: Math.max(0, picks[1].valueM3 - 30), kind: 'reader' }, token)
    await desk.call('readings.review', { id: typo.reading.id, decision: 'rejected', rollover: false, note: 'Pomyłka w zapisie' }, supervisor)
    await desk.call('readings.record', { meterId: picks[2].meterId, readOn: TODAY, valueM3: picks[2].valueM3 + 3, kind: 'estimated' }, token)

    const after = streamed(big.id, 'monthly', billingPeriods('monthly', '2025-06-01', TODAY))
    expect(after).toEqual(oracle(big.id, 'monthly', billingPeriods('monthly', '2025-06-01', TODAY)))
    // The rollover moved at least one figure: the cache did not serve the old one.
    expect([...after].some(([key, avg]) => avg.m3 !== before.get(key)!.m3)).toBe(true)
    expectSameAsOracle()
  })

  it('after a backdated reading, recompute only its group’s periods from the meter’s previous real reading on', async () => {
    const [small, big] = all<{ id: string }>(`SELECT tariff_group_id AS id FROM contracts WHERE status = 'active' GROUP BY 1 HAVING count(*) >= 5 ORDER BY count(*) LIMIT 2`)
    const periods = billingPeriods('bimonthly', '2023-06-01', TODAY)
    for (const g of [small.id, big.id]) streamed(g, 'bimonthly', periods)
    // A reading just before an old real reading of a meter of the big group, showing almost no use
    // since the one before: stored flagged (earlier than the last one), then accepted. It moves
    // every period from the previous reading on, those ended before the new reading's day too.
    const candidates = all<{ meterId: string; a: string; b: string; av: number; bv: number }>(
      `SELECT r1.meter_id AS meterId, r1.read_on AS a, r2.read_on AS b, r1.value_m3 AS av, r2.value_m3 AS bv FROM readings r1
       JOIN readings r2 ON r2.meter_id = r1.meter_id AND r2.read_on > r1.read_on AND r2.kind <> 'estimated' AND r2.status = 'ok'
       JOIN meters m ON m.id = r1.meter_id AND m.kind = 'main' AND m.removed_on IS NULL
       WHERE r1.kind <> 'estimated' AND r1.status = 'ok' AND r1.read_on BETWEEN '2025-03-01' AND '2025-06-30' AND r2.value_m3 - r1.value_m3 >= 10
         AND m.supply_point_id IN (SELECT supply_point_id FROM contracts WHERE tariff_group_id = ? AND status = 'active')
         AND NOT EXISTS (SELECT 1 FROM readings r3 WHERE r3.meter_id = r1.meter_id AND r3.read_on > r1.read_on AND r3.read_on < r2.read_on)
       ORDER BY r1.meter_id LIMIT 200`,
      big.id,
    )
    const m = candidates.find((c) => periods.some((p) => p.to > c.a && p.to < addDays(c.b, -1)))!
    expect(m).toBeDefined()
    const mid = addDays(m.b, -1)
    const saved = await desk.call('readings.record', { meterId: m.meterId, readOn: mid, valueM3: m.av + 1, kind: 'reader' }, token)
    expect(saved.reading.status).toBe('flagged')
    await desk.call('readings.review', { id: saved.reading.id, decision: 'accepted', rollover: false, note: 'Zaległy dokument' }, supervisor)

    const prepare = vi.spyOn(desk.services.db.readSql, 'prepare')
    const streams = () => prepare.mock.calls.filter(([sql]) => sql.includes('JOIN readings r ON r.meter_id = m.id')).length
    // The other group, and the big group's periods ended before the split interval: still cached.
    expect(streamed(small.id, 'bimonthly', periods)).toEqual(oracle(small.id, 'bimonthly', periods))
    const untouched = periods.filter((p) => p.to <= m.a)
    expect(untouched.length).toBeGreaterThan(6)
    expect(streamed(big.id, 'bimonthly', untouched)).toEqual(oracle(big.id, 'bimonthly', untouched))
    expect(streams()).toBe(0)
    // The rest is recomputed, once, and equals the whole-group computation.
    expect(streamed(big.id, 'bimonthly', periods)).toEqual(oracle(big.id, 'bimonthly', periods))
    expect(streams()).toBe(1)
    prepare.mockRestore()
  })

  it('are what a customer card shows', async () => {
    const customers = all<{ customerId: string; supplyPointId: string; groupId: string; cycle: BillingCycle }>(
      `SELECT customer_id AS customerId, supply_point_id AS supplyPointId, tariff_group_id AS groupId, billing_cycle AS cycle FROM contracts WHERE status = 'active' GROUP BY tariff_group_id, billing_cycle`,
    )
    for (const c of customers) {
      const a = await desk.call('readings.analysis', { customerId: c.customerId, supplyPointId: c.supplyPointId, months: 24 }, token)
      const expected = oracle(c.groupId, c.cycle, a.periods.map((p) => billingPeriods(c.cycle, p.from, p.from)[0]))
      expect(a.periods.map((p) => [p.key, p.groupAvgM3])).toEqual(a.periods.map((p) => [p.key, expected.get(p.key)!.m3]))
    }
  })
})

describe('readings counted in one statement (a billing run’s read)', () => {
  it('count every reading as the readings domain does — the latest decision, a rollover only when accepted', () => {
    // By now the office holds an accepted rollover, a rejected reading and an accepted backdated one.
    const meterIds = all<{ id: string }>(`SELECT id FROM meters ORDER BY id`).map((m) => m.id)
    const decided = all<{ n: number }>(`SELECT count(*) AS n FROM readings r JOIN reading_reviews v ON v.reading_id = r.id WHERE r.status = 'flagged'`)[0].n
    expect(decided).toBeGreaterThanOrEqual(3)
    const full = readingsOfMeters(desk.services.db.readSql, meterIds)
    for (const since of ['', '2025-06-01']) {
      const counted = countedReadingsOfMeters(desk.services.db.read, meterIds, since)
      for (const id of meterIds) {
        const expected = full.get(id)!.filter((r) => r.readOn >= since).map((r) => ({ id: r.id, meterId: r.meterId, readOn: r.readOn, valueM3: r.valueM3, kind: r.kind, status: r.status, rollover: r.rollover, createdAt: r.createdAt }))
        expect(sortReadings(counted.get(id)!)).toEqual(sortReadings(expected))
      }
    }
    expect(all(`SELECT 1 FROM readings WHERE status = 'flagged'`).length).toBeGreaterThan(0)
  })
})
