// The meter registry: status at a glance, installing a meter, replacing one with its protocol
// (old final reading, new initial reading and seal), seal changes, and the office-wide list of
// meters due for replacement. Readings go through the readings service's checks.
import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import type { ParsedInputOf } from '../../../shared/api/contract'
import { ApiError } from '../../../shared/api/errors'
import type { Address, DueMeter, DueMetersList, MeterDetail, ReadingOwner, ReplacementView } from '../../../shared/api/types'
import { checkReading, effectiveReadings } from '../../../shared/domain/consumption'
import { customerDisplayName, formatAddressLine } from '../../../shared/domain/customer-format'
import { addDays, businessDate, formatDate } from '../../../shared/domain/dates'
import { counterCapacity, DEFAULT_EXPIRY_WARNING_DAYS, legalisationExpiry, METER_REPLACEMENT_REASON_LABELS, meterStatus } from '../../../shared/domain/meters'
import { contracts, customers, meterReplacements, meters, readings, supplyPoints } from '../../db/schema'
import { preparedOnce, preparedSql, readOnce } from '../../db/database'
import { newId, type StaffWrite } from '../../db/write'
import { takeNext } from '../../platform/numbering'
import { readingsOfMeters, readingViews, type ReadingRow } from './readings'
import type { Services } from '../services'

type MeterRow = typeof meters.$inferSelect
type PointRow = typeof supplyPoints.$inferSelect

export const pointAddress = (p: PointRow): Address => ({ street: p.street, houseNo: p.houseNo, flatNo: p.flatNo, postalCode: p.postalCode, city: p.city })

