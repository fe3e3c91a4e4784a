// A hub served over real HTTP(S) on loopback (SQLite or PostgreSQL store) and two desks that talk
// to it through the production transport: desk A set up, desk B joined from the snapshot. Used by
// the live-propagation and TLS tests and the propagation bench.
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { HubTrust } from '../../src-main/platform/hub-client/hub-tls'
import { httpTransport, type HubTransport } from '../../src-main/platform/hub-client/transport'
import { settings } from '../../src-main/db/schema'
import { syncedEntityFields } from '../../src-main/db/tables'
import { createHubServer, type HubServerOptions } from '../../src-main/hub/http'
import { Hub } from '../../src-main/hub/hub'
import { openPostgresHubStore, openSqliteHubStore, type HubStore } from '../../src-main/hub/storage'
import { ADMIN, makeSetUpDesk, makeTestDesk, type TestDesk } from './desk'

export interface LiveOfficeOptions {
  /** PostgreSQL URL of an empty database; SQLite in a temp dir without it. */
  postgresUrl?: string
  server?: HubServerOptions
  /** Host name desks use in the hub's address (default 127.0.0.1). */
  host?: string
  trustA?: HubTrust
  trustB?: HubTrust
  /** Desk A uses its saved settings (sync.configure), as in production, instead of a test transport. */
  aFromSettings?: boolean
}

export async function liveOffice(options: LiveOfficeOptions = {}) {
  const cleanup: Array<() => unknown> = []
  const dir = mkdtempSync(join(tmpdir(), 'ibok-live-hub-'))
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
  const scheme = options.server?.tls ? 'https' : 'http'
  const ref: { url?: string; aToken?: string; bToken?: string } = {}
  const made = await makeSetUpDesk(options.aFromSettings ? {} : { syncTransport: () => (ref.url ? httpTransport(ref.url, ref.aToken!, 15_000, options.trustA) : null) })
  const a = made.desk
  cleanup.push(() => a.dispose())
  const store: HubStore = options.postgresUrl ? await openPostgresHubStore(options.postgresUrl) : openSqliteHubStore(join(dir, 'hub.db'))
  cleanup.push(() => store.close())
  const hub = await Hub.open(store, { entityFields: syncedEntityFields, schemaVersion: a.services.db.schemaVersion })
  ref.aToken = await hub.addDesk('K1', 'Okienko 1')
  ref.bToken = await hub.addDesk('K2', 'Okienko 2')
  const server = createHubServer(hub, options.server)
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  cleanup.push(() => new Promise((done) => server.close(done)))
  const port = (server.address() as AddressInfo).port
  ref.url = `${scheme}://${options.host ?? '127.0.0.1'}:${port}`
  const bTransport = (trust = options.trustB): HubTransport => httpTransport(ref.url!, ref.bToken!, 15_000, trust)
  const b: TestDesk = makeTestDesk({ syncTransport: () => bTransport() })
  cleanup.push(() => b.dispose())
  // A new desk knows only its own station; everything else comes from the hub's snapshot.
  b.services.db.write({ staffId: null, stationCode: 'K2', operation: 'test.join' }, (tx) =>
    tx.insert(settings, { id: 'station', value: JSON.stringify({ stationCode: 'K2', stationName: 'Okienko 2' }) }),
  )
  return {
    a,
    b,
    aToken: made.token,
    hub,
    server,
    port,
    url: () => ref.url!,
    aDeskToken: ref.aToken,
    bDeskToken: ref.bToken,
    bTransport,
    /** Desk B takes the office from the snapshot and signs in as the admin. */
    async joinB(): Promise<string> {
      await b.sync.resetFromSnapshot()
      return (await b.call('staff.login', { login: ADMIN.login, password: ADMIN.password })).token
    },
    async dispose() {
      for (const fn of cleanup.splice(0).reverse()) await fn()
    },
  }
}
