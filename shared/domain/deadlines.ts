// Deadline arithmetic for cases (pure; ISO dates YYYY-MM-DD as business dates in Europe/Warsaw).
//
// THE RULE, as Polish civil law computes terms (the utility is not a public authority, so the
// administrative code's terms do not apply; the Regulamin dostarczania wody i odprowadzania
// ścieków adopted under art. 19 of the act of 7 June 2001 on collective water supply sets the
// term, and the Civil Code says how to count it):
//  - A complaint is answered within 14 days of its receipt (the Regulamin's usual term, and the
//    term DOMAIN.md prescribes). The term is in CALENDAR days, not working days.
//  - Kodeks cywilny art. 111 § 2: the day of the event that starts a term counted in days is not
//    counted — a complaint received on 3 March is due on 17 March.
//  - KC art. 112: a term in months ends on the day whose number matches the start day; when the
//    last month has no such day (31 January + 1 month), it ends on that month's last day.
//  - KC art. 115 (as in force since 1 January 2017): when the last day is a Saturday or a day that
//    a statute makes free of work, the term ends on the next day that is neither.
//  - Days free of work: ustawa z 18 stycznia 1951 r. o dniach wolnych od pracy, art. 1 pkt 1 —
//    Sundays, 1 and 6 January (6 January since 2011), Easter Sunday and Monday, 1 and 3 May,
//    Pentecost Sunday, Corpus Christi, 15 August, 1 and 11 November, 24 December (since 2025,
//    act of 6 December 2024), 25 and 26 December.
//  - Extension: where the Regulamin allows it, the office may extend the term by notifying the
//    customer BEFORE the current term ends, giving the reason and the new date. We cap the
//    extended term at two months from receipt (the outer limit the administrative code, art. 35
//    § 3, gives even to particularly complicated matters; an office rule, not a statute here).
//  - Failure reports have no term in days: they are routed at once; "due" is the day of receipt.

const DAY_MS = 86_400_000

function toUtc(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number)
  return Date.UTC(y, m - 1, d)
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

export function addDays(iso: string, days: number): string {
  return fromUtc(toUtc(iso) + days * DAY_MS)
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS)
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(iso: string): number {
  return new Date(toUtc(iso)).getUTCDay()
}

/** KC art. 112: same day number in the target month, or that month's last day when it is shorter. */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number)
  const monthIndex = y * 12 + (m - 1) + months
  const year = Math.floor(monthIndex / 12)
  const month = monthIndex - year * 12
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return fromUtc(Date.UTC(year, month, Math.min(d, lastDay)))
}

/** Easter Sunday (Gregorian calendar; the anonymous "Meeus/Jones/Butcher" algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return fromUtc(Date.UTC(year, month - 1, day))
}

const holidayCache = new Map<number, Map<string, string>>()

/** Statutory holidays of a year (date → Polish name), per the 1951 act as amended. */
export function publicHolidays(year: number): Map<string, string> {
  const cached = holidayCache.get(year)
  if (cached) return cached
  const on = (mmdd: string) => `${year}-${mmdd}`
  const easter = easterSunday(year)
  const list: Array<[string, string]> = [
    [on('01-01'), 'Nowy Rok'],
    [easter, 'Wielkanoc'],
    [addDays(easter, 1), 'Poniedziałek Wielkanocny'],
    [on('05-01'), 'Święto Pracy'],
    [on('05-03'), 'Święto Konstytucji 3 Maja'],
    [addDays(easter, 49), 'Zielone Świątki'],
    [addDays(easter, 60), 'Boże Ciało'],
    [on('08-15'), 'Wniebowzięcie NMP'],
    [on('11-01'), 'Wszystkich Świętych'],
    [on('11-11'), 'Narodowe Święto Niepodległości'],
    [on('12-25'), 'Boże Narodzenie (pierwszy dzień)'],
    [on('12-26'), 'Boże Narodzenie (drugi dzień)'],
  ]
  if (year >= 2011) list.push([on('01-06'), 'Trzech Króli'])
  if (year >= 2025) list.push([on('12-24'), 'Wigilia Bożego Narodzenia'])
  const map = new Map(list)
  holidayCache.set(year, map)
  return map
}

