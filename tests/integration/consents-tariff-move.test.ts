// An e-invoice acceptance moves the customer's contract to the e-invoice tariff group from the
// next billing period, and a withdrawal moves it back: checked on real billing runs month by
// month — the group and subscription price on each invoice, how each invoice is delivered (a real
// SMTP server on loopback), and that invoices already issued never change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InvoiceView } from '../../shared/api/types'
import { ADMIN, type TestDesk } from '../support/desk'
import { makeBillingDesk, seedAccount, seedReadings, seedTariffs, startSmtp, type SeededAccount, type Smtp } from '../support/billing-office'

let clock = new Date('2026-03-02T08:00:00Z')
let smtp: Smtp
let desk: TestDesk
let token: string
let groups: Record<'paper' | 'eInvoice' | 'business', string>
let ewa: SeededAccount
let janFeb: InvoiceView

const PAPER = 'Gospodarstwa domowe — faktura papierowa'
const E_INVOICE = 'Gospodarstwa domowe — e-faktura'
const evidence = { channel: 'paper' as const, signerKind: 'customer' as const }

/** Moves the desk's clock (months pass between the steps) and logs in again. */
async function at(instant: string): Promise<void> {
  clock = new Date(instant)
  token = (await desk.call('staff.login', { login: ADMIN.login, password: ADMIN.password })).token
}

/** Runs the billing month and returns Ewa's invoice from it, with its delivery done. */
async function bill(month: string, instant: string): Promise<InvoiceView> {
  await at(instant)
  const run = await desk.call('billing.run', { month }, token)
  expect(run).toMatchObject({ status: 'done', issuedCount: 1 })
  await desk.services.mail.runOnce()
  const [item] = await desk.call('invoices.list', { billingRunId: run.id }, token)
  return desk.call('invoices.get', { id: item.id }, token)
}
const abonament = (inv: InvoiceView) => inv.lines.find((l) => l.name.startsWith('Opłata abonamentowa'))!.unitNet
const contractOnCard = async () => (await desk.call('customers.get', { id: ewa.customerId }, token)).contracts[0]

beforeAll(async () => {
  smtp = await startSmtp()
  ;({ desk, token } = await makeBillingDesk(() => clock, smtp))
  groups = await seedTariffs(desk, token)
  ewa = await seedAccount(desk, token, groups.paper, {
    kind: 'person',
    firstName: 'Ewa',
    lastName: 'Zamojska',
    email: 'ewa@example.pl',
    correspondenceAddress: { street: 'Staszica', houseNo: '5', flatNo: null, postalCode: '22-400', city: 'Zamość' },
  })
  seedReadings(desk, ewa.meterId, [
    ['2026-02-27', 100],
    ['2026-04-28', 110],
    ['2026-06-28', 121],
    ['2026-08-28', 133],
    ['2026-10-28', 146],
  ])
  janFeb = await bill('2026-02', '2026-03-02T08:00:00Z')
})

afterAll(async () => {
  desk?.dispose()
  await smtp?.close()
})

