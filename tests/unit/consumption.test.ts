// Consumption maths: replacements, rollovers, estimates replaced by real readings, billing
// periods that always add up, plausibility reasons and the leak hint.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  billingPeriodOf,
  billingPeriods,
  checkReading,
  consumptionByPeriod,
  addUses,
  effectiveReadings,
  estimateReading,
  groupAverage,
  leakHint,
  likelyRollover,
  meterIntervals,
  periodSeries,
  replacementConsumption,
  supersededEstimates,
  type Interval,
  type MeterReading,
  type PeriodUse,
  type RadioSample,
  type ReadingKind,
} from '../../shared/domain/consumption'
import { addDays } from '../../shared/domain/dates'

let seq = 0
const r = (readOn: string, valueM3: number, kind: ReadingKind = 'reader', over: Partial<MeterReading> = {}): MeterReading => ({
  id: `r${String(++seq).padStart(4, '0')}`,
  readOn,
  valueM3,
  kind,
  status: 'ok',
  ...over,
})
/** Intl groups thousands with a non-breaking space; compare messages as they read. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ')
const total = (uses: Map<string, PeriodUse>) => [...uses.values()].reduce((s, u) => s + u.m3, 0)
const meter = { installedOn: '2020-01-10', removedOn: null, counterDigits: 5 }

describe('billing periods', () => {
  it('pairs months from January for a two-month cycle, with Polish labels and leap years', () => {
    expect(billingPeriodOf('2024-02-15', 'bimonthly')).toEqual({ key: '2024-01-01', from: '2024-01-01', to: '2024-02-29', days: 60, label: 'sty–lut 2024' })
    expect(billingPeriodOf('2026-12-31', 'bimonthly')).toMatchObject({ from: '2026-11-01', to: '2026-12-31', label: 'lis–gru 2026' })
    expect(billingPeriodOf('2026-10-01', 'monthly')).toMatchObject({ from: '2026-10-01', to: '2026-10-31', days: 31, label: 'paź 2026' })
    expect(billingPeriods('bimonthly', '2025-12-15', '2026-03-01').map((p) => p.label)).toEqual(['lis–gru 2025', 'sty–lut 2026', 'mar–kwi 2026'])
  })
})

describe('consumption across a meter replacement', () => {
  it('is (old final − old previous) + (new current − new initial), also when split into periods', () => {
    // Old meter: read 31.12, 28.02, removed 10.04 at 187. New one installed at 3, read 30.06 at 41.
    const old = [r('2025-12-31', 140), r('2026-02-28', 160), r('2026-04-10', 187, 'removal')]
    const fresh = [r('2026-04-10', 3, 'installation'), r('2026-06-30', 41)]
    expect(replacementConsumption({ oldPrevious: 160, oldFinal: 187, newInitial: 3, newCurrent: 41 })).toBe(65)

    const uses = addUses([consumptionByPeriod(meterIntervals(old), 'bimonthly'), consumptionByPeriod(meterIntervals(fresh), 'bimonthly')])
    expect(uses.get('2026-01-01')?.m3).toBe(20)
    // Mar–Apr: the old meter's 27 m³ plus 20 days of the new meter's 38 m³ over 81 days.
    expect(uses.get('2026-03-01')).toMatchObject({ m3: 27 + 9, coveredDays: 61, estimated: false })
    expect(uses.get('2026-05-01')).toMatchObject({ m3: 29, coveredDays: 61 })
    expect(uses.get('2026-03-01')!.m3 + uses.get('2026-05-01')!.m3).toBe(65)
  })

  it('does not count the new meter’s initial reading as consumption', () => {
    const fresh = [r('2026-04-10', 500, 'installation'), r('2026-04-30', 506)]
    expect(meterIntervals(fresh).map((i) => i.m3)).toEqual([6])
  })
})

describe('rollovers', () => {
  const history = [r('2026-01-31', 99_960), r('2026-03-31', 99_990)]

  it('flags a lower reading and names the likely rollover with the m³ it would mean', () => {
    const check = checkReading({ readOn: '2026-05-31', valueM3: 15, kind: 'reader' }, meter, history, '2026-06-01')
    expect(check.flagged).toBe(true)
    expect(check.rolloverM3).toBe(25)
    expect(check.issues.map((i) => ({ ...i, message: plain(i.message) }))).toEqual([
      {
        code: 'lower_than_previous',
        severity: 'warning',
        message: 'Stan 15 m³ jest niższy od poprzedniego odczytu (99 990 m³ z 31.03.2026) — prawdopodobnie licznik przekręcił się po 99 999 m³ (zużycie wyniosłoby 25 m³); możliwa też zamiana wodomierzy albo pomyłka w zapisie.',
      },
    ])
  })

  it('says typo or swap when the counter was nowhere near its end', () => {
    const check = checkReading({ readOn: '2026-05-31', valueM3: 1_210, kind: 'reader' }, meter, [r('2026-03-31', 1_250)], '2026-06-01')
    expect(plain(check.issues[0].message)).toBe('Stan 1 210 m³ jest niższy od poprzedniego odczytu (1 250 m³ z 31.03.2026) — możliwa pomyłka w zapisie, zamiana wodomierzy albo przekręcenie licznika.')
  })

  it('counts a flagged reading only once accepted, across the turnover when accepted as one', () => {
    const flagged = r('2026-05-31', 15, 'reader', { status: 'flagged' })
    expect(meterIntervals([...history, flagged]).map((i) => i.m3)).toEqual([30])
    const accepted = { ...flagged, status: 'accepted' as const, rollover: true }
    expect(meterIntervals([...history, accepted])).toMatchObject([{ m3: 30 }, { m3: 25, rollover: true }])
    // Accepted as-is (the previous value was the mistake): the difference corrects it.
    expect(meterIntervals([...history, { ...flagged, status: 'accepted' as const }]).at(-1)!.m3).toBe(-99_975)
    expect(meterIntervals([...history, { ...flagged, status: 'rejected' as const }]).map((i) => i.m3)).toEqual([30])
  })

  it('calls a turnover likely only near the end of the counter and for a modest jump', () => {
    expect(likelyRollover(99_990, 15, 5)).toBe(25)
    expect(likelyRollover(1_250, 1_210, 5)).toBeNull()
    expect(likelyRollover(99_990, 20_000, 5)).toBeNull()
    expect(likelyRollover(9_950, 30, 4)).toBe(80)
    expect(likelyRollover(100, 120, 5)).toBeNull()
  })

  it('wraps at the counter size of the meter (4 digits)', () => {
    const readings = [r('2026-01-31', 9_995), r('2026-02-28', 4, 'reader', { status: 'accepted', rollover: true })]
    expect(meterIntervals(readings, 4)[0].m3).toBe(9)
  })
})

describe('estimated readings', () => {
  it('count until the next real reading replaces them, then the real one spans the whole time', () => {
    const real1 = r('2026-01-31', 100)
    const est = r('2026-03-31', 120, 'estimated')
    expect(meterIntervals([real1, est])).toMatchObject([{ m3: 20, estimated: true }])
    const real2 = r('2026-05-31', 115)
    expect(supersededEstimates([real1, est, real2])).toEqual(new Map([[est.id, real2.id]]))
    expect(effectiveReadings([real1, est, real2]).map((x) => x.id)).toEqual([real1.id, real2.id])
    const intervals = meterIntervals([real1, est, real2])
    expect(intervals).toMatchObject([{ from: '2026-01-31', to: '2026-05-31', m3: 15, estimated: false }])
    // The over-estimate is corrected across the periods, never below zero in total.
    const uses = consumptionByPeriod(intervals, 'bimonthly')
    expect(total(uses)).toBe(15)
    expect([...uses.values()].every((u) => !u.estimated)).toBe(true)
  })

  it('are replaced by a real reading only once it is usable (a flagged one waits for the supervisor)', () => {
    const est = r('2026-03-31', 120, 'estimated')
    const flagged = r('2026-05-31', 118, 'reader', { status: 'flagged' })
    expect(supersededEstimates([r('2026-01-31', 100), est, flagged]).size).toBe(0)
  })

  it('says the real reading below an estimate corrects it, without flagging', () => {
    const check = checkReading({ readOn: '2026-05-31', valueM3: 115, kind: 'reader' }, meter, [r('2026-01-31', 100), r('2026-03-31', 120, 'estimated')], '2026-06-01')
    expect(check).toMatchObject({ flagged: false, refused: false, consumptionM3: 15, previous: { valueM3: 100 } })
    expect(check.issues).toEqual([expect.objectContaining({ code: 'below_estimate', severity: 'info' })])
  })

  it('are estimated from the average daily use of the last year', () => {
    const readings = [r('2025-05-31', 1_000), r('2025-11-30', 1_090), r('2026-05-31', 1_183)]
    // 183 m³ in 365 days → 0.5 m³/day → 61 days ≈ 31 m³.
    expect(estimateReading(readings, '2026-07-31')).toBe(1_183 + 31)
    expect(estimateReading([r('2026-05-31', 10)], '2026-07-31')).toBeNull()
  })
})

describe('periods always add up', () => {
  it('splits an interval by days and keeps whole m³ that sum to the interval', () => {
    const uses = consumptionByPeriod([{ fromId: 'a', toId: 'b', from: '2026-01-15', to: '2026-06-15', m3: 10, estimated: false, rollover: false }], 'monthly')
    expect([...uses.values()].map((u) => u.m3)).toEqual([1, 2, 2, 2, 2, 1])
    expect(total(uses)).toBe(10)
  })

  it('for any readings, every period series adds up to the meter’s total (property)', () => {
    const day = fc.integer({ min: 0, max: 900 })
    fc.assert(
      fc.property(fc.array(fc.tuple(day, fc.integer({ min: 0, max: 60 }), fc.boolean()), { minLength: 2, maxLength: 25 }), fc.constantFrom('monthly' as const, 'bimonthly' as const), (steps, cycle) => {
        let value = 0
        let date = '2024-01-01'
        const readings = steps.map(([gap, used, est]) => {
          date = addDays(date, gap % 70)
          value += used
          return r(date, value, est ? 'estimated' : 'reader')
        })
        const intervals: Interval[] = meterIntervals(readings)
        const expected = intervals.reduce((s, i) => s + i.m3, 0)
        expect(total(consumptionByPeriod(intervals, cycle))).toBe(expected)
        const eff = effectiveReadings(readings)
        expect(expected).toBe(eff.at(-1)!.valueM3 - eff[0].valueM3)
      }),
    )
  })

  it('shows the same period last year next to this one', () => {
    const readings = [r('2024-12-31', 0), r('2025-02-28', 12), r('2025-12-31', 70), r('2026-02-28', 90)]
    const series = periodSeries(consumptionByPeriod(meterIntervals(readings), 'bimonthly'), 'bimonthly', '2026-01-01', '2026-02-28')
    expect(series).toEqual([expect.objectContaining({ m3: 20, complete: true, lastYearM3: 12, lastYearComplete: true, litresPerDay: Math.round(20_000 / 59) })])
  })

  it('calls a first period that started mid-period complete once it is read to its end — not "running"', () => {
    // Contract and meter from 15.03.2026 (installation reading 0), read at the end of April.
    const uses = consumptionByPeriod(meterIntervals([r('2026-03-15', 0), r('2026-04-30', 9), r('2026-06-10', 17)]), 'bimonthly')
    const series = periodSeries(uses, 'bimonthly', '2026-03-01', '2026-06-10', '2026-03-15')
    expect(series.map((p) => [p.period.label, p.m3, p.complete])).toEqual([
      ['mar–kwi 2026', 9, true],
      ['maj–cze 2026', 8, false],
    ])
    // Read only in mid-April: the first period is still open.
    const early = consumptionByPeriod(meterIntervals([r('2026-03-15', 0), r('2026-04-20', 7)]), 'bimonthly')
    expect(periodSeries(early, 'bimonthly', '2026-03-01', '2026-04-25', '2026-03-15')[0].complete).toBe(false)
  })

  it('hides the tariff-group average until enough supply points have data', () => {
    const period = billingPeriodOf('2026-01-01', 'bimonthly')
    const point = (m3: number) => new Map([[period.key, { m3, exactM3: m3, coveredDays: 59, estimated: false }]])
    expect(groupAverage([point(10), point(12), point(14), point(8)], period)).toEqual({ m3: null, points: 4 })
    expect(groupAverage([point(10), point(12), point(14), point(8), point(7)], period)).toEqual({ m3: 10.2, points: 5 })
  })
})

describe('plausibility', () => {
  const steady = [r('2025-01-31', 100), r('2025-03-31', 110), r('2025-05-31', 120), r('2025-07-31', 130), r('2025-09-30', 140), r('2025-11-30', 150), r('2026-01-31', 160), r('2026-03-31', 170)]
  const check = (readOn: string, valueM3: number, existing = steady, today = '2026-06-15', kind: ReadingKind = 'customer') =>
    checkReading({ readOn, valueM3, kind }, meter, existing, today)

  it('passes a reading in line with the history', () => {
    expect(check('2026-05-31', 181)).toMatchObject({ issues: [], flagged: false, refused: false, consumptionM3: 11, days: 61 })
  })

  it('flags a spike far above the history and the same period last year, with the figures', () => {
    const c = check('2026-05-31', 230)
    expect(c.flagged).toBe(true)
    expect(c.issues.map((i) => i.code)).toEqual(['far_above_history', 'far_above_last_year'])
    expect(c.issues[0].message).toMatch(/^Zużycie 60 m³ w 61 dni \(0,98 m³\/dobę\) jest 6 razy większe niż zwykle \(średnio 0,16 m³\/dobę w poprzednim roku\)\.$/)
    expect(c.issues[1].message).toBe('Zużycie 60 m³ jest znacznie wyższe niż w tym samym okresie rok temu (10 m³ od 01.04.2025 do 31.05.2025).')
  })

  it('does not flag a small absolute jump however large the ratio', () => {
    const quiet = [r('2025-01-31', 10), r('2025-07-31', 11), r('2026-01-31', 12)]
    expect(check('2026-03-31', 16, quiet).issues).toEqual([])
  })

  it('flags a long time without consumption', () => {
    const still = [r('2025-06-30', 300), r('2025-08-31', 300), r('2025-10-31', 300)]
    expect(check('2026-02-28', 300, still).issues).toEqual([
      { code: 'long_zero', severity: 'warning', message: 'Brak zużycia od 30.06.2025 (243 dni) — sprawdź, czy wodomierz działa (nie jest zablokowany) i czy lokal jest używany.' },
    ])
    expect(check('2025-12-15', 300, still).issues).toEqual([])
  })

  it('flags a date before the last reading, and refuses a future date, a date before installation, a duplicate, a value beyond the counter', () => {
    expect(check('2026-02-28', 168).issues).toEqual([
      expect.objectContaining({ code: 'before_last', severity: 'warning', message: 'Data odczytu 28.02.2026 jest wcześniejsza niż ostatni zapisany odczyt (170 m³ z 31.03.2026) — czy to zaległy dokument?' }),
    ])
    expect(check('2026-06-16', 181)).toMatchObject({ refused: true, issues: [{ code: 'future_date', message: 'Data odczytu 16.06.2026 jest późniejsza niż dzisiejsza (15.06.2026).' }] })
    expect(check('2019-12-31', 0).issues[0]).toMatchObject({ code: 'before_installation', severity: 'error' })
    expect(check('2026-03-31', 170).issues[0]).toMatchObject({ code: 'duplicate', severity: 'error' })
    expect(check('2026-05-31', 100_000).issues.map((i) => i.code)).toContain('exceeds_counter')
  })

  it('does not judge estimates against the history (they come from it)', () => {
    expect(check('2026-05-31', 230, steady, '2026-06-15', 'estimated').issues).toEqual([])
  })
})

describe('leak hint', () => {
  const today = '2026-06-30'
  const daily = (n: number, perDay: (i: number) => number): RadioSample[] => {
    let v = 500
    return Array.from({ length: n }, (_, i) => {
      v += i === 0 ? 0 : perDay(i)
      return { readOn: addDays(today, i - n + 1), readAt: null, valueM3: v }
    })
  }

  it('says plainly when there is no radio data or too little', () => {
    expect(leakHint([], today).status).toBe('no_radio')
    const thin = leakHint(daily(6, () => 1), today)
    expect(thin).toMatchObject({ status: 'not_enough_data', daysJudged: 5 })
    expect(thin.message).toContain('Za mało danych radiowych')
  })

  it('hints at a leak when water is used every single day for weeks', () => {
    const hint = leakHint(daily(20, () => 1), today)
    expect(hint).toMatchObject({ status: 'constant_use', daysJudged: 19 })
    expect(hint.message).toBe('Stały pobór: zużycie każdej doby przez 19 kolejnych dób (co najmniej 1 m³ na dobę) — jeśli w lokalu nikt tyle nie zużywa, możliwy wyciek.')
  })

  it('sees no signs when some days have no use', () => {
    expect(leakHint(daily(20, (i) => (i % 3 === 0 ? 1 : 0)), today).status).toBe('no_signs')
  })

  it('hints at night use from hourly radio values (times in Warsaw, not UTC)', () => {
    const nights: RadioSample[] = []
    for (let n = 0; n < 8; n++) {
      const date = addDays(today, -n)
      // 00:30 and 04:30 in Warsaw summer time are 22:30 and 02:30 UTC.
      const wet = n < 5
      nights.push({ readOn: date, readAt: `${addDays(date, -1)}T22:30:00.000Z`, valueM3: 700 + n * 10 })
      nights.push({ readOn: date, readAt: `${date}T02:30:00.000Z`, valueM3: 700 + n * 10 + (wet ? 1 : 0) })
    }
    const hint = leakHint(nights, today)
    expect(hint).toMatchObject({ status: 'night_use', nightsJudged: 8 })
    expect(hint.message).toContain('w 5 z 8 nocy')
    // 05:30 and 09:30 Warsaw time are morning: the same values then judge no night at all.
    const morning = nights.map((s) => (s.readAt!.includes('T22:30') ? { ...s, readAt: `${s.readOn}T03:30:00.000Z` } : { ...s, readAt: s.readAt!.replace('T02:30', 'T07:30') }))
    expect(leakHint(morning, today).nightsJudged).toBe(0)
  })
})
