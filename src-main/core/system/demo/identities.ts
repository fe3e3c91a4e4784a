// Valid identifiers for demo customers. Check digits are found by asking the shared validators
// (shared/validation/identifiers.ts) which final digit passes, so the weights live in one place.
import { checkNip, checkPesel, checkRegon } from '../../../../shared/validation/identifiers'
import type { Rng } from './random'

/** The digit d (0–9) that makes `body + d` pass `check`, or null when none does. */
function completeWithCheckDigit(body: string, check: (v: string) => string | null): string | null {
  for (let d = 0; d <= 9; d++) if (check(body + d) === null) return body + d
  return null
}

/** PESEL for a birth date (YYYY-MM-DD, 1800–2299) and sex: the 10th digit is even for women. */
export function makePesel(rng: Rng, birthDate: string, sex: 'F' | 'M'): string {
  const year = Number(birthDate.slice(0, 4))
  const offset = year < 1900 ? 80 : year < 2000 ? 0 : year < 2100 ? 20 : year < 2200 ? 40 : 60
  const month = String(Number(birthDate.slice(5, 7)) + offset).padStart(2, '0')
  const sexDigit = 2 * rng.int(0, 4) + (sex === 'M' ? 1 : 0)
  const pesel = completeWithCheckDigit(birthDate.slice(2, 4) + month + birthDate.slice(8, 10) + rng.digits(3) + sexDigit, checkPesel)
  // The PESEL check digit (10 − sum mod 10) mod 10 always exists.
  if (!pesel) throw new Error(`no PESEL check digit for ${birthDate}`)
  return pesel
}

/** NIP; `taxOfficePrefix` is the issuing office's 3-digit code (922 = Zamość). */
export function makeNip(rng: Rng, taxOfficePrefix = '922'): string {
  for (;;) {
    // A weighted sum ≡ 10 (mod 11) has no valid check digit: draw again.
    const nip = completeWithCheckDigit(taxOfficePrefix + rng.digits(6), checkNip)
    if (nip) return nip
  }
}

/** REGON: 9 digits for an entity, 14 for a local unit (its first 9 are the entity's REGON). */
export function makeRegon(rng: Rng, length: 9 | 14): string {
  const base = completeWithCheckDigit(rng.pick(['06', '43', '95']) + rng.digits(6), checkRegon)!
  return length === 9 ? base : completeWithCheckDigit(base + rng.digits(4), checkRegon)!
}
