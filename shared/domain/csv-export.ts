// Writing CSV for Excel: the one place every export (and any future one) builds its file. Polish
// Excel expects semicolons, CRLF lines and UTF-8 with a BOM. A cell is quoted when it holds the
// separator, a quote or a line break.
//
// Formula injection (CSV injection, OWASP): a spreadsheet runs a cell that begins with "=", "+",
// "-" or "@" (also after a TAB or CR, and in the full-width forms) as a formula — a seal number,
// a radio id, a customer's or a company's name typed as "=HYPERLINK(…)" would run on the manager's
// PC. Such a cell is written with a leading apostrophe, which makes it text; a plain number
// ("-329", "12,5") cannot be a formula and stays a number ("+48…" is
// neutralised: Excel would drop the plus).

export type CsvValue = string | number | null | undefined

const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/
const PLAIN_NUMBER = /^-?\d+([.,]\d+)?$/

/** The cell as written: neutralised when a spreadsheet would read it as a formula, then quoted if needed. */
export function csvCell(value: CsvValue, separator = ';'): string {
  let text = value === null || value === undefined ? '' : String(value)
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A whole CSV file: a header row and data rows, semicolons, CRLF, a BOM so Excel reads UTF-8. */
export function writeCsv(rows: readonly (readonly CsvValue[])[], options: { separator?: string; bom?: boolean } = {}): string {
  const separator = options.separator ?? ';'
  const body = rows.map((row) => row.map((v) => csvCell(v, separator)).join(separator)).join('\r\n') + '\r\n'
  return (options.bom ?? true ? '\ufeff' : '') + body
}
