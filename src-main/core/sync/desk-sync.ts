// The desk side of sync: push the outbox (change_log) in counter order, pull the hub's log by
// cursor and apply it under this desk's own pending changes, start from a snapshot, and heal
// after hub restores, gaps and refusals. Every local write already queued its change-log entry
// in the same transaction (db/write.ts), so nothing here can lose a change.
import { and, asc, eq, getTableColumns, isNull, sql } from 'drizzle-orm'
import { formatHlc } from '../../../shared/domain/hlc'
import { isLocalOnly, LOCAL_ONLY_SETTINGS, LOCAL_ONLY_TABLES } from '../../../shared/sync/entities'
import { MAX_BATCH, MAX_CLOCK_AHEAD_MS, PROTOCOL_VERSION, type LogEntry, type Mutation, type PushResult, type SnapshotRow, type SyncErrorCode } from '../../../shared/sync/protocol'
import type { Orm } from '../../db/database'
import { changeLog, syncQuarantine, syncState, syncVersions } from '../../db/schema'
import { syncModel } from '../../db/sync-model'
import { tablesByName } from '../../db/tables'
import type { AnyTable, DeskDb, RowChange } from '../../db/write'
import { DeskFiles, type FileRoundOutcome } from './files'
import { confirmStation, stationUnconfirmed } from '../../platform/hub-client/settings'
import { OFFICE_KEY } from '../office/settings'
import { httpTransport, HubRefusal, HubUnreachable, type HubTransport } from '../../platform/hub-client/transport'

export type SyncPhase = 'not-configured' | 'online' | 'offline' | 'syncing' | 'error'

export interface SyncOutcome {
  phase: SyncPhase
  pushed: number
  pulled: number
  errorCode: SyncErrorCode | 'OFFLINE' | 'OTHER_HUB' | 'QUARANTINE' | 'INTERNAL' | null
  error: string | null
  /** Files moved this round (absent when this desk has no file store, e.g. the model tests). */
  files?: FileRoundOutcome
}

type ChangeRow = typeof changeLog.$inferSelect
type StateRow = typeof syncState.$inferSelect

const versionKey = (entity: string, id: string) => `${entity}/${id}`

export class DeskSync {
  private running: Promise<SyncOutcome> | null = null
  /** Set when the hub was restored from a backup: after resending, this desk starts over from a snapshot. */
  private needsReset = false
  /** The snapshot being loaded, if any. */
  private loading: Promise<unknown> | null = null
  /** Scans, attachments and letters the synced rows refer to (null without a data directory). */
  readonly files: DeskFiles | null
  /**
   * Called once a restored desk has taken the hub's state of its station (openDesk: mail this
   * station left "sending" becomes "uncertain" for staff, never resent blindly).
   */
  onStationConfirmed: (() => void) | null = null

  constructor(
    private readonly db: DeskDb,
    private readonly deskId: () => string,
    private readonly transport: () => HubTransport | null,
    readonly now: () => Date = () => new Date(),
    dataDir?: string,
    log?: (message: string) => void,
  ) {
    db.sqlite.prepare('INSERT OR IGNORE INTO sync_state (id, cursor) VALUES (1, 0)').run()
    this.files = dataDir ? new DeskFiles(db, dataDir, log) : null
  }

  isConfigured(): boolean {
    return this.transport() !== null
  }

  /** The hub's transport now (null when this desk works alone): the sync loop follows its event stream. */
  hubTransport(): HubTransport | null {
    return this.transport()
  }

  state(): StateRow {
    return this.db.orm.select().from(syncState).where(eq(syncState.id, 1)).get()!
  }

  private saveState(patch: Partial<StateRow>): void {
    this.db.orm.update(syncState).set(patch).where(eq(syncState.id, 1)).run()
  }

  pending(limit = MAX_BATCH): ChangeRow[] {
    return this.db.orm.select().from(changeLog).where(isNull(changeLog.pushedSeq)).orderBy(asc(changeLog.counter)).limit(limit).all()
  }

  pendingCount(): number {
    return this.db.orm.get<{ n: number }>(sql`SELECT count(*) AS n FROM change_log WHERE pushed_seq IS NULL`).n
  }

