// The Pulpit's office-wide counts (dashboard.counts): meters whose legalisation ends this month,
// readings waiting for a decision, cases due within SOON_DAYS — each the same as the list its tile
// opens, on a real SQLite file.
import { afterEach, describe, expect, it } from 'vitest'
import { ADMIN, type TestDesk } from '../support/desk'
import { officeTemplate, seedCustomer, seedTariffGroup } from '../support/meter-office'

let desk: TestDesk
let clock: Date
const office = officeTemplate()
afterEach(() => desk.dispose())

async function officeOn(iso: string) {
  clock = new Date(`${iso}T09:30:00Z`)
  const made = await office.make(() => clock)
  desk = made.desk
  return made.token
}

describe('dashboard.counts', () => {
  it('counts meters whose legalisation ends this calendar month (31 December of year + 5)', async () => {
    let token = await officeOn('2026-11-25')
    const group = seedTariffGroup(desk)
    await seedCustomer(desk, token, group, { since: '2024-01-02', legalisationYear: 2021 }) // ends 31.12.2026
    await seedCustomer(desk, token, group, { since: '2024-01-02', legalisationYear: 2022 }) // ends 31.12.2027
    expect((await desk.call('dashboard.counts', {}, token)).metersEndingThisMonth).toBe(0)
    clock = new Date('2026-12-01T08:00:00Z')
    token = (await desk.call('staff.login', { login: 'admin', password: ADMIN.password })).token
    const december = await desk.call('dashboard.counts', {}, token)
    expect(december).toMatchObject({ asOf: '2026-12-01', metersEndingThisMonth: 1, openConflicts: 0, readingsToReview: 0 })
    const list = await desk.call('meters.due', { days: 90 }, token)
    expect(list.rows.filter((r) => r.status.expires.startsWith('2026-12'))).toHaveLength(december.metersEndingThisMonth)
  })

  it('counts readings waiting for review, as readings.flagged lists them', async () => {
    const token = await officeOn('2026-11-25')
    const c = await seedCustomer(desk, token, seedTariffGroup(desk), { since: '2024-01-02' })
    await desk.call('readings.record', { meterId: c.meterId, readOn: '2026-11-20', valueM3: 50, kind: 'customer', source: 'telefon' }, token)
    const flagged = await desk.call('readings.record', { meterId: c.meterId, readOn: '2026-11-24', valueM3: 20, kind: 'customer', source: 'telefon' }, token)
    expect(flagged.reading.status).toBe('flagged')
    const counts = await desk.call('dashboard.counts', {}, token)
    expect(counts.readingsToReview).toBe(1)
    expect(await desk.call('readings.flagged', {}, token)).toHaveLength(counts.readingsToReview)
  })

  it('counts open cases due within the next 3 days (not today), and the "soon" list holds exactly them', async () => {
    let token = await officeOn('2026-11-25')
    const c = await seedCustomer(desk, token, seedTariffGroup(desk))
    const complaint = await desk.call(
      'cases.create',
      { type: 'invoice_complaint', channel: 'counter', customerId: c.customerId, subject: 'Zawyżone zużycie', description: 'Klient kwestionuje zużycie za wrzesień–październik.' },
      token,
    )
    const due = complaint.dueOn
    const at = async (iso: string) => {
      clock = new Date(`${iso}T09:30:00Z`)
      token = (await desk.call('staff.login', { login: 'admin', password: ADMIN.password })).token
      const counts = await desk.call('dashboard.counts', {}, token)
      const soon = await desk.call('cases.search', { deadline: 'soon' }, token)
      expect(soon.total).toBe(counts.casesDueSoon)
      return counts.casesDueSoon
    }
    const dayBefore = (days: number) => new Date(Date.parse(`${due}T12:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10)
    expect(await at(dayBefore(4))).toBe(0)
    expect(await at(dayBefore(3))).toBe(1)
    expect(await at(dayBefore(1))).toBe(1)
    expect(await at(due)).toBe(0) // due today: the "Termin dziś" tile
  })
})
