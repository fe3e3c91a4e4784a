// Output shapes of billing.* operations.
import type { BillingRunReportData, BillingSkip, BillingWarning } from '../../domain/billing'
import type { InvoiceLineView, InvoiceReadingView, VatRateView } from './invoices'

export interface BillingPreviewItem {
  contractId: string
  contractNo: string
  customerId: string
  customerNo: string
  customerName: string
  periodFrom: string
  periodTo: string
  lines: InvoiceLineView[]
  byRate: VatRateView[]
  net: number
  vat: number
  gross: number
  readings: InvoiceReadingView[]
  estimated: boolean
  channel: 'email' | 'paper'
  ksef: boolean
}

/**
 * A contract billed against its e-invoice consent state: in an e-invoice tariff group without an
 * active e-invoice acceptance (billed at the e-invoice subscription fee, then printed), or in a
 * paper group while the customer accepts e-invoices (paper fee, sent by e-mail).
 */
export interface BillingConsentMismatch {
  contractId: string
  contractNo: string
  customerId: string
  customerNo: string
  customerName: string
  groupName: string
  kind: 'e_invoice_group_on_paper' | 'paper_group_by_email'
  gross: number
}

export interface BillingPreview {
  month: string
  issueDate: string
  dueDate: string
  items: BillingPreviewItem[]
  skipped: BillingSkip[]
  warnings: BillingWarning[]
  /** Contracts whose tariff group (e-invoice or paper) does not match how the invoice will be delivered. */
  consentMismatches: BillingConsentMismatch[]
  alreadyInvoiced: number
  notDue: number
  totals: { count: number; net: number; vat: number; gross: number; byRate: VatRateView[] }
}

export type BillingPhase = 'planning' | 'issuing' | 'delivering' | 'done' | 'failed'

/** Progress of the billing run on this desk (the screen polls it while the run works). */
export interface BillingProgress {
  runId: string
  month: string
  phase: BillingPhase
  /** Work done and to do in the current phase (contracts, then invoices to deliver). */
  done: number
  total: number
  issued: number
  skipped: number
  startedAt: string
  finishedAt: string | null
  error: string | null
}

export interface BillingRunView {
  id: string
  month: string
  issueDate: string
  status: 'running' | 'done' | 'failed'
  issuedCount: number
  skippedCount: number
  net: number
  vat: number
  gross: number
  report: BillingRunReportData | null
  printBatchId: string | null
  startedByName: string | null
  startedAt: string
  finishedAt: string | null
  error: string | null
}

/** Which station issues the office's invoices (only one does: no contract and period is billed twice). */
export interface BillingStationView {
  stationCode: string | null
  /** True on the billing station itself. */
  here: boolean
}
