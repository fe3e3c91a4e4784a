// Dated tariff-group moves of contracts (paper ↔ e-invoice group), written in the caller's
// transaction so a move is recorded together with the consent event that causes it.
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { TariffMoveView } from '../../../shared/api/types'
import { counterpartGroup, groupOn, nextPeriodStart, pendingMove, type DatedMove } from '../../../shared/domain/tariff-moves'
import { listParams, preparedForList, preparedOnce, preparedSql, type ReadOrm } from '../../db/database'
import { contracts, contractTariffChanges, tariffGroups } from '../../db/schema'
import { newId, type WriteTx } from '../../db/write'

type GroupRow = typeof tariffGroups.$inferSelect
type ChangeRow = typeof contractTariffChanges.$inferSelect
export type TariffMoveReason = ChangeRow['reason']

const CHUNK = 500

/** Dated moves per contract (all of them when no ids are given). */
export function movesOf(orm: ReadOrm, contractIds?: readonly string[]): Map<string, ChangeRow[]> {
  const out = new Map<string, ChangeRow[]>()
  const add = (rows: ChangeRow[]) => {
    for (const r of rows) {
      const list = out.get(r.contractId) ?? []
      list.push(r)
      out.set(r.contractId, list)
    }
  }
  // Most offices have few or no moves: skip the chunked lookups over a whole billing month.
  if (!preparedSql(orm, 'SELECT 1 FROM contract_tariff_changes LIMIT 1').get()) return out
  if (!contractIds) add(orm.select().from(contractTariffChanges).all())
  else {
    // The ids as one JSON parameter: prepared once (the customer card asks on every opening).
    const query = preparedOnce(orm, 'tariffs.movesOf', () =>
      orm
        .select()
        .from(contractTariffChanges)
        .where(inArray(contractTariffChanges.contractId, sql`(SELECT value FROM json_each(${sql.placeholder('ids')}))`))
        .prepare(),
    )
    for (let i = 0; i < contractIds.length; i += CHUNK) add(query.all({ ids: JSON.stringify(contractIds.slice(i, i + CHUNK)) }))
  }
  return out
}

/** Every tariff group (a handful), prepared once. */
export const tariffGroupRows = (orm: ReadOrm): GroupRow[] => preparedOnce(orm, 'tariffs.groups', () => orm.select().from(tariffGroups).prepare()).all()

/** The group a contract is billed in for a period starting on `date`. */
export const groupIdOn = (latestGroupId: string, moves: readonly DatedMove[] | undefined, date: string): string => (moves?.length ? groupOn(latestGroupId, moves, date) : latestGroupId)

export interface PlannedMove {
  contractId: string
  contractNo: string
  from: GroupRow
  to: GroupRow
  effectiveFrom: string
}

/** The active contracts of these customers (a customer and the records merged into it) with their tariff group, by number. */
export function activeContractsWithGroups(orm: ReadOrm, customerIds: readonly string[]) {
  return preparedForList(orm, 'tariffs.activeContractsWithGroups', customerIds.length, (list) =>
    orm
      .select({ id: contracts.id, no: contracts.contractNo, cycle: contracts.billingCycle, group: tariffGroups })
      .from(contracts)
      .innerJoin(tariffGroups, eq(tariffGroups.id, contracts.tariffGroupId))
      .where(and(eq(contracts.status, 'active'), inArray(contracts.customerId, list)))
      .orderBy(contracts.contractNo)
      .prepare(),
  ).all(listParams(customerIds))
}

/**
 * Active contracts of these customers whose latest group is on the wrong side for `wantEInvoice`
 * and have a matching group on the other side, moved from the billing period after `after`.
 */
export function plannedMoves(orm: ReadOrm, customerIds: readonly string[], wantEInvoice: boolean, after: string): PlannedMove[] {
  if (!customerIds.length) return []
  const groups = tariffGroupRows(orm)
  return activeContractsWithGroups(orm, customerIds).flatMap((k) => {
    if (k.group.eInvoice === wantEInvoice) return []
    const to = counterpartGroup(k.group, groups)
    return to ? [{ contractId: k.id, contractNo: k.no, from: k.group, to, effectiveFrom: nextPeriodStart(after, k.cycle) }] : []
  })
}

/** Records the moves and points each contract at its new latest group (audited, synced). */
export function applyMoves(tx: WriteTx, moves: readonly PlannedMove[], reason: TariffMoveReason, consentEventId: string | null, staffId: string | null): void {
  for (const m of moves) {
    const seq = tx.read.get<{ n: number }>(sql`SELECT COALESCE(MAX(seq), 0) AS n FROM ${contractTariffChanges} WHERE contract_id = ${m.contractId}`).n + 1
    tx.insert(contractTariffChanges, {
      id: newId(),
      contractId: m.contractId,
      seq,
      fromGroupId: m.from.id,
      toGroupId: m.to.id,
      effectiveFrom: m.effectiveFrom,
      reason,
      consentEventId,
      createdBy: staffId,
      createdAt: tx.now,
    })
    tx.update(contracts, m.contractId, { tariffGroupId: m.to.id })
  }
}

export const toMoveView = (m: PlannedMove): TariffMoveView => ({
  contractId: m.contractId,
  contractNo: m.contractNo,
  fromGroupName: m.from.name,
  toGroupName: m.to.name,
  toEInvoice: m.to.eInvoice,
  effectiveFrom: m.effectiveFrom,
})

/** For the card: the group in force on `today` and the move not yet effective, per contract. */
export function tariffStateOf(orm: ReadOrm, contractRows: readonly { id: string; tariffGroupId: string }[], today: string): Map<string, { current: GroupRow; pending: { effectiveFrom: string; group: GroupRow } | null }> {
  const groups = new Map(tariffGroupRows(orm).map((g) => [g.id, g]))
  const moves = movesOf(
    orm,
    contractRows.map((k) => k.id),
  )
  return new Map(
    contractRows.map((k) => {
      const list = moves.get(k.id) ?? []
      const pending = pendingMove(list, today)
      const current = groups.get(groupIdOn(k.tariffGroupId, list, today))!
      // A move and its reversal before it took effect leave nothing to announce.
      const changes = pending && pending.toGroupId !== current.id
      return [k.id, { current, pending: changes ? { effectiveFrom: pending.effectiveFrom, group: groups.get(pending.toGroupId)! } : null }]
    }),
  )
}
