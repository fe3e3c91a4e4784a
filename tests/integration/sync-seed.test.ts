// An office whose data was loaded in bulk on its first desk (demo, migration) reaches an empty hub
// as its starting state (hub.js --seed-from), and a new desk joins it from the snapshot over HTTP.
import { mkdtempSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { loadDemoOffice } from '../../src-main/core/system/demo/load'
import { httpTransport, type HubTransport } from '../../src-main/platform/hub-client/transport'
import { settings } from '../../src-main/db/schema'
import { createHubServer } from '../../src-main/hub/http'
import { syncedEntityFields } from '../../src-main/db/tables'
import { Hub } from '../../src-main/hub/hub'
import { openPostgresHubStore } from '../../src-main/hub/storage'
import { seedHubFromDesk } from '../../src-main/hub/seed'
import { makeTestDesk, type TestDesk } from '../support/desk'
import { startPostgres, type PostgresServer } from '../support/postgres'
import { attachReplica, inProcessTransport, joinInput, makeSqliteHub, type Network } from '../support/sync'
import { HubReplica } from '../../src-main/hub/replica'

const TODAY = '2026-05-15'
const NOW = new Date(`${TODAY}T08:00:00Z`)
const PASSWORD = 'Demo-Krucza-10'

const cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

const count = (desk: TestDesk, table: string) => (desk.services.db.readSql.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
const SYNCED_COUNTS = ['customers', 'meters', 'readings', 'invoices', 'invoice_lines', 'payments', 'staff', 'settings']

async function seededOffice() {
  const network: Network = { state: new Map() }
  const ref: { hub?: Hub } = {}
  const a = makeTestDesk({ now: () => NOW, syncTransport: () => inProcessTransport(() => ref.hub!, 'K1', network) })
  cleanup.push(() => a.dispose())
  await loadDemoOffice(a.services, { seed: 11, customers: 40, years: 2, today: TODAY })
  const h = await makeSqliteHub({ schemaVersion: a.services.db.schemaVersion })
  cleanup.push(() => h.dispose())
  ref.hub = h.hub
  const seeded = await seedHubFromDesk(h.hub, a.databaseFile)
  await h.hub.addDesk('K1', 'Okienko 1')
  const k2 = await h.hub.addDesk('K2', 'Okienko 2')
  const server = createHubServer(h.hub)
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  cleanup.push(() => new Promise((done) => server.close(done)))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { a, hub: h.hub, seeded, url, k2Token: k2, network }
}

function newDesk(transport: () => HubTransport): TestDesk {
  const b = makeTestDesk({ now: () => NOW, syncTransport: transport })
  cleanup.push(() => b.dispose())
  // A new desk knows only its own station; everything else comes from the hub.
  b.services.db.write({ staffId: null, stationCode: 'K2', operation: 'test.join' }, (tx) =>
    tx.insert(settings, { id: 'station', value: JSON.stringify({ stationCode: 'K2', stationName: 'Okienko 2' }) }),
  )
  return b
}

describe('an office loaded in bulk, published to an empty hub', () => {
  it('--seed-from also makes the hub\'s ready file from the desk\'s file, without that desk\'s own data; a new desk joins from it', async () => {
    const { a, hub, seeded } = await seededOffice()
    const dir = mkdtempSync(join(tmpdir(), 'ibok-replica-'))
    expect(await HubReplica.seedFrom(hub, dir, a.databaseFile, a.services.db.schemaVersion)).toBe(true)
    const r = await attachReplica(hub, dir)
    cleanup.push(() => r.dispose())
    const copy = await r.replica.handOut(a.services.db.schemaVersion)
    const Database = (await import('better-sqlite3')).default
    const file = new Database(copy!.file, { readonly: true })
    // The first desk's own: its history, queue, station and sync settings, and the derived search index.
    expect(file.prepare("SELECT (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM change_log) + (SELECT count(*) FROM settings WHERE id IN ('station', 'sync', 'smtp.password')) + (SELECT count(*) FROM customer_search) AS n").get()).toEqual({ n: 0 })
    expect(file.prepare('SELECT count(*) AS n FROM customers').get()).toEqual({ n: count(a, 'customers') })
    file.close()
    copy!.release()

    const b = makeTestDesk({ now: () => NOW, syncTransport: () => inProcessTransport(() => hub, 'K2', { state: new Map() }) })
    cleanup.push(() => b.dispose())
    const swapped = vi.spyOn(b.services.db, 'replaceWith')
    await b.call('system.joinOffice', joinInput('K2'))
    expect(swapped).toHaveBeenCalledTimes(1)
    for (const table of SYNCED_COUNTS.filter((t) => t !== 'settings')) expect(count(b, table), table).toBe(count(a, table))
    expect(seeded.rows).toBeGreaterThan(0)
    const token = (await b.call('staff.login', { login: 'admin', password: PASSWORD })).token
    expect((await b.call('customers.search', { query: 'a' }, token)).length).toBeGreaterThan(0)
  })

  it('a new desk joins over HTTP with the whole office: rows, logins and customer search', async () => {
    const { a, seeded, url, k2Token } = await seededOffice()
    const b = newDesk(() => httpTransport(url, k2Token))
    const { rows } = await b.sync.resetFromSnapshot()
    expect(rows).toBe(seeded.rows)
    for (const table of SYNCED_COUNTS) expect([table, count(b, table)]).toEqual([table, count(a, table)])
    // The demo staff sign in on the new desk, and the search index was built from the loaded rows.
    const session = await b.call('staff.login', { login: 'urzednik', password: PASSWORD })
    const someone = a.services.db.readSql.prepare('SELECT id, last_name FROM customers WHERE last_name IS NOT NULL ORDER BY customer_no LIMIT 1').get() as { id: string; last_name: string }
    const hits = await b.call('customers.search', { query: someone.last_name, limit: 50 }, session.token)
    expect(hits.map((h) => h.id)).toContain(someone.id)
  })

  it('an edit of a seeded row on the new desk reaches the first desk, without a conflict', async () => {
    const { a, hub, url, k2Token } = await seededOffice()
    // The first desk's own queued setup changes (office settings, staff) go in on top of the seed.
    expect((await a.sync.syncOnce()).errorCode).toBeNull()
    const b = newDesk(() => httpTransport(url, k2Token))
    await b.sync.resetFromSnapshot()
    const session = await b.call('staff.login', { login: 'urzednik', password: PASSWORD })
    const id = (a.services.db.readSql.prepare("SELECT id FROM customers WHERE kind = 'person' ORDER BY customer_no LIMIT 1").get() as { id: string }).id
    const card = await b.call('customers.get', { id }, session.token)
    const c = card.customer
    await b.call(
      'customers.update',
      {
        id,
        data: {
          kind: 'person',
          firstName: c.firstName,
          lastName: c.lastName,
          pesel: c.pesel,
          email: c.email,
          phone: '600 123 456',
          correspondenceAddress: c.correspondenceAddress,
        },
      },
      session.token,
    )
    expect((await b.sync.syncOnce()).errorCode).toBeNull()
    expect((await a.sync.syncOnce()).errorCode).toBeNull()
    const onA = a.services.db.readSql.prepare('SELECT phone FROM customers WHERE id = ?').get(id) as { phone: string }
    expect(onA.phone).toBe('600 123 456')
    expect(await hub.openConflicts()).toEqual([])
    expect(b.services.sync.pendingCount()).toBe(0)
  })

  it('the starting state goes only into an empty hub', async () => {
    const { a, hub } = await seededOffice()
    await expect(seedHubFromDesk(hub, a.databaseFile)).rejects.toThrow(/pustego/)
  })

  it('a snapshot broken off half-way leaves the desk as it was; the next attempt completes', async () => {
    const { a, hub, network } = await seededOffice()
    // Small pages, and the network drops on the third one.
    let pages = 0
    const base = inProcessTransport(() => hub, 'K2', network)
    const flaky: HubTransport = {
      ...base,
      snapshot: async (cursor, after) => {
        if (++pages === 3 && network.state.get('K2') === 'down') throw new Error('sieć niedostępna (test)')
        return JSON.parse(JSON.stringify(await hub.snapshot(cursor, after, 200)))
      },
    }
    const b = newDesk(() => flaky)
    network.state.set('K2', 'down')
    await expect(b.sync.resetFromSnapshot()).rejects.toThrow(/sieć/)
    expect(count(b, 'customers')).toBe(0)
    expect(count(b, 'settings')).toBe(1) // only its own station
    // The desk still takes writes once the attempt is over.
    b.services.db.write({ staffId: null, stationCode: 'K2', operation: 'test.after' }, (tx) => tx.note('settings', 'station', { checked: true }))
    network.state.set('K2', 'up')
    pages = 0
    const { rows } = await b.sync.resetFromSnapshot()
    expect(rows).toBeGreaterThan(600)
    expect(count(b, 'customers')).toBe(count(a, 'customers'))
    expect(count(b, 'readings')).toBe(count(a, 'readings'))
  })
})

describe('the starting state on a PostgreSQL hub', () => {
  let pg: PostgresServer
  beforeAll(async () => {
    pg = await startPostgres()
  }, 120_000)
  afterAll(() => pg?.stop())

  const allRows = async (hub: Hub) => {
    const rows: unknown[] = []
    let after: string | null = null
    for (;;) {
      const page = await hub.snapshot(null, after, 300)
      rows.push(...page.rows)
      if (page.done || !page.next) break
      after = page.next
    }
    return rows
  }

  it('holds the same snapshot as the SQLite hub, page by page', async () => {
    const { a, hub: sqliteHub } = await seededOffice()
    pg.createDatabase('hub_seed')
    const store = await openPostgresHubStore(pg.url('hub_seed'))
    try {
      const hub = await Hub.open(store, { entityFields: syncedEntityFields, schemaVersion: a.services.db.schemaVersion })
      await seedHubFromDesk(hub, a.databaseFile)
      const [onPg, onSqlite] = [await allRows(hub), await allRows(sqliteHub)]
      // The two databases may collate ids differently: compare the same rows in one order.
      const key = (r: unknown) => JSON.stringify(r)
      expect(onPg.length).toBeGreaterThan(600)
      expect(onPg.map(key).sort()).toEqual(onSqlite.map(key).sort())
      expect(new Set(onPg.map((r) => `${(r as { entity: string }).entity}/${(r as { entityId: string }).entityId}`)).size).toBe(onPg.length)
    } finally {
      await store.close()
      pg.dropDatabase('hub_seed')
    }
  }, 120_000)
})
