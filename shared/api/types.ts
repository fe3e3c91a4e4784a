// Shapes that operations return. Inputs are zod schemas in contract.ts; outputs are these types.
import type { KsefState } from '../domain/ksef'
export * from './meter-types'
export type Role = 'clerk' | 'supervisor' | 'admin'

export interface StaffMember {
  id: string
  login: string
  fullName: string
  role: Role
  active: boolean
  lockedUntil: string | null
  mustChangePassword: boolean
}

/** An admin's password reset: the one-time password is shown once and never stored in clear. */
export interface PasswordReset {
  staff: StaffMember
  oneTimePassword: string
}

export interface SessionInfo {
  token: string
  staff: StaffMember
  idleLockMinutes: number
  /** When this session ends whatever the activity (ISO). */
  expiresAt: string
}

export interface Address {
  street: string
  houseNo: string
  flatNo: string | null
  postalCode: string
  city: string
}

export interface OfficeSettings {
  name: string
  nip: string
  address: Address
  phone: string | null
  email: string | null
  bankName: string
  bankAccount: string
  /** 8-digit bank sort code used to generate individual customer accounts. */
  bankSortCode: string
  invoiceSeries: string
  stationCode: string
  stationName: string
  idleLockMinutes: number
  /** Absolute session lifetime in hours (sign in again after it). */
  sessionHours: number
}

export interface SystemStatus {
  setupDone: boolean
  officeName: string | null
  stationName: string | null
  appVersion: string
  schemaVersion: number
}

export type CustomerKind = 'person' | 'company'

export interface CustomerSearchHit {
  id: string
  customerNo: string
  kind: CustomerKind
  displayName: string
  address: string
  /** Which field matched exactly (identifier hits rank first), or null for a text match. */
  exactMatch: 'customerNo' | 'pesel' | 'nip' | 'meterNo' | 'invoiceNo' | 'bankAccount' | 'email' | null
}

export interface CustomerSummary {
  id: string
  customerNo: string
  kind: CustomerKind
  displayName: string
  firstName: string | null
  lastName: string | null
  companyName: string | null
  pesel: string | null
  nip: string | null
  regon: string | null
  email: string | null
  phone: string | null
  correspondenceAddress: Address
  bankAccount: string
  /** Set when this record was merged into another customer (a duplicate). */
  mergedInto: string | null
  anonymisedAt: string | null
  createdAt: string
  updatedAt: string
}

export interface ContractView {
  id: string
  contractNo: string
  services: 'water' | 'sewage' | 'water_sewage'
  /** The group in force today (periods are billed in the group in force on their first day). */
  tariffGroupName: string
  /** Whether that group is the e-invoice one (cheaper subscription, needs an acceptance). */
  tariffEInvoice: boolean
  /** A move to another group from a later billing period, not in force yet. */
  tariffMove: { effectiveFrom: string; tariffGroupName: string; eInvoice: boolean } | null
  billingCycle: 'monthly' | 'bimonthly'
  startDate: string
  endDate: string | null
  status: 'active' | 'ended'
  supplyPoint: { id: string; address: Address }
}

/** A contract's move between the paper and the e-invoice tariff group, from a billing period on. */
export interface TariffMoveView {
  contractId: string
  contractNo: string
  fromGroupName: string
  toGroupName: string
  toEInvoice: boolean
  effectiveFrom: string
}

export interface MeterView {
  id: string
  serialNo: string
  kind: 'main' | 'additional'
  diameterMm: number
  supplyPointId: string
  installedOn: string
  legalisationYear: number
  legalisationExpires: string
  sealNo: string | null
  sealState: 'intact' | 'broken'
  state: 'active' | 'to_replace' | 'removed'
  lastReading: { readOn: string; valueM3: number; kind: string } | null
}

export interface CustomerCard {
  customer: CustomerSummary
  contracts: ContractView[]
  meters: MeterView[]
  balanceGrosze: number
  overdueGrosze: number
}

