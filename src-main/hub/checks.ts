// What the hub checks before it trusts a desk's change (SYNC.md "A hostile or broken desk"):
//  - the shape: every value against the entity's schema (types, enums, required fields) — a bad
//    push is refused whole (400, nothing applied), so no malformed row can reach another desk;
//  - the rights, in the hub's own state: number series only by their own station, deletes only
//    where the model allows, staff accounts/roles and office settings only by an admin session;
//  - unique business keys: the first desk to claim one keeps it; the second claimant's change is
//    refused and recorded, with a conflict record every desk shows; changes that refer to a
//    refused row are refused with it.
import { entityLabel, needsAdmin, ruleFor } from '../../shared/sync/entities'
import type { EntityModel } from '../../shared/sync/model'
import type { Mutation } from '../../shared/sync/protocol'
import type { SqlExecutor } from './storage'

export const CHECK_TABLES = [
  // key_value: JSON of the key's values; the first claimant's entity id keeps it.
  `CREATE TABLE IF NOT EXISTS claims (entity TEXT NOT NULL, key_name TEXT NOT NULL, key_value TEXT NOT NULL, entity_id TEXT NOT NULL,
     PRIMARY KEY (entity, key_name, key_value))`,
  `CREATE INDEX IF NOT EXISTS claims_owner ON claims (entity, entity_id)`,
  // Rows whose insert the hub refused: what refers to them is refused too.
  `CREATE TABLE IF NOT EXISTS refused (entity TEXT NOT NULL, entity_id TEXT NOT NULL, PRIMARY KEY (entity, entity_id))`,
]

/** The first problem with a change's shape, in Polish, or null. Pure: no hub state needed. */
export function shapeProblem(model: ReadonlyMap<string, EntityModel>, m: Mutation): string | null {
  const entity = model.get(m.entity)
  if (!entity) return `nieznany rodzaj rekordu: ${m.entity}`
  const unknown = Object.keys(m.fields).filter((f) => !entity.fields.has(f))
  if (unknown.length) return `nieznane pola ${m.entity}: ${unknown.join(', ')}`
  if (m.op === 'delete') return null
  const { id: _id, ...fields } = m.fields
  const result = (m.op === 'insert' ? entity.insert : entity.update).safeParse(fields)
  if (result.success) return null
  const issue = result.error.issues[0]
  return `${m.entity}.${issue.path.join('.') || '?'}: niepoprawna wartość (${issue.message})`
}

interface HubRow {
  data: Record<string, unknown>
  deleted: boolean
}

/** A refusal of rights, in Polish, or null. Checked against the hub's own state. */
export async function rightsProblem(tx: SqlExecutor, deskId: string, m: Mutation, row: HubRow | null): Promise<string | null> {
  if (m.op === 'delete' && !ruleFor(m.entity).deletable) return `Usuwanie rekordów „${entityLabel(m.entity)}” nie jest dozwolone (np. klienta się scala albo anonimizuje)`
  if (m.entity === 'number_series') {
    const owner = row?.data.stationCode ?? m.fields.stationCode
    if (owner !== deskId || ('stationCode' in m.fields && m.fields.stationCode !== deskId)) return 'Stanowisko może prowadzić tylko własne serie numerów'
  }
  // What the change really changes: a desk re-sending rows the hub already holds (the office's
  // starting state, a replay after a restore) changes nothing and needs no rights.
  const changed = Object.keys(m.fields).filter((f) => !row || JSON.stringify(row.data[f] ?? null) !== JSON.stringify(m.fields[f] ?? null))
  if (m.op !== 'delete' && changed.length === 0) return null
  if (needsAdmin(m.entity, row && m.op === 'insert' ? 'update' : m.op, changed)) {
    const admins = await tx.query<{ entity_id: string; data: string }>("SELECT entity_id, data FROM entities WHERE entity = 'staff' AND deleted = 0")
    const isAdmin = (data: Record<string, unknown>) => data.role === 'admin' && data.active !== false && data.active !== 0
    const staff = admins.map((s) => ({ id: s.entity_id, data: JSON.parse(s.data) as Record<string, unknown> }))
    // Before the office has an admin at the hub (its setup), there is no one to check against.
    if (staff.some((s) => isAdmin(s.data)) && !staff.some((s) => s.id === m.staffId && isAdmin(s.data))) {
      return 'Tę zmianę (konta pracowników, role, ustawienia biura) może wprowadzić tylko administrator — serwer jej nie przyjął'
    }
  }
  return null
}

