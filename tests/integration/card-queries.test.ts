// The customer card's own fast paths (issue 19): one customer's invoices, mail, cases and consent
// events read with statements prepared once per family size answer exactly as the general filtered
// queries do; the balance's sums match the account's rows; and what one card reads once is never
// served to the next request.
import { inArray, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CARD_PAGES } from '../../shared/api/operations/customers'
import type { MailState } from '../../shared/api/types'
import { CASE_TYPES } from '../../shared/domain/cases'
import { plainColumns, preparedSql } from '../../src-main/db/database'
import { consentEvents, invoices, payments } from '../../src-main/db/schema'
import { caseList } from '../../src-main/core/cases/queries'
import { customerEventViews, eventViews } from '../../src-main/core/consents/events'
import { customerFamily } from '../../src-main/core/customers/family'
import { listInvoices } from '../../src-main/core/invoices/queries'
import { listMails, queueMail } from '../../src-main/core/mail/outbox'
import { accountFacts } from '../../src-main/core/settlements/settlement'
import { makeTestDesk, type TestDesk } from '../support/desk'

let desk: TestDesk
let supervisor: string
const today = '2026-11-25'
const clock = new Date(`${today}T10:00:00Z`)
const ALL_MAIL_STATES: MailState[] = ['queued', 'sending', 'sent', 'failed', 'uncertain', 'cancelled']

const ids = (sql: string) => (desk.services.db.readSql.prepare(sql).all() as { id: string }[]).map((r) => r.id)
let customers: string[] = []
let kept: string

beforeAll(async () => {
  desk = makeTestDesk({ now: () => clock })
  await desk.call('system.loadDemo', { seed: 11, customers: 120 })
  supervisor = (await desk.call('staff.login', { login: 'kierownik', password: 'Demo-Krucza-10' })).token
  // A family of two with invoices and payments on both records: the prepared paths for a list of two.
  const [a, b] = ids(`SELECT c.id FROM customers c WHERE c.kind = 'person' AND EXISTS (SELECT 1 FROM invoices i WHERE i.customer_id = c.id) ORDER BY c.customer_no LIMIT 2`)
  await desk.call('payments.record', { customerId: b, amount: '123,45', method: 'cash', reference: 'Wpłata przed scaleniem' }, supervisor)
  // Mail and cases on both records (the demo has none of its own).
  for (const [customerId, n] of [[a, 2], [b, 2]] as const) {
    for (let i = 0; i < n; i++) {
      desk.services.db.write({ staffId: null, stationCode: 'K1', operation: 'test.queue' }, (tx) =>
        queueMail(desk.services, tx, { kind: 'other', to: `klient${i}@example.pl`, subject: `Wiadomość ${i}`, text: 'Treść', customerId }, null),
      )
      await desk.call('cases.create', { type: 'general', channel: 'letter', customerId, description: `Prośba numer ${i} o informację o wyłączeniach wody.` }, supervisor)
    }
  }
  kept = (await desk.call('customers.merge', { keepId: a, mergeId: b, reason: 'Ta sama osoba zarejestrowana dwa razy' }, supervisor)).id
  customers = [
    ...new Set([
      kept,
      ...ids(`SELECT customer_id id FROM invoices GROUP BY customer_id ORDER BY count(*) DESC LIMIT 2`),
      ...ids(`SELECT customer_id id FROM mails WHERE customer_id IS NOT NULL GROUP BY customer_id ORDER BY count(*) DESC LIMIT 2`),
      ...ids(`SELECT customer_id id FROM cases WHERE customer_id IS NOT NULL GROUP BY customer_id ORDER BY count(*) DESC LIMIT 2`),
      ...ids(`SELECT customer_id id FROM consent_events GROUP BY customer_id ORDER BY count(*) DESC LIMIT 2`),
    ]),
  ]
})
afterAll(() => desk.dispose())

