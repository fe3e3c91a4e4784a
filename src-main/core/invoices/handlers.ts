import { businessDate } from '../../../shared/domain/dates'
import type { Services } from '../services'
import { writeOf, type HandlersOf } from '../calls'
import { listInvoices } from './queries'
import { createInvoiceService } from './service'

export function invoicesHandlers(s: Services): HandlersOf<'invoices'> {
  const invoices = createInvoiceService(s)
  return {
    'invoices.list': (input) => listInvoices(s.db.read, input, businessDate(s.now())),
    'invoices.get': (input) => invoices.get(input.id),
    'invoices.pdf': (input) => invoices.pdf(input.id),
    'invoices.duplicate': (input, call) => invoices.duplicate(writeOf(call), input),
    'invoices.correct': (input, call) => invoices.correct(writeOf(call), input),
    'invoices.ksefXml': (input) => invoices.ksefXml(input.id),
    'invoices.recordKsefNumber': (input, call) => invoices.recordKsefNumber(writeOf(call), input),
    'invoices.resend': (input, call) => invoices.resend(writeOf(call), input.id),
    'invoices.deliverPending': (_, call) => invoices.deliverPending(writeOf(call)),
    'invoices.printBatches': (input) => invoices.delivery.listBatches(input.limit),
    'invoices.printBatchPdf': (input) => invoices.delivery.printBatchPdf(input.id),
    'invoices.markBatchPrinted': (input, call) => invoices.delivery.markPrinted(call.write, input.id),
  }
}
