// Readings through the dispatcher on a real SQLite file: recording at the counter with the
// plausibility checks, flagged readings and the supervisor's decision, estimates replaced by the
// next real reading, append-only facts, and the consumption analysis behind the chart.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { InputOf } from '../../shared/api/contract'
import { addDays } from '../../shared/domain/dates'
import { signInNewStaff, type TestDesk } from '../support/desk'
import { dbState } from '../support/db-state'
import { bimonthlyHistory, makeMeterOffice, officeTemplate, rejection, seedCustomer, seedReadings, type SeededCustomer } from '../support/meter-office'

let desk: TestDesk
let token: string
let groupId: string
let c: SeededCustomer
const office = officeTemplate()

beforeEach(async () => {
  ({ desk, token, groupId } = await makeMeterOffice(office))
  c = await seedCustomer(desk, token, groupId, { since: '2024-01-02', legalisationYear: 2023 })
  // About 10 m³ every two months, read by the reader at the end of each period.
  seedReadings(desk, c.meterId, bimonthlyHistory('2024-02-01', '2026-10-31', 10, 10))
})
afterEach(() => desk.dispose())

const reading = (over: Partial<InputOf<'readings.record'>> = {}): InputOf<'readings.record'> => ({
  meterId: c.meterId,
  readOn: '2026-11-24',
  valueM3: 173,
  kind: 'customer',
  source: 'telefon',
  ...over,
})

