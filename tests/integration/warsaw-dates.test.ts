// What the card and the portal account say just after midnight in Zamość: the Warsaw date, the
// same one the time beside it shows ("Aktywowane 07.12.2026, 00:10" next to "aktywne od 07.12.2026").
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatDate, formatDateTime } from '../../shared/domain/dates'
import { makeSetUpDesk, type TestDesk } from '../support/desk'
import { seedCustomer, seedTariffGroups, type SeededCustomer } from '../support/office-seed'

let desk: TestDesk
let token: string
let clock: Date
let customer: SeededCustomer

const JUST_AFTER_MIDNIGHT = new Date('2026-12-06T23:10:00Z') // 07.12.2026, 00:10 in Warsaw

beforeEach(async () => {
  clock = JUST_AFTER_MIDNIGHT
  const made = await makeSetUpDesk({ now: () => clock, mailSender: 'manual' })
  desk = made.desk
  token = made.token
  customer = await seedCustomer(desk, token, seedTariffGroups(desk).paper)
  await desk.call('registration.updateSettings', { portalUrl: 'https://ibok.pgk.zamosc.pl' }, token)
})
afterEach(() => desk.dispose())

describe('dates just after midnight in Warsaw', () => {
  it('"Klient od" on the card is the Warsaw day the customer was registered', async () => {
    const card = await desk.call('customers.get', { id: customer.customer.id }, token)
    expect(card.customer.createdAt).toMatch(/^2026-12-06T23:10/)
    expect(formatDate(card.customer.createdAt)).toBe('07.12.2026')
  })

  it('the portal account reads "aktywne od" and "wysłane listem" with the same day as "Aktywowane …, 00:10"', async () => {
    const app = await desk.call(
      'registration.submit',
      {
        customerNo: customer.customer.customerNo,
        applicantName: 'Łucja Żółkiewska-Gęba',
        supplyAddress: customer.supplyAddress,
        correspondenceAddress: null,
        email: null,
        phone: null,
        invoiceNo: customer.invoiceNo,
        acceptRegulamin: true,
        regulaminVersion: '2025.1',
        acceptEInvoice: false,
        acceptSms: false,
        signedOn: '2026-12-06',
      },
      token,
    )
    const created = await desk.call('registration.createAccount', { id: app.id, delivery: 'letter' }, token)
    expect(created.account.stateLabel).toBe('dane logowania wysłane listem 07.12.2026')

    const active = await desk.call('registration.recordActivation', { login: customer.customer.customerNo, activatedAt: '2026-12-06T23:10:00Z' }, token)
    expect(formatDateTime(active.activatedAt)).toBe('07.12.2026, 00:10')
    expect(active.stateLabel).toBe('aktywne od 07.12.2026')
  })
})
