// Consumption maths on meter readings (DOMAIN.md, "Meters"): whole m³ as the counter shows,
// estimates replaced by the next real reading, counter rollovers, meter replacements, billing
// periods, plausibility checks with a Polish reason, and a leak hint from radio data. Pure: the
// desk services and the screens both use it.
import { addDays, daysBetween, formatDate, OFFICE_TIME_ZONE } from './dates'
import { counterCapacity } from './meters'

/** The consumption chart's colours, one set for the desk's chart and the portal's (hex, sRGB). */
export const CONSUMPTION_CHART_COLORS = { use: '#0a58ad', estimated: '#6f9fd8', running: '#9fc1e8', lastYear: '#b4bcc6', group: '#b35c00', extra: '#2e7d46' } as const

export const READING_KINDS = ['reader', 'customer', 'radio', 'estimated', 'control', 'installation', 'removal'] as const
export type ReadingKind = (typeof READING_KINDS)[number]

/** ok: passed the checks; flagged: stored but waiting for a supervisor; accepted / rejected: decided. */
export const READING_STATUSES = ['ok', 'flagged', 'accepted', 'rejected'] as const
export type ReadingStatus = (typeof READING_STATUSES)[number]

export interface MeterReading {
  id: string
  readOn: string
  valueM3: number
  kind: ReadingKind
  status: ReadingStatus
  /** A lower value a supervisor accepted as the counter turning over past its last digit. */
  rollover?: boolean
  /** Tie-break for readings of the same day (ISO timestamp). */
  createdAt?: string
}

/** Readings that count: passed the checks, or flagged and then accepted. */
export const isUsable = (r: Pick<MeterReading, 'status'>): boolean => r.status === 'ok' || r.status === 'accepted'
export const isEstimate = (r: Pick<MeterReading, 'kind'>): boolean => r.kind === 'estimated'

// On a replacement day the installation reading starts the day and the removal reading ends it.
const KIND_ORDER: Record<ReadingKind, number> = { installation: 0, reader: 1, customer: 1, radio: 1, estimated: 1, control: 1, removal: 2 }

// Plain comparisons: ISO dates and UUIDv7 ids sort as text; localeCompare is ~10× slower, and
// the group averages sort every reading of a tariff group.
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export function sortReadings<R extends MeterReading>(readings: readonly R[]): R[] {
  return [...readings].sort(
    (a, b) => cmp(a.readOn, b.readOn) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || cmp(a.createdAt ?? '', b.createdAt ?? '') || cmp(a.id, b.id),
  )
}

/** Estimates that a later real reading replaced: estimate id → id of the real reading. */
export function supersededEstimates(readings: readonly MeterReading[]): Map<string, string> {
  const replaced = new Map<string, string>()
  let pending: string[] = []
  for (const r of sortReadings(readings.filter(isUsable))) {
    if (isEstimate(r)) pending.push(r.id)
    else {
      for (const id of pending) replaced.set(id, r.id)
      pending = []
    }
  }
  return replaced
}

/** What consumption is computed from: usable readings in order, replaced estimates left out. */
export function effectiveReadings<R extends MeterReading>(readings: readonly R[]): R[] {
  const out: R[] = []
  let pending: R[] = []
  for (const r of sortReadings(readings.filter(isUsable))) {
    if (isEstimate(r)) pending.push(r)
    else {
      pending = []
      out.push(r)
    }
  }
  // Estimates after the last real reading still count (in order, they come last).
  return pending.length ? out.concat(pending) : out
}

/**
 * m³ between two readings of one meter. A lower value is a rollover only when a supervisor said
 * so (then the counter went past capacity − 1 back to 0); otherwise it stays negative — a
 * correction of an earlier reading that was too high.
 */
export function counterDelta(previous: number, current: number, digits: number, rollover = false): number {
  if (current >= previous || !rollover) return current - previous
  return counterCapacity(digits) - previous + current
}

/**
 * m³ if a lower value is the counter turning over — only when that is believable: the counter was
 * in its last tenth and the jump is modest. Null otherwise.
 */
export function likelyRollover(previous: number, current: number, digits: number): number | null {
  const capacity = counterCapacity(digits)
  if (current >= previous || previous < capacity * 0.9) return null
  const used = counterDelta(previous, current, digits, true)
  return used <= capacity * 0.1 ? used : null
}

