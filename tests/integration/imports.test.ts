// File imports through the dispatcher on a real SQLite file: readings from a reader's terminal and
// customers from the previous billing system, as Polish Excel saves CSV. A check reports every bad
// row by line and column; an import writes all rows (audited, change-logged for other desks) or —
// with any error — nothing at all; readings already recorded are reported, never doubled.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ImportReport } from '../../shared/api/types'
import { settings } from '../../src-main/db/schema'
import type { Hub } from '../../src-main/hub/hub'
import { makeSetUpDesk, makeTestDesk, signInNewStaff, type TestDesk } from '../support/desk'
import { inProcessTransport, makeSqliteHub, type Network } from '../support/sync'
import { dbState } from '../support/db-state'
import { bimonthlyHistory, makeMeterOffice, officeTemplate, rejection, seedCustomer, seedReadings, seedTariffGroup, type SeededCustomer } from '../support/meter-office'

let desk: TestDesk
let token: string
let groupId: string
let a: SeededCustomer
let b: SeededCustomer
let serialA: string
let serialB: string
const office = officeTemplate()

beforeEach(async () => {
  ({ desk, token, groupId } = await makeMeterOffice(office, 'G1'))
  a = await seedCustomer(desk, token, groupId, { since: '2024-01-02', legalisationYear: 2023 })
  b = await seedCustomer(desk, token, groupId, { since: '2024-01-02', legalisationYear: 2023, lastName: 'Nowak' })
  seedReadings(desk, a.meterId, bimonthlyHistory('2024-02-01', '2026-10-31', 10, 10))
  seedReadings(desk, b.meterId, bimonthlyHistory('2024-02-01', '2026-10-31', 5, 6))
  const serialOf = (id: string) => (desk.services.db.sqlite.prepare('SELECT serial_no AS s FROM meters WHERE id = ?').get(id) as { s: string }).s
  serialA = serialOf(a.meterId)
  serialB = serialOf(b.meterId)
})
afterEach(() => desk.dispose())

const BOM = '\ufeff'
const readingsFile = (...lines: string[]) => BOM + ['Nr wodomierza;Data odczytu;Stan;Rodzaj;Sposób podania;Uwagi', ...lines].join('\r\n') + '\r\n'
const importReadings = (text: string, dryRun: boolean) => desk.call('readings.importFile', { fileName: 'inkasent-11.csv', text, dryRun }, token)
const where = (r: ImportReport) => r.errors.map((e) => [e.line, e.column])
const count = (sql: string, ...args: unknown[]) => (desk.services.db.sqlite.prepare(sql).get(...args) as { n: number }).n

