// Two desks and a hub: the ordinary paths, step by step.
import { afterEach, describe, expect, it } from 'vitest'
import { settings } from '../../src-main/db/schema'
import { makeTestDesk, makeSetUpDesk, TEST_OFFICE, type TestDesk } from '../support/desk'
import { inProcessTransport, makeSqliteHub, type Network } from '../support/sync'
import type { Hub } from '../../src-main/hub/hub'

const cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

const person = {
  kind: 'person' as const,
  firstName: 'Michał',
  lastName: 'Kozłowski',
  email: 'michal@example.pl',
  phone: '600 000 001',
  correspondenceAddress: { street: 'Grecka', houseNo: '5', postalCode: '22-400', city: 'Zamość' },
}

async function twoDesks() {
  const network: Network = { state: new Map() }
  const ref: { hub?: Hub } = {}
  const made = await makeSetUpDesk({ syncTransport: () => inProcessTransport(() => ref.hub!, 'K1', network) })
  const a = made.desk
  const h = await makeSqliteHub({ schemaVersion: a.services.db.schemaVersion })
  ref.hub = h.hub
  await h.hub.addDesk('K1', 'Okienko 1')
  await h.hub.addDesk('K2', 'Okienko 2')
  const b: TestDesk = makeTestDesk({ syncTransport: () => inProcessTransport(() => ref.hub!, 'K2', network) })
  // A new desk knows only its own station; everything else comes from the hub's snapshot.
  b.services.db.write({ staffId: null, stationCode: 'K2', operation: 'test.join' }, (tx) =>
    tx.insert(settings, { id: 'station', value: JSON.stringify({ stationCode: 'K2', stationName: 'Okienko 2' }) }),
  )
  cleanup.push(() => a.dispose(), () => b.dispose(), () => h.dispose())
  expect((await a.sync.syncOnce()).errorCode).toBeNull()
  await b.sync.resetFromSnapshot()
  const bLogin = await b.call('staff.login', { login: 'admin', password: 'Admin-haslo-2026' })
  return { a, b, aToken: made.token, bToken: bLogin.token, hub: h.hub, network }
}

describe('sync between two desks', () => {
  it('a new desk starts from the snapshot: the office and the admin account arrive', async () => {
    const { b, bToken } = await twoDesks()
    expect((await b.call('system.status', {})).officeName).toBe(TEST_OFFICE.name)
    expect((await b.call('staff.me', {}, bToken)).staff.login).toBe('admin')
  })

  it('a customer registered on one desk appears on the other, with its own station number', async () => {
    const { a, b, aToken, bToken } = await twoDesks()
    const c = await a.call('customers.create', person, aToken)
    await a.sync.syncOnce()
    await b.sync.syncOnce()
    const onB = await b.call('customers.search', { query: 'kozlowski', limit: 5 }, bToken)
    expect(onB.map((h) => h.id)).toEqual([c.id])
    const fromB = await b.call('customers.create', { ...person, firstName: 'Anna', email: null }, bToken)
    expect(fromB.customerNo).toBe('K2-000001')
    expect(c.customerNo).toBe('K1-000001')
  })

  it('concurrent edits: the ordinary field converges, the e-mail opens a conflict for staff', async () => {
    const { a, b, aToken, bToken, hub } = await twoDesks()
    const c = await a.call('customers.create', person, aToken)
    await a.sync.syncOnce()
    await b.sync.syncOnce()
    const edit = (over: object) => ({ ...person, ...over })
    await a.call('customers.update', { id: c.id, data: edit({ phone: '600 000 111', email: 'a@example.pl' }) }, aToken)
    await b.call('customers.update', { id: c.id, data: edit({ phone: '600 000 222', email: 'b@example.pl' }) }, bToken)
    await a.sync.syncOnce()
    await b.sync.syncOnce()
    await a.sync.syncOnce()
    const onA = (await a.call('customers.get', { id: c.id }, aToken)).customer
    const onB = (await b.call('customers.get', { id: c.id }, bToken)).customer
    expect(onA.phone).toBe(onB.phone)
    expect(onA.email).toBe('a@example.pl') // the hub kept the first; the second is a conflict record
    expect(onB.email).toBe('a@example.pl')
    const conflicts = await hub.openConflicts()
    expect(conflicts).toEqual([expect.objectContaining({ entity: 'customers', entityId: c.id, fields: JSON.stringify(['email']), deskId: 'K2' })])
  })

  it('a leaver deactivated on one desk can no longer sign in, nor keep working, on the other once it synced', async () => {
    const { a, b, aToken } = await twoDesks()
    const jan = await a.call('staff.create', { login: 'jan.kowalski', fullName: 'Jan Kowalski', role: 'clerk', password: 'Start-jana-2026' }, aToken)
    await a.sync.syncOnce()
    await b.sync.syncOnce()
    const onB = (await b.call('staff.login', { login: 'jan.kowalski', password: 'Start-jana-2026' })).token
    await b.call('staff.changePassword', { currentPassword: 'Start-jana-2026', newPassword: 'Haslo-jana-2026' }, onB)
    await a.sync.syncOnce() // nothing from A yet; B's password change goes up
    await b.sync.syncOnce()
    await a.sync.syncOnce()
    await a.call('staff.setActive', { staffId: jan.id, active: false }, aToken)
    await a.sync.syncOnce()
    await b.sync.syncOnce()
    const refused = await b.dispatch('customers.search', { query: 'kowal', limit: 5 }, onB)
    expect(refused.ok || refused.error.code).toBe('UNAUTHENTICATED')
    const login = await b.dispatch('staff.login', { login: 'jan.kowalski', password: 'Haslo-jana-2026' }, null)
    expect(login.ok || login.error).toEqual({ code: 'INVALID_CREDENTIALS', message: 'Nieprawidłowy login lub hasło', field: 'password' })
  })

  it('the sync screen names the record and the field as people do: the customer and "adres e-mail", not "customers" and "email"', async () => {
    const { a, b, aToken, bToken } = await twoDesks()
    const c = await a.call('customers.create', person, aToken)
    await a.sync.syncOnce()
    await b.sync.syncOnce()
    await a.call('customers.update', { id: c.id, data: { ...person, email: 'a@example.pl' } }, aToken)
    await b.call('customers.update', { id: c.id, data: { ...person, email: 'b@example.pl' } }, bToken)
    await a.sync.syncOnce()
    await b.sync.syncOnce()
    const problems = await b.call('sync.problems', {}, bToken)
    expect(problems).toEqual([
      expect.objectContaining({
        subject: `Klient ${c.customerNo} — Michał Kozłowski`,
        customerId: c.id,
        reason: 'Konflikt: adres e-mail — zmienione równocześnie na innym stanowisku, do rozstrzygnięcia przez pracownika',
      }),
    ])
    const [conflict] = await b.call('sync.conflicts', {}, bToken)
    expect(conflict.subject).toBe(`Klient ${c.customerNo} — Michał Kozłowski`)
    expect(conflict.fields.map((f) => f.label)).toEqual(['E-mail'])
  })
})