  /** One full round (hello, push everything queued, pull to the head). Concurrent calls share it. */
  syncOnce(): Promise<SyncOutcome> {
    // A round waits for a snapshot being loaded: it holds the database's one write transaction.
    this.running ??= (this.loading ?? Promise.resolve())
      .catch(() => {})
      .then(() => this.round())
      .finally(() => (this.running = null))
    return this.running
  }

  private async round(): Promise<SyncOutcome> {
    const transport = this.transport()
    const outcome: SyncOutcome = { phase: 'online', pushed: 0, pulled: 0, errorCode: null, error: null }
    // A desk with no office yet (its join did not complete) takes the office whole from a
    // snapshot, never piecemeal from the log: that would make it look set up with half the data.
    if (!transport || !this.hasOffice()) return { ...outcome, phase: 'not-configured' }
    try {
      await this.hello(transport)
      try {
        await this.pushAll(transport, outcome)
      } catch (err) {
        // A refused push (e.g. a change the hub finds malformed) stops only this desk's sending:
        // it still takes the office's changes, and says why it cannot send.
        if (!(err instanceof HubRefusal) || err.body.code !== 'BAD_REQUEST') throw err
        Object.assign(outcome, { phase: 'error', errorCode: err.body.code, error: err.body.message })
      }
      if (this.needsReset && !outcome.errorCode) {
        const confirming = stationUnconfirmed(this.db.orm)
        await this.resetFromSnapshot()
        this.needsReset = false
        if (confirming) this.onStationConfirmed?.()
      }
      outcome.pulled = await this.pullAll(transport)
      if (this.files) {
        const got = await this.files.fetchMissing(transport)
        outcome.files = { uploaded: outcome.files?.uploaded ?? 0, ...got }
      }
      const quarantined = this.quarantined()
      if (!outcome.errorCode && quarantined.length) {
        Object.assign(outcome, {
          phase: 'error',
          errorCode: 'QUARANTINE',
          error: `${quarantined.length} zmian(y) z serwera nie dało się zapisać na tym stanowisku (odłożone, ponawiane przy każdej synchronizacji): ${quarantined[0].error}`,
        })
      }
      this.saveState({
        // The last time this desk was fully in step with the hub (a refused push is not).
        ...(outcome.errorCode ? {} : { lastSyncAt: this.now().toISOString() }),
        lastError: outcome.error,
        lastErrorCode: outcome.errorCode,
      })
    } catch (err) {
      if (err instanceof HubUnreachable) Object.assign(outcome, { phase: 'offline', errorCode: 'OFFLINE', error: err.message })
      else if (err instanceof HubRefusal) Object.assign(outcome, { phase: 'error', errorCode: err.body.code, error: err.body.message })
      else if (err instanceof OtherHubError) Object.assign(outcome, { phase: 'error', errorCode: 'OTHER_HUB', error: err.message })
      // Anything else (a local database error …) is still a round that failed, never a crash.
      else Object.assign(outcome, { phase: 'error', errorCode: 'INTERNAL', error: `Synchronizacja przerwana błędem na tym stanowisku: ${err instanceof Error ? err.message : String(err)}` })
      this.saveState({ lastError: outcome.error, lastErrorCode: outcome.errorCode })
    }
    return outcome
  }

  private hasOffice(): boolean {
    return this.db.sqlite.prepare('SELECT 1 FROM settings WHERE id = ?').get(OFFICE_KEY) !== undefined
  }

  /** Hub entries set aside because this desk could not store them (oldest first). */
  quarantined(): Array<typeof syncQuarantine.$inferSelect> {
    return this.db.orm.select().from(syncQuarantine).orderBy(asc(syncQuarantine.seq)).all()
  }

