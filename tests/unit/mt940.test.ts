// Bank statement files: MT940 (with the Polish structured :86:) and CSV. Valid files give every
// transaction with the individual account it was paid to; a malformed file is rejected with the
// line that is wrong.
import { describe, expect, it } from 'vitest'
import { parseBankCsv } from '../../src-main/core/settlements/bank-csv'
import { parseMt940 } from '../../src-main/core/settlements/mt940'
import { accountsIn, decodeStatement, StatementParseError } from '../../src-main/core/settlements/statement-file'

// Individual accounts of two customers (valid NRB checksums are not the parser's business).
const ACC_A = '68124013721111000010000036'
const ACC_B = '41124013721111000010000037'

const statement = (body: string[], closing = 'C260505PLN1233,45') =>
  [
    '{1:F01PKOPPLPWAXXX0000000000}{2:O9400000260505PKOPPLPWAXXX00000000002605050000N}{4:',
    ':20:WYCIAG/2026/085',
    ':25:/PL05124013721111000011112222',
    ':28C:00085/001',
    ':60F:C260504PLN1000,00',
    ...body,
    `:62F:${closing}`,
    '-}',
  ].join('\r\n')

const TWO_PAYMENTS = [
  ':61:2605050505CN161,00NTRFNONREF//PEKAO0000123',
  `:86:020~00PRZELEW PRZYCHODZĄCY~20Opłata za wodę 100036~21FW/K1/2026/000952~27Urszula Dudek~28ul. Partyzantów 29/49~29 22-400 Zamość~31${ACC_A}~38PL61109010140000071219812874`,
  ':61:260505C100,00NTRFNONREF//PEKAO0000124',
  `:86:020~00PRZELEW~20woda i ścieki marzec~21-kwiecień~27Jan Kowalski~38PL${ACC_B}`,
  ':61:260505DN27,55NTRFOPŁATA//PEKAO0000125',
  ':86:073~00OPŁATA ZA PROWADZENIE RACHUNKU',
]

describe('MT940', () => {
  it('reads transactions, titles, payers and the account each was paid to', () => {
    const s = parseMt940(statement(TWO_PAYMENTS))
    expect(s).toMatchObject({ format: 'mt940', statementRef: 'WYCIAG/2026/085', accountNo: '05124013721111000011112222' })
    expect(s.transactions).toEqual([
      {
        lineNo: 6,
        bookedOn: '2026-05-05',
        amount: 16_100,
        bankRef: 'PEKAO0000123',
        counterpartyName: 'Urszula Dudekul. Partyzantów 29/49 22-400 Zamość',
        counterpartyAccount: '61109010140000071219812874',
        title: 'Opłata za wodę 100036FW/K1/2026/000952',
        accounts: [ACC_A],
      },
      {
        lineNo: 8,
        bookedOn: '2026-05-05',
        amount: 10_000,
        bankRef: 'PEKAO0000124',
        counterpartyName: 'Jan Kowalski',
        counterpartyAccount: ACC_B,
        title: 'woda i ścieki marzec-kwiecień',
        accounts: [],
      },
      { lineNo: 10, bookedOn: '2026-05-05', amount: -2755, bankRef: 'PEKAO0000125', counterpartyName: null, counterpartyAccount: null, title: 'OPŁATA ZA PROWADZENIE RACHUNKU', accounts: [] },
    ])
  })

  it('takes the booking date across New Year and reads free-text details', () => {
    const text = [':20:1', ':25:/PL05124013721111000011112222', ':28C:1/1', ':60F:C251231PLN0,00', ':61:2512310102C50,00NTRFNONREF', `:86:Wpłata za wodę, rachunek PL ${ACC_A.replace(/(\d{2})(\d{4})(\d{4})(\d{4})(\d{4})(\d{4})(\d{4})/, '$1 $2 $3 $4 $5 $6 $7')}`, ':62F:C260102PLN50,00'].join('\n')
    const [t] = parseMt940(text).transactions
    expect(t).toMatchObject({ bookedOn: '2026-01-02', amount: 5000, bankRef: null, accounts: [ACC_A] })
  })

  it('holds several statements in one file, each balanced on its own', () => {
    const one = statement([':61:260505C10,00NTRFNONREF'], 'C260505PLN1010,00')
    const two = one.replace('WYCIAG/2026/085', 'WYCIAG/2026/086').replace(':62F:C260505PLN1010,00', ':62F:C260506PLN1020,00').replace(':60F:C260504PLN1000,00', ':60F:C260505PLN1010,00')
    expect(parseMt940(`${one}\r\n${two}`).transactions.map((t) => t.lineNo)).toEqual([6, 14])
  })

  const rejects = (text: string) => {
    try {
      parseMt940(text)
    } catch (err) {
      expect(err).toBeInstanceOf(StatementParseError)
      return [(err as StatementParseError).lineNo, (err as StatementParseError).message]
    }
    throw new Error('expected the file to be rejected')
  }

  it('rejects a malformed amount with its line', () => {
    const [line, message] = rejects(statement([TWO_PAYMENTS[0], TWO_PAYMENTS[1], ':61:260505C100.00NTRFNONREF//X']))
    expect(line).toBe(8)
    expect(message).toMatch(/^Wiersz 8: transakcja :61: w niepoprawnym formacie/)
  })

  it('rejects a date that does not exist, an unknown field and a foreign currency with their lines', () => {
    expect(rejects(statement([':61:260231C10,00NTRFNONREF']))).toEqual([6, 'Wiersz 6: data waluty :61:: data „260231” nie istnieje (format RRMMDD)'])
    expect(rejects(statement([':99:COŚ']))[0]).toBe(6)
    expect(rejects(statement([]).replace(':60F:C260504PLN', ':60F:C260504EUR'))).toEqual([5, 'Wiersz 5: waluta EUR — importowane są tylko wyciągi rachunków w PLN'])
  })

  it('rejects a truncated file: balances that do not add up, or no closing balance', () => {
    const [line, message] = rejects(statement(TWO_PAYMENTS.slice(0, 4)))
    expect(line).toBe(10)
    expect(message).toContain('saldo końcowe 1233,45 nie zgadza się z saldem otwarcia i transakcjami (1261,00)')
    const cut = statement(TWO_PAYMENTS).split('\r\n').slice(0, 9).join('\r\n')
    expect(rejects(cut)).toEqual([9, 'Wiersz 9: brak salda końcowego :62F: wyciągu rozpoczętego w wierszu 2 — plik niekompletny'])
  })

  it('rejects a file that is not MT940 at all, and details without a transaction', () => {
    expect(rejects('Data;Kwota\n2026-05-05;10,00')[0]).toBe(1)
    expect(rejects(statement([':86:opis bez transakcji']))).toEqual([6, 'Wiersz 6: opis :86: bez poprzedzającej transakcji :61:'])
  })
})

