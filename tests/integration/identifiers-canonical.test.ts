// One canonical form per identifier, and the check runs on exactly what is stored (issue 15,
// defect 2): a NIP typed with a doubled PL prefix ("PL PL 7671325342", "PLPL5211355116") used to be
// checked as 7671325342 and stored as PL7671325342 — printed on invoices and refused by the FA(3)
// schema. On a real desk: the customer register and the office settings (the seller's NIP on every
// invoice) refuse it with a field message; what they accept is stored canonical, and the FA(3) XML
// of a B2B invoice for every accepted way of typing the NIP validates with xmllint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, makeSetUpDesk, makeTestDesk, TEST_OFFICE, type TestDesk } from '../support/desk'
import { pdfText, seedAccount, seedReadings, seedTariffs, xmllintFa3 } from '../support/billing-office'

let now = new Date('2026-05-04T07:30:00Z')
let desk: TestDesk
let token: string
let groups: Awaited<ReturnType<typeof seedTariffs>>

const companyAddress = { street: 'Grecka', houseNo: '6', flatNo: null, postalCode: '22-400', city: 'Zamość' }
const company = (nip: string, companyName = 'Hotel „Ósemka” Sp. z o.o.') => ({ kind: 'company' as const, companyName, nip, correspondenceAddress: companyAddress })

async function refusal(promise: Promise<unknown>): Promise<{ code: string; field?: string; message: string }> {
  return promise.then(
    () => {
      throw new Error('expected the call to be refused')
    },
    (e: { code: string; field?: string; message: string }) => e,
  )
}

const storedNip = (id: string) => (desk.services.db.sqlite.prepare('SELECT nip FROM customers WHERE id = ?').get(id) as { nip: string }).nip

beforeAll(async () => {
  ;({ desk, token } = await makeSetUpDesk({ now: () => now, mailSender: 'manual' }))
  groups = await seedTariffs(desk, token)
})
afterAll(() => desk?.dispose())

describe('a NIP with a doubled PL prefix', () => {
  it.each(['PL PL 7671325342', 'PLPL5211355116', 'pl PL 767-132-53-42'])('%j is refused for a customer, with a message on the NIP field, and nothing is stored', async (nip) => {
    const before = (desk.services.db.sqlite.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n
    const e = await refusal(desk.call('customers.create', company(nip), token))
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'nip' })
    expect(e.message).toMatch(/^NIP ma prefiks kraju PL wpisany więcej niż raz/)
    expect((desk.services.db.sqlite.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n).toBe(before)
  })

  it('is refused when a customer is edited, and the stored NIP stays as it was', async () => {
    const c = await desk.call('customers.create', company('7671325342', 'Edytowana Sp. z o.o.'), token)
    const e = await refusal(desk.call('customers.update', { id: c.id, data: company('PLPL 7671325342', 'Edytowana Sp. z o.o.') }, token))
    expect(e).toMatchObject({ code: 'VALIDATION' })
    expect(e.field).toMatch(/nip$/)
    expect(storedNip(c.id)).toBe('7671325342')
  })

  it('is refused as the seller NIP in the office settings, at first start and later', async () => {
    const fresh = makeTestDesk()
    try {
      const e = await refusal(fresh.call('system.setup', { office: { ...TEST_OFFICE, nip: 'PL PL 9220003560' }, admin: ADMIN }))
      expect(e.code).toBe('VALIDATION')
      expect(e.field).toMatch(/nip$/)
      expect(e.message).toMatch(/NIP ma prefiks kraju PL wpisany więcej niż raz/)
      expect(await fresh.call('system.status', {})).toMatchObject({ setupDone: false })
    } finally {
      fresh.dispose()
    }
    const e = await refusal(desk.call('office.update', { ...TEST_OFFICE, nip: 'PLPL5211355116' }, token))
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'nip' })
    expect((await desk.call('office.get', {}, token)).nip).toBe(TEST_OFFICE.nip)
  })
})

describe('every accepted way of typing a NIP is stored as the 10 digits that were checked', () => {
  it('office settings: "PL 521-135-51-16" is stored, printed and sent to KSeF as 5211355116', async () => {
    const office = await desk.call('office.update', { ...TEST_OFFICE, nip: 'PL 521-135-51-16' }, token)
    expect(office.nip).toBe('5211355116')
    expect((await desk.call('office.get', {}, token)).nip).toBe('5211355116')
  })

  it('customers: B2B invoices for each form print the canonical NIP, and their FA(3) XML validates against the schema', async () => {
    const typed = ['PL7671325342', 'pl 767-132-53-42', '767 132 53 42', ' PL 767.132.53.42 ']
    const accounts = []
    for (const [i, nip] of typed.entries()) {
      const account = await seedAccount(desk, token, groups.business, company(nip, `Firma ${i + 1} Sp. z o.o.`), { houseNo: String(10 + i) })
      expect(storedNip(account.customerId), nip).toBe('7671325342')
      seedReadings(desk, account.meterId, [['2026-03-31', 100], ['2026-04-30', 130]])
      accounts.push(account)
    }
    const run = await desk.call('billing.run', { month: '2026-04' }, token)
    const list = await desk.call('invoices.list', { billingRunId: run.id }, token)
    for (const account of accounts) {
      const summary = list.find((i) => i.customerId === account.customerId)!
      const invoice = await desk.call('invoices.get', { id: summary.id }, token)
      expect(invoice.buyer.nip).toBe('7671325342')
      expect(invoice.seller.nip).toBe('5211355116')
      const { xml } = await desk.call('invoices.ksefXml', { id: invoice.id }, token)
      expect(xmllintFa3(xml)).toMatchObject({ ok: true })
      expect(xml).toContain('<NIP>7671325342</NIP>')
      expect(xml).toContain('<NIP>5211355116</NIP>')
      const pdf = await desk.call('invoices.pdf', { id: invoice.id }, token)
      const text = pdfText(pdf.pdfBase64)
      expect(text).toContain('NIP 7671325342')
      expect(text).toContain('NIP 5211355116')
      expect(text).not.toMatch(/NIP PL/)
    }
  })
  it('a NIP stored with the doubled prefix before this fix ("PL7671325342") goes onto new invoices and their FA(3) XML as 7671325342', async () => {
    const account = await seedAccount(desk, token, groups.business, company('7671325342', 'Dawna Sp. z o.o.'), { houseNo: '40' })
    desk.services.db.sqlite.prepare('UPDATE customers SET nip = ? WHERE id = ?').run('PL7671325342', account.customerId)
    seedReadings(desk, account.meterId, [['2026-04-30', 100], ['2026-05-31', 120]])
    now = new Date('2026-06-03T07:30:00Z')
    token = (await desk.call('staff.login', { login: ADMIN.login, password: ADMIN.password })).token
    const run = await desk.call('billing.run', { month: '2026-05' }, token)
    const summary = (await desk.call('invoices.list', { billingRunId: run.id }, token)).find((i) => i.customerId === account.customerId)!
    expect((await desk.call('invoices.get', { id: summary.id }, token)).buyer.nip).toBe('7671325342')
    const { xml } = await desk.call('invoices.ksefXml', { id: summary.id }, token)
    expect(xmllintFa3(xml)).toMatchObject({ ok: true })
  })
})
