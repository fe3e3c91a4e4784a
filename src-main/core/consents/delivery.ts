// "How do this customer's invoices go out now, and to which e-mail?" — the one question other
// domains (billing, e-invoices, reminders) ask of consents. Derived from the events every time:
// paper unless an e-invoice acceptance covering that kind of document is in force that day.
import type { ConsentDeliveryView } from '../../../shared/api/types'
import { deliveryOf, deriveConsents, type ConsentStatus, type EInvoiceScope } from '../../../shared/domain/consents'
import { formatDate } from '../../../shared/domain/dates'
import { inArray, sql } from 'drizzle-orm'
import type { ReadOrm } from '../../db/database'
import { consentEvents } from '../../db/schema'
import { customerFamily } from '../customers/family'
import { eventRowsOf, toFact, type ConsentEventRow } from './events'

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
  return deliveryChannels(orm, [customerId], asOf, document).get(customerId)!
}

/**
 * invoiceDelivery() for many customers at once (a billing run asks for ~20,000): the families and
 * their events in a few set queries instead of two queries per customer; each customer's answer is
 * derived from the same events, the same way.
 */
export function deliveryChannels(orm: ReadOrm, customerIds: readonly string[], asOf: string, document: EInvoiceScope = 'invoices'): Map<string, ConsentDeliveryView> {
  const roots = [...new Set(customerIds)]
  const members = new Map<string, string[]>()
  const CHUNK = 500
  for (let i = 0; i < roots.length; i += CHUNK) {
    // Each customer and every record merged into it, recursively (as customerFamily()).
    for (const r of orm.all<{ root: string; id: string }>(sql`
      WITH RECURSIVE family(root, id) AS (
        SELECT value, value FROM json_each(${JSON.stringify(roots.slice(i, i + CHUNK))})
        UNION SELECT f.root, c.id FROM customers c JOIN family f ON c.merged_into = f.id
      ) SELECT root, id FROM family`)) {
      const list = members.get(r.root) ?? []
      list.push(r.id)
      members.set(r.root, list)
    }
  }
  const eventsOf = new Map<string, ConsentEventRow[]>()
  const everyone = [...new Set([...members.values()].flat())]
  for (let i = 0; i < everyone.length; i += CHUNK) {
    for (const e of orm.select().from(consentEvents).where(inArray(consentEvents.customerId, everyone.slice(i, i + CHUNK))).all()) {
      const list = eventsOf.get(e.customerId) ?? []
      list.push(e)
      eventsOf.set(e.customerId, list)
    }
  }
  // The order eventRowsOf() reads them in.
  const byRegistration = (a: ConsentEventRow, b: ConsentEventRow) => (a.registeredAt < b.registeredAt ? -1 : a.registeredAt > b.registeredAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  const out = new Map<string, ConsentDeliveryView>()
  for (const root of roots) {
    const events = (members.get(root) ?? [root]).flatMap((id) => eventsOf.get(id) ?? []).sort(byRegistration)
    out.set(root, describeDelivery(deriveConsents(events.map(toFact), asOf).e_invoice, document))
  }
  return out
}
