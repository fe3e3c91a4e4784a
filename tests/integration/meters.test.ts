// The meter registry through the dispatcher on a real SQLite file: status at a glance, seals,
// replacement with its protocol (PDF read back), and the office-wide list of meters to replace.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { InputOf } from '../../shared/api/contract'
import type { TestDesk } from '../support/desk'
import { dbState } from '../support/db-state'
import { makeMeterOffice, officeTemplate, rejection, seedCustomer, seedReadings, type SeededCustomer } from '../support/meter-office'

let desk: TestDesk
let token: string
let groupId: string
const office = officeTemplate()

beforeEach(async () => {
  ({ desk, token, groupId } = await makeMeterOffice(office))
})
afterEach(() => desk.dispose())

const pdfText = (base64: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'ibok-pdf-')), 'doc.pdf')
  writeFileSync(file, Buffer.from(base64, 'base64'))
  execFileSync('qpdf', ['--check', file])
  return execFileSync('pdftotext', ['-layout', file, '-']).toString()
}

describe('status at a glance', () => {
  it('shows valid, expiring within the chosen days, expired and broken seal — with the reason in Polish', async () => {
    const expiring = await seedCustomer(desk, token, groupId, { legalisationYear: 2021 }) // valid to 31.12.2026
    const fine = await seedCustomer(desk, token, groupId, { legalisationYear: 2024 })
    const [m] = await desk.call('meters.forCustomer', { customerId: expiring.customerId }, token)
    expect(m.status).toEqual({ code: 'expiring', expires: '2026-12-31', daysLeft: 36, label: 'Legalizacja wygasa za 36 dni (31.12.2026)' })
    expect((await desk.call('meters.forCustomer', { customerId: expiring.customerId, warnDays: 30 }, token))[0].status.code).toBe('valid')
    expect((await desk.call('meters.forCustomer', { customerId: fine.customerId }, token))[0].status).toMatchObject({ code: 'valid', label: 'Ważny do 31.12.2029' })

    const broken = await desk.call('meters.setSeal', { id: fine.meterId, sealState: 'broken', note: 'Zgłoszenie klienta: plomba zerwana przy remoncie łazienki' }, token)
    expect(broken).toMatchObject({ sealState: 'broken', state: 'to_replace', status: { code: 'seal_broken' } })
    const resealed = await rejection(desk.call('meters.setSeal', { id: fine.meterId, sealState: 'intact', note: 'Nowa plomba' }, token))
    expect(resealed).toMatchObject({ code: 'VALIDATION', field: 'sealNo', message: 'Numer plomby: podaj numer nowej plomby' })
    const audit = desk.services.db.sqlite.prepare(`SELECT after FROM audit_log WHERE entity = 'meters' AND entity_id = ? AND operation = 'meters.setSeal' AND before IS NULL`).get(fine.meterId) as { after: string }
    expect(JSON.parse(audit.after)).toEqual({ sealState: 'broken', note: 'Zgłoszenie klienta: plomba zerwana przy remoncie łazienki' })
  })

  it('lists the customer’s meters in use first and the removed ones as history, not a previous tenant’s', async () => {
    const c = await seedCustomer(desk, token, groupId, { legalisationYear: 2020, since: '2020-03-02' })
    await replace(c, { replacedOn: '2025-06-16' })
    const list = await desk.call('meters.forCustomer', { customerId: c.customerId }, token)
    expect(list.map((m) => [m.serialNo, m.status.code])).toEqual([
      ['ZM77000001', 'valid'],
      [expect.stringMatching(/^ZM4/), 'removed'],
    ])
    expect(list[1].status.label).toBe('Zdjęty 16.06.2025')
    expect(list[0].lastReading).toMatchObject({ valueM3: 3, kind: 'installation' })
  })
})

async function replace(c: SeededCustomer, over: Partial<InputOf<'meters.replace'>> = {}) {
  return desk.call(
    'meters.replace',
    {
      oldMeterId: c.meterId,
      replacedOn: '2026-09-15',
      reason: 'legalisation',
      oldFinalM3: 131,
      oldSealState: 'intact',
      newMeter: { serialNo: 'ZM77000001', diameterMm: 15, legalisationYear: 2025, sealNo: 'PL7700001', radioId: 'A1B2C3D4' },
      newInitialM3: 3,
      fitterName: 'Zbigniew Łoś',
      note: 'Wymiana planowa, klient obecny',
      ...over,
    },
    token,
  )
}

