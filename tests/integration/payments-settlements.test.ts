// Settlements on a real desk: a payment at the counter settles the oldest invoice first (with a KP
// receipt), a supervisor reverses a mistake, the statement of account prints the balance and its
// history, and bank statements (MT940, CSV) are matched by the individual account — a malformed
// file is rejected line-precisely with nothing imported, the same file never twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, signInNewStaff, type TestDesk } from '../support/desk'
import { makeBillingDesk, nbsp, pdfText, seedAccount, seedReadings, seedTariffs, startSmtp, type SeededAccount, type Smtp } from '../support/billing-office'

let now = new Date('2026-04-02T08:00:00Z')
let smtp: Smtp
let desk: TestDesk
let token: string
let clerk: string
let anna: SeededAccount
let piotr: SeededAccount
const invoiceNos: string[] = []
const count = (table: string) => (desk.services.db.sqlite.prepare(`SELECT count(*) n FROM ${table}`).get() as { n: number }).n
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')

async function dayIs(iso: string) {
  now = new Date(iso)
  token = (await desk.call('staff.login', { login: 'admin', password: ADMIN.password })).token
  clerk = (await desk.call('staff.login', { login: 'urzednik', password: 'Haslo-urzednika-1' })).token
}

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error('expected the call to be rejected')
    },
    (e: { code: string; field?: string; message: string }) => e,
  )
}

beforeAll(async () => {
  smtp = await startSmtp()
  ;({ desk, token } = await makeBillingDesk(() => now, smtp))
  await signInNewStaff(desk, token, { login: 'urzednik', fullName: 'Joanna Kołodziej', role: 'clerk', password: 'Haslo-urzednika-1' })
  const groups = await seedTariffs(desk, token)
  const addr = (street: string, houseNo: string) => ({ street, houseNo, postalCode: '22-400', city: 'Zamość' })
  anna = await seedAccount(desk, token, groups.business, { kind: 'person', firstName: 'Anna', lastName: 'Bąk', correspondenceAddress: addr('Ogrodowa', '3') })
  seedReadings(desk, anna.meterId, [['2026-02-28', 100], ['2026-03-31', 110], ['2026-04-30', 125]])
  piotr = await seedAccount(desk, token, groups.business, { kind: 'person', firstName: 'Piotr', lastName: 'Łoś', correspondenceAddress: addr('Sadowa', '9') })
  seedReadings(desk, piotr.meterId, [['2026-02-28', 10], ['2026-03-31', 20], ['2026-04-30', 30]])
  // March billed on 2 April (due 16 April), April on 4 May (due 18 May).
  await desk.call('billing.run', { month: '2026-03' }, token)
  await dayIs('2026-05-04T08:00:00Z')
  await desk.call('billing.run', { month: '2026-04' }, token)
  const list = await desk.call('invoices.list', { customerId: anna.customerId }, token)
  invoiceNos.push(...list.map((i) => i.number).reverse())
})

afterAll(async () => {
  desk?.dispose()
  await smtp?.close()
})

