// customers.importFile: the customer register of the billing system an office migrates from, as
// a CSV file — per row a customer (the rules of the customer form, customerInput), the supply
// point and contract (contractInput) and, where known, the main meter (newMeterInput). Customers
// already in the register (same PESEL or NIP), a supply point that already has an active contract
// and a meter number in use are reported, never doubled. One audited, change-logged transaction
// writes everything — or nothing.
import { inArray, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { ParsedInputOf } from '../../../shared/api/contract'
import { ApiError } from '../../../shared/api/errors'
import { contractInput } from '../../../shared/api/operations/contracts'
import { customerInput } from '../../../shared/api/operations/customers'
import { newMeterInput } from '../../../shared/api/operations/meters'
import type { ImportReport } from '../../../shared/api/types'
import { formatCustomerNo, individualAccount } from '../../../shared/domain/accounts'
import { CUSTOMER_IMPORT_COLUMNS, CUSTOMER_KIND_WORDS, foldWords, isoDateOf, readCsvTable, SERVICES_WORDS, wholeM3Of, type CsvTable } from '../../../shared/domain/csv-import'
import { businessDate, formatDate } from '../../../shared/domain/dates'
import { counterCapacity } from '../../../shared/domain/meters'
import * as f from '../../../shared/validation/fields'
import { contracts, customers, meters, readings, supplyPoints, tariffGroups } from '../../db/schema'
import { newId } from '../../db/write'
import { toColumns } from '../customers/service'
import { takeBlock } from '../../platform/numbering'
import type { Services } from '../services'
import type { StaffSession } from '../staff/sessions'
import { ImportFindings, refuseIfErrors, unreadableFile } from './report'

type Key = (typeof CUSTOMER_IMPORT_COLUMNS)[number]['key']
type CustomerData = z.output<typeof customerInput>
type Address = CustomerData['correspondenceAddress']

/** The main meter of an imported supply point: the fitter's protocol fields with its date and first reading. */
const importedMeter = newMeterInput.extend({
  installedOn: f.isoDate('Data montażu'),
  initialM3: f.wholeNumber('Stan początkowy', 0, 99_999_999, 'm³'),
})
const contractFields = contractInput.pick({ services: true, startDate: true })
const pointAddress = f.address()

const CUSTOMER_FIELD: Record<string, Key> = { kind: 'kind', firstName: 'firstName', lastName: 'lastName', companyName: 'companyName', pesel: 'pesel', nip: 'nip', regon: 'regon', email: 'email', phone: 'phone' }
const ADDRESS_FIELD: Record<string, Key> = { street: 'street', houseNo: 'houseNo', flatNo: 'flatNo', postalCode: 'postalCode', city: 'city' }
const POINT_FIELD: Record<string, Key> = { street: 'pointStreet', houseNo: 'pointHouseNo', flatNo: 'pointFlatNo', postalCode: 'pointPostalCode', city: 'pointCity' }
const METER_FIELD: Record<string, Key> = {
  serialNo: 'meterSerialNo',
  diameterMm: 'meterDiameter',
  legalisationYear: 'meterLegalisationYear',
  sealNo: 'meterSealNo',
  radioId: 'meterRadioId',
  installedOn: 'meterInstalledOn',
  initialM3: 'meterInitial',
}
const METER_KEYS: Key[] = ['meterSerialNo', 'meterDiameter', 'meterLegalisationYear', 'meterSealNo', 'meterRadioId', 'meterInstalledOn', 'meterInitial']
const POINT_KEYS: Key[] = ['pointStreet', 'pointHouseNo', 'pointFlatNo', 'pointPostalCode', 'pointCity']

const addressKey = (a: Address) => foldWords([a.street, a.houseNo, a.flatNo ?? '', a.city].join('|'))

interface Row {
  line: number
  customer: CustomerData
  point: Address
  services: 'water' | 'sewage' | 'water_sewage'
  group: { id: string; billingCycle: 'monthly' | 'bimonthly' }
  startDate: string
  meter: z.output<typeof importedMeter> | null
}

const inChunks = <T>(values: readonly string[], query: (chunk: string[]) => T[]): T[] => {
  const out: T[] = []
  for (let i = 0; i < values.length; i += 500) out.push(...query(values.slice(i, i + 500)))
  return out
}

export function createCustomerImport(s: Services) {
  const orm = s.db.orm

  function parseRows(table: CsvTable<Key>, findings: ImportFindings): Row[] {
    const today = businessDate(s.now())
    const groups = new Map(orm.select().from(tariffGroups).all().map((g) => [foldWords(g.code), g]))
    const groupCodes = [...groups.values()].map((g) => g.code).join(', ')
    const out: Row[] = []
    for (const { line, values: v } of table.records) {
      let ok = true
      const kindWord = foldWords(v.kind)
      const kind = kindWord ? CUSTOMER_KIND_WORDS[kindWord] : v.companyName ? 'company' : 'person'
      if (!kind) {
        findings.error(line, 'kind', `Rodzaj klienta: „${v.kind}” — wpisz osoba albo firma`)
        ok = false
      }
      const customer = customerInput.safeParse({
        kind: kind ?? 'person',
        firstName: v.firstName,
        lastName: v.lastName,
        companyName: v.companyName,
        pesel: v.pesel,
        nip: v.nip,
        regon: v.regon,
        email: v.email,
        phone: v.phone,
        correspondenceAddress: { street: v.street, houseNo: v.houseNo, flatNo: v.flatNo, postalCode: v.postalCode, city: v.city },
      })
      if (!customer.success) {
        findings.zodErrors(line, customer.error, (path) => (path[0] === 'correspondenceAddress' ? ADDRESS_FIELD[String(path[1])] : CUSTOMER_FIELD[String(path[0])]) ?? null)
        ok = false
      }

      let point: Address | null = null
      if (POINT_KEYS.some((k) => v[k])) {
        const parsed = pointAddress.safeParse({ street: v.pointStreet, houseNo: v.pointHouseNo, flatNo: v.pointFlatNo, postalCode: v.pointPostalCode, city: v.pointCity })
        if (parsed.success) point = parsed.data
        else {
          findings.zodErrors(line, parsed.error, (path) => POINT_FIELD[String(path[0])] ?? null)
          ok = false
        }
      } else if (customer.success) point = customer.data.correspondenceAddress

      const services = v.services ? SERVICES_WORDS[foldWords(v.services)] : undefined
      if (v.services && !services) {
        findings.error(line, 'services', `Usługi: „${v.services}” — wpisz woda, ścieki albo woda i ścieki`)
        ok = false
      }
      const contract = contractFields.safeParse({ services: services ?? (v.services ? 'water' : undefined), startDate: isoDateOf(v.startDate) })
      if (!contract.success) {
        findings.zodErrors(line, contract.error, (path) => (path[0] === 'services' ? 'services' : 'startDate'))
        ok = false
      }
      const group = v.tariffGroup ? groups.get(foldWords(v.tariffGroup)) : undefined
      if (!v.tariffGroup) {
        findings.error(line, 'tariffGroup', 'Grupa taryfowa: pole wymagane')
        ok = false
      } else if (!group) {
        findings.error(line, 'tariffGroup', `Grupa taryfowa: „${v.tariffGroup}” — nie ma takiej grupy (są: ${groupCodes})`)
        ok = false
      }

      let meter: Row['meter'] = null
      if (METER_KEYS.some((k) => v[k])) {
        const startDate = contract.success ? contract.data.startDate : ''
        const parsed = importedMeter.safeParse({
          serialNo: v.meterSerialNo,
          diameterMm: v.meterDiameter || 15,
          legalisationYear: v.meterLegalisationYear,
          sealNo: v.meterSealNo,
          radioId: v.meterRadioId,
          installedOn: v.meterInstalledOn ? isoDateOf(v.meterInstalledOn) : startDate,
          initialM3: v.meterInitial ? wholeM3Of(v.meterInitial) : 0,
        })
        if (!parsed.success) {
          findings.zodErrors(line, parsed.error, (path) => METER_FIELD[String(path[0])] ?? null)
          ok = false
        } else {
          const m = parsed.data
          // The rules of a meter installation that hold for a meter already in place (an expired
          // legalisation is a fact to be dealt with on the due list, not a reason to lose the meter).
          const problems: [Key, string][] = []
          if (m.installedOn > today) problems.push(['meterInstalledOn', `Data montażu: nie może być późniejsza niż dziś (${formatDate(today)})`])
          if (m.legalisationYear > Number(m.installedOn.slice(0, 4))) {
            problems.push(['meterLegalisationYear', `Rok legalizacji: nie może być późniejszy niż rok montażu (${m.installedOn.slice(0, 4)})`])
          }
          if (m.initialM3 >= counterCapacity(m.counterDigits)) problems.push(['meterInitial', `Stan początkowy: nie mieści się na liczydle (${m.counterDigits} cyfr)`])
          for (const [key, message] of problems) findings.error(line, key, message)
          if (problems.length) ok = false
          meter = m
        }
      }
      if (ok && customer.success && point && contract.success && group) {
        out.push({ line, customer: customer.data, point, services: contract.data.services, group, startDate: contract.data.startDate, meter })
      }
    }
    return out
  }

  /** Customers, supply points and meters the file would double — in the register or in the file itself. */
  function duplicates(rows: readonly Row[], findings: ImportFindings): Row[] {
    const pesels = [...new Set(rows.map((r) => r.customer.pesel).filter((p): p is string => Boolean(p)))]
    const nips = [...new Set(rows.map((r) => r.customer.nip).filter((p): p is string => Boolean(p)))]
    const live = sql`${customers.mergedInto} IS NULL AND ${customers.deletedAt} IS NULL`
    const byPesel = new Map(
      inChunks(pesels, (chunk) => orm.select({ no: customers.customerNo, pesel: customers.pesel }).from(customers).where(sql`${inArray(customers.pesel, chunk)} AND ${live}`).all()).map((c) => [c.pesel!, c.no]),
    )
    const byNip = new Map(
      inChunks(nips, (chunk) => orm.select({ no: customers.customerNo, nip: customers.nip }).from(customers).where(sql`${inArray(customers.nip, chunk)} AND ${live}`).all()).map((c) => [c.nip!, c.no]),
    )
    const serials = [...new Set(rows.flatMap((r) => (r.meter ? [r.meter.serialNo] : [])))]
    const meterInUse = new Set(
      inChunks(serials, (chunk) => orm.select({ serialNo: meters.serialNo }).from(meters).where(sql`${inArray(meters.serialNo, chunk)} AND ${meters.state} <> 'removed'`).all()).map((m) => foldWords(m.serialNo)),
    )
    // Supply points with an active contract: one pass over the office (no index on the address).
    const takenPoints = new Map(
      orm
        .all<{ street: string; house_no: string; flat_no: string | null; city: string; contract_no: string }>(
          sql`SELECT p.street, p.house_no, p.flat_no, p.city, k.contract_no FROM contracts k JOIN supply_points p ON p.id = k.supply_point_id WHERE k.status = 'active'`,
        )
        .map((p) => [addressKey({ street: p.street, houseNo: p.house_no, flatNo: p.flat_no, postalCode: '', city: p.city }), p.contract_no]),
    )

    const inFile = new Map<string, number>()
    const firstIn = (key: string, line: number): number | undefined => {
      const earlier = inFile.get(key)
      if (earlier === undefined) inFile.set(key, line)
      return earlier
    }
    return rows.filter((r) => {
      let ok = true
      const fail = (key: Key, message: string) => {
        findings.error(r.line, key, message)
        ok = false
      }
      const { pesel, nip } = r.customer
      if (pesel) {
        const no = byPesel.get(pesel)
        const earlier = firstIn(`pesel|${pesel}`, r.line)
        if (no) fail('pesel', `PESEL: klient o tym numerze jest już w rejestrze (${no})`)
        else if (earlier) fail('pesel', `PESEL: ten sam numer co w wierszu ${earlier}`)
      }
      if (nip && r.customer.kind === 'company') {
        const no = byNip.get(nip)
        const earlier = firstIn(`nip|${nip}`, r.line)
        if (no) fail('nip', `NIP: firma o tym numerze jest już w rejestrze (${no})`)
        else if (earlier) fail('nip', `NIP: ten sam numer co w wierszu ${earlier}`)
      }
      const pointKey = addressKey(r.point)
      // Without its own columns the point is the correspondence address (the same object).
      const pointColumn: Key = r.point === r.customer.correspondenceAddress ? 'street' : 'pointStreet'
      const contractNo = takenPoints.get(pointKey)
      const earlierPoint = firstIn(`point|${pointKey}`, r.line)
      if (contractNo) fail(pointColumn, `Punkt poboru: pod tym adresem jest czynna umowa ${contractNo}`)
      else if (earlierPoint) fail(pointColumn, `Punkt poboru: ten sam adres co w wierszu ${earlierPoint}`)
      if (r.meter) {
        const serial = foldWords(r.meter.serialNo)
        const earlier = firstIn(`meter|${serial}`, r.line)
        if (meterInUse.has(serial)) fail('meterSerialNo', `Nr wodomierza: ${r.meter.serialNo} jest już zamontowany w innym punkcie poboru`)
        else if (earlier) fail('meterSerialNo', `Nr wodomierza: ten sam numer co w wierszu ${earlier}`)
      }
      return ok
    })
  }

  return {
    importFile(session: StaffSession, input: ParsedInputOf<'customers.importFile'>): ImportReport {
      const started = performance.now()
      const office = s.office()
      if (!office) throw new ApiError('SETUP_REQUIRED', 'Biuro nie jest jeszcze skonfigurowane')
      let table: CsvTable<Key>
      try {
        table = readCsvTable(input.text, CUSTOMER_IMPORT_COLUMNS)
      } catch (err) {
        return unreadableFile(err, input.dryRun, started, CUSTOMER_IMPORT_COLUMNS)
      }
      const findings = new ImportFindings(CUSTOMER_IMPORT_COLUMNS)
      for (const bad of table.badRows) findings.error(bad.line, null, bad.message)
      const rows = duplicates(parseRows(table, findings), findings)
      const base = { dryRun: input.dryRun, rows: table.records.length + table.badRows.length, toImport: rows.length, ignoredColumns: table.ignoredColumns, started }
      const checked = findings.report(base)
      if (input.dryRun) return checked
      refuseIfErrors(checked)
      if (!rows.length) return findings.report({ ...base, imported: true })

      const stationCode = s.stationCode()
      const numbers = s.db.write({ staffId: session.staffId, stationCode, operation: 'customers.importFile' }, (tx) => {
        const firstSeq = takeBlock(tx, 'customer', stationCode, '-', rows.length)
        // Contract numbers run per year of the contract's start, as contracts.create numbers them.
        const nextContract = new Map<string, number>()
        for (const year of new Set(rows.map((r) => r.startDate.slice(0, 4)))) {
          nextContract.set(year, takeBlock(tx, 'contract', stationCode, year, rows.filter((r) => r.startDate.startsWith(year)).length))
        }
        const stamp = { createdAt: tx.now, updatedAt: tx.now }
        const customerRows: (typeof customers.$inferInsert)[] = []
        const pointRows: (typeof supplyPoints.$inferInsert)[] = []
        const contractRows: (typeof contracts.$inferInsert)[] = []
        const meterRows: (typeof meters.$inferInsert)[] = []
        const readingRows: (typeof readings.$inferInsert)[] = []
        rows.forEach((r, i) => {
          const d = r.customer
          const customerNo = formatCustomerNo(stationCode, firstSeq + i)
          const customerId = newId()
          customerRows.push({
            id: customerId,
            customerNo,
            ...toColumns(d),
            bankAccount: individualAccount(office, customerNo),
            ...stamp,
          })
          const pointId = newId()
          pointRows.push({ id: pointId, ...r.point, ...stamp })
          const year = r.startDate.slice(0, 4)
          const seq = nextContract.get(year)!
          nextContract.set(year, seq + 1)
          contractRows.push({
            id: newId(),
            contractNo: `U/${stationCode}/${year}/${String(seq).padStart(5, '0')}`,
            customerId,
            supplyPointId: pointId,
            services: r.services,
            tariffGroupId: r.group.id,
            billingCycle: r.group.billingCycle,
            startDate: r.startDate,
            endDate: null,
            status: 'active',
            ...stamp,
          })
          if (r.meter) {
            const m = r.meter
            const meterId = newId()
            meterRows.push({
              id: meterId,
              serialNo: m.serialNo,
              supplyPointId: pointId,
              kind: 'main',
              diameterMm: m.diameterMm,
              installedOn: m.installedOn,
              removedOn: null,
              legalisationYear: m.legalisationYear,
              sealNo: m.sealNo,
              sealState: 'intact',
              radioId: m.radioId,
              state: 'active',
              counterDigits: m.counterDigits,
              ...stamp,
            })
            readingRows.push({ id: newId(), meterId, readOn: m.installedOn, valueM3: m.initialM3, kind: 'installation', source: 'import', note: null, status: 'ok', createdBy: session.staffId, createdAt: tx.now })
          }
        })
        tx.insertMany(customers, customerRows)
        tx.insertMany(supplyPoints, pointRows)
        tx.insertMany(contracts, contractRows)
        tx.insertMany(meters, meterRows)
        tx.insertMany(readings, readingRows)
        tx.note('import_files', newId(), { kind: 'customers', fileName: input.fileName, rows: base.rows, customers: customerRows.length, meters: meterRows.length })
        return { firstNo: customerRows[0].customerNo, lastNo: customerRows.at(-1)!.customerNo }
      })
      return findings.report({ ...base, imported: true, ...numbers })
    },
  }
}
