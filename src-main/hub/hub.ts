// The hub: the only authority on order. It gives every desk mutation a global seq (gap-free,
// in commit order), settles concurrent edits (SYNC.md "Conflicts"), keeps the current state of
// every entity for snapshots, and serves the log to desks by cursor.
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { parseHlc } from '../../shared/domain/hlc'
import { fieldUnits, isLocalOnly, isSensitive, ruleFor, syncFieldName } from '../../shared/sync/entities'
import {
  MAX_BATCH,
  MAX_CLOCK_AHEAD_MS,
  PROTOCOL_VERSION,
  SNAPSHOT_PAGE,
  type HelloRequest,
  type HelloResponse,
  type HubIdentity,
  type LogEntry,
  type Mutation,
  type MutationStatus,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type PushResult,
  type SnapshotPage,
  type SyncErrorBody,
  type SyncErrorCode,
} from '../../shared/sync/protocol'
import { ERASURES_ENTITY, scrubErasure } from './rodo'
import type { EntityModel } from '../../shared/sync/model'
import { syncModel } from '../db/sync-model'
import { CHECK_TABLES, claimKeys, claimRows, collisionReason, markRefused, refusedReference, rightsProblem, shapeProblem, type ClaimCollision } from './checks'
import type { HubStore, SqlExecutor } from './storage'
import type { HubReplica } from './replica'

export const HUB_DESK_ID = 'HUB'
export const CONFLICTS_ENTITY = 'sync_conflicts'

export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    message: string,
    readonly status: number,
    readonly details: Pick<SyncErrorBody, 'tokenDeskId'> = {},
  ) {
    super(message)
  }
  toBody(): SyncErrorBody {
    return { code: this.code, message: this.message, ...this.details }
  }
}

export interface HubOptions {
  /** Table name → the field names a mutation may carry (from the desk schema). */
  entityFields: ReadonlyMap<string, ReadonlySet<string>>
  schemaVersion: number
  /** Types, unique keys and references of every synced entity (default: the desk schema's). */
  model?: ReadonlyMap<string, EntityModel>
  now?: () => number
  /**
   * TEST ONLY — the deliberately injected bug the model tests must catch: ignore base_seq and
   * settle every edit by its clock, so a later edit from a desk whose clock is behind loses.
   */
  injectBugIgnoreBaseSeq?: boolean
  /** TEST ONLY — injected bugs for the model tests: no unique-key claims; no checks of shape and rights. */
  injectBugSkipClaims?: boolean
  injectBugTrustDesks?: boolean
}

interface FieldVersion {
  s: number // seq
  h: string // hlc
  d: string // desk
}

interface EntityRow {
  data: string
  versions: string
  deleted: number
}

interface Outcome {
  status: MutationStatus
  reason: string | null
  effective: Record<string, unknown>
  conflicts: Array<{ fields: string[]; hubValues: Record<string, unknown>; deskValues: Record<string, unknown>; kind?: 'unique'; entityId?: string }>
}

/** A cursor or page size from a query string: a whole number, not below `min` (else 400, never the whole log). */
function checkCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new SyncError('BAD_REQUEST', `Niepoprawny parametr ${name}: oczekiwano liczby całkowitej ≥ ${min}`, 400)
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

export class Hub {
  private readonly now: () => number
  private readonly model: ReadonlyMap<string, EntityModel>
  /** The office as a ready desk file for joining desks (replica.ts); null: desks join from row pages. */
  replica: HubReplica | null = null

  private constructor(
    readonly store: HubStore,
    private readonly options: HubOptions,
  ) {
    this.now = options.now ?? Date.now
    this.model = options.model ?? syncModel
  }

