// Deadline arithmetic: the 14-day complaint term counted as the Civil Code counts it, across
// month ends, leap years and holidays, and extensions with notice.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CASE_TYPE_INFO } from '../../shared/domain/cases'
import {
  addMonths,
  carryToWorkingDay,
  deadlineState,
  dueDateFor,
  easterSunday,
  extensionLimit,
  extensionProblem,
  holidayName,
  isWorkingDay,
  suggestedExtension,
  termInDays,
  termInMonths,
} from '../../shared/domain/deadlines'

const complaint = CASE_TYPE_INFO.invoice_complaint.term

describe('Easter and the movable holidays', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2038, '2038-04-25'],
  ])('Easter %i is on %s', (year, date) => expect(easterSunday(year)).toBe(date))

  it('knows Corpus Christi, Pentecost and Easter Monday as holidays', () => {
    expect(holidayName('2026-04-06')).toBe('Poniedziałek Wielkanocny')
    expect(holidayName('2026-05-24')).toBe('Zielone Świątki')
    expect(holidayName('2026-06-04')).toBe('Boże Ciało')
    expect(holidayName('2026-06-05')).toBeNull()
  })

  it('counts Christmas Eve as a holiday from 2025 on, and Epiphany from 2011 on', () => {
    expect(holidayName('2024-12-24')).toBeNull()
    expect(holidayName('2025-12-24')).toBe('Wigilia Bożego Narodzenia')
    expect(holidayName('2010-01-06')).toBeNull()
    expect(holidayName('2011-01-06')).toBe('Trzech Króli')
  })

  it('treats Saturdays and Sundays as non-working days (KC art. 115 since 2017)', () => {
    expect(isWorkingDay('2026-11-27')).toBe(true) // Friday
    expect(isWorkingDay('2026-11-28')).toBe(false) // Saturday
    expect(isWorkingDay('2026-11-29')).toBe(false) // Sunday
    expect(carryToWorkingDay('2026-11-28')).toBe('2026-11-30')
  })
})

describe('the 14-day complaint term', () => {
  it('does not count the day of receipt (KC art. 111 § 2)', () => {
    expect(dueDateFor(complaint, '2026-03-03')).toBe('2026-03-17') // Tuesday → Tuesday
  })

  it('runs across a month end in calendar days', () => {
    expect(dueDateFor(complaint, '2026-01-20')).toBe('2026-02-03')
    expect(dueDateFor(complaint, '2026-04-22')).toBe('2026-05-06') // passes 1 and 3 May, ends on a Wednesday
    expect(dueDateFor(complaint, '2026-12-18')).toBe('2027-01-04') // 1 Jan 2027 is a Friday: 14 days end on Friday, a holiday → Monday
  })

  it('runs across the end of February in leap and common years', () => {
    expect(dueDateFor(complaint, '2028-02-20')).toBe('2028-03-06') // 2028 is a leap year: Feb has 29 days
    expect(dueDateFor(complaint, '2027-02-20')).toBe('2027-03-08') // 6 March 2027 is a Saturday → Monday 8th
    expect(dueDateFor(complaint, '2026-02-16')).toBe('2026-03-02')
  })

  it('moves an end falling on a Saturday, Sunday or holiday to the next working day (KC art. 115)', () => {
    expect(dueDateFor(complaint, '2026-11-14')).toBe('2026-11-30') // ends Saturday 28th → Monday 30th
    expect(dueDateFor(complaint, '2026-10-18')).toBe('2026-11-02') // ends Sunday 1 Nov (All Saints) → Monday
    expect(dueDateFor(complaint, '2025-12-10')).toBe('2025-12-29') // ends 24 Dec 2025 (Wigilia), then 25, 26, weekend → Monday 29th
    expect(dueDateFor(complaint, '2026-03-23')).toBe('2026-04-07') // ends Easter Monday 6 April → Tuesday
  })

  it('routes failures at once: due on the day they are reported, weekend or not', () => {
    expect(dueDateFor(CASE_TYPE_INFO.failure.term, '2026-11-28')).toBe('2026-11-28')
  })

  it('never ends on a non-working day and never earlier than 14 days after receipt (property)', () => {
    const day = fc.integer({ min: 0, max: 365 * 30 }).map((n) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10))
    fc.assert(
      fc.property(day, (received) => {
        const due = dueDateFor(complaint, received)
        const days = (Date.parse(due) - Date.parse(received)) / 86_400_000
        // The longest run of non-working days is Christmas: Wigilia, 25, 26 plus a weekend.
        return isWorkingDay(due) && days >= 14 && days <= 14 + 5
      }),
    )
  })
})

