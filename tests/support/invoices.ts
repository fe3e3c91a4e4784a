// A printable invoice for the document tests (PDF text layer, worker pool, font subsets): one
// shape, with what each test varies — its number, buyer, lines, readings — given by the caller.
import type { Address, OfficeSettings } from '../../shared/api/types'
import { computeInvoice, type InvoiceLineInput } from '../../shared/domain/billing'
import type { PrintableInvoice } from '../../src-main/documents/invoice-pdf'
import { TEST_OFFICE } from './desk'

/** The test office with a bank sort code, as a printed invoice needs it. */
export const PRINT_OFFICE = { ...TEST_OFFICE, bankSortCode: '12401372' } as OfficeSettings

export interface SampleInvoice {
  /** Numbers the invoice, its buyer and its contract. */
  no: number
  lines: InvoiceLineInput[]
  buyer: Pick<PrintableInvoice['buyer'], 'kind' | 'name' | 'nip'>
  address: Address
  tariffGroupName?: string
  readings?: PrintableInvoice['readings']
}

export function sampleInvoice(s: SampleInvoice, office: OfficeSettings = PRINT_OFFICE): PrintableInvoice {
  const t = computeInvoice(s.lines)
  return {
    number: `FW/K1/2026/${String(s.no).padStart(6, '0')}`,
    kind: 'invoice',
    issueDate: '2026-05-04',
    placeOfIssue: 'Zamość',
    periodFrom: '2026-03-01',
    periodTo: '2026-04-30',
    dueDate: '2026-05-18',
    seller: { name: office.name, nip: office.nip, address: office.address, bankName: office.bankName },
    buyer: { customerNo: String(100_000 + s.no), address: s.address, ...s.buyer },
    supplyPoint: s.address,
    paymentAccount: '68124013721111000010000036',
    tariffGroupName: s.tariffGroupName ?? 'Gospodarstwa domowe',
    contractNo: `U/K1/2024/${String(s.no).padStart(5, '0')}`,
    lines: t.lines,
    byRate: t.byRate,
    net: t.net,
    vat: t.vat,
    gross: t.gross,
    readings: s.readings ?? [],
    corrects: null,
    correctionReason: null,
    ksefNumber: null,
  } as PrintableInvoice
}