/** A refused row this change refers to, or null. */
export async function refusedReference(tx: SqlExecutor, entity: EntityModel, m: Mutation): Promise<string | null> {
  for (const [field, target] of Object.entries(entity.refs)) {
    const value = m.fields[field]
    if (typeof value !== 'string') continue
    const [hit] = await tx.query('SELECT 1 AS x FROM refused WHERE entity = ? AND entity_id = ?', [target, value])
    if (hit) return `Nie zapisano: odnosi się do rekordu „${entityLabel(target)}”, którego serwer nie przyjął (${field})`
  }
  return null
}

export const markRefused = (tx: SqlExecutor, entity: string, entityId: string) =>
  tx.query('INSERT INTO refused (entity, entity_id) VALUES (?, ?) ON CONFLICT (entity, entity_id) DO NOTHING', [entity, entityId])

export interface ClaimCollision {
  key: readonly string[]
  ownerId: string
  values: Record<string, unknown>
}

const keyValue = (key: readonly string[], data: Record<string, unknown>): string | null => {
  const values = key.map((f) => data[f] ?? null)
  return values.some((v) => v === null) ? null : JSON.stringify(values)
}

/**
 * Claims the row's unique keys (those the change touches) for it, or returns the first key
 * another row already holds. Nothing is written when there is a collision.
 */
export async function claimKeys(tx: SqlExecutor, entity: EntityModel, m: Mutation, data: Record<string, unknown>): Promise<ClaimCollision | null> {
  // Keys people recognise (a login, a file's hash) before keys that are references (one account
  // per customer): the collision reported is the one a clerk can read.
  const touched = entity.uniqueKeys
    .filter((key) => m.op === 'insert' || key.some((f) => f in m.fields))
    .sort((a, b) => Number(a.every((f) => f in entity.refs)) - Number(b.every((f) => f in entity.refs)))
  const claims: Array<{ name: string; value: string | null }> = []
  for (const key of touched) {
    const name = key.join(',')
    const value = keyValue(key, data)
    if (value !== null) {
      const [owner] = await tx.query<{ entity_id: string }>('SELECT entity_id FROM claims WHERE entity = ? AND key_name = ? AND key_value = ?', [m.entity, name, value])
      if (owner && owner.entity_id !== m.entityId) return { key, ownerId: owner.entity_id, values: Object.fromEntries(key.map((f) => [f, data[f]])) }
    }
    claims.push({ name, value })
  }
  for (const c of claims) {
    await tx.query('DELETE FROM claims WHERE entity = ? AND key_name = ? AND entity_id = ?', [m.entity, c.name, m.entityId])
    if (c.value !== null) await tx.query('INSERT INTO claims (entity, key_name, key_value, entity_id) VALUES (?, ?, ?, ?)', [m.entity, c.name, c.value, m.entityId])
  }
  return null
}

/** Claims for rows that entered the hub without a change (seed, a hub from before claims): first come keeps the key. */
export async function claimRows(tx: SqlExecutor, model: ReadonlyMap<string, EntityModel>, rows: Iterable<{ entity: string; entityId: string; data: Record<string, unknown> }>): Promise<void> {
  let params: unknown[] = []
  const flush = async () => {
    if (!params.length) return
    const values = Array(params.length / 4).fill('(?, ?, ?, ?)').join(', ')
    await tx.query(`INSERT INTO claims (entity, key_name, key_value, entity_id) VALUES ${values} ON CONFLICT (entity, key_name, key_value) DO NOTHING`, params)
    params = []
  }
  for (const row of rows) {
    for (const key of model.get(row.entity)?.uniqueKeys ?? []) {
      const value = keyValue(key, row.data)
      if (value === null) continue
      params.push(row.entity, key.join(','), value, row.entityId)
      if (params.length >= 2000) await flush()
    }
  }
  await flush()
}

/** The plain Polish explanation of a refused second claim. */
export function collisionReason(entity: string, c: ClaimCollision): string {
  const what = Object.values(c.values).map(String).join(' / ')
  return `${entityLabel(entity)} (${what}) jest już w biurze — zapisano go wcześniej na innym stanowisku. Serwer zachował tamten zapis; ta zmiana (i to, co od niej zależy) nie została zapisana.`
}