describe('recording a reading', () => {
  it('stores a plausible reading as it was given, with the consumption since the last one', async () => {
    const check = await desk.call('readings.check', reading(), token)
    expect(check).toMatchObject({ issues: [], flagged: false, previous: { readOn: '2026-10-31', valueM3: 170 }, consumptionM3: 3, days: 24 })
    const saved = await desk.call('readings.record', reading({ valueM3: '173', note: 'Klient dzwonił rano' }), token)
    expect(saved.reading).toMatchObject({ valueM3: 173, kind: 'customer', source: 'telefon', status: 'ok', flags: [], consumptionM3: 3, createdByName: 'Anna Administratorka', note: 'Klient dzwonił rano' })
    const history = await desk.call('readings.history', { meterId: c.meterId }, token)
    expect(history[0]).toEqual(saved.reading)
    expect(history.at(-1)).toMatchObject({ kind: 'installation', consumptionM3: null })
    const [meter] = await desk.call('meters.forCustomer', { customerId: c.customerId }, token)
    expect(meter.lastReading?.id).toBe(saved.reading.id)
  })

  it('warns about a reading lower than the previous one with its reason, and stores it only as flagged', async () => {
    const check = await desk.call('readings.check', reading({ valueM3: 117 }), token)
    expect(check.flagged).toBe(true)
    expect(check.issues).toEqual([
      {
        code: 'lower_than_previous',
        severity: 'warning',
        message: 'Stan 117 m³ jest niższy od poprzedniego odczytu (170 m³ z 31.10.2026) — możliwa pomyłka w zapisie, zamiana wodomierzy albo przekręcenie licznika.',
      },
    ])
    const saved = await desk.call('readings.record', reading({ valueM3: 117 }), token)
    expect(saved.reading).toMatchObject({ status: 'flagged', flags: check.issues, consumptionM3: null })
    // It does not count: the last reading that counts is still 170, and the card says one waits.
    const [meter] = await desk.call('meters.forCustomer', { customerId: c.customerId }, token)
    expect(meter).toMatchObject({ pendingReview: 1, lastReading: { valueM3: 170 } })
    const flagged = await desk.call('readings.flagged', {}, token)
    expect(flagged).toEqual([expect.objectContaining({ reading: saved.reading, customer: expect.objectContaining({ customerId: c.customerId, displayName: 'Grażyna Żółkiewska' }) })])
    const analysis = await desk.call('readings.analysis', { customerId: c.customerId }, token)
    expect(analysis.notes).toContain('Odczyty do wyjaśnienia (1) nie są wliczane, dopóki kierownik ich nie przyjmie.')
  })

  it('warns when a parked reading and another one stand on the same meter and day, whichever came first', async () => {
    // A typo parked for the supervisor, then the right value the same day: both wait, with the reason.
    await desk.call('readings.record', reading({ valueM3: 117 }), token)
    const right = await desk.call('readings.record', reading({ valueM3: 173 }), token)
    expect(right.reading.status).toBe('flagged')
    expect(right.check.issues).toEqual([
      { code: 'same_day', severity: 'warning', message: 'Na 24.11.2026 czeka już na wyjaśnienie odczyt 117 m³ — dwa różne stany jednego dnia; kierownik zdecyduje, który jest prawdziwy.' },
    ])
    // An accepted reading first, then an implausible one the same day: the warning says so too.
    const accepted = await desk.call('readings.record', reading({ readOn: '2026-11-20', valueM3: 172 }), token)
    expect(accepted.reading.status).toBe('ok')
    const odd = await desk.call('readings.record', reading({ readOn: '2026-11-20', valueM3: 120 }), token)
    expect(odd.reading.status).toBe('flagged')
    expect(odd.check.issues.map((i) => i.message)).toContain('Na 20.11.2026 jest już przyjęty odczyt 172 m³ — dwa różne stany jednego dnia; kierownik zdecyduje, który jest prawdziwy.')
    const flagged = await desk.call('readings.flagged', {}, token)
    expect(flagged.filter((f) => f.reading.flags.some((i) => i.code === 'same_day')).length).toBe(2)
  })

  it('refuses a future date, a date before installation and a repeated reading, naming the field — and writes nothing', async () => {
    const before = dbState(desk.services.db.sqlite)
    expect(await rejection(desk.call('readings.record', reading({ readOn: '2026-11-26' }), token))).toMatchObject({
      code: 'VALIDATION',
      field: 'readOn',
      message: 'Data odczytu 26.11.2026 jest późniejsza niż dzisiejsza (25.11.2026).',
    })
    expect(await rejection(desk.call('readings.record', reading({ readOn: '2023-12-31' }), token))).toMatchObject({ field: 'readOn', message: expect.stringContaining('wcześniejsza niż montaż wodomierza (02.01.2024)') })
    expect(await rejection(desk.call('readings.record', reading({ readOn: '2026-10-31', valueM3: 170 }), token))).toMatchObject({ field: 'valueM3', message: 'Ten odczyt (170 m³ z 31.10.2026) jest już zapisany.' })
    expect(await rejection(desk.call('readings.record', reading({ valueM3: '17,5' }), token))).toMatchObject({ field: 'valueM3', message: 'Stan wodomierza: podaj liczbę całkowitą m³' })
    expect(await rejection(desk.call('readings.record', reading({ valueM3: '' }), token))).toMatchObject({ field: 'valueM3', message: 'Stan wodomierza: pole wymagane' })
    expect(await rejection(desk.call('readings.record', reading({ source: null }), token))).toMatchObject({ field: 'source', message: 'Sposób podania: wybierz, jak klient podał stan' })
    expect(await rejection(desk.call('readings.record', reading({ kind: 'removal' as never }), token))).toMatchObject({ field: 'kind' })
    expect(dbState(desk.services.db.sqlite)).toEqual(before)
  })

  it('flags a spike against the history and the same period last year', async () => {
    const spike = await desk.call('readings.record', reading({ valueM3: 220 }), token)
    expect(spike.reading.flags.map((f) => f.code)).toEqual(['far_above_history', 'far_above_last_year'])
    expect(spike.reading.flags[0].message).toMatch(/^Zużycie 50 m³ w 24 dni \(2,08 m³\/dobę\) jest 12,7 razy większe niż zwykle/)
  })
})

