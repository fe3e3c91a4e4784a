// Planning one contract's invoice for a billing month (pure): which period is due, the readings
// it rests on (estimates where a working meter has none), consumption across a replacement and
// the garden meter, dated prices split by days, and every reason to skip a contract.
import { describe, expect, it } from 'vitest'
import { duePeriod, planContract, type ContractPlan, type NeedsHistory, type PlanContract, type PlanInput, type PlanMeter, type PlanPrice, type PlanReading } from '../../src-main/core/billing/plan'

const contract = (over: Partial<PlanContract> = {}): PlanContract => ({
  id: 'c1',
  contractNo: 'U/2024/00001',
  services: 'water_sewage',
  billingCycle: 'bimonthly',
  startDate: '2024-01-02',
  endDate: null,
  ...over,
})
const price = (id: string, validFrom: string, validTo: string | null, water = 355, sewage = 460, abonament = 1230, vat = 800): PlanPrice => ({
  id,
  validFrom,
  validTo,
  waterNetPerM3: water,
  sewageNetPerM3: sewage,
  abonamentNet: abonament,
  vatBasisPoints: vat,
})
const meter = (id: string, over: Partial<PlanMeter> = {}): PlanMeter => ({ id, serialNo: `ZM-${id}`, kind: 'main', installedOn: '2024-01-02', removedOn: null, counterDigits: 5, ...over })
let n = 0
const r = (meterId: string, readOn: string, valueM3: number, kind: PlanReading['kind'] = 'reader', status: PlanReading['status'] = 'ok'): PlanReading => ({
  id: `r${++n}`,
  meterId,
  readOn,
  valueM3,
  kind,
  status,
  createdAt: `${readOn}T12:00:00Z`,
})

function input(over: Partial<PlanInput> & { readingList?: PlanReading[] } = {}): PlanInput {
  const meters = over.meters ?? [meter('m1')]
  const list = over.readingList ?? [r('m1', '2024-01-02', 0, 'installation'), r('m1', '2025-12-29', 100), r('m1', '2026-02-27', 112), r('m1', '2026-04-28', 124)]
  return {
    month: '2026-04',
    contract: contract(),
    groupName: 'Gospodarstwa domowe',
    prices: [price('p2025', '2025-01-01', '2025-12-31', 346, 446, 1190), price('p2026', '2026-01-01', null)],
    meters,
    readings: new Map(meters.map((m) => [m.id, list.filter((x) => x.meterId === m.id)])),
    lastBilled: new Map(),
    lastInvoice: { number: 'FW/K1/2026/000010', periodTo: '2026-02-28' },
    ...over,
  }
}

let ids = 0
const newId = () => `est-${++ids}`
function bill(plan: ContractPlan | NeedsHistory) {
  if (plan.kind !== 'bill') throw new Error(`expected an invoice, got ${JSON.stringify(plan)}`)
  return plan
}

describe('duePeriod', () => {
  it('bills monthly contracts every month and two-month ones after the second month', () => {
    expect(duePeriod(contract({ billingCycle: 'monthly' }), '2026-03')).toEqual({ from: '2026-03-01', to: '2026-03-31', final: false })
    expect(duePeriod(contract(), '2026-03')).toBeNull()
    expect(duePeriod(contract(), '2026-04')).toEqual({ from: '2026-03-01', to: '2026-04-30', final: false })
  })

  it('starts with the contract and ends with it (a final invoice, whatever the cycle)', () => {
    expect(duePeriod(contract({ startDate: '2026-03-20' }), '2026-04')).toMatchObject({ from: '2026-03-20', to: '2026-04-30' })
    expect(duePeriod(contract({ endDate: '2026-03-15' }), '2026-03')).toEqual({ from: '2026-03-01', to: '2026-03-15', final: true })
    expect(duePeriod(contract({ endDate: '2026-02-10' }), '2026-04')).toBeNull()
    expect(duePeriod(contract({ startDate: '2026-05-03' }), '2026-04')).toBeNull()
  })
})

