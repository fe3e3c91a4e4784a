// "How do this customer's invoices go out now, and to which e-mail?" — the one question other
// domains (billing, e-invoices, reminders) ask of consents. Derived from the events every time:
// paper unless an e-invoice acceptance covering that kind of document is in force that day.
import type { ConsentDeliveryView } from '../../../shared/api/types'
import { deliveryOf, deriveConsents, type ConsentStatus, type EInvoiceScope } from '../../../shared/domain/consents'
import { formatDate } from '../../../shared/domain/dates'
import type { ReadOrm } from '../../db/database'
import { customerFamily } from '../customers/family'
import { eventRowsOf, toFact } from './events'

/** The consent state of a customer (and every record merged into it) on a business date. */
export function consentStatesOf(orm: ReadOrm, customerId: string, asOf: string): Record<'e_invoice' | 'regulamin' | 'sms', ConsentStatus> {
  return deriveConsents(eventRowsOf(orm, customerFamily(orm, customerId)).map(toFact), asOf)
}

export function describeDelivery(status: ConsentStatus, document: EInvoiceScope = 'invoices'): ConsentDeliveryView {
  const d = deliveryOf(status, document)
  const summary =
    d.channel === 'email'
      ? `Faktury e-mailem na ${d.email}${d.since ? ` (akceptacja od ${formatDate(d.since)})` : ''}`
      : `Faktury papierowe${d.since ? ` (akceptacja e-faktur wycofana od ${formatDate(d.since)})` : ' — brak akceptacji e-faktur'}`
  return { ...d, summary }
}

/**
 * How a document of the given kind goes to the customer on `asOf` (ISO business date). Billing
 * calls this at issue; the e-mail is the one the acceptance covers, never the customer's e-mail field.
 */
export function invoiceDelivery(orm: ReadOrm, customerId: string, asOf: string, document: EInvoiceScope = 'invoices'): ConsentDeliveryView {
  return describeDelivery(consentStatesOf(orm, customerId, asOf).e_invoice, document)
}
