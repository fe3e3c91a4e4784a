// The audit of a billing run: ONE entry for the whole run (entity billing_runs, the run's id),
// not one per invoice, line, billed reading, estimate and delivery record — a Zamość run writes
// ~180,000 such rows, and an entry per row was a third of the run's writes (its e-invoices' mails
// included: each is in the mail outbox, with its own history of attempts). The rows themselves
// carry who issued them and when (created_by, created_at, billing_run_id); the entry says what the
// run issued: the period, the number range, the counts per table and the totals. A run that ends
// counts them as it writes them; a run that failed or was interrupted by a crash gets the same
// entry read back from the database (billingRunAudit; a test holds the two equal).
import { sql } from 'drizzle-orm'
import type { ReadOrm } from '../../db/database'
import type { WriteTx } from '../../db/write'

export interface BillingRunAudit {
  kind: 'billing_run_issued'
  month: string
  issueDate: string
  invoices: number
  firstNumber: string | null
  lastNumber: string | null
  net: number
  vat: number
  gross: number
  /** Rows the run added, per table (written without an audit entry of their own). */
  rows: { invoices: number; invoice_lines: number; invoice_readings: number; readings: number; invoice_deliveries: number; mails: number }
}

/**
 * Records the run's single audit entry, inside the caller's write transaction: `counted` by the
 * run itself, or read from what the run wrote (re-reading a Zamość run's rows takes half a second).
 */
export function noteBillingRun(tx: WriteTx, runId: string, counted?: BillingRunAudit): BillingRunAudit {
  const entry = counted ?? billingRunAudit(tx.read, runId)
  tx.note('billing_runs', runId, entry as unknown as Record<string, unknown>)
  return entry
}

/** The run's audit entry as the database holds it: its invoices and the rows that belong to them. */
export function billingRunAudit(read: ReadOrm, runId: string): BillingRunAudit {
  const r = read.get<Omit<BillingRunAudit, 'kind' | 'rows'> & { lines: number; billed: number; estimates: number; deliveries: number; mails: number }>(sql`
    WITH run AS (SELECT id, month, issue_date, started_at FROM billing_runs WHERE id = ${runId}),
         issued AS (SELECT i.id, i.number, i.net_total, i.vat_total, i.gross_total FROM invoices i WHERE i.billing_run_id = ${runId})
    SELECT run.month AS month, run.issue_date AS issueDate,
      (SELECT count(*) FROM issued) AS invoices,
      (SELECT min(number) FROM issued) AS firstNumber,
      (SELECT max(number) FROM issued) AS lastNumber,
      (SELECT coalesce(sum(net_total), 0) FROM issued) AS net,
      (SELECT coalesce(sum(vat_total), 0) FROM issued) AS vat,
      (SELECT coalesce(sum(gross_total), 0) FROM issued) AS gross,
      (SELECT count(*) FROM invoice_lines l WHERE l.invoice_id IN (SELECT id FROM issued)) AS lines,
      (SELECT count(*) FROM invoice_readings ir WHERE ir.invoice_id IN (SELECT id FROM issued)) AS billed,
      (SELECT count(*) FROM readings r WHERE r.id IN (SELECT ir.to_reading_id FROM invoice_readings ir WHERE ir.invoice_id IN (SELECT id FROM issued) AND ir.to_kind = 'estimated')
         AND r.source = 'rozliczenie' AND r.created_at >= run.started_at) AS estimates,
      (SELECT count(*) FROM invoice_deliveries d WHERE d.invoice_id IN (SELECT id FROM issued)) AS deliveries,
      (SELECT count(d.mail_id) FROM invoice_deliveries d WHERE d.invoice_id IN (SELECT id FROM issued)) AS mails
    FROM run`)
  if (!r) throw new Error(`billing run ${runId} not found`)
  return {
    kind: 'billing_run_issued',
    month: r.month,
    issueDate: r.issueDate,
    invoices: r.invoices,
    firstNumber: r.firstNumber,
    lastNumber: r.lastNumber,
    net: r.net,
    vat: r.vat,
    gross: r.gross,
    rows: { invoices: r.invoices, invoice_lines: r.lines, invoice_readings: r.billed, readings: r.estimates, invoice_deliveries: r.deliveries, mails: r.mails },
  }
}
