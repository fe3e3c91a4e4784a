// Finding a person's identifiers in free text, as people actually write them, and blanking them
// (RODO anonymisation). Used by the desk (rows, audit and change log) and by the sync hub (its log
// and entity store), so both erase the same things the same way.
//
// - numbers (PESEL, NIP, REGON, phone): the digits in order, with any spaces, dashes, dots or
//   brackets between them, a phone also after +48 / 0048;
// - e-mail addresses: case-blind;
// - names and address words: case- and diacritics-blind (Żółkiewska = zolkiewska = ZOLKIEWSKA),
//   and declined (Żółkiewskiej, Gęby): a word of four letters or more matches by its stem.

/** What anonymisation writes in place of erased personal data (the evidence triggers accept it). */
export const ERASED_MARK = '[zanonimizowano]'

export interface PersonalIdentifiers {
  /** PESEL, NIP, REGON, phone numbers, as stored or typed (digits are what counts). */
  numbers: readonly (string | null | undefined)[]
  emails: readonly (string | null | undefined)[]
  /** Phrases that identify her anywhere: a full name, a street with the house number. */
  phrases: readonly (string | null | undefined)[]
}

const FOLD: Record<string, string> = { ą: 'a', ć: 'c', ę: 'e', ł: 'l', ń: 'n', ó: 'o', ś: 's', ź: 'z', ż: 'z' }
const VARIANTS: Record<string, string> = { a: 'aą', c: 'cć', e: 'eę', l: 'lł', n: 'nń', o: 'oó', s: 'sś', z: 'zźż' }
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')

/** Lower case, Polish letters folded (ł → l): how the search indexes store text. */
export const foldText = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[ąćęłńóśźż]/g, (c) => FOLD[c])
    .normalize('NFD')
    .replace(/\p{M}/gu, '')

/** One word, any case, with or without Polish diacritics; long words also in their declined forms. */
function wordPattern(word: string): string {
  const folded = foldText(word)
  const stem = folded.length >= 4 && /[aeiouy]$/.test(folded) ? folded.slice(0, -1) : folded
  const letters = [...stem].map((c) => (VARIANTS[c] ? `[${VARIANTS[c]}]` : escape(c))).join('')
  return stem === folded ? letters : `${letters}\\p{L}{0,3}`
}

function numberPattern(value: string): string | null {
  let digits = value.replace(/\D/g, '')
  if (/^(00)?48\d{9}$/.test(digits)) digits = digits.slice(-9)
  // Short numbers (a house number, a year) identify nobody and would blank half the office's notes.
  if (digits.length < 7) return null
  return `(?<!\\d)(?:(?:\\+|00)48[\\s.()-]*)?${[...digits].join('[\\s.()/-]{0,2}')}(?!\\d)`
}

function phrasePattern(phrase: string): string | null {
  const words = phrase.split(/[\s,.\-/]+/).filter(Boolean)
  if (!words.length || words.join('').length < 3) return null
  const body = words.map((w) => (/^\d+\p{L}?$/u.test(w) ? escape(w) : wordPattern(w))).join('[\\s,.\\-/]{1,3}')
  return `(?<![\\p{L}\\d])${body}(?![\\d])`
}

/** One case-insensitive pattern matching any of the identifiers, or null when there are none. */
export function identifierPattern(ids: PersonalIdentifiers): RegExp | null {
  const parts = new Set<string>()
  for (const n of ids.numbers) if (n) parts.add(numberPattern(n) ?? '')
  for (const e of ids.emails) if (e && e.includes('@')) parts.add(escape(e.trim().toLowerCase()))
  for (const p of ids.phrases) if (p) parts.add(phrasePattern(p) ?? '')
  parts.delete('')
  // Longest first, so "Żółkiewska-Gęba" goes whole rather than leaving "-Gęba".
  return parts.size ? new RegExp([...parts].sort((a, b) => b.length - a.length).join('|'), 'giu') : null
}

/** The text with every match blanked; the same string when nothing matched. */
export function scrubText(text: string, pattern: RegExp): string {
  pattern.lastIndex = 0
  return pattern.test(text) ? text.replace(pattern, ERASED_MARK) : text
}

/** A JSON document (audit copy, change-log fields) with every matching string value blanked; other text as plain text. */
export function scrubJsonText(json: string, pattern: RegExp): string {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return scrubText(json, pattern)
  }
  if (!value || typeof value !== 'object') return scrubText(json, pattern)
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrubText(v, pattern)
    if (Array.isArray(v)) return v.map(walk)
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
    return v
  }
  const out = JSON.stringify(walk(value))
  return out === JSON.stringify(value) ? json : out
}

/**
 * Erases the given fields from a JSON copy of a row (an audit entry, a change-log or hub-log
 * entry): the record of what changed when stays, the values go. A value equal to `keep[field]`
 * (the row's anonymised value) stays, so the change that writes it still carries it.
 */
export function scrubFields(json: string | null, fields: readonly string[], keep: Record<string, unknown> = {}): string | null {
  if (!json) return json
  const value = JSON.parse(json) as Record<string, unknown> | null
  if (!value || typeof value !== 'object') return json
  let changed = false
  for (const f of fields) {
    if (f in value && value[f] !== null && value[f] !== ERASED_MARK && !(f in keep && JSON.stringify(keep[f]) === JSON.stringify(value[f]))) {
      value[f] = ERASED_MARK
      changed = true
    }
  }
  return changed ? JSON.stringify(value) : json
}
