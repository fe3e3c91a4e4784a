// Importing a bank statement: parse the whole file first (any malformed line rejects it, nothing
// written), match each credit to a customer by the individual account it was paid to, then write
// the statement, every transaction and the matched payments in ONE transaction. The same file is
// never imported twice (by its SHA-256); a transfer already imported from an overlapping
// statement (same bank reference, date and amount) is marked as a duplicate, not paid twice.
import { createHash } from 'node:crypto'
import { and, eq, inArray } from 'drizzle-orm'
import { ApiError } from '../../../shared/api/errors'
import type { BankImportLine, BankImportResult } from '../../../shared/api/types'
import { customerDisplayName } from '../../../shared/domain/customer-format'
import { formatDate } from '../../../shared/domain/dates'
import type { Orm } from '../../db/database'
import { bankStatements, bankTransactions, customers, payments } from '../../db/schema'
import { newId, type WriteContext } from '../../db/write'
import type { Services } from '../services'
import { parseBankCsv } from './bank-csv'
import { parseMt940 } from './mt940'
import { decodeStatement, StatementParseError, type ParsedStatement, type StatementTransaction } from './statement-file'

type Customer = Pick<typeof customers.$inferSelect, 'id' | 'customerNo' | 'kind' | 'firstName' | 'lastName' | 'companyName' | 'mergedInto' | 'bankAccount'>

