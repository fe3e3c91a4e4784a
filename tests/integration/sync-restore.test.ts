// Resets, hub restores, restored and replaced desks, interrupted joins: the office events of
// issue 14 part B, each on real desks that hold append-only facts (consent events refuse deletes).
import { afterEach, describe, expect, it } from 'vitest'
import { consentEvents } from '../../src-main/db/schema'
import { newId } from '../../src-main/db/write'
import type { TestDesk } from '../support/desk'
import { makeSetUpDesk } from '../support/desk'
import { makeOffice, type Office } from '../support/sync'

const cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

async function office(): Promise<Office> {
  const o = await makeOffice()
  cleanup.push(() => o.dispose())
  return o
}

const person = (n: number) => ({
  kind: 'person' as const,
  firstName: 'Michał',
  lastName: `Kozłowski${n}`,
  email: `michal${n}@example.pl`,
  phone: '600 000 001',
  correspondenceAddress: { street: 'Grecka', houseNo: String(n), postalCode: '22-400', city: 'Zamość' },
})

/** An append-only fact (a consent event): its table refuses DELETE and UPDATE. */
function addFact(desk: TestDesk, station: string, customerId: string): string {
  const id = newId()
  desk.services.db.write({ staffId: null, stationCode: station, operation: 'test.fact' }, (tx) =>
    tx.insert(consentEvents, {
      id, documentNo: `ZG/${station}/${id.slice(-8)}`, customerId, type: 'sms', action: 'accept', phone: '600000001',
      signedOn: '2026-11-25', effectiveOn: '2026-11-25', registeredAt: tx.now, channel: 'paper', stationCode: station,
      workstation: station, signerKind: 'customer',
    }),
  )
  return id
}

const factIds = (desk: TestDesk) => (desk.services.db.sqlite.prepare('SELECT id FROM consent_events ORDER BY id').all() as { id: string }[]).map((r) => r.id)

describe('reset from the snapshot on a desk holding facts', () => {
  it('replaces the local state whatever the append-only triggers, keeps unsent changes and sends them', async () => {
    const o = await office()
    const c = await o.a.call('customers.create', person(1), o.aToken)
    const f1 = addFact(o.a, 'K1', c.id)
    expect((await o.a.sync.syncOnce()).errorCode).toBeNull()
    const { desk: b, token: bToken } = await o.join('K2')
    expect(factIds(b)).toEqual([f1])
    // B works offline: a fact and a new customer wait in its outbox.
    o.network.state.set('K2', 'down')
    const f2 = addFact(b, 'K2', c.id)
    const c2 = await b.call('customers.create', person(2), bToken)
    o.network.state.set('K2', 'up')
    const status = await b.call('sync.resetFromSnapshot', {}, bToken)
    expect(status.lastError).toBeNull()
    expect(status.queued).toBe(0)
    await o.a.sync.syncOnce()
    expect(factIds(o.a)).toEqual([f1, f2].sort())
    expect(factIds(b)).toEqual([f1, f2].sort())
    expect((await o.a.call('customers.get', { id: c2.id }, o.aToken)).customer.customerNo).toBe('K2-000001')
  })

  it('after a hub restore (--new-epoch) desks with facts resend what the hub lost and converge', async () => {
    const o = await office()
    const c = await o.a.call('customers.create', person(1), o.aToken)
    addFact(o.a, 'K1', c.id)
    await o.a.sync.syncOnce()
    const { desk: b } = await o.join('K2')
    await o.backupHub()
    // Acknowledged by the hub after its backup: lost by the restore.
    const lostA = addFact(o.a, 'K1', c.id)
    const lostB = addFact(b, 'K2', c.id)
    expect((await o.a.sync.syncOnce()).errorCode).toBeNull()
    expect((await b.sync.syncOnce()).errorCode).toBeNull()
    await o.a.sync.syncOnce()
    expect(factIds(o.a)).toContain(lostB)
    await o.restoreHub()
    for (let i = 0; i < 3; i++) for (const d of [o.a, b]) expect((await d.sync.syncOnce()).error).toBeNull()
    const hubFacts = (await o.hubStore().query<{ entity_id: string }>("SELECT entity_id FROM entities WHERE entity = 'consent_events' ORDER BY entity_id")).map((r) => r.entity_id)
    expect(hubFacts).toContain(lostA)
    expect(hubFacts).toContain(lostB)
    expect(factIds(o.a)).toEqual(hubFacts)
    expect(factIds(b)).toEqual(hubFacts)
  })
})

describe('sync.resetFromSnapshot never answers 500', () => {
  it('without a hub configured: a code and a Polish sentence', async () => {
    const { desk, token } = await makeSetUpDesk({ mailSender: 'manual' })
    cleanup.push(() => desk.dispose())
    const res = await desk.dispatch('sync.resetFromSnapshot', {}, token)
    expect(res.ok).toBe(false)
    if (res.ok) return
    expect(res.status).not.toBe(500)
    expect(res.error.code).toBe('CONFLICT')
    expect(res.error.message).toMatch(/synchronizacja nie jest skonfigurowana/)
  })

  it('with the hub unreachable: a code and a Polish sentence, the desk keeps its data', async () => {
    const o = await office()
    await o.a.call('customers.create', person(1), o.aToken)
    await o.a.sync.syncOnce()
    o.network.state.set('K1', 'down')
    const res = await o.a.dispatch('sync.resetFromSnapshot', {}, o.aToken)
    expect(res.ok).toBe(false)
    if (res.ok) return
    expect(res.status).not.toBe(500)
    expect(res.error.message).toMatch(/^Nie udało się wczytać danych od nowa z serwera synchronizacji.*: sieć niedostępna/)
    expect((await o.a.call('customers.search', { query: 'kozlowski1', limit: 5 }, o.aToken)).length).toBe(1)
  })
})
