// Live propagation (issue 14): desks follow the hub's event stream, so a change made on one desk
// shows on the other without anyone pressing "Synchronizuj teraz" and long before the next poll.
// Polling in these tests is once a minute: only the stream can explain what B sees within seconds.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSyncLoop } from '../../src-main/core/sync/loop'
import { createHubServer } from '../../src-main/hub/http'
import { liveOffice } from '../support/live-office'
import { startPostgres, type PostgresServer } from '../support/postgres'

const POLL_MS = 60_000
const cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

let pg: PostgresServer | null = null
beforeAll(async () => {
  pg = await startPostgres()
  pg.createDatabase('hub_live')
}, 60_000)
afterAll(() => pg?.stop())

const person = (lastName: string) => ({
  kind: 'person' as const,
  firstName: 'Michał',
  lastName,
  email: null,
  phone: '600 000 001',
  correspondenceAddress: { street: 'Grecka', houseNo: '5', postalCode: '22-400', city: 'Zamość' },
})

/** Polls a condition every 50 ms; fails with `what` after `ms`. */
async function eventually(what: string, check: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const until = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms: ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe.each([
  ['SQLite', () => undefined],
  ['PostgreSQL', () => pg!.url('hub_live')],
])('live propagation, %s hub', (_engine, postgresUrl) => {
  it('a customer registered on desk A appears on desk B without B syncing by hand', { timeout: 60_000 }, async () => {
    const office = await liveOffice({ postgresUrl: postgresUrl() })
    cleanup.push(() => office.dispose())
    const { a, b, aToken } = office
    expect((await a.sync.syncOnce()).errorCode).toBeNull()
    const bToken = await office.joinB()
    cleanup.push(startSyncLoop(a.services.db, a.sync, POLL_MS, () => {}), startSyncLoop(b.services.db, b.sync, POLL_MS, () => {}))
    // Let both loops open their streams (their first round runs after a second).
    await new Promise((r) => setTimeout(r, 1500))
    for (const name of ['Kozłowski', 'Wiśniewska']) {
      const c = await a.call('customers.create', person(name), aToken)
      await eventually(`${name} on desk B`, async () => (await b.call('customers.search', { query: name, limit: 5 }, bToken)).some((h) => h.id === c.id))
    }
    expect((await b.call('sync.status', {}, bToken)).phase).toBe('online')
  })
})

describe('the hub event stream', () => {
  it('asks for the desk token and holds a bounded number of streams (the next desk polls)', async () => {
    const office = await liveOffice({ server: { maxEventStreams: 1 } })
    cleanup.push(() => office.dispose())
    const anonymous = await fetch(`${office.url()}/v1/sync/events`)
    expect(anonymous.status).toBe(401)
    expect((await anonymous.json()) as unknown).toMatchObject({ code: 'UNAUTHENTICATED' })
    const first = new AbortController()
    const heads: number[] = []
    const open = office.bTransport().events!((h) => heads.push(h), first.signal)
    await eventually('the first stream opens', () => heads.length > 0)
    await expect(office.bTransport().events!(() => {}, new AbortController().signal)).rejects.toMatchObject({ body: { code: 'BUSY' } })
    first.abort()
    await open
  })

  it('one desk holds at most three streams: a fourth ends its oldest (left over from a reconnect)', async () => {
    const office = await liveOffice()
    cleanup.push(() => office.dispose())
    const stop = new AbortController()
    const ended: number[] = []
    const opened: number[] = []
    const streams = [0, 1, 2, 3].map(async (i) => {
      // One after the other, so that "oldest" is well defined.
      await new Promise((r) => setTimeout(r, i * 300))
      await office.bTransport().events!(() => opened.push(i), stop.signal)
      ended.push(i)
    })
    await eventually('the fourth stream opens and the first ends', () => opened.includes(3) && ended.includes(0))
    expect(ended).toEqual([0])
    stop.abort()
    await Promise.all(streams)
  })

  it('a desk reconnects after the hub restarts and changes flow again', { timeout: 60_000 }, async () => {
    const office = await liveOffice()
    cleanup.push(() => office.dispose())
    const { a, b, aToken } = office
    expect((await a.sync.syncOnce()).errorCode).toBeNull()
    const bToken = await office.joinB()
    const opts = { reconnectMinMs: 200, reconnectMaxMs: 1000 }
    cleanup.push(startSyncLoop(a.services.db, a.sync, POLL_MS, () => {}, opts), startSyncLoop(b.services.db, b.sync, POLL_MS, () => {}, opts))
    await new Promise((r) => setTimeout(r, 1500))
    // The hub goes away (its streams end) and comes back on the same port.
    await new Promise((done) => office.server.close(done))
    const again = createHubServer(office.hub)
    await new Promise<void>((done) => again.listen(office.port, '127.0.0.1', done))
    cleanup.push(() => new Promise((done) => again.close(done)))
    await new Promise((r) => setTimeout(r, 1500))
    const c = await a.call('customers.create', person('Zielińska'), aToken)
    await eventually('Zielińska on desk B', async () => (await b.call('customers.search', { query: 'Zielińska', limit: 5 }, bToken)).some((h) => h.id === c.id))
  })
})
