// The desk side of sync: push the outbox (change_log) in counter order, pull the hub's log by
// cursor and apply it under this desk's own pending changes, start from a snapshot, and heal
// after hub restores, gaps and refusals. Every local write already queued its change-log entry
// in the same transaction (db/write.ts), so nothing here can lose a change. This file decides what
// to send, apply and set aside; the rows themselves are written by DeskDb (applyRemote,
// loadFromHub, bookkeeping — db/remote.ts, db/bookkeeping.ts).
import { asc, eq, isNull, sql } from 'drizzle-orm'
import { randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import { formatHlc } from '../../../shared/domain/hlc'
import { MAX_BATCH, MAX_CLOCK_AHEAD_MS, PROTOCOL_VERSION, type LogEntry, type Mutation, type PushResult, type SyncErrorCode } from '../../../shared/sync/protocol'
import type { SyncBookkeeping, SyncMarks } from '../../db/bookkeeping'
import { versionKey } from '../../db/remote'
import { changeLog, syncQuarantine, syncState } from '../../db/schema'
import { jobContext, loadSnapshotRow, type DeskDb, type WriteContext, type WriteTx } from '../../db/write'
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
  /** How the last join went (the bench's breakdown; null before any). */
  lastJoin: JoinOutcome | null = null
  /** After every round, whatever its outcome: the screens' sync state follows (desk/desk.ts). */
  onRoundEnd: (() => void) | null = null

  constructor(
    private readonly db: DeskDb,
    private readonly deskId: () => string,
    private readonly transport: () => HubTransport | null,
    readonly now: () => Date = () => new Date(),
    dataDir?: string,
    log?: (message: string) => void,
  ) {
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
    return this.db.read.select().from(syncState).where(eq(syncState.id, 1)).get()!
  }

  /** This desk's sync bookkeeping, in one DeskDb transaction (db/bookkeeping.ts). */
  private book<R>(fn: (book: SyncBookkeeping) => R): R {
    return this.db.bookkeeping(jobContext('sync.round', this.deskId()), fn)
  }

  private saveState(patch: SyncMarks): void {
    this.book((b) => b.saveState(patch))
  }

  pending(limit = MAX_BATCH): ChangeRow[] {
    return this.db.read.select().from(changeLog).where(isNull(changeLog.pushedSeq)).orderBy(asc(changeLog.counter)).limit(limit).all()
  }

  pendingCount(): number {
    return this.db.read.get<{ n: number }>(sql`SELECT count(*) AS n FROM change_log WHERE pushed_seq IS NULL`).n
  }

  /** One full round (hello, push everything queued, pull to the head). Concurrent calls share it. */
  syncOnce(): Promise<SyncOutcome> {
    // A round waits for a snapshot being loaded: it holds the database's one write transaction.
    this.running ??= (this.loading ?? Promise.resolve())
      .catch(() => {})
      .then(() => this.round())
      .finally(() => {
        this.running = null
        this.onRoundEnd?.()
      })
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
        const confirming = stationUnconfirmed(this.db.read)
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
    return this.db.readSql.prepare('SELECT 1 FROM settings WHERE id = ?').get(OFFICE_KEY) !== undefined
  }

  /** Hub entries set aside because this desk could not store them (oldest first). */
  quarantined(): Array<typeof syncQuarantine.$inferSelect> {
    return this.db.read.select().from(syncQuarantine).orderBy(asc(syncQuarantine.seq)).all()
  }

  /** Handshake; after a hub restore (new epoch) the changes the hub lost are queued again. */
  private async hello(transport: HubTransport): Promise<void> {
    const h = await transport.hello({ protocol: PROTOCOL_VERSION, schemaVersion: this.db.schemaVersion, deskId: this.deskId() })
    const st = this.state()
    if (st.hubId && st.hubId !== h.hubId) throw new OtherHubError()
    const lastSent = this.db.read.get<{ n: number | null }>(sql`SELECT max(counter) AS n FROM change_log WHERE pushed_seq IS NOT NULL`).n ?? 0
    const restored = Boolean(st.epoch) && st.epoch !== h.epoch
    if (restored || h.lastCounter < lastSent) {
      // The hub lost what came after its backup: resend our part of it.
      this.book((b) => {
        b.requeueFrom(h.lastCounter + 1)
        b.saveState({ cursor: Math.min(st.cursor, h.headSeq) })
      })
    }
    // Versions this desk saw that a restored hub no longer has: the hub refuses a base_seq beyond its head.
    if (restored) this.book((b) => b.capBaseSeq(h.headSeq))
    // After a restore, rows and conflict records of the lost history may differ from ours: take the
    // hub's state anew once our changes are in. The new epoch is saved only by that reset, so a
    // crash before it simply repeats this.
    if (restored) this.needsReset = true
    else this.saveState({ hubId: h.hubId, epoch: h.epoch })
    // A desk restored from its backup takes the hub's state of its station (number series, mail
    // already sent) once its own queued changes are in; until then it issues no number, sends no mail.
    if (stationUnconfirmed(this.db.read)) this.needsReset = true
  }

  /** True when the hub lost changes this desk had sent from `counter` on (e.g. the hub was restored). */
  private sentFrom(counter: number): boolean {
    return this.db.readSql.prepare('SELECT 1 FROM change_log WHERE counter >= ? AND pushed_seq IS NOT NULL LIMIT 1').get(counter) !== undefined
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
    this.book((b) => b.moveQueue(queued.map((c) => c.counter), counter))
    return true
  }

  private requeueFrom(counter: number): void {
    this.book((b) => b.requeueFrom(counter))
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
    this.book((b) => b.restamp(stale))
    return stale.length > 0
  }

  private recordResults(results: PushResult[]): void {
    this.book((b) => b.recordResults(results))
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
      this.db.applyRemote(entries, this.deskId(), entries.at(-1)!.seq)
    } catch (err) {
      // A snapshot being loaded holds the database: nothing is wrong with the entries.
      if (this.loading) throw err
      for (const e of entries) {
        const waiting = this.db.readSql.prepare("SELECT 1 FROM sync_quarantine WHERE json_extract(entry, '$.entity') = ? AND json_extract(entry, '$.entityId') = ?").get(e.entity, e.entityId)
        const error = waiting ? 'czeka na wcześniejszą, odłożoną zmianę tego samego rekordu' : this.tryApply(e, e.seq)
        // Set aside and moved past in one step: a crash between them cannot skip or repeat it.
        if (error) this.book((b) => {
          b.quarantine(e.seq, JSON.stringify(e), `${e.entity} ${e.entityId}: ${error}`, this.now().toISOString())
          b.saveState({ cursor: e.seq })
        })
      }
    }
  }

  /**
   * Applies one entry in its own transaction (with the pull position, when given); the error in
   * words, or null when it was stored.
   */
  private tryApply(e: LogEntry, cursor?: number): string | null {
    try {
      this.db.applyRemote([e], this.deskId(), cursor)
      return null
    } catch (err) {
      return err instanceof Error ? err.message : String(err)
    }
  }

  /** Retries set-aside entries in log order; a row whose earlier entry still fails keeps its later ones aside. */
  private retryQuarantined(): void {
    const blocked = new Set<string>()
    for (const q of this.quarantined()) {
      const e = JSON.parse(q.entry) as LogEntry
      const key = versionKey(e.entity, e.entityId)
      const error = blocked.has(key) ? null : this.tryApply(e)
      if (!blocked.has(key) && error === null) {
        this.book((b) => b.release(q.seq))
        continue
      }
      blocked.add(key)
      if (error) this.book((b) => b.quarantine(e.seq, q.entry, `${e.entity} ${e.entityId}: ${error}`, this.now().toISOString()))
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
  async join(transport: HubTransport, ctx: WriteContext, commit: (tx: WriteTx) => void): Promise<JoinOutcome> {
    const loading = this.joinFromFile(transport, ctx, commit).then(async (joined) => joined ?? { via: 'rows' as const, ...(await this.loadSnapshot(transport, ctx, commit)) })
    this.loading = loading
    try {
      return (this.lastJoin = await loading)
    } finally {
      if (this.loading === loading) this.loading = null
    }
  }

  /**
   * The first sync as a ready file: the hub's office database as of seq S, downloaded beside this
   * desk's database, checked (SHA-256 of the bytes received, schema version) and swapped in with
   * this desk's identity (DeskDb.replaceWith: all or nothing). The log after S is pulled into the
   * file before the swap, so the desk starts where the hub stood at the join (its station's
   * numbers and mail included), exactly as after a row-page join. Null when the hub has no such file (or not for this schema version), or
   * when this desk already holds something of its own to keep: it joins from row pages then.
   */
  private async joinFromFile(transport: HubTransport, ctx: WriteContext, commit: (tx: WriteTx) => void): Promise<JoinOutcome | null> {
    if (!transport.downloadReplica || this.hasOffice() || this.pendingCount() > 0) return null
    const started = performance.now()
    const h = await transport.hello({ protocol: PROTOCOL_VERSION, schemaVersion: this.db.schemaVersion, deskId: ctx.stationCode })
    const file = `${this.db.file}.join-${randomUUID()}`
    try {
      const got = await transport.downloadReplica(file, this.db.schemaVersion)
      if (!got || got.schemaVersion !== this.db.schemaVersion) return null
      const downloaded = performance.now()
      if (got.receivedSha256 !== got.sha256 || got.receivedBytes !== got.bytes) {
        throw new HubUnreachable('plik z danymi biura dotarł niekompletny albo uszkodzony (suma kontrolna się nie zgadza) — dane stanowiska są bez zmian, spróbuj ponownie')
      }
      let cursor = got.seq
      const swapped = await this.db.replaceWith(
        file,
        ctx,
        async (apply) => {
          for (;;) {
            const res = await transport.pull(cursor)
            if (!res.entries.length) return
            apply(res.entries)
            cursor = res.entries.at(-1)!.seq
            if (cursor >= res.headSeq) return
          }
        },
        (tx) => {
          tx.setSyncState({ cursor, hubId: h.hubId, epoch: h.epoch })
          confirmStation(tx)
          commit(tx)
        },
      )
      this.files?.rescan()
      return { via: 'file', rows: null, seq: got.seq, pulled: cursor - got.seq, bytes: got.bytes, ms: { download: Math.round(downloaded - started), ...swapped.ms } }
    } finally {
      for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(file + suffix, { force: true })
    }
  }

  /** How a joining desk reaches the hub it was given (tests plug in their in-process hub). */
  joinTransport: (hubUrl: string, deskToken: string) => HubTransport = httpTransport

  private async loadSnapshot(transport = this.transport(), ctx = jobContext('sync.reset', this.deskId()), commit: (tx: WriteTx) => void = () => {}): Promise<{ rows: number }> {
    if (!transport) throw new HubUnreachable('synchronizacja nie jest skonfigurowana — podaj adres serwera synchronizacji i token stanowiska')
    const h = await transport.hello({ protocol: PROTOCOL_VERSION, schemaVersion: this.db.schemaVersion, deskId: ctx.stationCode })
    let cursor = 0
    // DeskDb empties what the snapshot replaces (hub changes set aside before included: the
    // snapshot holds them as the office has them now) and lays this desk's queued changes back on top.
    const rows = await this.db.loadFromHub(
      ctx,
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
      (tx) => {
        tx.setSyncState({ cursor, hubId: h.hubId, epoch: h.epoch })
        // This desk now holds the hub's state of its station: it may number and send again — once
        // nothing of its own is still queued (a queued change the hub may already hold, laid back
        // on top, could show a mail as unsent again); otherwise the next round confirms.
        if (this.pendingCount() === 0) confirmStation(tx)
        commit(tx)
      },
    )
    this.files?.rescan()
    return { rows }
  }
}

/** How a desk joined: from the hub's ready file (with its seq, size and where the time went), or from row pages. */
export type JoinOutcome =
  | { via: 'file'; rows: null; seq: number; pulled: number; bytes: number; ms: { download: number; catchUp: number; prepare: number; swap: number } }
  | { via: 'rows'; rows: number }

class OtherHubError extends Error {
  constructor() {
    super('To stanowisko jest połączone z innym serwerem synchronizacji — potrzebny reset z migawki')
  }
}

function toMutation(c: ChangeRow): Mutation {
  return { mutationId: c.mutationId, counter: c.counter, hlc: c.hlc, entity: c.entity, entityId: c.entityId, op: c.op, fields: JSON.parse(c.fields), baseSeq: c.baseSeq, staffId: c.staffId }
}