describe('months (KC art. 112) and extensions', () => {
  it('ends a term in months on the matching day, or the month’s last day', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28')
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29')
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30')
    expect(addMonths('2026-11-30', 2)).toBe('2027-01-30')
    expect(addMonths('2026-12-31', 2)).toBe('2027-02-28')
    expect(termInMonths('2026-12-31', 2)).toBe('2027-03-01') // 28 Feb 2027 is a Sunday
  })

  it('limits an extension to two months from receipt', () => {
    expect(extensionLimit('2026-01-30')).toBe('2026-03-30')
    expect(extensionLimit('2027-12-31')).toBe('2028-02-29')
  })

  it('proposes another 14 days, but never past the limit', () => {
    expect(suggestedExtension('2026-03-03', '2026-03-17')).toBe('2026-03-31')
    // Already extended close to the limit: the proposal stops at the limit.
    expect(suggestedExtension('2026-03-03', '2026-04-28')).toBe('2026-05-04') // 3 May limit is a Sunday holiday → Monday 4th
  })

  const base = { rule: complaint, receivedOn: '2026-03-03', currentDue: '2026-03-17' }

  it('accepts a working day after the current term, given while the term runs', () => {
    expect(extensionProblem({ ...base, newDue: '2026-03-31', today: '2026-03-17' })).toBeNull()
    expect(extensionProblem({ ...base, newDue: '2026-05-04', today: '2026-03-10' })).toBeNull()
  })

  it('refuses an extension after the term, to an earlier or weekend date, or past the limit', () => {
    expect(extensionProblem({ ...base, newDue: '2026-03-31', today: '2026-03-18' })).toMatch(/już minął/)
    expect(extensionProblem({ ...base, newDue: '2026-03-17', today: '2026-03-10' })).toMatch(/późniejszy/)
    expect(extensionProblem({ ...base, newDue: '2026-03-28', today: '2026-03-10' })).toMatch(/sobotę, niedzielę lub święto/)
    expect(extensionProblem({ ...base, newDue: '2026-05-05', today: '2026-03-10' })).toMatch(/najpóźniej 04\.05\.2026/)
  })

  it('refuses to extend a failure report or a refund', () => {
    expect(extensionProblem({ ...base, rule: CASE_TYPE_INFO.failure.term, newDue: '2026-03-31', today: '2026-03-10' })).toMatch(/nie można przedłużyć/)
    expect(extensionProblem({ ...base, rule: CASE_TYPE_INFO.refund_request.term, newDue: '2026-03-31', today: '2026-03-10' })).toMatch(/nie można przedłużyć/)
  })

  it('an extended term still ends on a working day when proposed across a month end', () => {
    expect(termInDays('2026-01-19', 14)).toBe('2026-02-02')
    expect(suggestedExtension('2026-01-05', '2026-01-19')).toBe('2026-02-02')
  })
})

describe('deadline state', () => {
  it('tells overdue, today, soon and ok apart, and in-time from late once answered', () => {
    expect(deadlineState('2026-11-25', '2026-11-26')).toBe('overdue')
    expect(deadlineState('2026-11-25', '2026-11-25')).toBe('today')
    expect(deadlineState('2026-11-28', '2026-11-25')).toBe('soon')
    expect(deadlineState('2026-12-01', '2026-11-25')).toBe('ok')
    expect(deadlineState('2026-11-25', '2026-11-30', '2026-11-25')).toBe('met')
    expect(deadlineState('2026-11-25', '2026-11-30', '2026-11-26')).toBe('late')
    expect(deadlineState(null, '2026-11-30')).toBe('none')
  })

  it('crosses a month end when counting “soon”', () => {
    expect(deadlineState('2026-12-02', '2026-11-29')).toBe('soon')
    expect(deadlineState('2026-12-03', '2026-11-29')).toBe('ok')
  })
})
