// What a real office does to sync (issue 14, defects 1, 6, 7 and 8), on the SQLite hub and on a
// real PostgreSQL hub: the same unique key claimed on two desks, hostile or broken pushes, bad
// pull parameters, and a status that tells the truth.
import { getTableColumns, type Column } from 'drizzle-orm'
import { createHash, randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { PROTOCOL_VERSION, type LogEntry, type Mutation } from '../../shared/sync/protocol'
import { createSyncService } from '../../src-main/core/sync/service'
import { HubUnreachable } from '../../src-main/platform/hub-client/transport'
import { bankStatements, bankTransactions, customers, numberSeries, payments, portalAccounts, settings, staff } from '../../src-main/db/schema'
import { syncModel } from '../../src-main/db/sync-model'
import { syncedEntityFields, tablesByName } from '../../src-main/db/tables'
import { newId } from '../../src-main/db/write'
import { createHubServer } from '../../src-main/hub/http'
import { Hub } from '../../src-main/hub/hub'
import type { HubStore } from '../../src-main/hub/storage'
import { makeSetUpDesk, makeTestDesk, signInNewStaff, type TestDesk } from '../support/desk'
import { startPostgres, type PostgresServer } from '../support/postgres'
import { inProcessTransport, makePostgresHub, makeSqliteHub, type Network } from '../support/sync'

const cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

let pg: PostgresServer | null = null
afterAll(() => pg?.stop())

type Engine = 'SQLite' | 'PostgreSQL'
const person = (lastName: string) => ({
  kind: 'person' as const,
  firstName: 'Jan',
  lastName,
  email: null,
  phone: '600 000 001',
  correspondenceAddress: { street: 'Grecka', houseNo: '5', postalCode: '22-400', city: 'Zamość' },
})

/** A set-up office on K1, K2 and K3 joined from the hub's snapshot, a clerk account, and a customer everyone has. */
async function office(engine: Engine) {
  const network: Network = { state: new Map() }
  const ref: { hub?: Hub } = {}
  const transport = (id: string) => () => inProcessTransport(() => ref.hub!, id, network)
  const made = await makeSetUpDesk({ syncTransport: transport('K1') })
  const k1 = made.desk
  const schemaVersion = k1.services.db.schemaVersion
  if (engine === 'PostgreSQL') pg ??= await startPostgres()
  const h = engine === 'SQLite' ? await makeSqliteHub({ schemaVersion }) : await makePostgresHub(pg!, { schemaVersion })
  ref.hub = h.hub
  for (const id of ['K1', 'K2', 'K3', 'K4']) await h.hub.addDesk(id, `Okienko ${id}`)
  cleanup.push(() => k1.dispose(), () => h.dispose())
  await signInNewStaff(k1, made.token, { login: 'urzednik', fullName: 'Joanna Kołodziej', role: 'clerk', password: 'Haslo-urzednika-1' })
  const customer = await k1.call('customers.create', person('Wspólny'), made.token)
  expect((await k1.sync.syncOnce()).errorCode).toBeNull()
  const join = async (id: string) => {
    const d = makeTestDesk({ syncTransport: transport(id) })
    cleanup.push(() => d.dispose())
    d.services.db.write({ staffId: null, stationCode: id, operation: 'test.join' }, (tx) =>
      tx.insert(settings, { id: 'station', value: JSON.stringify({ stationCode: id, stationName: id }) }),
    )
    await d.sync.resetFromSnapshot()
    return d
  }
  const k2 = await join('K2')
  const k3 = await join('K3')
  const login = async (d: TestDesk, who: 'admin' | 'urzednik') =>
    (await d.call('staff.login', who === 'admin' ? { login: 'admin', password: 'Admin-haslo-2026' } : { login: 'urzednik', password: 'Haslo-urzednika-1' })).token
  const staffId = (d: TestDesk, login: string) => d.services.db.orm.select().from(staff).all().find((s) => s.login === login)!.id
  const desks = { K1: k1, K2: k2, K3: k3 }
  const syncAll = async (rounds = 2) => {
    for (let i = 0; i < rounds; i++) for (const d of Object.values(desks)) await d.sync.syncOnce()
  }
  const status = async (d: TestDesk) => d.call('sync.status', {}, await login(d, 'urzednik'))
  /** Opens the hub again on the same store (as after a restart or an upgrade). */
  const reopen = async () => (ref.hub = await Hub.open(h.store, { entityFields: syncedEntityFields, schemaVersion }))
  return { reopen, hub: h.hub, store: h.store as HubStore, network, desks, k1, k2, k3, customer, join, login, staffId, syncAll, status, adminToken: made.token }
}

const count = (d: TestDesk, sql: string, ...params: unknown[]) => (d.services.db.sqlite.prepare(sql).get(...params) as { n: number }).n
const hubEntities = async (store: HubStore, entity: string) =>
  (await store.query<{ entity_id: string; data: string }>('SELECT entity_id, data FROM entities WHERE entity = ?', [entity])).map((r): Record<string, unknown> => ({ ...(JSON.parse(r.data) as Record<string, unknown>), id: r.entity_id }))

/** What importing one bank statement file writes (payments/import.ts): the statement, its payments and its lines. */
function importStatement(d: TestDesk, customerId: string, sha256: string) {
  d.services.db.write({ staffId: null, stationCode: d.services.stationCode(), operation: 'payments.importStatement' }, (tx) => {
    const statementId = newId()
    tx.insert(bankStatements, { id: statementId, fileName: 'wyciag.sta', format: 'mt940', sha256, transactionCount: 3, matchedCount: 3, matchedTotal: 600, unmatchedCount: 0, importedAt: tx.now })
    for (let i = 1; i <= 3; i++) {
      const paymentId = newId()
      tx.insert(payments, { id: paymentId, customerId, paidOn: '2026-05-21', amount: 100 * i, method: 'bank', reference: `PKO000000${i}`, statementId, createdAt: tx.now })
      tx.insert(bankTransactions, { id: newId(), statementId, lineNo: i, bookedOn: '2026-05-21', amount: 100 * i, customerId, paymentId, status: 'matched' })
    }
  })
}

describe.each(['SQLite', 'PostgreSQL'] as const)('an office on a %s hub', (engine) => {
  it('two desks offline create a portal account for the same customer: one account everywhere, both desks see why, a clerk settles it, the rest keeps syncing', async () => {
    const o = await office(engine)
    const account = (d: TestDesk) =>
      d.services.db.write({ staffId: null, stationCode: d.services.stationCode(), operation: 'registration.createAccount' }, (tx) =>
        tx.insert(portalAccounts, { id: newId(), customerId: o.customer.id, login: o.customer.customerNo, state: 'pending', createdAt: tx.now, updatedAt: tx.now }),
      )
    o.network.state.set('K1', 'down')
    o.network.state.set('K2', 'down')
    account(o.k1)
    account(o.k2)
    // Meanwhile other work goes on, on a desk that took no part.
    const other = await o.k3.call('customers.create', person('Inny'), await o.login(o.k3, 'admin'))
    o.network.state.clear()
    await o.syncAll(3)

    for (const d of [o.k1, o.k2, o.k3]) {
      const status = await o.status(d)
      expect(status.lastError, `${d.services.stationCode()} lastError`).toBeNull()
      expect(status.phase).toBe('online')
      expect(count(d, 'SELECT count(*) n FROM portal_accounts WHERE customer_id = ?', o.customer.id)).toBe(1)
      expect(count(d, 'SELECT count(*) n FROM customers WHERE id = ?', other.id)).toBe(1)
    }
    const kept = o.k3.services.db.orm.select().from(portalAccounts).all()
    expect(o.k1.services.db.orm.select().from(portalAccounts).all()).toEqual(kept)
    expect(o.k2.services.db.orm.select().from(portalAccounts).all()).toEqual(kept)
    expect((await hubEntities(o.store, 'portal_accounts')).map((a) => a.id)).toEqual(kept.map((a) => a.id))

    // Both desks that took part show the problem in plain Polish.
    for (const d of [o.k1, o.k2]) {
      const [c] = await d.call('sync.conflicts', {}, await o.login(d, 'urzednik'))
      expect(c).toMatchObject({ kind: 'unique', entity: 'portal_accounts', entityId: kept[0].id, deskId: 'K2' })
      expect(c.subject).toContain('Konto w portalu iBOK')
      expect(c.explanation).toMatch(/Dwa stanowiska utworzyły to samo.*zapis ze stanowiska K2.*nie został zapisany/)
    }
    const [problem] = await o.k2.call('sync.problems', {}, await o.login(o.k2, 'admin'))
    expect(problem).toMatchObject({ entity: 'portal_accounts', status: 'rejected', reason: expect.stringContaining('jest już w biurze') })

    // A clerk settles it; the decision reaches every desk.
    const [c] = await o.k2.call('sync.conflicts', {}, await o.login(o.k2, 'urzednik'))
    await expect(o.k2.call('sync.resolveConflict', { id: c.id, choice: 'desk' }, await o.login(o.k2, 'urzednik'))).rejects.toMatchObject({ code: 'CONFLICT' })
    await o.k2.call('sync.resolveConflict', { id: c.id, choice: 'hub' }, await o.login(o.k2, 'urzednik'))
    await o.syncAll(2)
    for (const d of [o.k1, o.k2, o.k3]) expect(await d.call('sync.conflicts', {}, await o.login(d, 'urzednik'))).toEqual([])

    // A new desk joins, and a reset from the snapshot works.
    const k4 = await o.join('K4')
    expect(count(k4, 'SELECT count(*) n FROM portal_accounts')).toBe(1)
    expect((await k4.sync.syncOnce()).errorCode).toBeNull()
    await o.k1.sync.resetFromSnapshot()
    expect(count(o.k1, 'SELECT count(*) n FROM portal_accounts')).toBe(1)
  }, 60_000)

  it('a reset from the snapshot on a desk whose unsent change claims a key the office already has: the reset works, the change is refused', async () => {
    const o = await office(engine)
    const account = (d: TestDesk) =>
      d.services.db.write({ staffId: null, stationCode: d.services.stationCode(), operation: 'registration.createAccount' }, (tx) =>
        tx.insert(portalAccounts, { id: newId(), customerId: o.customer.id, login: o.customer.customerNo, state: 'pending', createdAt: tx.now, updatedAt: tx.now }),
      )
    o.network.state.set('K2', 'down')
    account(o.k2)
    account(o.k1)
    await o.k1.sync.syncOnce()
    o.network.state.clear()
    const status = await o.k2.call('sync.resetFromSnapshot', {}, await o.login(o.k2, 'admin'))
    expect(status).toMatchObject({ lastError: null, queued: 0 })
    await o.syncAll(2)
    for (const d of [o.k1, o.k2, o.k3]) {
      expect(count(d, 'SELECT count(*) n FROM portal_accounts')).toBe(1)
      expect(await o.status(d)).toMatchObject({ phase: 'online', openConflicts: 1 })
    }
  }, 60_000)

  it('a hub that already holds a duplicate (from before claims) drops the younger row on start: desks join and pull again', async () => {
    const o = await office(engine)
    o.k1.services.db.write({ staffId: null, stationCode: 'K1', operation: 'registration.createAccount' }, (tx) =>
      tx.insert(portalAccounts, { id: newId(), customerId: o.customer.id, login: o.customer.customerNo, state: 'pending', createdAt: tx.now, updatedAt: tx.now }),
    )
    await o.k1.sync.syncOnce()
    // What the old hub did: a second account for the same customer, accepted and logged.
    const [first] = await hubEntities(o.store, 'portal_accounts')
    const twin = randomUUID()
    await o.store.transaction(async (tx) => {
      await tx.query('INSERT INTO entities (entity, entity_id, data, versions, deleted, last_seq) VALUES (?, ?, ?, ?, 0, ?)', ['portal_accounts', twin, JSON.stringify({ ...first, id: twin }), '{}', 10_000])
      await tx.query('DELETE FROM claims')
    })
    await o.reopen()
    expect((await hubEntities(o.store, 'portal_accounts')).map((a) => a.id)).toEqual([first.id])
    const k4 = await o.join('K4')
    expect(count(k4, 'SELECT count(*) n FROM portal_accounts')).toBe(1)
    expect((await k4.sync.syncOnce()).errorCode).toBeNull()
  }, 60_000)

  it('the same bank statement imported on two offline desks: 3 payments for 3 transfers everywhere, not 6', async () => {
    const o = await office(engine)
    const sha = createHash('sha256').update('wyciąg 21.05').digest('hex')
    o.network.state.set('K1', 'down')
    o.network.state.set('K2', 'down')
    importStatement(o.k1, o.customer.id, sha)
    importStatement(o.k2, o.customer.id, sha)
    o.network.state.clear()
    await o.syncAll(3)
    const live = (await hubEntities(o.store, 'payments')).filter((p) => p.customerId === o.customer.id)
    expect(live).toHaveLength(3)
    expect(await hubEntities(o.store, 'bank_statements')).toHaveLength(1)
    expect(await hubEntities(o.store, 'bank_transactions')).toHaveLength(3)
    for (const d of [o.k1, o.k2, o.k3]) {
      expect(count(d, 'SELECT count(*) n FROM payments WHERE customer_id = ?', o.customer.id), d.services.stationCode()).toBe(3)
      expect(count(d, 'SELECT coalesce(sum(amount), 0) n FROM payments WHERE customer_id = ?', o.customer.id)).toBe(600)
      expect(count(d, 'SELECT count(*) n FROM bank_statements')).toBe(1)
      expect((await o.status(d)).phase).toBe('online')
    }
    const [c] = await o.k2.call('sync.conflicts', {}, await o.login(o.k2, 'urzednik'))
    expect(c).toMatchObject({ kind: 'unique', entity: 'bank_statements' })
    expect(c.explanation).toContain('wpłaty z drugiego importu wyciągu — żadna nie jest policzona dwa razy')
  }, 60_000)

  it('every unique key of the schema is claimed at the hub: the second claimant is refused and a conflict opened', async () => {
    const o = await office(engine)
    const admin = o.staffId(o.k1, 'admin')
    const valueFor = (c: Column, suffix: string): unknown => {
      const values = (c as { enumValues?: string[] }).enumValues
      if (values?.length) return values[0]
      if (c.dataType === 'number') return 7
      if (c.dataType === 'boolean') return false
      if (c.dataType === 'json') return {}
      return `${c.name}-${suffix}`
    }
    const rowOf = (entity: string, suffix: string, desk: string) => {
      const cols = getTableColumns(tablesByName.get(entity)!) as Record<string, Column>
      const row = Object.fromEntries(Object.entries(cols).filter(([k]) => k !== 'id').map(([k, c]) => [k, valueFor(c, suffix)]))
      if ('stationCode' in row) row.stationCode = desk
      return row
    }
    const counters = new Map<string, number>()
    const push = async (desk: string, entity: string, entityId: string, fields: Record<string, unknown>) => {
      const counter = (counters.get(desk) ?? (await o.hub.hello(desk, { protocol: PROTOCOL_VERSION, schemaVersion: o.k1.services.db.schemaVersion, deskId: desk })).lastCounter) + 1
      counters.set(desk, counter)
      const m: Mutation = { mutationId: randomUUID(), counter, hlc: `${String(Date.now()).padStart(15, '0')}-00000-${desk}`, entity, entityId, op: 'insert', fields, baseSeq: null, staffId: admin }
      const res = await o.hub.push(desk, { protocol: PROTOCOL_VERSION, schemaVersion: o.k1.services.db.schemaVersion, deskId: desk, mutations: [m] })
      return res.results[0]
    }
    const keys = [...syncModel].flatMap(([entity, m]) => m.uniqueKeys.map((key) => ({ entity, key })))
    expect(keys.map((k) => `${k.entity}(${k.key.join(',')})`)).toEqual(expect.arrayContaining(['portal_accounts(login)', 'bank_statements(sha256)', 'staff(login)', 'consent_texts(textId,version)']))
    for (const [i, { entity, key }] of keys.entries()) {
      // Number series belong to one station: its own second claim is the only one possible.
      const second = entity === 'number_series' ? 'K3' : 'K2'
      const a = rowOf(entity, `a${i}`, 'K3')
      const b = { ...rowOf(entity, `b${i}`, second), ...Object.fromEntries(key.map((f) => [f, a[f]])) }
      expect((await push('K3', entity, randomUUID(), a)).status, `${entity} first claim`).toBe('applied')
      const refused = await push(second, entity, randomUUID(), b)
      expect(refused, `${entity}(${key.join(',')}) second claim`).toMatchObject({ status: 'rejected', reason: expect.stringContaining('jest już w biurze') })
    }
    const conflicts = await o.hub.openConflicts()
    expect(conflicts.filter((c) => c.kind === 'unique')).toHaveLength(keys.length)
  }, 60_000)

  it('refuses malformed and over-privileged changes: nothing applied, no other desk stalls, the sender says why', async () => {
    const o = await office(engine)
    const clerkK2 = await o.login(o.k2, 'urzednik')
    const head = async () => (await o.hub.identity()).headSeq
    const db2 = o.k2.services.db

    // A malformed value (a number where the desk schema has text): 400, nothing applied.
    db2.write({ staffId: null, stationCode: 'K2', operation: 'test.hostile' }, (tx) => tx.update(customers, o.customer.id, { phone: '600 111 222' }))
    db2.sqlite.prepare("UPDATE change_log SET fields = json_set(fields, '$.phone', 12345) WHERE pushed_seq IS NULL").run()
    const before = await head()
    const out = await o.k2.sync.syncOnce()
    expect(out).toMatchObject({ phase: 'error', errorCode: 'BAD_REQUEST', error: expect.stringContaining('customers.phone') })
    expect(await head()).toBe(before)
    const status = await o.status(o.k2)
    expect(status).toMatchObject({ phase: 'error', lastError: expect.stringContaining('Serwer odrzucił paczkę zmian') })
    // The others go on — and the broken desk still takes their changes.
    const fromK1 = await o.k1.call('customers.create', person('Dalej'), o.adminToken)
    await o.k1.sync.syncOnce()
    await o.k3.sync.syncOnce()
    await o.k2.sync.syncOnce()
    expect(count(o.k3, 'SELECT count(*) n FROM customers WHERE id = ?', fromK1.id)).toBe(1)
    expect(count(o.k2, 'SELECT count(*) n FROM customers WHERE id = ?', fromK1.id)).toBe(1)
    expect((await o.status(o.k3)).phase).toBe('online')
    db2.sqlite.prepare('DELETE FROM change_log WHERE pushed_seq IS NULL').run()

    // base_seq beyond the hub's head: 400.
    db2.write({ staffId: null, stationCode: 'K2', operation: 'test.hostile' }, (tx) => tx.update(customers, o.customer.id, { phone: '600 333 444' }))
    db2.sqlite.prepare('UPDATE change_log SET base_seq = 1000000, counter = counter WHERE pushed_seq IS NULL').run()
    // (counters must stay gap-free: renumber the hostile change right after the last accepted one)
    const last = (await o.hub.hello('K2', { protocol: PROTOCOL_VERSION, schemaVersion: db2.schemaVersion, deskId: 'K2' })).lastCounter
    db2.sqlite.prepare('UPDATE change_log SET counter = ? WHERE pushed_seq IS NULL').run(last + 1)
    expect(await o.k2.sync.syncOnce()).toMatchObject({ errorCode: 'BAD_REQUEST', error: expect.stringContaining('powołuje się na wersję 1000000') })
    db2.sqlite.prepare('DELETE FROM change_log WHERE pushed_seq IS NULL').run()

    // A clerk's session makes itself admin: recorded as refused, put back on the desk.
    const clerkId = o.staffId(o.k2, 'urzednik')
    db2.write({ staffId: clerkId, stationCode: 'K2', operation: 'test.hostile' }, (tx) => tx.update(staff, clerkId, { role: 'admin' }))
    // Another station's number series rewound, and a customer deleted.
    const k1Series = db2.orm.select().from(numberSeries).all().find((s) => s.stationCode === 'K1')!
    db2.write({ staffId: null, stationCode: 'K2', operation: 'test.hostile' }, (tx) => tx.update(numberSeries, k1Series.id, { nextValue: 1 }))
    db2.write({ staffId: null, stationCode: 'K2', operation: 'test.hostile' }, (tx) => tx.update(customers, o.customer.id, { deletedAt: tx.now }))
    const counter = db2.sqlite.prepare('SELECT max(counter) n FROM change_log').pluck().get() as number
    db2.sqlite.prepare("UPDATE change_log SET op = 'delete', fields = '{}' WHERE counter = ?").run(counter)
    const results = await o.k2.sync.syncOnce()
    expect(results.errorCode).toBeNull()
    const problems = await o.k2.call('sync.problems', {}, await o.login(o.k2, 'admin'))
    expect(problems.slice(0, 3).map((p) => [p.entity, p.status, p.reason])).toEqual([
      ['customers', 'rejected', expect.stringContaining('Usuwanie rekordów „Klient” nie jest dozwolone')],
      ['number_series', 'rejected', 'Stanowisko może prowadzić tylko własne serie numerów'],
      ['staff', 'rejected', expect.stringContaining('tylko administrator')],
    ])
    await o.syncAll(2)
    for (const d of [o.k1, o.k2, o.k3]) {
      expect(d.services.db.orm.select().from(staff).all().find((s) => s.login === 'urzednik')!.role).toBe('clerk')
      expect(count(d, 'SELECT count(*) n FROM customers WHERE id = ? AND deleted_at IS NULL', o.customer.id)).toBe(1)
    }
    expect((await o.k2.call('staff.me', {}, clerkK2)).staff.role).toBe('clerk')
    // The owner's next number is still right.
    const next = await o.k1.call('customers.create', person('Kolejny'), o.adminToken)
    expect(next.customerNo).toBe('K1-000003')
  }, 60_000)

  it('pull and snapshot with a negative or non-numeric cursor or limit answer 400, never the whole log or a 500', async () => {
    const o = await office(engine)
    const token = await o.hub.addDesk('K9', 'Okienko 9')
    const server = createHubServer(o.hub)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanup.push(() => new Promise((resolve) => server.close(resolve)))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const get = (path: string) => fetch(base + path, { headers: { authorization: `Bearer ${token}` } })
    for (const q of ['cursor=-1', 'limit=-5', 'limit=abc', 'cursor=abc', 'limit=0', 'cursor=1e3', 'limit=1.5']) {
      const res = await get(`/v1/sync/pull?${q}`)
      expect(res.status, q).toBe(400)
      expect(await res.json()).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('Niepoprawny parametr') })
    }
    for (const q of ['cursor=-1', 'limit=-1', 'limit=x']) expect((await get(`/v1/sync/snapshot?${q}`)).status, q).toBe(400)
    const ok = await get('/v1/sync/pull?cursor=0&limit=2')
    expect(((await ok.json()) as { entries: unknown[] }).entries).toHaveLength(2)
  }, 60_000)

  it('the status never says "online" while the desk cannot sync', async () => {
    const o = await office(engine)
    // A failure the round did not foresee (a broken transport): an error with the reason, no 500.
    const broken = makeTestDesk({
      syncTransport: () => ({
        ...inProcessTransport(() => o.hub, 'K4', o.network),
        pull: () => Promise.reject(new TypeError('pull exploded')),
      }),
    })
    cleanup.push(() => broken.dispose())
    broken.services.db.write({ staffId: null, stationCode: 'K4', operation: 'test.join' }, (tx) =>
      tx.insert(settings, { id: 'station', value: JSON.stringify({ stationCode: 'K4', stationName: 'K4' }) }),
    )
    // Joined (the snapshot does not pull): a desk without an office syncs nothing piecemeal.
    await broken.sync.resetFromSnapshot()
    expect(await createSyncService(broken.services).syncNow()).toMatchObject({ phase: 'error', lastErrorCode: 'INTERNAL', lastError: expect.stringContaining('pull exploded') })

    // Offline: offline, with the reason.
    o.network.state.set('K3', 'down')
    await o.k3.sync.syncOnce()
    expect(await o.status(o.k3)).toMatchObject({ phase: 'offline', lastError: expect.stringContaining('niedostępna') })
    o.network.state.clear()

    // One hub change this desk cannot store: set aside, reported, the rest applies.
    const good = await o.k1.call('customers.create', person('Dobry'), o.adminToken)
    await o.k1.sync.syncOnce()
    const pulled = await o.hub.pull(o.k3.sync.state().cursor)
    const bad: LogEntry = { ...pulled.entries[0], seq: pulled.entries[0].seq, entity: 'customers', entityId: randomUUID(), op: 'insert', effective: { customerNo: null }, status: 'applied' }
    o.k3.sync.applyEntries([bad, ...pulled.entries.slice(1)].sort((a, b) => a.seq - b.seq))
    expect(count(o.k3, 'SELECT count(*) n FROM customers WHERE id = ?', good.id)).toBe(1)
    await o.k3.sync.syncOnce()
    const status = await o.status(o.k3)
    expect(status).toMatchObject({ phase: 'error', quarantined: 1, lastErrorCode: 'QUARANTINE', lastError: expect.stringContaining('nie dało się zapisać') })
    const [problem] = await o.k3.call('sync.problems', {}, await o.login(o.k3, 'admin'))
    expect(problem).toMatchObject({ status: 'quarantined', entity: 'customers' })

    // In step but not for a while: a warning.
    o.k1.services.db.sqlite.prepare("UPDATE sync_state SET last_sync_at = '2020-01-01T00:00:00.000Z'").run()
    expect((await o.status(o.k1)).phase).toBe('behind')
    await o.k1.sync.syncOnce()
    expect((await o.status(o.k1)).phase).toBe('online')
    expect(HubUnreachable).toBeDefined()
  }, 60_000)
})

