// What both bank statement parsers (MT940, CSV) produce, and how a file's bytes become text.
// Pure: no database, no Node APIs beyond TextDecoder.

export interface StatementTransaction {
  /** Line of the file where the transaction starts (1-based). */
  lineNo: number
  bookedOn: string
  /** Grosze: positive = money in (credit), negative = money out. */
  amount: number
  /** The bank's own reference of the transaction, when the file gives one. */
  bankRef: string | null
  counterpartyName: string | null
  counterpartyAccount: string | null
  title: string | null
  /** Every account number (NRB, 26 digits) the transaction mentions: the individual account is one of them. */
  accounts: string[]
}

export interface ParsedStatement {
  format: 'mt940' | 'csv'
  statementRef: string | null
  /** The office's account the statement is for, when the file says. */
  accountNo: string | null
  transactions: StatementTransaction[]
}

/** A file that cannot be imported: the line and what is wrong with it, in Polish. */
export class StatementParseError extends Error {
  constructor(
    readonly lineNo: number,
    readonly detail: string,
  ) {
    super(`Wiersz ${lineNo}: ${detail}`)
    this.name = 'StatementParseError'
  }
}

/**
 * Statement files come in UTF-8 (with or without a BOM) or, from many Polish banks, in
 * Windows-1250. UTF-8 is tried strictly first, so a Windows-1250 "ł" never turns into "�".
 */
export function decodeStatement(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '')
  } catch {
    return new TextDecoder('windows-1250').decode(bytes)
  }
}

/** NRB account numbers in free text: 26 digits, optionally "PL" and spaces in groups of four. */
export function accountsIn(text: string): string[] {
  const found = new Set<string>()
  for (const m of text.matchAll(/(?<![\dA-Z])(?:PL ?)?(\d{2}(?: ?\d{4}){6})(?!\d)/g)) found.add(m[1].replace(/ /g, ''))
  return [...found]
}

/** "YYYY-MM-DD" if the date exists. */
export function isoIfValid(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day))
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null
  return d.toISOString().slice(0, 10)
}
