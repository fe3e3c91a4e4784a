// The billing preview lists contracts billed against their e-invoice consent state: a contract in
// the e-invoice group without an acceptance is billed at the e-invoice subscription fee and then
// printed; one in the paper group whose customer accepts e-invoices pays the paper fee and gets an
// e-mail. Contracts whose group and delivery agree are not listed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestDesk } from '../support/desk'
import { acceptEInvoices, makeBillingDesk, seedAccount, seedReadings, seedTariffs, startSmtp, type Smtp } from '../support/billing-office'

const NOW = new Date('2026-05-04T07:30:00Z')
let smtp: Smtp
let desk: TestDesk
let token: string

beforeAll(async () => {
  smtp = await startSmtp()
  ;({ desk, token } = await makeBillingDesk(() => NOW, smtp))
  const groups = await seedTariffs(desk, token)
  const addr = (street: string, houseNo: string) => ({ street, houseNo, flatNo: null, postalCode: '22-400', city: 'Zamość' })
  const people = [
    // e-invoice group with an acceptance: agrees
    { first: 'Anna', last: 'Wiśniewska', group: groups.eInvoice, accepts: true },
    // e-invoice group, no acceptance: e-invoice fee, then printed
    { first: 'Bogdan', last: 'Zieliński', group: groups.eInvoice, accepts: false },
    // paper group with an acceptance: paper fee, sent by e-mail
    { first: 'Celina', last: 'Mazur', group: groups.paper, accepts: true },
    // paper group, no acceptance: agrees
    { first: 'Dariusz', last: 'Kowal', group: groups.paper, accepts: false },
  ]
  for (const [n, p] of people.entries()) {
    const a = await seedAccount(desk, token, p.group, { kind: 'person', firstName: p.first, lastName: p.last, email: `${p.first.toLowerCase()}@example.pl`, correspondenceAddress: addr('Lwowska', String(n + 1)) })
    if (p.accepts) await acceptEInvoices(desk, token, a.customerId, `${p.first.toLowerCase()}.faktury@example.pl`, '2026-01-10')
    seedReadings(desk, a.meterId, [['2025-12-29', 100], ['2026-02-27', 110], ['2026-04-28', 120]])
  }
})

afterAll(async () => {
  desk?.dispose()
  await smtp?.close()
})

describe('billing preview: contracts billed against their consent state', () => {
  it('lists the e-invoice group without an acceptance and the paper group with one, with their group and amount', async () => {
    const preview = await desk.call('billing.preview', { month: '2026-04' }, token)
    expect(preview.items).toHaveLength(4)
    const gross = (name: string) => preview.items.find((i) => i.customerName === name)!.gross
    expect(preview.consentMismatches.map((m) => [m.customerName, m.kind, m.groupName, m.gross])).toEqual([
      ['Bogdan Zieliński', 'e_invoice_group_on_paper', 'Gospodarstwa domowe — e-faktura', gross('Bogdan Zieliński')],
      ['Celina Mazur', 'paper_group_by_email', 'Gospodarstwa domowe — faktura papierowa', gross('Celina Mazur')],
    ])
    expect(preview.items.find((i) => i.customerName === 'Bogdan Zieliński')!.channel).toBe('paper')
    expect(preview.items.find((i) => i.customerName === 'Celina Mazur')!.channel).toBe('email')
    expect(preview.consentMismatches[0]).toMatchObject({ customerNo: expect.any(String), contractNo: expect.any(String) })
  })
})
