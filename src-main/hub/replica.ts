// The hub's replica: the office as a desk database file (the desks' own schema and migrations),
// kept in the hub's data directory beside its store, whichever engine the store is. A new desk's
// first sync is a copy of it (GET /v1/sync/replica) instead of millions of rows: a join then
// costs about what copying the file costs. The replica is made from the seeding desk's file at
// `--seed-from` (fast: SQLite's backup API, then this desk's own data removed), otherwise built
// from the hub's state in the background; it is kept current by pulling the log like a desk (it
// is a desk without staff, in-process), always right before a copy is handed out. Its cursor (the
// hub seq it holds) is its sync_state, like a desk's.
//
// What it never holds: local-only tables and rows (audit, change log, the seeding desk's station,
// sync settings and mail password) and derived data (the search indexes: every desk rebuilds its
// own when it swaps the file in). RODO: an erasure reaching the hub drops the ready copy at once;
// the replica applies it like a desk (secure_delete on, WAL truncated) before the next copy.
import Database from 'better-sqlite3'
import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream, existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import zlib from 'node:zlib'
import { LOCAL_ONLY_SETTINGS, LOCAL_ONLY_TABLES } from '../../shared/sync/entities'
import type { HubIdentity, PullResponse, SnapshotPage } from '../../shared/sync/protocol'
import { openDatabase } from '../db/database'
import { DeskDb, jobContext, loadSnapshotRow } from '../db/write'
import { ERASURES_ENTITY } from './rodo'

export const REPLICA_FILE = 'replica.db'
const READY_PREFIX = 'replica-ready-'
const TEMP_PREFIX = 'replica-tmp-'
/** A ready copy this many changes behind is made anew (a joining desk would pull them all otherwise). */
export const REMAKE_AFTER = 20_000
const STATION = 'HUB'

/** zstd in this Node build (22.15+): a desk file shrinks about ninefold at level 1, fast both ways. */
export const zstdAvailable = typeof zlib.createZstdCompress === 'function'

export interface ReplicaCopy {
  file: string
  /** The same file compressed with zstd at level 1 (null without zstd in this build). */
  zstd: { file: string; bytes: number } | null
  seq: number
  schemaVersion: number
  sha256: string
  bytes: number
  release(): void
}

interface Ready {
  file: string
  zstd: { file: string; bytes: number } | null
  seq: number
  sha256: string
  bytes: number
  users: number
  dropped: boolean
}

const removeDatabaseFile = (file: string) => {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(file + suffix, { force: true })
}

const removeReady = (ready: Ready) => {
  removeDatabaseFile(ready.file)
  if (ready.zstd) rmSync(ready.zstd.file, { force: true })
}