/** Consumption across a replacement: (old final − old previous) + (new current − new initial). */
export function replacementConsumption(r: { oldPrevious: number; oldFinal: number; newInitial: number; newCurrent: number }): number {
  return r.oldFinal - r.oldPrevious + (r.newCurrent - r.newInitial)
}

export interface Interval {
  fromId: string
  toId: string
  /** Day of the opening reading; the consumption falls on the days after it up to `to`. */
  from: string
  to: string
  m3: number
  /** The closing reading is an estimate (to be corrected by the next real one). */
  estimated: boolean
  rollover: boolean
}

/** Reading-to-reading consumption of ONE meter. */
export function meterIntervals(readings: readonly MeterReading[], digits = 5): Interval[] {
  const eff = effectiveReadings(readings)
  const out: Interval[] = []
  for (let i = 1; i < eff.length; i++) {
    const prev = eff[i - 1]
    const cur = eff[i]
    const rollover = Boolean(cur.rollover) && cur.valueM3 < prev.valueM3
    out.push({
      fromId: prev.id,
      toId: cur.id,
      from: prev.readOn,
      to: cur.readOn,
      m3: counterDelta(prev.valueM3, cur.valueM3, digits, rollover),
      estimated: isEstimate(cur),
      rollover,
    })
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Billing periods

export type BillingCycle = 'monthly' | 'bimonthly'

export interface Period {
  /** The first day, ISO: unique per cycle. */
  key: string
  from: string
  to: string
  days: number
  /** "mar 2026" or "sty–lut 2026". */
  label: string
}

const MONTHS_SHORT = ['sty', 'lut', 'mar', 'kwi', 'maj', 'cze', 'lip', 'sie', 'wrz', 'paź', 'lis', 'gru']
const pad2 = (n: number) => String(n).padStart(2, '0')
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()

// Day numbers and periods recur thousands of times when a tariff group is averaged: both cached
// (a few thousand distinct dates and periods over decades).
const dayCache = new Map<string, number>()
function dayNo(iso: string): number {
  let d = dayCache.get(iso)
  if (d === undefined) {
    d = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000
    dayCache.set(iso, d)
  }
  return d
}

interface PeriodEntry {
  period: Period
  fromDay: number
  toDay: number
  next?: PeriodEntry
}
const periodCache = new Map<string, PeriodEntry>()

function periodEntry(year: number, month: number, cycle: BillingCycle): PeriodEntry {
  const first = cycle === 'monthly' ? month : month - ((month - 1) % 2)
  const cacheKey = `${cycle}${year}-${first}`
  let e = periodCache.get(cacheKey)
  if (!e) {
    const last = cycle === 'monthly' ? first : first + 1
    const from = `${year}-${pad2(first)}-01`
    const to = `${year}-${pad2(last)}-${pad2(lastDayOf(year, last))}`
    const label = cycle === 'monthly' ? `${MONTHS_SHORT[first - 1]} ${year}` : `${MONTHS_SHORT[first - 1]}–${MONTHS_SHORT[last - 1]} ${year}`
    const fromDay = dayNo(from)
    const toDay = dayNo(to)
    e = { period: Object.freeze({ key: from, from, to, days: toDay - fromDay + 1, label }), fromDay, toDay }
    periodCache.set(cacheKey, e)
  }
  return e
}

const entryOf = (date: string, cycle: BillingCycle) => periodEntry(Number(date.slice(0, 4)), Number(date.slice(5, 7)), cycle)

function nextEntry(e: PeriodEntry, cycle: BillingCycle): PeriodEntry {
  if (!e.next) {
    const month = Number(e.period.to.slice(5, 7)) + 1
    const year = Number(e.period.to.slice(0, 4))
    e.next = month > 12 ? periodEntry(year + 1, 1, cycle) : periodEntry(year, month, cycle)
  }
  return e.next
}

/** The billing period containing `date`: a calendar month, or a pair of months from January. */
export function billingPeriodOf(date: string, cycle: BillingCycle): Period {
  return entryOf(date, cycle).period
}

/** Every billing period that overlaps [from, to], in order. */
export function billingPeriods(cycle: BillingCycle, from: string, to: string): Period[] {
  const out: Period[] = []
  for (let e = entryOf(from, cycle); e.period.from <= to; e = nextEntry(e, cycle)) out.push(e.period)
  return out
}

/** The same period a year earlier. */
export const samePeriodLastYear = (p: Period, cycle: BillingCycle): Period => billingPeriodOf(`${Number(p.from.slice(0, 4)) - 1}${p.from.slice(4)}`, cycle)

export interface PeriodUse {
  /** Whole m³ (shares of each interval rounded so that they add up to the interval exactly). */
  m3: number
  /** The unrounded share, for averages. */
  exactM3: number
  /** Days of the period covered by readings. */
  coveredDays: number
  /** Part of it rests on an estimate not yet replaced by a real reading. */
  estimated: boolean
}

/** Days of (from, to] that fall in [start, end]. */
function overlapDays(from: string, to: string, start: string, end: string): number {
  const a = Math.max(dayNo(from) + 1, dayNo(start))
  const b = Math.min(dayNo(to), dayNo(end))
  return a > b ? 0 : b - a + 1
}

/**
 * Spreads each interval over the billing periods it spans, in proportion to days. Whole m³ per
 * period by the largest remainder, so the periods of an interval always add up to the interval.
 */
export function consumptionByPeriod(intervals: readonly Interval[], cycle: BillingCycle): Map<string, PeriodUse> {
  const uses = new Map<string, PeriodUse>()
  const use = (key: string) => {
    let u = uses.get(key)
    if (!u) uses.set(key, (u = { m3: 0, exactM3: 0, coveredDays: 0, estimated: false }))
    return u
  }
  for (const iv of intervals) {
    const start = dayNo(iv.from) + 1
    const end = dayNo(iv.to)
    const length = end - start + 1
    if (length <= 0) {
      // Same-day readings (e.g. on a replacement day): the m³ belong to that day's period.
      const u = use(billingPeriodOf(iv.to, cycle).key)
      u.m3 += iv.m3
      u.exactM3 += iv.m3
      u.estimated ||= iv.estimated && iv.m3 !== 0
      continue
    }
    const parts: { p: Period; days: number }[] = []
    let e = entryOf(iv.from, cycle)
    if (e.toDay < start) e = nextEntry(e, cycle)
    for (; e.fromDay <= end; e = nextEntry(e, cycle)) parts.push({ p: e.period, days: Math.min(end, e.toDay) - Math.max(start, e.fromDay) + 1 })
    const size = Math.abs(iv.m3)
    const exact = parts.map((x) => (size * x.days) / length)
    const whole = exact.map(Math.floor)
    let left = size - whole.reduce((s, v) => s + v, 0)
    const byRemainder = exact.map((v, i) => ({ i, r: v - whole[i] })).sort((a, b) => b.r - a.r || a.i - b.i)
    for (const { i } of byRemainder) {
      if (left === 0) break
      whole[i]++
      left--
    }
    const sign = iv.m3 < 0 ? -1 : 1
    parts.forEach((x, i) => {
      const u = use(x.p.key)
      u.m3 += sign * whole[i]
      u.exactM3 += sign * exact[i]
      u.coveredDays += x.days
      u.estimated ||= iv.estimated
    })
  }
  return uses
}

/** Adds uses of several meters (a supply point whose meter was replaced, or several main meters). */
export function addUses(maps: readonly Map<string, PeriodUse>[]): Map<string, PeriodUse> {
  const out = new Map<string, PeriodUse>()
  for (const map of maps) {
    for (const [key, u] of map) {
      const o = out.get(key)
      if (!o) out.set(key, { ...u })
      else {
        o.m3 += u.m3
        o.exactM3 += u.exactM3
        o.coveredDays += u.coveredDays
        o.estimated ||= u.estimated
      }
    }
  }
  return out
}

/** Average daily use in litres (1 m³ = 1000 l): easier to picture at the counter than 0,27 m³. */
export const litresPerDay = (exactM3: number, days: number): number | null => (days > 0 ? Math.round((exactM3 * 1000) / days) : null)

export interface SeriesPoint {
  period: Period
  /** Null when no reading covers any day of the period. */
  m3: number | null
  coveredDays: number
  complete: boolean
  estimated: boolean
  litresPerDay: number | null
  lastYearM3: number | null
  lastYearComplete: boolean
}

/**
 * One row per billing period over [from, to], each with the same period a year before. `since`:
 * the day the data starts (a contract or meter starting within a period, read that day) — its
 * first period is complete once read to its end, not "running" for ever for the days before.
 */
export function periodSeries(uses: Map<string, PeriodUse>, cycle: BillingCycle, from: string, to: string, since: string | null = null): SeriesPoint[] {
  return billingPeriods(cycle, from, to).map((period) => {
    const u = uses.get(period.key)
    // Readings cover (first reading, last reading]: from `since`, the days after it.
    const needed = since !== null && since >= period.from && since <= period.to ? dayNo(period.to) - dayNo(since) : period.days
    const covered = Math.min(period.days, u?.coveredDays ?? 0)
    const ly = uses.get(samePeriodLastYear(period, cycle).key)
    const lyDays = samePeriodLastYear(period, cycle).days
    return {
      period,
      m3: u && (u.coveredDays > 0 || u.m3 !== 0) ? u.m3 : null,
      coveredDays: covered,
      complete: covered >= needed,
      estimated: u?.estimated ?? false,
      litresPerDay: u ? litresPerDay(u.exactM3, covered) : null,
      lastYearM3: ly && ly.coveredDays > 0 ? ly.m3 : null,
      lastYearComplete: (ly?.coveredDays ?? 0) >= lyDays,
    }
  })
}

/** Fewer points than this and an average would let a clerk infer a neighbour's consumption. */
export const GROUP_AVERAGE_MIN_POINTS = 5

export interface GroupAverage {
  /** Null below GROUP_AVERAGE_MIN_POINTS complete points. */
  m3: number | null
  points: number
}

/**
 * The tariff group's averages over `periods`, folded one supply point at a time (a group has tens
 * of thousands of points: their uses need not be held together). Per period: the average m³ per
 * point over the points whose readings cover the whole period (one decimal: it is a statistic,
 * not a meter reading).
 */
export function groupAverageFold(periods: readonly Period[]): { add(pointUses: Map<string, PeriodUse>): void; averages(): Map<string, GroupAverage> } {
  const sums = periods.map(() => ({ total: 0, points: 0 }))
  return {
    add(pointUses) {
      periods.forEach((period, i) => {
        const u = pointUses.get(period.key)
        if (u && u.coveredDays >= period.days) {
          sums[i].total += u.exactM3
          sums[i].points++
        }
      })
    },
    averages() {
      return new Map(
        periods.map((period, i) => {
          const { total, points } = sums[i]
          return [period.key, { m3: points < GROUP_AVERAGE_MIN_POINTS ? null : Math.round((total / points) * 10) / 10, points }]
        }),
      )
    },
  }
}

/** The tariff group's average in one period, from every point's uses (see groupAverageFold). */
export function groupAverage(pointUses: readonly Map<string, PeriodUse>[], period: Period): GroupAverage {
  const fold = groupAverageFold([period])
  for (const uses of pointUses) fold.add(uses)
  return fold.averages().get(period.key)!
}

// ---------------------------------------------------------------------------------------------
// Estimates

/** How far back from the last real reading an estimate averages consumption. */
export const ESTIMATE_LOOKBACK_DAYS = 365

/**
 * An estimated reading for `onDate` from the average daily use of the year of real readings before
 * the last real one ("no reading but a working meter": DOMAIN.md). Null without enough history.
 */
export function estimateReading(readings: readonly MeterReading[], onDate: string, digits = 5): number | null {
  const real = effectiveReadings(readings).filter((r) => !isEstimate(r) && r.readOn <= onDate)
  const last = real.at(-1)
  if (!last || real.length < 2) return null
  const since = addDays(last.readOn, -ESTIMATE_LOOKBACK_DAYS)
  const base = real.filter((r) => r.readOn >= since)
  const first = base.length >= 2 ? base[0] : real.at(-2)!
  const span = daysBetween(first.readOn, last.readOn)
  if (span <= 0) return null
  const used = meterIntervals(real.filter((r) => r.readOn >= first.readOn), digits).reduce((s, iv) => s + iv.m3, 0)
  const value = last.valueM3 + Math.max(0, Math.round((used / span) * daysBetween(last.readOn, onDate)))
  return value % counterCapacity(digits)
}

// ---------------------------------------------------------------------------------------------
// Plausibility

export type ReadingIssueCode =
  | 'future_date'
  | 'before_installation'
  | 'after_removal'
  | 'exceeds_counter'
  | 'duplicate'
  | 'before_last'
  | 'lower_than_previous'
  | 'far_above_history'
  | 'far_above_last_year'
  | 'long_zero'
  | 'below_estimate'
  | 'same_day'

/** error: refused, nothing saved; warning: saved as flagged for a supervisor; info: just said. */
export type IssueSeverity = 'error' | 'warning' | 'info'

export interface ReadingIssue {
  code: ReadingIssueCode
  severity: IssueSeverity
  message: string
}

/** The input field a refusal is about, so a form shows the message next to it. */
export const ISSUE_FIELD: Partial<Record<ReadingIssueCode, 'readOn' | 'valueM3'>> = {
  future_date: 'readOn',
  before_installation: 'readOn',
  after_removal: 'readOn',
  exceeds_counter: 'valueM3',
  duplicate: 'valueM3',
}

export interface PlausibilityRules {
  /** A period this many times above the expected use is a spike… */
  spikeFactor: number
  /** …if it is also at least this many m³ above it (3 m³ instead of 1 is not worth a call). */
  spikeMinExcessM3: number
  /** History needed before a spike can be judged. */
  historyMinDays: number
  /** The same period last year must be covered by readings for this share of its days. */
  lastYearMinCoverage: number
  /** No consumption for this long is worth a question. */
  zeroDays: number
}

export const DEFAULT_RULES: PlausibilityRules = { spikeFactor: 3, spikeMinExcessM3: 5, historyMinDays: 60, lastYearMinCoverage: 0.8, zeroDays: 180 }

export interface ReadingCandidate {
  readOn: string
  valueM3: number
  kind: ReadingKind
}

export interface MeterForCheck {
  installedOn: string
  removedOn: string | null
  counterDigits: number
}

export interface PlausibilityResult {
  issues: ReadingIssue[]
  /** Would be stored as flagged (a warning, no error). */
  flagged: boolean
  /** Refused (an error). */
  refused: boolean
  previous: { readOn: string; valueM3: number; kind: ReadingKind } | null
  /** m³ since the previous reading (negative when lower), days since it. */
  consumptionM3: number | null
  days: number | null
  /** m³ if the lower value is the counter turning over. */
  rolloverM3: number | null
}

/** Made once: an Intl.NumberFormat costs far more to build than to use (a run words 26k estimates). */
const m3Format = new Intl.NumberFormat('pl-PL', { useGrouping: 'always' })
/** "1 234 m³", as the office writes a meter's state or a consumption. */
export const formatM3 = (v: number): string => `${m3Format.format(v)} m³`
const m3 = formatM3
const perDay = (v: number) => `${new Intl.NumberFormat('pl-PL', { maximumFractionDigits: 2, minimumFractionDigits: 2 }).format(v)} m³/dobę`
const times = (v: number) => `${new Intl.NumberFormat('pl-PL', { maximumFractionDigits: 1 }).format(v)} razy`

/** m³ used within [start, end] from intervals (proportional to days; unrounded) and the days covered. */
function usedWithin(intervals: readonly Interval[], start: string, end: string): { m3: number; days: number } {
  let used = 0
  let days = 0
  for (const iv of intervals) {
    const length = daysBetween(iv.from, iv.to)
    const d = overlapDays(iv.from, iv.to, start, end)
    if (length > 0 && d > 0) {
      used += (iv.m3 * d) / length
      days += d
    }
  }
  return { m3: used, days }
}

/**
 * Checks a new reading against the meter and its history, and says why in Polish. Errors refuse
 * the reading (it cannot be true); warnings store it flagged until a supervisor decides.
 */
export function checkReading(
  candidate: ReadingCandidate,
  meter: MeterForCheck,
  existing: readonly MeterReading[],
  today: string,
  rules: PlausibilityRules = DEFAULT_RULES,
): PlausibilityResult {
  const issues: ReadingIssue[] = []
  const add = (code: ReadingIssueCode, severity: IssueSeverity, message: string) => issues.push({ code, severity, message })
  const { readOn, valueM3 } = candidate
  const estimate = isEstimate(candidate)

  if (readOn > today) add('future_date', 'error', `Data odczytu ${formatDate(readOn)} jest późniejsza niż dzisiejsza (${formatDate(today)}).`)
  if (readOn < meter.installedOn) add('before_installation', 'error', `Data odczytu ${formatDate(readOn)} jest wcześniejsza niż montaż wodomierza (${formatDate(meter.installedOn)}).`)
  if (meter.removedOn && readOn > meter.removedOn) add('after_removal', 'error', `Wodomierz zdjęto ${formatDate(meter.removedOn)} — późniejszy odczyt nie może go dotyczyć.`)
  const capacity = counterCapacity(meter.counterDigits)
  if (valueM3 >= capacity) add('exceeds_counter', 'error', `Stan ${m3(valueM3)} nie mieści się na liczydle wodomierza (${meter.counterDigits} cyfr, najwyżej ${m3(capacity - 1)}).`)

  const usable = sortReadings(existing.filter(isUsable))
  const duplicate = usable.find((r) => r.readOn === readOn && r.valueM3 === valueM3)
  if (duplicate) add('duplicate', 'error', `Ten odczyt (${m3(valueM3)} z ${formatDate(readOn)}) jest już zapisany.`)

  // Two different states of one meter on one day: one of them is wrong, whichever came first —
  // a reading parked for a supervisor, or one already accepted.
  if (!estimate) {
    const sameDay = existing.filter((r) => r.readOn === readOn && !isEstimate(r) && r.valueM3 !== valueM3)
    const parked = sameDay.find((r) => r.status === 'flagged')
    const accepted = sameDay.find(isUsable)
    if (parked) {
      add('same_day', 'warning', `Na ${formatDate(readOn)} czeka już na wyjaśnienie odczyt ${m3(parked.valueM3)} — dwa różne stany jednego dnia; kierownik zdecyduje, który jest prawdziwy.`)
    } else if (accepted) {
      add('same_day', 'warning', `Na ${formatDate(readOn)} jest już przyjęty odczyt ${m3(accepted.valueM3)} — dwa różne stany jednego dnia; kierownik zdecyduje, który jest prawdziwy.`)
    }
  }

  // Estimates are placeholders: a real reading dated before one is not late.
  const later = usable.filter((r) => r.readOn > readOn && !isEstimate(r)).at(-1)
  if (later) {
    add('before_last', 'warning', `Data odczytu ${formatDate(readOn)} jest wcześniejsza niż ostatni zapisany odczyt (${m3(later.valueM3)} z ${formatDate(later.readOn)}) — czy to zaległy dokument?`)
  }

  // The reading it follows: for a real reading, the last real one (estimates in between are
  // replaced by it); for an estimate, whatever was last.
  const before = effectiveReadings(existing).filter((r) => r.readOn <= readOn && (estimate || !isEstimate(r)))
  const prev = before.at(-1) ?? null
  const result: PlausibilityResult = { issues, flagged: false, refused: false, previous: prev && { readOn: prev.readOn, valueM3: prev.valueM3, kind: prev.kind }, consumptionM3: null, days: null, rolloverM3: null }

  if (prev) {
    const days = daysBetween(prev.readOn, readOn)
    const used = valueM3 - prev.valueM3
    result.consumptionM3 = used
    result.days = days
    if (used < 0) {
      const rollover = counterDelta(prev.valueM3, valueM3, meter.counterDigits, true)
      result.rolloverM3 = rollover
      const likely = likelyRollover(prev.valueM3, valueM3, meter.counterDigits) !== null
      add(
        'lower_than_previous',
        'warning',
        `Stan ${m3(valueM3)} jest niższy od poprzedniego odczytu (${m3(prev.valueM3)} z ${formatDate(prev.readOn)}) — ` +
          (likely
            ? `prawdopodobnie licznik przekręcił się po ${m3(capacity - 1)} (zużycie wyniosłoby ${m3(rollover)}); możliwa też zamiana wodomierzy albo pomyłka w zapisie.`
            : 'możliwa pomyłka w zapisie, zamiana wodomierzy albo przekręcenie licznika.'),
      )
    }

    if (!estimate) {
      const lastEstimate = sortReadings(existing.filter((r) => isUsable(r) && isEstimate(r) && r.readOn > prev.readOn && r.readOn <= readOn)).at(-1)
      if (lastEstimate && valueM3 < lastEstimate.valueM3 && used >= 0) {
        add('below_estimate', 'info', `Stan jest niższy od szacunku (${m3(lastEstimate.valueM3)} z ${formatDate(lastEstimate.readOn)}) — szacunek zostanie skorygowany tym odczytem.`)
      }
    }

    if (!estimate && used >= 0 && days > 0) {
      const intervals = meterIntervals(before, meter.counterDigits)
      // History: the year before the previous reading.
      const hist = usedWithin(intervals, addDays(prev.readOn, -365), prev.readOn)
      if (hist.days >= rules.historyMinDays) {
        const rate = Math.max(0, hist.m3 / hist.days)
        const expected = rate * days
        if (used >= rules.spikeFactor * expected && used - expected >= rules.spikeMinExcessM3) {
          add(
            'far_above_history',
            'warning',
            `Zużycie ${m3(used)} w ${days} dni (${perDay(used / days)}) jest ` +
              (rate > 0 ? `${times(used / expected)} większe niż zwykle (średnio ${perDay(rate)} w poprzednim roku).` : `duże, choć wcześniej zużycia nie było.`),
          )
        }
      }
      // The same dates a year earlier.
      const lyFrom = addDays(prev.readOn, -364)
      const lyTo = addDays(readOn, -365)
      const ly = usedWithin(intervals, lyFrom, lyTo)
      if (ly.days >= rules.lastYearMinCoverage * days) {
        const lyM3 = Math.max(0, ly.m3)
        if (used >= rules.spikeFactor * lyM3 && used - lyM3 >= rules.spikeMinExcessM3) {
          add('far_above_last_year', 'warning', `Zużycie ${m3(used)} jest znacznie wyższe niż w tym samym okresie rok temu (${m3(Math.round(lyM3))} od ${formatDate(lyFrom)} do ${formatDate(lyTo)}).`)
        }
      }
    }

    if (!estimate && used === 0) {
      // Start of the run of readings showing this same value.
      let since = prev.readOn
      for (let i = before.length - 1; i >= 0 && before[i].valueM3 === valueM3; i--) since = before[i].readOn
      const still = daysBetween(since, readOn)
      if (still >= rules.zeroDays) {
        add('long_zero', 'warning', `Brak zużycia od ${formatDate(since)} (${still} dni) — sprawdź, czy wodomierz działa (nie jest zablokowany) i czy lokal jest używany.`)
      }
    }
  }

  result.refused = issues.some((i) => i.severity === 'error')
  result.flagged = !result.refused && issues.some((i) => i.severity === 'warning')
  return result
}

// ---------------------------------------------------------------------------------------------
// Leak hint from radio readings

export interface RadioSample {
  readOn: string
  /** Exact time when the module reports it (ISO timestamp); null for a once-a-day value. */
  readAt: string | null
  valueM3: number
}

export type LeakHintStatus = 'no_radio' | 'not_enough_data' | 'no_signs' | 'constant_use' | 'night_use'

export interface LeakHint {
  status: LeakHintStatus
  /** Plain Polish, to read out at the counter. */
  message: string
  /** Consecutive days and nights the judgement rests on. */
  daysJudged: number
  nightsJudged: number
}

export const LEAK_RULES = {
  /** Radio days looked at. */
  windowDays: 30,
  /** Consecutive day-to-day values needed to call use "constant". */
  minDays: 14,
  /** Nights with two readings between 0:00 and 5:00 needed to judge night use. */
  minNights: 7,
  /** Share of judged nights with use that makes it a pattern, not a glass of water. */
  nightShare: 0.5,
}

const localParts = new Intl.DateTimeFormat('en-CA', { timeZone: OFFICE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })
function localDateHour(iso: string): { date: string; hour: number } {
  const parts = Object.fromEntries(localParts.formatToParts(new Date(iso)).map((p) => [p.type, p.value]))
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) }
}

