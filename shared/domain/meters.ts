// Meter rules from ../shared/DOMAIN.md.

/** Legalisation is valid 5 years from 1 January of the year after it was done: 2021 → 2026-12-31. */
export function legalisationExpiry(legalisationYear: number): string {
  return `${legalisationYear + 5}-12-31`
}