describe('a payment at the counter', () => {
  it('refuses a wrong amount, naming the field, and writes nothing', async () => {
    const before = count('payments') + count('audit_log')
    expect(await rejection(desk.call('payments.record', { customerId: anna.customerId, amount: '12,345', method: 'cash' }, clerk))).toMatchObject({
      code: 'VALIDATION',
      field: 'amount',
      message: 'Kwota wpłaty: podaj kwotę w złotych, np. 123,45',
    })
    expect(await rejection(desk.call('payments.record', { customerId: anna.customerId, amount: '0,00', method: 'cash' }, clerk))).toMatchObject({ code: 'VALIDATION', field: 'amount' })
    expect(await rejection(desk.call('payments.record', { customerId: anna.customerId, amount: '10', method: 'cash', paidOn: '2026-05-05' }, clerk))).toMatchObject({ code: 'VALIDATION', field: 'paidOn' })
    expect(count('payments') + count('audit_log')).toBe(before)
  })

  it('settles the oldest invoice first, gives a KP receipt and changes the balance on the card', async () => {
    await dayIs('2026-05-10T09:00:00Z')
    const before = await desk.call('payments.settlement', { customerId: anna.customerId }, clerk)
    // March: 10 m³ → 93,80 + 7,50 = 101,30 zł; April: 15 m³ → 134,55 + 10,76 = 145,31 zł.
    expect(before.openInvoices.map((i) => [i.number, i.open, i.overdue, i.daysOverdue])).toEqual([
      [invoiceNos[0], 10_130, true, 24],
      [invoiceNos[1], 14_531, false, 0],
    ])
    expect(before).toMatchObject({ balance: -24_661, overdue: 10_130, overpayment: 0 })

    const paid = await desk.call('payments.record', { customerId: anna.customerId, amount: '120,00', method: 'cash' }, clerk)
    expect(paid.receiptNo).toBe('KP/K1/2026/000001')
    expect(paid.settlement).toMatchObject({ balance: -12_661, overdue: 0 })
    const payment = paid.settlement.payments.find((p) => p.id === paid.paymentId)!
    expect(payment).toMatchObject({ amount: 12_000, method: 'cash', reference: 'KP/K1/2026/000001', createdByName: 'Joanna Kołodziej', unallocated: 0 })
    expect(payment.allocations).toEqual([
      { invoiceId: expect.any(String), invoiceNumber: invoiceNos[0], amount: 10_130 },
      { invoiceId: expect.any(String), invoiceNumber: invoiceNos[1], amount: 1870 },
    ])
    const card = await desk.call('customers.get', { id: anna.customerId }, clerk)
    expect(card.balanceGrosze).toBe(-12_661)

    const receipt = nbsp(pdfText((await desk.call('payments.receiptPdf', { id: paid.paymentId }, clerk)).pdfBase64))
    for (const text of ['Potwierdzenie wpłaty KP nr KP/K1/2026/000001', 'Anna Bąk', '120,00 zł', 'gotówka', `${invoiceNos[0]} 101,30`, `${invoiceNos[1]} 18,70`, 'Do zapłaty 126,61 zł', 'Joanna Kołodziej']) {
      expect(receipt).toContain(text)
    }
  })

  it('a supervisor reverses a mistaken payment with a new entry; nothing is deleted', async () => {
    const { payments } = await desk.call('payments.settlement', { customerId: anna.customerId }, clerk)
    const cash = payments.find((p) => p.method === 'cash')!
    expect(await rejection(desk.call('payments.reverse', { id: cash.id, reason: 'Pomyłka klienta' }, clerk))).toMatchObject({ code: 'FORBIDDEN' })
    const after = await desk.call('payments.reverse', { id: cash.id, reason: 'Wpłata wpisana na złego klienta' }, token)
    expect(after.balance).toBe(-24_661)
    expect(after.payments.map((p) => [p.amount, p.reversesId === cash.id, p.reversedById !== null])).toEqual([
      [-12_000, true, false],
      [12_000, false, true],
    ])
    expect(await rejection(desk.call('payments.reverse', { id: cash.id, reason: 'jeszcze raz' }, token))).toMatchObject({ code: 'CONFLICT', message: 'Ta wpłata została już stornowana' })
    const reversal = after.payments.find((p) => p.reversesId)!
    expect(await rejection(desk.call('payments.reverse', { id: reversal.id, reason: 'storno storna' }, token))).toMatchObject({ code: 'CONFLICT' })
    expect(after.ledger.map((e) => [e.kind, e.debit, e.credit, e.balance])).toEqual([
      ['invoice', 10_130, 0, -10_130],
      ['invoice', 14_531, 0, -24_661],
      ['payment', 0, 12_000, -12_661],
      ['reversal', 12_000, 0, -24_661],
    ])
  })

  it('prints the statement of account: balance, what is overdue, open invoices and the history', async () => {
    await dayIs('2026-05-20T09:00:00Z')
    const pdf = await desk.call('payments.statementPdf', { customerId: anna.customerId }, clerk)
    const text = nbsp(pdfText(pdf.pdfBase64, true)).replace(/\n/g, ' ')
    for (const expected of [
      'Zestawienie rozliczeń — stan na 20.05.2026',
      'Anna Bąk (nr K1-000001)',
      'Do zapłaty 246,61 zł, w tym po terminie 246,61 zł',
      `${invoiceNos[0]} 02.04.2026 16.04.2026 101,30 101,30 34 dni`,
      `${invoiceNos[1]} 04.05.2026 18.05.2026 145,31 145,31 2 dni`,
      'Storno wpłaty — Wpłata wpisana',
      '-246,61',
    ]) {
      expect(text).toContain(expected)
    }
  })
})

const mt940 = (lines: string[], opening: string, closing: string) =>
  [':20:WYCIAG/2026/101', ':25:/PL05124013721111000011112222', ':28C:00101/001', `:60F:C260520PLN${opening}`, ...lines, `:62F:C260521PLN${closing}`, '-'].join('\r\n')