/** The holiday's name, or null on an ordinary day (Sundays are free of work but not named here). */
export function holidayName(iso: string): string | null {
  return publicHolidays(Number(iso.slice(0, 4))).get(iso) ?? null
}

/** A day on which a term can end under KC art. 115: not a Saturday, Sunday or statutory holiday. */
export function isWorkingDay(iso: string): boolean {
  const dow = dayOfWeek(iso)
  return dow !== 0 && dow !== 6 && holidayName(iso) === null
}

/** KC art. 115: the given day when it is a working day, else the next one that is. */
export function carryToWorkingDay(iso: string): string {
  let day = iso
  while (!isWorkingDay(day)) day = addDays(day, 1)
  return day
}

/** End of a term of `days` calendar days started by an event on `eventDate` (KC art. 111 § 2 + 115). */
export function termInDays(eventDate: string, days: number): string {
  return carryToWorkingDay(addDays(eventDate, days))
}

/** End of a term of `months` months started on `eventDate` (KC art. 112 + 115). */
export function termInMonths(eventDate: string, months: number): string {
  return carryToWorkingDay(addMonths(eventDate, months))
}

// ---------------------------------------------------------------------------------------------
// Terms per kind of case.

export const COMPLAINT_TERM_DAYS = 14
/** Outer limit of an extended term, in months from receipt (office rule, see the header). */
export const EXTENSION_LIMIT_MONTHS = 2
/** What the screen proposes when a clerk extends: another 14 days. */
export const SUGGESTED_EXTENSION_DAYS = 14

export type TermRule =
  /** Routed at once (failure reports): due on the day of receipt. */
  | { kind: 'immediate' }
  | { kind: 'days'; days: number; extendable: boolean }

/** The due date of a case received on `receivedOn` under a rule. */
export function dueDateFor(rule: TermRule, receivedOn: string): string {
  return rule.kind === 'immediate' ? receivedOn : termInDays(receivedOn, rule.days)
}

/** The latest date an extension may name. */
export function extensionLimit(receivedOn: string): string {
  return termInMonths(receivedOn, EXTENSION_LIMIT_MONTHS)
}

/** The date proposed for an extension: another 14 days after the current term. */
export function suggestedExtension(receivedOn: string, currentDue: string): string {
  const proposed = termInDays(currentDue, SUGGESTED_EXTENSION_DAYS)
  const limit = extensionLimit(receivedOn)
  return proposed > limit ? limit : proposed
}

/**
 * Why an extension to `newDue` is not allowed (Polish, names the field), or null when it is.
 * The notice must be given while the current term runs (today ≤ currentDue).
 */
export function extensionProblem(p: { rule: TermRule; receivedOn: string; currentDue: string; newDue: string; today: string }): string | null {
  if (p.rule.kind !== 'days' || !p.rule.extendable) return 'Nowy termin: tego rodzaju sprawy nie można przedłużyć'
  if (p.today > p.currentDue) return 'Nowy termin: obecny termin już minął — zawiadomienie o przedłużeniu trzeba wysłać przed jego upływem'
  if (p.newDue <= p.currentDue) return 'Nowy termin: musi być późniejszy niż obecny termin'
  if (!isWorkingDay(p.newDue)) return 'Nowy termin: wypada w sobotę, niedzielę lub święto — wybierz dzień roboczy'
  const limit = extensionLimit(p.receivedOn)
  if (p.newDue > limit) return `Nowy termin: najpóźniej ${limit.split('-').reverse().join('.')} (dwa miesiące od wpływu)`
  return null
}

/** How a case stands against its term, for colours and the dashboard. */
export type DeadlineState = 'overdue' | 'today' | 'soon' | 'ok' | 'met' | 'late' | 'none'

/** "soon": due within this many calendar days. */
export const SOON_DAYS = 3

/**
 * `doneOn` is the day the case was answered (or routed, for a failure); once done, the state says
 * whether it was in time. Comparing ISO strings is comparing dates.
 */
export function deadlineState(dueOn: string | null, today: string, doneOn: string | null = null): DeadlineState {
  if (!dueOn) return 'none'
  if (doneOn) return doneOn <= dueOn ? 'met' : 'late'
  if (today > dueOn) return 'overdue'
  if (today === dueOn) return 'today'
  return daysBetween(today, dueOn) <= SOON_DAYS ? 'soon' : 'ok'
}
