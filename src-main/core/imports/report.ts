// What the file imports share: collecting per-row problems with their line and column, turning
// zod issues into them, and the report — or, for an import with any error, the refusal.
import type { z } from 'zod'
import { ApiError } from '../../../shared/api/errors'
import type { ImportReport, ImportRowIssue } from '../../../shared/api/types'
import { CsvFileError, type ImportColumn } from '../../../shared/domain/csv-import'

/** Issues kept in a report (a broken file of 20,000 rows need not travel whole). */
const KEPT = 200

export class ImportFindings {
  readonly errors: ImportRowIssue[] = []
  readonly skipped: ImportRowIssue[] = []
  readonly warnings: ImportRowIssue[] = []
  private readonly headers: Map<string, string>

  constructor(columns: readonly ImportColumn[]) {
    this.headers = new Map(columns.map((c) => [c.key, c.header]))
  }

  /** The documented header of a column key (or the key itself for a row-wide problem). */
  header(key: string | null): string | null {
    return key === null ? null : (this.headers.get(key) ?? key)
  }

  error(line: number, key: string | null, message: string): void {
    this.errors.push({ line, column: this.header(key), message })
  }

  /** Zod issues of one row, each at the column its path names (`fieldColumn` maps schema fields). */
  zodErrors(line: number, error: z.ZodError, fieldColumn: (path: readonly PropertyKey[]) => string | null): void {
    for (const issue of error.issues) this.error(line, fieldColumn(issue.path), issue.message)
  }

  report(base: { dryRun: boolean; rows: number; toImport: number; flagged?: number; ignoredColumns: string[]; started: number; imported?: boolean; firstNo?: string | null; lastNo?: string | null }): ImportReport {
    const byLine = (a: ImportRowIssue, b: ImportRowIssue) => a.line - b.line
    return {
      dryRun: base.dryRun,
      imported: base.imported ?? false,
      rows: base.rows,
      toImport: base.toImport,
      flagged: base.flagged ?? 0,
      skipped: [...this.skipped].sort(byLine).slice(0, KEPT),
      skippedCount: this.skipped.length,
      errors: [...this.errors].sort(byLine).slice(0, KEPT),
      errorCount: this.errors.length,
      warnings: [...this.warnings].sort(byLine).slice(0, KEPT),
      ignoredColumns: base.ignoredColumns,
      firstNo: base.firstNo ?? null,
      lastNo: base.lastNo ?? null,
      ms: Math.round(performance.now() - base.started),
    }
  }
}

/** A file that cannot be read at all: a report with the one error (a check) or a refusal (an import). */
export function unreadableFile(err: unknown, dryRun: boolean, started: number, columns: readonly ImportColumn[]): ImportReport {
  if (!(err instanceof CsvFileError)) throw err
  if (!dryRun) throw new ApiError('VALIDATION', `${err.message} — nic nie zaimportowano`, 'text')
  const findings = new ImportFindings(columns)
  findings.error(err.line, null, err.message)
  return findings.report({ dryRun, rows: 0, toImport: 0, ignoredColumns: [], started })
}

/** An import is all or nothing: any error refuses the whole file, naming the first problem. */
export function refuseIfErrors(report: ImportReport): void {
  if (!report.errorCount) return
  const first = report.errors[0]
  const where = `wiersz ${first.line}${first.column ? `, kolumna „${first.column}”` : ''}`
  throw new ApiError(
    'VALIDATION',
    `Plik ma błędy (${report.errorCount}) — nic nie zaimportowano. Pierwszy: ${where}: ${first.message}`,
    'text',
  )
}
