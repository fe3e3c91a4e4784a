// Polish identifiers: ONE canonical form each, and checksums exactly as ../shared/DOMAIN.md states them.
// normalizeX turns what a person typed into the canonical form (what is stored, printed and sent to
// KSeF); checkX runs on exactly that form and normalises nothing itself, so the value checked is
// always the value stored (issue 15: "PL PL 7671325342" was checked as 7671325342 and stored as
// PL7671325342). Each check returns null when valid, or a Polish message saying what is wrong.

/** Separators people type inside numbers: spaces (also no-break), dashes, dots. */
const SEPARATORS = /[\s\u00a0\u202f.\-\u2010-\u2015]/g
/** Drops the separators and one country prefix "PL" (as in an EU VAT number or an IBAN). */
const withoutPrefix = (value: string): string => {
  const compact = value.replace(SEPARATORS, '').toUpperCase()
  return compact.startsWith('PL') ? compact.slice(2) : compact
}
/** What a check says when a canonical value still starts with a country prefix (typed twice). */
const twicePrefixed = (what: string, digits: number) => `${what} ma prefiks kraju PL wpisany więcej niż raz — wpisz ${digits} cyfr (z jednym PL albo bez)`

const digitsOf = (s: string): number[] => [...s].map(Number)

const weightedSum = (digits: number[], weights: number[]): number =>
  weights.reduce((sum, w, i) => sum + w * digits[i], 0)

export interface PeselInfo {
  birthDate: string // YYYY-MM-DD
  sex: 'F' | 'M'
}

/** Decodes the birth date and sex; null when the number is not a valid PESEL. */
export function decodePesel(pesel: string): PeselInfo | null {
  return checkPesel(pesel) === null ? peselParts(pesel) : null
}

function peselParts(pesel: string): PeselInfo | null {
  const d = digitsOf(pesel)
  const yy = d[0] * 10 + d[1]
  const mmRaw = d[2] * 10 + d[3]
  const dd = d[4] * 10 + d[5]
  const centuryOffset = Math.floor(mmRaw / 20) // 0:1900 1:2000 2:2100 3:2200 4:1800
  const centuries = [1900, 2000, 2100, 2200, 1800]
  if (centuryOffset > 4) return null
  const year = centuries[centuryOffset] + yy
  const month = mmRaw % 20
  if (month < 1 || month > 12) return null
  const date = new Date(Date.UTC(year, month - 1, dd))
  if (dd < 1 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== dd) return null
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dd).padStart(2, '0')}`
  return { birthDate: iso, sex: d[9] % 2 === 0 ? 'F' : 'M' }
}

/** PESEL as 11 digits (spaces and dashes typed between them dropped). */
export function normalizePesel(value: string): string {
  return value.replace(SEPARATORS, '')
}

export function checkPesel(value: string): string | null {
  if (!/^\d{11}$/.test(value)) return 'PESEL musi mieć 11 cyfr'
  const d = digitsOf(value)
  const check = (10 - (weightedSum(d, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]) % 10)) % 10
  if (check !== d[10]) return 'PESEL ma błędną cyfrę kontrolną'
  if (peselParts(value) === null) return 'PESEL zawiera nieistniejącą datę urodzenia'
  return null
}

/** NIP may be typed with dashes, spaces or one PL prefix; this returns the 10 bare digits. */
export function normalizeNip(value: string): string {
  return withoutPrefix(value)
}

/** Checks a canonical NIP (10 digits, see normalizeNip). */
export function checkNip(nip: string): string | null {
  if (/^PL/i.test(nip)) return twicePrefixed('NIP', 10)
  if (!/^\d{10}$/.test(nip)) return 'NIP musi mieć 10 cyfr'
  const d = digitsOf(nip)
  const mod = weightedSum(d, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11
  if (mod === 10 || mod !== d[9]) return 'NIP ma błędną cyfrę kontrolną'
  return null
}

/** REGON as 9 or 14 digits (separators dropped). */
export function normalizeRegon(value: string): string {
  return value.replace(SEPARATORS, '')
}

export function checkRegon(value: string): string | null {
  if (!/^(\d{9}|\d{14})$/.test(value)) return 'REGON musi mieć 9 albo 14 cyfr'
  const d = digitsOf(value)
  if (value.length === 14) {
    if (checkRegon(value.slice(0, 9)) !== null) return 'REGON: pierwsze 9 cyfr nie tworzy poprawnego numeru REGON'
    const check = (weightedSum(d, [2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8]) % 11) % 10
    return check === d[13] ? null : 'REGON ma błędną cyfrę kontrolną'
  }
  const check = (weightedSum(d, [8, 9, 2, 3, 4, 5, 6, 7]) % 11) % 10
  return check === d[8] ? null : 'REGON ma błędną cyfrę kontrolną'
}

/** Bank account (NRB) as 26 digits; typed optionally with one PL prefix, spaces or dashes. */
export function normalizeNrb(value: string): string {
  return withoutPrefix(value)
}

function mod97(numeric: string): number {
  let rest = 0
  for (const ch of numeric) rest = (rest * 10 + Number(ch)) % 97
  return rest
}

/** Checks a canonical NRB (26 digits, see normalizeNrb). */
export function checkNrb(nrb: string): string | null {
  if (/^PL/i.test(nrb)) return twicePrefixed('Numer rachunku', 26)
  if (!/^\d{26}$/.test(nrb)) return 'Numer rachunku musi mieć 26 cyfr'
  // IBAN rule: move "PL" + check digits to the end; P=25, L=21.
  return mod97(nrb.slice(2) + '2521' + nrb.slice(0, 2)) === 1 ? null : 'Numer rachunku ma błędne cyfry kontrolne'
}

/** Builds a valid NRB from the 8-digit bank sort code and a 16-digit account body (e.g. the office prefix + customer no.). */
export function makeNrb(bankSortCode: string, accountBody: string): string {
  const bban = bankSortCode + accountBody
  if (!/^\d{24}$/.test(bban)) throw new Error('makeNrb needs 24 digits of BBAN')
  const check = 98 - mod97(bban + '252100')
  return String(check).padStart(2, '0') + bban
}

export function formatNrb(value: string): string {
  const nrb = normalizeNrb(value)
  return nrb.slice(0, 2) + ' ' + nrb.slice(2).replace(/(\d{4})(?=\d)/g, '$1 ')
}

/** Postal code as 00-000: spaces dropped, any dash typed as "-" ("22 – 400" → "22-400"); digits alone stay refused. */
export function normalizePostalCode(value: string): string {
  return value.replace(/[\s\u00a0\u202f]/g, '').replace(/[\u2010-\u2015]/g, '-')
}

export function checkPostalCode(value: string): string | null {
  return /^\d{2}-\d{3}$/.test(value) ? null : 'Kod pocztowy w formacie 00-000'
}

/** An identifier's one normaliser and its check on the normalised value (what the API fields use). */
export interface IdentifierRule {
  normalize(value: string): string
  check(canonical: string): string | null
}

export const IDENTIFIERS = {
  pesel: { normalize: normalizePesel, check: checkPesel },
  nip: { normalize: normalizeNip, check: checkNip },
  regon: { normalize: normalizeRegon, check: checkRegon },
  nrb: { normalize: normalizeNrb, check: checkNrb },
  postalCode: { normalize: normalizePostalCode, check: checkPostalCode },
} as const satisfies Record<string, IdentifierRule>
