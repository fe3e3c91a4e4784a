// The customer register end to end through the dispatcher, on a real SQLite file.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { InputOf } from '../../shared/api/contract'
import { checkNrb } from '../../shared/validation/identifiers'
import { tariffGroups } from '../../src-main/db/schema'
import { FIELD_HISTORY_SQL } from '../../src-main/core/customers/service'
import { newId } from '../../src-main/db/write'
import { makeSetUpDesk, signInNewStaff, type TestDesk } from '../support/desk'

let desk: TestDesk
let token: string
let clock: Date
let tariffGroupId: string

const person = (over: Partial<InputOf<'customers.create'>> = {}): InputOf<'customers.create'> => ({
  kind: 'person',
  firstName: 'Łukasz',
  lastName: 'Wróblewski',
  pesel: '90090515836',
  email: 'lukasz.wroblewski@example.pl',
  phone: '600 100 200',
  correspondenceAddress: { street: 'Partyzantów', houseNo: '12', flatNo: '3', postalCode: '22-400', city: 'Zamość' },
  ...over,
})

const company = (over: Partial<InputOf<'customers.create'>> = {}): InputOf<'customers.create'> => ({
  kind: 'company',
  companyName: 'Spółdzielnia Mieszkaniowa „Słoneczna”',
  nip: '922-000-35-60',
  regon: '950368078',
  correspondenceAddress: { street: 'Lwowska', houseNo: '45', postalCode: '22-400', city: 'Zamość' },
  ...over,
})

async function rejection(promise: Promise<unknown>) {
  try {
    await promise
  } catch (err) {
    return err as { code: string; field?: string; message: string }
  }
  throw new Error('expected the call to be rejected')
}