  /** Handshake; after a hub restore (new epoch) the changes the hub lost are queued again. */
  private async hello(transport: HubTransport): Promise<void> {
    const h = await transport.hello({ protocol: PROTOCOL_VERSION, schemaVersion: this.db.schemaVersion, deskId: this.deskId() })
    const st = this.state()
    if (st.hubId && st.hubId !== h.hubId) throw new OtherHubError()
    const lastSent = this.db.orm.get<{ n: number | null }>(sql`SELECT max(counter) AS n FROM change_log WHERE pushed_seq IS NOT NULL`).n ?? 0
    const restored = Boolean(st.epoch) && st.epoch !== h.epoch
    if (restored || h.lastCounter < lastSent) {
      // The hub lost what came after its backup: resend our part of it.
      this.requeueFrom(h.lastCounter + 1)
      this.saveState({ cursor: Math.min(st.cursor, h.headSeq) })
    }
    // Versions this desk saw that a restored hub no longer has: the hub refuses a base_seq beyond its head.
    if (restored) this.db.sqlite.prepare('UPDATE change_log SET base_seq = ? WHERE pushed_seq IS NULL AND base_seq > ?').run(h.headSeq, h.headSeq)
    // After a restore, rows and conflict records of the lost history may differ from ours: take the
    // hub's state anew once our changes are in. The new epoch is saved only by that reset, so a
    // crash before it simply repeats this.
    if (restored) this.needsReset = true
    else this.saveState({ hubId: h.hubId, epoch: h.epoch })
    // A desk restored from its backup takes the hub's state of its station (number series, mail
    // already sent) once its own queued changes are in; until then it issues no number, sends no mail.
    if (stationUnconfirmed(this.db.orm)) this.needsReset = true
  }

  /** True when the hub lost changes this desk had sent from `counter` on (e.g. the hub was restored). */
  private sentFrom(counter: number): boolean {
    return this.db.sqlite.prepare('SELECT 1 FROM change_log WHERE counter >= ? AND pushed_seq IS NOT NULL LIMIT 1').get(counter) !== undefined
  }

  /**
   * The hub's memory of this station is ahead of this desk (it was restored from an older backup,
   * or it is a new PC under the same station code): the changes still queued here continue the
   * station's counter where the hub says it stands. The hub recognises any of them it already has
   * by mutation id before it looks at counters, and those come back as results first (they are
   * older, so they sort first), so what is still queued when the GAP comes is new to the hub.
   * Returns false when there is nothing to move (the queue already starts there).
   */
  private continueCounterAt(counter: number): boolean {
    const queued = this.pending(Number.MAX_SAFE_INTEGER)
    if (!queued.length || queued[0].counter === counter) return false
    this.db.sqlite.transaction(() => {
      const move = this.db.sqlite.prepare('UPDATE change_log SET counter = ? WHERE counter = ?')
      // Through negative numbers: the old and new ranges may overlap (the counter is the key).
      for (const c of queued) move.run(-c.counter, c.counter)
      queued.forEach((c, i) => move.run(counter + i, -c.counter))
    }).immediate()
    return true
  }

  private requeueFrom(counter: number): void {
    this.db.orm.update(changeLog).set({ pushedSeq: null, hubStatus: null, hubReason: null }).where(sql`${changeLog.counter} >= ${counter}`).run()
  }

  private async pushAll(transport: HubTransport, outcome: SyncOutcome): Promise<void> {
    for (let guard = 0; guard < 100; guard++) {
      const batch = this.pending()
      if (!batch.length) return
      // The files these rows refer to go first: no desk may see a row whose file the hub lacks.
      if (this.files) {
        const uploaded = await this.files.uploadFor(transport, batch)
        outcome.files = { uploaded: (outcome.files?.uploaded ?? 0) + uploaded, fetched: 0, waiting: 0 }
      }
      const res = await transport.push({
        protocol: PROTOCOL_VERSION,
        schemaVersion: this.db.schemaVersion,
        deskId: this.deskId(),
        mutations: batch.map(toMutation),
      })
      this.recordResults(res.results)
      outcome.pushed += res.results.length
      if (res.error?.code === 'GAP') {
        const expected = res.error.expectedCounter ?? 1
        // The hub lacks earlier changes (e.g. it was restored): send again from where it stopped.
        if (this.sentFrom(expected)) this.requeueFrom(expected)
        // The hub has more of this station than this desk (restored desk, replacement PC).
        else if (!this.continueCounterAt(expected)) {
          outcome.errorCode = res.error.code
          outcome.error = res.error.message
          return
        }
        continue
      }
      if (res.error?.code === 'CLOCK_AHEAD' && res.error.hubTime !== undefined && this.restampIfClockFixed(res.error.hubTime)) continue
      if (res.error) {
        outcome.errorCode = res.error.code
        outcome.error = res.error.message
        return
      }
    }
  }