describe('importing readings', () => {
  it('checks a Polish Excel file without writing, then imports every reading with audit and change log', async () => {
    const text = readingsFile(
      `${serialA};24.11.2026;173,85;inkasent;;`,
      `${serialB};2026-11-24;"107";Klient;telefon;"Klient podał; sąsiad potwierdził"`,
    )
    const before = dbState(desk.services.db.sqlite)
    const check = await importReadings(text, true)
    expect(check).toMatchObject({ dryRun: true, imported: false, rows: 2, toImport: 2, flagged: 0, errorCount: 0, skippedCount: 0 })
    expect(dbState(desk.services.db.sqlite).hash).toBe(before.hash)

    const done = await importReadings(text, false)
    expect(done).toMatchObject({ imported: true, toImport: 2, errorCount: 0 })
    const [latestA] = await desk.call('readings.history', { meterId: a.meterId }, token)
    // Whole m³: the fraction after the comma is dropped, as the counter's black drums show it.
    expect(latestA).toMatchObject({ readOn: '2026-11-24', valueM3: 173, kind: 'reader', status: 'ok', consumptionM3: 3, createdByName: 'Anna Administratorka' })
    const [latestB] = await desk.call('readings.history', { meterId: b.meterId }, token)
    expect(latestB).toMatchObject({ valueM3: 107, kind: 'customer', source: 'telefon', note: 'Klient podał; sąsiad potwierdził' })
    expect(count(`SELECT count(*) n FROM audit_log WHERE operation = 'readings.importFile' AND entity = 'readings'`)).toBe(2)
    expect(count(`SELECT count(*) n FROM change_log WHERE entity = 'readings' AND entity_id = ?`, latestA.id)).toBe(1)
  })

  it('stores a doubtful reading flagged for the supervisor, with its reason, as a reading typed at the counter', async () => {
    const done = await importReadings(readingsFile(`${serialA};24.11.2026;117;inkasent;;`), false)
    expect(done).toMatchObject({ imported: true, toImport: 1, flagged: 1 })
    expect(done.warnings[0]).toMatchObject({ line: 2, message: expect.stringContaining('niższy od poprzedniego odczytu') })
    const flagged = await desk.call('readings.flagged', {}, token)
    expect(flagged.map((f) => [f.meterSerialNo, f.reading.valueM3])).toEqual([[serialA, 117]])
  })

  it('names the line and column of every bad row, and an import of such a file writes nothing', async () => {
    const text = readingsFile(
      `${serialA};24.11.2026;173;inkasent;;`, // line 2: fine
      `ZM-NIEMA;24.11.2026;100;inkasent;;`, // 3: no such meter
      `${serialA};31.11.2026;174;inkasent;;`, // 4: no 31 November
      `${serialB};20.11.2026;sto;inkasent;;`, // 5: not a number
      `${serialB};21.11.2026;108;listonosz;;`, // 6: unknown kind
      `${serialB};22.11.2026;108;klient;;`, // 7: a customer's reading without how it came
      `${serialB};01.12.2026;108;inkasent;;`, // 8: in the future (plausibility)
      `${serialB};23.11.2026;123456;inkasent;;`, // 9: beyond a 5-digit counter (plausibility)
      `${serialA};24.11.2026;175;inkasent;;`, // 10: second reading of the meter that day in the file
      `${serialB};24.11.2026;109;inkasent;;;nadmiarowe`, // 11: more cells than columns
      `;24.11.2026;109;inkasent;;`, // 12: no meter number
    )
    const before = dbState(desk.services.db.sqlite)
    const check = await importReadings(text, true)
    expect(where(check)).toEqual([
      [3, 'Nr wodomierza'],
      [4, 'Data odczytu'],
      [5, 'Stan'],
      [6, 'Rodzaj'],
      [7, 'Sposób podania'],
      [8, 'Data odczytu'],
      [9, 'Stan'],
      [10, 'Data odczytu'],
      [11, null],
      [12, 'Nr wodomierza'],
    ])
    expect(check.errors.map((e) => e.message)).toEqual([
      'Nr wodomierza: „ZM-NIEMA” — nie ma takiego wodomierza w rejestrze',
      'Data odczytu: podaj datę w formacie DD.MM.RRRR',
      'Stan wodomierza: podaj liczbę całkowitą m³',
      'Rodzaj odczytu: „listonosz” — dozwolone: inkasent, klient, radiowy, kontrolny, szacunkowy',
      'Sposób podania: wybierz, jak klient podał stan',
      expect.stringContaining('jest późniejsza niż dzisiejsza'),
      expect.stringContaining('nie mieści się na liczydle'),
      expect.stringContaining('pierwszy w wierszu 2'),
      expect.stringContaining('Wiersz 11: 7 pól zamiast 6'),
      'Nr wodomierza: pole wymagane',
    ])
    expect(check).toMatchObject({ rows: 11, toImport: 1, errorCount: 10 })

    const refused = await rejection(importReadings(text, false))
    expect(refused).toMatchObject({ code: 'VALIDATION', field: 'text' })
    expect(refused.message).toContain('Plik ma błędy (10) — nic nie zaimportowano. Pierwszy: wiersz 3, kolumna „Nr wodomierza”')
    expect(dbState(desk.services.db.sqlite).hash).toBe(before.hash)
  })

  it('reports readings already recorded and never doubles them: importing the same file twice adds nothing', async () => {
    const text = readingsFile(`${serialA};24.11.2026;173;inkasent;;`, `${serialB};24.11.2026;107;inkasent;;`)
    await importReadings(text, false)
    const readingsBefore = count('SELECT count(*) n FROM readings')
    const again = await importReadings(text, true)
    expect(again).toMatchObject({ toImport: 0, errorCount: 0, skippedCount: 2 })
    expect(again.skipped[0]).toMatchObject({ line: 2, message: expect.stringContaining('jest już zapisany') })
    expect(await importReadings(text, false)).toMatchObject({ imported: true, toImport: 0, skippedCount: 2 })
    expect(count('SELECT count(*) n FROM readings')).toBe(readingsBefore)
  })

  it('refuses a file without the required columns, naming them', async () => {
    const check = await importReadings('Wodomierz;Stan\nZM1;12\n', true)
    expect(check.errors).toEqual([{ line: 1, column: null, message: 'Wiersz 1: brak kolumn „Data odczytu” — pierwszy wiersz pliku musi zawierać nazwy kolumn (separator ;)' }])
    expect(await rejection(importReadings('Wodomierz;Stan\nZM1;12\n', false))).toMatchObject({ code: 'VALIDATION', field: 'text' })
  })

  it('is a supervisor task', async () => {
    const clerk = (await signInNewStaff(desk, token, { login: 'urzednik.importu', fullName: 'Jan Urzędnik', role: 'clerk', password: 'Haslo-urzednika-1' })).token
    const refused = await rejection(desk.call('readings.importFile', { fileName: 'a.csv', text: readingsFile(`${serialA};24.11.2026;173;;;`), dryRun: true }, clerk))
    expect(refused.code).toBe('FORBIDDEN')
  })
})

