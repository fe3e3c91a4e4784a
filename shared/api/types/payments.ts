// Output shapes of payments.* operations.
export interface PaymentView {
  id: string
  customerId: string
  paidOn: string
  amount: number
  method: 'bank' | 'cash' | 'card'
  reference: string | null
  payerName: string | null
  title: string | null
  reversesId: string | null
  reversedById: string | null
  statementId: string | null
  note: string | null
  createdByName: string | null
  createdAt: string
  /** Which invoices this payment settles (oldest due first), and what is left as overpayment. */
  allocations: { invoiceId: string; invoiceNumber: string; amount: number }[]
  unallocated: number
}

export interface LedgerEntryView {
  date: string
  kind: 'invoice' | 'correction' | 'payment' | 'reversal'
  documentId: string
  document: string
  description: string
  /** Amount charged (invoices, positive corrections) and credited (payments, negative corrections). */
  debit: number
  credit: number
  /** Balance after the entry: positive = overpayment, negative = owed. */
  balance: number
}

export interface SettlementView {
  customerId: string
  customerNo: string
  customerName: string
  bankAccount: string
  today: string
  /** Payments minus invoices: positive = overpayment, negative = owed. */
  balance: number
  overdue: number
  overpayment: number
  openInvoices: { id: string; number: string; issueDate: string; dueDate: string; gross: number; open: number; overdue: boolean; daysOverdue: number }[]
  payments: PaymentView[]
  ledger: LedgerEntryView[]
}

export interface BankImportLine {
  lineNo: number
  bookedOn: string
  amount: number
  counterpartyName: string | null
  title: string | null
  status: 'matched' | 'unmatched' | 'assigned' | 'ignored' | 'duplicate'
  customerNo: string | null
  customerName: string | null
  note: string | null
}

export interface BankImportResult {
  statementId: string | null
  format: 'csv' | 'mt940'
  /** A preview writes nothing. */
  preview: boolean
  transactionCount: number
  matchedCount: number
  matchedTotal: number
  unmatchedCount: number
  duplicateCount: number
  ignoredCount: number
  lines: BankImportLine[]
}

export interface UnmatchedTransferView {
  id: string
  statementId: string
  fileName: string
  lineNo: number
  bookedOn: string
  amount: number
  counterpartyName: string | null
  counterpartyAccount: string | null
  title: string | null
  note: string | null
}
