// Output shapes of the file imports (customers.importFile, readings.importFile).
/** One problem of an import file, at its line (the header is line 1) and column. */
export interface ImportRowIssue {
  line: number
  /** The column header as documented (null: the whole row). */
  column: string | null
  message: string
}

/** What checking or importing a file found; with any error nothing is written. */
export interface ImportReport {
  dryRun: boolean
  /** True only once every row was written (one transaction). */
  imported: boolean
  /** Data rows in the file (without the header and empty lines). */
  rows: number
  /** Rows that will be (or were) written. */
  toImport: number
  /** Readings stored flagged: they wait for a supervisor's decision, as at the counter. */
  flagged: number
  /** Rows left out on purpose (a reading already recorded), with why. The first 200. */
  skipped: ImportRowIssue[]
  skippedCount: number
  /** The first 200 errors, in line order. */
  errors: ImportRowIssue[]
  errorCount: number
  /** Why readings will be flagged. The first 200. */
  warnings: ImportRowIssue[]
  /** Headers that are not import columns (left out). */
  ignoredColumns: string[]
  /** Customers: numbers given to the first and last imported customer. */
  firstNo: string | null
  lastNo: string | null
  ms: number
}
