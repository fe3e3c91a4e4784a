// The one text rule of the input schemas (shared/validation/text.ts): every value is stored
// exactly as sent or refused with a Polish message naming the field — the only change being
// ordinary spaces at the edges. zod's .trim() used to drop a leading BOM, TAB or CR and a
// trailing U+2029 without a word.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { contract } from '../../shared/api/contract'
import * as f from '../../shared/validation/fields'

const CHARS: [string, string][] = [
  ['BOM', '\ufeff'],
  ['ZWSP', '\u200b'],
  ['ZWNJ', '\u200c'],
  ['ZWJ', '\u200d'],
  ['word joiner', '\u2060'],
  ['soft hyphen', '\u00ad'],
  ['TAB', '\t'],
  ['CR', '\r'],
  ['LF', '\n'],
  ['VT', '\v'],
  ['FF', '\f'],
  ['NUL', '\u0000'],
  ['ESC', '\u001b'],
  ['DEL', '\u007f'],
  ['C1 NEL', '\u0085'],
  ['C1 CSI', '\u009b'],
  ['LINE SEPARATOR', '\u2028'],
  ['PARAGRAPH SEPARATOR', '\u2029'],
  ['LRM', '\u200e'],
  ['RLM', '\u200f'],
  ['LRE', '\u202a'],
  ['RLO', '\u202e'],
  ['LRI', '\u2066'],
  ['PDI', '\u2069'],
  ['ALM', '\u061c'],
  ['lone surrogate', '\ud800'],
  ['noncharacter', '\uffff'],
  ['NBSP', '\u00a0'],
  ['narrow NBSP', '\u202f'],
  ['thin space', '\u2009'],
  ['ideographic space', '\u3000'],
  ['combining acute', '\u0301'],
]

/** Must be refused, whatever the field (LF: in single-line fields). */
const REFUSED = new Set(['BOM', 'ZWSP', 'ZWNJ', 'ZWJ', 'word joiner', 'soft hyphen', 'TAB', 'CR', 'VT', 'FF', 'NUL', 'ESC', 'DEL', 'C1 NEL', 'C1 CSI', 'LINE SEPARATOR', 'PARAGRAPH SEPARATOR', 'LRM', 'RLM', 'LRE', 'RLO', 'LRI', 'PDI', 'ALM', 'lone surrogate', 'noncharacter'])

const POLISH = /^(Nazwisko|Uwagi|E-mail|PESEL): .*(niedozwolony znak nr \d+: .+)$/u

type Outcome = { kept: true } | { refused: string }

function outcome(schema: z.ZodType, value: string): Outcome {
  const r = schema.safeParse(value)
  if (r.success) {
    // Stored at all: then exactly as sent, byte for byte.
    expect(Buffer.from(String(r.data), 'utf16le').equals(Buffer.from(value, 'utf16le')), `${JSON.stringify(value)} → ${JSON.stringify(r.data)}`).toBe(true)
    return { kept: true }
  }
  return { refused: r.error.issues[0].message }
}