  /**
   * Changes queued while this PC's clock ran ahead carry future timestamps the hub refuses. Once
   * the clock is right again, stamp them anew (in queue order; the hub has not accepted them, so
   * nothing else refers to the old stamps). Returns false while the clock is still wrong.
   */
  private restampIfClockFixed(hubTime: number): boolean {
    if (Math.abs(this.now().getTime() - hubTime) > MAX_CLOCK_AHEAD_MS / 2) return false
    const limit = formatHlc(hubTime + MAX_CLOCK_AHEAD_MS, 0, '')
    const stale = this.pending(Number.MAX_SAFE_INTEGER).filter((c) => c.hlc > limit)
    this.db.sqlite.transaction(() => {
      stale.forEach((c, i) => {
        this.db.orm.update(changeLog).set({ hlc: this.db.nextHlc(c.stationCode, i === 0) }).where(eq(changeLog.counter, c.counter)).run()
      })
    })()
    return stale.length > 0
  }

  private recordResults(results: PushResult[]): void {
    this.db.sqlite.transaction(() => {
      for (const r of results) {
        this.db.orm.update(changeLog).set({ pushedSeq: r.seq, hubStatus: r.status, hubReason: r.reason }).where(eq(changeLog.mutationId, r.mutationId)).run()
      }
    })()
  }

  /**
   * A row this desk inserted and the hub refused (e.g. a portal login another desk claimed first)
   * never existed for the office: it goes, with what this desk hung on it (the payments of a
   * statement imported twice), so the office's row can take its place. Evidence guards protect
   * rows against clerks, not against this: they are set aside for the moment of the removal.
   */
  private undoRefusedInsert(orm: Orm, changes: RowChange[], mutationId: string): void {
    const c = orm.select().from(changeLog).where(eq(changeLog.mutationId, mutationId)).get()
    if (!c || c.op !== 'insert' || !tablesByName.has(c.entity)) return
    removeLocalRow(this.db, changes, c.entity, c.entityId)
  }

  private async pullAll(transport: HubTransport): Promise<number> {
    let pulled = 0
    this.retryQuarantined()
    for (;;) {
      const res = await transport.pull(this.state().cursor)
      if (!res.entries.length) break
      this.applyEntries(res.entries)
      pulled += res.entries.length
      if (res.entries.at(-1)!.seq >= res.headSeq) break
    }
    // What waited for a later row (a parent further on in the log) goes in now.
    if (pulled) this.retryQuarantined()
    return pulled
  }

  /**
   * Applies hub entries under this desk's own queued changes (those win locally until the hub
   * settles them). A pull never stops on one bad entry: if the batch cannot be stored as a whole,
   * its entries go one by one and any that this desk cannot store is set aside (quarantined),
   * reported, and retried every round — with the later entries of the same row, so a row's
   * changes never apply out of order.
   */
  applyEntries(entries: LogEntry[]): void {
    if (!entries.length) return
    try {
      this.db.applyRemote((orm, changes) => {
        this.applyBatch(orm, changes, entries)
        orm.update(syncState).set({ cursor: entries.at(-1)!.seq }).where(eq(syncState.id, 1)).run()
      })
    } catch (err) {
      if (this.db.sqlite.inTransaction) this.db.sqlite.exec('ROLLBACK')
      // A snapshot being loaded holds the database: nothing is wrong with the entries.
      if (this.loading) throw err
      for (const e of entries) {
        const waiting = this.db.sqlite.prepare("SELECT 1 FROM sync_quarantine WHERE json_extract(entry, '$.entity') = ? AND json_extract(entry, '$.entityId') = ?").get(e.entity, e.entityId)
        const error = waiting ? 'czeka na wcześniejszą, odłożoną zmianę tego samego rekordu' : this.tryApply([e])
        if (error) this.quarantine(e, error)
        this.db.orm.update(syncState).set({ cursor: e.seq }).where(eq(syncState.id, 1)).run()
      }
    }
  }

