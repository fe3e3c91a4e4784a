// Business dates are ISO strings (YYYY-MM-DD) in Europe/Warsaw; shown as DD.MM.RRRR.
export const OFFICE_TIME_ZONE = 'Europe/Warsaw'

const isoDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: OFFICE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** Today's (or the given instant's) business date in the office's time zone. */
export function businessDate(at: Date = new Date()): string {
  return isoDateFormat.format(at)
}

/**
 * DD.MM.RRRR. A business date ("2026-12-07") is shown as it is; an instant ("2026-12-06T23:10:00Z",
 * what the database keeps for createdAt, activatedAt, sentAt…) is shown as the date it was in the
 * office (07.12.2026), never as the UTC date cut out of the string.
 */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—'
  const date = iso.length > 10 ? businessDate(new Date(iso)) : iso
  const [y, m, d] = date.split('-')
  return `${d}.${m}.${y}`
}

const dateTimeFormat = new Intl.DateTimeFormat('pl-PL', {
  timeZone: OFFICE_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTimeFormat.format(new Date(iso)) : '—'
}

/** "2026-12" → "12.2026" (a billing month as the office writes it); anything else as given. */
export function formatMonth(isoMonth: string | null | undefined): string {
  if (!isoMonth) return ''
  const m = /^(\d{4})-(\d{2})$/.exec(isoMonth)
  return m ? `${m[2]}.${m[1]}` : isoMonth
}

/** A month typed the Polish way ("12.2026", "3/2026") to "2026-12"; anything else as given (the month rule judges it). */
export function isoMonthOf(text: string): string {
  const m = /^(\d{1,2})[.\-/](\d{4})$/.exec(text.trim())
  return m ? `${m[2]}-${m[1].padStart(2, '0')}` : text.trim()
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const d = new Date(value + 'T00:00:00Z')
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value)
}

const DAY_MS = 86_400_000
const dayNumber = (iso: string): number => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS

/** Whole calendar days from `from` to `to` (ISO dates; negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from)
}

/** The ISO date `days` calendar days after (or before, when negative) `iso`. */
export function addDays(iso: string, days: number): string {
  return new Date((dayNumber(iso) + days) * DAY_MS).toISOString().slice(0, 10)
}

/**
 * The instant of a wall-clock time in the office's time zone ("2026-03-29", "02:30" → ISO UTC).
 * Checks both offsets Warsaw uses (CEST +2, CET +1) and keeps the one that reads back the same;
 * an hour that occurs twice (the autumn change) is taken at its first, summer-time occurrence.
 */
export function officeInstant(isoDate: string, time: string): string {
  const [h, m] = time.split(':').map(Number)
  const base = Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10)), h, m)
  const wall = new Intl.DateTimeFormat('en-CA', { timeZone: OFFICE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  for (const offsetHours of [2, 1]) {
    const candidate = new Date(base - offsetHours * 3_600_000)
    const parts = Object.fromEntries(wall.formatToParts(candidate).map((p) => [p.type, p.value]))
    if (`${parts.year}-${parts.month}-${parts.day}` === isoDate && `${parts.hour}:${parts.minute}` === time) return candidate.toISOString()
  }
  // A time skipped by the spring change (02:00–02:59) does not exist; the summer-time reading is used.
  return new Date(base - 2 * 3_600_000).toISOString()
}