const CUSTOMER_HEADER =
  'Rodzaj klienta;Imię;Nazwisko;Nazwa firmy;PESEL;NIP;E-mail;Telefon;Ulica;Nr domu;Nr lokalu;Kod pocztowy;Miejscowość;' +
  'PP ulica;PP nr domu;PP kod pocztowy;PP miejscowość;Usługi;Grupa taryfowa;Data umowy;Nr wodomierza;Rok legalizacji;Nr plomby;Stan początkowy'
const customersFile = (...lines: string[]) => BOM + [CUSTOMER_HEADER, ...lines].join('\r\n') + '\r\n'
const importCustomers = (text: string, dryRun: boolean) => desk.call('customers.importFile', { fileName: 'stary-system.csv', text, dryRun }, token)

describe('importing customers', () => {
  it('creates each customer with a supply point, a contract and the main meter, numbered in the station series', async () => {
    const text = customersFile(
      'osoba;Janina;Wiśniewska;;80010112340;;J.Wisniewska@example.pl;600 100 200;Lwowska;5;2;22-400;Zamość;;;;;woda i ścieki;G1;01.03.2015;ZM-7000001;2014;PL-77;1234,5',
      ';;;Piekarnia „Pod Ratuszem” s.c.;;9220001006;;;Rynek Wielki;3;;22-400;Zamość;Staszica;12;22-400;Zamość;woda;g1;2019-06-01;;;;',
    )
    const check = await importCustomers(text, true)
    expect(check).toMatchObject({ rows: 2, toImport: 2, errorCount: 0, firstNo: null })
    const logged = () => count(`SELECT count(*) n FROM change_log WHERE entity IN ('customers', 'supply_points', 'contracts', 'meters', 'readings')`)
    const loggedBefore = logged()
    const done = await importCustomers(text, false)
    expect(done).toMatchObject({ imported: true, toImport: 2, firstNo: 'K1-000003', lastNo: 'K1-000004' })

    const [hit] = await desk.call('customers.search', { query: 'Wiśniewska Lwowska', limit: 5 }, token)
    const card = await desk.call('customers.get', { id: hit.id }, token)
    expect(card.customer).toMatchObject({ customerNo: 'K1-000003', kind: 'person', email: 'j.wisniewska@example.pl' })
    expect(card.contracts).toHaveLength(1)
    expect(card.contracts[0]).toMatchObject({ contractNo: 'U/K1/2015/00001', services: 'water_sewage', startDate: '2015-03-01' })
    const [meter] = await desk.call('meters.forCustomer', { customerId: hit.id }, token)
    expect(meter).toMatchObject({ serialNo: 'ZM-7000001', legalisationYear: 2014, lastReading: { valueM3: 1234, kind: 'installation' } })
    // Found by the meter number too: the search index follows the import.
    expect((await desk.call('customers.search', { query: 'ZM-7000001', limit: 5 }, token)).map((h) => h.id)).toEqual([hit.id])

    const [firm] = await desk.call('customers.search', { query: 'Piekarnia', limit: 5 }, token)
    const firmCard = await desk.call('customers.get', { id: firm.id }, token)
    expect(firmCard.contracts[0]).toMatchObject({ contractNo: 'U/K1/2019/00001', supplyPoint: { address: { street: 'Staszica', houseNo: '12' } } })
    // Other desks get every row: 2 customers, 2 points, 2 contracts, 1 meter and its first reading.
    expect(logged() - loggedBefore).toBe(2 + 2 + 2 + 1 + 1)
    expect(count(`SELECT count(*) n FROM audit_log WHERE operation = 'customers.importFile'`)).toBeGreaterThanOrEqual(8)
  })

  it('names the line and column of every bad row — and of customers, points and meters it would double — and writes nothing', async () => {
    const ok = (pesel: string, street: string, serial = '') => `osoba;Jan;Kowalski;;${pesel};;;;${street};1;;22-400;Zamość;;;;;woda;G1;01.03.2015;${serial};${serial ? '2014' : ''};${serial ? 'PL-1' : ''};`
    const text = customersFile(
      ok('80010112340', 'Lwowska'), // 2: fine
      'osoba;Jan;;;80010112357;;;;Okrzei;1;;22-400;Zamość;;;;;woda;G1;01.03.2015;;;;', // 3: no surname
      ok('80010112341', 'Okrzei 2'), // 4: PESEL check digit
      'osoba;Jan;Nowak;;;;;;Okrzei;3;;22400;Zamość;;;;;woda;G1;01.03.2015;;;;', // 5: postal code
      'osoba;Jan;Nowak;;;;;;Okrzei;4;;22-400;Zamość;;;;;gaz;X9;01.03.2015;;;;', // 6: services and tariff group
      ok('80010112340', 'Okrzei 5'), // 7: the same PESEL as line 2
      'firma;;;Hurtownia;;;;;Okrzei;6;;22-400;Zamość;;;;;woda;G1;01.03.2015;;;;', // 8: a company without NIP
      ok('80010112364', 'Okrzei 7', serialA), // 9: a meter number in use
      'osoba;Jan;Nowak;;;;;;Okrzei;8;;22-400;Zamość;Polna;;;;woda;G1;01.03.2015;;;;', // 10: half a supply point address
      ok('80010112371', 'Partyzantów'), // 11: fine by itself…
    )
    // …but at the seeded customer's supply point there already is an active contract.
    const taken = desk.services.db.sqlite
      .prepare('SELECT p.house_no AS houseNo, k.contract_no AS contractNo FROM contracts k JOIN supply_points p ON p.id = k.supply_point_id WHERE p.id = ?')
      .get(a.supplyPointId) as { houseNo: string; contractNo: string }
    const seeded = customersFile(`osoba;Jan;Nowak;;80010112371;;;;partyzantów;${taken.houseNo};;22-400;ZAMOŚĆ;;;;;woda;G1;01.03.2015;;;;`)
    const before = dbState(desk.services.db.sqlite)
    const check = await importCustomers(text, true)
    expect(where(check)).toEqual([
      [3, 'Nazwisko'],
      [4, 'PESEL'],
      [5, 'Kod pocztowy'],
      [6, 'Usługi'],
      [6, 'Grupa taryfowa'],
      [7, 'PESEL'],
      [8, 'NIP'],
      [9, 'Nr wodomierza'],
      [10, 'PP nr domu'],
      [10, 'PP kod pocztowy'],
      [10, 'PP miejscowość'],
    ])
    expect(check.errors.find((e) => e.line === 6 && e.column === 'Grupa taryfowa')?.message).toBe('Grupa taryfowa: „X9” — nie ma takiej grupy (są: G1)')
    expect(check.errors.find((e) => e.line === 7)?.message).toBe('PESEL: ten sam numer co w wierszu 2')
    expect(check.errors.find((e) => e.line === 9)?.message).toContain('jest już zamontowany')
    expect((await importCustomers(seeded, true)).errors).toEqual([{ line: 2, column: 'Ulica', message: `Punkt poboru: pod tym adresem jest czynna umowa ${taken.contractNo}` }])

    expect(await rejection(importCustomers(text, false))).toMatchObject({ code: 'VALIDATION', field: 'text' })
    expect(dbState(desk.services.db.sqlite).hash).toBe(before.hash)
  })

  it('reports a customer already in the register by PESEL instead of adding him again', async () => {
    const line = 'osoba;Janina;Wiśniewska;;80010112340;;;;Lwowska;5;2;22-400;Zamość;;;;;woda;G1;01.03.2015;;;;'
    await importCustomers(customersFile(line), false)
    const again = await importCustomers(customersFile(line.replace('Lwowska;5', 'Lwowska;7')), true)
    expect(again.errors).toEqual([{ line: 2, column: 'PESEL', message: 'PESEL: klient o tym numerze jest już w rejestrze (K1-000003)' }])
  })
})