  private applyBatch(orm: Orm, changes: RowChange[], entries: LogEntry[]): void {
    const me = this.deskId()
    // This desk's refused inserts of rows the hub never had go first: the office's row that holds
    // the key may come earlier in the log. (A refused insert of a row the hub has carries its values.)
    for (const e of entries) {
      if (e.deskId === me && e.status === 'rejected' && e.op === 'insert' && !Object.keys(e.effective).length) this.undoRefusedInsert(orm, changes, e.mutationId)
    }
    for (const e of entries) {
      if (e.deskId === me) {
        orm.update(changeLog).set({ pushedSeq: e.seq, hubStatus: e.status, hubReason: e.reason }).where(and(eq(changeLog.mutationId, e.mutationId), isNull(changeLog.pushedSeq))).run()
      }
      if (isLocalOnly(e.entity, e.entityId) || !tablesByName.has(e.entity)) continue
      setVersion(orm, e.entity, e.entityId, e.seq, e.deskId)
      if (e.status === 'ignored') continue
      // A refused change carries the hub's values of the fields it touched: the row as the office has it.
      if (e.status === 'rejected') {
        if (Object.keys(e.effective).length) applyRow(orm, changes, e.entity, e.entityId, 'update', e.effective, pendingFields(orm, e.entity, e.entityId))
        continue
      }
      applyRow(orm, changes, e.entity, e.entityId, e.op, e.effective, pendingFields(orm, e.entity, e.entityId))
    }
  }

  /** Applies entries in one transaction; the error in words, or null when they were stored. */
  private tryApply(entries: LogEntry[]): string | null {
    try {
      this.db.applyRemote((orm, changes) => this.applyBatch(orm, changes, entries))
      return null
    } catch (err) {
      if (this.db.sqlite.inTransaction) this.db.sqlite.exec('ROLLBACK')
      return err instanceof Error ? err.message : String(err)
    }
  }

  private quarantine(e: LogEntry, error: string): void {
    this.db.sqlite
      .prepare('INSERT INTO sync_quarantine (seq, entry, error, at) VALUES (?, ?, ?, ?) ON CONFLICT (seq) DO UPDATE SET error = excluded.error')
      .run(e.seq, JSON.stringify(e), `${e.entity} ${e.entityId}: ${error}`, this.now().toISOString())
  }

  /** Retries set-aside entries in log order; a row whose earlier entry still fails keeps its later ones aside. */
  private retryQuarantined(): void {
    const blocked = new Set<string>()
    for (const q of this.quarantined()) {
      const e = JSON.parse(q.entry) as LogEntry
      const key = versionKey(e.entity, e.entityId)
      const error = blocked.has(key) ? null : this.tryApply([e])
      if (!blocked.has(key) && error === null) {
        this.db.orm.delete(syncQuarantine).where(eq(syncQuarantine.seq, q.seq)).run()
        continue
      }
      blocked.add(key)
      if (error) this.quarantine(e, error)
    }
  }

  /**
   * Replaces this desk's synced data with the hub's snapshot, then lays this desk's unsent changes
   * back on top (they stay queued and are pushed next). Used for a new desk and for a reset.
   */
  async resetFromSnapshot(): Promise<{ rows: number }> {
    await this.pushBeforeReset()
    const loading = this.loadSnapshot()
    this.loading = loading
    try {
      return await loading
    } finally {
      if (this.loading === loading) this.loading = null
    }
  }

  /**
   * What this desk still has queued goes to the hub before a reset: a change the hub refuses (a
   * key the office already holds …) is then recorded as refused instead of being laid back over
   * the snapshot, where it would clash with the office's row and fail the reset.
   */
  private async pushBeforeReset(): Promise<void> {
    const transport = this.transport()
    if (!transport || !this.hasOffice() || this.pendingCount() === 0) return
    await this.running?.catch(() => {})
    try {
      await this.pushAll(transport, { phase: 'online', pushed: 0, pulled: 0, errorCode: null, error: null })
    } catch (err) {
      // A refused push leaves the queue as it was; the reset lays it back on top as before.
      if (!(err instanceof HubRefusal)) throw err
    }
  }

