// MT940 bank statements (SWIFT "Customer Statement Message", as Polish banks export them): strict,
// line-precise parsing. Any malformed line rejects the whole file with its line number, and the
// balances must add up (opening + transactions = closing), so a truncated file is never imported
// half. Polish banks put structured details in :86: as sub-fields after a separator (~, ^, <, ?):
// 20–25 title, 27–29 and 32–33 counterparty name, 31/38 counterparty account.
import { accountsIn, isoIfValid, StatementParseError, type ParsedStatement, type StatementTransaction } from './statement-file'

interface Field {
  tag: string
  lineNo: number
  value: string
}

const KNOWN_TAGS = new Set(['20', '21', '25', '28', '28C', '60F', '60M', '61', '86', '62F', '62M', '64', '65', 'NS'])

/** Splits the file into fields: a line starting with ":tag:" opens one, other lines continue it. */
function fields(text: string): Field[] {
  const out: Field[] = []
  const lines = text.split(/\r\n|\r|\n/)
  lines.forEach((raw, i) => {
    const lineNo = i + 1
    let line = raw.replace(/\s+$/, '')
    // SWIFT envelope: {1:…}{2:…}{4: before the text block, -} after it.
    line = line.replace(/^(\{[1-3]:[^}]*\})*\{4:/, '')
    if (line === '' || /^-\}?$/.test(line) || /^\{5:.*\}$/.test(line) || line === '}') return
    const m = /^:(\d{2}[A-Z]?|NS):(.*)$/.exec(line)
    if (m) {
      if (!KNOWN_TAGS.has(m[1])) throw new StatementParseError(lineNo, `nieznane pole „:${m[1]}:” — to nie jest wyciąg MT940 albo plik jest uszkodzony`)
      out.push({ tag: m[1], lineNo, value: m[2] })
      return
    }
    const last = out.at(-1)
    if (!last) throw new StatementParseError(lineNo, 'plik nie zaczyna się od pola wyciągu MT940 (oczekiwano „:20:”)')
    if (last.tag !== '86' && last.tag !== '61') throw new StatementParseError(lineNo, `wiersz poza polem — pole :${last.tag}: ma jeden wiersz`)
    last.value += `\n${line}`
  })
  return out
}

/** "1234,56" (MT940: decimal comma, no sign) → grosze. */
function amountOf(text: string, lineNo: number, what: string): number {
  const m = /^(\d{1,15}),(\d{0,2})$/.exec(text)
  if (!m) throw new StatementParseError(lineNo, `${what}: „${text}” nie jest kwotą w formacie MT940 (cyfry i przecinek dziesiętny, np. 123,45)`)
  return Number(m[1]) * 100 + Number(m[2].padEnd(2, '0'))
}

function dateOf(yymmdd: string, lineNo: number, what: string): string {
  const iso = isoIfValid(2000 + Number(yymmdd.slice(0, 2)), Number(yymmdd.slice(2, 4)), Number(yymmdd.slice(4, 6)))
  if (!iso) throw new StatementParseError(lineNo, `${what}: data „${yymmdd}” nie istnieje (format RRMMDD)`)
  return iso
}

function balance(f: Field): { amount: number; date: string } {
  const m = /^([CD])(\d{6})([A-Z]{3})(.+)$/.exec(f.value)
  if (!m) throw new StatementParseError(f.lineNo, `saldo :${f.tag}: w niepoprawnym formacie („${f.value}”; oczekiwano np. C260501PLN1000,00)`)
  if (m[3] !== 'PLN') throw new StatementParseError(f.lineNo, `waluta ${m[3]} — importowane są tylko wyciągi rachunków w PLN`)
  const amount = amountOf(m[4], f.lineNo, `saldo :${f.tag}:`)
  return { amount: m[1] === 'D' ? -amount : amount, date: dateOf(m[2], f.lineNo, `saldo :${f.tag}:`) }
}

/** The :86: details: structured sub-fields when the bank uses them, else free text. */
function details(text: string): { title: string | null; name: string | null; account: string | null; all: string } {
  const flat = text.replace(/\n/g, '')
  const structured = /^\d{3}([~^<?])/.exec(flat)
  if (!structured) return { title: flat.trim() || null, name: null, account: null, all: flat }
  const sep = structured[1]
  const sub = new Map<number, string>()
  for (const part of flat.slice(4).split(sep)) {
    const m = /^(\d{2})(.*)$/s.exec(part)
    if (m) sub.set(Number(m[1]), (sub.get(Number(m[1])) ?? '') + m[2])
  }
  const join = (codes: number[]) =>
    codes
      .map((c) => sub.get(c))
      .filter((v): v is string => !!v)
      .join('')
      .trim() || null
  const account = (sub.get(38) ?? sub.get(31) ?? '').replace(/^PL/, '').replace(/\s/g, '') || null
  return { title: join([20, 21, 22, 23, 24, 25, 26]) ?? join([0]), name: join([27, 28, 29, 32, 33]), account, all: [...sub.values()].join(' ') }
}

const LINE_61 = /^(\d{6})(\d{4})?(RC|RD|C|D)([A-Z])?(\d{1,15},\d{0,2})([NSF][A-Z0-9]{3})(.*)$/s

