// The billing run for a month (supervisor): plan every contract (preview: nothing written), then
// issue the invoices in chunks — each chunk one transaction that takes its block of numbers from
// the station's series, writes estimated readings, invoices, lines, readings used and KSeF XML —
// and finally deliver them (e-mail with an active acceptance, otherwise a print batch; an invoice to
// a buyer with a NIP waits for its KSeF number instead — recording the number delivers it). Progress
// is kept in memory for the screen to poll; the run yields between chunks so the desk stays
// responsive. A run interrupted half-way leaves only whole, numbered invoices; running the month
// again skips the contracts already invoiced. A run killed with the process is marked interrupted,
// and its invoices delivered, at the next start (./recover.ts).
import { desc, eq, sql } from 'drizzle-orm'
import type { ParsedInputOf } from '../../../shared/api/contract'
import { ApiError } from '../../../shared/api/errors'
import type { BillingConsentMismatch, BillingPreview, BillingPreviewItem, BillingProgress, BillingRunReportData, BillingRunView, BillingSkip, BillingWarning, OfficeSettings } from '../../../shared/api/types'
import { computeInvoice, formatInvoiceNumber, invoiceSnapshot, PAYMENT_TERM_DAYS } from '../../../shared/domain/billing'
import { customerDisplayName } from '../../../shared/domain/customer-format'
import { billingPeriodOf } from '../../../shared/domain/consumption'
import { addDays, businessDate, formatDate } from '../../../shared/domain/dates'
import { billingRuns, readings, staff } from '../../db/schema'
import { preparedSql } from '../../db/database'
import { newId, type WriteContext, type StaffWrite } from '../../db/write'
import { createDeliveryService } from '../invoices/delivery'
import { invoiceSeriesKind, takeBlock } from '../../platform/numbering'
import type { Services } from '../services'
import { fa3Problem, writeInvoices, type NewInvoice } from '../invoices/issue'
import { deliverLeftovers } from './recover'
import { noteBillingRun, type BillingRunAudit } from './audit'
import { knownFailure } from '../../platform/errors'
import { loadBillingMonth, withWholeHistory, type LoadedContract } from './load'
import { consentMismatch, planContract, type ContractPlan } from './plan'
import { requireBillingStation } from '../office/billing-station'

const SKIP_ERASED: ContractPlan = { kind: 'skip', reason: 'Klient usunięty lub zanonimizowany' }

/** Each contract's latest ordinary invoice's period end, for a JSON array of contract ids. */
const LAST_INVOICED = `SELECT c.value, (SELECT max(i.period_to) FROM invoices i WHERE i.contract_id = c.value AND i.kind = 'invoice') FROM json_each(?) c`

/**
 * Invoices per write transaction: big enough to be quick, small enough to keep the desk responsive
 * (a thousand take ~0.2 s) and to move the progress bar at least twenty times. Each commit writes
 * again the index pages its neighbours dirtied too: at Zamość 1,000 per chunk issue 0.7 s faster
 * than 200 (measured 2026-12-07).
 */
export const issueChunkFor = (bills: number) => Math.min(1000, Math.max(200, Math.ceil(bills / 20)))

