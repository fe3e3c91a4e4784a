// The customer card in one request (customers.card, issue 19): every section is exactly what its
// own operation answers, the supervisor-only history and audit never reach a clerk through it,
// and a wrong customer is a code with a Polish sentence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OperationName } from '../../shared/api/contract'
import { CARD_PAGES } from '../../shared/api/operations/customers'
import { makeTestDesk, type TestDesk } from '../support/desk'

let desk: TestDesk
let clerk: string
let supervisor: string
const clock = new Date('2026-11-25T10:00:00Z')

beforeAll(async () => {
  desk = makeTestDesk({ now: () => clock })
  await desk.call('system.loadDemo', { seed: 11, customers: 120 })
  clerk = (await desk.call('staff.login', { login: 'urzednik', password: 'Demo-Krucza-10' })).token
  supervisor = (await desk.call('staff.login', { login: 'kierownik', password: 'Demo-Krucza-10' })).token
})
afterAll(() => desk.dispose())

const ids = (sql: string) => (desk.services.db.readSql.prepare(sql).all() as { id: string }[]).map((r) => r.id)

/** Customers whose card has something in each section: invoices, mail, cases, a portal account, a replaced meter, merged records. */
function variedCustomers(): string[] {
  const picks = [
    ...ids(`SELECT customer_id id FROM invoices GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1`),
    ...ids(`SELECT customer_id id FROM mails WHERE customer_id IS NOT NULL LIMIT 1`),
    ...ids(`SELECT customer_id id FROM cases WHERE customer_id IS NOT NULL LIMIT 1`),
    ...ids(`SELECT customer_id id FROM portal_accounts LIMIT 1`),
    ...ids(`SELECT k.customer_id id FROM meter_replacements r JOIN contracts k ON k.supply_point_id = r.supply_point_id LIMIT 1`),
    ...ids(`SELECT customer_id id FROM consent_events LIMIT 1`),
  ]
  return [...new Set(picks)]
}

describe('customers.card', () => {
  it('answers every section exactly as its own operation does, for the supervisor with the history and audit', async () => {
    const customers = variedCustomers()
    expect(customers.length).toBeGreaterThanOrEqual(3)
    for (const id of customers) {
      const card = await desk.call('customers.card', { id }, supervisor)
      const own = async <N extends OperationName>(name: N, input: Parameters<TestDesk['call']>[1]) => desk.call(name, input as never, supervisor)
      expect(card.card).toEqual(await own('customers.get', { id }))
      expect(card.meters).toEqual(await own('meters.forCustomer', { customerId: id }))
      expect(card.replacements).toEqual(await own('meters.replacements', { customerId: id }))
      expect(card.analysis).toEqual(await own('readings.analysis', { customerId: id, supplyPointId: null, months: CARD_PAGES.analysisMonths }))
      expect(card.invoices).toEqual(await own('invoices.list', { customerId: id, limit: CARD_PAGES.invoices }))
      expect(card.settlement).toEqual(await own('payments.settlement', { customerId: id }))
      expect(card.consents).toEqual(await own('consents.overview', { customerId: id }))
      expect(card.portalAccount).toEqual(await own('registration.account', { customerId: id }))
      expect(card.mail).toEqual(await own('mail.list', { customerId: id, limit: CARD_PAGES.mail }))
      expect(card.cases).toEqual(await own('cases.search', { customerId: id, limit: CARD_PAGES.cases }))
      expect(card.history).toEqual(await own('customers.history', { id }))
      expect(card.audit).toEqual(await own('audit.forEntity', { entity: 'customers', entityId: id }))
    }
  })

  it('gives a clerk every section but the supervisor-only change history and audit', async () => {
    const data = {
      kind: 'person' as const,
      firstName: 'Ewa',
      lastName: 'Zmieniona',
      correspondenceAddress: { street: 'Partyzantów', houseNo: '5', flatNo: null, postalCode: '22-400', city: 'Zamość' },
    }
    const { id } = await desk.call('customers.create', data, clerk)
    await desk.call('customers.update', { id, data: { ...data, phone: '600100200' } }, clerk)
    // The clerk's own requests for them are refused …
    await expect(desk.call('customers.history', { id }, clerk)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(desk.call('audit.forEntity', { entity: 'customers', entityId: id }, clerk)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    // … and the card does not carry them either, while the supervisor's card has both.
    const card = await desk.call('customers.card', { id }, clerk)
    expect(card.card.customer.phone).toBe('600100200')
    expect(Object.keys(card)).not.toContain('history')
    expect(Object.keys(card)).not.toContain('audit')
    expect(JSON.stringify(card)).not.toContain('customers.update')
    const full = await desk.call('customers.card', { id }, supervisor)
    expect(full.history!.map((c) => c.field)).toContain('phone')
    expect(full.audit!.map((e) => e.operation)).toEqual(['customers.update', 'customers.create'])
  })

  it('has no analysis for a customer without a contract, and the rest of the card', async () => {
    const created = await desk.call(
      'customers.create',
      {
        kind: 'person',
        firstName: 'Jan',
        lastName: 'Bezumowny',
        correspondenceAddress: { street: 'Lwowska', houseNo: '1', flatNo: null, postalCode: '22-400', city: 'Zamość' },
      },
      clerk,
    )
    const card = await desk.call('customers.card', { id: created.id }, clerk)
    expect(card.card.contracts).toEqual([])
    expect(card.analysis).toBeNull()
    expect(card.meters).toEqual([])
    expect(card.invoices).toEqual([])
    expect(card.cases.total).toBe(0)
  })

  it('refuses an unknown customer and a malformed id with a code and a Polish sentence', async () => {
    await expect(desk.call('customers.card', { id: '0190a0b0-0000-7000-8000-000000000099' }, clerk)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Klient: nie istnieje' })
    await expect(desk.call('customers.card', { id: 'nie-uuid' }, clerk)).rejects.toMatchObject({ code: 'VALIDATION' })
    await expect(desk.call('customers.card', { id: '0190a0b0-0000-7000-8000-000000000099' }, null)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
  })
})