describe('e-invoice acceptance with the move to the e-invoice group', () => {
  it('offers the move before the acceptance is recorded, from the next billing period', async () => {
    await at('2026-03-10T09:00:00Z')
    const overview = await desk.call('consents.overview', { customerId: ewa.customerId }, token)
    expect(overview.eInvoiceMoves).toEqual([expect.objectContaining({ contractId: ewa.contractId, fromGroupName: PAPER, toGroupName: E_INVOICE, effectiveFrom: '2026-05-01' })])
  })

  it('records the move with the acceptance; the card shows the paper group now and the e-invoice group from 01.05.2026', async () => {
    const r = await desk.call(
      'consents.accept',
      { customerId: ewa.customerId, type: 'e_invoice', scope: ['invoices'], textVersion: '2024.1', email: 'ewa.faktury@example.pl', signedOn: '2026-03-10', moveToEInvoiceGroup: true, ...evidence },
      token,
    )
    expect(r.tariffMoves).toEqual([expect.objectContaining({ contractNo: expect.any(String), fromGroupName: PAPER, toGroupName: E_INVOICE, toEInvoice: true, effectiveFrom: '2026-05-01' })])
    // Nothing left to offer or to warn about: the move is scheduled.
    expect(r.consents.eInvoiceMoves).toEqual([])
    expect(r.consents.tariffHints).toEqual([])
    expect(await contractOnCard()).toMatchObject({ tariffGroupName: PAPER, tariffEInvoice: false, tariffMove: { effectiveFrom: '2026-05-01', tariffGroupName: E_INVOICE, eInvoice: true } })

    // Audited in the acceptance's own transaction.
    const audit = desk.services.db.sqlite.prepare("SELECT entity FROM audit_log WHERE operation = 'consents.accept' ORDER BY entity").pluck().all()
    expect(audit).toEqual(expect.arrayContaining(['consent_events', 'contract_tariff_changes', 'contracts']))
    // The change history names the groups, not their ids.
    const history = await desk.call('customers.history', { id: ewa.customerId }, token)
    expect(history.filter((h) => h.field === 'tariffGroupId' && h.before !== null).map((h) => [h.before, h.after])).toEqual([[PAPER, E_INVOICE]])
  })

  it('bills the running period (Mar–Apr) still in the paper group, but e-mails it: the acceptance is in force', async () => {
    const marApr = await bill('2026-04', '2026-05-04T08:00:00Z')
    expect([marApr.periodFrom, marApr.tariffGroupName, abonament(marApr)]).toEqual(['2026-03-01', PAPER, 1230])
    expect(marApr.deliveries).toEqual([expect.objectContaining({ channel: 'email', email: 'ewa.faktury@example.pl', state: 'sent' })])
    expect(await contractOnCard()).toMatchObject({ tariffGroupName: E_INVOICE, tariffEInvoice: true, tariffMove: null })
  })

  it('bills the next period (May–Jun) in the e-invoice group at its lower subscription, by e-mail', async () => {
    const mayJun = await bill('2026-06', '2026-07-02T08:00:00Z')
    expect([mayJun.periodFrom, mayJun.tariffGroupName, abonament(mayJun)]).toEqual(['2026-05-01', E_INVOICE, 1020])
    expect(mayJun.deliveries).toEqual([expect.objectContaining({ channel: 'email', email: 'ewa.faktury@example.pl', state: 'sent' })])
    expect(smtp.inbox.map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : ''))).toEqual(['ewa.faktury@example.pl', 'ewa.faktury@example.pl'])
  })
})

describe('withdrawal', () => {
  it('moves the contract back to the paper group from the next period, in the withdrawal transaction', async () => {
    await at('2026-07-03T09:00:00Z')
    const r = await desk.call('consents.withdraw', { customerId: ewa.customerId, type: 'e_invoice', signedOn: '2026-07-03', ...evidence }, token)
    expect(r.consents.delivery.channel).toBe('paper')
    expect(r.tariffMoves).toEqual([expect.objectContaining({ fromGroupName: E_INVOICE, toGroupName: PAPER, toEInvoice: false, effectiveFrom: '2026-09-01' })])
    expect(r.consents.tariffHints).toEqual([])
    expect(await contractOnCard()).toMatchObject({ tariffGroupName: E_INVOICE, tariffMove: { effectiveFrom: '2026-09-01', tariffGroupName: PAPER, eInvoice: false } })
    const audit = desk.services.db.sqlite.prepare("SELECT entity FROM audit_log WHERE operation = 'consents.withdraw' ORDER BY entity").pluck().all()
    expect(audit).toEqual(expect.arrayContaining(['consent_events', 'contract_tariff_changes', 'contracts']))
  })

  it('sends the next invoice on paper; the period that began under the acceptance keeps its group', async () => {
    const julAug = await bill('2026-08', '2026-09-02T08:00:00Z')
    expect([julAug.periodFrom, julAug.tariffGroupName, abonament(julAug)]).toEqual(['2026-07-01', E_INVOICE, 1020])
    expect(julAug.deliveries).toEqual([expect.objectContaining({ channel: 'paper' })])
    expect(smtp.inbox).toHaveLength(2)
  })

  it('bills from the next period in the paper group at the paper price, on paper', async () => {
    const sepOct = await bill('2026-10', '2026-11-03T08:00:00Z')
    expect([sepOct.periodFrom, sepOct.tariffGroupName, abonament(sepOct)]).toEqual(['2026-09-01', PAPER, 1230])
    expect(sepOct.deliveries).toEqual([expect.objectContaining({ channel: 'paper' })])
    expect(await contractOnCard()).toMatchObject({ tariffGroupName: PAPER, tariffEInvoice: false, tariffMove: null })
  })

  it('left the invoices issued before the moves exactly as they were', async () => {
    const again = await desk.call('invoices.get', { id: janFeb.id }, token)
    expect(again.tariffGroupName).toBe(PAPER)
    expect(again.lines).toEqual(janFeb.lines)
    expect(again.gross).toBe(janFeb.gross)
  })
})

