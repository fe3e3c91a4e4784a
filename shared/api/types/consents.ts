// Output shapes of consents.* operations.
import type { TariffMoveView } from './contracts'
import type { PdfFile } from './files'

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
