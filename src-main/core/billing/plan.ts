// Planning one contract's invoice for a billing month, from plain data: which period is due, the
// readings it is billed on (an estimate where a working meter has no reading, marked as such),
// consumption per meter (replacements and the additional meter's deduction from sewage), the
// dated tariff prices (m³ split by days when a price changes within the period) and the totals.
// No database here: the loader hands everything in, so a preview and a run plan the same way.
import { billingPeriodOf, type BillingCycle, counterDelta, ESTIMATE_LOOKBACK_DAYS, estimateReading, effectiveReadings, formatM3, isEstimate, sortReadings } from '../../../shared/domain/consumption'
import { computeInvoice, formatVatRate, splitQuantity, type InvoiceTotals } from '../../../shared/domain/billing'
import { addDays, daysBetween, formatDate } from '../../../shared/domain/dates'
import type { PlannedLine, PlannedReading } from '../invoices/issue'
import type { CountedReading } from '../meters/readings'

export interface PlanContract {
  id: string
  contractNo: string
  services: 'water' | 'sewage' | 'water_sewage'
  billingCycle: BillingCycle
  startDate: string
  endDate: string | null
}

export interface PlanPrice {
  id: string
  validFrom: string
  validTo: string | null
  waterNetPerM3: number
  sewageNetPerM3: number
  abonamentNet: number
  vatBasisPoints: number
}

export interface PlanMeter {
  id: string
  serialNo: string
  kind: 'main' | 'additional'
  installedOn: string
  removedOn: string | null
  counterDigits: number
}

/** A meter's reading as consumption counts it (what the loader reads: countedReadingsOfMeters). */
export type PlanReading = CountedReading

export interface BilledReading {
  readingId: string
  toDate: string
  toValue: number
  toKind: string
}

export interface PlanInput {
  month: string
  contract: PlanContract
  groupName: string
  prices: readonly PlanPrice[]
  meters: readonly PlanMeter[]
  /** Readings per meter (any order). */
  readings: ReadonlyMap<string, readonly PlanReading[]>
  /**
   * The readings are every one read on this day or later (a recent window: ten years of history
   * would dominate a run); absent or null, the meters' whole history. A meter whose plan would
   * look before it makes planContract answer `needs_history` instead of guessing.
   */
  historyFrom?: string | null
  /** The reading each meter was last billed up to (from issued invoices). */
  lastBilled: ReadonlyMap<string, BilledReading>
  /** The contract's latest ordinary invoice. */
  lastInvoice: { number: string; periodTo: string } | null
}

export interface EstimatedReading {
  id: string
  meterId: string
  readOn: string
  valueM3: number
  note: string
}

export type ContractPlan =
  | { kind: 'not_due' }
  | { kind: 'already'; number: string }
  | { kind: 'skip'; reason: string }
  | {
      kind: 'bill'
      periodFrom: string
      periodTo: string
      lines: PlannedLine[]
      totals: InvoiceTotals
      readings: PlannedReading[]
      estimates: EstimatedReading[]
      warnings: string[]
    }

/** The readings given start too late for this contract: plan it again with the whole history. */
export interface NeedsHistory {
  kind: 'needs_history'
}

export const LINE_NAMES = { water: 'Dostawa wody', sewage: 'Odprowadzanie ścieków', abonament: 'Opłata abonamentowa' } as const

const m3 = formatM3

/**
 * Whether a contract's tariff group contradicts how its invoice will be delivered: an e-invoice
 * group (its lower subscription fee) without an e-invoice acceptance goes to print, a paper group
 * with one goes by e-mail. Null when they agree.
 */
export function consentMismatch(groupEInvoice: boolean, channel: 'email' | 'paper'): 'e_invoice_group_on_paper' | 'paper_group_by_email' | null {
  if (groupEInvoice && channel === 'paper') return 'e_invoice_group_on_paper'
  if (!groupEInvoice && channel === 'email') return 'paper_group_by_email'
  return null
}

