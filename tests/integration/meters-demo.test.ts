// Meters and readings on the demo office (the deterministic generator): the list of meters due
// for replacement holds exactly what the data makes due, and the analysis works on real-looking
// histories with replacements and estimates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { legalisationExpiry } from '../../shared/domain/meters'
import { makeTestDesk, type TestDesk } from '../support/desk'

let desk: TestDesk
let token: string
const clock = new Date('2026-11-25T10:00:00Z')

beforeAll(async () => {
  desk = makeTestDesk({ now: () => clock })
  await desk.call('system.loadDemo', { seed: 11, customers: 120 })
  token = (await desk.call('staff.login', { login: 'urzednik', password: 'Demo-Krucza-10' })).token
})
afterAll(() => desk.dispose())

describe('demo office', () => {
  it('lists every meter in use that is expired, expiring within the days asked, or has a broken seal', async () => {
    const sqlite = desk.services.db.readSql
    const inUse = sqlite.prepare(`SELECT id, legalisation_year AS year, seal_state AS seal, state FROM meters WHERE removed_on IS NULL`).all() as {
      id: string
      year: number
      seal: string
      state: string
    }[]
    const expected = inUse.filter((m) => m.seal === 'broken' || m.state === 'to_replace' || legalisationExpiry(m.year) <= '2027-02-23').map((m) => m.id)
    expect(expected.length).toBeGreaterThan(5)

    const due = await desk.call('meters.due', { days: 90 }, token)
    expect(due.rows.map((r) => r.meterId).sort()).toEqual(expected.sort())
    expect(due.counts.expired + due.counts.expiring + due.counts.seal_broken).toBe(due.rows.length)
    expect(due.rows.every((r) => r.customer !== null && r.address.startsWith('ul. '))).toBe(true)
    // Expired first (broken seals before them), then by days left.
    const order = due.rows.map((r) => r.status.code)
    expect(order).toEqual([...order].sort((a, b) => ['seal_broken', 'expired', 'expiring'].indexOf(a) - ['seal_broken', 'expired', 'expiring'].indexOf(b)))
  })

  it('analyses a customer whose meter was replaced, across the replacement', async () => {
    const row = desk.services.db.readSql
      .prepare(
        `SELECT k.customer_id AS id, k.supply_point_id AS pointId FROM meters m JOIN contracts k ON k.supply_point_id = m.supply_point_id AND k.status = 'active'
         WHERE m.kind = 'main' AND m.removed_on BETWEEN '2025-06-01' AND '2026-09-30' LIMIT 1`,
      )
      .get() as { id: string; pointId: string } | undefined
    expect(row).toBeDefined()
    const a = await desk.call('readings.analysis', { customerId: row!.id, supplyPointId: row!.pointId, months: 24 }, token)
    expect(a.events.length).toBeGreaterThan(0)
    const complete = a.periods.filter((p) => p.complete)
    expect(complete.length).toBeGreaterThan(6)
    expect(complete.every((p) => p.m3 !== null && p.m3 >= 0)).toBe(true)
    // The demo's customer meters: most have no radio, the rest report once a period — too thin for a leak verdict.
    expect(['no_radio', 'not_enough_data']).toContain(a.leak.status)
  })
})