describe('the supervisor’s decision', () => {
  it('is refused to a clerk; a supervisor accepts a rollover with a note, once', async () => {
    const clerk = (await signInNewStaff(desk, token, { login: 'ola', fullName: 'Ola Urzędniczka', role: 'clerk', password: 'Haslo-urzednika-1' })).token
    // A 5-digit counter near its end: 99 990, then 4.
    const m = await seedCustomer(desk, token, groupId, { since: '2025-01-02', legalisationYear: 2024, meter: { initialM3: 99_950 } })
    seedReadings(desk, m.meterId, [['2026-08-31', 99_984], ['2026-10-31', 99_990]])
    const saved = await desk.call('readings.record', { meterId: m.meterId, readOn: '2026-11-20', valueM3: 4, kind: 'reader' }, clerk)
    expect(saved.check.rolloverM3).toBe(14)
    expect(saved.reading.flags[0].message).toContain('prawdopodobnie licznik przekręcił się po 99')
    expect(saved.reading.createdByName).toBe('Ola Urzędniczka')

    expect(await desk.call('readings.flagged', {}, token)).toEqual([expect.objectContaining({ rolloverM3: 14, meterSerialNo: expect.stringMatching(/^ZM4/) })])
    const review = { id: saved.reading.id, decision: 'accepted' as const, rollover: true, note: 'Licznik przekręcił się — potwierdzone zdjęciem od klienta' }
    expect(await rejection(desk.call('readings.review', review, clerk))).toMatchObject({ code: 'FORBIDDEN' })
    const accepted = await desk.call('readings.review', review, token)
    expect(accepted).toMatchObject({ status: 'accepted', consumptionM3: 14, review: { decision: 'accepted', rollover: true, note: review.note, decidedByName: 'Anna Administratorka' } })
    expect(await desk.call('readings.flagged', {}, token)).toEqual([])
    expect(await rejection(desk.call('readings.review', { ...review, decision: 'rejected', rollover: false }, token))).toMatchObject({
      code: 'CONFLICT',
      message: 'Odczyt rozpatrzono już 25.11.2026 (przyjęty, Anna Administratorka)',
    })
    const [meter] = await desk.call('meters.forCustomer', { customerId: m.customerId }, token)
    expect(meter).toMatchObject({ pendingReview: 0, lastReading: { valueM3: 4, status: 'accepted' } })
  })

  it('can reject a typo; a rollover cannot be claimed for a reading that is not lower', async () => {
    const saved = await desk.call('readings.record', reading({ valueM3: 260 }), token)
    expect(await desk.call('readings.flagged', {}, token)).toEqual([expect.objectContaining({ rolloverM3: null })])
    expect(await rejection(desk.call('readings.review', { id: saved.reading.id, decision: 'accepted', rollover: true, note: 'x' }, token))).toMatchObject({
      field: 'rollover',
      message: 'Przekręcenie licznika: dotyczy tylko odczytu niższego od poprzedniego',
    })
    const rejected = await desk.call('readings.review', { id: saved.reading.id, decision: 'rejected', note: 'Pomyłka przy wpisywaniu: klient podał 180' }, token)
    expect(rejected).toMatchObject({ status: 'rejected', consumptionM3: null })
    const ok = await desk.call('readings.record', reading({ valueM3: 180 }), token)
    expect(ok.reading).toMatchObject({ status: 'ok', consumptionM3: 10 })
  })
})

describe('estimated readings', () => {
  it('are marked, and the next real reading replaces them', async () => {
    const check = await desk.call('readings.check', reading({ kind: 'estimated', source: null, valueM3: 0 }), token)
    // The last year: 60 m³ in 365 days → 24 days ≈ 4 m³.
    expect(check.estimateM3).toBe(174)
    const est = await desk.call('readings.record', reading({ kind: 'estimated', source: null, valueM3: check.estimateM3!, readOn: '2026-11-20', note: 'Brak dostępu do wodomierza' }), token)
    expect(est.reading).toMatchObject({ kind: 'estimated', status: 'ok', consumptionM3: 4, replacedBy: null })
    const real = await desk.call('readings.record', reading({ valueM3: 172 }), token)
    expect(real.check.issues.map((i) => i.code)).toEqual(['below_estimate'])
    expect(real.reading).toMatchObject({ status: 'ok', consumptionM3: 2 })
    const history = await desk.call('readings.history', { meterId: c.meterId }, token)
    expect(history.find((h) => h.id === est.reading.id)).toMatchObject({ replacedBy: { id: real.reading.id, readOn: '2026-11-24', valueM3: 172 }, consumptionM3: null })
    const row = desk.services.db.sqlite.prepare('SELECT replaces_estimate_id FROM readings WHERE id = ?').get(real.reading.id) as { replaces_estimate_id: string }
    expect(row.replaces_estimate_id).toBe(est.reading.id)
  })
})

describe('readings are facts', () => {
  it('the database refuses to rewrite or delete a reading or a decision', async () => {
    const saved = await desk.call('readings.record', reading({ valueM3: 117 }), token)
    await desk.call('readings.review', { id: saved.reading.id, decision: 'rejected', note: 'Pomyłka' }, token)
    const sqlite = desk.services.db.sqlite
    expect(() => sqlite.prepare('UPDATE readings SET value_m3 = 171 WHERE id = ?').run(saved.reading.id)).toThrow('readings are append-only')
    expect(() => sqlite.prepare('DELETE FROM readings WHERE id = ?').run(saved.reading.id)).toThrow('readings are append-only')
    expect(() => sqlite.prepare(`UPDATE reading_reviews SET decision = 'accepted'`).run()).toThrow('reading reviews are append-only')
    // A lawful erasure may still blank the free-text note.
    expect(sqlite.prepare('UPDATE readings SET note = NULL WHERE id = ?').run(saved.reading.id).changes).toBe(1)
  })
})