describe('replacement', () => {
  it('writes the protocol, removes the old meter, installs the new one, and prints it', async () => {
    const c = await seedCustomer(desk, token, groupId, { legalisationYear: 2021 })
    seedReadings(desk, c.meterId, [['2026-07-31', 120]])
    const r = await replace(c)
    expect(r).toMatchObject({
      protocolNo: 'PW/K1/2026/00001',
      replacedOn: '2026-09-15',
      reasonLabel: 'koniec okresu legalizacji',
      old: { serialNo: expect.stringMatching(/^ZM4/), finalM3: 131, previous: { readOn: '2026-07-31', valueM3: 120 }, sealState: 'intact' },
      new: { serialNo: 'ZM77000001', initialM3: 3, sealNo: 'PL7700001', legalisationYear: 2025 },
      finalReadingFlags: [],
      createdByName: 'Anna Administratorka',
    })
    const [fresh, old] = await desk.call('meters.forCustomer', { customerId: c.customerId }, token)
    expect(old).toMatchObject({ state: 'removed', removedOn: '2026-09-15', lastReading: { valueM3: 131, kind: 'removal' } })
    expect(fresh).toMatchObject({ state: 'active', installedOn: '2026-09-15', kind: 'main', radioId: 'A1B2C3D4', lastReading: { valueM3: 3, kind: 'installation' } })
    expect(await desk.call('meters.replacements', { customerId: c.customerId }, token)).toEqual([r])

    const text = pdfText((await desk.call('meters.protocolPdf', { id: r.id }, token)).pdfBase64)
    for (const expected of ['Protokół wymiany wodomierza nr PW/K1/2026/00001', 'Grażyna Żółkiewska', '15.09.2026', 'ZM77000001', '131 m³ (końcowy)', '3 m³ (początkowy)', 'nr PL7700001', 'Zbigniew Łoś', 'koniec okresu legalizacji', 'ważna do 31.12.2030', 'podpis odbiorcy']) {
      expect(text.replace(/\u00a0|\u202f/g, ' ')).toContain(expected)
    }
    expect(text).toMatch(/od ostatniego odczytu \(120 m³ z 31\.07\.2026\): 11 m³/)
  })

  it('counts consumption across the replacement: (old final − old previous) + (new current − new initial)', async () => {
    const c = await seedCustomer(desk, token, groupId, { legalisationYear: 2021 })
    seedReadings(desk, c.meterId, [['2026-06-30', 112], ['2026-08-31', 120]])
    const r = await replace(c, { replacedOn: '2026-09-15', oldFinalM3: 124, newInitialM3: 3 })
    expect(r.finalReadingFlags).toEqual([])
    seedReadings(desk, r.new.meterId, [['2026-10-31', 11]])
    const analysis = await desk.call('readings.analysis', { customerId: c.customerId, months: 6 }, token)
    const sepOct = analysis.periods.find((p) => p.label === 'wrz–paź 2026')!
    expect(sepOct).toMatchObject({ m3: 124 - 120 + (11 - 3), complete: true })
    expect(analysis.events).toEqual([{ date: '2026-09-15', label: `Wymiana wodomierza ${r.old.serialNo} → ZM77000001 (PW/K1/2026/00001)` }])
  })

  it('refuses what cannot be true and writes nothing: an expired new meter, a meter number in use, a second replacement', async () => {
    const c = await seedCustomer(desk, token, groupId, { legalisationYear: 2021 })
    const other = await seedCustomer(desk, token, groupId, { legalisationYear: 2023 })
    const otherSerial = (await desk.call('meters.get', { id: other.meterId }, token)).serialNo
    const before = dbState(desk.services.db.sqlite).counts
    expect(await rejection(replace(c, { newMeter: { serialNo: 'ZM1', diameterMm: 15, legalisationYear: 2020, sealNo: 'PL1' } }))).toMatchObject({
      code: 'VALIDATION',
      field: 'newMeter.legalisationYear',
      message: 'Rok legalizacji: legalizacja z 2020 r. wygasła 31.12.2025 — takiego wodomierza nie można zamontować',
    })
    expect(await rejection(replace(c, { newMeter: { serialNo: otherSerial, diameterMm: 15, legalisationYear: 2026, sealNo: 'PL1' } }))).toMatchObject({
      code: 'CONFLICT',
      field: 'newMeter.serialNo',
      message: expect.stringContaining(`${otherSerial} jest już zamontowany (ul. Partyzantów`),
    })
    expect(await rejection(replace(c, { replacedOn: '2026-11-26' }))).toMatchObject({ field: 'replacedOn', message: 'Data wymiany: nie może być późniejsza niż dziś (25.11.2026)' })
    expect(await rejection(replace(c, { oldFinalM3: '12,5' as unknown as number }))).toMatchObject({ field: 'oldFinalM3', message: 'Stan końcowy starego wodomierza: podaj liczbę całkowitą m³' })
    expect(dbState(desk.services.db.sqlite).counts).toEqual(before)
    const done = await replace(c)
    expect(await rejection(replace(c, { newMeter: { serialNo: 'ZM2', diameterMm: 15, legalisationYear: 2026, sealNo: 'PL2' } }))).toMatchObject({
      code: 'CONFLICT',
      message: `Wodomierz ${done.old.serialNo} został już zdjęty 15.09.2026`,
    })
  })

  it('flags a final reading lower than the last one, and still records the protocol', async () => {
    const c = await seedCustomer(desk, token, groupId, { legalisationYear: 2021 })
    seedReadings(desk, c.meterId, [['2026-07-31', 120]])
    const r = await replace(c, { oldFinalM3: 102 })
    expect(r.finalReadingFlags).toEqual([expect.objectContaining({ code: 'lower_than_previous' })])
    const flagged = await desk.call('readings.flagged', {}, token)
    expect(flagged).toEqual([expect.objectContaining({ meterSerialNo: r.old.serialNo, reading: expect.objectContaining({ kind: 'removal', valueM3: 102, status: 'flagged' }) })])
  })
})