describe('the hub knows every unique key of the desk schema', () => {
  let desk: TestDesk
  beforeAll(() => {
    desk = makeTestDesk()
  })
  afterAll(() => desk.dispose())

  it('every unique index of a migrated desk database (drizzle or custom SQL) is a claim the hub arbitrates', () => {
    const db = desk.services.db.sqlite
    const found: string[] = []
    for (const [entity] of syncModel) {
      const columns = getTableColumns(tablesByName.get(entity)!) as Record<string, Column>
      const keyOf = new Map(Object.entries(columns).map(([k, c]) => [c.name, k]))
      for (const idx of db.prepare(`PRAGMA index_list("${entity}")`).all() as Array<{ name: string; unique: number; origin: string }>) {
        if (!idx.unique || idx.origin === 'pk') continue
        const cols = (db.prepare(`PRAGMA index_info("${idx.name}")`).all() as Array<{ name: string }>).map((c) => keyOf.get(c.name) ?? c.name)
        found.push(`${entity}(${cols.join(',')})`)
      }
    }
    const claimed = [...syncModel].flatMap(([entity, m]) => m.uniqueKeys.map((k) => `${entity}(${k.join(',')})`))
    expect(found.sort()).toEqual(claimed.sort())
    expect(found.length).toBeGreaterThanOrEqual(15)
  })
})
