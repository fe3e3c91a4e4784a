// After a crash or a kill: a billing run this desk started and never finished is marked as
// interrupted ("przerwane") with what it did issue, and every invoice it (or an interrupted
// correction) issued without a delivery gets one — e-mail or print batch, by the same rules as
// the run itself. Idempotent: the delivery step skips invoices that have one, so running it twice
// (at start and again after the month is re-run) delivers each invoice once.
import { sql } from 'drizzle-orm'
import { billingRuns } from '../../db/schema'
import { createDeliveryService } from '../invoices/delivery'
import type { Services } from '../services'
import { jobContext } from '../../db/write'
import { noteBillingRun } from './audit'

export const interruptedRunMessage = (issued: number, month: string) =>
  `Rozliczenie przerwane (program został zamknięty w trakcie): wystawiono ${issued} ${issued === 1 ? 'fakturę' : 'faktur(y)'}, ` +
  `ich doręczenie (e-mail lub paczka do druku) dokończono przy następnym uruchomieniu. Uruchom rozliczenie za ${month} ponownie, aby wystawić pozostałe.`

/**
 * Runs of this desk still marked 'running' although no run can be going on (the desk has just
 * started): set to 'failed' with the count and totals of the invoices they issued. A run pulled
 * from another desk is that desk's business: this desk's runs are the ones in its own audit log.
 */
export function markInterruptedRuns(s: Services): number {
  const rows = s.db.readSql
    .prepare(
      `SELECT r.id, r.month, r.started_by AS startedBy, r.print_batch_id AS printBatchId,
              (SELECT b.id FROM print_batches b WHERE b.billing_run_id = r.id ORDER BY b.created_at LIMIT 1) AS runBatchId,
              (SELECT count(*) FROM invoices i WHERE i.billing_run_id = r.id) AS issued,
              (SELECT coalesce(sum(net_total), 0) FROM invoices i WHERE i.billing_run_id = r.id) AS net,
              (SELECT coalesce(sum(vat_total), 0) FROM invoices i WHERE i.billing_run_id = r.id) AS vat,
              (SELECT coalesce(sum(gross_total), 0) FROM invoices i WHERE i.billing_run_id = r.id) AS gross
       FROM billing_runs r
       WHERE r.status = 'running' AND EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'billing_runs' AND a.entity_id = r.id AND a.before IS NULL)`,
    )
    .all() as { id: string; month: string; startedBy: string | null; printBatchId: string | null; runBatchId: string | null; issued: number; net: number; vat: number; gross: number }[]
  for (const r of rows) {
    const ctx = jobContext('billing.recover', s.stationCode(), r.startedBy)
    s.db.write(ctx, (tx) => {
      tx.update(billingRuns, r.id, {
        status: 'failed',
        issuedCount: r.issued,
        netTotal: r.net,
        vatTotal: r.vat,
        grossTotal: r.gross,
        error: interruptedRunMessage(r.issued, r.month),
        // The print batch it made before the kill, if it got that far.
        printBatchId: r.printBatchId ?? r.runBatchId,
        finishedAt: tx.now,
      })
      // The run's one audit entry for what it issued (it never reached its end to write it).
      noteBillingRun(tx, r.id)
    })
  }
  return rows.length
}

/**
 * Delivers what a crash left undelivered on this station: per interrupted run (its own print
 * batch, linked to the run when the run has none yet), then corrections; a run still going on
 * (`exceptRunId`, which delivers its own) is left out. Returns the counts.
 */
export async function deliverLeftovers(s: Services, exceptRunId: string | null = null): Promise<{ emailed: number; paper: number }> {
  const delivery = createDeliveryService(s)
  const total = { emailed: 0, paper: 0 }
  for (const [runId, ids] of delivery.leftovers(s.stationCode(), exceptRunId)) {
    const run = runId ? s.db.read.get<{ startedBy: string | null; printBatchId: string | null }>(sql`SELECT started_by AS startedBy, print_batch_id AS printBatchId FROM ${billingRuns} WHERE id = ${runId}`) : undefined
    const ctx = jobContext('billing.recover', s.stationCode(), run?.startedBy ?? null)
    const r = await delivery.deliver(ctx, ids, { billingRunId: runId })
    total.emailed += r.emailed
    total.paper += r.paper
    if (runId && run && !run.printBatchId && r.printBatchId) s.db.write(ctx, (tx) => tx.update(billingRuns, runId, { printBatchId: r.printBatchId }))
  }
  return total
}

/** At start: both of the above. Never throws (a failure is logged; the next start tries again). */
export async function recoverBilling(s: Services, log: (e: unknown) => void): Promise<void> {
  try {
    markInterruptedRuns(s)
    await deliverLeftovers(s)
  } catch (err) {
    log(err)
  }
}
