// A hub and several real desks in one process, with the network between them under test control:
// requests can be dropped before the hub sees them, or replies lost after it acted.
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { HubUnreachable, type HubTransport } from '../../src-main/platform/hub-client/transport'
import { syncedEntityFields } from '../../src-main/db/tables'
import { hubFiles } from '../../src-main/hub/files'
import { Hub, SyncError } from '../../src-main/hub/hub'
import { HubReplica } from '../../src-main/hub/replica'
import { findResourcesDir } from '../../src-main/platform/paths'
import { openPostgresHubStore, openSqliteHubStore, type HubStore } from '../../src-main/hub/storage'
import type { PostgresServer } from './postgres'
import { HubRefusal } from '../../src-main/platform/hub-client/transport'

export interface Network {
  /** Per desk: 'up', 'down' (requests fail), 'lose-replies' (the hub acts, the desk hears nothing). */
  state: Map<string, 'up' | 'down' | 'lose-replies'>
  /** Per desk: the hub's ready office file arrives cut off half-way ('cut'), or with one byte changed ('corrupt'). */
  replicaFault?: Map<string, 'cut' | 'corrupt'>
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
    downloadReplica: (file, schemaVersion) =>
      call(async () => {
        const copy = await hub().replica?.handOut(schemaVersion)
        if (!copy) return null
        try {
          const bytes = readFileSync(copy.file)
          const fault = network.replicaFault?.get(deskId)
          if (fault === 'cut') {
            writeFileSync(file, bytes.subarray(0, bytes.length >> 1), { flag: 'wx' })
            throw new HubUnreachable('Pobieranie pliku z danymi biura przerwane: połączenie zerwane (test)')
          }
          if (fault === 'corrupt') bytes[bytes.length >> 1] ^= 0xff
          writeFileSync(file, bytes, { flag: 'wx' })
          const { seq, sha256 } = copy
          return { seq, schemaVersion: copy.schemaVersion, sha256, bytes: copy.bytes, receivedSha256: createHash('sha256').update(bytes).digest('hex'), receivedBytes: bytes.length, encoding: 'identity' as const }
        } finally {
          copy.release()
        }
      }),
  }
}

/** The hub keeps the office as a ready desk file (its replica, in a scratch dir): new desks join from it. */
export async function attachReplica(hub: Hub, dir = mkdtempSync(join(tmpdir(), 'ibok-replica-'))): Promise<{ replica: HubReplica; dir: string; dispose(): Promise<void>; close(): Promise<void> }> {
  const replica = new HubReplica(hub, dir, join(findResourcesDir(), 'migrations'), () => {})
  hub.replica = replica
  await replica.start()
  return {
    replica,
    dir,
    async dispose() {
      if (hub.replica === replica) hub.replica = null
      await replica.close()
      rmSync(dir, { recursive: true, force: true })
    },
    /** Closes it and leaves its directory (a hub process stopped). */
    async close() {
      if (hub.replica === replica) hub.replica = null
      await replica.close()
    },
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

/**
 * An office on a SQLite hub: desk K1 set up (admin signed in), more desks joined from the
 * snapshot on demand, a network under test control, and hub backup/restore (`--new-epoch`).
 */
/** An office on the SQLite hub, or — given a running PostgreSQL server — on the PostgreSQL hub. */
export async function makeOffice(options: { pg?: PostgresServer; replica?: boolean } = {}) {
  const { makeSetUpDesk, makeTestDesk } = await import('./desk')
  const network: Network = { state: new Map() }
  const ref: { hub?: Hub } = {}
  const transportOf = (id: string) => () => inProcessTransport(() => ref.hub!, id, network)
  const made = await makeSetUpDesk({ syncTransport: transportOf('K1'), mailSender: 'manual' })
  const schemaVersion = made.desk.services.db.schemaVersion
  const pgHub = options.pg ? await makePostgresHub(options.pg, { schemaVersion }) : null
  const h = pgHub ? { hub: pgHub.hub, file: '' } : await makeSqliteHub({ schemaVersion })
  ref.hub = h.hub
  const disposers: Array<() => unknown> = [() => made.desk.dispose()]
  let backupFile: string | null = null
  let replica: Awaited<ReturnType<typeof attachReplica>> | null = null
  const office = {
    a: made.desk,
    aToken: made.token,
    get hub() {
      return ref.hub!
    },
    hubStore: () => ref.hub!.store,
    network,
    transportOf,
    /** A desk that joins from the snapshot under `id` (the hub knows the station). */
    async join(id: string, options: Partial<import('../../src-main/desk/desk').DeskOptions> = {}) {
      await ref.hub!.addDesk(id, `Okienko ${id}`).catch(() => {})
      const desk = makeTestDesk({ syncTransport: transportOf(id), mailSender: 'manual', ...options })
      disposers.push(() => desk.dispose())
      await desk.call('system.joinOffice', joinInput(id))
      const session = await desk.call('staff.login', { login: 'admin', password: 'Admin-haslo-2026' })
      return { desk, token: session.token }
    },
    /** A copy of the hub as it is now (the office's nightly hub backup). */
    async backupHub() {
      if (pgHub) throw new Error('backupHub: SQLite hub only')
      const Database = (await import('better-sqlite3')).default
      backupFile = `${h.file}.backup`
      rmSync(backupFile, { force: true })
      await ref.hub!.store.transaction(async () => {})
      const db = new Database(h.file)
      await db.backup(backupFile)
      db.close()
    },
    /** The hub is restored from that backup and started with `--new-epoch`. */
    async restoreHub() {
      if (pgHub) throw new Error('restoreHub: SQLite hub only')
      const { copyFileSync } = await import('node:fs')
      await ref.hub!.store.close()
      for (const suffix of ['-wal', '-shm']) rmSync(h.file + suffix, { force: true })
      copyFileSync(backupFile!, h.file)
      const store = openSqliteHubStore(h.file)
      ref.hub = await Hub.open(store, { entityFields: syncedEntityFields, schemaVersion: made.desk.services.db.schemaVersion })
      await ref.hub.startNewEpoch()
      // The hub process starts again: its replica (ahead of the restored hub) is found and rebuilt.
      if (replica) {
        await replica.close()
        replica = await attachReplica(ref.hub, replica.dir)
      }
    },
    async dispose() {
      for (const fn of disposers.reverse()) await fn()
      if (pgHub) return pgHub.dispose()
      await ref.hub!.store.close().catch(() => {})
      rmSync(dirname(h.file), { recursive: true, force: true })
    },
  }
  await ref.hub.addDesk('K1', 'Okienko 1')
  // The office (settings, the admin) reaches the hub before any desk joins.
  await made.desk.sync.syncOnce()
  // Desks join from the hub's ready file, as in production (replica: false: from row pages).
  if (options.replica !== false) {
    replica = await attachReplica(ref.hub)
    disposers.unshift(() => replica?.dispose())
  }
  return office
}
export type Office = Awaited<ReturnType<typeof makeOffice>>

/** What a clerk types into "Dołącz do biura" (tests reach the hub in-process whatever the address). */
export const joinInput = (stationCode: string) => ({ stationCode, stationName: `Okienko ${stationCode}`, hubUrl: 'http://hub.test:5190', deskToken: 'token-z-serwera' })

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
