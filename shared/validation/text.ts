// THE text rule of every input schema: a value is stored exactly as typed, or refused with a
// message naming the field — never changed without the clerk seeing it.
//
//  1. The one change: ordinary spaces (U+0020) at the very start and end are removed. The text
//     fields of the screens remove them too when the field loses focus (BaseTextField,
//     BaseTextArea), so what the clerk sees is what is stored.
//  2. Refused, wherever they stand: characters that cannot be seen or that steer the layout —
//     control characters (C0 and C1: TAB, CR, NUL, ESC …, DEL), the Unicode line and paragraph
//     separators (U+2028, U+2029), format characters (byte-order mark, zero-width space and
//     joiners, direction marks and bidi overrides/isolates, soft hyphen, word joiner …), lone
//     surrogates and noncharacters. Line breaks (LF, or CR LF as a file has them) and tabs are
//     allowed only in multi-line fields (notes, reasons, descriptions, letters, published texts:
//     the screens' text areas); a CR on its own never.
//  3. Everything else is kept byte for byte: letters with or without diacritics in whatever
//     normal form they came, no-break and other visible spaces (also at the edges), symbols, emoji.
//
// zod's own .trim() must not be used on stored text: it removes far more than spaces (BOM, TAB,
// CR, LF, U+2028/2029, NBSP …) without a word.

export interface TextOptions {
  /** Line breaks (LF, CR LF) and tabs allowed: a text area, not a single-line field. */
  multiline?: boolean
}

const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Noncharacter_Code_Point}]/u
/** In a text area: line breaks (LF, or CR LF from a file) and tabs are part of the text. */
const FORBIDDEN_IN_TEXT_AREA = /(?!\n|\r\n|\t)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Noncharacter_Code_Point}]/u

const NAMES: Record<string, string> = {
  '\t': 'tabulator (TAB) — zamień go na spację',
  '\r': 'znak powrotu karetki (CR) — usuń go',
  '\n': 'koniec wiersza — to pole ma jeden wiersz',
  '\u2028': 'separator wierszy (U+2028) — usuń go',
  '\u2029': 'separator akapitów (U+2029) — usuń go',
  '\ufeff': 'niewidoczny znacznik BOM (U+FEFF) — usuń go',
  '\u200b': 'niewidoczna spacja zerowej szerokości (U+200B) — usuń ją',
  '\u00ad': 'niewidoczny miękki dywiz (U+00AD) — usuń go',
}

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`

function describe(ch: string): string {
  if (NAMES[ch]) return NAMES[ch]
  if (/\p{Cc}/u.test(ch)) return `znak sterujący (${codePoint(ch)}) — usuń go`
  if (/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u.test(ch)) return `niewidoczny znak kierunku tekstu (${codePoint(ch)}) — usuń go`
  return `niewidoczny lub niedrukowalny znak (${codePoint(ch)}) — usuń go`
}

/** Spaces at the edges, the rule's one change. */
export const trimSpaces = (value: string): string => value.replace(/^ +| +$/g, '')

/** What is wrong with a text under the rule (a Polish phrase to follow "<label>: "), or null. */
export function textProblem(value: string, options: TextOptions = {}): string | null {
  const match = (options.multiline ? FORBIDDEN_IN_TEXT_AREA : FORBIDDEN).exec(value)
  if (!match) return null
  const position = [...value.slice(0, match.index)].length + 1
  return `niedozwolony znak nr ${position}: ${describe(match[0])}`
}

/** Text with only spaces of any kind (or line breaks): nothing a person could read. */
export const isBlank = (value: string): boolean => !/[^\s\p{Cf}]/u.test(value)