  /**
   * Joins this desk to an office, all or nothing: the hub's snapshot and this desk's identity
   * (`commit`: station, hub address, token) are written in ONE transaction. A desk killed or cut
   * off half-way is exactly as before — not set up, no logins — and the join can simply be retried.
   */
  async join(transport: HubTransport, deskId: string, commit: (orm: Orm) => void): Promise<{ rows: number }> {
    const loading = this.loadSnapshot(transport, deskId, commit)
    this.loading = loading
    try {
      return await loading
    } finally {
      if (this.loading === loading) this.loading = null
    }
  }

  /** How a joining desk reaches the hub it was given (tests plug in their in-process hub). */
  joinTransport: (hubUrl: string, deskToken: string) => HubTransport = httpTransport

  private async loadSnapshot(transport = this.transport(), deskId = this.deskId(), commit: (orm: Orm) => void = () => {}): Promise<{ rows: number }> {
    if (!transport) throw new HubUnreachable('synchronizacja nie jest skonfigurowana — podaj adres serwera synchronizacji i token stanowiska')
    const h = await transport.hello({ protocol: PROTOCOL_VERSION, schemaVersion: this.db.schemaVersion, deskId })
    let cursor = 0
    const clear = (orm: Orm) => {
      for (const [name] of tablesByName) {
        if (LOCAL_ONLY_TABLES.has(name)) continue
        const keep = name === 'settings' ? sql` WHERE id NOT IN (${sql.join(LOCAL_ONLY_SETTINGS.map((k) => sql`${k}`), sql`, `)})` : sql``
        orm.run(sql`DELETE FROM ${sql.identifier(name)}${keep}`)
      }
      orm.delete(syncVersions).run()
      // Hub changes set aside before are in the snapshot as the office has them now: retrying one
      // later would lay an old value over a newer one.
      orm.delete(syncQuarantine).run()
    }
    const rows = await this.db.loadFromHub(
      clear,
      async (add, flush) => {
        let count = 0
        let request = transport.snapshot(null, null)
        for (;;) {
          const page = await request
          cursor = page.cursor
          const more = !page.done && page.next !== null
          if (more) {
            // Ask for the next page before loading this one: the hub reads and encodes it while
            // this desk inserts. (Its failure is handled where it is awaited.)
            request = transport.snapshot(page.cursor, page.next)
            request.catch(() => {})
            await new Promise((resolve) => setImmediate(resolve))
          }
          for (const row of page.rows) loadSnapshotRow(add, row)
          flush()
          count += page.rows.length
          if (!more) return count
        }
      },
      (orm) => {
        // This desk's unsent changes go back on top; they stay queued and are pushed next.
        for (const c of this.pending(Number.MAX_SAFE_INTEGER)) applyRow(orm, [], c.entity, c.entityId, c.op, JSON.parse(c.fields), new Set())
        orm.update(syncState).set({ cursor, hubId: h.hubId, epoch: h.epoch }).where(eq(syncState.id, 1)).run()
        // This desk now holds the hub's state of its station: it may number and send again — once
        // nothing of its own is still queued (a queued change the hub may already hold, laid back
        // on top, could show a mail as unsent again); otherwise the next round confirms.
        if (this.pendingCount() === 0) confirmStation(orm)
        commit(orm)
      },
    )
    this.files?.rescan()
    return { rows }
  }
}

class OtherHubError extends Error {
  constructor() {
    super('To stanowisko jest połączone z innym serwerem synchronizacji — potrzebny reset z migawki')
  }
}

function toMutation(c: ChangeRow): Mutation {
  return { mutationId: c.mutationId, counter: c.counter, hlc: c.hlc, entity: c.entity, entityId: c.entityId, op: c.op, fields: JSON.parse(c.fields), baseSeq: c.baseSeq, staffId: c.staffId }
}

function setVersion(orm: Orm, entity: string, entityId: string, seq: number, deskId: string): void {
  orm
    .insert(syncVersions)
    .values({ id: versionKey(entity, entityId), hubSeq: seq, deskId })
    .onConflictDoUpdate({ target: syncVersions.id, set: { hubSeq: seq, deskId } })
    .run()
}

/** Fields this desk changed but the hub has not settled yet: local values stay on top. */
function pendingFields(orm: Orm, entity: string, entityId: string): Set<string> {
  const rows = orm
    .select({ fields: changeLog.fields })
    .from(changeLog)
    .where(and(eq(changeLog.entity, entity), eq(changeLog.entityId, entityId), isNull(changeLog.pushedSeq)))
    .all()
  return new Set(rows.flatMap((r) => Object.keys(JSON.parse(r.fields) as object)))
}