describe("the card's one-customer queries", () => {
  it('cover families of one and of two, with invoices, mail, cases and consent events', () => {
    const orm = desk.services.db.read
    expect(customerFamily(orm, kept)).toHaveLength(2)
    const has = (table: string) => customers.some((id) => ids(`SELECT id FROM ${table} WHERE customer_id IN ('${customerFamily(orm, id).join("','")}')`).length > 0)
    for (const table of ['invoices', 'payments', 'mails', 'cases', 'consent_events']) expect(has(table), table).toBe(true)
  })

  it('list the invoices as the general filtered list does', () => {
    const orm = desk.services.db.read
    for (const customerId of customers) {
      for (const limit of [CARD_PAGES.invoices, 3]) {
        const card = listInvoices(orm, { customerId, limit }, today)
        // A filter that keeps every invoice takes the general path.
        expect(card).toEqual(listInvoices(orm, { customerId, from: '1900-01-01', limit }, today))
      }
    }
    expect(listInvoices(orm, { customerId: kept, limit: 500 }, today).map((i) => i.customerId)).toEqual(expect.arrayContaining([...customerFamily(orm, kept)]))
  })

  it('list the mail, with its counts and paging, as the general filtered list does', () => {
    const orm = desk.services.db.read
    for (const customerId of customers) {
      for (const page of [{ limit: CARD_PAGES.mail, offset: 0 }, { limit: 1, offset: 1 }]) {
        expect(listMails(orm, { customerId, ...page })).toEqual(listMails(orm, { customerId, states: ALL_MAIL_STATES, ...page }))
      }
    }
  })

  it('list the cases, with the total and paging, as the general filtered list does', () => {
    const orm = desk.services.db.read
    for (const customerId of customers) {
      for (const page of [{ limit: CARD_PAGES.cases, offset: 0 }, { limit: 1, offset: 1 }]) {
        expect(caseList(orm, { customerId, ...page }, today)).toEqual(caseList(orm, { customerId, types: [...CASE_TYPES], ...page }, today))
      }
    }
  })

  it("read the family's consent events, annulments included, as the general event list does", async () => {
    const orm = desk.services.db.read
    const [customerId] = ids(`SELECT customer_id id FROM consent_events ORDER BY registered_at LIMIT 1`)
    const [event] = ids(`SELECT id FROM consent_events WHERE customer_id = '${customerId}' AND action <> 'annul' ORDER BY registered_at LIMIT 1`)
    await desk.call('consents.annul', { eventId: event, reason: 'Pomyłka przy rejestracji' }, supervisor)
    for (const id of [...customers, customerId]) {
      const family = customerFamily(orm, id)
      expect(customerEventViews(orm, desk.services.resourcesDir, family)).toEqual(eventViews(orm, desk.services.resourcesDir, inArray(consentEvents.customerId, [...family])))
    }
    const annulled = customerEventViews(orm, desk.services.resourcesDir, customerFamily(orm, customerId)).find((e) => e.id === event)
    expect(annulled?.annulledBy).toMatchObject({ reason: 'Pomyłka przy rejestracji' })
  })

  it("sum the balance and the overdue amount from the family's invoices and payments, alone and on the whole card", async () => {
    const orm = desk.services.db.read
    for (const id of customers) {
      const facts = accountFacts(orm, id, today)
      const invoiced = facts.invoices.reduce((sum, i) => sum + i.grossTotal, 0)
      const due = facts.invoices.filter((i) => i.dueDate < today).reduce((sum, i) => sum + i.grossTotal, 0)
      const paid = facts.payments.reduce((sum, p) => sum + p.amount, 0)
      const card = await desk.call('customers.get', { id }, supervisor)
      expect({ balance: card.balanceGrosze, overdue: card.overdueGrosze }).toEqual({ balance: paid - invoiced, overdue: Math.max(0, due - paid) })
      // The whole card takes the same sums from the account rows instead.
      expect((await desk.call('customers.card', { id }, supervisor)).card).toEqual(card)
    }
  })
})

describe('plainColumns', () => {
  it("reads a table's rows raw exactly as drizzle maps them, and refuses a column drizzle decodes", () => {
    const orm = desk.services.db.read
    const raw = preparedSql(orm, `SELECT ${plainColumns(payments)} FROM payments ORDER BY rowid LIMIT 50`).all()
    expect(raw).toHaveLength(50)
    expect(raw).toEqual(orm.select().from(payments).orderBy(sql`rowid`).limit(50).all())
    expect(preparedSql(orm, `SELECT ${plainColumns(invoices, ['id', 'grossTotal'])} FROM invoices ORDER BY rowid LIMIT 1`).get()).toEqual(
      orm.select({ id: invoices.id, grossTotal: invoices.grossTotal }).from(invoices).orderBy(sql`rowid`).limit(1).get(),
    )
    // The buyer is JSON, decoded by drizzle: a raw read would hand out the text.
    expect(() => plainColumns(invoices, ['id', 'buyer'])).toThrow(/invoices\.buyer/)
  })
})

describe('what one card reads once', () => {
  it('is read again by the next card: a payment between two openings shows on the second', async () => {
    const before = await desk.call('customers.card', { id: kept }, supervisor)
    await desk.call('payments.record', { customerId: kept, amount: '50,00', method: 'cash', reference: 'Wpłata w kasie' }, supervisor)
    const after = await desk.call('customers.card', { id: kept }, supervisor)
    expect(after.card.balanceGrosze).toBe(before.card.balanceGrosze + 50_00)
    expect(after.settlement.payments).toHaveLength(before.settlement.payments.length + 1)
    expect(after.settlement.balance).toBe(before.settlement.balance + 50_00)
  })
})