describe('consumption analysis', () => {
  it('gives per-period use, daily average, the same period last year and the tariff group average', async () => {
    for (let i = 0; i < 5; i++) {
      const n = await seedCustomer(desk, token, groupId, { since: '2024-01-02', legalisationYear: 2023, lastName: `Sąsiad${i}` })
      seedReadings(desk, n.meterId, bimonthlyHistory('2024-02-01', '2026-10-31', 6 + i, 6 + i * 2))
    }
    const a = await desk.call('readings.analysis', { customerId: c.customerId, months: 12 }, token)
    expect(a).toMatchObject({ billingCycle: 'bimonthly', tariffGroupName: 'Gospodarstwa domowe — faktura papierowa', supplyPoint: { id: c.supplyPointId } })
    expect(a.periods.map((p) => p.label)).toEqual(['sty–lut 2026', 'mar–kwi 2026', 'maj–cze 2026', 'lip–sie 2026', 'wrz–paź 2026', 'lis–gru 2026'])
    expect(a.periods[0]).toMatchObject({ m3: 10, complete: true, estimated: false, litresPerDay: Math.round(10_000 / 59), lastYearM3: 10, lastYearComplete: true })
    // Six points with full readings in the group (this one and five neighbours): 10 + 6 + 8 + 10 + 12 + 14, over 6.
    expect(a.periods[0].groupAvgM3).toBe(10)
    expect(a.periods.at(-1)).toMatchObject({ label: 'lis–gru 2026', m3: null, complete: false })
    expect(a.summary).toEqual({ last12M3: 60, previous12M3: 60, litresPerDay: Math.round(60_000 / 365), groupLitresPerDay: Math.round(60_000 / 365) })
    expect(a.leak).toMatchObject({ status: 'no_radio' })
    expect(a.notes).toContain('Okres lis–gru 2026 jeszcze trwa — pokazano zużycie do ostatniego odczytu.')

    // A new reading moves the running period.
    await desk.call('readings.record', reading({ valueM3: 173 }), token)
    const after = await desk.call('readings.analysis', { customerId: c.customerId, months: 12 }, token)
    expect(after.periods.at(-1)).toMatchObject({ m3: 3, complete: false })
  })

  it('hides the group average while fewer than five points have data, and the previous tenant’s history', async () => {
    const late = await seedCustomer(desk, token, groupId, { since: '2026-03-02', legalisationYear: 2025 })
    seedReadings(desk, late.meterId, [['2026-04-30', 9], ['2026-06-30', 20]])
    const a = await desk.call('readings.analysis', { customerId: late.customerId }, token)
    expect(a.periods[0]).toMatchObject({ label: 'mar–kwi 2026', m3: 9, groupAvgM3: null, lastYearM3: null })
    expect(a.notes).toEqual(expect.arrayContaining(['Dane od początku umowy (02.03.2026).', 'Średnia grupy taryfowej jest pokazywana tylko, gdy pełne odczyty ma co najmniej 5 punktów poboru.']))
  })

  it('hints at a leak from daily radio readings, and says when the radio data is too thin', async () => {
    const r = await seedCustomer(desk, token, groupId, { since: '2025-01-02', legalisationYear: 2024, meter: { radioId: 'F00DCAFE' } })
    expect((await desk.call('readings.analysis', { customerId: r.customerId }, token)).leak).toMatchObject({
      status: 'not_enough_data',
      message: 'Wodomierz ma moduł radiowy, ale nie przesłał odczytów z ostatnich 30 dni — za mało danych, by ocenić wyciek.',
    })
    seedReadings(
      desk,
      r.meterId,
      Array.from({ length: 21 }, (_, i) => [addDays('2026-11-24', i - 20), 300 + i, 'radio', `${addDays('2026-11-24', i - 20)}T05:00:00.000Z`] as [string, number, 'radio', string]),
    )
    const leak = (await desk.call('readings.analysis', { customerId: r.customerId }, token)).leak
    expect(leak).toMatchObject({ status: 'constant_use', daysJudged: 20 })
    expect(leak.message).toContain('zużycie każdej doby przez 20 kolejnych dób')
  })
})
