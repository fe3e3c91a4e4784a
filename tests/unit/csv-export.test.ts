// CSV writing in one place (shared/domain/csv-export.ts) that neutralises formula cells (issue 15,
// defect 7), read back by a plain RFC 4180 reader; and no other source builds CSV by hand.
import fc from 'fast-check'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { csvCell, writeCsv } from '../../shared/domain/csv-export'

describe('a cell a spreadsheet would run as a formula is written as text', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+48 601 234 567', "'+48 601 234 567"],
    ['-2+3+cmd|/C calc!A0', "'-2+3+cmd|/C calc!A0"],
    ['@SUM(1+1)', "'@SUM(1+1)"],
    ['\t=1+2', "'\t=1+2"],
    ['\r=1+2', `"'\r=1+2"`],
    ['＝1+2', "'＝1+2"],
    ['=HYPERLINK("http://x";"y")', `"'=HYPERLINK(""http://x"";""y"")"`],
  ])('%j → %j', (value, written) => expect(csvCell(value)).toBe(written))

  it.each([['-329'], ['12,5'], ['2020'], ['0'], ['PL-7700001'], ['Grażyna =x'], ['a-b'], ['']])('%j stays as it is', (value) => expect(csvCell(value)).toBe(value))

  it('quotes the separator, quotes and line breaks; null is an empty cell; a file has a BOM and CRLF lines', () => {
    expect(csvCell('Hotel „Renesans”; Sp. z o.o.')).toBe('"Hotel „Renesans”; Sp. z o.o."')
    expect(csvCell('a"b')).toBe('"a""b"')
    expect(csvCell('a\nb')).toBe('"a\nb"')
    expect(csvCell(null)).toBe('')
    expect(csvCell(-12)).toBe('-12')
    expect(writeCsv([['A', 'B'], ['1', '=2']])).toBe("\ufeffA;B\r\n1;'=2\r\n")
    expect(writeCsv([['a,b', 'c']], { separator: ',', bom: false })).toBe('"a,b",c\r\n')
  })

  it('every cell reads back (RFC 4180) as written, with the apostrophe where neutralised, so no cell starts a formula', () => {
    const starts = (v: string) => /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/.test(v) && !/^-\d+([.,]\d+)?$/.test(v)
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', ';', '"', 'a', '1', ' ', 'ż', ',', '＝') }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), (rows) => {
        const back = rfc4180(writeCsv(rows).slice(1))
        expect(back).toEqual(rows.map((r) => r.map((v) => (starts(v) ? `'${v}` : v))))
        for (const cell of back.flat()) expect(starts(cell), JSON.stringify(cell)).toBe(false)
      }),
      { numRuns: 500 },
    )
  })
})

/** A plain RFC 4180 reader (semicolons, CRLF records), independent of the code under test. */
function rfc4180(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let i = 0
  while (i < text.length) {
    if (text[i] === '"') {
      i++
      while (i < text.length && !(text[i] === '"' && text[i + 1] !== '"')) {
        cell += text[i]
        i += text[i] === '"' ? 2 : 1
      }
      i++
    } else if (text[i] === ';') {
      row.push(cell)
      cell = ''
      i++
    } else if (text.startsWith('\r\n', i)) {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i += 2
    } else cell += text[i++]
  }
  return rows
}

describe('every CSV export goes through the one writer', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url))
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory() ? sources(path) : /\.(ts|vue)$/.test(name) ? [path] : []
    })

  it('no source outside shared/domain/csv-export.ts joins cells with a separator or quotes cells itself', () => {
    const handMade = ['src-main', 'src-renderer', 'shared']
      .flatMap((dir) => sources(join(root, dir)))
      .filter((file) => !file.endsWith(join('shared', 'domain', 'csv-export.ts')))
      .filter((file) => /\.join\((['"`])[;,\t]\1\)\s*\)?\s*\.join\(|\.join\((['"`])[;\t]\2\)|'\\ufeff'\s*\+/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file))
    expect(handMade).toEqual([])
  })
})
