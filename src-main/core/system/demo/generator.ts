// The deterministic demo office: PGK Zamość with customers, supply points, contracts, meters,
// years of readings, invoices and payments. Same options → the same rows, byte for byte (our own
// PRNG, ids derived from the seed, dates from `today`). It feeds the demo (system.loadDemo), the
// tests and the benchmarks, so it streams rows in batches: 200,000 customers × 10 years never sit
// in memory at once.
//
// Two phases. 1) customer by customer: the customer, supply points, contracts and meter history
// (replacements included), and the e-invoice acceptance of each customer in an e-invoice tariff
// group. 2) month by month over the history: readings at every period end, one invoice per
// contract and period (never issued before the period ends; numbered in issue order, gap-free per
// year), payments. Like the desk, invoices to buyers with a NIP issued since KSeF became
// mandatory carry their FA(3) file and a KSeF number (a fake one, in the real format).
//
// The demo follows the app's own rules; tests/integration/demo.test.ts checks them.
import type { Address, OfficeSettings } from '../../../../shared/api/types'
import { individualAccount } from '../../../../shared/domain/accounts'
import {
  computeInvoice,
  formatInvoiceNumber,
  invoiceSnapshot,
  PAYMENT_TERM_DAYS,
  type InvoiceLineInput,
  type SnapshotCustomer,
} from '../../../../shared/domain/billing'
import { customerDisplayName } from '../../../../shared/domain/customer-format'
import { E_INVOICE_SCOPES } from '../../../../shared/domain/consents'
import { KSEF_MANDATORY_FROM, makeKsefNumber } from '../../../../shared/domain/ksef'
import { foldText } from '../../../../shared/domain/text'
import { makeNrb } from '../../../../shared/validation/identifiers'
import * as t from '../../../db/schema'
import { importBatch, type AnyTable, type ImportBatch } from '../../../db/write'
import { buildFa3Xml } from '../../../documents/ksef-fa3'
import { formatConsentNo } from '../../consents/events'
import { invoiceSeriesKind } from '../../../platform/numbering'
import {
  calendarMonth,
  dayFromParts,
  dayOfMonth,
  dayOf,
  daysInMonth,
  firstDayOfMonth,
  isoOf,
  lastDayOfMonth,
  monthOfDay,
  yearOfDay,
} from './calendar'
import * as words from './data'
import { makeNip, makePesel, makeRegon } from './identities'
import { mixSeed, Rng } from './random'
import { pricesForYear, TARIFF_GROUPS, type TariffGroupDef } from './tariffs'

export interface DemoOptions {
  seed: number
  customers: number
  /** Years of history (readings, invoices, payments) before `today`. */
  years?: number
  /** "Now" for the history, YYYY-MM-DD. */
  today: string
}

export const DEMO_DEFAULT_YEARS = 3
export const DEMO_PASSWORD = 'Demo-Krucza-10'

export const DEMO_STAFF = [
  { login: 'admin', fullName: 'Katarzyna Zielińska', role: 'admin' },
  { login: 'kierownik', fullName: 'Marek Łukasiewicz', role: 'supervisor' },
  { login: 'urzednik', fullName: 'Joanna Kołodziej', role: 'clerk' },
] as const

const OFFICE_SORT_CODE = '12401372'

export const DEMO_OFFICE: OfficeSettings = {
  name: 'Przedsiębiorstwo Gospodarki Komunalnej Sp. z o.o. w Zamościu',
  nip: '9220003560',
  address: { street: 'Krucza', houseNo: '10', flatNo: null, postalCode: '22-400', city: 'Zamość' },
  phone: '84 638 42 11',
  email: 'bok@pgk.zamosc.pl',
  bankName: 'Bank Pekao S.A.',
  bankAccount: makeNrb(OFFICE_SORT_CODE, '1111000011112222'),
  bankSortCode: OFFICE_SORT_CODE,
  invoiceSeries: 'FW',
  stationCode: 'K1',
  stationName: 'Okienko 1',
  idleLockMinutes: 5,
  sessionHours: 12,
}

/** Demo customer numbers are the office's legacy 6-digit numbers; desks issue "K1-000001" onwards. */
export const FIRST_CUSTOMER_NO = 100001

const ZAMOSC = { postalCode: '22-400', city: 'Zamość' }
const INVOICE_LINE = { water: 'Woda', sewage: 'Ścieki', abonament: 'Abonament' } as const
const READING_SOURCES = ['portal', 'telefon', 'okienko', 'e-mail'] as const
const FITTERS = ['Jan Mazur', 'Zbigniew Kołodziej', 'Paweł Wójcik', 'Mirosław Łukasik', 'Grzegorz Szewczyk'] as const
/** Number series of replacement protocols (core/meters issues them the same way). */
const METER_PROTOCOL_SERIES = 'meter_protocol'
/** Calendar-month factors of household water use (summer higher). */
const MAIN_SEASON = [0.92, 0.92, 0.95, 1.0, 1.05, 1.1, 1.12, 1.1, 1.02, 0.97, 0.93, 0.92]
/** Garden meters run April–September only. */
const GARDEN_SEASON = [0, 0, 0, 0.5, 1.0, 1.4, 1.6, 1.4, 0.7, 0, 0, 0]

/**
 * The shipped texts an acceptance signed at the counter refers to (resources/texts/manifest.json;
 * demo.test.ts checks these equal the manifest). Acceptances signed before a text existed were
 * carried over from the previous system and name no text version.
 */
export const DEMO_E_INVOICE_TEXT = { textId: 'oswiadczenie-efaktura', version: '2024.1', validFrom: '2024-01-01', sha256: 'b8f8d4d6f48d8a2cdc527a41035e0c50b319702bd0e5549701c2fdb907e468f6' }
export const DEMO_INFO_CLAUSE = { version: '2023.1', validFrom: '2023-01-01', sha256: 'c0402edd587d4c0726c107f380874c4d52414a252e325cf767de5d3a5262b4d8' }