  static async open(store: HubStore, options: HubOptions): Promise<Hub> {
    const hub = new Hub(store, options)
    await store.transaction(async (tx) => {
      for (const ddl of CHECK_TABLES) await tx.query(ddl)
      const [meta] = await tx.query('SELECT id FROM sync_meta WHERE id = 1')
      if (!meta) await tx.query('INSERT INTO sync_meta (id, next_seq, hub_id, epoch) VALUES (1, 1, ?, ?)', [randomUUID(), randomUUID()])
      // A hub from before claims: its rows claim their keys once (the oldest change keeps a key).
      const [claimed] = await tx.query('SELECT 1 AS x FROM claims LIMIT 1')
      if (!claimed) await hub.claimExisting(tx)
    })
    return hub
  }

  /**
   * A hub from before claims may hold two rows with one key (the defect this prevents): the older
   * keeps it; the younger leaves the hub's state (it stays in the log), so no snapshot or pull
   * hands a desk a row it cannot store.
   */
  private async claimExisting(tx: SqlExecutor): Promise<void> {
    for (const [entity, m] of this.model) {
      if (!m.uniqueKeys.length) continue
      const rows = await tx.query<{ entity_id: string; data: string }>('SELECT entity_id, data FROM entities WHERE entity = ? ORDER BY last_seq, entity_id', [entity])
      const parsed = rows.map((r) => ({ entity, entityId: r.entity_id, data: JSON.parse(r.data) as Record<string, unknown> }))
      const owner = new Map<string, string>()
      const younger = parsed.filter((row) => {
        const values = m.uniqueKeys.filter((key) => key.every((f) => (row.data[f] ?? null) !== null)).map((key) => `${key.join(',')}=${JSON.stringify(key.map((f) => row.data[f]))}`)
        if (values.some((v) => owner.has(v))) return true
        for (const v of values) owner.set(v, row.entityId)
        return false
      })
      const gone = new Set(younger.map((r) => r.entityId))
      await claimRows(tx, this.model, parsed.filter((r) => !gone.has(r.entityId)))
      for (const row of younger) {
        await tx.query('DELETE FROM entities WHERE entity = ? AND entity_id = ?', [entity, row.entityId])
        await markRefused(tx, entity, row.entityId)
      }
    }
  }

  async identity(db: SqlExecutor = this.store): Promise<HubIdentity & { headSeq: number }> {
    const [meta] = await db.query<{ next_seq: number; hub_id: string; epoch: string }>('SELECT next_seq, hub_id, epoch FROM sync_meta WHERE id = 1')
    return { hubId: meta.hub_id, epoch: meta.epoch, headSeq: meta.next_seq - 1 }
  }

  /** After the hub was restored from a backup: desks see the new epoch and resend what it lost. */
  async startNewEpoch(): Promise<string> {
    const epoch = randomUUID()
    await this.store.transaction((tx) => tx.query('UPDATE sync_meta SET epoch = ? WHERE id = 1', [epoch]))
    return epoch
  }

  /** Issues a desk token (an admin action); the token is shown once and stored only as a hash. */
  async addDesk(deskId: string, name: string): Promise<string> {
    if (deskId === HUB_DESK_ID || !/^[A-Z0-9]{2}$/.test(deskId)) throw new SyncError('BAD_REQUEST', `Niepoprawny kod stanowiska: ${deskId}`, 400)
    const token = randomBytes(24).toString('base64url')
    await this.store.transaction(async (tx) => {
      const [existing] = await tx.query('SELECT desk_id FROM desks WHERE desk_id = ?', [deskId])
      if (existing) await tx.query('UPDATE desks SET token_hash = ?, name = ? WHERE desk_id = ?', [hashToken(token), name, deskId])
      else await tx.query('INSERT INTO desks (desk_id, name, token_hash, last_counter, created_at) VALUES (?, ?, ?, 0, ?)', [deskId, name, hashToken(token), new Date(this.now()).toISOString()])
    })
    return token
  }

