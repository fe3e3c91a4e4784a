// Finding a customer's identifiers in free text as people write them (RODO anonymisation), and
// the schema held to it: every text column is either scanned, erased, or declared free of
// personal data — a new column cannot slip past the erasure unnoticed.
import { getTableColumns } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { ERASED_MARK, identifierPattern, scrubFields, scrubJsonText, scrubText } from '../../shared/domain/rodo-scrub'
import { ERASED_FIELDS } from '../../src-main/core/rodo/anonymise'
import { FREE_TEXT, KEPT_TEXT, matchersFor } from '../../src-main/core/rodo/scrub'
import { tablesByName } from '../../src-main/db/tables'

const her = { numbers: ['90090515836', '600 100 200'], emails: ['Lucja.Zolkiewska@example.pl'], phrases: ['Łucja Żółkiewska-Gęba', 'Hrubieszowska 77'] }
const pattern = identifierPattern(her)!
const X = ERASED_MARK

describe('her identifiers in free text', () => {
  it.each([
    ['tel. 600 100 200', `tel. ${X}`],
    ['tel. 600-100-200.', `tel. ${X}.`],
    ['tel.600100200', `tel.${X}`],
    ['+48 600 100 200', X],
    ['(0048) 600 10 02 00', `(${X}`],
    ['PESEL 900 905 158 36', `PESEL ${X}`],
    ['pisać na LUCJA.ZOLKIEWSKA@EXAMPLE.PL', `pisać na ${X}`],
    ['Pani Łucja Żółkiewska-Gęba dzwoniła', `Pani ${X} dzwoniła`],
    ['od lucji zolkiewskiej-gęby', `od ${X}`],
    ['ul. Hrubieszowska 77/5', `ul. ${X}/5`],
  ])('%s', (text, expected) => {
    expect(scrubText(text, pattern)).toBe(expected)
  })

  it('leaves other people and short numbers alone', () => {
    for (const text of ['Jan Nowak, tel. 600 100 201', 'dom nr 77, rok 2026', 'ul. Hrubieszowska 7', 'Łucja Kowalska', 'konto 1600100200']) expect(scrubText(text, pattern)).toBe(text)
  })

  it('blanks string values inside JSON copies and keeps the document valid', () => {
    const json = JSON.stringify({ note: 'Oddzwonić: 600100200\n"pilne"', n: 600100200, nested: [{ email: 'lucja.zolkiewska@example.pl' }] })
    expect(JSON.parse(scrubJsonText(json, pattern))).toEqual({ note: `Oddzwonić: ${X}\n"pilne"`, n: 600100200, nested: [{ email: X }] })
    expect(scrubJsonText('600 100 200', pattern)).toBe(X)
  })

  it('erases named fields of a copy except the value the row holds now', () => {
    expect(JSON.parse(scrubFields(JSON.stringify({ email: 'a@b.pl', phone: null, lastName: 'Klient zanonimizowany', x: 1 }), ['email', 'phone', 'lastName'], { lastName: 'Klient zanonimizowany' })!)).toEqual({
      email: X,
      phone: null,
      lastName: 'Klient zanonimizowany',
      x: 1,
    })
  })

  it('takes her identifiers from her rows, never the anonymised placeholders', () => {
    const m = matchersFor([
      ['customers', { firstName: 'Łucja', lastName: 'Żółkiewska-Gęba', pesel: '90090515836', phone: '600 100 200', corrStreet: 'Hrubieszowska', corrHouseNo: '77' }],
      ['customers', { firstName: null, lastName: 'Klient zanonimizowany', corrStreet: '—', corrHouseNo: '—' }],
    ])!
    // Strict (searched office-wide): numbers and the full name; scoped (her rows): single words and the address too.
    expect(scrubText('Łucja Żółkiewska-Gęba, 90090515836', m.strict!)).toBe(`${X}, ${X}`)
    expect(scrubText('p. Żółkiewska, Hrubieszowska 77', m.strict!)).toBe('p. Żółkiewska, Hrubieszowska 77')
    expect(scrubText('p. Żółkiewska, Hrubieszowska 77', m.scoped)).toBe(`p. ${X}, ${X}`)
    expect(scrubText('Klient zanonimizowany', m.scoped)).toBe('Klient zanonimizowany')
  })
})

describe('every text column of the schema is accounted for', () => {
  it('is scanned for her identifiers, erased with her rows, or declared free of personal data', () => {
    const unclassified: string[] = []
    for (const [name, table] of tablesByName) {
      for (const [key, column] of Object.entries(getTableColumns(table))) {
        const c = column as unknown as { dataType: string; enumValues?: string[] }
        if (!['string', 'json'].includes(c.dataType) || c.enumValues?.length) continue
        if (/(^id$|Id$|At$|On$|Date$|[sS]ha256$|By$|^hlc$)/.test(key)) continue
        if (![FREE_TEXT, ERASED_FIELDS, KEPT_TEXT].some((list) => list[name]?.includes(key))) unclassified.push(`${name}.${key}`)
      }
    }
    expect(unclassified).toEqual([])
  })
})

describe('her identifiers from rows already partly erased', () => {
  it('reads what is left and skips erased markers where JSON was', () => {
    const m = matchersFor([
      ['registration_applications', { email: 'a.b@example.pl', phone: null, applicantName: 'Łucja Gęba', correspondenceAddress: '[zanonimizowano]' }],
      ['sync_conflicts', { hubValues: '{"erased":true}', deskValues: '{"email":"c.d@example.pl"}' }],
    ])!
    expect(scrubText('a.b@example.pl, c.d@example.pl, Łucja Gęba', m.scoped)).toBe(`${X}, ${X}, ${X}`)
  })
})