type Row<T extends { $inferInsert: unknown }> = T['$inferInsert']
type CustomerKindDetail = 'person' | 'cooperative' | 'community' | 'ltd' | 'trade' | 'venue'

// ---------------------------------------------------------------------------------------------
// Deterministic ids in UUIDv7 layout: the row's date as the timestamp (so ids stay time-ordered
// like real ones), seed-derived bits and a counter that makes every id unique.
class IdFactory {
  private counter = 0
  private readonly middle: string
  /** The timestamp part per day: the same few thousand days recur for millions of rows. */
  private readonly prefixes = new Map<number, string>()

  constructor(seed: number) {
    const h = mixSeed(seed, 0x1d)
    const randA = (h >>> 20).toString(16).padStart(3, '0')
    const variant = (0x8000 | (h & 0x3fff)).toString(16)
    this.middle = `-7${randA}-${variant}-`
  }

  next(day: number): string {
    let prefix = this.prefixes.get(day)
    if (prefix === undefined) {
      const ms = (day * 86_400_000 + 8 * 3_600_000).toString(16).padStart(12, '0')
      this.prefixes.set(day, (prefix = `${ms.slice(0, 8)}-${ms.slice(8)}${this.middle}`))
    }
    return prefix + (this.counter++).toString(16).padStart(12, '0')
  }
}

/** Collects rows per table and hands them out in batches. */
class RowBuffer {
  private rows = new Map<AnyTable, unknown[]>()
  size = 0

  push<T extends AnyTable>(table: T, row: Row<T>): void {
    let list = this.rows.get(table)
    if (!list) this.rows.set(table, (list = []))
    list.push(row)
    this.size++
  }

  *drain(): Generator<ImportBatch> {
    for (const [table, rows] of this.rows) if (rows.length) yield importBatch(table, rows as never)
    this.rows = new Map()
    this.size = 0
  }
}

const stamp = (day: number, time = '09:00:00'): string => `${isoOf(day)}T${time}.000Z`

// ---------------------------------------------------------------------------------------------
// Simulation state kept between the phases: compact, one object per contract and meter slot.

interface MeterSim {
  id: string
  serialNo: string
  sealNo: string
  installedDay: number
  removedDay: number | null
  radio: boolean
  /** Reading at installation (new meters start near 0). */
  initial: number
}

interface SlotSim {
  kind: 'main' | 'additional'
  /** m³ per calendar month, January first. */
  monthly: number[]
  meters: MeterSim[]
  current: number
  /** The true (fractional) register of the current meter at lastDay; readings show it rounded down. */
  value: number
  /** The last reading of the current meter: what the next invoice counts from. */
  recorded: number
  lastDay: number
  lastKind: ReadingKind
  lastReadingId: string
  /** Consumption recorded in the previous period: the basis of an estimated reading. */
  lastDelta: number | null
  /** An estimate the next real reading replaces. */
  estimateId: string | null
}

interface ContractSim {
  id: string
  order: number
  customerId: string
  /** Shared by the customer's contracts: what invoices copy at issue. */
  customer: SnapshotCustomer
  payerName: string
  supplyPoint: Address
  services: 'water' | 'sewage' | 'water_sewage'
  group: TariffGroupDef
  startDay: number
  endDay: number | null
  rng: Rng
  slots: SlotSim[]
  /** Customers in arrears leave their last `arrears` invoices unpaid. */
  arrears: number
  held: Row<typeof t.payments>[]
  overpayFromDay: number | null
  done: boolean
  pointId: string
}

interface InvoiceDraft {
  contract: ContractSim
  issueDay: number
  periodFrom: number
  periodTo: number
  lines: (InvoiceLineInput & { tariffPriceId: string })[]
  readings: BilledReading[]
}

/** One meter's stretch within a billing period: from a reading to a reading (invoice_readings). */
interface BilledReading {
  meter: MeterSim
  kind: 'main' | 'additional'
  fromDay: number
  fromValue: number
  fromKind: ReadingKind
  toReadingId: string
  toDay: number
  toValue: number
  toKind: ReadingKind
}

type ReadingKind = (typeof t.readings.$inferInsert)['kind']

// ---------------------------------------------------------------------------------------------

