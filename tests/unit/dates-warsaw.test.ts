// Business dates are shown as the office's calendar date (Europe/Warsaw), never the UTC date cut
// out of a timestamp: just after midnight in Zamość it is already the next day.
import { describe, expect, it } from 'vitest'
import { formatDate } from '../../shared/domain/dates'

describe('formatDate', () => {
  it('shows a timestamp just after midnight Warsaw time as that Warsaw day (winter, CET)', () => {
    expect(formatDate('2026-12-06T23:10:00Z')).toBe('07.12.2026')
    expect(formatDate('2026-12-06T23:10:00.000Z')).toBe('07.12.2026')
    expect(formatDate('2026-12-07T00:10:00+01:00')).toBe('07.12.2026')
  })

  it('follows summer time (CEST): 22:30 UTC is already the next day', () => {
    expect(formatDate('2026-06-30T22:30:00Z')).toBe('01.07.2026')
    expect(formatDate('2026-06-30T21:59:00Z')).toBe('30.06.2026')
  })

  it('shows a business date (no time) as it is', () => {
    expect(formatDate('2026-12-06')).toBe('06.12.2026')
    expect(formatDate(null)).toBe('—')
  })
})