/** MT940 by its fields, CSV otherwise (the extension alone is not trusted). */
export function parseStatement(fileName: string, text: string): ParsedStatement {
  const mt940 = /^\s*(\{1:|:20:)/.test(text) || /\.(sta|mt940|940)$/i.test(fileName)
  return mt940 ? parseMt940(text) : parseBankCsv(text)
}

/** Customers whose individual accounts appear in the transactions (merged records lead to the kept one). */
function customersByAccount(orm: Orm, accounts: readonly string[]): Map<string, Customer> {
  const out = new Map<string, Customer>()
  const cols = { id: customers.id, customerNo: customers.customerNo, kind: customers.kind, firstName: customers.firstName, lastName: customers.lastName, companyName: customers.companyName, mergedInto: customers.mergedInto, bankAccount: customers.bankAccount }
  const unique = [...new Set(accounts)]
  for (let i = 0; i < unique.length; i += 500) {
    for (const c of orm.select(cols).from(customers).where(inArray(customers.bankAccount, unique.slice(i, i + 500))).all()) {
      let live: Customer = c
      for (let guard = 0; live.mergedInto && guard < 20; guard++) {
        const next = orm.select(cols).from(customers).where(eq(customers.id, live.mergedInto)).get()
        if (!next) break
        live = next
      }
      out.set(c.bankAccount, live)
    }
  }
  return out
}

interface Matched {
  t: StatementTransaction
  status: BankImportLine['status']
  customer: Customer | null
  note: string | null
}

function match(orm: Orm, parsed: ParsedStatement): Matched[] {
  const byAccount = customersByAccount(orm, parsed.transactions.flatMap((t) => t.accounts))
  const seen = new Set<string>()
  return parsed.transactions.map((t): Matched => {
    if (t.amount <= 0) return { t, status: 'ignored', customer: null, note: 'Obciążenie rachunku — nie jest wpłatą' }
    if (t.bankRef) {
      const key = `${t.bankRef}|${t.bookedOn}|${t.amount}`
      const before = orm
        .select({ id: bankTransactions.id })
        .from(bankTransactions)
        .where(and(eq(bankTransactions.bankRef, t.bankRef), eq(bankTransactions.bookedOn, t.bookedOn), eq(bankTransactions.amount, t.amount)))
        .get()
      if (before || seen.has(key)) return { t, status: 'duplicate', customer: null, note: 'Ta operacja była już zaimportowana (ten sam numer, data i kwota)' }
      seen.add(key)
    }
    const found = [...new Map(t.accounts.map((a) => byAccount.get(a)).filter((c): c is Customer => !!c).map((c) => [c.id, c])).values()]
    if (found.length === 1) return { t, status: 'matched', customer: found[0], note: null }
    if (found.length > 1) return { t, status: 'unmatched', customer: null, note: `Przelew wskazuje rachunki kilku klientów (${found.map((c) => c.customerNo).join(', ')}) — przypisz ręcznie` }
    return { t, status: 'unmatched', customer: null, note: t.accounts.length ? 'Rachunek nie należy do żadnego klienta' : 'Brak indywidualnego rachunku w przelewie' }
  })
}

export async function importStatement(
  s: Services,
  ctx: WriteContext,
  input: { fileName: string; contentBase64: string; preview: boolean },
): Promise<BankImportResult> {
  const bytes = Buffer.from(input.contentBase64, 'base64')
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const earlier = s.db.orm.select().from(bankStatements).where(eq(bankStatements.sha256, sha256)).get()
  if (earlier) {
    throw new ApiError('CONFLICT', `Ten plik wyciągu został już zaimportowany ${formatDate(earlier.importedAt)} (${earlier.fileName}) — nic nie zapisano`, 'contentBase64')
  }
  let parsed: ParsedStatement
  try {
    parsed = parseStatement(input.fileName, decodeStatement(bytes))
  } catch (err) {
    if (err instanceof StatementParseError) throw new ApiError('VALIDATION', `Plik wyciągu odrzucony, nic nie zapisano. ${err.message}`, 'contentBase64')
    throw err
  }
  const matched = match(s.db.orm, parsed)
  const count = (status: BankImportLine['status']) => matched.filter((m) => m.status === status).length
  const statementId = input.preview ? null : newId()
  const paymentIds = new Map<Matched, string>()
  if (statementId) {
    s.db.write(ctx, (tx) => {
      // Checked again inside the transaction: the same file imported on two screens at once.
      if (tx.orm.select({ id: bankStatements.id }).from(bankStatements).where(eq(bankStatements.sha256, sha256)).get()) {
        throw new ApiError('CONFLICT', 'Ten plik wyciągu został właśnie zaimportowany — nic nie zapisano', 'contentBase64')
      }
      tx.insert(bankStatements, {
        id: statementId,
        fileName: input.fileName,
        format: parsed.format,
        sha256,
        statementRef: parsed.statementRef,
        accountNo: parsed.accountNo,
        transactionCount: matched.length,
        matchedCount: count('matched'),
        matchedTotal: matched.filter((m) => m.status === 'matched').reduce((sum, m) => sum + m.t.amount, 0),
        unmatchedCount: count('unmatched'),
        importedBy: ctx.staffId,
        importedAt: tx.now,
      })
      for (const m of matched) {
        let paymentId: string | null = null
        if (m.status === 'matched') {
          paymentId = newId()
          paymentIds.set(m, paymentId)
          tx.insert(payments, {
            id: paymentId,
            customerId: m.customer!.id,
            paidOn: m.t.bookedOn,
            amount: m.t.amount,
            method: 'bank',
            reference: m.t.bankRef,
            statementId,
            payerName: m.t.counterpartyName,
            title: m.t.title,
            account: m.customer!.bankAccount,
            createdBy: ctx.staffId,
            createdAt: tx.now,
          })
        }
        tx.insert(bankTransactions, {
          id: newId(),
          statementId,
          lineNo: m.t.lineNo,
          bookedOn: m.t.bookedOn,
          amount: m.t.amount,
          counterpartyName: m.t.counterpartyName,
          counterpartyAccount: m.t.counterpartyAccount,
          title: m.t.title,
          bankRef: m.t.bankRef,
          matchedAccount: m.customer?.bankAccount ?? m.t.accounts[0] ?? null,
          customerId: m.customer?.id ?? null,
          paymentId,
          status: m.status,
          note: m.note,
        })
      }
    })
  }
  return {
    statementId,
    format: parsed.format,
    preview: input.preview,
    transactionCount: matched.length,
    matchedCount: count('matched'),
    matchedTotal: matched.filter((m) => m.status === 'matched').reduce((sum, m) => sum + m.t.amount, 0),
    unmatchedCount: count('unmatched'),
    duplicateCount: count('duplicate'),
    ignoredCount: count('ignored'),
    lines: matched.map((m) => ({
      lineNo: m.t.lineNo,
      bookedOn: m.t.bookedOn,
      amount: m.t.amount,
      counterpartyName: m.t.counterpartyName,
      title: m.t.title,
      status: m.status,
      customerNo: m.customer?.customerNo ?? null,
      customerName: m.customer ? customerDisplayName(m.customer) : null,
      note: m.note,
    })),
  }
}