export function parseMt940(text: string): ParsedStatement {
  const all = fields(text)
  if (!all.some((f) => f.tag === '20')) throw new StatementParseError(1, 'brak pola „:20:” — to nie jest wyciąg MT940')
  const transactions: StatementTransaction[] = []
  let statementRef: string | null = null
  let accountNo: string | null = null
  // One file may hold several statements (:20: … :62F:), each checked on its own.
  let open: { lineNo: number; opening: number | null; sum: number; closed: boolean } | null = null
  let last: StatementTransaction | null = null
  for (const f of all) {
    switch (f.tag) {
      case '20':
        if (open && !open.closed) throw new StatementParseError(f.lineNo, `nowy wyciąg, a poprzedni (od wiersza ${open.lineNo}) nie ma salda końcowego :62F:`)
        open = { lineNo: f.lineNo, opening: null, sum: 0, closed: false }
        statementRef ??= f.value.trim() || null
        last = null
        break
      case '25': {
        const digits = f.value.replace(/^\/?(PL)?/, '').replace(/[\s/]/g, '')
        if (!/^\d{26}$/.test(digits)) throw new StatementParseError(f.lineNo, `numer rachunku :25: „${f.value}” nie ma 26 cyfr`)
        accountNo ??= digits
        break
      }
      case '60F':
      case '60M':
        if (!open) throw new StatementParseError(f.lineNo, 'saldo otwarcia przed polem :20:')
        open.opening = balance(f).amount
        break
      case '61': {
        if (!open || open.opening === null) throw new StatementParseError(f.lineNo, 'transakcja :61: przed saldem otwarcia :60F:')
        if (open.closed) throw new StatementParseError(f.lineNo, 'transakcja :61: po saldzie końcowym :62F:')
        const [first, ...rest] = f.value.split('\n')
        const m = LINE_61.exec(first)
        if (!m) throw new StatementParseError(f.lineNo, `transakcja :61: w niepoprawnym formacie („${first}”; oczekiwano np. 2605040504CN123,45NTRFNONREF)`)
        const valueDate = dateOf(m[1], f.lineNo, 'data waluty :61:')
        let bookedOn = valueDate
        if (m[2]) {
          // Booking date MMDD takes the value date's year, or the next one across New Year.
          let year = Number(valueDate.slice(0, 4))
          if (Number(m[2].slice(0, 2)) < Number(valueDate.slice(5, 7)) - 6) year++
          const iso = isoIfValid(year, Number(m[2].slice(0, 2)), Number(m[2].slice(2, 4)))
          if (!iso) throw new StatementParseError(f.lineNo, `data księgowania :61: „${m[2]}” nie istnieje (format MMDD)`)
          bookedOn = iso
        }
        const amount = amountOf(m[5], f.lineNo, 'kwota :61:')
        const credit = m[3] === 'C' || m[3] === 'RD'
        const refs = m[7]
        const bankRef = /\/\/(.+)$/.exec(refs)?.[1]?.trim() || null
        const customerRef = refs.replace(/\/\/.*$/, '').trim()
        last = {
          lineNo: f.lineNo,
          bookedOn,
          amount: credit ? amount : -amount,
          bankRef: bankRef ?? (customerRef && customerRef !== 'NONREF' ? customerRef : null),
          counterpartyName: null,
          counterpartyAccount: null,
          title: null,
          accounts: accountsIn(rest.join(' ')),
        }
        transactions.push(last)
        open.sum += last.amount
        break
      }
      case '86': {
        if (open?.closed || !open) break // statement-level information after the closing balance
        if (!last) throw new StatementParseError(f.lineNo, 'opis :86: bez poprzedzającej transakcji :61:')
        const d = details(f.value)
        last.title = d.title
        last.counterpartyName = d.name
        last.counterpartyAccount = d.account
        last.accounts = [...new Set([...last.accounts, ...accountsIn(d.all)])].filter((a) => a !== d.account)
        last = null
        break
      }
      case '62F':
      case '62M': {
        if (!open || open.opening === null) throw new StatementParseError(f.lineNo, 'saldo końcowe :62F: bez salda otwarcia :60F:')
        const closing = balance(f).amount
        if (open.opening + open.sum !== closing) {
          const fmt = (g: number) => `${g < 0 ? '-' : ''}${Math.floor(Math.abs(g) / 100)},${String(Math.abs(g) % 100).padStart(2, '0')}`
          throw new StatementParseError(
            f.lineNo,
            `saldo końcowe ${fmt(closing)} nie zgadza się z saldem otwarcia i transakcjami (${fmt(open.opening + open.sum)}) — plik niekompletny albo uszkodzony`,
          )
        }
        open.closed = true
        last = null
        break
      }
      default:
        break
    }
  }
  if (open && !open.closed) throw new StatementParseError(all.at(-1)!.lineNo, `brak salda końcowego :62F: wyciągu rozpoczętego w wierszu ${open.lineNo} — plik niekompletny`)
  return { format: 'mt940', statementRef, accountNo, transactions }
}
