// Output shapes of invoices.* operations.
import type { InvoiceBuyer, InvoiceSeller } from '../../domain/billing'
import type { Address } from '../../domain/customers'
import type { KsefState } from '../../domain/ksef'

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

export interface PrintBatchView {
  id: string
  billingRunId: string | null
  invoiceCount: number
  createdAt: string
  printedAt: string | null
  printedByName: string | null
}
