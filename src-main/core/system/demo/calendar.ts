// Day arithmetic for generating years of history quickly: a date is a whole number of days since
// 1970-01-01 (UTC, so no daylight-saving surprises), a month is year × 12 + month − 1.

const DAY_MS = 86_400_000

export const dayOf = (iso: string): number => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS

const isoCache = new Map<number, string>()
/** ISO date of a day number; cached because the same few thousand days recur millions of times. */
export function isoOf(day: number): string {
  let iso = isoCache.get(day)
  if (iso === undefined) {
    iso = new Date(day * DAY_MS).toISOString().slice(0, 10)
    isoCache.set(day, iso)
  }
  return iso
}

export const dayFromParts = (year: number, month: number, date: number): number => Date.UTC(year, month - 1, date) / DAY_MS

const monthCache = new Map<number, number>()
export function monthOfDay(day: number): number {
  let month = monthCache.get(day)
  if (month === undefined) {
    const d = new Date(day * DAY_MS)
    month = d.getUTCFullYear() * 12 + d.getUTCMonth()
    monthCache.set(day, month)
  }
  return month
}

export const yearOfMonth = (month: number): number => Math.floor(month / 12)
/** 1–12. */
export const calendarMonth = (month: number): number => (month % 12) + 1
export const yearOfDay = (day: number): number => yearOfMonth(monthOfDay(day))

export const firstDayOfMonth = (month: number): number => dayFromParts(yearOfMonth(month), calendarMonth(month), 1)
export const lastDayOfMonth = (month: number): number => firstDayOfMonth(month + 1) - 1
export const daysInMonth = (month: number): number => firstDayOfMonth(month + 1) - firstDayOfMonth(month)

/** 1–31. */
export const dayOfMonth = (day: number): number => day - firstDayOfMonth(monthOfDay(day)) + 1