export function* generateDemoRows(options: DemoOptions, office: OfficeSettings = DEMO_OFFICE): Generator<ImportBatch> {
  const { seed, customers: customerCount } = options
  const years = options.years ?? DEMO_DEFAULT_YEARS
  const todayDay = dayOf(options.today)
  const todayYear = yearOfDay(todayDay)
  const ids = new IdFactory(seed)
  const out = new RowBuffer()
  // Small batches: rows handed over young are cheap for the garbage collector (holding 20k rows
  // made generation twice as slow).
  const BATCH_ROWS = 2_000

  // History starts on the first day of an odd month so two-month periods (Jan–Feb, Mar–Apr …) align.
  let firstMonth = monthOfDay(todayDay) - years * 12
  if (calendarMonth(firstMonth) % 2 === 0) firstMonth -= 1
  const windowStart = firstDayOfMonth(firstMonth)

  // Tariffs: four groups, yearly prices from the year before the history starts to this year.
  const groupIds = new Map<string, string>()
  /** "GD-P/2025" → the tariff_prices row in force that year. */
  const priceIds = new Map<string, string>()
  const firstTariffYear = yearOfDay(windowStart) - 1
  for (const g of TARIFF_GROUPS) {
    const id = ids.next(dayFromParts(firstTariffYear, 1, 1))
    groupIds.set(g.code, id)
    const created = stamp(dayFromParts(firstTariffYear, 1, 1))
    out.push(t.tariffGroups, { id, code: g.code, name: g.name, billingCycle: g.billingCycle, eInvoice: g.eInvoice, createdAt: created, updatedAt: created })
    for (let y = firstTariffYear; y <= todayYear; y++) {
      const p = pricesForYear(y)
      const from = dayFromParts(y, 1, 1)
      const priceId = ids.next(from)
      priceIds.set(`${g.code}/${y}`, priceId)
      out.push(t.tariffPrices, {
        id: priceId,
        tariffGroupId: id,
        validFrom: isoOf(from),
        validTo: y === todayYear ? null : `${y}-12-31`,
        waterNetPerM3: p.waterNetPerM3,
        sewageNetPerM3: p.sewageNetPerM3,
        abonamentNet: g.eInvoice ? p.abonamentEInvoiceNet : p.abonamentPaperNet,
        vatBasisPoints: p.vatBasisPoints,
        createdAt: stamp(from),
        updatedAt: stamp(from),
      })
    }
  }

  // ---- Phase 1: customers, supply points, contracts, meters ----------------------------------
  const contracts: ContractSim[] = []
  /** Consent registration numbers ZG/K1/year/n, per year of registration. */
  const consentNumbers = new Map<number, number>()
  const usedPesel = new Set<string>()
  const usedNip = new Set<string>()
  /** Legacy contract numbers "U/2019/00123" (desks issue "U/K1/…"): a sequence per start year. */
  const contractSeq = new Map<number, number>()
  let meterCount = 0
  const serialOffset = mixSeed(seed, 0x5e) % 90_000_000
  // An affine map k → (k·7919 + offset) mod 9·10⁷ is a bijection (7919 is prime, coprime to 9·10⁷): unique serials, no lookups.
  const nextSerial = () => `ZM${10_000_000 + ((meterCount++ * 7919 + serialOffset) % 90_000_000)}`

  const randomAddress = (rng: Rng, flatChance: number) => ({
    street: rng.weighted(words.STREETS),
    houseNo: String(rng.chance(0.6) ? rng.int(1, 40) : rng.int(41, 140)) + (rng.chance(0.08) ? rng.pick(['A', 'B', 'C']) : ''),
    flatNo: rng.chance(flatChance) ? String(rng.int(1, 60)) : null,
    ...ZAMOSC,
  })
  /** A day on the 5th–20th of a random month between two days: meter work happens mid-month, away from reading days. */
  const midMonthDay = (rng: Rng, from: number, to: number): number => {
    const month = rng.int(monthOfDay(from), monthOfDay(to))
    return Math.min(to, Math.max(from, firstDayOfMonth(month) + rng.int(4, 19)))
  }
  /** A day on the 1st–20th of a random month between two days (`from` itself may be later in its month). */
  const startOfService = (rng: Rng, from: number, to: number): number => {
    const month = rng.int(monthOfDay(from), monthOfDay(to))
    const day = Math.min(to, Math.max(from, firstDayOfMonth(month) + rng.int(0, 19)))
    // Clamping to `from` can land late in a month: move to the next month's first days.
    return dayOfMonth(day) > 20 ? lastDayOfMonth(monthOfDay(day)) + 1 : day
  }

  for (let i = 0; i < customerCount; i++) {
    const rng = new Rng(mixSeed(seed, 1, i))
    const customerNo = String(FIRST_CUSTOMER_NO + i)
    const kind: CustomerKindDetail = rng.chance(0.85)
      ? 'person'
      : rng.weighted([['community', 30], ['trade', 30], ['ltd', 20], ['venue', 12], ['cooperative', 8]] as const)
    const person = kind === 'person'

    // Who they are.
    let firstName: string | null = null
    let lastName: string | null = null
    let companyName: string | null = null
    let pesel: string | null = null
    let nip: string | null = null
    let regon: string | null = null
    let earliestStart = dayFromParts(1995, 1, 1)
    const corr = randomAddress(rng, person ? 0.3 : 0)
    if (person) {
      const sex = rng.chance(0.5) ? 'F' : 'M'
      firstName = rng.pick(sex === 'F' ? words.FEMALE_FIRST_NAMES : words.MALE_FIRST_NAMES)
      const surname = rng.pick(words.SURNAMES)
      lastName = sex === 'F' ? words.feminineSurname(surname) : surname
      const birth = rng.int(dayFromParts(1935, 1, 1), Math.min(dayFromParts(2005, 12, 31), todayDay - 19 * 366))
      do pesel = makePesel(rng, isoOf(birth), sex)
      while (usedPesel.has(pesel))
      usedPesel.add(pesel)
      earliestStart = Math.max(earliestStart, birth + 18 * 366)
    } else {
      do nip = makeNip(rng)
      while (usedNip.has(nip))
      usedNip.add(nip)
      regon = makeRegon(rng, rng.chance(0.1) ? 14 : 9)
      const owner = () =>
        rng.chance(0.5)
          ? `${rng.pick(words.MALE_FIRST_NAMES)} ${rng.pick(words.SURNAMES)}`
          : `${rng.pick(words.FEMALE_FIRST_NAMES)} ${words.feminineSurname(rng.pick(words.SURNAMES))}`
      companyName =
        kind === 'cooperative'
          ? `Spółdzielnia Mieszkaniowa „${rng.pick(words.COOPERATIVE_NAMES)}” w Zamościu`
          : kind === 'community'
            ? `Wspólnota Mieszkaniowa ul. ${corr.street} ${corr.houseNo}`
            : kind === 'ltd'
              ? `${rng.pick(words.LTD_NAMES)} Sp. z o.o.`
              : kind === 'venue'
                ? rng.pick(words.VENUES)
                : rng.chance(0.4)
                  ? `Sklep „${rng.pick(words.SHOP_NAMES)}” ${owner()}`
                  : `${rng.pick(words.TRADES)} ${owner()}`
    }
    const emailName = person
      ? foldText(`${firstName}.${lastName}`)
      : foldText(companyName!)
          .replace(/[^a-z0-9]+/g, '-')
          .slice(0, 30)
          .replace(/^-+|-+$/g, '')
    const email = rng.chance(0.6)
      ? person
        ? `${emailName.replace(/[^a-z.]/g, '')}${rng.chance(0.4) ? rng.int(1, 99) : ''}@${rng.pick(words.EMAIL_DOMAINS)}`
        : `biuro@${emailName}.pl`
      : null
    const phone = rng.chance(0.7)
      ? rng.chance(0.8)
        ? `${rng.chance(0.2) ? '+48 ' : ''}${rng.pick(['5', '6', '7', '8'])}${rng.digits(2)} ${rng.digits(3)} ${rng.digits(3)}`
        : `84 ${rng.int(530, 639)} ${rng.digits(2)} ${rng.digits(2)}`
      : null

    // Where they take water: the first point is usually the correspondence address.
    const pointCount =
      kind === 'person'
        ? rng.weighted([[1, 88], [2, 12]] as const)
        : kind === 'cooperative'
          ? rng.int(3, 8)
          : kind === 'ltd'
            ? rng.int(1, 3)
            : kind === 'venue'
              ? rng.int(1, 2)
              : 1
    // Starts fall on the 1st–20th, so a period's reading (its last days) always comes after.
    const customerStart = rng.chance(0.92)
      ? startOfService(rng, earliestStart, Math.max(earliestStart, windowStart - 40))
      : startOfService(rng, Math.max(earliestStart, windowStart), todayDay - 60)
    const customerId = ids.next(customerStart)
    const eInvoice = email !== null && rng.chance(person ? 0.45 : 0.55)
    const group = TARIFF_GROUPS.find((g) => g.eInvoice === eInvoice && g.audience === (person ? 'household' : 'other'))!
    const arrears = rng.chance(0.08) ? rng.int(1, 3) : 0
    const overpayFromDay = rng.chance(0.02) ? rng.int(Math.max(windowStart, todayDay - 365), todayDay) : null

    const snapshot: SnapshotCustomer = {
      customerNo,
      kind: person ? 'person' : 'company',
      firstName,
      lastName,
      companyName,
      nip,
      address: { street: corr.street, houseNo: corr.houseNo, flatNo: corr.flatNo, postalCode: corr.postalCode, city: corr.city },
      bankAccount: individualAccount(office, customerNo),
    }
    const payerName = customerDisplayName(snapshot)
    out.push(t.customers, {
      id: customerId,
      customerNo,
      kind: person ? 'person' : 'company',
      firstName,
      lastName,
      companyName,
      pesel,
      nip,
      regon,
      email,
      phone,
      corrStreet: corr.street,
      corrHouseNo: corr.houseNo,
      corrFlatNo: corr.flatNo,
      corrPostalCode: corr.postalCode,
      corrCity: corr.city,
      bankAccount: snapshot.bankAccount,
      createdAt: stamp(customerStart),
      updatedAt: stamp(customerStart),
    })
    // The e-invoice group is for customers who accepted e-invoices (art. 106n): the acceptance,
    // signed at the counter the day they joined, is on record as the desk would record it.
    if (eInvoice) out.push(t.consentEvents, eInvoiceAcceptance(customerId, email!, customerStart, consentNumbers, ids, office))

    for (let p = 0; p < pointCount; p++) {
      const address =
        p === 0 && (kind === 'community' || (person && rng.chance(0.95)) || kind === 'trade' || kind === 'venue')
          ? { ...corr }
          : randomAddress(rng, person ? 0.2 : 0)
      // Later points (a second house, another block) came later.
      const startDay = p === 0 ? customerStart : midMonthDay(rng, customerStart, Math.max(customerStart, todayDay - 60))
      const pointId = ids.next(startDay)
      out.push(t.supplyPoints, { id: pointId, street: address.street, houseNo: address.houseNo, flatNo: address.flatNo, ...ZAMOSC, createdAt: stamp(startDay), updatedAt: stamp(startDay) })

      // A few contracts ended during the history (a sold house, a closed shop).
      const ends = rng.chance(pointCount > 1 ? 0.15 : 0.02) && todayDay - 30 > Math.max(startDay, windowStart) + 90
      const endDay = ends ? midMonthDay(rng, Math.max(startDay, windowStart) + 90, todayDay - 30) : null
      const startYear = yearOfDay(startDay)
      const seq = (contractSeq.get(startYear) ?? 0) + 1
      contractSeq.set(startYear, seq)
      const services = rng.weighted([['water_sewage', 80], ['water', 15], ['sewage', 5]] as const)
      const contractId = ids.next(startDay)
      out.push(t.contracts, {
        id: contractId,
        contractNo: `U/${startYear}/${String(seq).padStart(5, '0')}`,
        customerId,
        supplyPointId: pointId,
        services,
        tariffGroupId: groupIds.get(group.code)!,
        billingCycle: group.billingCycle,
        startDate: isoOf(startDay),
        endDate: endDay === null ? null : isoOf(endDay),
        status: endDay === null ? 'active' : 'ended',
        createdAt: stamp(startDay),
        updatedAt: stamp(endDay ?? startDay),
      })

      // Meters: the main one; a garden meter at ~a quarter of houses.
      const monthlyBase =
        kind === 'person'
          ? rng.weighted([[1, 22], [2, 30], [3, 20], [4, 18], [5, 7], [6, 3]] as const) * rng.real(2.5, 4)
          : kind === 'cooperative'
            ? rng.real(400, 2000)
            : kind === 'community'
              ? rng.real(60, 400)
              : kind === 'ltd'
                ? rng.real(10, 250)
                : kind === 'venue'
                  ? rng.real(40, 300)
                  : rng.real(3, 35)
      const slots: SlotSim[] = [makeSlot('main', MAIN_SEASON.map((f) => f * monthlyBase))]
      const garden = person ? address.flatNo === null && rng.chance(0.27) : rng.chance(0.04)
      if (garden) {
        const gardenBase = rng.real(3, 8)
        slots.push(makeSlot('additional', GARDEN_SEASON.map((f) => f * gardenBase)))
      }

      function makeSlot(slotKind: 'main' | 'additional', monthly: number[]): SlotSim {
        const diameter =
          slotKind === 'additional'
            ? 15
            : kind === 'person'
              ? rng.weighted([[15, 85], [20, 15]] as const)
              : kind === 'cooperative'
                ? 40
                : kind === 'community'
                  ? rng.pick([25, 40])
                  : kind === 'trade'
                    ? rng.pick([15, 20])
                    : rng.pick([20, 25])
        const asOf = endDay ?? todayDay
        const asOfYear = yearOfDay(asOf)
        // The meter in place now: legalisation spread so that some have expired, some expire this
        // year, most are valid; installed in its legalisation year or the next.
        let legalisation = rng.weighted([[-7, 1], [-6, 2], [-5, 12], [-4, 17], [-3, 17], [-2, 17], [-1, 17], [0, 17]] as const) + asOfYear
        const latest = asOf - 30
        legalisation = Math.min(legalisation, yearOfDay(latest))
        let installed = midMonthDay(rng, dayFromParts(legalisation, 1, 1), Math.min(latest, dayFromParts(legalisation + 1, 12, 31)))
        if (installed < startDay) {
          installed = startDay
          legalisation = Math.min(legalisation, yearOfDay(startDay))
        }
        const chain = [{ legalisation, installed, removed: endDay }]
        // Meters are replaced when their legalisation runs out: predecessors back to the start
        // of the history (or of the contract).
        while (installed > Math.max(startDay, windowStart)) {
          const prevLegalisation = yearOfDay(installed) - 5 - rng.int(0, 1)
          let prevInstalled = midMonthDay(rng, dayFromParts(prevLegalisation, 1, 1), Math.min(installed - 200, dayFromParts(prevLegalisation + 1, 12, 31)))
          if (prevInstalled <= startDay) prevInstalled = startDay
          chain.unshift({ legalisation: prevLegalisation, installed: prevInstalled, removed: installed })
          installed = prevInstalled
        }
        const meters = chain.map((m, idx): MeterSim => {
          const current = idx === chain.length - 1
          const radio = rng.chance(current ? 0.3 : 0.1)
          const sealBroken = current && m.removed === null && rng.chance(0.01)
          const expired = m.legalisation + 5 < yearOfDay(todayDay)
          const sim: MeterSim = {
            id: ids.next(m.installed),
            serialNo: nextSerial(),
            sealNo: `PL${rng.digits(7)}`,
            installedDay: m.installed,
            removedDay: m.removed,
            radio,
            initial: rng.int(0, 2),
          }
          out.push(t.meters, {
            id: sim.id,
            serialNo: sim.serialNo,
            supplyPointId: pointId,
            kind: slotKind,
            diameterMm: diameter,
            installedOn: isoOf(m.installed),
            removedOn: m.removed === null ? null : isoOf(m.removed),
            legalisationYear: m.legalisation,
            sealNo: sim.sealNo,
            sealState: sealBroken ? 'broken' : 'intact',
            radioId: radio ? rng.int(0x10000000, 0xffffffff).toString(16).toUpperCase() : null,
            state: m.removed !== null ? 'removed' : sealBroken || expired ? 'to_replace' : 'active',
            // Big meters count to 999 999 m³; house meters turn over after 99 999.
            counterDigits: diameter >= 25 ? 6 : 5,
            createdAt: stamp(m.installed),
            updatedAt: stamp(m.removed ?? m.installed),
          })
          return sim
        })
        return { kind: slotKind, monthly, meters, current: 0, value: 0, recorded: 0, lastDay: 0, lastKind: 'installation', lastReadingId: '', lastDelta: null, estimateId: null }
      }

      const sim: ContractSim = {
        id: contractId,
        order: contracts.length,
        customerId,
        customer: snapshot,
        payerName,
        supplyPoint: { street: address.street, houseNo: address.houseNo, flatNo: address.flatNo, ...ZAMOSC },
        services,
        group,
        startDay,
        endDay,
        rng: new Rng(mixSeed(seed, 2, contracts.length)),
        slots,
        arrears,
        held: [],
        overpayFromDay,
        done: false,
        pointId,
      }
      contracts.push(sim)
      openHistory(sim, out, ids, windowStart)
    }
    if (out.size >= BATCH_ROWS) yield* out.drain()
  }

  yield* out.drain()

  // ---- Phase 2: month by month — readings, invoices, payments --------------------------------
  const invoiceNumbers = new Map<number, number>()
  const ksefFromDay = dayOf(KSEF_MANDATORY_FROM)
  const protocols: ProtocolCounter = { office, perYear: new Map() }
  const lastMonth = monthOfDay(todayDay)
  for (let month = firstMonth; month <= lastMonth; month++) {
    const monthEnd = lastDayOfMonth(month)
    const drafts: InvoiceDraft[] = []
    for (const c of contracts) {
      // Rows only ever follow the rows they reference, so a batch can be handed over anywhere.
      if (out.size >= BATCH_ROWS) yield* out.drain()
      if (c.done || c.startDay > monthEnd) continue
      const endsNow = c.endDay !== null && monthOfDay(c.endDay) === month
      const periodEndsNow = c.group.billingCycle === 'monthly' || calendarMonth(month) % 2 === 0
      if (!endsNow && !periodEndsNow) continue
      const periodTo = endsNow ? c.endDay! : monthEnd
      if (periodTo >= todayDay) continue
      const periodStartMonth = c.group.billingCycle === 'bimonthly' && calendarMonth(month) % 2 === 0 ? month - 1 : month
      const periodFrom = Math.max(firstDayOfMonth(periodStartMonth), c.startDay)
      // Readers go round in the last days of the period; a closed contract is read on its last day.
      const readDay = endsNow ? c.endDay! : periodTo - c.rng.int(0, 5)
      let main = 0
      let garden = 0
      const billed: BilledReading[] = []
      for (const slot of c.slots) {
        const used = advanceSlot(c, slot, readDay, endsNow, out, ids, billed, protocols)
        if (slot.kind === 'main') main += used
        else garden += used
      }
      if (endsNow) c.done = true
      // Issued after the reading, and never before the period has ended (as the billing run).
      const issueDay = Math.max(readDay + c.rng.int(1, 5), periodTo)
      if (issueDay > todayDay) continue
      // Priced from the tariff in force at the period's end.
      const priceYear = yearOfDay(periodTo)
      const prices = pricesForYear(priceYear)
      const tariffPriceId = priceIds.get(`${c.group.code}/${priceYear}`)!
      const lines: InvoiceDraft['lines'] = []
      const vat = prices.vatBasisPoints
      if (c.services !== 'sewage') lines.push({ name: INVOICE_LINE.water, unit: 'm³', quantity: main, unitNet: prices.waterNetPerM3, vatBasisPoints: vat, tariffPriceId })
      // Water through the garden meter does not return to the sewer.
      const sewage = c.services === 'water_sewage' ? Math.max(0, main - garden) : c.services === 'sewage' ? main : 0
      if (c.services !== 'water') lines.push({ name: INVOICE_LINE.sewage, unit: 'm³', quantity: sewage, unitNet: prices.sewageNetPerM3, vatBasisPoints: vat, tariffPriceId })
      lines.push({
        name: INVOICE_LINE.abonament,
        unit: 'okres',
        quantity: 1,
        unitNet: c.group.eInvoice ? prices.abonamentEInvoiceNet : prices.abonamentPaperNet,
        vatBasisPoints: vat,
        tariffPriceId,
      })
      drafts.push({ contract: c, issueDay, periodFrom, periodTo, lines, readings: billed })
    }

    // Numbers follow issue dates: gap-free within (series, station, year).
    drafts.sort((a, b) => a.issueDay - b.issueDay || a.contract.order - b.contract.order)
    for (const d of drafts) {
      if (out.size >= BATCH_ROWS) yield* out.drain()
      const year = yearOfDay(d.issueDay)
      const n = (invoiceNumbers.get(year) ?? 0) + 1
      invoiceNumbers.set(year, n)
      const c = d.contract
      const number = formatInvoiceNumber(office.invoiceSeries, office.stationCode, year, n)
      const totals = computeInvoice(d.lines)
      const invoiceId = ids.next(d.issueDay)
      const dueDay = d.issueDay + PAYMENT_TERM_DAYS
      const snapshot = invoiceSnapshot(office, c.customer, c.supplyPoint, c.group.name)
      const ksef = c.customer.nip && d.issueDay >= ksefFromDay ? ksefOf(seed, office, snapshot, number, d, totals, dueDay) : null
      out.push(t.invoices, {
        id: invoiceId,
        number,
        kind: 'invoice',
        correctsId: null,
        customerId: c.customerId,
        contractId: c.id,
        issueDate: isoOf(d.issueDay),
        periodFrom: isoOf(d.periodFrom),
        periodTo: isoOf(d.periodTo),
        dueDate: isoOf(dueDay),
        netTotal: totals.net,
        vatTotal: totals.vat,
        grossTotal: totals.gross,
        series: office.invoiceSeries,
        stationCode: office.stationCode,
        ...snapshot,
        ...ksef,
        createdAt: stamp(d.issueDay, '07:30:00'),
      })
      totals.lines.forEach((line, i) =>
        out.push(t.invoiceLines, {
          id: ids.next(d.issueDay),
          invoiceId,
          position: line.position,
          name: line.name,
          unit: line.unit,
          quantity: line.quantity,
          unitNet: line.unitNet,
          net: line.net,
          vatBasisPoints: line.vatBasisPoints,
          tariffPriceId: d.lines[i].tariffPriceId,
        }),
      )
      for (const r of d.readings) {
        out.push(t.invoiceReadings, {
          id: ids.next(d.issueDay),
          invoiceId,
          meterId: r.meter.id,
          meterSerial: r.meter.serialNo,
          meterKind: r.kind,
          fromDate: isoOf(r.fromDay),
          fromValue: r.fromValue,
          fromKind: r.fromKind,
          toReadingId: r.toReadingId,
          toDate: isoOf(r.toDay),
          toValue: r.toValue,
          toKind: r.toKind,
          consumptionM3: r.toValue - r.fromValue,
        })
      }
      pay(c, number, totals.gross, d.issueDay, dueDay, todayDay, out, ids)
    }
    if (out.size >= BATCH_ROWS) yield* out.drain()
  }

  // Payments still held back for customers in arrears are their unpaid invoices: never written.
  // Invoice and protocol series continue from here when the desk issues its first one.
  const series = (kind: string, numbers: Map<number, number>) => {
    for (const [year, last] of numbers) {
      out.push(t.numberSeries, {
        id: ids.next(todayDay),
        kind,
        stationCode: office.stationCode,
        period: String(year),
        nextValue: last + 1,
        createdAt: stamp(todayDay),
        updatedAt: stamp(todayDay),
      })
    }
  }
  series(invoiceSeriesKind(office.invoiceSeries), invoiceNumbers)
  series(METER_PROTOCOL_SERIES, protocols.perYear)
  series('consent', consentNumbers)
  yield* out.drain()
}