/**
 * A hint, not a diagnosis: water that never stops (some use every single day for weeks) or that
 * flows at night (the index moves between 0:00 and 5:00 on most nights). Says plainly when the
 * radio data is missing or too thin to tell.
 */
export function leakHint(samples: readonly RadioSample[], today: string, rules = LEAK_RULES): LeakHint {
  if (samples.length === 0) {
    return { status: 'no_radio', message: 'Brak odczytów radiowych — bez odczytów dobowych nie da się ocenić stałego ani nocnego poboru.', daysJudged: 0, nightsJudged: 0 }
  }
  const start = addDays(today, -rules.windowDays)
  const recent = samples.filter((s) => s.readOn > start && s.readOn <= today)

  // Constant use: the longest run of consecutive days, each with a value, all showing use.
  const dayValue = new Map<string, number>()
  for (const s of [...recent].sort((a, b) => (a.readAt ?? a.readOn).localeCompare(b.readAt ?? b.readOn))) dayValue.set(s.readOn, s.valueM3)
  const days = [...dayValue.keys()].sort()
  let run = 0
  let best = 0
  let allUse = true
  let daysJudged = 0
  let minUse = Infinity
  for (let i = 1; i < days.length; i++) {
    if (daysBetween(days[i - 1], days[i]) !== 1) {
      run = 0
      continue
    }
    const used = dayValue.get(days[i])! - dayValue.get(days[i - 1])!
    daysJudged++
    if (used <= 0) allUse = false
    else minUse = Math.min(minUse, used)
    run = used > 0 ? run + 1 : 0
    best = Math.max(best, run)
  }

  // Night use: first and last reading between 0:00 and 5:00 of the same night, 2 h or more apart.
  const nights = new Map<string, { first: RadioSample; last: RadioSample }>()
  for (const s of recent) {
    if (!s.readAt) continue
    const { date, hour } = localDateHour(s.readAt)
    if (hour >= 5) continue
    const n = nights.get(date)
    if (!n) nights.set(date, { first: s, last: s })
    else {
      if (s.readAt < n.first.readAt!) n.first = s
      if (s.readAt > n.last.readAt!) n.last = s
    }
  }
  const judged = [...nights.values()].filter((n) => Date.parse(n.last.readAt!) - Date.parse(n.first.readAt!) >= 2 * 3_600_000)
  const wet = judged.filter((n) => n.last.valueM3 > n.first.valueM3).length

  if (judged.length >= rules.minNights && wet >= Math.max(2, Math.ceil(judged.length * rules.nightShare))) {
    return {
      status: 'night_use',
      message: `Pobór w nocy: licznik przesunął się między 0:00 a 5:00 w ${wet} z ${judged.length} nocy — możliwy wyciek (cieknąca spłuczka, nieszczelna instalacja).`,
      daysJudged,
      nightsJudged: judged.length,
    }
  }
  if (best >= rules.minDays) {
    return {
      status: 'constant_use',
      message: `Stały pobór: zużycie każdej doby przez ${best} kolejnych dób (co najmniej ${m3(minUse)} na dobę) — jeśli w lokalu nikt tyle nie zużywa, możliwy wyciek.`,
      daysJudged,
      nightsJudged: judged.length,
    }
  }
  if (daysJudged < rules.minDays && judged.length < rules.minNights) {
    return {
      status: 'not_enough_data',
      message: `Za mało danych radiowych, by ocenić wyciek: potrzeba ${rules.minDays} kolejnych dób odczytów albo ${rules.minNights} nocy z odczytami godzinowymi (z ostatnich ${rules.windowDays} dni: ${daysJudged} dób, ${judged.length} nocy).`,
      daysJudged,
      nightsJudged: judged.length,
    }
  }
  const seen: string[] = []
  if (daysJudged > 0 && !allUse) seen.push(`w ostatnich ${daysJudged} dobach zdarzały się doby bez poboru`)
  if (judged.length > 0) seen.push(`nocą licznik stał w ${judged.length - wet} z ${judged.length} nocy`)
  return {
    status: 'no_signs',
    message: seen.length ? `Brak oznak wycieku: ${seen.join('; ')}.` : 'Brak oznak wycieku w danych radiowych.',
    daysJudged,
    nightsJudged: judged.length,
  }
}
