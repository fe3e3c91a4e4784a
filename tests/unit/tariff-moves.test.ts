// Moving contracts between the paper and e-invoice tariff groups: from which day, into which
// group, and which group a period is billed in when moves are pending or reversed.
import { describe, expect, it } from 'vitest'
import { counterpartGroup, groupOn, nextPeriodStart, pendingMove, type GroupRef } from '../../shared/domain/tariff-moves'

const groups: GroupRef[] = [
  { id: 'gd-p', name: 'Gospodarstwa domowe — faktura papierowa', billingCycle: 'bimonthly', eInvoice: false },
  { id: 'gd-e', name: 'Gospodarstwa domowe — e-faktura', billingCycle: 'bimonthly', eInvoice: true },
  { id: 'po-p', name: 'Pozostali odbiorcy — faktura papierowa', billingCycle: 'monthly', eInvoice: false },
  { id: 'po-e', name: 'Pozostali odbiorcy — e-faktura', billingCycle: 'monthly', eInvoice: true },
  { id: 'gd-p2', name: 'Gospodarstwa domowe z ogrodem — faktura papierowa', billingCycle: 'bimonthly', eInvoice: false },
]
const g = (id: string) => groups.find((x) => x.id === id)!

describe('the next billing period', () => {
  it('starts after the period that contains the day, in the contract cycle', () => {
    expect(nextPeriodStart('2026-11-25', 'monthly')).toBe('2026-12-01')
    expect(nextPeriodStart('2026-11-25', 'bimonthly')).toBe('2027-01-01')
    expect(nextPeriodStart('2026-03-01', 'bimonthly')).toBe('2026-05-01')
    expect(nextPeriodStart('2026-04-30', 'bimonthly')).toBe('2026-05-01')
  })
})

describe('the matching group', () => {
  it('is on the other side with the same cycle and audience', () => {
    expect(counterpartGroup(g('po-p'), groups)?.id).toBe('po-e')
    expect(counterpartGroup(g('po-e'), groups)?.id).toBe('po-p')
    // Two paper household groups: the audience decides.
    expect(counterpartGroup(g('gd-e'), groups)?.id).toBe('gd-p')
    expect(counterpartGroup(g('gd-p'), groups)?.id).toBe('gd-e')
  })

  it('is none when there is no group on the other side, or no way to choose', () => {
    expect(counterpartGroup(g('po-p'), groups.filter((x) => x.id !== 'po-e'))).toBeNull()
    const twoE = [...groups, { id: 'gd-e2', name: 'Gospodarstwa domowe — e-faktura (2)', billingCycle: 'bimonthly' as const, eInvoice: true }]
    expect(counterpartGroup(g('gd-p2'), twoE)).toBeNull()
  })
})

describe('the group a period is billed in', () => {
  const accept = { fromGroupId: 'gd-p', toGroupId: 'gd-e', effectiveFrom: '2027-01-01', seq: 1 }
  const back = { fromGroupId: 'gd-e', toGroupId: 'gd-p', effectiveFrom: '2027-05-01', seq: 2 }

  it('is the old group until the move takes effect, the new one from then', () => {
    expect(groupOn('gd-e', [accept], '2026-11-01')).toBe('gd-p')
    expect(groupOn('gd-e', [accept], '2027-01-01')).toBe('gd-e')
    expect(groupOn('gd-p', [accept, back], '2026-11-01')).toBe('gd-p')
    expect(groupOn('gd-p', [back, accept], '2027-03-01')).toBe('gd-e')
    expect(groupOn('gd-p', [accept, back], '2027-05-01')).toBe('gd-p')
    expect(groupOn('gd-p', [], '2027-05-01')).toBe('gd-p')
  })

  it('stays the old one when a move is reversed before it took effect', () => {
    const reversed = { fromGroupId: 'gd-e', toGroupId: 'gd-p', effectiveFrom: '2027-01-01', seq: 2 }
    for (const day of ['2026-12-31', '2027-01-01', '2027-06-01']) expect(groupOn('gd-p', [reversed, accept], day)).toBe('gd-p')
    expect(pendingMove([reversed, accept], '2026-12-01')).toBe(reversed)
    expect(pendingMove([accept, back], '2027-02-01')).toBe(back)
    expect(pendingMove([accept, back], '2027-05-01')).toBeNull()
  })
})