describe('the text rule: verbatim or refused, never silently changed', () => {
  const fields: [string, z.ZodType, boolean][] = [
    ['requiredText', f.requiredText('Nazwisko', 80), false],
    ['optionalText', f.optionalText('Uwagi', 500), false],
    ['requiredNote (text area)', f.requiredNote('Uwagi', 500), true],
    ['optionalNote (text area)', f.optionalNote('Uwagi', 500), true],
  ]
  for (const [kind, schema, multiline] of fields) {
    it(`${kind}: each control or invisible character at the start, inside and at the end`, () => {
      for (const [name, ch] of CHARS) {
        for (const value of [`${ch}Kowalski`, `Kowal${ch}ski`, `Kowalski${ch}`]) {
          const o = outcome(schema, value)
          const lineOrTab = name === 'LF' || name === 'TAB'
          const mustRefuse = multiline ? REFUSED.has(name) && !lineOrTab : REFUSED.has(name) || lineOrTab
          if (mustRefuse) {
            expect('refused' in o, `${kind} ${name} in ${JSON.stringify(value)} was kept`).toBe(true)
            expect((o as { refused: string }).refused, `${name}`).toMatch(POLISH)
          } else {
            expect(o, `${kind} ${name} in ${JSON.stringify(value)}`).toEqual({ kept: true })
          }
        }
      }
    })
  }

  it('names the character and its place', () => {
    expect(f.requiredText('Nazwisko', 80).safeParse('\ufeffKowalski').error?.issues[0].message).toBe('Nazwisko: niedozwolony znak nr 1: niewidoczny znacznik BOM (U+FEFF) — usuń go')
    expect(f.requiredText('Nazwisko', 80).safeParse('Kowalski\u2029').error?.issues[0].message).toBe('Nazwisko: niedozwolony znak nr 9: separator akapitów (U+2029) — usuń go')
    expect(f.requiredText('Nazwisko', 80).safeParse('\tKowalski').error?.issues[0].message).toBe('Nazwisko: niedozwolony znak nr 1: tabulator (TAB) — zamień go na spację')
    expect(f.requiredText('Nazwisko', 80).safeParse('\rKowalski').error?.issues[0].message).toBe('Nazwisko: niedozwolony znak nr 1: znak powrotu karetki (CR) — usuń go')
    // Position in characters as the clerk counts them, not UTF-16 units.
    expect(f.requiredText('Nazwisko', 80).safeParse('😀\u202eab').error?.issues[0].message).toBe('Nazwisko: niedozwolony znak nr 2: niewidoczny znak kierunku tekstu (U+202E) — usuń go')
  })

  it('removes ordinary spaces at the edges (the one documented change) and nothing else', () => {
    expect(f.requiredText('Nazwisko', 80).parse('  Kowalski  ')).toBe('Kowalski')
    expect(f.requiredText('Nazwisko', 80).parse('\u00a0Kowalski\u00a0')).toBe('\u00a0Kowalski\u00a0')
    expect(f.requiredNote('Uwagi', 500).parse(' Pierwszy wiersz\nDrugi wiersz\n')).toBe('Pierwszy wiersz\nDrugi wiersz\n')
    // A text file's CR LF line ends stay as they came; a CR alone is refused.
    expect(f.requiredNote('Uwagi', 500).parse('§ 1.\r\n§ 2.\tZmiany')).toBe('§ 1.\r\n§ 2.\tZmiany')
    expect(f.requiredNote('Uwagi', 500).safeParse('§ 1.\r§ 2.').error?.issues[0].message).toBe('Uwagi: niedozwolony znak nr 5: znak powrotu karetki (CR) — usuń go')
    expect(f.optionalText('Uwagi', 500).parse('   ')).toBeNull()
    expect(f.requiredText('Nazwisko', 80).safeParse('   ').error?.issues[0].message).toBe('Nazwisko: pole wymagane')
    expect(f.requiredText('Nazwisko', 80).safeParse('\u00a0\u3000').error?.issues[0].message).toBe('Nazwisko: same odstępy — wpisz tekst')
  })

  it('applies to identifiers and e-mail addresses as well', () => {
    for (const value of ['\ufeff44051401458', '44051401458\u2029', '\t44051401458']) expect(f.pesel().safeParse(value).error?.issues[0].message).toMatch(POLISH)
    for (const value of ['\ufeffjan@example.pl', 'jan@example.pl\r', 'jan@exa\u200bmple.pl']) expect(f.email().safeParse(value).error?.issues[0].message).toMatch(POLISH)
  })

  it('holds for a real operation: a customer name with a leading BOM is refused with the field named', () => {
    const input = {
      kind: 'person',
      firstName: '\ufeffMichał',
      lastName: 'Kozłowski\u2029',
      email: null,
      phone: '600 000 001',
      correspondenceAddress: { street: '\tGrecka', houseNo: '5', postalCode: '22-400', city: 'Zamość' },
    }
    const r = contract['customers.create'].input.safeParse(input)
    expect(r.success).toBe(false)
    const paths = r.error!.issues.map((i) => i.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['firstName', 'lastName', 'correspondenceAddress.street']))
  })

  it('no operation schema trims stored text with zod’s .trim() (search queries, never stored, aside)', () => {
    const dir = join(__dirname, '../../shared/api/operations')
    for (const file of readdirSync(dir)) {
      const lines = readFileSync(join(dir, file), 'utf8').split('\n')
      lines.forEach((line, i) => {
        if (line.includes('.trim()')) expect(line, `${file}:${i + 1}`).toMatch(/^\s*query:/)
      })
    }
  })
})