describe('install', () => {
  it('adds a garden meter next to the main one, but never a second main meter', async () => {
    const c = await seedCustomer(desk, token, groupId)
    const meter = (over: Partial<InputOf<'meters.install'>>) =>
      desk.call('meters.install', { supplyPointId: c.supplyPointId, serialNo: 'OG123', kind: 'additional', diameterMm: 15, installedOn: '2026-04-10', legalisationYear: 2026, sealNo: 'PL99', initialM3: '0', ...over }, token)
    const second = await rejection(meter({ kind: 'main' }))
    expect(second).toMatchObject({ code: 'CONFLICT', field: 'kind', message: expect.stringContaining('jest już wodomierz główny ZM4') })
    const garden = await meter({})
    expect(garden).toMatchObject({ kind: 'additional', counterDigits: 5, status: { code: 'valid' }, lastReading: { kind: 'installation', valueM3: 0 } })
    expect((await desk.call('meters.forCustomer', { customerId: c.customerId }, token)).map((m) => m.kind)).toEqual(['main', 'additional'])
  })
})

describe('meters due for replacement', () => {
  it('lists expired, expiring and broken-seal meters office-wide with their customer, as CSV and PDF', async () => {
    const expired = await seedCustomer(desk, token, groupId, { legalisationYear: 2020, lastName: 'Kowalczyk', street: 'Lwowska' })
    seedReadings(desk, expired.meterId, [['2026-10-31', 481]])
    await seedCustomer(desk, token, groupId, { legalisationYear: 2021, lastName: 'Wiśniewska', street: 'Okrzei' })
    const sealed = await seedCustomer(desk, token, groupId, { legalisationYear: 2025, since: '2025-02-03', lastName: 'Ślusarczyk', street: 'Szczebrzeska' })
    await seedCustomer(desk, token, groupId, { legalisationYear: 2024, lastName: 'Nowak' })
    await desk.call('meters.setSeal', { id: sealed.meterId, sealState: 'broken', note: 'Kontrola: plomba zerwana' }, token)

    const due = await desk.call('meters.due', { days: 90 }, token)
    expect(due.rows.map((r) => [r.customer?.displayName, r.status.code])).toEqual([
      ['Grażyna Ślusarczyk', 'seal_broken'],
      ['Grażyna Kowalczyk', 'expired'],
      ['Grażyna Wiśniewska', 'expiring'],
    ])
    expect(due.counts).toEqual({ expired: 1, expiring: 1, seal_broken: 1 })
    expect(due.rows[1]).toMatchObject({ lastReading: { readOn: '2026-10-31', valueM3: 481 }, address: expect.stringMatching(/^ul\. Lwowska/), customer: { customerNo: expect.any(String) } })
    // Within 30 days nothing expires yet: only what is already due.
    expect((await desk.call('meters.due', { days: '30' }, token)).rows.map((r) => r.status.code)).toEqual(['seal_broken', 'expired'])

    const csv = await desk.call('meters.dueCsv', { days: 90 }, token)
    expect(csv.fileName).toBe('wodomierze-do-wymiany-20261125.csv')
    const lines = csv.csv.split('\r\n')
    expect(lines[0]).toBe('\ufeffNr wodomierza;Rodzaj;Średnica [mm];Rok legalizacji;Ważny do;Status;Dni do końca;Nr plomby;Moduł radiowy;Odbiorca;Nr klienta;Adres punktu poboru;Ostatni odczyt [m³];Data odczytu')
    expect(lines[2]).toMatch(/^ZM4\d+;główny;15;2020;31\.12\.2025;po terminie;-329;PL\d+;;Grażyna Kowalczyk;K1-\d+;ul\. Lwowska \d+, 22-400 Zamość;481;31\.10\.2026$/)
    expect(lines).toHaveLength(5)

    const text = pdfText((await desk.call('meters.duePdf', { days: 90 }, token)).pdfBase64)
    expect(text).toContain('Wodomierze do wymiany — stan na 25.11.2026')
    expect(text).toContain('Legalizacja po terminie: 1 · wygasa w ciągu 90 dni: 1 · zerwana plomba: 1 · razem: 3')
    expect(text).toContain('Grażyna Ślusarczyk')
    expect(text).toContain('zerwana plomba')
  })
})