/** The first reading of each slot in the history: the last read before it, or the installation. */
function openHistory(c: ContractSim, out: RowBuffer, ids: IdFactory, windowStart: number): void {
  for (const slot of c.slots) {
    const meter = slot.meters[0]
    if (meter.installedDay >= windowStart) {
      slot.value = slot.recorded = meter.initial
      slot.lastDay = meter.installedDay
      slot.lastKind = 'installation'
    } else {
      // The previous period's reading: the register has run since installation.
      const day = windowStart - 1 - c.rng.int(0, 4)
      const average = slot.monthly.reduce((s, v) => s + v, 0) / 12
      slot.value = meter.initial + (average * (day - meter.installedDay)) / 30.44
      slot.recorded = Math.floor(slot.value)
      slot.lastDay = day
      slot.lastKind = meter.radio ? 'radio' : 'reader'
    }
    slot.lastReadingId = pushReading(out, ids, meter, slot.lastDay, slot.recorded, slot.lastKind, slot.lastKind === 'installation' ? 'monter' : null, null)
  }
}

/** Water through a slot between two days (after `from`, up to and including `to`). */
function usage(monthly: number[], from: number, to: number): number {
  let total = 0
  for (let day = from + 1; day <= to; ) {
    const month = monthOfDay(day)
    const end = Math.min(lastDayOfMonth(month), to)
    total += ((end - day + 1) * monthly[calendarMonth(month) - 1]) / daysInMonth(month)
    day = end + 1
  }
  return total
}