function applyRow(orm: Orm, changes: RowChange[], entity: string, entityId: string, op: string, values: Record<string, unknown>, skip: Set<string>): void {
  const table = tablesByName.get(entity)
  if (!table) return
  const idColumn = (table as unknown as { id: Parameters<typeof eq>[0] }).id
  const patch = Object.fromEntries(Object.entries(values).filter(([k]) => !skip.has(k) && k !== 'id'))
  const before = orm.select().from(table).where(eq(idColumn, entityId)).get() as Record<string, unknown> | undefined
  if (op === 'delete' && before && 'deletedAt' in before) patch.deletedAt ??= new Date().toISOString()
  if (before) {
    // Only fields that really differ: the echo of this desk's own insert must not "rewrite" evidence
    // (triggers refuse any UPDATE OF a scan's content or a published text, even to the same value).
    for (const [k, v] of Object.entries(patch)) if (sameValue(before[k], v)) delete patch[k]
    if (!Object.keys(patch).length) return
    const after = orm.update(table).set(patch).where(eq(idColumn, entityId)).returning().get() as Record<string, unknown>
    changes.push({ entity, id: entityId, op: 'update', before, after })
  } else if (op === 'insert') {
    const after = orm.insert(table).values({ ...values, id: entityId }).returning().get() as Record<string, unknown>
    changes.push({ entity, id: entityId, op: 'insert', before: null, after })
  }
}

/** A snapshot row into the bulk loader; its hub version only when it has one (seeded rows are version 0). */
const sameValue = (a: unknown, b: unknown): boolean => a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b))

function loadSnapshotRow(add: (table: AnyTable, row: Record<string, unknown>) => void, row: SnapshotRow): void {
  const table = tablesByName.get(row.entity)
  if (!table || isLocalOnly(row.entity, row.entityId)) return
  const data = row.deleted ? { ...row.data, deletedAt: row.data.deletedAt ?? new Date().toISOString() } : row.data
  add(table as AnyTable, { ...data, id: row.entityId })
  // No entry reads as version 0 (base_seq null), so rows no desk ever edited cost nothing here.
  if (row.seq > 0) add(syncVersions as unknown as AnyTable, { id: versionKey(row.entity, row.entityId), hubSeq: row.seq })
}

/**
 * Removes a row (and, first, the rows that refer to it) from this desk without a change-log entry:
 * what the hub refused. Delete guards of evidence tables are lifted for this one statement, inside
 * the same transaction.
 */
function removeLocalRow(db: DeskDb, changes: RowChange[], entity: string, id: string, seen = new Set<string>()): void {
  const key = versionKey(entity, id)
  if (seen.has(key)) return
  seen.add(key)
  const table = tablesByName.get(entity)
  if (!table) return
  for (const [child, model] of syncModel) {
    for (const [field, target] of Object.entries(model.refs)) {
      if (target !== entity) continue
      const column = getTableColumns(tablesByName.get(child)!)[field]?.name
      if (!column) continue
      const ids = db.sqlite.prepare(`SELECT id FROM "${child}" WHERE "${column}" = ?`).pluck().all(id) as string[]
      for (const childId of ids) removeLocalRow(db, changes, child, childId, seen)
    }
  }
  const idColumn = (table as unknown as { id: Parameters<typeof eq>[0] }).id
  const before = db.orm.select().from(table).where(eq(idColumn, id)).get() as Record<string, unknown> | undefined
  if (!before) return
  const guards = db.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND sql LIKE '%BEFORE DELETE%'").all(entity) as Array<{ name: string; sql: string }>
  for (const g of guards) db.sqlite.exec(`DROP TRIGGER "${g.name}"`)
  db.sqlite.prepare(`DELETE FROM "${entity}" WHERE id = ?`).run(id)
  for (const g of guards) db.sqlite.exec(g.sql)
  db.sqlite.prepare('DELETE FROM sync_versions WHERE id = ?').run(key)
  changes.push({ entity, id, op: 'delete', before, after: null })
}