describe('CSV statements', () => {
  const csv = [
    'Data operacji;Kwota;Rachunek wirtualny;Nadawca;Rachunek nadawcy;Tytuł;Identyfikator',
    `2026-05-05;161,00;PL${ACC_A};Urszula Dudek;61109010140000071219812874;"Opłata za wodę; FW/K1/2026/000952";TX-1`,
    `05.05.2026;"1 000,50";;Jan Kowalski;;"Za wodę, rachunek ${ACC_B}";TX-2`,
    '2026-05-06;-27,55;;Bank;;Opłata za rachunek;TX-3',
    '',
  ].join('\r\n')

  it('reads columns by their Polish names, quoted fields, both date formats and signed amounts', () => {
    const s = parseBankCsv(csv)
    expect(s.transactions).toEqual([
      { lineNo: 2, bookedOn: '2026-05-05', amount: 16_100, bankRef: 'TX-1', counterpartyName: 'Urszula Dudek', counterpartyAccount: '61109010140000071219812874', title: 'Opłata za wodę; FW/K1/2026/000952', accounts: [ACC_A] },
      { lineNo: 3, bookedOn: '2026-05-05', amount: 100_050, bankRef: 'TX-2', counterpartyName: 'Jan Kowalski', counterpartyAccount: null, title: `Za wodę, rachunek ${ACC_B}`, accounts: [ACC_B] },
      { lineNo: 4, bookedOn: '2026-05-06', amount: -2755, bankRef: 'TX-3', counterpartyName: 'Bank', counterpartyAccount: null, title: 'Opłata za rachunek', accounts: [] },
    ])
  })

  it('rejects a wrong amount, date, field count or missing column with the line', () => {
    const bad = (row: string) => csv.replace(/\r\n2026-05-06.*?\r\n/, `\r\n${row}\r\n`)
    expect(() => parseBankCsv(bad('2026-05-06;12,3,4;;X;;Y;TX-3'))).toThrow('Wiersz 4: kwota „12,3,4” nie jest kwotą')
    expect(() => parseBankCsv(bad('2026-13-06;12,34;;X;;Y;TX-3'))).toThrow('Wiersz 4: data „2026-13-06”')
    expect(() => parseBankCsv(bad('2026-05-06;12,34;;X;Y;TX-3'))).toThrow('Wiersz 4: 6 pól zamiast 7')
    expect(() => parseBankCsv(bad('2026-05-06;12,34;123;X;;Y;TX-3'))).toThrow('Wiersz 4: rachunek „123” nie ma 26 cyfr')
    expect(() => parseBankCsv('Kwota;Tytuł\n10,00;woda')).toThrow('Wiersz 1: brak kolumny z datą')
    expect(() => parseBankCsv(`Data;Kwota;Tytuł\n2026-05-05;10,00;"niezamknięty\n2026-05-06;1,00;x`)).toThrow('Wiersz 2: niezamknięty cudzysłów')
  })

  it('accepts comma-separated files with a BOM and Windows-1250 text', () => {
    const win1250 = Uint8Array.from([0x44, 0x61, 0x74, 0x61, 0x2c, 0x4b, 0x77, 0x6f, 0x74, 0x61, 0x2c, 0x54, 0x79, 0x74, 0x75, 0xb3, 0x0a, ...Buffer.from('2026-05-05,"10,00",op'), 0xb3, 0x61, 0x74, 0x61])
    const text = decodeStatement(win1250)
    expect(text).toBe('Data,Kwota,Tytuł\n2026-05-05,"10,00",opłata')
    expect(parseBankCsv(text).transactions[0]).toMatchObject({ amount: 1000, title: 'opłata' })
    expect(decodeStatement(Buffer.from('\uFEFFData;Kwota', 'utf8'))).toBe('Data;Kwota')
  })
})

describe('accountsIn', () => {
  it('finds 26-digit account numbers written compactly, with PL or in groups of four', () => {
    expect(accountsIn(`PL${ACC_A} i 41 1240 1372 1111 0000 1000 0037, ale nie 123456789012345678901234567`)).toEqual([ACC_A, ACC_B])
  })
})