/**
 * Runs one slot forward to the reading day: replacements on the way (removal + installation
 * readings), then the period's reading. Returns the m³ recorded in this period across the meters.
 */
interface ProtocolCounter {
  office: OfficeSettings
  /** Replacement protocols numbered per year: PW/K1/2025/00012, as the meters service does. */
  perYear: Map<number, number>
}

function advanceSlot(
  c: ContractSim,
  slot: SlotSim,
  readDay: number,
  final: boolean,
  out: RowBuffer,
  ids: IdFactory,
  billed: BilledReading[],
  protocols: ProtocolCounter,
): number {
  const { rng } = c
  let used = 0
  // Usage varies period to period around the profile.
  const noise = rng.real(0.8, 1.2)
  /** Records a reading of the current meter and the stretch it closes. */
  const read = (meter: MeterSim, day: number, value: number, kind: ReadingKind, source: string | null) => {
    const replaces = kind === 'estimated' ? null : slot.estimateId
    const id = pushReading(out, ids, meter, day, value, kind, source, replaces)
    slot.estimateId = kind === 'estimated' ? id : null
    billed.push({ meter, kind: slot.kind, fromDay: slot.lastDay, fromValue: slot.recorded, fromKind: slot.lastKind, toReadingId: id, toDay: day, toValue: value, toKind: kind })
    used += value - slot.recorded
    slot.lastReadingId = id
    slot.recorded = value
    slot.lastDay = day
    slot.lastKind = kind
  }
  let meter = slot.meters[slot.current]
  while (meter.removedDay !== null && meter.removedDay < readDay && slot.current < slot.meters.length - 1) {
    // Replacement: consumption = (old final − old previous) + (new current − new initial).
    const removal = meter.removedDay
    slot.value += usage(slot.monthly, slot.lastDay, removal) * noise
    read(meter, removal, Math.max(slot.recorded, Math.floor(slot.value)), 'removal', 'monter')
    const finalId = slot.lastReadingId
    const old = meter
    meter = slot.meters[++slot.current]
    slot.value = slot.recorded = meter.initial
    slot.lastKind = 'installation'
    slot.lastReadingId = pushReading(out, ids, meter, removal, meter.initial, 'installation', 'monter', null)
    const year = yearOfDay(removal)
    const seq = (protocols.perYear.get(year) ?? 0) + 1
    protocols.perYear.set(year, seq)
    const reason = rng.weighted([['legalisation', 88], ['damaged', 8], ['seal_broken', 2], ['customer_request', 2]] as const)
    out.push(t.meterReplacements, {
      id: ids.next(removal),
      protocolNo: `PW/${protocols.office.stationCode}/${year}/${String(seq).padStart(5, '0')}`,
      supplyPointId: c.pointId,
      replacedOn: isoOf(removal),
      oldMeterId: old.id,
      oldFinalReadingId: finalId,
      oldSealState: reason === 'seal_broken' ? 'broken' : 'intact',
      newMeterId: meter.id,
      newInitialReadingId: slot.lastReadingId,
      newSealNo: meter.sealNo,
      reason,
      fitterName: rng.pick(FITTERS),
      note: null,
      createdBy: null,
      createdAt: stamp(removal, '11:00:00'),
    })
  }
  slot.value += usage(slot.monthly, slot.lastDay, readDay) * noise
  let value = Math.max(slot.recorded, Math.floor(slot.value))
  let kind: ReadingKind = final ? 'removal' : meter.radio ? 'radio' : 'reader'
  let source: string | null = null
  if (!final && !meter.radio) {
    const r = rng.next()
    if (r < 0.02 && slot.lastDelta !== null) {
      // No access to the meter: billed on the previous period, corrected by the next real reading.
      kind = 'estimated'
      value = slot.recorded + slot.lastDelta
      slot.value = Math.max(slot.value, value)
    } else if (r < 0.16) {
      kind = 'customer'
      source = rng.pick(READING_SOURCES)
    }
  }
  slot.lastDelta = value - slot.recorded
  read(meter, readDay, value, kind, source)
  return used
}

