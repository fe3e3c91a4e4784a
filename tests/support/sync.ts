// A hub and several real desks in one process, with the network between them under test control:
// requests can be dropped before the hub sees them, or replies lost after it acted.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HubUnreachable, type HubTransport } from '../../src-main/core/sync/transport'
import { syncedEntityFields } from '../../src-main/db/tables'
import { hubFiles } from '../../src-main/server/hub/files'
import { Hub, SyncError } from '../../src-main/server/hub/hub'
import { openPostgresHubStore, openSqliteHubStore, type HubStore } from '../../src-main/server/hub/store'
import type { PostgresServer } from './postgres'
import { HubRefusal } from '../../src-main/core/sync/transport'

export interface Network {
  /** Per desk: 'up', 'down' (requests fail), 'lose-replies' (the hub acts, the desk hears nothing). */
  state: Map<string, 'up' | 'down' | 'lose-replies'>
}

const wire = <T>(value: T): T =>
  value === undefined || value === null ? value : Buffer.isBuffer(value) ? (Buffer.from(value) as T) : (JSON.parse(JSON.stringify(value)) as T)

/** The desk side of an in-process hub, going through JSON like the real wire. */
export function inProcessTransport(hub: () => Hub, deskId: string, network: Network): HubTransport {
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    const state = network.state.get(deskId) ?? 'up'
    if (state === 'down') throw new HubUnreachable('sieć niedostępna (test)')
    let result: T
    try {
      result = await fn()
    } catch (err) {
      if (err instanceof SyncError) throw new HubRefusal(err.toBody())
      throw err
    }
    if (state === 'lose-replies') throw new HubUnreachable('odpowiedź utracona (test)')
    return wire(result)
  }
  return {
    hello: (req) => call(() => hub().hello(deskId, wire(req))),
    push: (req) => call(() => hub().push(deskId, wire(req))),
    pull: (cursor, limit) => call(() => hub().pull(cursor, limit)),
    snapshot: (cursor, after) => call(() => hub().snapshot(cursor, after)),
    missingFiles: (hashes) => call(() => hubFiles(hub().store).missing(hashes)),
    uploadFile: (sha256, data) => call(async () => void (await hubFiles(hub().store).put(deskId, sha256, Buffer.from(data)))),
    downloadFile: (sha256) => call(async () => (await hubFiles(hub().store).get(sha256)) ?? null),
  }
}

export async function makeSqliteHub(options: { schemaVersion: number; now?: () => number; injectBugIgnoreBaseSeq?: boolean; file?: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'ibok-hub-'))
  const file = options.file ?? join(dir, 'hub.db')
  const store: HubStore = openSqliteHubStore(file)
  const hub = await Hub.open(store, { entityFields: syncedEntityFields, schemaVersion: options.schemaVersion, now: options.now, injectBugIgnoreBaseSeq: options.injectBugIgnoreBaseSeq })
  return {
    hub,
    store,
    file,
    async dispose() {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

let pgHubs = 0
/** The same hub on a fresh database of a running PostgreSQL server (tests/support/postgres.ts). */
export async function makePostgresHub(pg: PostgresServer, options: { schemaVersion: number; now?: () => number }) {
  const name = `hub_t${process.pid}_${++pgHubs}`
  pg.createDatabase(name)
  const store = await openPostgresHubStore(pg.url(name))
  const hub = await Hub.open(store, { entityFields: syncedEntityFields, schemaVersion: options.schemaVersion, now: options.now })
  return {
    hub,
    store,
    async dispose() {
      await store.close()
      pg.dropDatabase(name)
    },
  }
}