  async authenticate(token: string | undefined): Promise<string> {
    const [desk] = token ? await this.store.query<{ desk_id: string }>('SELECT desk_id FROM desks WHERE token_hash = ?', [hashToken(token)]) : []
    if (!desk) throw new SyncError('UNAUTHENTICATED', 'Nieznany token stanowiska', 401)
    return desk.desk_id
  }

  private checkVersions(v: { protocol: number; schemaVersion: number }): void {
    if (v.protocol < PROTOCOL_VERSION || v.schemaVersion < this.options.schemaVersion) {
      throw new SyncError('CLIENT_TOO_OLD', 'Program na tym stanowisku jest starszy niż na serwerze — zaktualizuj go; zmiany czekają w kolejce', 409)
    }
    if (v.protocol > PROTOCOL_VERSION || v.schemaVersion > this.options.schemaVersion) {
      throw new SyncError('SERVER_TOO_OLD', 'Serwer synchronizacji ma starszą wersję niż to stanowisko — zmiany czekają w kolejce do jego aktualizacji', 409)
    }
  }

  async hello(deskId: string, req: HelloRequest): Promise<HelloResponse> {
    this.checkVersions(req)
    if (req.deskId !== deskId) throw new SyncError('UNAUTHENTICATED', 'Token należy do innego stanowiska', 403, { tokenDeskId: deskId })
    const [desk] = await this.store.query<{ last_counter: number }>('SELECT last_counter FROM desks WHERE desk_id = ?', [deskId])
    const id = await this.identity()
    return { hubId: id.hubId, epoch: id.epoch, headSeq: id.headSeq, lastCounter: desk.last_counter }
  }

