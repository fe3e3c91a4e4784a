// The machine-readable RODO export (art. 15 and 20): everything the desk holds about a customer,
// one key per kind of record. Declared once here — the service builds it, the PDF labels its
// sections from RODO_EXPORT_SECTIONS, the renderer saves it as JSON. Stored files (scans,
// attachments, letters) are listed by name, date and SHA-256, never embedded.
import type { InvoiceBuyer } from '../../domain/billing'
import type { Address } from '../../domain/customers'
import type { CustomerSummary } from './customers'

/** A file kept in the desk's file store, as listed in the export. */
export interface ExportFile {
  fileName: string
  contentType: string
  bytes: number | null
  sha256: string
  createdAt: string | null
}

export interface ExportCustomer {
  id: string
  customerNo: string
  kind: 'person' | 'company'
  firstName: string | null
  lastName: string | null
  companyName: string | null
  pesel: string | null
  nip: string | null
  regon: string | null
  email: string | null
  phone: string | null
  corrStreet: string
  corrHouseNo: string
  corrFlatNo: string | null
  corrPostalCode: string
  corrCity: string
  bankAccount: string
  mergedInto: string | null
  anonymisedAt: string | null
  createdAt: string
  updatedAt: string
}

export interface ExportContract {
  id: string
  contractNo: string
  customerId: string
  supplyPointId: string
  services: string
  billingCycle: string
  startDate: string
  endDate: string | null
  status: 'active' | 'ended'
}

export interface ExportSupplyPoint {
  id: string
  street: string
  houseNo: string
  flatNo: string | null
  postalCode: string
  city: string
}

export interface ExportMeter {
  id: string
  serialNo: string
  supplyPointId: string
  kind: string
  installedOn: string
  removedOn: string | null
}

export interface ExportReading {
  id: string
  meterId: string
  readOn: string
  valueM3: number
  kind: string
  source: string | null
  note: string | null
  status: string
}

export interface ExportInvoice {
  id: string
  number: string
  kind: 'invoice' | 'correction'
  issueDate: string
  periodFrom: string
  periodTo: string
  dueDate: string
  netTotal: number
  vatTotal: number
  grossTotal: number
  buyer: InvoiceBuyer
  supplyPoint: Address
  paymentAccount: string
  lines: { position: number; name: string; unit: string; quantity: number; unitNet: number; net: number; vatBasisPoints: number }[]
  /** How it went to the customer: e-mail (the address) or paper. */
  deliveries: { channel: 'email' | 'paper'; email: string | null; basis: string; createdAt: string }[]
}

export interface ExportPayment {
  id: string
  paidOn: string
  amount: number
  method: string
  reference: string | null
  payerName: string | null
  title: string | null
  account: string | null
  note: string | null
}

export interface ExportBankTransaction {
  id: string
  bookedOn: string
  amount: number
  counterpartyName: string | null
  counterpartyAccount: string | null
  title: string | null
  status: string
}

export interface ExportConsentEvent {
  id: string
  documentNo: string
  type: 'e_invoice' | 'regulamin' | 'sms'
  action: 'accept' | 'withdraw' | 'change_email' | 'annul'
  scope: string[] | null
  textId: string | null
  textVersion: string | null
  email: string | null
  phone: string | null
  signedOn: string
  effectiveOn: string
  registeredAt: string
  channel: string
  signerKind: string
  representativeName: string | null
  authorisation: string | null
  ipAddress: string | null
  note: string | null
  scanId: string | null
}

export interface ExportScan extends ExportFile {
  id: string
}

export interface ExportMail {
  id: string
  kind: string
  toAddress: string
  subject: string
  textBody: string
  state: string
  createdAt: string
  sentAt: string | null
  relatedEntity: string | null
  attachments: ExportFile[]
}

export interface ExportApplication {
  id: string
  applicationNo: string
  state: string
  customerNo: string
  applicantName: string
  supplyAddress: Address
  correspondenceAddress: Address | null
  email: string | null
  phone: string | null
  invoiceNo: string
  acceptRegulamin: boolean
  acceptEInvoice: boolean
  acceptSms: boolean
  signedOn: string
  rejectionReason: string | null
  createdAt: string
  scanId: string | null
}

/** The iBOK account; the password hash is never exported (it is not data about the person). */
export interface ExportPortalAccount {
  id: string
  login: string
  state: string
  email: string | null
  credentialsChannel: string | null
  credentialsSentAt: string | null
  activatedAt: string | null
  lastPortalLoginAt: string | null
  lockReason: string | null
  createdAt: string
}

export interface ExportCase {
  id: string
  caseNo: string
  type: string
  channel: string
  status: string
  subject: string
  description: string
  location: string | null
  callbackPhone: string | null
  reporterName: string | null
  receivedOn: string
  closedAt: string | null
  events: { at: string; kind: string; text: string | null }[]
  attachments: (ExportFile & { id: string })[]
  replies: {
    id: string
    kind: 'answer' | 'extension'
    channel: 'email' | 'letter'
    subject: string
    body: string
    recipientName: string
    recipientEmail: string | null
    recipientAddress: string | null
    sentOn: string
    letter: ExportFile
  }[]
}

export interface ExportHistoryEntry {
  at: string
  operation: string
  entity: string
  entity_id: string
  staff_name: string | null
  before: unknown
  after: unknown
}

export interface CustomerDataExport {
  generatedAt: string
  office: string | null
  customer: CustomerSummary
  customers: ExportCustomer[]
  contracts: ExportContract[]
  supplyPoints: ExportSupplyPoint[]
  meters: ExportMeter[]
  readings: ExportReading[]
  invoices: ExportInvoice[]
  payments: ExportPayment[]
  bankTransactions: ExportBankTransaction[]
  consentEvents: ExportConsentEvent[]
  scans: ExportScan[]
  mails: ExportMail[]
  registrationApplications: ExportApplication[]
  portalAccount: ExportPortalAccount | null
  cases: ExportCase[]
  history: ExportHistoryEntry[]
}

/** Section titles of the readable PDF, in the order printed; the same keys as the JSON. */
export const RODO_EXPORT_SECTIONS = {
  customers: 'Dane klienta',
  contracts: 'Umowy i punkty poboru',
  readings: 'Wodomierze i odczyty',
  invoices: 'Faktury i ich doręczenie',
  payments: 'Wpłaty',
  bankTransactions: 'Przelewy z wyciągów bankowych',
  consentEvents: 'Zgody i oświadczenia',
  scans: 'Skany podpisanych dokumentów',
  mails: 'Wiadomości e-mail wysłane do klienta',
  registrationApplications: 'Wnioski rejestracyjne iBOK',
  portalAccount: 'Konto w iBOK',
  cases: 'Sprawy, reklamacje i zgłoszenia awarii',
  history: 'Historia zmian',
} as const satisfies Partial<Record<keyof CustomerDataExport, string>>

export interface DataExport {
  fileBaseName: string
  json: CustomerDataExport
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