describe('planContract', () => {
  it('bills the period on the readings: water, sewage and the subscription at the dated price', () => {
    const p = bill(planContract(input(), newId))
    expect(p).toMatchObject({ periodFrom: '2026-03-01', periodTo: '2026-04-30', estimates: [], warnings: [] })
    expect(p.readings).toEqual([
      expect.objectContaining({ meterSerial: 'ZM-m1', fromDate: '2026-02-27', fromValue: 112, toDate: '2026-04-28', toValue: 124, toKind: 'reader', consumptionM3: 12 }),
    ])
    expect(p.lines.map((l) => [l.name, l.unit, l.quantity, l.unitNet, l.vatBasisPoints, l.tariffPriceId])).toEqual([
      ['Dostawa wody', 'm³', 12, 355, 800, 'p2026'],
      ['Odprowadzanie ścieków', 'm³', 12, 460, 800, 'p2026'],
      ['Opłata abonamentowa (mar–kwi 2026)', 'okres', 1, 1230, 800, 'p2026'],
    ])
    expect(p.totals).toMatchObject({ net: 11_010, vat: 881, gross: 11_891 })
  })

  it('starts from what the last invoice billed, even an estimate, so an estimate is corrected by the next real reading', () => {
    const p = bill(planContract(input({ lastBilled: new Map([['m1', { readingId: 'est-x', toDate: '2026-02-28', toValue: 115, toKind: 'estimated' }]]) }), newId))
    expect(p.readings[0]).toMatchObject({ fromValue: 115, fromKind: 'estimated', toValue: 124, consumptionM3: 9 })
  })

  it('estimates a missing reading from the last year and marks it', () => {
    const list = [r('m1', '2025-04-28', 76), r('m1', '2025-06-27', 82), r('m1', '2025-08-28', 88), r('m1', '2025-10-28', 94), r('m1', '2025-12-29', 100), r('m1', '2026-02-27', 106)]
    const p = bill(planContract(input({ readingList: list }), newId))
    expect(p.estimates).toHaveLength(1)
    const [e] = p.estimates
    expect(e).toMatchObject({ meterId: 'm1', readOn: '2026-04-30' })
    expect(e.valueM3).toBe(112) // 30 m³ in 305 days × 62 days = 6.1 → 6
    expect(p.readings[0]).toMatchObject({ toReadingId: e.id, toKind: 'estimated', consumptionM3: 6 })
    expect(p.warnings).toEqual(['Wodomierz ZM-m1: odczyt szacunkowy 112 m³ na 30.04.2026 (brak odczytu w okresie)'])
  })

  it('does not count a flagged reading until a supervisor accepts it', () => {
    const list = [r('m1', '2025-12-29', 100), r('m1', '2026-02-27', 112), r('m1', '2026-04-28', 9000, 'reader', 'flagged')]
    expect(bill(planContract(input({ readingList: list }), newId)).readings[0]).toMatchObject({ toKind: 'estimated' })
    const accepted = [r('m1', '2025-12-29', 100), r('m1', '2026-02-27', 112), r('m1', '2026-04-28', 130, 'reader', 'accepted')]
    expect(bill(planContract(input({ readingList: accepted }), newId)).readings[0]).toMatchObject({ toValue: 130, consumptionM3: 18 })
  })

  it('adds the old and the new meter across a replacement', () => {
    const meters = [meter('old', { removedOn: '2026-03-20' }), meter('new', { installedOn: '2026-03-20' })]
    const list = [r('old', '2026-02-27', 4980), r('old', '2026-03-20', 4990, 'removal'), r('new', '2026-03-20', 0, 'installation'), r('new', '2026-04-28', 7)]
    const p = bill(planContract(input({ meters, readingList: list }), newId))
    expect(p.readings.map((x) => [x.meterSerial, x.fromValue, x.toValue, x.consumptionM3])).toEqual([
      ['ZM-old', 4980, 4990, 10],
      ['ZM-new', 0, 7, 7],
    ])
    expect(p.lines[0]).toMatchObject({ name: 'Dostawa wody', quantity: 17 })
  })

  it('deducts the garden meter from sewage only', () => {
    const meters = [meter('m1'), meter('g1', { kind: 'additional' })]
    const list = [r('m1', '2026-02-27', 112), r('m1', '2026-04-28', 130), r('g1', '2026-02-27', 40), r('g1', '2026-04-28', 45)]
    const p = bill(planContract(input({ meters, readingList: list }), newId))
    expect(p.lines.slice(0, 2).map((l) => [l.name, l.quantity])).toEqual([
      ['Dostawa wody', 18],
      ['Odprowadzanie ścieków', 13],
    ])
    // A water-only contract has no sewage line at all.
    const water = bill(planContract(input({ meters, readingList: list, contract: contract({ services: 'water' }) }), newId))
    expect(water.lines.map((l) => l.name)).toEqual(['Dostawa wody', 'Opłata abonamentowa (mar–kwi 2026)'])
  })

  it('splits m³ by days when the price changes within the period', () => {
    const prices = [price('old', '2025-01-01', '2026-03-31', 346, 446, 1190), price('new', '2026-04-01', null, 355, 460, 1230)]
    const p = bill(planContract(input({ prices }), newId))
    expect(p.lines.map((l) => [l.name, l.quantity, l.unitNet])).toEqual([
      ['Dostawa wody (01.03.2026–31.03.2026)', 6, 346],
      ['Dostawa wody (01.04.2026–30.04.2026)', 6, 355],
      ['Odprowadzanie ścieków (01.03.2026–31.03.2026)', 6, 446],
      ['Odprowadzanie ścieków (01.04.2026–30.04.2026)', 6, 460],
      ['Opłata abonamentowa (mar–kwi 2026)', 1, 1230],
    ])
    expect(p.warnings[0]).toMatch(/^Zmiana cennika w okresie/)
  })

  it('says why a contract is skipped', () => {
    const skip = (over: Parameters<typeof input>[0]) => planContract(input(over), newId)
    expect(skip({ prices: [price('old', '2025-01-01', '2026-03-31')] })).toEqual({ kind: 'skip', reason: 'Brak cennika grupy „Gospodarstwa domowe” na dzień 01.04.2026' })
    expect(skip({ meters: [meter('g', { kind: 'additional' })] })).toEqual({ kind: 'skip', reason: 'Brak wodomierza głównego w punkcie poboru w tym okresie' })
    expect(skip({ readingList: [r('m1', '2026-02-27', 112), r('m1', '2026-04-28', 102)] })).toMatchObject({
      kind: 'skip',
      reason: expect.stringMatching(/^Wodomierz ZM-m1: stan 102 m³ z 28\.04\.2026 jest niższy od poprzedniego \(112 m³ z 27\.02\.2026\)/),
    })
    expect(skip({ readingList: [r('m1', '2026-02-27', 112)] })).toEqual({ kind: 'skip', reason: 'Wodomierz ZM-m1: brak odczytu w okresie i za krótka historia zużycia, by go oszacować' })
    expect(skip({ meters: [meter('m1', { installedOn: '2026-03-10' })], readingList: [] })).toEqual({ kind: 'skip', reason: 'Wodomierz ZM-m1: brak odczytu początkowego (montażu albo z poprzedniego okresu)' })
  })

  it('skips what is already invoiced and what is not due this month', () => {
    expect(planContract(input({ lastInvoice: { number: 'FW/K1/2026/000099', periodTo: '2026-04-30' } }), newId)).toEqual({ kind: 'already', number: 'FW/K1/2026/000099' })
    expect(planContract(input({ month: '2026-03' }), newId)).toEqual({ kind: 'not_due' })
  })
})

