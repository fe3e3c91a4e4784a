import type { Services } from '../services'
import { staffOf, type HandlersOf } from '../calls'
import { createPaymentService } from './service'

/** Settlements (payments, bank statements, the ledger; "Rozliczenia" on screen) answer the contract's "payments.*" operations. */
export function paymentsHandlers(s: Services): HandlersOf<'payments'> {
  const payments = createPaymentService(s)
  return {
    'payments.settlement': (input) => payments.settlement(input.customerId),
    'payments.record': (input, call) => payments.record(staffOf(call), input),
    'payments.reverse': (input, call) => payments.reverse(staffOf(call), input),
    'payments.statementPdf': (input) => payments.statementPdf(input),
    'payments.receiptPdf': (input) => payments.receiptPdf(input.id),
    'payments.importStatement': (input, call) => payments.importStatement(staffOf(call), input),
    'payments.unmatched': (input) => payments.unmatched(input.limit),
    'payments.assignTransfer': (input, call) => payments.assignTransfer(staffOf(call), input),
    'payments.ignoreTransfer': (input, call) => payments.ignoreTransfer(staffOf(call), input),
  }
}
