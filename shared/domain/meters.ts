// Meter rules from ../shared/DOMAIN.md.
import { daysBetween, formatDate } from './dates'

/** Legalisation is valid 5 years from 1 January of the year after it was done: 2021 → 2026-12-31. */
export function legalisationExpiry(legalisationYear: number): string {
  return `${legalisationYear + 5}-12-31`
}

/** How far ahead "expires soon" looks by default: a quarter is enough to plan a fitter's visit. */
export const DEFAULT_EXPIRY_WARNING_DAYS = 90

export type MeterStatusCode = 'valid' | 'expiring' | 'expired' | 'seal_broken' | 'removed'

export interface MeterStatusInput {
  legalisationYear: number
  sealState: 'intact' | 'broken'
  state: 'active' | 'to_replace' | 'removed'
  removedOn: string | null
}

export interface MeterStatus {
  code: MeterStatusCode
  /** Last day the legalisation is valid. */
  expires: string
  /** Days from today to the expiry date (0 on the last valid day, negative once expired). */
  daysLeft: number
  /** One short Polish line for the card and the lists. */
  label: string
}

const dni = (n: number) => (n === 1 ? '1 dzień' : `${n} dni`)

/**
 * The one status shown at a glance. A removed meter is history; a broken seal ends validity
 * whatever the legalisation says; then the legalisation date decides.
 */
export function meterStatus(m: MeterStatusInput, today: string, warnDays = DEFAULT_EXPIRY_WARNING_DAYS): MeterStatus {
  const expires = legalisationExpiry(m.legalisationYear)
  const daysLeft = daysBetween(today, expires)
  if (m.state === 'removed' || m.removedOn) {
    return { code: 'removed', expires, daysLeft, label: m.removedOn ? `Zdjęty ${formatDate(m.removedOn)}` : 'Zdjęty' }
  }
  if (m.sealState === 'broken') return { code: 'seal_broken', expires, daysLeft, label: 'Zerwana plomba — odczyty niewiarygodne' }
  if (daysLeft < 0) return { code: 'expired', expires, daysLeft, label: `Legalizacja wygasła ${formatDate(expires)}` }
  if (daysLeft <= warnDays) {
    const when = daysLeft === 0 ? 'dziś' : `za ${dni(daysLeft)}`
    return { code: 'expiring', expires, daysLeft, label: `Legalizacja wygasa ${when} (${formatDate(expires)})` }
  }
  return { code: 'valid', expires, daysLeft, label: `Ważny do ${formatDate(expires)}` }
}

/** A counter of `digits` whole-m³ digits shows up to capacity − 1, then turns over to 0. */
export const counterCapacity = (digits: number): number => 10 ** digits

/** Why a meter was replaced, as printed on the protocol. */
export const METER_REPLACEMENT_REASONS = ['legalisation', 'damaged', 'seal_broken', 'customer_request', 'other'] as const
export type MeterReplacementReason = (typeof METER_REPLACEMENT_REASONS)[number]
export const METER_REPLACEMENT_REASON_LABELS: Record<MeterReplacementReason, string> = {
  legalisation: 'koniec okresu legalizacji',
  damaged: 'uszkodzenie wodomierza',
  seal_broken: 'zerwana plomba',
  customer_request: 'na wniosek odbiorcy',
  other: 'inna przyczyna',
}

export const METER_KIND_LABELS = { main: 'główny', additional: 'dodatkowy (np. ogrodowy)' } as const