describe('an import on one desk', () => {
  it('reaches the other desks through sync: the customers, their contracts and meters, and the readings', async () => {
    const network: Network = { state: new Map() }
    const ref: { hub?: Hub } = {}
    const now = () => new Date('2026-11-25T10:00:00Z')
    const made = await makeSetUpDesk({ now, syncTransport: () => inProcessTransport(() => ref.hub!, 'K1', network) })
    const first = made.desk
    const h = await makeSqliteHub({ schemaVersion: first.services.db.schemaVersion })
    ref.hub = h.hub
    await h.hub.addDesk('K1', 'Okienko 1')
    await h.hub.addDesk('K2', 'Okienko 2')
    const other = makeTestDesk({ now, syncTransport: () => inProcessTransport(() => ref.hub!, 'K2', network) })
    try {
      other.services.db.write({ staffId: null, stationCode: 'K2', operation: 'test.join' }, (tx) =>
        tx.insert(settings, { id: 'station', value: JSON.stringify({ stationCode: 'K2', stationName: 'Okienko 2' }) }),
      )
      seedTariffGroup(first, 'G1')
      expect((await first.sync.syncOnce()).errorCode).toBeNull()
      await other.sync.resetFromSnapshot()
      const otherToken = (await other.call('staff.login', { login: 'admin', password: 'Admin-haslo-2026' })).token

      const file = customersFile('osoba;Janina;Wiśniewska;;80010112340;;;;Lwowska;5;2;22-400;Zamość;;;;;woda;G1;01.03.2015;ZM-7000001;2014;PL-77;100')
      await first.call('customers.importFile', { fileName: 'stary-system.csv', text: file, dryRun: false }, made.token)
      const readingsCsv = BOM + 'Nr wodomierza;Data odczytu;Stan\r\nZM-7000001;20.11.2026;154\r\n'
      expect(await first.call('readings.importFile', { fileName: 'inkasent.csv', text: readingsCsv, dryRun: false }, made.token)).toMatchObject({ imported: true, toImport: 1 })
      expect((await first.sync.syncOnce()).errorCode).toBeNull()
      expect((await other.sync.syncOnce()).errorCode).toBeNull()

      const [hit] = await other.call('customers.search', { query: 'Wiśniewska', limit: 5 }, otherToken)
      expect(hit).toMatchObject({ customerNo: 'K1-000001' })
      const [meter] = await other.call('meters.forCustomer', { customerId: hit.id }, otherToken)
      expect(meter).toMatchObject({ serialNo: 'ZM-7000001', lastReading: { readOn: '2026-11-20', valueM3: 154, kind: 'reader' } })
    } finally {
      first.dispose()
      other.dispose()
      await h.dispose()
    }
  })
})
