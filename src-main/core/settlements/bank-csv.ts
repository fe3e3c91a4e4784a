// CSV bank statements (the "eksport historii" of Polish banking sites). Columns are recognised by
// their header names (case and Polish letters do not matter), the separator (; or ,) from the
// header line. Strict and line-precise: a missing column, a wrong date or amount, or a row with
// the wrong number of fields rejects the whole file with its line number.
import { CsvFileError, splitCsv } from '../../../shared/domain/csv-import'
import { parseZloty } from '../../../shared/domain/money'
import { foldText } from '../../../shared/domain/text'
import { accountsIn, isoIfValid, StatementParseError, type ParsedStatement, type StatementTransaction } from './statement-file'

type Column = 'date' | 'amount' | 'account' | 'payer' | 'payerAccount' | 'title' | 'ref'

/** Header names banks use, folded (lower case, no diacritics). The first match wins. */
const HEADERS: Record<Column, string[]> = {
  date: ['data ksiegowania', 'data operacji', 'data transakcji', 'data waluty', 'data'],
  amount: ['kwota operacji', 'kwota transakcji', 'kwota', 'kwota w pln'],
  account: ['rachunek wirtualny', 'rachunek odbiorcy', 'numer rachunku odbiorcy', 'rachunek', 'numer rachunku', 'konto'],
  payer: ['nadawca', 'zleceniodawca', 'nazwa nadawcy', 'kontrahent', 'dane kontrahenta', 'nazwa kontrahenta'],
  payerAccount: ['rachunek nadawcy', 'rachunek zleceniodawcy', 'rachunek kontrahenta', 'numer rachunku nadawcy'],
  title: ['tytul', 'tytul operacji', 'tytulem', 'tytul przelewu', 'opis', 'opis operacji'],
  ref: ['identyfikator', 'identyfikator transakcji', 'id transakcji', 'numer referencyjny', 'referencja', 'nr transakcji', 'numer transakcji'],
}

/** Rows of fields with the line each starts on (the CSV reader the import screen uses too). */
function rows(text: string, sep: string): { lineNo: number; cells: string[] }[] {
  try {
    return splitCsv(text, sep).map((r) => ({ lineNo: r.line, cells: r.cells }))
  } catch (err) {
    if (err instanceof CsvFileError) throw new StatementParseError(err.line, 'niezamknięty cudzysłów — plik CSV jest uszkodzony')
    throw err
  }
}

function dateOf(text: string, lineNo: number): string {
  const t = text.trim()
  const isoForm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t)
  const plForm = /^(\d{2})[.-](\d{2})[.-](\d{4})$/.exec(t)
  const iso = isoForm ? isoIfValid(+isoForm[1], +isoForm[2], +isoForm[3]) : plForm ? isoIfValid(+plForm[3], +plForm[2], +plForm[1]) : null
  if (!iso) throw new StatementParseError(lineNo, `data „${t}” — oczekiwano RRRR-MM-DD albo DD.MM.RRRR`)
  return iso
}

export function parseBankCsv(text: string): ParsedStatement {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? ''
  const sep = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ','
  const all = rows(text, sep)
  if (!all.length) throw new StatementParseError(1, 'plik jest pusty')
  const header = all[0].cells.map((h) => foldText(h).trim())
  const index = {} as Record<Column, number>
  for (const col of Object.keys(HEADERS) as Column[]) {
    index[col] = -1
    for (const name of HEADERS[col]) {
      const at = header.indexOf(name)
      if (at >= 0 && !Object.values(index).includes(at)) {
        index[col] = at
        break
      }
    }
  }
  if (index.date < 0) throw new StatementParseError(all[0].lineNo, 'brak kolumny z datą (np. „Data operacji” albo „Data księgowania”)')
  if (index.amount < 0) throw new StatementParseError(all[0].lineNo, 'brak kolumny „Kwota”')
  if (index.account < 0 && index.title < 0) throw new StatementParseError(all[0].lineNo, 'brak kolumny z rachunkiem („Rachunek wirtualny”, „Rachunek odbiorcy”) ani z tytułem przelewu — nie ma po czym dopasować wpłat')

  const transactions: StatementTransaction[] = []
  for (const row of all.slice(1)) {
    if (row.cells.every((c) => c.trim() === '')) continue
    if (row.cells.length !== header.length) {
      throw new StatementParseError(row.lineNo, `${row.cells.length} pól zamiast ${header.length} (jak w nagłówku) — sprawdź separator „${sep}” i cudzysłowy`)
    }
    const get = (col: Column) => (index[col] >= 0 ? row.cells[index[col]].trim() : '')
    const amountText = get('amount')
    const amount = parseZloty(amountText.replace(/\s*(PLN|zł)$/i, ''))
    if (amount === null) throw new StatementParseError(row.lineNo, `kwota „${amountText}” nie jest kwotą (np. 123,45 albo -12,30)`)
    const account = get('account').replace(/^PL/i, '').replace(/[\s-]/g, '')
    if (account && !/^\d{26}$/.test(account)) throw new StatementParseError(row.lineNo, `rachunek „${get('account')}” nie ma 26 cyfr`)
    const title = get('title') || null
    const payerAccount = get('payerAccount').replace(/^PL/i, '').replace(/[\s-]/g, '') || null
    transactions.push({
      lineNo: row.lineNo,
      bookedOn: dateOf(get('date'), row.lineNo),
      amount,
      bankRef: get('ref') || null,
      counterpartyName: get('payer') || null,
      counterpartyAccount: payerAccount,
      title,
      accounts: [...new Set([...(account ? [account] : []), ...accountsIn(title ?? '')])].filter((a) => a !== payerAccount),
    })
  }
  if (!transactions.length) throw new StatementParseError(all[0].lineNo, 'plik nie zawiera żadnej operacji')
  return { format: 'csv', statementRef: null, accountNo: null, transactions }
}