/** The period a contract is billed for in `month` (YYYY-MM), or null when it is not due then. */
export function duePeriod(contract: PlanContract, month: string): { from: string; to: string; final: boolean } | null {
  const monthStart = `${month}-01`
  const monthEnd = billingPeriodOf(monthStart, 'monthly').to
  const cycle = billingPeriodOf(monthStart, contract.billingCycle)
  const endsInMonth = contract.endDate !== null && contract.endDate >= monthStart && contract.endDate <= monthEnd
  if (cycle.to !== monthEnd && !endsInMonth) return null
  const from = contract.startDate > cycle.from ? contract.startDate : cycle.from
  const to = endsInMonth ? contract.endDate! : cycle.to
  if (from > to) return null
  if (contract.endDate !== null && contract.endDate < from) return null
  return { from, to, final: endsInMonth }
}

interface MeterOutcome {
  /** The plan would depend on readings before the window given (PlanInput.historyFrom). */
  needsHistory?: true
  reading?: PlannedReading
  estimate?: EstimatedReading
  warning?: string
  skip?: string
}

function planMeter(meter: PlanMeter, all: readonly PlanReading[], billed: BilledReading | undefined, from: string, to: string, newId: () => string, historyFrom: string | null): MeterOutcome {
  const sorted = sortReadings(all.filter((r) => r.status === 'ok' || r.status === 'accepted'))
  const label = `Wodomierz ${meter.serialNo}${meter.kind === 'additional' ? ' (dodatkowy)' : ''}`
  // With a window of readings (historyFrom), every reading from its first day on is here, so any
  // reading the plan picks on or after that day is the one the whole history would give. Where
  // the plan would look before it, the caller plans again with the whole history.
  // Where the period starts for this meter: what the last invoice billed up to, else the last
  // reading before the period, else (a meter fitted within it) its installation reading.
  let start: { id: string; date: string; value: number; kind: string } | null = null
  if (billed) {
    if (historyFrom !== null && historyFrom > billed.toDate) return { needsHistory: true }
    start = { id: billed.readingId, date: billed.toDate, value: billed.toValue, kind: billed.toKind }
  } else {
    const before = sorted.filter((r) => r.readOn < from).at(-1)
    if (historyFrom !== null && !before) return { needsHistory: true }
    const first = sorted.find((r) => r.readOn >= meter.installedOn && r.readOn <= to)
    const s = before ?? first
    if (s) start = { id: s.id, date: s.readOn, value: s.valueM3, kind: s.kind }
  }
  if (!start) return { skip: `${label}: brak odczytu początkowego (montażu albo z poprzedniego okresu)` }
  if (start.date >= to && meter.removedOn === null) {
    return billed && billed.toDate >= to ? { skip: `${label}: zużycie do ${formatDate(billed.toDate)} jest już rozliczone` } : { skip: `${label}: brak odczytu po ${formatDate(start.date)}` }
  }

  const removedWithin = meter.removedOn !== null && meter.removedOn <= to
  const afterStart = sorted.filter((r) => r.id !== start.id && r.readOn >= start.date && r.readOn <= (removedWithin ? meter.removedOn! : to))
  // An estimate already in the database is used only if no real reading came after it.
  const real = effectiveReadings(afterStart)
  let end = real.at(-1) ?? null
  if (!end && removedWithin) return { skip: `${label}: zdjęty ${formatDate(meter.removedOn!)} bez odczytu końcowego` }
  let estimate: EstimatedReading | undefined
  let warning: string | undefined
  if (!end) {
    // The estimate averages the last year of real readings (at least the last two): all of them
    // must be in the window.
    if (historyFrom !== null) {
      const real = effectiveReadings(sorted).filter((r) => !isEstimate(r) && r.readOn <= to)
      if (real.length < 2 || addDays(real.at(-1)!.readOn, -ESTIMATE_LOOKBACK_DAYS) < historyFrom) return { needsHistory: true }
    }
    const guess = estimateReading(sorted, to, meter.counterDigits)
    if (guess === null) {
      if (meter.kind === 'additional') {
        return { warning: `${label}: brak odczytu — ścieki naliczone od całej pobranej wody` }
      }
      return { skip: `${label}: brak odczytu w okresie i za krótka historia zużycia, by go oszacować` }
    }
    const value = Math.max(guess, start.value)
    estimate = {
      id: newId(),
      meterId: meter.id,
      readOn: to,
      valueM3: value,
      note: `Odczyt szacunkowy w rozliczeniu za ${formatDate(addDays(start.date, 1))}–${formatDate(to)}: brak odczytu, zużycie wg średniej z poprzedniego roku; zostanie skorygowany przy najbliższym odczycie rzeczywistym`,
    }
    end = { id: estimate.id, meterId: meter.id, readOn: to, valueM3: value, kind: 'estimated', status: 'ok' }
    warning = `${label}: odczyt szacunkowy ${m3(value)} na ${formatDate(to)} (brak odczytu w okresie)`
  }
  const rollover = Boolean(end.rollover) && end.valueM3 < start.value
  const used = counterDelta(start.value, end.valueM3, meter.counterDigits, rollover)
  if (used < 0) {
    return {
      skip:
        `${label}: stan ${m3(end.valueM3)} z ${formatDate(end.readOn)} jest niższy od poprzedniego (${m3(start.value)} z ${formatDate(start.date)}) — ` +
        'przekręcenie licznika, zamiana wodomierzy albo pomyłka; wyjaśnij przed fakturowaniem',
    }
  }
  return {
    reading: {
      meterId: meter.id,
      meterSerial: meter.serialNo,
      meterKind: meter.kind,
      fromDate: start.date,
      fromValue: start.value,
      fromKind: start.kind,
      toReadingId: end.id,
      toDate: end.readOn,
      toValue: end.valueM3,
      toKind: end.kind,
      consumptionM3: used,
    },
    estimate,
    warning,
  }
}