function pushReading(
  out: RowBuffer,
  ids: IdFactory,
  meter: MeterSim,
  day: number,
  valueM3: number,
  kind: ReadingKind,
  source: string | null,
  replacesEstimateId: string | null,
): string {
  const id = ids.next(day)
  out.push(t.readings, {
    id,
    replacesEstimateId,
    meterId: meter.id,
    readOn: isoOf(day),
    valueM3,
    kind,
    source,
    note: kind === 'estimated' ? 'Brak dostępu do wodomierza — odczyt szacunkowy' : null,
    createdBy: null,
    createdAt: stamp(day, '12:00:00'),
  })
  return id
}

/** Most pay by transfer around the due date; a few late, a few overpay, some are in arrears. */
function pay(c: ContractSim, invoiceNo: string, gross: number, issueDay: number, dueDay: number, todayDay: number, out: RowBuffer, ids: IdFactory): void {
  const { rng } = c
  const offset = rng.weighted([[rng.int(-12, 0), 70], [rng.int(1, 10), 22], [rng.int(11, 35), 8]] as const)
  const paidDay = Math.max(issueDay + 1, dueDay + offset)
  let amount = gross
  if (c.overpayFromDay !== null && paidDay >= c.overpayFromDay) {
    // Rounded up to whole 50 zł and then some: a credit on the account.
    amount = Math.ceil(gross / 5000) * 5000 + 5000
    c.overpayFromDay = null
  }
  const method = rng.weighted([['bank', 85], ['cash', 10], ['card', 5]] as const)
  const transfer = method === 'bank'
  const payment: Row<typeof t.payments> = {
    id: ids.next(paidDay),
    customerId: c.customerId,
    paidOn: isoOf(paidDay),
    amount,
    method,
    reference: invoiceNo,
    // A transfer names its payer and comes to the customer's individual account.
    payerName: transfer ? c.payerName : null,
    title: transfer ? `Faktura ${invoiceNo}` : null,
    account: transfer ? c.customer.bankAccount : null,
    createdAt: stamp(paidDay, '14:00:00'),
  }
  let due: Row<typeof t.payments> | undefined = payment
  if (c.arrears > 0) {
    c.held.push(payment)
    due = c.held.length > c.arrears ? c.held.shift() : undefined
  }
  if (due && dayOf(due.paidOn) <= todayDay) out.push(t.payments, due)
}

