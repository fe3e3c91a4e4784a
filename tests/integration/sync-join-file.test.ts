// A new desk's first sync as a ready file (issue 19): the hub keeps the office as a desk database
// (its replica) and a joining desk downloads a copy, checks it and swaps it in, then pulls the log
// after the copy's seq. The same office as a desk that joined from row pages; all or nothing when
// the download breaks; row pages when the hub has no file for this desk's schema version.
import Database from 'better-sqlite3'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LOCAL_ONLY_SETTINGS, LOCAL_ONLY_TABLES } from '../../shared/sync/entities'
import { customers } from '../../src-main/db/schema'
import { tablesByName } from '../../src-main/db/tables'
import { createHubServer } from '../../src-main/hub/http'
import { zstdAvailable } from '../../src-main/hub/replica'
import { httpTransport, replicaEncodingFor, type HubTransport } from '../../src-main/platform/hub-client/transport'
import { makeTestDesk, type TestDesk } from '../support/desk'
import { seedCustomer, seedTariffGroups } from '../support/office-seed'
import { attachReplica, joinInput, makeOffice } from '../support/sync'

const cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

/** Every synced row of a desk (local-only tables and settings left out), and the hub versions it holds. */
function syncedRows(desk: TestDesk): Record<string, unknown[]> {
  const db = desk.services.db.readSql
  const out: Record<string, unknown[]> = {}
  for (const [name] of tablesByName) {
    if (LOCAL_ONLY_TABLES.has(name)) continue
    const rows = db.prepare(`SELECT * FROM "${name}" ORDER BY id`).all() as Array<{ id: string }>
    out[name] = name === 'settings' ? rows.filter((r) => !LOCAL_ONLY_SETTINGS.includes(r.id)) : rows
  }
  out.sync_versions = db.prepare('SELECT id, hub_seq FROM sync_versions ORDER BY id').all()
  return out
}

const phoneOf = (desk: TestDesk, id: string) => (desk.services.db.readSql.prepare('SELECT phone FROM customers WHERE id = ?').get(id) as { phone: string }).phone
const setPhone = (desk: TestDesk, station: string, id: string, phone: string) => desk.services.db.write({ staffId: null, stationCode: station, operation: 'test.edit' }, (tx) => tx.update(customers, id, { phone }))

async function officeWithCustomer() {
  const o = await makeOffice()
  cleanup.push(() => o.dispose())
  const groups = seedTariffGroups(o.a)
  const seeded = await seedCustomer(o.a, o.aToken, groups.paper)
  // A change through the log too, so the hub holds versions above 0.
  setPhone(o.a, 'K1', seeded.customer.id, '600 000 001')
  expect((await o.a.sync.syncOnce()).errorCode).toBeNull()
  return { o, customerId: seeded.customer.id }
}