/** Full-text tables: derived data a desk rebuilds itself (and where erased words would linger in old segments). */
function searchTables(sqlite: Database.Database): string[] {
  return (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'").pluck().all() as string[])
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** What the replica needs of the hub (hub.ts): it reads like a desk does. */
export interface ReplicaSource {
  identity(): Promise<HubIdentity & { headSeq: number }>
  pull(cursor: number): Promise<PullResponse>
  snapshot(cursor: number | null, after: string | null): Promise<SnapshotPage>
}

export class HubReplica {
  private db: DeskDb | null = null
  private ready: Ready | null = null
  /** Work on the replica runs one piece at a time (pulls, copies, builds). */
  private chain: Promise<unknown> = Promise.resolve()
  private closed = false

  constructor(
    private readonly hub: ReplicaSource,
    readonly dir: string,
    private readonly migrationsDir: string,
    private readonly log: (message: string) => void = console.error,
  ) {}

  get file(): string {
    return join(this.dir, REPLICA_FILE)
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn)
    this.chain = run.catch(() => {})
    return run
  }

  /**
   * The office's first desk's file as the replica (`--seed-from`, right after the hub took its
   * rows): a backup-API copy without what is that desk's own. False when the file has another
   * schema version (the replica is then built from the hub's state when the hub starts).
   */
  static async seedFrom(hub: ReplicaSource, dir: string, deskFile: string, schemaVersion: number): Promise<boolean> {
    const temp = join(dir, `${TEMP_PREFIX}${randomUUID()}.db`)
    try {
      const source = new Database(deskFile, { readonly: true, fileMustExist: true })
      try {
        if (source.pragma('user_version', { simple: true }) !== schemaVersion) return false
        await source.backup(temp, { progress: () => 1 << 30 })
      } finally {
        source.close()
      }
      const id = await hub.identity()
      const copy = new Database(temp)
      try {
        copy.pragma('journal_mode = DELETE')
        copy.pragma('secure_delete = ON')
        copy.transaction(() => {
          for (const table of LOCAL_ONLY_TABLES) if (table !== '__drizzle_migrations') copy.exec(`DELETE FROM "${table}"`)
          copy.prepare(`DELETE FROM settings WHERE id IN (${LOCAL_ONLY_SETTINGS.map(() => '?').join(', ')})`).run(...LOCAL_ONLY_SETTINGS)
          for (const table of searchTables(copy)) copy.exec(`DELETE FROM "${table}"`)
          copy.prepare('INSERT INTO sync_state (id, cursor, hub_id, epoch) VALUES (1, ?, ?, ?)').run(id.headSeq, id.hubId, id.epoch)
        })()
      } finally {
        copy.close()
      }
      removeDatabaseFile(join(dir, REPLICA_FILE))
      renameSync(temp, join(dir, REPLICA_FILE))
      return true
    } finally {
      removeDatabaseFile(temp)
    }
  }

  /**
   * Opens the replica found on disk, or builds one from the hub's state (resolves when it is
   * usable; callers need not wait: until then desks join from row pages). A replica that does not
   * belong to this hub's history (another hub, a hub restored from an older backup) is rebuilt.
   */
  async start(): Promise<void> {
    for (const name of readdirSync(this.dir)) if (name.startsWith(READY_PREFIX) || name.startsWith(TEMP_PREFIX)) rmSync(join(this.dir, name), { force: true })
    await this.serial(async () => {
      if (existsSync(this.file)) {
        try {
          this.db = await this.openChecked()
        } catch (err) {
          this.log(`Plik biura dla nowych stanowisk: ${(err as Error).message} — tworzony od nowa`)
          this.discard()
        }
      }
      if (!this.db) await this.build()
      await this.pullLog()
      // The first desk to join should not wait for the copy (it takes about as long as the join).
      const started = performance.now()
      const copy = await this.copyFor()
      if (copy) this.log(`Plik biura dla nowych stanowisk gotowy do wydania: ${(copy.bytes / 2 ** 20).toFixed(0)} MiB, stan nr ${copy.seq}, w ${((performance.now() - started) / 1000).toFixed(1)} s`)
    })
  }

  private async openChecked(): Promise<DeskDb> {
    const db = new DeskDb(openDatabase(this.file, this.migrationsDir))
    try {
      const state = db.readSql.prepare('SELECT cursor, hub_id AS hubId, epoch FROM sync_state WHERE id = 1').get() as { cursor: number; hubId: string | null; epoch: string | null } | undefined
      const id = await this.hub.identity()
      if (!state || state.hubId !== id.hubId || state.epoch !== id.epoch || state.cursor > id.headSeq) throw new Error('nie należy do historii tego serwera')
      return db
    } catch (err) {
      db.close()
      throw err
    }
  }

  private discard(): void {
    this.db?.close()
    this.db = null
    this.dropReady()
    removeDatabaseFile(this.file)
  }

  /** The replica from the hub's state: the same bulk loader and snapshot a joining desk uses. */
  private async build(): Promise<void> {
    const started = performance.now()
    const temp = join(this.dir, `${TEMP_PREFIX}${randomUUID()}.db`)
    const db = new DeskDb(openDatabase(temp, this.migrationsDir))
    try {
      const id = await this.hub.identity()
      let cursor = 0
      const rows = await db.loadFromHub(
        jobContext('hub.replica', STATION),
        async (add, flush) => {
          let count = 0
          let page = await this.hub.snapshot(null, null)
          for (;;) {
            cursor = page.cursor
            for (const row of page.rows) loadSnapshotRow(add, row)
            flush()
            count += page.rows.length
            if (page.done || page.next === null || this.closed) return count
            page = await this.hub.snapshot(page.cursor, page.next)
          }
        },
        (tx) => tx.setSyncState({ cursor, hubId: id.hubId, epoch: id.epoch }),
      )
      db.close()
      if (this.closed) return
      removeDatabaseFile(this.file)
      renameSync(temp, this.file)
      this.db = new DeskDb(openDatabase(this.file, this.migrationsDir))
      this.log(`Plik biura dla nowych stanowisk gotowy: ${rows} rekordów w ${((performance.now() - started) / 1000).toFixed(1)} s`)
    } catch (err) {
      db.close()
      throw err
    } finally {
      removeDatabaseFile(temp)
    }
  }

  private cursor(db: DeskDb): number {
    return (db.readSql.prepare('SELECT cursor FROM sync_state WHERE id = 1').get() as { cursor: number }).cursor
  }

  /**
   * Applies the hub's log after the replica's cursor, as a desk does. An entry it cannot store
   * (which a desk would set aside) makes the replica unusable: it is dropped, and desks join from
   * row pages until it is rebuilt. An erasure is applied like on a desk: the pages it freed are
   * zeroed (secure_delete) and the WAL truncated, and no copy made before it is handed out again.
   */
  private async pullLog(): Promise<void> {
    const db = this.db
    if (!db) return
    let cursor = this.cursor(db)
    let erased = false
    try {
      for (;;) {
        const res = await this.hub.pull(cursor)
        if (!res.entries.length) break
        db.applyRemote(res.entries, STATION, res.entries.at(-1)!.seq)
        erased ||= res.entries.some((e) => e.entity === ERASURES_ENTITY && e.op === 'insert')
        cursor = res.entries.at(-1)!.seq
        if (cursor >= res.headSeq) break
      }
    } catch (err) {
      this.log(`Plik biura dla nowych stanowisk: zmiana z serwera nie dała się zapisać (${(err as Error).message}) — plik tworzony od nowa`)
      this.discard()
      if (!this.closed) void this.serial(() => this.build()).catch((e: unknown) => this.log(`Plik biura dla nowych stanowisk: ${(e as Error).message}`))
      return
    }
    if (erased) {
      this.dropReady()
      db.purgeFreedPages([])
    }
  }

  /** An erasure reached the hub: no copy made before it may be handed out (the replica applies it before the next). */
  erasureApplied(): void {
    this.dropReady()
  }

  private dropReady(): void {
    const ready = this.ready
    if (!ready) return
    ready.dropped = true
    this.ready = null
    if (!ready.users) removeReady(ready)
  }

  /**
   * A consistent copy of the office for a joining desk, as of the seq it reports; null while the
   * hub has none (or one for another schema version). The replica first takes the log to the
   * hub's head; the ready copy (made when the replica opens) is reused while it is at most
   * REMAKE_AFTER changes behind (the desk pulls the rest into it before swapping it in), else
   * made anew (backup API, then its SHA-256). Several joins may hold copies at once; `release()`
   * when the transfer ends removes a copy that is no longer current.
   */
  async handOut(schemaVersion: number): Promise<ReplicaCopy | null> {
    // Being built (or dropped): desks join from row pages meanwhile rather than wait for minutes.
    if (!this.db) return null
    return this.serial(async () => {
      if (!this.db || this.db.schemaVersion !== schemaVersion || this.closed) return null
      await this.pullLog()
      const ready = await this.copyFor()
      if (!ready) return null
      ready.users++
      let released = false
      return {
        file: ready.file,
        zstd: ready.zstd,
        seq: ready.seq,
        schemaVersion,
        sha256: ready.sha256,
        bytes: ready.bytes,
        release: () => {
          if (released) return
          released = true
          if (--ready.users === 0 && ready.dropped) removeReady(ready)
        },
      }
    })
  }

  /** The ready copy, made anew when there is none or it is REMAKE_AFTER changes behind the replica. */
  private async copyFor(): Promise<Ready | null> {
    const db = this.db
    if (!db) return null
    const seq = this.cursor(db)
    if (this.ready && seq - this.ready.seq <= REMAKE_AFTER) return this.ready
    const file = join(this.dir, `${READY_PREFIX}${seq}-${randomUUID()}.db`)
    try {
      await db.backup(file)
      // A self-contained file: no -wal beside it that the transfer would miss.
      const copy = new Database(file)
      copy.pragma('journal_mode = DELETE')
      copy.close()
      const sha256 = await sha256File(file)
      // Compressed once here, not per join: the transfer is then about a ninth of the file.
      let zstd: Ready['zstd'] = null
      if (zstdAvailable) {
        await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), zlib.createZstdCompress({ params: { [zlib.constants.ZSTD_c_compressionLevel]: 1 } }), createWriteStream(`${file}.zst`))
        zstd = { file: `${file}.zst`, bytes: statSync(`${file}.zst`).size }
      }
      this.dropReady()
      this.ready = { file, zstd, seq, sha256, bytes: statSync(file).size, users: 0, dropped: false }
      return this.ready
    } catch (err) {
      removeDatabaseFile(file)
      rmSync(`${file}.zst`, { force: true })
      throw err
    }
  }

  /** Waits for work in progress (a background build stops at its next page). */
  async close(): Promise<void> {
    this.closed = true
    await this.chain
    this.db?.close()
    this.db = null
    if (this.ready && !this.ready.users) removeReady(this.ready)
    this.ready = null
  }
}