/** Prices covering [from, to] day by day, or the first uncovered day. */
function priceSegments(prices: readonly PlanPrice[], from: string, to: string): { segments: { price: PlanPrice; from: string; to: string; days: number }[] } | { gap: string } {
  const sorted = [...prices].sort((a, b) => a.validFrom.localeCompare(b.validFrom))
  const segments: { price: PlanPrice; from: string; to: string; days: number }[] = []
  let day = from
  while (day <= to) {
    // The price valid on `day`: the latest one starting on or before it that has not ended.
    const price = sorted.filter((p) => p.validFrom <= day && (p.validTo === null || p.validTo >= day)).at(-1)
    if (!price) return { gap: day }
    const next = sorted.find((p) => p.validFrom > day)
    let segTo = price.validTo !== null && price.validTo < to ? price.validTo : to
    if (next && next.validFrom <= segTo) segTo = addDays(next.validFrom, -1)
    segments.push({ price, from: day, to: segTo, days: daysBetween(day, segTo) + 1 })
    day = addDays(segTo, 1)
  }
  return { segments }
}

export function planContract(input: PlanInput, newId: () => string): ContractPlan | NeedsHistory {
  const { contract, month } = input
  const period = duePeriod(contract, month)
  if (!period) return { kind: 'not_due' }
  const { from, to } = period
  if (input.lastInvoice && input.lastInvoice.periodTo >= from) return { kind: 'already', number: input.lastInvoice.number }
  const warnings: string[] = []
  if (input.lastInvoice && input.lastInvoice.periodTo < addDays(from, -1)) {
    warnings.push(`Poprzednia faktura (${input.lastInvoice.number}) kończy się ${formatDate(input.lastInvoice.periodTo)} — okres ${formatDate(addDays(input.lastInvoice.periodTo, 1))}–${formatDate(addDays(from, -1))} bez abonamentu`)
  }

  const covering = priceSegments(input.prices, from, to)
  if ('gap' in covering) return { kind: 'skip', reason: `Brak cennika grupy „${input.groupName}” na dzień ${formatDate(covering.gap)}` }
  const { segments } = covering

  const active = input.meters.filter((m) => m.installedOn <= to && (m.removedOn === null || m.removedOn >= from))
  if (!active.some((m) => m.kind === 'main')) return { kind: 'skip', reason: 'Brak wodomierza głównego w punkcie poboru w tym okresie' }
  const readings: PlannedReading[] = []
  const estimates: EstimatedReading[] = []
  for (const meter of active) {
    const outcome = planMeter(meter, input.readings.get(meter.id) ?? [], input.lastBilled.get(meter.id), from, to, newId, input.historyFrom ?? null)
    if (outcome.needsHistory) return { kind: 'needs_history' }
    if (outcome.skip) return { kind: 'skip', reason: outcome.skip }
    if (outcome.reading) readings.push(outcome.reading)
    if (outcome.estimate) estimates.push(outcome.estimate)
    if (outcome.warning) warnings.push(outcome.warning)
  }
  const main = readings.filter((r) => r.meterKind === 'main').reduce((s, r) => s + r.consumptionM3, 0)
  const additional = readings.filter((r) => r.meterKind === 'additional').reduce((s, r) => s + r.consumptionM3, 0)
  if (additional > main && contract.services === 'water_sewage') {
    warnings.push(`Wodomierz dodatkowy pokazuje więcej (${m3(additional)}) niż główny (${m3(main)}) — ścieki 0 m³; sprawdź odczyty`)
  }
  const water = contract.services === 'sewage' ? 0 : main
  const sewage = contract.services === 'water' ? 0 : contract.services === 'sewage' ? main : Math.max(0, main - additional)

  const lines: PlannedLine[] = []
  const split = segments.length > 1
  const perSegment = (quantity: number, name: string, price: (p: PlanPrice) => number) => {
    const parts = split ? splitQuantity(quantity, segments.map((s) => s.days)) : [quantity]
    segments.forEach((s, i) => {
      if (split && parts[i] === 0 && quantity !== 0) return
      if (split && quantity === 0 && i > 0) return
      lines.push({
        name: split ? `${name} (${formatDate(s.from)}–${formatDate(s.to)})` : name,
        unit: 'm³',
        quantity: parts[i],
        unitNet: price(s.price),
        vatBasisPoints: s.price.vatBasisPoints,
        tariffPriceId: s.price.id,
      })
    })
  }
  if (contract.services !== 'sewage') perSegment(water, LINE_NAMES.water, (p) => p.waterNetPerM3)
  if (contract.services !== 'water') perSegment(sewage, LINE_NAMES.sewage, (p) => p.sewageNetPerM3)
  // The subscription is per billing period, at the price valid on its last day.
  const last = segments.at(-1)!.price
  lines.push({
    name: `${LINE_NAMES.abonament} (${billingPeriodOf(to, contract.billingCycle).label})`,
    unit: 'okres',
    quantity: 1,
    unitNet: last.abonamentNet,
    vatBasisPoints: last.vatBasisPoints,
    tariffPriceId: last.id,
  })
  if (split) {
    const rates = new Set(segments.map((s) => s.price.vatBasisPoints))
    warnings.push(
      `Zmiana cennika w okresie: zużycie podzielone proporcjonalnie do dni (${segments.map((s) => `${formatDate(s.from)}–${formatDate(s.to)}`).join(', ')})` +
        (rates.size > 1 ? `; stawki VAT ${[...rates].map(formatVatRate).join(' i ')}` : ''),
    )
  }
  return { kind: 'bill', periodFrom: from, periodTo: to, lines, totals: computeInvoice(lines), readings, estimates, warnings }
}