describe('planContract on a window of recent readings', () => {
  // A run reads only the recent readings (load.ts); the plan must then be the one the whole
  // history gives, or say it needs the whole history — never a different invoice.
  const rng = (seed: number) => () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648)
  const day = (base: string, days: number) => new Date(Date.parse(`${base}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

  function randomCase(random: () => number) {
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]
    const installedOn = day('2019-01-01', Math.floor(random() * 2600))
    const removedOn = random() < 0.15 ? day('2026-03-01', Math.floor(random() * 70) - 10) : null
    const m = meter('m1', { installedOn, removedOn, counterDigits: pick([4, 5]) })
    const list: PlanReading[] = random() < 0.9 ? [r('m1', installedOn, 0, 'installation')] : []
    let date = installedOn
    let value = 0
    const end = removedOn ?? '2026-05-15'
    for (;;) {
      date = day(date, pick([20, 45, 61, 61, 61, 120, 200, 400]))
      if (date > end) break
      value += Math.floor(random() * 15)
      const kind = pick(['reader', 'reader', 'customer', 'estimated', 'radio'] as const)
      const status = random() < 0.08 ? pick(['flagged', 'accepted', 'rejected'] as const) : 'ok'
      list.push(r('m1', date, random() < 0.03 ? value - 5 : value, kind, status))
    }
    if (removedOn && random() < 0.7) list.push(r('m1', removedOn, value + 1, 'removal'))
    const billedFrom = list.filter((x) => x.readOn < '2026-03-01' && x.status === 'ok')
    const billedReading = random() < 0.75 ? billedFrom.at(-1 - Math.floor(random() * Math.min(3, billedFrom.length))) : undefined
    const lastBilled = billedReading ? new Map([['m1', { readingId: billedReading.id, toDate: billedReading.readOn, toValue: billedReading.valueM3, toKind: billedReading.kind }]]) : new Map()
    const historyFrom = day('2023-01-01', Math.floor(random() * 1250))
    return { meters: [m], list, lastBilled, historyFrom }
  }

  it('plans the same invoice as the whole history, or asks for it', () => {
    const random = rng(20_261_207)
    let fromWindow = 0
    let asked = 0
    for (let i = 0; i < 3000; i++) {
      const c = randomCase(random)
      const whole = input({ meters: c.meters, readingList: c.list, lastBilled: c.lastBilled })
      const window = { ...whole, readings: new Map([['m1', c.list.filter((x) => x.readOn >= c.historyFrom)]]), historyFrom: c.historyFrom }
      ids = 0
      const expected = planContract(whole, newId)
      ids = 0
      const got = planContract(window, newId)
      if (got.kind === 'needs_history') asked++
      else {
        fromWindow++
        expect(got, `case ${i}: window from ${c.historyFrom}`).toEqual(expected)
      }
    }
    // Both ways are exercised: most plans come from the window, some need the whole history.
    expect(fromWindow).toBeGreaterThan(1000)
    expect(asked).toBeGreaterThan(100)
  })
})