export interface AuditEntry {
  id: string
  at: string
  staffName: string | null
  operation: string
  entity: string
  entityId: string
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

export interface BackupInfo {
  file: string
  createdAt: string
  bytes: number
}

export interface DuplicateCandidate {
  customer: CustomerSearchHit
  /** Why it looks like the same customer, in Polish, e.g. "ten sam PESEL". */
  reasons: string[]
}

export interface FieldChange {
  at: string
  staffName: string | null
  operation: string
  entity: string
  entityId: string
  field: string
  before: unknown
  after: unknown
}

export interface DataExport {
  fileBaseName: string
  json: import('./rodo-export').CustomerDataExport
  pdfBase64: string
}

export interface RetentionBlock {
  rule: string
  until: string | null
  detail: string
}

export interface AnonymisationCheck {
  allowed: boolean
  blocks: RetentionBlock[]
  /** What anonymisation does to each kind of record (erased, replaced, files removed), in Polish. */
  effects: string[]
}

export interface TariffGroupView {
  id: string
  code: string
  name: string
  billingCycle: 'monthly' | 'bimonthly'
  eInvoice: boolean
}

// ---- Tariffs, billing, invoices, settlements ----------------------------------------------

export interface TariffPriceView {
  id: string
  tariffGroupId: string
  validFrom: string
  validTo: string | null
  waterNetPerM3: number
  sewageNetPerM3: number
  abonamentNet: number
  vatBasisPoints: number
}

export interface TariffGroupWithPrices extends TariffGroupView {
  prices: TariffPriceView[]
  /** Contracts in the group (active ones). */
  activeContracts: number
}

/** The seller as printed on an issued invoice (a snapshot: later office edits do not change it). */
export interface InvoiceSeller {
  name: string
  nip: string
  address: Address
  bankName: string
}

/** The buyer as printed on an issued invoice (a snapshot of the customer at issue). */
export interface InvoiceBuyer {
  customerNo: string
  kind: CustomerKind
  name: string
  nip: string | null
  address: Address
}

export interface BillingSkip {
  contractId: string
  contractNo: string
  customerNo: string
  customerName: string
  reason: string
}

export interface BillingWarning {
  contractNo: string
  customerName: string
  message: string
}

/** What a billing run keeps about itself besides its totals. */
export interface BillingRunReportData {
  skipped: BillingSkip[]
  warnings: BillingWarning[]
  alreadyInvoiced: number
  notDue: number
  emailed: number
  paper: number
  /** B2B invoices (with FA(3)) that wait for their KSeF number before they are delivered. */
  awaitingKsef?: number
  ksef: number
  estimatedReadings: number
  timings: { planMs: number; issueMs: number; deliveryMs: number; pdfCount: number; pdfMs: number }
}

export interface InvoiceLineView {
  position: number
  name: string
  unit: string
  quantity: number
  unitNet: number
  net: number
  vatBasisPoints: number
}

export interface VatRateView {
  vatBasisPoints: number
  net: number
  vat: number
  gross: number
}

export interface InvoiceReadingView {
  meterSerial: string
  meterKind: 'main' | 'additional'
  fromDate: string
  fromValue: number
  fromKind: string
  toDate: string
  toValue: number
  toKind: string
  consumptionM3: number
  estimated: boolean
}

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

export type DeliveryState = 'pending' | 'queued' | 'sending' | 'sent' | 'failed' | 'uncertain' | 'cancelled' | 'to_print' | 'printed'

export interface InvoiceDeliveryView {
  id: string
  channel: 'email' | 'paper'
  email: string | null
  state: DeliveryState
  /** Polish, for the screen: "Wysłano 05.05.2026 08:01 na jan@…", "W paczce do druku z 05.05.2026". */
  label: string
  basis: string
  createdAt: string
  createdByName: string | null
}

export interface InvoiceListItem {
  id: string
  number: string
  kind: 'invoice' | 'correction'
  customerId: string
  customerNo: string
  buyerName: string
  issueDate: string
  periodFrom: string
  periodTo: string
  dueDate: string
  gross: number
  /** Still to pay on this invoice (after corrections and payments allocated oldest first). */
  open: number
  overdue: boolean
  delivery: DeliveryState | null
  /** Where the invoice stands in KSeF (shared/domain/ksef.ts). */
  ksef: KsefState
  corrected: boolean
}

export interface InvoiceView {
  id: string
  number: string
  kind: 'invoice' | 'correction'
  series: string
  stationCode: string
  customerId: string
  contractId: string
  contractNo: string
  issueDate: string
  placeOfIssue: string
  periodFrom: string
  periodTo: string
  dueDate: string
  seller: InvoiceSeller
  buyer: InvoiceBuyer
  supplyPoint: Address
  paymentAccount: string
  tariffGroupName: string
  lines: InvoiceLineView[]
  byRate: VatRateView[]
  net: number
  vat: number
  gross: number
  readings: InvoiceReadingView[]
  /** For a correction: the invoice it corrects, its state before, and the reason. */
  corrects: { id: string; number: string; issueDate: string; ksefNumber: string | null; lines: InvoiceLineView[]; byRate: VatRateView[]; net: number; vat: number; gross: number } | null
  correctionReason: string | null
  /** Corrections issued to this invoice, oldest first. */
  corrections: { id: string; number: string; issueDate: string; gross: number }[]
  duplicates: { id: string; issuedOn: string; createdByName: string | null }[]
  deliveries: InvoiceDeliveryView[]
  ksefNumber: string | null
  hasKsefXml: boolean
  ksefState: KsefState
  /** KOD I: the KSeF verification link printed as a QR code (invoices with an FA(3) file). */
  ksefQr: string | null
  paid: number
  open: number
  overdue: boolean
  createdByName: string | null
  createdAt: string
}

export interface PdfDocument {
  fileName: string
  pdfBase64: string
  pages: number
}

export interface XmlDocument {
  fileName: string
  xml: string
}

export interface PrintBatchView {
  id: string
  billingRunId: string | null
  invoiceCount: number
  createdAt: string
  printedAt: string | null
  printedByName: string | null
}

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

// ---------------------------------------------------------------------------------------------
// Cases (Sprawy i awarie)

export type CaseType = import('../domain/cases').CaseType
export type CaseChannel = import('../domain/cases').CaseChannel
export type CaseStatus = import('../domain/cases').CaseStatus
export type Department = import('../domain/cases').Department
export type FailureUrgency = import('../domain/cases').FailureUrgency
export type DeadlineState = import('../domain/deadlines').DeadlineState

export interface CaseListItem {
  id: string
  caseNo: string
  type: CaseType
  channel: CaseChannel
  status: CaseStatus
  subject: string
  customer: { id: string; customerNo: string; displayName: string } | null
  location: string | null
  callbackPhone: string | null
  urgency: FailureUrgency | null
  receivedOn: string
  receivedAt: string
  dueOn: string
  /** Against the term today; 'met'/'late' once answered (or routed, for a failure). */
  deadline: DeadlineState
  department: Department
  assigneeName: string | null
  routedAt: string | null
  updatedAt: string
}

export interface CaseEventView {
  id: string
  at: string
  staffName: string | null
  kind: 'created' | 'status' | 'assigned' | 'routed' | 'note' | 'reply' | 'extension' | 'attachment' | 'closed' | 'reopened'
  text: string | null
  data: Record<string, unknown> | null
}

export interface CaseAttachmentView {
  id: string
  fileName: string
  mimeType: string
  bytes: number
  sha256: string
  createdAt: string
  staffName: string | null
}

export interface CaseReplyView {
  id: string
  kind: 'answer' | 'extension'
  templateId: string
  channel: 'email' | 'letter'
  subject: string
  body: string
  recipientName: string
  recipientEmail: string | null
  recipientAddress: string[]
  newDueOn: string | null
  sentOn: string
  staffName: string | null
  /** E-mail replies: the outbox mail and its state (queued, sent, failed …). */
  mail: { id: string; state: string } | null
}

export interface CaseDetail extends CaseListItem {
  description: string
  reporterName: string | null
  originalDueOn: string
  answeredOn: string | null
  closedAt: string | null
  assigneeId: string | null
  /** Where the term comes from (Regulamin, office standard). */
  termBasis: string
  customerEmail: string | null
  /** Extension with notice: allowed now?, the proposed date and the latest possible one. */
  extension: { allowed: boolean; suggested: string | null; limit: string | null; reason: string | null }
  events: CaseEventView[]
  attachments: CaseAttachmentView[]
  replies: CaseReplyView[]
}

export interface Assignee {
  id: string
  fullName: string
}

export interface CaseSearchResult {
  total: number
  items: CaseListItem[]
}

export interface CaseDashboard {
  today: string
  /** Open cases whose term ends today (failures excluded: they have their own count). */
  dueToday: { count: number; items: CaseListItem[] }
  overdue: { count: number; items: CaseListItem[] }
  /** Failure reports not yet passed to the crew, urgent first. */
  unroutedFailures: { count: number; items: CaseListItem[] }
  /** All open cases. */
  openCount: number
}

/** The Pulpit's counts from other areas (dashboard.counts). */
export interface DashboardCounts {
  asOf: string
  /** Meters in service whose legalisation ends within this calendar month. */
  metersEndingThisMonth: number
  openConflicts: number
  /** Flagged readings waiting for a supervisor's decision. */
  readingsToReview: number
  /** Open cases (not failures) whose term ends within the next SOON_DAYS days (shared/domain/deadlines), today excluded. */
  casesDueSoon: number
}

export interface ReplyTemplateView {
  id: string
  title: string
  kind: 'answer' | 'extension'
}

export interface ReplyDraft {
  templateId: string
  kind: 'answer' | 'extension'
  subject: string
  body: string
  recipientName: string
  recipientEmail: string | null
  recipientAddress: string[]
  /** Extension notices: the date filled into the text. */
  newDueOn: string | null
}

export interface PdfFile {
  fileName: string
  pdfBase64: string
}

export interface SentReply {
  reply: CaseReplyView
  letter: PdfFile
  case: CaseDetail
}

export interface FileContent {
  fileName: string
  mimeType: string
  contentBase64: string
}

// ---------------------------------------------------------------------------------------------
// Mail outbox (Poczta wychodząca)

export type MailState = 'queued' | 'sending' | 'sent' | 'failed' | 'uncertain' | 'cancelled'
export type MailKind = 'credentials' | 'test' | 'invoice' | 'case_reply' | 'consent' | 'other'

export interface MailListItem {
  id: string
  kind: MailKind
  state: MailState
  toAddress: string
  subject: string
  customerId: string | null
  customerNo: string | null
  customerName: string | null
  messageId: string
  attempts: number
  nextAttemptAt: string
  lastAttemptAt: string | null
  sentAt: string | null
  /** Why the last attempt did not go through, in Polish. */
  lastError: string | null
  /** The SMTP server's own reply to the last attempt (e.g. "250 2.0.0 Ok: queued as …", "550 5.1.1 …"). */
  serverReply: string | null
  decisionNote: string | null
  resendOf: string | null
  createdAt: string
  createdByName: string | null
  attachments: { fileName: string; contentType: string; bytes: number }[]
}

export interface MailDetail extends MailListItem {
  /** The content as stored: one-time secrets (initial passwords) appear masked, they are never stored. */
  textBody: string
  htmlBody: string | null
  relatedEntity: string | null
  relatedId: string | null
  /** What staff may do with it now. */
  canResend: boolean
  canCancel: boolean
  canResolve: boolean
}

export interface MailPage {
  items: MailListItem[]
  total: number
  counts: Record<MailState, number>
}

export interface MailOutboxStatus {
  /** SMTP settings saved and sending switched on. */
  configured: boolean
  /** Settings saved but sending switched off by the administrator. */
  paused: boolean
  queued: number
  failed: number
  uncertain: number
  sending: number
  lastSentAt: string | null
  /** The sender cannot reach the server (or the server refuses it); mail waits meanwhile. */
  serverProblem: { message: string; reply: string | null; since: string; nextTryAt: string } | null
  /** One sentence for the top bar, e.g. "Poczta: 3 w kolejce · serwer niedostępny". */
  summary: string
}

export interface SmtpSettingsView {
  configured: boolean
  enabled: boolean
  host: string
  port: number
  security: 'starttls' | 'tls' | 'none'
  username: string | null
  /** The password itself is never sent back to a screen. */
  passwordSet: boolean
  fromAddress: string
  fromName: string
  replyTo: string | null
  timeoutSeconds: number
  allowInvalidCertificate: boolean
}

// ---------------------------------------------------------------------------------------------
// Consents and acceptances (Zgody)

export type ConsentTypeName = 'e_invoice' | 'regulamin' | 'sms'
export type ConsentActionName = 'accept' | 'withdraw' | 'change_email' | 'annul'
export type EInvoiceScopeName = 'invoices' | 'duplicates' | 'corrections' | 'reminders'

export interface ConsentTextVersion {
  textId: string
  version: string
  title: string
  validFrom: string
  sha256: string
  /** Shipped with the program (resources/texts) or published by the office later. */
  source: 'shipped' | 'published'
  /** The version in force today for new forms. */
  current: boolean
}

export interface ConsentTextContent extends ConsentTextVersion {
  content: string
}

export interface ScanView {
  id: string
  fileName: string
  contentType: 'application/pdf' | 'image/jpeg'
  bytes: number
  sha256: string
  createdAt: string
}

export interface ConsentEventView {
  id: string
  documentNo: string
  customerId: string
  customerNo: string
  customerName: string
  contractNo: string | null
  type: ConsentTypeName
  action: ConsentActionName
  /** Polish, e.g. "Akceptacja faktur elektronicznych — udzielenie". */
  label: string
  scope: EInvoiceScopeName[]
  refersTo: string | null
  text: { textId: string; version: string; sha256: string; title: string | null } | null
  infoClause: { version: string; sha256: string } | null
  email: string | null
  phone: string | null
  signedOn: string
  signedAt: string | null
  effectiveOn: string
  registeredAt: string
  channel: 'paper' | 'electronic' | 'office'
  scan: ScanView | null
  staffName: string | null
  stationCode: string
  workstation: string
  ipAddress: string | null
  signerKind: 'customer' | 'representative' | 'staff'
  representativeName: string | null
  authorisation: string | null
  applicationNo: string | null
  note: string | null
  /** Set when a later event voided this one (registered by mistake). */
  annulledBy: { documentNo: string; reason: string | null; at: string } | null
}

export interface ConsentStatusView {
  type: ConsentTypeName
  label: string
  active: boolean
  since: string | null
  email: string | null
  phone: string | null
  scope: EInvoiceScopeName[]
  textVersion: string | null
  acceptanceId: string | null
  upcoming: { id: string; action: ConsentActionName; effectiveOn: string } | null
}

export interface ConsentDeliveryView {
  channel: 'email' | 'paper'
  email: string | null
  since: string | null
  acceptanceId: string | null
  scope: EInvoiceScopeName[]
  /** One sentence for the customer card, e.g. "Faktury e-mailem na jan@example.pl od 01.12.2026". */
  summary: string
}

export interface CustomerConsents {
  customerId: string
  asOf: string
  statuses: ConsentStatusView[]
  delivery: ConsentDeliveryView
  /** Contracts whose tariff group does not match the delivery (e-invoice group without an acceptance, or the reverse). */
  tariffHints: { contractId: string; contractNo: string; tariffGroupName: string; message: string }[]
  /** The moves to the e-invoice group that recording an acceptance today would offer. */
  eInvoiceMoves: TariffMoveView[]
  /** Newest first. */
  history: ConsentEventView[]
}

export interface ConsentEventPage {
  items: ConsentEventView[]
  total: number
}

export interface RecordedConsent {
  event: ConsentEventView
  consents: CustomerConsents
  /** The confirmation slip for the customer. */
  slip: PdfFile
  /** Tariff-group moves recorded with the event (to the e-invoice group, or back to paper). */
  tariffMoves: TariffMoveView[]
}

// ---------------------------------------------------------------------------------------------
// iBOK registration (Wnioski iBOK) and portal accounts

export type ApplicationState = 'received' | 'verified' | 'account_created' | 'rejected'
export type PortalAccountStateName = 'pending' | 'credentials_sent' | 'active' | 'locked'

export interface ApplicationProblem {
  /** The form field the problem is about (as in the input), or null for the whole application. */
  field: string | null
  message: string
}

export interface ApplicationListItem {
  id: string
  applicationNo: string
  state: ApplicationState
  /** paper: typed at a desk; portal: sent online through iBOK. */
  channel: 'paper' | 'portal'
  customerNo: string
  applicantName: string
  email: string | null
  signedOn: string
  createdAt: string
  receivedByName: string | null
  /** The first blocking problem, for the list. */
  problem: string | null
  accountState: PortalAccountStateName | null
}

export interface ApplicationPage {
  items: ApplicationListItem[]
  total: number
  counts: Record<ApplicationState, number>
}

export interface PortalAccountView {
  id: string
  customerId: string
  customerNo: string
  customerName: string
  login: string
  state: PortalAccountStateName
  /** Polish, e.g. "dane logowania wysłane", "dane logowania nie doręczone: serwer odrzucił adres". */
  stateLabel: string
  email: string | null
  credentialsChannel: 'email' | 'letter' | null
  passwordSetAt: string | null
  credentialsSentAt: string | null
  activatedAt: string | null
  lockedAt: string | null
  lockReason: string | null
  /** The credentials mail now waiting or failed, if any. */
  pendingMail: MailListItem | null
  /** The last credentials mail bounced (refused by the server): staff should check the address. */
  bounced: boolean
  applicationId: string | null
  createdAt: string
}

export interface ApplicationDetail {
  id: string
  applicationNo: string
  state: ApplicationState
  /** paper: typed at a desk; portal: sent online through iBOK. */
  channel: 'paper' | 'portal'
  /** Sent online: the gross amount (grosze) of the invoice the applicant gave as proof; re-checked at every verification. */
  invoiceGross: number | null
  data: {
    customerNo: string
    applicantName: string
    supplyAddress: Address
    correspondenceAddress: Address | null
    email: string | null
    phone: string | null
    invoiceNo: string
    acceptRegulamin: boolean
    regulaminVersion: string
    acceptEInvoice: boolean
    acceptSms: boolean
    signedOn: string
    scanId: string | null
  }
  scan: ScanView | null
  /** Blocking: the application cannot be verified until these are fixed (or it is rejected). */
  problems: ApplicationProblem[]
  /** Not blocking: differences the clerk should look at. */
  warnings: string[]
  customer: { id: string; customerNo: string; displayName: string } | null
  verifiedAt: string | null
  verifiedByName: string | null
  rejectionReason: string | null
  rejectedAt: string | null
  rejectedByName: string | null
  account: PortalAccountView | null
  receivedByName: string | null
  createdAt: string
  updatedAt: string
}

export interface CredentialsIssued {
  account: PortalAccountView
  /** E-mail delivery: the queued mail (the password is generated when it is sent, never stored). */
  mail: MailDetail | null
  /** Letter delivery: the only copy of the password is in this PDF. */
  letter: PdfFile | null
  application: ApplicationDetail | null
}

export interface RejectedApplication {
  application: ApplicationDetail
  letter: PdfFile
}

export interface PortalSettingsView {
  portalUrl: string | null
}

/** Which station issues the office's invoices (only one does: no contract and period is billed twice). */
export interface BillingStationView {
  stationCode: string | null
  /** True on the billing station itself. */
  here: boolean
}

export interface SyncStatus {
  configured: boolean
  hubUrl: string | null
  /** behind: no error, but the last full sync is older than BEHIND_WARNING_MS (a warning). */
  phase: 'not-configured' | 'online' | 'offline' | 'syncing' | 'error' | 'behind'
  /** Local changes not yet accepted by the hub. */
  queued: number
  /** Hub changes this desk could not store: set aside, retried every round, listed under problems. */
  quarantined: number
  openConflicts: number
  lastSyncAt: string | null
  lastError: string | null
  /** E.g. CLOCK_AHEAD (a clock problem), CLIENT_TOO_OLD, OFFLINE. */
  lastErrorCode: string | null
}

export interface SyncConflictView {
  id: string
  entity: string
  entityId: string
  /** What the record is, for people: e.g. "Klient 100123 — Jan Nowak". */
  subject: string
  customerId: string | null
  /**
   * hubValue: what the office holds now (also after later edits); openedValue: what the server held
   * when the conflict opened; deskValue: what the other desk wrote.
   */
  fields: Array<{ field: string; label: string; hubValue: unknown; openedValue: unknown; deskValue: unknown }>
  /** Set when a field changed again after the conflict opened: which station and when (the record's last change). */
  movedSince: { deskId: string | null; at: string | null } | null
  /** unique: a second desk created what the office already had (same login, same statement file …); the office keeps the first. */
  kind: 'field' | 'unique'
  /** For people, in plain Polish: what happened and what settling it does. */
  explanation: string
  /** The desk whose change collided, e.g. "K2". */
  deskId: string
  status: 'open' | 'resolved'
  resolution: 'hub' | 'desk' | null
  resolvedBy: string | null
  resolvedAt: string | null
  createdAt: string
}

export interface SyncProblem {
  /** This desk's change number; for a hub change set aside here (status "quarantined"): minus its hub seq. */
  counter: number
  at: string
  entity: string
  entityId: string
  /** What the record is, for people: "Klient 100012 — Jan Nowak" (never the table name). */
  subject: string
  customerId: string | null
  status: string
  reason: string | null
}

// --- File imports (readings.importFile, customers.importFile) -------------------------------

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