/** The acceptance of e-invoices a customer of an e-invoice tariff group signed at the counter. */
function eInvoiceAcceptance(customerId: string, email: string, day: number, numbers: Map<number, number>, ids: IdFactory, office: OfficeSettings): Row<typeof t.consentEvents> {
  const signedOn = isoOf(day)
  const year = yearOfDay(day)
  const n = (numbers.get(year) ?? 0) + 1
  numbers.set(year, n)
  const text = signedOn >= DEMO_E_INVOICE_TEXT.validFrom ? DEMO_E_INVOICE_TEXT : null
  const clause = signedOn >= DEMO_INFO_CLAUSE.validFrom ? DEMO_INFO_CLAUSE : null
  return {
    id: ids.next(day),
    documentNo: formatConsentNo(office.stationCode, String(year), n),
    customerId,
    contractId: null,
    type: 'e_invoice',
    action: 'accept',
    scope: JSON.stringify(E_INVOICE_SCOPES),
    textId: text?.textId ?? null,
    textVersion: text?.version ?? null,
    textSha256: text?.sha256 ?? null,
    infoClauseVersion: clause?.version ?? null,
    infoClauseSha256: clause?.sha256 ?? null,
    email,
    signedOn,
    effectiveOn: signedOn,
    registeredAt: stamp(day, '09:30:00'),
    channel: 'paper',
    stationCode: office.stationCode,
    workstation: office.stationName,
    signerKind: 'customer',
    note: text ? null : 'Akceptacja przeniesiona z poprzedniego systemu (formularz papierowy w archiwum)',
  }
}