type Bill = Extract<ContractPlan, { kind: 'bill' }>
interface Planned {
  loaded: LoadedContract
  plan: ContractPlan
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

function requireOffice(s: Services): OfficeSettings {
  const office = s.office()
  if (!office) throw new ApiError('SETUP_REQUIRED', 'Biuro nie jest jeszcze skonfigurowane')
  return office
}

export function createBillingService(s: Services) {
  const delivery = createDeliveryService(s)
  let progress: BillingProgress | null = null
  // Progress goes to whoever listens (a transport that streams it) and is kept for polling.
  const listeners = new Set<(p: BillingProgress) => void>()
  const advance = (state: BillingProgress, patch: Partial<BillingProgress>) => {
    Object.assign(state, patch)
    for (const l of listeners) l({ ...state })
    s.events.changed('billing.progress')
  }

  const today = () => businessDate(s.now())

  function planMonth(month: string): { planned: Planned[]; planMs: number } {
    const started = performance.now()
    const loaded = loadBillingMonth(s.db.read, month)
    const plans = loaded.map((l) => (l.customer.deletedAt || l.customer.anonymisedAt ? SKIP_ERASED : planContract(l.input, newId)))
    // The few contracts whose meters need readings older than the loaded window: planned again.
    const short = plans.flatMap((plan, k) => (plan.kind === 'needs_history' ? [k] : []))
    const whole = withWholeHistory(
      s.db.read,
      short.map((k) => loaded[k]),
    )
    short.forEach((k, j) => {
      loaded[k] = whole[j]
      plans[k] = planContract(whole[j].input, newId)
    })
    const planned = loaded.map((l, k): Planned => {
      const plan = plans[k]
      if (plan.kind === 'needs_history') throw new Error(`Umowa ${l.contract.contractNo}: plan bez pełnej historii odczytów`)
      return { loaded: l, plan }
    })
    return { planned, planMs: Math.round(performance.now() - started) }
  }

  /**
   * Plans a month's bills; a bill whose buyer data the FA(3) schema would refuse (e.g. a malformed
   * NIP) is skipped with the reason, so one customer's data never stops the run.
   */
  function summarise(planned: readonly Planned[], office: OfficeSettings, dates: { issueDate: string; dueDate: string }) {
    const skipped: BillingSkip[] = []
    const warnings: BillingWarning[] = []
    let alreadyInvoiced = 0
    let notDue = 0
    const bills: { loaded: LoadedContract; plan: Bill }[] = []
    for (const { loaded, plan } of planned) {
      const who = { contractNo: loaded.contract.contractNo, customerName: customerDisplayName(loaded.customer) }
      if (plan.kind === 'not_due') notDue++
      else if (plan.kind === 'already') alreadyInvoiced++
      else if (plan.kind === 'skip') skipped.push({ contractId: loaded.contract.id, customerNo: loaded.customer.customerNo, ...who, reason: plan.reason })
      else {
        const placeholder = formatInvoiceNumber(office.invoiceSeries, office.stationCode, Number(dates.issueDate.slice(0, 4)), 0)
        const refused = loaded.customer.nip ? fa3Problem(newInvoiceOf(office, loaded, plan, placeholder, dates, null, null)) : null
        if (refused) {
          skipped.push({ contractId: loaded.contract.id, customerNo: loaded.customer.customerNo, ...who, reason: `Faktura dla KSeF niemożliwa — popraw dane klienta: ${refused.replace(/^Faktura [^:]+: /, '')}` })
          continue
        }
        bills.push({ loaded, plan })
        for (const message of plan.warnings) warnings.push({ ...who, message })
      }
    }
    return { skipped, warnings, alreadyInvoiced, notDue, bills }
  }

  /** Water is billed after the fact: not before the month's last day (readings are taken in its last days). */
  function issueDates(input: { month: string; issueDate?: string | null }) {
    const issueDate = input.issueDate ?? today()
    const monthEnd = billingPeriodOf(`${input.month}-01`, 'monthly').to
    if (issueDate < monthEnd) {
      throw new ApiError(
        'VALIDATION',
        input.issueDate
          ? `Data wystawienia: miesiąc ${input.month} kończy się ${formatDate(monthEnd)} — faktury za niego najwcześniej tego dnia`
          : `Miesiąc rozliczenia: ${input.month} jeszcze trwa (do ${formatDate(monthEnd)}) — rozlicz go po jego końcu`,
        input.issueDate ? 'issueDate' : 'month',
      )
    }
    return { issueDate, dueDate: addDays(issueDate, PAYMENT_TERM_DAYS) }
  }

  function newInvoiceOf(office: OfficeSettings, loaded: LoadedContract, plan: Bill, number: string, dates: { issueDate: string; dueDate: string }, runId: string | null, staffId: string | null): NewInvoice {
    const c = loaded.customer
    return {
      kind: 'invoice',
      series: office.invoiceSeries,
      stationCode: office.stationCode,
      number,
      customerId: c.id,
      contractId: loaded.contract.id,
      contractNo: loaded.contract.contractNo,
      issueDate: dates.issueDate,
      periodFrom: plan.periodFrom,
      periodTo: plan.periodTo,
      dueDate: dates.dueDate,
      snapshot: invoiceSnapshot(
        office,
        {
          customerNo: c.customerNo,
          kind: c.kind,
          firstName: c.firstName,
          lastName: c.lastName,
          companyName: c.companyName,
          nip: c.nip,
          bankAccount: c.bankAccount,
          address: { street: c.corrStreet, houseNo: c.corrHouseNo, flatNo: c.corrFlatNo, postalCode: c.corrPostalCode, city: c.corrCity },
        },
        loaded.supplyPoint,
        loaded.group.name,
      ),
      lines: plan.lines,
      amounts: { net: plan.totals.net, vat: plan.totals.vat, gross: plan.totals.gross, byRate: plan.totals.byRate },
      readings: plan.readings,
      billingRunId: runId,
      createdBy: staffId,
    }
  }

  function preview(input: ParsedInputOf<'billing.preview'>): BillingPreview {
    const office = requireOffice(s)
    const dates = issueDates(input)
    const { planned } = planMonth(input.month)
    const sum = summarise(planned, office, dates)
    const channels = delivery.decide(sum.bills.map((b) => b.loaded.customer.id))
    const items: BillingPreviewItem[] = sum.bills.map(({ loaded, plan }) => ({
      contractId: loaded.contract.id,
      contractNo: loaded.contract.contractNo,
      customerId: loaded.customer.id,
      customerNo: loaded.customer.customerNo,
      customerName: customerDisplayName(loaded.customer),
      periodFrom: plan.periodFrom,
      periodTo: plan.periodTo,
      lines: plan.totals.lines.map((l) => ({ position: l.position, name: l.name, unit: l.unit, quantity: l.quantity, unitNet: l.unitNet, net: l.net, vatBasisPoints: l.vatBasisPoints })),
      byRate: plan.totals.byRate,
      net: plan.totals.net,
      vat: plan.totals.vat,
      gross: plan.totals.gross,
      readings: plan.readings.map((r) => ({ ...r, estimated: r.toKind === 'estimated' })),
      estimated: plan.estimates.length > 0,
      channel: channels.get(loaded.customer.id)?.channel ?? 'paper',
      ksef: Boolean(loaded.customer.nip),
    }))
    const all = computeInvoice(sum.bills.flatMap((b) => b.plan.lines))
    const consentMismatches = sum.bills.flatMap(({ loaded, plan }, k): BillingConsentMismatch[] => {
      const kind = consentMismatch(loaded.group.eInvoice, items[k].channel)
      if (!kind) return []
      const { contractId, contractNo, customerId, customerNo, customerName } = items[k]
      return [{ contractId, contractNo, customerId, customerNo, customerName, groupName: loaded.group.name, kind, gross: plan.totals.gross }]
    })
    return {
      month: input.month,
      ...dates,
      items,
      skipped: sum.skipped,
      warnings: sum.warnings,
      consentMismatches,
      alreadyInvoiced: sum.alreadyInvoiced,
      notDue: sum.notDue,
      // Per-rate totals of the run are sums of each invoice's own rounded VAT (what is charged).
      totals: {
        count: items.length,
        net: items.reduce((t, i) => t + i.net, 0),
        vat: items.reduce((t, i) => t + i.vat, 0),
        gross: items.reduce((t, i) => t + i.gross, 0),
        byRate: all.byRate.map((r) => {
          const net = items.reduce((t, i) => t + (i.byRate.find((b) => b.vatBasisPoints === r.vatBasisPoints)?.net ?? 0), 0)
          const vat = items.reduce((t, i) => t + (i.byRate.find((b) => b.vatBasisPoints === r.vatBasisPoints)?.vat ?? 0), 0)
          return { vatBasisPoints: r.vatBasisPoints, net, vat, gross: net + vat }
        }),
      },
    }
  }

  async function run(call: StaffWrite, input: ParsedInputOf<'billing.run'>): Promise<BillingRunView> {
    const office = requireOffice(s)
    // Only one station bills: two desks offline can never bill the same contract and period twice.
    requireBillingStation(s.db.read, office.stationCode)
    if (progress && progress.phase !== 'done' && progress.phase !== 'failed') {
      throw new ApiError('CONFLICT', `Trwa rozliczenie za ${progress.month} — poczekaj na jego koniec`)
    }
    const dates = issueDates(input)
    const runId = newId()
    const startedAt = s.now().toISOString()
    const ctx: WriteContext = { ...call, stationCode: office.stationCode }
    // Recorded first: if even this write fails (disk full), no run is left "in progress" in memory.
    s.db.write(ctx, (tx) => tx.insert(billingRuns, { id: runId, month: input.month, issueDate: dates.issueDate, status: 'running', startedBy: call.staffId, startedAt }))
    const state: BillingProgress = (progress = { runId, month: input.month, phase: 'planning', done: 0, total: 0, issued: 0, skipped: 0, startedAt, finishedAt: null, error: null })
    s.events.changed('billing.progress')
    const report: BillingRunReportData = {
      skipped: [],
      warnings: [],
      alreadyInvoiced: 0,
      notDue: 0,
      emailed: 0,
      paper: 0,
      ksef: 0,
      estimatedReadings: 0,
      timings: { planMs: 0, issueMs: 0, deliveryMs: 0, pdfCount: 0, pdfMs: 0 },
    }
    let totals = { net: 0, vat: 0, gross: 0 }
    const issuedIds: string[] = []
    // What the run wrote, counted as it commits: its audit entry at a successful end (./audit.ts).
    const tally = { firstNumber: null as string | null, lastNumber: null as string | null, lines: 0, billed: 0, deliveries: 0, mails: 0 }
    const counted = (): BillingRunAudit => ({
      kind: 'billing_run_issued',
      month: input.month,
      issueDate: dates.issueDate,
      invoices: issuedIds.length,
      firstNumber: tally.firstNumber,
      lastNumber: tally.lastNumber,
      ...totals,
      rows: {
        invoices: issuedIds.length,
        invoice_lines: tally.lines,
        invoice_readings: tally.billed,
        readings: report.estimatedReadings,
        invoice_deliveries: tally.deliveries,
        mails: tally.mails,
      },
    })
    /** The run's record at its end, done or failed: what it issued, skipped and totalled. */
    const recordEnd = (end: { status: 'done' | 'failed'; finishedAt: string; printBatchId?: string | null; error?: string }) =>
      s.db.write(ctx, (tx) => {
        tx.update(billingRuns, runId, {
          issuedCount: issuedIds.length,
          skippedCount: report.skipped.length,
          ...{ netTotal: totals.net, vatTotal: totals.vat, grossTotal: totals.gross },
          report,
          ...end,
        })
        // A failed run may have stopped between a write and its count: its entry is read back.
        noteBillingRun(tx, runId, end.status === 'done' ? counted() : undefined)
      })
    try {
      await yieldToEventLoop()
      const { planned, planMs } = planMonth(input.month)
      const sum = summarise(planned, office, dates)
      Object.assign(report, { skipped: sum.skipped, warnings: sum.warnings, alreadyInvoiced: sum.alreadyInvoiced, notDue: sum.notDue })
      report.timings.planMs = planMs
      advance(state, { phase: 'issuing', total: sum.bills.length, skipped: sum.skipped.length })

      const issueStarted = performance.now()
      const year = dates.issueDate.slice(0, 4)
      // The chunks commit one by one; the connection is tuned for the series (see bulkWrites),
      // which goes on through the delivery's print batch and e-mails.
      const chunkSize = issueChunkFor(sum.bills.length)
      let deliveryStarted = 0
      const delivered = await s.db.bulkWrites(async (between) => {
        for (let i = 0; i < sum.bills.length; i += chunkSize) {
          const chunk = sum.bills.slice(i, i + chunkSize)
          const written = s.db.write(ctx, (tx) => {
            // Another desk's or an earlier run's invoice for the period wins: checked in the
            // transaction, before numbers are taken, so the series stays gap-free.
            // One statement for the chunk, answered from the (contract, kind, period) index.
            const lastInvoiced = new Map(
              preparedSql<[string], [string, string]>(tx.read, LAST_INVOICED)
                .raw()
                .all(JSON.stringify(chunk.map(({ loaded }) => loaded.contract.id))),
            )
            const fresh = chunk.filter(({ loaded, plan }) => (lastInvoiced.get(loaded.contract.id) ?? '') < plan.periodFrom)
            if (!fresh.length) return { ids: [] as string[], totals: { net: 0, vat: 0, gross: 0 }, estimates: 0, ksef: 0 }
            const first = takeBlock(tx, invoiceSeriesKind(office.invoiceSeries), office.stationCode, year, fresh.length)
            const t = { net: 0, vat: 0, gross: 0 }
            let ksef = 0
            // The estimates first: the invoices' readings refer to them.
            const estimates = fresh.flatMap(({ plan }) =>
              plan.estimates.map((e) => ({ id: e.id, meterId: e.meterId, readOn: e.readOn, valueM3: e.valueM3, kind: 'estimated' as const, source: 'rozliczenie', note: e.note, createdBy: call.staffId, createdAt: tx.now })),
            )
            // The run's rows are audited once, by the run's entry (./audit.ts); each still syncs.
            tx.insertMany(readings, estimates, 'summarised')
            const ids = writeInvoices(
              tx,
              fresh.map(({ loaded, plan }, k) => {
                if (loaded.customer.nip) ksef++
                t.net += plan.totals.net
                t.vat += plan.totals.vat
                t.gross += plan.totals.gross
                const number = formatInvoiceNumber(office.invoiceSeries, office.stationCode, Number(year), first + k)
                // As the audit query's min() and max(): text order.
                if (tally.firstNumber === null || number < tally.firstNumber) tally.firstNumber = number
                if (tally.lastNumber === null || number > tally.lastNumber) tally.lastNumber = number
                tally.lines += plan.lines.length
                tally.billed += plan.readings.length
                return newInvoiceOf(office, loaded, plan, number, dates, runId, call.staffId)
              }),
              'summarised',
            )
            return { ids, totals: t, estimates: estimates.length, ksef }
          })
          issuedIds.push(...written.ids)
          totals = { net: totals.net + written.totals.net, vat: totals.vat + written.totals.vat, gross: totals.gross + written.totals.gross }
          report.estimatedReadings += written.estimates
          report.ksef += written.ksef
          report.alreadyInvoiced += chunk.length - written.ids.length
          advance(state, { done: Math.min(sum.bills.length, i + chunk.length), issued: issuedIds.length })
          await between()
        }
        report.timings.issueMs = Math.round(performance.now() - issueStarted)

        advance(state, { phase: 'delivering', done: 0, total: issuedIds.length })
        deliveryStarted = performance.now()
        const result = await delivery.deliver(ctx, issuedIds, {
          billingRunId: runId,
          audit: 'summarised',
          onProgress: (done) => advance(state, { done }),
        })
        // Invoices an earlier, interrupted run issued and never delivered go out now too.
        await deliverLeftovers(s, runId)
        return result
      })
      report.emailed = delivered.emailed
      report.paper = delivered.paper
      report.awaitingKsef = delivered.awaitingKsef
      // A delivery record for each e-mailed and each printed invoice; each e-mail has its mail.
      tally.deliveries = delivered.emailed + delivered.paper
      tally.mails = delivered.emailed
      report.timings.deliveryMs = Math.round(performance.now() - deliveryStarted)
      report.timings.pdfCount = delivered.pdfCount
      report.timings.pdfMs = delivered.pdfMs

      const finishedAt = s.now().toISOString()
      recordEnd({ status: 'done', printBatchId: delivered.printBatchId, finishedAt })
      advance(state, { phase: 'done', done: state.total, finishedAt })
    } catch (err) {
      const message = (knownFailure(err) ?? new ApiError('INTERNAL', 'Błąd wewnętrzny programu; szczegóły zapisano w dzienniku')).message
      const finishedAt = s.now().toISOString()
      // The screen learns first: a record that cannot be written (the disk still full) must not
      // leave the run "in progress"; the next start marks it interrupted (./recover.ts).
      advance(state, { phase: 'failed', error: message, finishedAt })
      try {
        recordEnd({ status: 'failed', error: message, finishedAt })
      } catch {
        // the original failure is the one to report
      }
      throw err
    }
    return getRun(runId)
  }

  function toRunView(r: typeof billingRuns.$inferSelect, startedByName: string | null): BillingRunView {
    return {
      id: r.id,
      month: r.month,
      issueDate: r.issueDate,
      status: r.status,
      issuedCount: r.issuedCount,
      skippedCount: r.skippedCount,
      net: r.netTotal,
      vat: r.vatTotal,
      gross: r.grossTotal,
      report: r.report ?? null,
      printBatchId: r.printBatchId,
      startedByName,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      error: r.error,
    }
  }

  function getRun(id: string): BillingRunView {
    const row = s.db.read
      .select({ run: billingRuns, name: staff.fullName })
      .from(billingRuns)
      .leftJoin(staff, eq(staff.id, billingRuns.startedBy))
      .where(eq(billingRuns.id, id))
      .get()
    if (!row) throw new ApiError('NOT_FOUND', 'Rozliczenie: nie istnieje', 'id')
    return toRunView(row.run, row.name)
  }

  return {
    preview,
    run,
    getRun,
    /** The run going on (or last finished) on this desk; null after a restart. */
    progress: (): BillingProgress | null => (progress ? { ...progress } : null),
    /** Every step of a run, at once (the screens hear them gathered, as the billing.progress event). */
    onProgress(listener: (p: BillingProgress) => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    runs(limit: number): BillingRunView[] {
      return s.db.read
        .select({ run: billingRuns, name: staff.fullName })
        .from(billingRuns)
        .leftJoin(staff, eq(staff.id, billingRuns.startedBy))
        .orderBy(desc(billingRuns.startedAt), desc(billingRuns.id))
        .limit(limit)
        .all()
        .map((r) => toRunView(r.run, r.name))
    },
    /** Months with issued invoices, for the run screen's hints. */
    lastMonthBilled(): string | null {
      const row = s.db.read.get<{ m: string | null }>(sql`SELECT MAX(month) AS m FROM ${billingRuns} WHERE status = 'done'`)
      return row?.m ?? null
    },
  }
}

export type BillingService = ReturnType<typeof createBillingService>
