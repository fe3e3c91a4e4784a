// The invoice retention that blocks anonymisation follows Ordynacja podatkowa art. 70 § 1 (issue 15,
// defect 6): a customer whose last invoice is dated 06.12.2026 (VAT due 25.01.2027) is kept until
// 31.12.2032 — not anonymisable on 01.06.2032 — while one whose last invoice is dated 30.11.2026
// (VAT due 28.12.2026) may be anonymised then. Everything else about them is already settled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, makeSetUpDesk, type TestDesk } from '../support/desk'
import { seedCustomer, seedTariffGroups, type SeededCustomer } from '../support/office-seed'

const INVOICE_RULE = 'Faktury — art. 112 ustawy o VAT i art. 70 § 1 Ordynacji podatkowej'
let clock = new Date('2026-12-10T09:30:00Z')
let desk: TestDesk
let token: string
let december: SeededCustomer
let november: SeededCustomer

async function dayIs(iso: string) {
  clock = new Date(`${iso}T09:30:00Z`)
  token = (await desk.call('staff.login', { login: ADMIN.login, password: ADMIN.password })).token
}

beforeAll(async () => {
  ;({ desk, token } = await makeSetUpDesk({ now: () => clock, mailSender: 'manual' }))
  const groups = seedTariffGroups(desk)
  december = await seedCustomer(desk, token, groups.paper, { lastName: 'Grudniowa', email: null, phone: null }, '2026-12-06')
  november = await seedCustomer(desk, token, groups.paper, { lastName: 'Listopadowa', email: null, phone: null, correspondenceAddress: { street: 'Lwowska', houseNo: '2', flatNo: null, postalCode: '22-400', city: 'Zamość' } }, '2026-11-30')
  for (const c of [december, november]) {
    // Paid and ended in 2026: the accounting proofs end 31.12.2031, the contract claims 31.12.2029.
    await desk.call('payments.record', { customerId: c.customer.id, amount: '108,00', method: 'cash' }, token)
    await desk.call('contracts.end', { id: c.contractId, endDate: '2026-12-10' }, token)
  }
})
afterAll(() => desk?.dispose())

describe('invoice retention at the year boundary', () => {
  it('a December invoice keeps the customer until the end of the sixth year: not anonymisable on 01.06.2032', async () => {
    await dayIs('2032-06-01')
    const check = await desk.call('customers.anonymisationCheck', { id: december.customer.id }, token)
    expect(check.allowed).toBe(false)
    expect(check.blocks.map((b) => [b.rule, b.until])).toEqual([[INVOICE_RULE, '2032-12-31']])
    const refused = await desk.call('customers.anonymise', { id: december.customer.id, reason: 'Wniosek RODO' }, token).then(
      () => null,
      (e: { code: string; message: string }) => e,
    )
    expect(refused).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('31.12.2032') })
  })

  it('a November invoice of the same year no longer keeps its customer on that day', async () => {
    await dayIs('2032-06-01')
    expect(await desk.call('customers.anonymisationCheck', { id: november.customer.id }, token)).toMatchObject({ allowed: true, blocks: [] })
  })

  it('the December customer is kept on 31.12.2032 and may be anonymised from 01.01.2033', async () => {
    await dayIs('2032-12-31')
    expect((await desk.call('customers.anonymisationCheck', { id: december.customer.id }, token)).allowed).toBe(false)
    await dayIs('2033-01-01')
    expect(await desk.call('customers.anonymisationCheck', { id: december.customer.id }, token)).toMatchObject({ allowed: true, blocks: [] })
    expect(await desk.call('customers.anonymise', { id: december.customer.id, reason: 'Wniosek RODO' }, token)).toMatchObject({ displayName: 'Klient zanonimizowany' })
  })
})