/**
 * The FA(3) file and KSeF number of a B2B invoice issued since KSeF became mandatory: built as the
 * desk builds it; the number is the office NIP, the issue day and a technical part derived from
 * the seed and the invoice number, with its real CRC-8 — accepted by KSeF the day it was issued.
 */
function ksefOf(
  seed: number,
  office: OfficeSettings,
  snapshot: ReturnType<typeof invoiceSnapshot>,
  number: string,
  d: InvoiceDraft,
  totals: ReturnType<typeof computeInvoice>,
  dueDay: number,
): { ksefXml: string; ksefNumber: string; ksefNumberAt: string } {
  const lines = totals.lines.map((l) => ({ position: l.position, name: l.name, unit: l.unit, quantity: l.quantity, unitNet: l.unitNet, net: l.net, vatBasisPoints: l.vatBasisPoints }))
  const ksefXml = buildFa3Xml(
    {
      number,
      kind: 'invoice',
      issueDate: isoOf(d.issueDay),
      placeOfIssue: snapshot.placeOfIssue,
      periodFrom: isoOf(d.periodFrom),
      periodTo: isoOf(d.periodTo),
      dueDate: isoOf(dueDay),
      seller: snapshot.seller,
      buyer: snapshot.buyer,
      supplyPoint: snapshot.supplyPoint,
      paymentAccount: snapshot.paymentAccount,
      tariffGroupName: snapshot.tariffGroupName,
      contractNo: '',
      lines,
      byRate: totals.byRate,
      net: totals.net,
      vat: totals.vat,
      gross: totals.gross,
      readings: [],
      corrects: null,
      correctionReason: null,
      ksefNumber: null,
    },
    { createdAt: stamp(d.issueDay, '07:30:00') },
  )
  const [, , year, seq] = number.split('/')
  // Unique: the sequence is unique within the year, and the year is in the number's date.
  const technical = mixSeed(seed, 0x45ef, Number(year)).toString(16).padStart(8, '0').slice(-4) + Number(seq).toString(16).padStart(8, '0')
  return { ksefXml, ksefNumber: makeKsefNumber(office.nip, isoOf(d.issueDay), technical), ksefNumberAt: stamp(d.issueDay, '10:00:00') }
}
