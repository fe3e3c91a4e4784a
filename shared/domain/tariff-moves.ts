// Moving a contract between a paper and an e-invoice tariff group (DOMAIN.md: the cheaper
// e-invoice subscription requires an active acceptance). Moves take effect from the next billing
// period, never within one: a period is billed in a single group, the one in force on its first day.
import { billingPeriodOf, type BillingCycle } from './consumption'
import { addDays } from './dates'

export interface GroupRef {
  id: string
  name: string
  billingCycle: BillingCycle
  eInvoice: boolean
}

export interface DatedMove {
  fromGroupId: string
  toGroupId: string
  effectiveFrom: string
  seq: number
}

/** The first day of the billing period after the one containing `date`. */
export function nextPeriodStart(date: string, cycle: BillingCycle): string {
  return addDays(billingPeriodOf(date, cycle).to, 1)
}

/**
 * The matching group on the other side (paper ↔ e-invoice): same billing cycle (the contract
 * keeps its periods); among several, the one with the same audience (name before " — ").
 * Null when there is none or it is ambiguous — then staff move the contract by hand.
 */
export function counterpartGroup<G extends GroupRef>(group: G, groups: readonly G[]): G | null {
  const candidates = groups.filter((g) => g.id !== group.id && g.eInvoice !== group.eInvoice && g.billingCycle === group.billingCycle)
  if (candidates.length === 1) return candidates[0]
  const audience = (g: GroupRef) => g.name.split(' — ')[0].trim().toLowerCase()
  const same = candidates.filter((g) => audience(g) === audience(group))
  return same.length === 1 ? same[0] : null
}

const byDate = (a: DatedMove, b: DatedMove) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.seq - b.seq

/**
 * The group a contract is in on `date`, given its latest group (the contract row) and its dated
 * moves: the origin of the earliest move not yet effective on that day, else the latest group.
 */
export function groupOn(latestGroupId: string, moves: readonly DatedMove[], date: string): string {
  const pending = [...moves].sort(byDate).find((m) => m.effectiveFrom > date)
  return pending ? pending.fromGroupId : latestGroupId
}

/** The move that has not taken effect by `date` and ends in the latest group, if any (for the card). */
export function pendingMove<M extends DatedMove>(moves: readonly M[], date: string): M | null {
  return [...moves].sort(byDate).filter((m) => m.effectiveFrom > date).at(-1) ?? null
}