  async push(deskId: string, req: PushRequest): Promise<PushResponse> {
    this.checkVersions(req)
    if (req.deskId !== deskId) throw new SyncError('UNAUTHENTICATED', 'Token należy do innego stanowiska', 403, { tokenDeskId: deskId })
    // A malformed change is refused with its whole push (nothing applied): no desk can hand the
    // others a row they cannot store. Only a broken or hostile desk sends one; it sees the reason.
    for (const m of this.options.injectBugTrustDesks ? [] : req.mutations) {
      const problem = shapeProblem(this.model, m)
      if (problem) throw new SyncError('BAD_REQUEST', `Serwer odrzucił paczkę zmian: zmiana nr ${m.counter} (${m.entity}) — ${problem}`, 400)
    }
    let erased = false
    const response = await this.store.transaction(async (tx) => {
      // Take the meta row first: on PostgreSQL the row lock is held to commit, so pushes are
      // serialised and seq follows commit order (a poller can never skip a row).
      await tx.query('UPDATE sync_meta SET next_seq = next_seq WHERE id = 1')
      const id = await this.identity(tx)
      const beyond = this.options.injectBugTrustDesks ? undefined : req.mutations.find((m) => (m.baseSeq ?? 0) > id.headSeq)
      if (beyond) throw new SyncError('BAD_REQUEST', `Serwer odrzucił paczkę zmian: zmiana nr ${beyond.counter} powołuje się na wersję ${beyond.baseSeq}, a serwer ma ich ${id.headSeq}`, 400)
      let nextSeq = id.headSeq + 1
      const [desk] = await tx.query<{ last_counter: number }>('SELECT last_counter FROM desks WHERE desk_id = ?', [deskId])
      let lastCounter = desk.last_counter
      const results: PushResult[] = []
      let error: SyncErrorBody | undefined
      const receivedAt = new Date(this.now()).toISOString()

      for (const m of [...req.mutations].sort((a, b) => a.counter - b.counter)) {
        const [seen] = await tx.query<{ seq: number; status: MutationStatus; reason: string | null }>('SELECT seq, status, reason FROM log WHERE mutation_id = ?', [m.mutationId])
        if (seen) {
          results.push({ mutationId: m.mutationId, seq: seen.seq, status: seen.status, reason: seen.reason })
          continue
        }
        if (m.counter !== lastCounter + 1) {
          error = { code: 'GAP', message: `Brak zmian stanowiska od nr ${lastCounter + 1}`, expectedCounter: lastCounter + 1 }
          break
        }
        if (parseHlc(m.hlc).millis > this.now() + MAX_CLOCK_AHEAD_MS) {
          error = {
            code: 'CLOCK_AHEAD',
            message: 'Zegar tego komputera spieszy się o ponad 5 minut względem serwera — popraw datę i godzinę; zmiany czekają w kolejce',
            hubTime: this.now(),
          }
          break
        }
        const seq = nextSeq++
        const outcome = await this.apply(tx, deskId, m, seq)
        await tx.query(
          `INSERT INTO log (seq, mutation_id, desk_id, desk_counter, hlc, entity, entity_id, op, fields, base_seq, effective, status, reason, received_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [seq, m.mutationId, deskId, m.counter, m.hlc, m.entity, m.entityId, m.op, JSON.stringify(m.fields), m.baseSeq, JSON.stringify(outcome.effective), outcome.status, outcome.reason, receivedAt],
        )
        for (const c of outcome.conflicts) nextSeq = await this.openConflict(tx, nextSeq, deskId, m, c, receivedAt)
        if (m.entity === ERASURES_ENTITY && m.op === 'insert' && outcome.status === 'applied') {
          await scrubErasure(tx, this.store.dialect, m.fields, seq)
          erased = true
        }
        lastCounter = m.counter
        results.push({ mutationId: m.mutationId, seq, status: outcome.status, reason: outcome.reason })
      }
      await tx.query('UPDATE sync_meta SET next_seq = ? WHERE id = 1', [nextSeq])
      await tx.query('UPDATE desks SET last_counter = ? WHERE desk_id = ?', [lastCounter, deskId])
      return { hubId: id.hubId, epoch: id.epoch, results, ...(error ? { error } : {}) }
    })
    if (erased) {
      this.replica?.erasureApplied()
      await this.store.checkpoint?.()
    }
    return response
  }

  /** Settles one mutation against the hub's current state of the entity. */
  private async apply(tx: SqlExecutor, deskId: string, m: Mutation, seq: number): Promise<Outcome> {
    const model = this.model.get(m.entity)
    if (!model || !this.options.entityFields.has(m.entity) || isLocalOnly(m.entity, m.entityId)) return { status: 'rejected', reason: `Nieznany rodzaj rekordu: ${m.entity}`, effective: {}, conflicts: [] }
    const [row] = await tx.query<EntityRow>('SELECT data, versions, deleted FROM entities WHERE entity = ? AND entity_id = ?', [m.entity, m.entityId])
    const data = (row ? JSON.parse(row.data) : {}) as Record<string, unknown>
    const versions = (row ? JSON.parse(row.versions) : {}) as Record<string, FieldVersion>
    // A refused change carries what the hub holds for the fields it touched (nothing for a row the
    // hub never had), so the desk that made it puts its row back as the office has it.
    const current = Object.fromEntries(Object.keys(m.op === 'delete' ? { deletedAt: null } : m.fields).map((f) => [f, data[f] ?? null]))
    const reject = async (reason: string): Promise<Outcome> => {
      if (!row && m.op === 'insert') await markRefused(tx, m.entity, m.entityId)
      return { status: 'rejected', reason, effective: row ? current : {}, conflicts: [] }
    }
    const refused = this.options.injectBugTrustDesks ? null : (await rightsProblem(tx, deskId, m, row ? { data, deleted: Boolean(row.deleted) } : null)) ?? (await refusedReference(tx, model, m))
    if (refused) return reject(refused)
    const collision = async (c: ClaimCollision): Promise<Outcome> => {
      const outcome = await reject(collisionReason(m.entity, c))
      const deskValues = Object.fromEntries(c.key.map((f) => [f, data[f] ?? null]))
      outcome.conflicts.push({ kind: 'unique', entityId: c.ownerId, fields: [...c.key], hubValues: c.values, deskValues })
      return outcome
    }
    const stamp: FieldVersion = { s: seq, h: m.hlc, d: deskId }
    const save = (deleted: boolean) =>
      tx.query(
        `INSERT INTO entities (entity, entity_id, data, versions, deleted, last_seq) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (entity, entity_id) DO UPDATE SET data = excluded.data, versions = excluded.versions, deleted = excluded.deleted, last_seq = excluded.last_seq`,
        [m.entity, m.entityId, JSON.stringify(data), JSON.stringify(versions), deleted ? 1 : 0, seq],
      )
    const effectiveOf = (fields: Iterable<string>) => Object.fromEntries([...fields].map((f) => [f, data[f] ?? null]))

    if (row?.deleted) return { status: 'ignored', reason: 'Rekord został usunięty (usunięcie ma pierwszeństwo)', effective: {}, conflicts: [] }
    if (m.op === 'delete') {
      data.deletedAt ??= new Date(this.now()).toISOString()
      versions.deletedAt = stamp
      await save(true)
      return { status: 'applied', reason: null, effective: { deletedAt: data.deletedAt }, conflicts: [] }
    }
    if (!row && m.op === 'update') return reject('Rekord nie istnieje na serwerze')
    if (row && m.op === 'insert' && ruleFor(m.entity).insertOnly) {
      return { status: 'duplicate', reason: 'Ten fakt jest już zapisany', effective: effectiveOf(Object.keys(m.fields)), conflicts: [] }
    }
    if (!row) {
      Object.assign(data, m.fields)
      const taken = this.options.injectBugSkipClaims ? null : await claimKeys(tx, model, m, data)
      if (taken) return collision(taken)
      for (const f of Object.keys(m.fields)) versions[f] = stamp
      await save(false)
      return { status: 'applied', reason: null, effective: effectiveOf(Object.keys(m.fields)), conflicts: [] }
    }

    let applied = 0
    let lost = 0
    const conflicts: Outcome['conflicts'] = []
    const seriesAt = m.entity === 'number_series' ? Number(data.nextValue) : NaN
    const units = fieldUnits(m.entity, Object.keys(m.fields))
    for (const unit of units) {
      const latest = unit.map((f) => versions[f]).filter(Boolean).sort((a, b) => b.s - a.s)[0]
      // Concurrent only if another desk changed this unit after the version the editing desk had
      // seen; sequential edits therefore apply in causal order whatever the PC clocks say.
      const concurrent = Boolean(latest) && latest.d !== deskId && (this.options.injectBugIgnoreBaseSeq === true || latest.s > (m.baseSeq ?? 0))
      const present = unit.filter((f) => f in m.fields)
      if (!concurrent || (!isSensitive(m.entity, unit) && m.hlc > latest.h)) {
        for (const f of present) {
          data[f] = m.fields[f]
          versions[f] = stamp
        }
        applied++
      } else if (isSensitive(m.entity, unit)) {
        conflicts.push({ fields: present, hubValues: effectiveOf(present), deskValues: Object.fromEntries(present.map((f) => [f, m.fields[f]])) })
      } else {
        lost++ // the losing value stays in the log (its fields), the hub keeps the winner
      }
    }
    // A number series only moves forward: an older copy of its station (a desk restored from a
    // backup) never rewinds it, so no number can be issued twice.
    if (Number(data.nextValue) < seriesAt) data.nextValue = seriesAt
    const taken = this.options.injectBugSkipClaims ? null : await claimKeys(tx, model, m, data)
    if (taken) return collision(taken)
    await save(false)
    const status: MutationStatus = conflicts.length && !applied ? 'conflict' : applied === units.length ? 'applied' : applied ? 'partial' : 'lost'
    const reason =
      conflicts.length > 0
        ? `Konflikt: ${conflicts.flatMap((c) => c.fields).map(syncFieldName).join(', ')} — zmienione równocześnie na innym stanowisku, do rozstrzygnięcia przez pracownika`
        : lost
          ? 'Nowsza zmiana z innego stanowiska ma pierwszeństwo'
          : null
    return { status, reason, effective: effectiveOf(Object.keys(m.fields)), conflicts }
  }

  /** A conflict record is itself a synced row, so any desk can show and resolve it, even offline. */
  private async openConflict(tx: SqlExecutor, seq: number, deskId: string, m: Mutation, c: Outcome['conflicts'][number], at: string): Promise<number> {
    const id = randomUUID()
    const row = {
      id,
      entity: m.entity,
      entityId: c.entityId ?? m.entityId,
      fields: JSON.stringify(c.fields),
      hubValues: JSON.stringify(c.hubValues),
      deskValues: JSON.stringify(c.deskValues),
      kind: c.kind ?? 'field',
      deskId,
      mutationId: m.mutationId,
      status: 'open',
      resolution: null,
      resolvedBy: null,
      resolvedAt: null,
      createdAt: at,
      updatedAt: at,
    }
    const versions = Object.fromEntries(Object.keys(row).map((f) => [f, { s: seq, h: m.hlc, d: HUB_DESK_ID }]))
    await tx.query('INSERT INTO entities (entity, entity_id, data, versions, deleted, last_seq) VALUES (?, ?, ?, ?, 0, ?)', [CONFLICTS_ENTITY, id, JSON.stringify(row), JSON.stringify(versions), seq])
    await tx.query(
      `INSERT INTO log (seq, mutation_id, desk_id, desk_counter, hlc, entity, entity_id, op, fields, base_seq, effective, status, reason, received_at)
       VALUES (?, ?, ?, 0, ?, ?, ?, 'insert', ?, NULL, ?, 'applied', NULL, ?)`,
      [seq, randomUUID(), HUB_DESK_ID, m.hlc, CONFLICTS_ENTITY, id, JSON.stringify(row), JSON.stringify(row), at],
    )
    return seq + 1
  }

  async pull(cursor: number, limit = MAX_BATCH): Promise<PullResponse> {
    checkCount('cursor', cursor, 0)
    checkCount('limit', limit, 1)
    const id = await this.identity()
    const rows = await this.store.query<{ seq: number; mutation_id: string; desk_id: string; entity: string; entity_id: string; op: LogEntry['op']; effective: string; status: MutationStatus; reason: string | null }>(
      'SELECT seq, mutation_id, desk_id, entity, entity_id, op, effective, status, reason FROM log WHERE seq > ? ORDER BY seq LIMIT ?',
      [cursor, Math.min(limit, MAX_BATCH)],
    )
    return {
      hubId: id.hubId,
      epoch: id.epoch,
      headSeq: id.headSeq,
      entries: rows.map((r) => ({ seq: r.seq, mutationId: r.mutation_id, deskId: r.desk_id, entity: r.entity, entityId: r.entity_id, op: r.op, effective: JSON.parse(r.effective), status: r.status, reason: r.reason })),
    }
  }

  /** Pages of the current state, keyset-ordered; a row changed meanwhile also arrives by pull. */
  async snapshot(cursor: number | null, after: string | null, limit = SNAPSHOT_PAGE): Promise<SnapshotPage> {
    return JSON.parse(await this.snapshotJson(cursor, after, limit)) as SnapshotPage
  }

  /**
   * One snapshot page as JSON text. The stored row JSON is spliced in as it is: parsing and
   * re-encoding millions of rows would be most of the hub's work for nothing.
   */
  async snapshotJson(cursor: number | null, after: string | null, limit = SNAPSHOT_PAGE): Promise<string> {
    if (cursor !== null) checkCount('cursor', cursor, 0)
    checkCount('limit', limit, 1)
    const id = await this.identity()
    const [afterEntity, afterId] = after ? after.split('|') : ['', '']
    const size = Math.max(1, Math.min(limit, SNAPSHOT_PAGE))
    // A row-value comparison walks the primary key from the last row on (both dialects); the
    // equivalent OR of two conditions made SQLite scan from the start on every page.
    const rows = await this.store.query<{ entity: string; entity_id: string; data: string; deleted: number; last_seq: number }>(
      'SELECT entity, entity_id, data, deleted, last_seq FROM entities WHERE (entity, entity_id) > (?, ?) ORDER BY entity, entity_id LIMIT ?',
      [afterEntity, afterId, size],
    )
    const last = rows.at(-1)
    const parts = rows.map(
      (r) => `{"entity":${JSON.stringify(r.entity)},"entityId":${JSON.stringify(r.entity_id)},"seq":${Number(r.last_seq)},"data":${r.data},"deleted":${Number(r.deleted) === 1}}`,
    )
    const head = { hubId: id.hubId, epoch: id.epoch, cursor: cursor ?? id.headSeq, done: rows.length < size, next: last ? `${last.entity}|${last.entity_id}` : null }
    return `${JSON.stringify(head).slice(0, -1)},"rows":[${parts.join(',')}]}`
  }

  /**
   * The office's starting state, once, into an empty hub: the rows of the first desk, whose data
   * was loaded in bulk (demo, migration from the old system) and so never passed through the
   * change log. They carry hub version 0: no desk has seen a newer one, so the first edit of any
   * of them is causal, never a conflict. `rows` is consumed lazily (millions of rows).
   */
  async seed(rows: Iterable<{ entity: string; entityId: string; json: string }>): Promise<{ rows: number }> {
    const CHUNK = 500
    return this.store.transaction(async (tx) => {
      const [used] = await tx.query<{ n: number }>('SELECT (SELECT count(*) FROM log) + (SELECT count(*) FROM entities) AS n')
      if (Number(used.n) > 0) throw new SyncError('BAD_REQUEST', 'Serwer synchronizacji ma już dane biura — stan początkowy można wczytać tylko do pustego', 409)
      // Rows come table by table, not in key order: with the key index in memory (~60 B a row)
      // its inserts stay cheap; SQLite's default 2 MB cache made them disk-bound.
      if (this.store.dialect === 'sqlite') await tx.query('PRAGMA cache_size = -1048576')
      let count = 0
      let params: unknown[] = []
      const flush = async () => {
        const n = params.length / 3
        if (!n) return
        await tx.query(`INSERT INTO entities (entity, entity_id, data, versions, deleted, last_seq) VALUES ${Array(n).fill("(?, ?, ?, '{}', 0, 0)").join(', ')}`, params)
        params = []
      }
      let claims: Array<{ entity: string; entityId: string; data: Record<string, unknown> }> = []
      for (const row of rows) {
        if (isLocalOnly(row.entity, row.entityId) || !this.options.entityFields.has(row.entity)) continue
        params.push(row.entity, row.entityId, row.json)
        if (this.model.get(row.entity)?.uniqueKeys.length) claims.push({ entity: row.entity, entityId: row.entityId, data: JSON.parse(row.json) as Record<string, unknown> })
        count++
        if (params.length >= CHUNK * 3) await flush()
        if (claims.length >= CHUNK * 4) {
          await claimRows(tx, this.model, claims)
          claims = []
        }
      }
      await flush()
      await claimRows(tx, this.model, claims)
      return { rows: count }
    })
  }

  async openConflicts(): Promise<Array<Record<string, unknown>>> {
    const rows = await this.store.query<{ data: string }>('SELECT data FROM entities WHERE entity = ? ORDER BY last_seq', [CONFLICTS_ENTITY])
    return rows.map((r) => JSON.parse(r.data) as Record<string, unknown>).filter((c) => c.status === 'open')
  }
}