describe('a new desk joins from the hub\'s ready file', () => {
  it('holds the same office as a desk that joined from row pages, under its own identity, and takes what changed after the file', async () => {
    const { o, customerId } = await officeWithCustomer()
    const r = await attachReplica(o.hub)
    cleanup.push(() => r.dispose())
    const handOut = vi.spyOn(r.replica, 'handOut')

    const k2 = await o.join('K2')
    expect(handOut).toHaveBeenCalledTimes(1)
    const copy = await handOut.mock.results[0].value
    expect(copy).toMatchObject({ seq: (await o.hub.identity()).headSeq, schemaVersion: o.a.services.db.schemaVersion })

    // The same hub, no file: the row-page join, as before.
    o.hub.replica = null
    const k3 = await o.join('K3')
    expect(syncedRows(k2.desk)).toEqual(syncedRows(k3.desk))
    // Its own identity: station, token, position in the log, no copy of the first desk's history.
    expect(k2.desk.services.stationCode()).toBe('K2')
    const state = k2.desk.services.db.readSql.prepare('SELECT cursor, hub_url AS hubUrl, desk_token AS deskToken, hub_id AS hubId FROM sync_state').get()
    expect(state).toEqual({ cursor: (await o.hub.identity()).headSeq, hubUrl: joinInput('K2').hubUrl, deskToken: joinInput('K2').deskToken, hubId: (await o.hub.identity()).hubId })
    expect(k2.desk.services.db.readSql.prepare("SELECT count(*) AS n FROM audit_log WHERE station_code = 'K1'").get()).toEqual({ n: 0 })
    // Search works on the swapped-in file (its index is built by the desk).
    const found = await k2.desk.call('customers.search', { query: 'Żółkiewska' }, k2.token)
    expect(found.map((c) => c.id)).toContain(customerId)

    // A change after the file arrives by pull; the new desk's own change reaches the others.
    setPhone(o.a, 'K1', customerId, '600 000 002')
    expect((await o.a.sync.syncOnce()).errorCode).toBeNull()
    expect((await k2.desk.sync.syncOnce()).errorCode).toBeNull()
    expect(phoneOf(k2.desk, customerId)).toBe('600 000 002')
    setPhone(k2.desk, 'K2', customerId, '600 000 003')
    expect((await k2.desk.sync.syncOnce()).errorCode).toBeNull()
    expect((await o.a.sync.syncOnce()).errorCode).toBeNull()
    expect(phoneOf(o.a, customerId)).toBe('600 000 003')
  })

  /** A hub with its ready file, and a new desk K2 not yet joined: its database file and that file's inode. */
  async function newDeskBesideReplica(o: Awaited<ReturnType<typeof officeWithCustomer>>['o']) {
    const r = await attachReplica(o.hub)
    cleanup.push(() => r.dispose())
    await o.hub.addDesk('K2', 'Okienko 2')
    const desk = makeTestDesk({ syncTransport: o.transportOf('K2'), mailSender: 'manual' })
    cleanup.push(() => desk.dispose())
    const file = desk.services.db.file
    return { desk, file, before: statSync(file).ino }
  }

  it('the prepared file becomes the database by a rename, not a copy; services made before the join serve it: a card, a meter, a reading, search, login, a write that is pushed', async () => {
    const { o, customerId } = await officeWithCustomer()
    const { supplyPointId } = o.a.services.db.readSql.prepare('SELECT supply_point_id AS supplyPointId FROM contracts WHERE customer_id = ?').get(customerId) as { supplyPointId: string }
    const installed = { supplyPointId, serialNo: 'ZM50000001', kind: 'main', diameterMm: 15, installedOn: '2024-01-02', legalisationYear: 2024, sealNo: 'PL2000001', initialM3: 0 } as const
    const meter = await o.a.call('meters.install', installed, o.aToken)
    expect((await o.a.sync.syncOnce()).errorCode).toBeNull()
    const { desk, file, before } = await newDeskBesideReplica(o)
    // Statement caches of the old connection are filled before the join (login reads staff; the card).
    await expect(desk.call('staff.login', { login: 'admin', password: 'Admin-haslo-2026' })).rejects.toBeTruthy()

    await desk.call('system.joinOffice', joinInput('K2'))
    // Another file took the database's name (the backup API would have rewritten the same file).
    expect(statSync(file).ino).not.toBe(before)
    expect(readdirSync(desk.dir).filter((f) => f.includes('.join-'))).toEqual([])

    const { token } = await desk.call('staff.login', { login: 'admin', password: 'Admin-haslo-2026' })
    const card = await desk.call('customers.get', { id: customerId }, token)
    expect(card.customer).toMatchObject({ id: customerId, phone: '600 000 001' })
    expect(card.meters.map((m) => m.id)).toEqual([meter.id])
    // The whole card in one request reads through statements cached per connection.
    const whole = await desk.call('customers.card', { id: customerId }, token)
    expect(whole.card.customer).toMatchObject({ id: customerId, phone: '600 000 001' })
    expect(whole.settlement).toBeTruthy()
    await desk.call('readings.record', { meterId: meter.id, readOn: '2026-11-20', valueM3: 50, kind: 'customer', source: 'telefon' }, token)
    expect((await desk.call('readings.history', { meterId: meter.id }, token)).map((x) => x.valueM3)).toContain(50)
    expect((await desk.call('customers.search', { query: 'Żółkiewska' }, token)).map((c) => c.id)).toContain(customerId)
    setPhone(desk, 'K2', customerId, '600 000 009')
    expect((await desk.sync.syncOnce()).errorCode).toBeNull()
    expect((await o.a.sync.syncOnce()).errorCode).toBeNull()
    expect(phoneOf(o.a, customerId)).toBe('600 000 009')
    expect(o.a.services.db.readSql.prepare('SELECT count(*) AS n FROM readings WHERE meter_id = ? AND value_m3 = 50').get(meter.id)).toEqual({ n: 1 })
  })

  it('another connection holding the database\'s WAL (a backup being taken): the file is copied in instead, and the desk joins all the same', async () => {
    const { o, customerId } = await officeWithCustomer()
    const { desk, file, before } = await newDeskBesideReplica(o)
    const reader = new Database(file, { readonly: true })
    cleanup.push(() => reader.close())
    reader.exec('BEGIN')
    reader.prepare('SELECT count(*) FROM sync_state').get()
    reader.pragma('busy_timeout = 0')

    await desk.call('system.joinOffice', joinInput('K2'))
    expect(statSync(file).ino).toBe(before)
    expect(phoneOf(desk, customerId)).toBe('600 000 001')
    expect(desk.services.stationCode()).toBe('K2')
  })

  it('two desks join at the same moment from the same copy; nothing is left over at the hub', async () => {
    const { o, customerId } = await officeWithCustomer()
    const r = await attachReplica(o.hub)
    cleanup.push(() => r.dispose())
    const [k2, k3] = await Promise.all([o.join('K2'), o.join('K3')])
    expect([phoneOf(k2.desk, customerId), phoneOf(k3.desk, customerId)]).toEqual(['600 000 001', '600 000 001'])
    expect([k2.desk.services.stationCode(), k3.desk.services.stationCode()]).toEqual(['K2', 'K3'])
    // One ready copy (and its zstd twin) beside the replica, no temporary files.
    expect(readdirSync(r.dir).filter((f) => f !== 'replica.db' && !f.startsWith('replica.db-')).map((f) => f.replace(/-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, ''))).toEqual(['replica-ready-' + (await o.hub.identity()).headSeq + '.db', 'replica-ready-' + (await o.hub.identity()).headSeq + '.db.zst'])
  })

  it('a download cut off or corrupted leaves the desk as it was (not joined, working); joining again succeeds', async () => {
    const { o } = await officeWithCustomer()
    const r = await attachReplica(o.hub)
    cleanup.push(() => r.dispose())
    await o.hub.addDesk('K2', 'Okienko 2')
    const desk = makeTestDesk({ syncTransport: o.transportOf('K2'), mailSender: 'manual' })
    cleanup.push(() => desk.dispose())
    const leftovers = () => readdirSync(desk.dir).filter((f) => f.includes('.join-'))

    o.network.replicaFault = new Map([['K2', 'cut']])
    await expect(desk.call('system.joinOffice', joinInput('K2'))).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('przerwane') })
    expect(await desk.call('system.status', {})).toMatchObject({ setupDone: false })
    expect(leftovers()).toEqual([])

    o.network.replicaFault.set('K2', 'corrupt')
    await expect(desk.call('system.joinOffice', joinInput('K2'))).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('suma kontrolna') })
    expect(await desk.call('system.status', {})).toMatchObject({ setupDone: false })
    expect(desk.services.db.readSql.prepare('SELECT count(*) AS n FROM customers').get()).toEqual({ n: 0 })
    expect(leftovers()).toEqual([])

    o.network.replicaFault.delete('K2')
    await desk.call('system.joinOffice', joinInput('K2'))
    expect(await desk.call('system.status', {})).toMatchObject({ setupDone: true })
    expect(syncedRows(desk).customers).toEqual(syncedRows(o.a).customers)
    expect(leftovers()).toEqual([])
  })

  it('joins from row pages when the hub has no file for its schema version', async () => {
    const { o, customerId } = await officeWithCustomer()
    const r = await attachReplica(o.hub)
    cleanup.push(() => r.dispose())
    const version = o.a.services.db.schemaVersion
    expect(await r.replica.handOut(version + 1)).toBeNull()

    // A hub that hands out a file of another version anyway (one that ignores the desk's version).
    await o.hub.addDesk('K2', 'Okienko 2')
    const inner = o.transportOf('K2')()
    const transport: HubTransport = { ...inner, downloadReplica: async (file, v) => ((got) => got && { ...got, schemaVersion: v + 1 })(await inner.downloadReplica!(file, v)) }
    const desk = makeTestDesk({ syncTransport: () => transport, mailSender: 'manual' })
    cleanup.push(() => desk.dispose())
    const replaced = vi.spyOn(desk.services.db, 'replaceWith')
    await desk.call('system.joinOffice', joinInput('K2'))
    expect(replaced).not.toHaveBeenCalled()
    expect(phoneOf(desk, customerId)).toBe('600 000 001')
  })

  it('over HTTP: the file arrives compressed with zstd when the desk asks (Accept-Encoding) and raw otherwise, checked, and a desk joins from it; a hub without one answers "none"', async () => {
    const { o, customerId } = await officeWithCustomer()
    const r = await attachReplica(o.hub)
    cleanup.push(() => r.dispose())
    const server = createHubServer(o.hub)
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    cleanup.push(() => new Promise((done) => server.close(done)))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const token = await o.hub.addDesk('K2', 'Okienko 2')
    const dir = mkdtempSync(join(tmpdir(), 'ibok-dl-'))
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }))

    const t = httpTransport(url, token)
    // The desk chooses: zstd (this Node build has it) unless it asks for the raw file.
    expect(replicaEncodingFor()).toBe('zstd')
    const got = await t.downloadReplica!(join(dir, 'office.db'), o.a.services.db.schemaVersion)
    expect(got).toMatchObject({ encoding: 'zstd', seq: (await o.hub.identity()).headSeq, schemaVersion: o.a.services.db.schemaVersion, sha256: got!.receivedSha256, bytes: got!.receivedBytes })
    expect(readFileSync(join(dir, 'office.db')).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0')
    const raw = await t.downloadReplica!(join(dir, 'raw.db'), o.a.services.db.schemaVersion, 'identity')
    expect(raw).toMatchObject({ encoding: 'identity', sha256: got!.sha256, receivedSha256: got!.sha256, receivedBytes: got!.bytes })
    expect(readFileSync(join(dir, 'raw.db'))).toEqual(readFileSync(join(dir, 'office.db')))
    expect(zstdAvailable).toBe(true)
    const copy = await r.replica.handOut(o.a.services.db.schemaVersion)
    expect(copy!.zstd!.bytes).toBeLessThan(copy!.bytes / 3)
    copy!.release()

    const desk = makeTestDesk({ syncTransport: () => httpTransport(url, token), mailSender: 'manual' })
    cleanup.push(() => desk.dispose())
    const replaced = vi.spyOn(desk.services.db, 'replaceWith')
    await desk.call('system.joinOffice', { ...joinInput('K2'), hubUrl: url, deskToken: token })
    expect(replaced).toHaveBeenCalledTimes(1)
    expect(phoneOf(desk, customerId)).toBe('600 000 001')

    o.hub.replica = null
    expect(await t.downloadReplica!(join(dir, 'none.db'), o.a.services.db.schemaVersion)).toBeNull()
  })
})