describe('bank statements', () => {
  let file: string
  beforeAll(() => {
    file = mt940(
      [
        ':61:2605210521CN246,61NTRFNONREF//PKO0000001',
        `:86:020~00PRZELEW~20Za wodę marzec-kwiecień~27Anna Bąk~31${anna.bankAccount}~38PL61109010140000071219812874`,
        ':61:2605210521CN50,00NTRFNONREF//PKO0000002',
        ':86:020~00PRZELEW~20woda~27Nieznany Nadawca~3861109010140000071219812875',
        ':61:2605210521DN12,00NTRFNONREF//PKO0000003',
        ':86:073~00PROWIZJA',
      ],
      '1000,00',
      '1284,61',
    )
  })

  it('rejects a malformed file with the line, importing nothing — not even the good lines before it', async () => {
    const before = [count('payments'), count('bank_statements'), count('bank_transactions'), count('audit_log')]
    const broken = file.replace(':61:2605210521CN50,00NTRF', ':61:2605210521CN50.00NTRF')
    const err = await rejection(desk.call('payments.importStatement', { fileName: 'wyciag.sta', contentBase64: b64(broken) }, token))
    expect(err).toMatchObject({ code: 'VALIDATION', field: 'contentBase64', message: expect.stringMatching(/^Plik wyciągu odrzucony, nic nie zapisano\. Wiersz 7: transakcja :61: w niepoprawnym formacie/) })
    const truncated = file.split('\r\n').slice(0, 8).join('\r\n')
    expect((await rejection(desk.call('payments.importStatement', { fileName: 'wyciag.sta', contentBase64: b64(truncated) }, token))).message).toContain('Wiersz 8: brak salda końcowego')
    expect([count('payments'), count('bank_statements'), count('bank_transactions'), count('audit_log')]).toEqual(before)
  })

  it('previews without writing, then imports: matched by the individual account, the rest listed', async () => {
    const before = count('payments')
    const preview = await desk.call('payments.importStatement', { fileName: 'wyciag.sta', contentBase64: b64(file), preview: true }, token)
    expect(preview).toMatchObject({ preview: true, statementId: null, matchedCount: 1, unmatchedCount: 1, ignoredCount: 1 })
    expect(count('payments')).toBe(before)

    const result = await desk.call('payments.importStatement', { fileName: 'wyciag.sta', contentBase64: b64(file) }, token)
    expect(result).toMatchObject({ format: 'mt940', transactionCount: 3, matchedCount: 1, matchedTotal: 24_661, unmatchedCount: 1, ignoredCount: 1, duplicateCount: 0 })
    expect(result.lines.map((l) => [l.lineNo, l.status, l.customerName, l.amount])).toEqual([
      [5, 'matched', 'Anna Bąk', 24_661],
      [7, 'unmatched', null, 5000],
      [9, 'ignored', null, -1200],
    ])
    const s = await desk.call('payments.settlement', { customerId: anna.customerId }, clerk)
    expect(s).toMatchObject({ balance: 0, overdue: 0, openInvoices: [] })
    expect(s.payments[0]).toMatchObject({ method: 'bank', paidOn: '2026-05-21', payerName: 'Anna Bąk', title: 'Za wodę marzec-kwiecień', reference: 'PKO0000001' })
  })

  it('never imports the same file twice, and skips a transfer already imported from an overlapping file', async () => {
    const before = count('payments')
    expect(await rejection(desk.call('payments.importStatement', { fileName: 'kopia.sta', contentBase64: b64(file) }, token))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^Ten plik wyciągu został już zaimportowany 20\.05\.2026 \(wyciag\.sta\)/),
    })
    const csv = [
      'Data księgowania;Kwota;Rachunek wirtualny;Nadawca;Tytuł;Identyfikator',
      `2026-05-21;246,61;${anna.bankAccount};Anna Bąk;Za wodę marzec-kwiecień;PKO0000001`,
      `2026-05-22;"300,00";${piotr.bankAccount};Piotr Łoś;Woda z góry;PKO0000009`,
    ].join('\n')
    const result = await desk.call('payments.importStatement', { fileName: 'historia.csv', contentBase64: b64(csv) }, token)
    expect(result.lines.map((l) => [l.status, l.customerName])).toEqual([
      ['duplicate', null],
      ['matched', 'Piotr Łoś'],
    ])
    expect(count('payments')).toBe(before + 1)
    // Piotr owed 2 invoices (March 10 m³, April 10 m³): the rest is an overpayment for the next one.
    const p = await desk.call('payments.settlement', { customerId: piotr.customerId }, clerk)
    expect(p.openInvoices).toEqual([])
    expect(p.overpayment).toBe(30_000 - 10_130 - 10_130)
    expect(p.balance).toBe(p.overpayment)
  })

  it('lets a supervisor assign an unmatched transfer to a customer, once', async () => {
    const [t] = await desk.call('payments.unmatched', {}, token)
    expect(t).toMatchObject({ amount: 5000, counterpartyName: 'Nieznany Nadawca', fileName: 'wyciag.sta', lineNo: 7, note: 'Brak indywidualnego rachunku w przelewie' })
    const s = await desk.call('payments.assignTransfer', { transferId: t.id, customerId: anna.customerId, note: 'Telefon od klientki: płaciła z konta męża' }, token)
    expect(s.balance).toBe(5000)
    expect(s.payments[0]).toMatchObject({ amount: 5000, method: 'bank', note: 'Telefon od klientki: płaciła z konta męża' })
    expect(await rejection(desk.call('payments.assignTransfer', { transferId: t.id, customerId: piotr.customerId }, token))).toMatchObject({ code: 'CONFLICT' })
    expect(await desk.call('payments.unmatched', {}, token)).toEqual([])
  })
})