describe('moves that do not happen', () => {
  it('an acceptance without the move leaves the group, and the card keeps offering it', async () => {
    await at('2026-11-25T09:00:00Z')
    const r = await desk.call(
      'consents.accept',
      { customerId: ewa.customerId, type: 'e_invoice', scope: ['invoices'], textVersion: '2024.1', email: 'ewa.faktury@example.pl', signedOn: '2026-11-25', ...evidence },
      token,
    )
    expect(r.tariffMoves).toEqual([])
    expect(r.consents.eInvoiceMoves).toEqual([expect.objectContaining({ toGroupName: E_INVOICE, effectiveFrom: '2027-01-01' })])
    expect(r.consents.tariffHints[0].message).toContain('można przenieść')
    expect(await contractOnCard()).toMatchObject({ tariffGroupName: PAPER, tariffMove: null })
  })

  it('withdrawing an acceptance made without a move moves nothing', async () => {
    const r = await desk.call('consents.withdraw', { customerId: ewa.customerId, type: 'e_invoice', signedOn: '2026-11-25', ...evidence }, token)
    expect(r.tariffMoves).toEqual([])
    expect(await contractOnCard()).toMatchObject({ tariffGroupName: PAPER, tariffMove: null })
  })

  it('annulling a mistaken acceptance takes back the move it scheduled', async () => {
    const r = await desk.call(
      'consents.accept',
      { customerId: ewa.customerId, type: 'e_invoice', scope: ['invoices'], textVersion: '2024.1', email: 'ewa.faktury@example.pl', signedOn: '2026-11-25', moveToEInvoiceGroup: true, ...evidence },
      token,
    )
    expect(r.tariffMoves).toEqual([expect.objectContaining({ toGroupName: E_INVOICE, effectiveFrom: '2027-01-01' })])
    expect(await contractOnCard()).toMatchObject({ tariffMove: { tariffGroupName: E_INVOICE } })
    const after = await desk.call('consents.annul', { eventId: r.event.id, reason: 'Oświadczenie innego klienta wpisane omyłkowo' }, token)
    expect(after.delivery.channel).toBe('paper')
    expect(after.tariffHints).toEqual([])
    expect(await contractOnCard()).toMatchObject({ tariffGroupName: PAPER, tariffEInvoice: false, tariffMove: null })
    const moves = desk.services.db.sqlite.prepare('SELECT reason, effective_from AS effectiveFrom FROM contract_tariff_changes WHERE contract_id = ? ORDER BY seq').all(ewa.contractId)
    expect(moves.slice(-2)).toEqual([
      { reason: 'e_invoice_accept', effectiveFrom: '2027-01-01' },
      { reason: 'e_invoice_annul', effectiveFrom: '2027-01-01' },
    ])
  })
})