const rowCount = (table: string) => (desk.services.db.readSql.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

beforeEach(async () => {
  clock = new Date('2026-11-25T10:00:00Z')
  const made = await makeSetUpDesk({ now: () => clock })
  desk = made.desk
  token = made.token
  tariffGroupId = newId()
  desk.services.db.write({ staffId: null, stationCode: 'K1', operation: 'test.seed' }, (tx) =>
    tx.insert(tariffGroups, { id: tariffGroupId, code: 'G1', name: 'Gospodarstwa domowe', billingCycle: 'bimonthly', eInvoice: false, createdAt: tx.now, updatedAt: tx.now }),
  )
})
afterEach(() => desk.dispose())

describe('registering customers', () => {
  it('gives a person a station number and a valid individual account, and finds them without diacritics', async () => {
    const c = await desk.call('customers.create', person(), token)
    expect(c.customerNo).toBe('K1-000001')
    expect(checkNrb(c.bankAccount)).toBeNull()
    const second = await desk.call('customers.create', company(), token)
    expect(second.customerNo).toBe('K1-000002')
    expect(second.nip).toBe('9220003560')
    expect(second.bankAccount).not.toBe(c.bankAccount)
    const hits = await desk.call('customers.search', { query: 'lukasz wroblewski', limit: 5 }, token)
    expect(hits[0]).toMatchObject({ id: c.id, displayName: 'Łukasz Wróblewski' })
  })

  it('names the field for a wrong PESEL, a company without NIP and a bad postal code — and writes nothing', async () => {
    const before = rowCount('customers') + rowCount('audit_log') + rowCount('change_log')
    const pesel = await rejection(desk.call('customers.create', person({ pesel: '90090515837' }), token))
    expect(pesel).toMatchObject({ code: 'VALIDATION', field: 'pesel', message: 'PESEL ma błędną cyfrę kontrolną' })
    const nip = await rejection(desk.call('customers.create', company({ nip: '' }), token))
    expect(nip).toMatchObject({ code: 'VALIDATION', field: 'nip' })
    const badNip = await rejection(desk.call('customers.create', company({ nip: '1234567890' }), token))
    expect(badNip).toMatchObject({ field: 'nip', message: 'NIP ma błędną cyfrę kontrolną' })
    const postal = await rejection(
      desk.call('customers.create', person({ correspondenceAddress: { street: 'Lwowska', houseNo: '1', postalCode: '22400', city: 'Zamość' } }), token),
    )
    expect(postal).toMatchObject({ field: 'correspondenceAddress.postalCode', message: 'Kod pocztowy w formacie 00-000' })
    expect(rowCount('customers') + rowCount('audit_log') + rowCount('change_log')).toBe(before)
  })
})

describe('duplicates', () => {
  it('warns about the same PESEL, e-mail, phone, and a similar name at the same address', async () => {
    const c = await desk.call('customers.create', person(), token)
    const same = await desk.call('customers.findDuplicates', { pesel: '90090515836' }, token)
    expect(same).toEqual([expect.objectContaining({ customer: expect.objectContaining({ id: c.id }), reasons: ['ten sam PESEL'] })])
    const byContact = await desk.call('customers.findDuplicates', { email: 'LUKASZ.wroblewski@example.pl', phone: '+48 600-100-200' }, token)
    expect(byContact[0].reasons).toEqual(['ten sam adres e-mail', 'ten sam telefon'])
    const byAddress = await desk.call('customers.findDuplicates', { name: 'Lukasz Wroblewski', street: 'Partyzantów', houseNo: '12', city: 'Zamość' }, token)
    expect(byAddress[0].reasons).toEqual(['podobne nazwisko lub nazwa pod tym samym adresem'])
    expect(await desk.call('customers.findDuplicates', { pesel: '90090515836', excludeId: c.id }, token)).toEqual([])
    expect(await desk.call('customers.findDuplicates', { name: 'Kowalski', street: 'Partyzantów', houseNo: '12' }, token)).toEqual([])
  })
})

describe('edits and history', () => {
  it('records who changed the address, and shows it field by field to a supervisor only', async () => {
    const c = await desk.call('customers.create', person(), token)
    clock = new Date('2026-11-25T10:01:00Z') // within the idle-lock window
    await desk.call('customers.update', { id: c.id, data: person({ correspondenceAddress: { street: 'Lwowska', houseNo: '7', postalCode: '22-400', city: 'Zamość' } }) }, token)
    const history = await desk.call('customers.history', { id: c.id }, token)
    const street = history.find((h) => h.field === 'corrStreet')!
    expect(street).toMatchObject({ before: 'Partyzantów', after: 'Lwowska', staffName: 'Anna Administratorka', operation: 'customers.update' })
    expect(history.find((h) => h.field === 'corrFlatNo')).toMatchObject({ before: '3', after: null })

    const clerk = await signInNewStaff(desk, token, { login: 'ola', fullName: 'Ola Urzędniczka', role: 'clerk', password: 'Haslo-urzednika-1' })
    expect(await rejection(desk.call('customers.history', { id: c.id }, clerk.token))).toMatchObject({ code: 'FORBIDDEN' })
  })
  it('reads the history through the audit index, never the office’s whole audit log', () => {
    const plan = (desk.services.db.readSql.prepare(`EXPLAIN QUERY PLAN ${FIELD_HISTORY_SQL}`).all('[]') as { detail: string }[]).map((r) => r.detail)
    expect(plan.filter((d) => /^(SCAN|SEARCH) a\b/.test(d))).toEqual([expect.stringMatching(/^SEARCH a USING INDEX audit_entity \(entity=\? AND entity_id=\?\)/)])
  })
})

describe('contracts', () => {
  it('numbers contracts per station and year, and refuses a second active contract on one supply point', async () => {
    const c = await desk.call('customers.create', person(), token)
    const k = await desk.call(
      'contracts.create',
      { customerId: c.id, supplyPointAddress: { street: 'Partyzantów', houseNo: '12', flatNo: '3', postalCode: '22-400', city: 'Zamość' }, services: 'water_sewage', tariffGroupId, startDate: '2026-11-01' },
      token,
    )
    expect(k).toMatchObject({ contractNo: 'U/K1/2026/00001', billingCycle: 'bimonthly', status: 'active' })
    const other = await desk.call('customers.create', person({ pesel: null, firstName: 'Anna', email: null, phone: null }), token)
    const taken = await rejection(
      desk.call('contracts.create', { customerId: other.id, supplyPointId: k.supplyPoint.id, services: 'water', tariffGroupId, startDate: '2026-11-02' }, token),
    )
    expect(taken).toMatchObject({ code: 'CONFLICT', field: 'supplyPointId' })
    const ended = await desk.call('contracts.end', { id: k.id, endDate: '2026-11-30' }, token)
    expect(ended.status).toBe('ended')
    const next = await desk.call('contracts.create', { customerId: other.id, supplyPointId: k.supplyPoint.id, services: 'water', tariffGroupId, startDate: '2026-12-01' }, token)
    expect(next.contractNo).toBe('U/K1/2026/00002')
    // The search finds a customer by the supply point's address.
    const card = await desk.call('customers.get', { id: other.id }, token)
    expect(card.contracts.map((x) => x.contractNo)).toEqual(['U/K1/2026/00002'])
  })
})

describe('merging duplicates', () => {
  it('moves contracts to the kept customer, keeps the duplicate as merged, and needs a supervisor', async () => {
    const keep = await desk.call('customers.create', person(), token)
    const dup = await desk.call('customers.create', person({ pesel: null, email: 'inny@example.pl' }), token)
    const k = await desk.call(
      'contracts.create',
      { customerId: dup.id, supplyPointAddress: { street: 'Grecka', houseNo: '3', postalCode: '22-400', city: 'Zamość' }, services: 'water', tariffGroupId, startDate: '2026-01-01' },
      token,
    )
    const merged = await desk.call('customers.merge', { keepId: keep.id, mergeId: dup.id, reason: 'Ta sama osoba zarejestrowana dwa razy' }, token)
    expect(merged.id).toBe(keep.id)
    const card = await desk.call('customers.get', { id: keep.id }, token)
    expect(card.contracts.map((c) => c.id)).toEqual([k.id])
    const hits = await desk.call('customers.search', { query: 'wroblewski', limit: 10 }, token)
    expect(hits.map((h) => h.id)).toEqual([keep.id])
    const history = await desk.call('customers.history', { id: keep.id }, token)
    expect(history.some((h) => h.entity === 'contracts' && h.field === 'customerId' && h.after === keep.id)).toBe(true)
    expect(await rejection(desk.call('customers.merge', { keepId: keep.id, mergeId: dup.id, reason: 'x' }, token))).toMatchObject({ code: 'CONFLICT', field: 'mergeId' })
  })
})

describe('data-subject requests (RODO)', () => {
  it('exports everything as JSON and a readable PDF with Polish letters', async () => {
    const c = await desk.call('customers.create', person(), token)
    const out = await desk.call('customers.exportData', { id: c.id }, token)
    expect(out.json).toMatchObject({ customer: { customerNo: 'K1-000001', pesel: '90090515836' } })
    const dir = mkdtempSync(join(tmpdir(), 'rodo-'))
    const file = join(dir, 'export.pdf')
    writeFileSync(file, Buffer.from(out.pdfBase64, 'base64'))
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    expect(text).toContain('Łukasz Wróblewski')
    expect(text).toContain('Informacja o przetwarzanych danych osobowych')
    expect(text).toContain('ul. Partyzantów 12/3, 22-400 Zamość')
  })

  it('refuses to anonymise while a contract runs or claims may arise, naming the rule; then erases the personal data everywhere', async () => {
    const c = await desk.call('customers.create', person(), token)
    const k = await desk.call(
      'contracts.create',
      { customerId: c.id, supplyPointAddress: { street: 'Grecka', houseNo: '3', postalCode: '22-400', city: 'Zamość' }, services: 'water', tariffGroupId, startDate: '2020-01-01' },
      token,
    )
    const active = await desk.call('customers.anonymisationCheck', { id: c.id }, token)
    expect(active.allowed).toBe(false)
    expect(active.blocks[0].rule).toContain('Umowa w toku')
    await desk.call('contracts.end', { id: k.id, endDate: '2026-06-30' }, token)
    const claims = await desk.call('customers.anonymisationCheck', { id: c.id }, token)
    expect(claims.blocks).toEqual([expect.objectContaining({ rule: expect.stringContaining('art. 118 Kodeksu cywilnego'), until: '2029-12-31' })])
    const refused = await rejection(desk.call('customers.anonymise', { id: c.id, reason: 'Wniosek 1/2026' }, token))
    expect(refused.message).toContain('art. 118 Kodeksu cywilnego')

    clock = new Date('2030-01-02T10:00:00Z')
    const fresh = await desk.call('staff.login', { login: 'admin', password: 'Admin-haslo-2026' })
    expect((await desk.call('customers.anonymisationCheck', { id: c.id }, fresh.token)).allowed).toBe(true)
    const done = await desk.call('customers.anonymise', { id: c.id, reason: 'Wniosek 1/2026' }, fresh.token)
    expect(done).toMatchObject({ displayName: 'Klient zanonimizowany', pesel: null, email: null })
    const leftovers = desk.services.db.readSql
      .prepare(`SELECT count(*) AS n FROM audit_log WHERE before LIKE '%90090515836%' OR after LIKE '%90090515836%' OR after LIKE '%Wróblewski%'`)
      .get() as { n: number }
    expect(leftovers.n).toBe(0)
    const changeLeft = desk.services.db.readSql.prepare(`SELECT count(*) AS n FROM change_log WHERE fields LIKE '%90090515836%'`).get() as { n: number }
    expect(changeLeft.n).toBe(0)
    expect(await desk.call('customers.search', { query: 'wroblewski', limit: 5 }, fresh.token)).toEqual([])
  })
})