export function createMeterService(s: Services) {
  const orm = s.db.read
  const today = () => businessDate(s.now())

  function meterRow(id: string, field = 'id'): MeterRow {
    const m = orm.select().from(meters).where(eq(meters.id, id)).get()
    if (!m) throw new ApiError('NOT_FOUND', 'Wodomierz: nie istnieje', field)
    return m
  }

  function detail(m: MeterRow, point: PointRow, rows: readonly ReadingRow[], warnDays: number): MeterDetail {
    const views = readingViews(rows, m.counterDigits)
    const last = effectiveReadings(rows).at(-1)
    return {
      id: m.id,
      serialNo: m.serialNo,
      kind: m.kind,
      diameterMm: m.diameterMm,
      supplyPointId: m.supplyPointId,
      supplyPointAddress: pointAddress(point),
      installedOn: m.installedOn,
      removedOn: m.removedOn,
      legalisationYear: m.legalisationYear,
      sealNo: m.sealNo,
      sealState: m.sealState,
      radioId: m.radioId,
      state: m.state,
      counterDigits: m.counterDigits,
      status: meterStatus(m, today(), warnDays),
      lastReading: last ? (views.find((v) => v.id === last.id) ?? null) : null,
      pendingReview: rows.filter((r) => r.status === 'flagged').length,
    }
  }

  function details(rows: readonly MeterRow[], warnDays: number): MeterDetail[] {
    if (!rows.length) return []
    const points = pointsById(rows.map((m) => m.supplyPointId))
    const byMeter = readingsOfMeters(s.db.readSql, rows.map((m) => m.id))
    return rows.map((m) => detail(m, points.get(m.supplyPointId)!, byMeter.get(m.id) ?? [], warnDays))
  }

  /** Who the supply point's water is billed to now (the active contract; else the latest one). */
  function ownerOf(supplyPointId: string): ReadingOwner | null {
    const row = orm
      .select({ id: customers.id, customerNo: customers.customerNo, kind: customers.kind, firstName: customers.firstName, lastName: customers.lastName, companyName: customers.companyName })
      .from(contracts)
      .innerJoin(customers, eq(customers.id, contracts.customerId))
      .where(eq(contracts.supplyPointId, supplyPointId))
      .orderBy(sql`${contracts.status} = 'active' DESC`, desc(contracts.startDate))
      .limit(1)
      .get()
    return row ? { customerId: row.id, customerNo: row.customerNo, displayName: customerDisplayName(row) } : null
  }

  // The ids as one JSON parameter: each statement prepared once, whatever the number of ids.
  const jsonIds = sql`(SELECT value FROM json_each(${sql.placeholder('ids')}))`
  const q = () =>
    preparedOnce(orm, 'meters.card', () => ({
      customer: orm.select({ id: customers.id }).from(customers).where(eq(customers.id, sql.placeholder('id'))).prepare(),
      contractsOf: orm.select().from(contracts).where(eq(contracts.customerId, sql.placeholder('id'))).prepare(),
      metersAt: orm
        .select()
        .from(meters)
        .where(inArray(meters.supplyPointId, jsonIds))
        .orderBy(sql`${meters.kind} = 'main' DESC`, desc(meters.installedOn))
        .prepare(),
      metersById: orm.select().from(meters).where(inArray(meters.id, jsonIds)).prepare(),
      points: orm.select().from(supplyPoints).where(inArray(supplyPoints.id, jsonIds)).prepare(),
      replacementsAt: orm.select().from(meterReplacements).where(inArray(meterReplacements.supplyPointId, jsonIds)).orderBy(desc(meterReplacements.replacedOn)).prepare(),
      readingValues: orm.select({ id: readings.id, valueM3: readings.valueM3 }).from(readings).where(inArray(readings.id, jsonIds)).prepare(),
    }))
  const ids = (list: readonly string[]) => ({ ids: JSON.stringify([...new Set(list)]) })
  const pointsById = (pointIds: readonly string[]): Map<string, PointRow> => new Map(q().points.all(ids(pointIds)).map((p) => [p.id, p]))

  /** The customer's contracts, read once per customer card. */
  const contractsOf = (customerId: string) => readOnce(`meters.contractsOf|${customerId}`, () => q().contractsOf.all({ id: customerId }))

  /** Meters at the customer's supply points while the customer had them (not a previous tenant's). Read once per card. */
  function customerMeters(customerId: string): MeterRow[] {
    return readOnce(`meters.customerMeters|${customerId}`, () => {
      const own = contractsOf(customerId)
      if (!own.length) return []
      const candidates = q().metersAt.all(ids(own.map((k) => k.supplyPointId)))
      return candidates.filter((m) =>
        own.some((k) => k.supplyPointId === m.supplyPointId && m.installedOn <= (k.endDate ?? '9999-12-31') && (m.removedOn ?? '9999-12-31') >= k.startDate),
      )
    })
  }

  function replacementViews(rows: (typeof meterReplacements.$inferSelect)[]): ReplacementView[] {
    if (!rows.length) return []
    const meterById = new Map(q().metersById.all(ids(rows.flatMap((r) => [r.oldMeterId, r.newMeterId]))).map((m) => [m.id, m]))
    const pointById = pointsById(rows.map((r) => r.supplyPointId))
    const byMeter = readingsOfMeters(s.db.readSql, rows.map((r) => r.oldMeterId))
    const initialM3 = new Map(q().readingValues.all(ids(rows.map((r) => r.newInitialReadingId))).map((r) => [r.id, r.valueM3]))
    const names = staffNames(rows.map((r) => r.createdBy))
    return rows.map((r) => {
      const oldMeter = meterById.get(r.oldMeterId)!
      const newMeter = meterById.get(r.newMeterId)!
      const oldRows = byMeter.get(r.oldMeterId) ?? []
      const final = oldRows.find((x) => x.id === r.oldFinalReadingId)!
      const previous = effectiveReadings(oldRows.filter((x) => x.id !== final.id && x.readOn <= final.readOn)).at(-1) ?? null
      return {
        id: r.id,
        protocolNo: r.protocolNo,
        replacedOn: r.replacedOn,
        supplyPointId: r.supplyPointId,
        address: pointAddress(pointById.get(r.supplyPointId)!),
        reason: r.reason,
        reasonLabel: METER_REPLACEMENT_REASON_LABELS[r.reason],
        fitterName: r.fitterName,
        note: r.note,
        old: {
          meterId: oldMeter.id,
          serialNo: oldMeter.serialNo,
          diameterMm: oldMeter.diameterMm,
          legalisationYear: oldMeter.legalisationYear,
          finalM3: final.valueM3,
          previous: previous && { readOn: previous.readOn, valueM3: previous.valueM3 },
          sealState: r.oldSealState,
        },
        new: {
          meterId: newMeter.id,
          serialNo: newMeter.serialNo,
          initialM3: initialM3.get(r.newInitialReadingId)!,
          sealNo: r.newSealNo,
          legalisationYear: newMeter.legalisationYear,
          diameterMm: newMeter.diameterMm,
          radioId: newMeter.radioId,
        },
        finalReadingFlags: final.flags,
        createdByName: r.createdBy ? (names.get(r.createdBy) ?? null) : null,
        createdAt: r.createdAt,
      }
    })
  }

  function staffNames(ids: (string | null)[]): Map<string, string> {
    const wanted = [...new Set(ids.filter((x): x is string => !!x))]
    if (!wanted.length) return new Map()
    return new Map(
      preparedSql<[string], { id: string; full_name: string }>(orm, 'SELECT id, full_name FROM staff WHERE id IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(wanted))
        .map((r) => [r.id, r.full_name]),
    )
  }

  /** A new meter must carry a valid legalisation on the day it goes in, and not be in use elsewhere. */
  function checkNewMeter(input: { serialNo: string; legalisationYear: number }, on: string, prefix: string): void {
    const year = Number(on.slice(0, 4))
    if (input.legalisationYear > year) {
      throw new ApiError('VALIDATION', `Rok legalizacji: nie może być późniejszy niż rok montażu (${year})`, `${prefix}legalisationYear`)
    }
    if (legalisationExpiry(input.legalisationYear) < on) {
      throw new ApiError(
        'VALIDATION',
        `Rok legalizacji: legalizacja z ${input.legalisationYear} r. wygasła ${formatDate(legalisationExpiry(input.legalisationYear))} — takiego wodomierza nie można zamontować`,
        `${prefix}legalisationYear`,
      )
    }
    const inUse = orm
      .select({ id: meters.id, pointId: meters.supplyPointId })
      .from(meters)
      .where(and(eq(meters.serialNo, input.serialNo), sql`${meters.state} <> 'removed'`))
      .get()
    if (inUse) {
      const p = orm.select().from(supplyPoints).where(eq(supplyPoints.id, inUse.pointId)).get()!
      throw new ApiError('CONFLICT', `Numer wodomierza: ${input.serialNo} jest już zamontowany (${formatAddressLine(pointAddress(p))})`, `${prefix}serialNo`)
    }
  }

  function dueRows(days: number): DueMeter[] {
    const asOf = today()
    const horizonYear = Number(addDays(asOf, days).slice(0, 4))
    // Legalisation ends on 31 December of year + 5: cheap to pre-select in SQL, exact in JS.
    // Subqueries as columns, then joins by primary key: a join ON a correlated subquery would be
    // re-evaluated for every contract row (seconds on a real office).
    const rows = s.db.readSql
      .prepare(
        `WITH due AS (
           SELECT m.*,
             (SELECT k.customer_id FROM contracts k WHERE k.supply_point_id = m.supply_point_id
                ORDER BY k.status = 'active' DESC, k.start_date DESC LIMIT 1) AS owner_id,
             (SELECT r.read_on || '|' || r.value_m3 FROM readings r WHERE r.meter_id = m.id AND r.status = 'ok' AND r.kind <> 'estimated'
                ORDER BY r.read_on DESC, r.created_at DESC LIMIT 1) AS last_reading
           FROM meters m
           WHERE m.state <> 'removed' AND m.removed_on IS NULL
             AND (m.legalisation_year + 5 <= ? OR m.seal_state = 'broken' OR m.state = 'to_replace'))
         SELECT due.*, p.street, p.house_no, p.flat_no, p.postal_code, p.city,
           c.id AS customer_id, c.customer_no, c.kind AS customer_kind, c.first_name, c.last_name, c.company_name
         FROM due
         JOIN supply_points p ON p.id = due.supply_point_id
         LEFT JOIN customers c ON c.id = due.owner_id`,
      )
      .all(horizonYear) as Record<string, unknown>[]
    const out: DueMeter[] = []
    for (const r of rows) {
      const m = {
        legalisationYear: r.legalisation_year as number,
        sealState: r.seal_state as 'intact' | 'broken',
        state: r.state as MeterRow['state'],
        removedOn: null,
      }
      const status = meterStatus(m, asOf, days)
      if (status.code === 'valid' && m.state !== 'to_replace') continue
      const [readOn, value] = r.last_reading ? String(r.last_reading).split('|') : []
      out.push({
        meterId: r.id as string,
        serialNo: r.serial_no as string,
        kind: r.kind as 'main' | 'additional',
        diameterMm: r.diameter_mm as number,
        legalisationYear: m.legalisationYear,
        sealNo: r.seal_no as string | null,
        radioId: r.radio_id as string | null,
        state: m.state,
        status,
        address: formatAddressLine({ street: r.street as string, houseNo: r.house_no as string, flatNo: r.flat_no as string | null, postalCode: r.postal_code as string, city: r.city as string }),
        customer: r.customer_id
          ? {
              customerId: r.customer_id as string,
              customerNo: r.customer_no as string,
              displayName: customerDisplayName({ kind: r.customer_kind as 'person' | 'company', firstName: r.first_name as string | null, lastName: r.last_name as string | null, companyName: r.company_name as string | null }),
            }
          : null,
        lastReading: readOn ? { readOn, valueM3: Number(value) } : null,
      })
    }
    const rank = { seal_broken: 0, expired: 1, expiring: 2, valid: 3, removed: 4 }
    return out.sort((a, b) => rank[a.status.code] - rank[b.status.code] || a.status.daysLeft - b.status.daysLeft || a.address.localeCompare(b.address, 'pl'))
  }

  function getMeter(id: string, warnDays = DEFAULT_EXPIRY_WARNING_DAYS): MeterDetail {
    return details([meterRow(id)], warnDays)[0]
  }

  function replacement(id: string): ReplacementView {
    const row = orm.select().from(meterReplacements).where(eq(meterReplacements.id, id)).get()
    if (!row) throw new ApiError('NOT_FOUND', 'Protokół wymiany: nie istnieje', 'id')
    return replacementViews([row])[0]
  }

  return {
    pointAddress,
    ownerOf,
    meterRow,
    staffNames,

    forCustomer(customerId: string, warnDays = DEFAULT_EXPIRY_WARNING_DAYS): MeterDetail[] {
      if (!q().customer.get({ id: customerId })) {
        throw new ApiError('NOT_FOUND', 'Klient: nie istnieje', 'customerId')
      }
      // Meters in use first, then the removed ones (history).
      return details(customerMeters(customerId), warnDays).sort((a, b) => Number(a.status.code === 'removed') - Number(b.status.code === 'removed'))
    },

    get: getMeter,

    install(call: StaffWrite, input: ParsedInputOf<'meters.install'>): MeterDetail {
      const point = orm.select().from(supplyPoints).where(eq(supplyPoints.id, input.supplyPointId)).get()
      if (!point) throw new ApiError('NOT_FOUND', 'Punkt poboru: nie istnieje', 'supplyPointId')
      if (input.installedOn > today()) throw new ApiError('VALIDATION', `Data montażu: nie może być późniejsza niż dziś (${formatDate(today())})`, 'installedOn')
      checkNewMeter(input, input.installedOn, '')
      if (input.initialM3 >= counterCapacity(input.counterDigits)) {
        throw new ApiError('VALIDATION', `Stan początkowy: nie mieści się na liczydle (${input.counterDigits} cyfr)`, 'initialM3')
      }
      if (input.kind === 'main') {
        const current = orm
          .select({ serialNo: meters.serialNo })
          .from(meters)
          .where(and(eq(meters.supplyPointId, point.id), eq(meters.kind, 'main'), sql`${meters.state} <> 'removed'`))
          .get()
        if (current) throw new ApiError('CONFLICT', `Rodzaj wodomierza: w tym punkcie jest już wodomierz główny ${current.serialNo} — użyj wymiany`, 'kind')
      }
      const meter = s.db.write(call, (tx) => {
        const m = tx.insert(meters, {
          id: newId(),
          serialNo: input.serialNo,
          supplyPointId: point.id,
          kind: input.kind,
          diameterMm: input.diameterMm,
          installedOn: input.installedOn,
          removedOn: null,
          legalisationYear: input.legalisationYear,
          sealNo: input.sealNo,
          sealState: 'intact',
          radioId: input.radioId,
          state: 'active',
          counterDigits: input.counterDigits,
          createdAt: tx.now,
          updatedAt: tx.now,
        })
        tx.insert(readings, {
          id: newId(),
          meterId: m.id,
          readOn: input.installedOn,
          valueM3: input.initialM3,
          kind: 'installation',
          source: 'monter',
          note: null,
          status: 'ok',
          createdBy: call.staffId,
          createdAt: tx.now,
        })
        return m
      })
      return getMeter(meter.id)
    },

    replace(call: StaffWrite, input: ParsedInputOf<'meters.replace'>): ReplacementView {
      const old = meterRow(input.oldMeterId, 'oldMeterId')
      if (old.state === 'removed' || old.removedOn) {
        throw new ApiError('CONFLICT', `Wodomierz ${old.serialNo} został już zdjęty${old.removedOn ? ` ${formatDate(old.removedOn)}` : ''}`, 'oldMeterId')
      }
      const day = input.replacedOn
      if (day > today()) throw new ApiError('VALIDATION', `Data wymiany: nie może być późniejsza niż dziś (${formatDate(today())})`, 'replacedOn')
      if (day < old.installedOn) throw new ApiError('VALIDATION', `Data wymiany: wcześniejsza niż montaż wymienianego wodomierza (${formatDate(old.installedOn)})`, 'replacedOn')
      const oldRows = readingsOfMeters(s.db.readSql, [old.id]).get(old.id) ?? []
      const after = oldRows.filter((r) => r.readOn > day && r.status !== 'rejected').at(-1)
      if (after) {
        throw new ApiError('VALIDATION', `Data wymiany: wodomierz ma późniejszy odczyt (${after.valueM3} m³ z ${formatDate(after.readOn)}) — sprawdź datę`, 'replacedOn')
      }
      checkNewMeter(input.newMeter, day, 'newMeter.')
      if (input.newInitialM3 >= counterCapacity(input.newMeter.counterDigits)) {
        throw new ApiError('VALIDATION', `Stan początkowy nowego wodomierza: nie mieści się na liczydle (${input.newMeter.counterDigits} cyfr)`, 'newInitialM3')
      }
      // The final reading is checked like any other: impossible → refused; doubtful → flagged.
      const check = checkReading({ readOn: day, valueM3: input.oldFinalM3, kind: 'removal' }, old, oldRows, today())
      const refusal = check.issues.find((i) => i.severity === 'error')
      if (refusal) throw new ApiError('VALIDATION', `Stan końcowy: ${refusal.message}`, refusal.code === 'duplicate' || refusal.code === 'exceeds_counter' ? 'oldFinalM3' : 'replacedOn')
      const warnings = check.issues.filter((i) => i.severity === 'warning')

      const stationCode = s.stationCode()
      const id = s.db.write({ ...call, stationCode }, (tx) => {
        const final = tx.insert(readings, {
          id: newId(),
          meterId: old.id,
          readOn: day,
          valueM3: input.oldFinalM3,
          kind: 'removal',
          source: 'monter',
          note: input.note,
          status: warnings.length ? 'flagged' : 'ok',
          flags: warnings.length ? warnings : null,
          createdBy: call.staffId,
          createdAt: tx.now,
        })
        tx.update(meters, old.id, { removedOn: day, state: 'removed', sealState: input.oldSealState })
        const fresh = tx.insert(meters, {
          id: newId(),
          serialNo: input.newMeter.serialNo,
          supplyPointId: old.supplyPointId,
          kind: old.kind,
          diameterMm: input.newMeter.diameterMm,
          installedOn: day,
          removedOn: null,
          legalisationYear: input.newMeter.legalisationYear,
          sealNo: input.newMeter.sealNo,
          sealState: 'intact',
          radioId: input.newMeter.radioId,
          state: 'active',
          counterDigits: input.newMeter.counterDigits,
          createdAt: tx.now,
          updatedAt: tx.now,
        })
        const initial = tx.insert(readings, {
          id: newId(),
          meterId: fresh.id,
          readOn: day,
          valueM3: input.newInitialM3,
          kind: 'installation',
          source: 'monter',
          note: null,
          status: 'ok',
          createdBy: call.staffId,
          createdAt: tx.now,
        })
        const year = day.slice(0, 4)
        const seq = takeNext(tx, 'meter_protocol', stationCode, year)
        return tx.insert(meterReplacements, {
          id: newId(),
          protocolNo: `PW/${stationCode}/${year}/${String(seq).padStart(5, '0')}`,
          supplyPointId: old.supplyPointId,
          replacedOn: day,
          oldMeterId: old.id,
          oldFinalReadingId: final.id,
          oldSealState: input.oldSealState,
          newMeterId: fresh.id,
          newInitialReadingId: initial.id,
          newSealNo: input.newMeter.sealNo,
          reason: input.reason,
          fitterName: input.fitterName,
          note: input.note,
          createdBy: call.staffId,
          createdAt: tx.now,
        }).id
      })
      return replacement(id)
    },

    replacement,

    replacements(customerId: string): ReplacementView[] {
      const pointIds = contractsOf(customerId).map((k) => k.supplyPointId)
      if (!pointIds.length) return []
      const own = new Set(customerMeters(customerId).map((m) => m.id))
      const rows = q().replacementsAt.all(ids(pointIds))
      return replacementViews(rows.filter((r) => own.has(r.oldMeterId) || own.has(r.newMeterId)))
    },

    setSeal(call: StaffWrite, input: ParsedInputOf<'meters.setSeal'>): MeterDetail {
      const m = meterRow(input.id)
      if (m.state === 'removed') throw new ApiError('CONFLICT', `Wodomierz ${m.serialNo} jest zdjęty — plomby nie zmienia się`, 'id')
      const broken = input.sealState === 'broken'
      const stillLegal = legalisationExpiry(m.legalisationYear) >= today()
      s.db.write(call, (tx) => {
        tx.update(meters, m.id, {
          sealState: input.sealState,
          sealNo: broken ? m.sealNo : input.sealNo,
          // A broken seal means a visit; a new seal on a meter still in legalisation puts it back in use.
          state: broken ? 'to_replace' : stillLegal ? 'active' : 'to_replace',
        })
        tx.note('meters', m.id, { sealState: input.sealState, note: input.note })
      })
      return getMeter(m.id)
    },

    due(days: number): DueMetersList {
      const rows = dueRows(days)
      const counts = { expired: 0, expiring: 0, seal_broken: 0 }
      for (const r of rows) if (r.status.code in counts) counts[r.status.code as keyof typeof counts]++
      return { asOf: today(), days, rows, counts }
    },
  }
}

export type MeterService = ReturnType<typeof createMeterService>
