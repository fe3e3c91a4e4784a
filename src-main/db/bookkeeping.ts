// The desk's own sync bookkeeping (sync_state, the change log's queue marks, the quarantine):
// local rows that must never be replayed to other desks, so they are not domain writes with a
// change-log entry. They are still written only here, inside a DeskDb transaction
// (DeskDb.bookkeeping). Steps that change what this desk sends or sets aside leave an audit
// entry; the marks every sync round moves (pull cursor, push results, last error) do not — they
// restate the hub's log, and one entry per round would drown the audit trail.
import { eq, sql } from 'drizzle-orm'
import type Database from 'better-sqlite3'
import type { PushResult } from '../../shared/sync/protocol'
import type { Orm } from './database'
import { auditLog, changeLog, syncQuarantine, syncState } from './schema'
import { newId, type WriteContext } from './context'

type StateRow = typeof syncState.$inferSelect
/** Round-by-round marks; the hub address and token are settings (WriteTx.setSyncState, audited). */
export type SyncMarks = Partial<Pick<StateRow, 'cursor' | 'hubId' | 'epoch' | 'lastSyncAt' | 'lastError' | 'lastErrorCode'>>

export class SyncBookkeeping {
  constructor(
    private readonly orm: Orm,
    private readonly sqlite: Database.Database,
    private readonly ctx: WriteContext,
    private readonly now: string,
    private readonly nextHlc: (node: string, fromWallClock: boolean) => string,
  ) {}

  saveState(patch: SyncMarks): void {
    this.orm.update(syncState).set(patch).where(eq(syncState.id, 1)).run()
  }

  recordResults(results: readonly PushResult[]): void {
    for (const r of results) {
      this.orm.update(changeLog).set({ pushedSeq: r.seq, hubStatus: r.status, hubReason: r.reason }).where(eq(changeLog.mutationId, r.mutationId)).run()
    }
  }

  /** The hub lost what this desk sent from `counter` on (it was restored): queue it again. */
  requeueFrom(counter: number): void {
    const n = this.orm.update(changeLog).set({ pushedSeq: null, hubStatus: null, hubReason: null }).where(sql`${changeLog.counter} >= ${counter}`).run().changes
    if (n) this.note('change_log', String(counter), { requeued: n })
  }

  /** Versions a restored hub no longer has: queued changes claim at most its head. */
  capBaseSeq(headSeq: number): void {
    const n = this.sqlite.prepare('UPDATE change_log SET base_seq = ? WHERE pushed_seq IS NULL AND base_seq > ?').run(headSeq, headSeq).changes
    if (n) this.note('change_log', '*', { baseSeqCappedAt: headSeq, changes: n })
  }

  /** Queued changes continue the station's counter at `counter` (their order kept). */
  moveQueue(queued: readonly number[], counter: number): void {
    const move = this.sqlite.prepare('UPDATE change_log SET counter = ? WHERE counter = ?')
    // Through negative numbers: the old and new ranges may overlap (the counter is the key).
    for (const c of queued) move.run(-c, c)
    queued.forEach((c, i) => move.run(counter + i, -c))
    this.note('change_log', String(counter), { movedFrom: queued[0], changes: queued.length })
  }

  /** New timestamps for queued changes stamped while the clock ran ahead (in queue order). */
  restamp(stale: readonly { counter: number; stationCode: string }[]): void {
    stale.forEach((c, i) => {
      this.orm.update(changeLog).set({ hlc: this.nextHlc(c.stationCode, i === 0) }).where(eq(changeLog.counter, c.counter)).run()
    })
    if (stale.length) this.note('change_log', String(stale[0].counter), { restamped: stale.length })
  }

  /** A hub entry this desk could not store, set aside (or its error updated) to be retried. */
  quarantine(seq: number, entry: string, error: string, at: string): void {
    const known = this.orm.select({ seq: syncQuarantine.seq }).from(syncQuarantine).where(eq(syncQuarantine.seq, seq)).get()
    this.orm.insert(syncQuarantine).values({ seq, entry, error, at }).onConflictDoUpdate({ target: syncQuarantine.seq, set: { error } }).run()
    if (!known) this.note('sync_quarantine', String(seq), { error })
  }

  /** A set-aside entry that has now been stored. */
  release(seq: number): void {
    if (this.orm.delete(syncQuarantine).where(eq(syncQuarantine.seq, seq)).run().changes) this.note('sync_quarantine', String(seq), { released: true })
  }

  private note(entity: string, id: string, details: Record<string, unknown>): void {
    this.orm
      .insert(auditLog)
      .values({ id: newId(), at: this.now, staffId: this.ctx.staffId, stationCode: this.ctx.stationCode, operation: this.ctx.operation, entity, entityId: id, before: null, after: JSON.stringify(details) })
      .run()
  }
}
