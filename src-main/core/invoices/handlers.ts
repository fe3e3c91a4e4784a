import { businessDate } from '../../../shared/domain/dates'
import type { Services } from '../services'
import { staffOf, type HandlersOf } from '../calls'
import { listInvoices } from './queries'
import { createInvoiceService } from './service'

export function invoicesHandlers(s: Services): HandlersOf<'invoices'> {
  const invoices = createInvoiceService(s)
  const ctx = (call: Parameters<typeof staffOf>[0], operation: string) => ({ staffId: staffOf(call).staffId, stationCode: s.stationCode(), operation })
  return {
    'invoices.list': (input) => listInvoices(s.db.orm, input, businessDate(s.now())),
    'invoices.get': (input) => invoices.get(input.id),
    'invoices.pdf': (input) => invoices.pdf(input.id),
    'invoices.duplicate': (input, call) => invoices.duplicate(staffOf(call), input),
    'invoices.correct': (input, call) => invoices.correct(staffOf(call), input),
    'invoices.ksefXml': (input) => invoices.ksefXml(input.id),
    'invoices.recordKsefNumber': (input, call) => invoices.recordKsefNumber(staffOf(call), input),
    'invoices.resend': (input, call) => invoices.resend(staffOf(call), input.id),
    'invoices.deliverPending': (_, call) => invoices.deliverPending(staffOf(call)),
    'invoices.printBatches': (input) => invoices.delivery.listBatches(input.limit),
    'invoices.printBatchPdf': (input) => invoices.delivery.printBatchPdf(input.id),
    'invoices.markBatchPrinted': (input, call) => invoices.delivery.markPrinted(ctx(call, 'invoices.markBatchPrinted'), input.id),
  }
}
