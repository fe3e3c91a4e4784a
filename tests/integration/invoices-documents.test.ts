// After issue: duplicates (art. 106l), corrections (art. 106j) with their PDF and FA(3) XML, the
// KSeF number, resending an e-invoice — on a real desk, PDFs read back with pdftotext, XML checked
// by xmllint, mail through a real SMTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OutputOf } from '../../shared/api/contract'
import { formatNrb } from '../../shared/validation/identifiers'
import { formatInvoiceNumber, invoiceSnapshot } from '../../shared/domain/billing'
import { makeKsefNumber } from '../../shared/domain/ksef'
import { writeInvoice } from '../../src-main/core/invoices/issue'
import { invoiceSeriesKind, takeNext } from '../../src-main/platform/numbering'
import { invoices } from '../../src-main/db/schema'
import { ADMIN, signInNewStaff, type TestDesk } from '../support/desk'
import { acceptEInvoices, makeBillingDesk, nbsp, pdfText, seedAccount, seedReadings, seedTariffs, startSmtp, xmllintFa3, type SeededAccount, type Smtp } from '../support/billing-office'

let now = new Date('2026-05-04T07:30:00Z')
let smtp: Smtp
let desk: TestDesk
let token: string
let clerk: string
let person: SeededAccount
let company: SeededAccount
let personInvoice: OutputOf<'invoices.get'>
let companyInvoice: OutputOf<'invoices.get'>
const count = (sql: string) => (desk.services.db.sqlite.prepare(sql).get() as { n: number }).n

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error('expected the call to be rejected')
    },
    (e: { code: string; field?: string; message: string }) => e,
  )
}

/** Moves the clock (e.g. to the day a duplicate is printed); idle sessions lock, so both sign in again. */
async function dayIs(iso: string) {
  now = new Date(iso)
  token = (await desk.call('staff.login', { login: 'admin', password: ADMIN.password })).token
  clerk = (await desk.call('staff.login', { login: 'urzednik', password: 'Haslo-urzednika-1' })).token
}

beforeAll(async () => {
  smtp = await startSmtp()
  ;({ desk, token } = await makeBillingDesk(() => now, smtp))
  const groups = await seedTariffs(desk, token)
  person = await seedAccount(desk, token, groups.paper, {
    kind: 'person',
    firstName: 'Zdzisław',
    lastName: 'Łagowski',
    correspondenceAddress: { street: 'Żdanowska', houseNo: '8', flatNo: '2', postalCode: '22-400', city: 'Zamość' },
  })
  seedReadings(desk, person.meterId, [['2026-02-27', 40], ['2026-04-28', 52]])
  company = await seedAccount(desk, token, groups.business, {
    kind: 'company',
    companyName: 'Hotel „Renesans” Sp. z o.o.',
    nip: '9226504837',
    correspondenceAddress: { street: 'Grecka', houseNo: '6', postalCode: '22-400', city: 'Zamość' },
  })
  await acceptEInvoices(desk, token, company.customerId, 'faktury@renesans.example.pl', '2026-02-01')
  seedReadings(desk, company.meterId, [['2026-03-31', 1000], ['2026-04-30', 1300]])
  const run = await desk.call('billing.run', { month: '2026-04' }, token)
  expect(run.issuedCount).toBe(2)
  const list = await desk.call('invoices.list', { billingRunId: run.id }, token)
  personInvoice = await desk.call('invoices.get', { id: list.find((i) => i.customerId === person.customerId)!.id }, token)
  companyInvoice = await desk.call('invoices.get', { id: list.find((i) => i.customerId === company.customerId)!.id }, token)
  await desk.services.mail.runOnce()
  clerk = (await signInNewStaff(desk, token, { login: 'urzednik', fullName: 'Joanna Kołodziej', role: 'clerk', password: 'Haslo-urzednika-1' })).token
})

afterAll(async () => {
  desk?.dispose()
  await smtp?.close()
})

describe('duplicates', () => {
  it('prints the same invoice with DUPLIKAT and the date of the duplicate, and keeps it in the invoice history', async () => {
    await dayIs('2026-06-10T09:00:00Z')
    const dup = await desk.call('invoices.duplicate', { id: personInvoice.id, reason: 'Klient zgubił fakturę' }, clerk)
    expect(dup.fileName).toBe(`Faktura_${personInvoice.number.replace(/\//g, '_')}_duplikat_2026-06-10.pdf`)
    const text = nbsp(pdfText(dup.pdfBase64, true))
    expect(text).toContain(`Faktura VAT nr ${personInvoice.number}`)
    expect(text).toContain('DUPLIKAT — wystawiony 10.06.2026')
    // Same content as the original: issued 04.05.2026, the same lines and amount.
    expect(text).toContain('Data wystawienia 04.05.2026, Zamość')
    expect(text).toContain(`Do zapłaty: ${nbsp(fmt(personInvoice.gross))}`)
    const original = nbsp(pdfText((await desk.call('invoices.pdf', { id: personInvoice.id }, token)).pdfBase64, true))
    expect(original).not.toContain('DUPLIKAT')
    expect(text.replace('DUPLIKAT — wystawiony 10.06.2026\n', '')).toBe(original)
    const view = await desk.call('invoices.get', { id: personInvoice.id }, token)
    expect(view.duplicates).toEqual([{ id: expect.any(String), issuedOn: '2026-06-10', createdByName: 'Joanna Kołodziej' }])
  })
})

describe('corrections', () => {
  const lines = (inv: OutputOf<'invoices.get'>, waterM3: number) =>
    inv.lines.map((l) => ({ name: l.name, unit: l.unit, quantity: l.unit === 'm³' ? waterM3 : l.quantity, unitNet: (l.unitNet / 100).toFixed(2).replace('.', ','), vatRate: String(l.vatBasisPoints / 100) }))

  it('records the KSeF number once, in the format KSeF gives (with its checksum), starting with the seller NIP; then the invoice is delivered', async () => {
    const bad = await rejection(desk.call('invoices.recordKsefNumber', { id: companyInvoice.id, ksefNumber: '9220003560-2026-0504' }, token))
    expect(bad).toMatchObject({ code: 'VALIDATION', field: 'ksefNumber', message: expect.stringMatching(/^Numer KSeF: w formacie NIP-RRRRMMDD/) })
    // The KSeF 1.0-era layout (6-6 hex with a dash) is not what KSeF gives now.
    expect(await rejection(desk.call('invoices.recordKsefNumber', { id: companyInvoice.id, ksefNumber: '9220003560-20260505-0A1B2C-3D4E5F-0A' }, token))).toMatchObject({ code: 'VALIDATION' })
    const otherSeller = await rejection(desk.call('invoices.recordKsefNumber', { id: companyInvoice.id, ksefNumber: '5250007313-20260505-0A1B2C3D4E5F-02' }, token))
    expect(otherSeller).toMatchObject({ code: 'VALIDATION', field: 'ksefNumber', message: 'Numer KSeF: musi zaczynać się od NIP sprzedawcy (9220003560)' })
    expect(await rejection(desk.call('invoices.recordKsefNumber', { id: personInvoice.id, ksefNumber: '9220003560-20260505-0A1B2C3D4E5F-0A' }, token))).toMatchObject({ code: 'CONFLICT' })
    const ok = await desk.call('invoices.recordKsefNumber', { id: companyInvoice.id, ksefNumber: ' 9220003560-20260505-0a1b2c3d4e5f-0a ' }, token)
    expect(ok.ksefNumber).toBe('9220003560-20260505-0A1B2C3D4E5F-0A')
    expect(await rejection(desk.call('invoices.recordKsefNumber', { id: companyInvoice.id, ksefNumber: '9220003560-20260506-0A1B2C3D4E5F-22' }, token))).toMatchObject({ code: 'CONFLICT' })
    expect(nbsp(pdfText((await desk.call('invoices.pdf', { id: companyInvoice.id }, token)).pdfBase64))).toContain('Numer KSeF 9220003560-20260505-0A1B2C3D4E5F-0A')
    // Waiting for the number it was not sent; with the number it goes to the address the acceptance covers.
    expect(ok.deliveries).toEqual([expect.objectContaining({ channel: 'email', email: 'faktury@renesans.example.pl' })])
  })

  it('is for a supervisor, and refuses lines that change nothing', async () => {
    expect(await rejection(desk.call('invoices.correct', { id: companyInvoice.id, reason: 'x', lines: lines(companyInvoice, 280) }, clerk))).toMatchObject({ code: 'FORBIDDEN' })
    expect(await rejection(desk.call('invoices.correct', { id: companyInvoice.id, reason: 'Bez zmian', lines: lines(companyInvoice, 300) }, token))).toMatchObject({
      code: 'VALIDATION',
      field: 'lines',
    })
    expect(count("SELECT count(*) n FROM invoices WHERE kind = 'correction'")).toBe(0)
  })

  it('issues FAKTURA KORYGUJĄCA with the reason, the corrected invoice and the difference, mails it, and lowers what is due', async () => {
    await dayIs('2026-06-12T08:00:00Z')
    const beforeOpen = (await desk.call('invoices.get', { id: companyInvoice.id }, token)).open
    const k = await desk.call('invoices.correct', { id: companyInvoice.id, reason: 'Błędnie odczytany stan wodomierza (1300 zamiast 1280 m³)', lines: lines(companyInvoice, 280) }, token)
    expect(k).toMatchObject({ kind: 'correction', number: 'KOR/K1/2026/000001', issueDate: '2026-06-12', correctionReason: 'Błędnie odczytany stan wodomierza (1300 zamiast 1280 m³)' })
    // 20 m³ × (3,55 + 4,60) = 163,00 net; VAT of each state: 2 457,30 → 196,58 and 2 294,30 → 183,54.
    expect(k.corrects).toMatchObject({ number: companyInvoice.number, issueDate: '2026-05-04', ksefNumber: '9220003560-20260505-0A1B2C3D4E5F-0A' })
    expect([k.net, k.vat, k.gross]).toEqual([-16_300, -1304, -17_604])
    expect(k.byRate).toEqual([{ vatBasisPoints: 800, net: -16_300, vat: -1304, gross: -17_604 }])
    expect(k.net).toBe(k.lines.reduce((s, l) => s + l.net, 0) - companyInvoice.lines.reduce((s, l) => s + l.net, 0))

    // Layout lines joined: table rows stay whole, wrapped values read on.
    const text = nbsp(pdfText((await desk.call('invoices.pdf', { id: k.id }, token)).pdfBase64, true)).replace(/\n/g, ' ')
    expect(text).not.toContain('Termin płatności')
    for (const expected of [
      'FAKTURA KORYGUJĄCA nr KOR/K1/2026/000001',
      'Data wystawienia 12.06.2026, Zamość',
      `Faktura korygowana nr ${companyInvoice.number} z dnia 04.05.2026, numer KSeF 9220003560-20260505-0A1B2C3D4E5F-0A`,
      'Przyczyna korekty Błędnie odczytany stan wodomierza (1300 zamiast 1280 m³)',
      'Przed korektą',
      '1 Dostawa wody m³ 300 3,55 1 065,00 8%',
      'Po korekcie',
      '1 Dostawa wody m³ 280 3,55 994,00 8%',
      '8% -163,00 -13,04 -176,04',
      'Do zwrotu albo zaliczenia na poczet kolejnych faktur: 176,04 zł',
      'Hotel „Renesans” Sp. z o.o.',
      'NIP 9226504837',
    ]) {
      expect(text).toContain(expected)
    }

    const { xml } = await desk.call('invoices.ksefXml', { id: k.id }, token)
    expect(xmllintFa3(xml)).toMatchObject({ ok: true, output: expect.stringContaining('validates') })
    for (const part of [
      '<RodzajFaktury>KOR</RodzajFaktury>',
      '<PrzyczynaKorekty>Błędnie odczytany stan wodomierza (1300 zamiast 1280 m³)</PrzyczynaKorekty>',
      `<NrFaKorygowanej>${companyInvoice.number}</NrFaKorygowanej>`,
      '<NrKSeFFaKorygowanej>9220003560-20260505-0A1B2C3D4E5F-0A</NrKSeFFaKorygowanej>',
      '<P_13_2>-163.00</P_13_2>',
      '<P_14_2>-13.04</P_14_2>',
      '<P_15>-176.04</P_15>',
      '<StanPrzed>1</StanPrzed>',
    ]) {
      expect(xml).toContain(part)
    }

    // The acceptance covers corrections: once KSeF has numbered it, it goes by e-mail, with the correction attached.
    expect(k.deliveries).toEqual([])
    await desk.call('invoices.recordKsefNumber', { id: k.id, ksefNumber: makeKsefNumber('9220003560', '2026-06-12', '0A1B2C3D4E61') }, token)
    await desk.services.mail.runOnce()
    const mail = smtp.inbox.find((m) => m.subject?.startsWith('Faktura korygująca KOR/K1/2026/000001'))
    expect(mail?.attachments[0].filename).toBe('Korekta_KOR_K1_2026_000001.pdf')
    expect(nbsp(pdfText(new Uint8Array(mail!.attachments[0].content)))).toContain('FAKTURA KORYGUJĄCA nr KOR/K1/2026/000001')

    const after = await desk.call('invoices.get', { id: companyInvoice.id }, token)
    expect(after.corrections).toEqual([{ id: k.id, number: 'KOR/K1/2026/000001', issueDate: '2026-06-12', gross: -17_604 }])
    expect(after.open).toBe(beforeOpen - 17_604)
    // The corrected invoice itself is unchanged.
    expect(after.lines).toEqual(companyInvoice.lines)
    // The customer's invoice list marks it as corrected, and only it.
    const listed = await desk.call('invoices.list', { customerId: after.customerId, limit: 50 }, token)
    expect(listed.filter((i) => i.corrected).map((i) => i.id)).toEqual([companyInvoice.id])
  })

  it('corrects a corrected invoice only through its last correction; a paper customer’s correction goes to print, without FA(3)', async () => {
    const k = await desk.call('invoices.correct', { id: personInvoice.id, reason: 'Zła stawka abonamentu', lines: lines(personInvoice, 12).map((l, i) => (i === 2 ? { ...l, unitNet: '11,90' } : l)) }, token)
    expect(k.number).toBe('KOR/K1/2026/000002')
    expect(await rejection(desk.call('invoices.correct', { id: personInvoice.id, reason: 'Jeszcze raz', lines: lines(personInvoice, 11) }, token))).toMatchObject({
      code: 'CONFLICT',
      message: `Faktura ${personInvoice.number} ma już korektę KOR/K1/2026/000002 — skoryguj ostatnią korektę`,
    })
    const second = await desk.call('invoices.correct', { id: k.id, reason: 'Korekta korekty: zużycie 11 m³', lines: lines(k, 11) }, token)
    expect(second.corrects?.number).toBe('KOR/K1/2026/000002')
    expect(count("SELECT count(*) n FROM invoices WHERE kind = 'correction'")).toBe(3)
    // A paper customer: corrections go into a print batch.
    expect(second.deliveries).toEqual([expect.objectContaining({ channel: 'paper', state: 'to_print' })])
    // Consumers have no FA(3) file.
    expect(await rejection(desk.call('invoices.ksefXml', { id: k.id }, token))).toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('resending', () => {
  it('sends an e-invoice again to the address the acceptance covers; a paper customer gets a duplicate instead', async () => {
    const sentBefore = smtp.inbox.length
    const view = await desk.call('invoices.resend', { id: companyInvoice.id }, clerk)
    expect(view.deliveries.map((d) => [d.channel, d.email])).toEqual([
      ['email', 'faktury@renesans.example.pl'],
      ['email', 'faktury@renesans.example.pl'],
    ])
    await desk.services.mail.runOnce()
    expect(smtp.inbox.length).toBe(sentBefore + 1)
    const pdf = smtp.inbox.at(-1)!.attachments[0]
    expect(nbsp(pdfText(new Uint8Array(pdf.content)))).toContain(formatNrb(company.bankAccount))
    const paper = await rejection(desk.call('invoices.resend', { id: personInvoice.id }, clerk))
    expect(paper).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('wydrukuj duplikat') })
  })
})

describe('recovery', () => {
  it('delivers invoices a stopped desk issued but never sent, and only those', async () => {
    // As if the desk stopped between issuing and delivering: an issued invoice with no delivery.
    const adminId = (desk.services.db.sqlite.prepare("SELECT id FROM staff WHERE login = 'admin'").get() as { id: string }).id
    const office = desk.services.office()!
    const id = desk.services.db.write({ staffId: adminId, stationCode: 'K1', operation: 'test.crash' }, (tx) =>
      writeInvoice(tx, {
        kind: 'invoice',
        series: 'FW',
        stationCode: 'K1',
        number: formatInvoiceNumber('FW', 'K1', 2026, takeNext(tx, invoiceSeriesKind('FW'), 'K1', '2026')),
        customerId: company.customerId,
        contractId: company.contractId,
        contractNo: companyInvoice.contractNo,
        issueDate: '2026-06-12',
        periodFrom: '2026-05-01',
        periodTo: '2026-05-31',
        dueDate: '2026-06-26',
        snapshot: invoiceSnapshot(office, { ...companyInvoice.buyer, firstName: null, lastName: null, companyName: companyInvoice.buyer.name, bankAccount: company.bankAccount }, companyInvoice.supplyPoint, companyInvoice.tariffGroupName),
        lines: [{ name: 'Opłata abonamentowa (maj 2026)', unit: 'okres', quantity: 1, unitNet: 1230, vatBasisPoints: 800, tariffPriceId: null }],
        amounts: { net: 1230, vat: 98, gross: 1328, byRate: [{ vatBasisPoints: 800, net: 1230, vat: 98, gross: 1328 }] },
        readings: [],
        createdBy: adminId,
      }),
    )
    // Its KSeF number was recorded (say, by another desk) before this desk delivered it.
    desk.services.db.write({ staffId: adminId, stationCode: 'K1', operation: 'test.crash' }, (tx) => tx.update(invoices, id, { ksefNumber: makeKsefNumber('9220003560', '2026-06-12', '0A1B2C3D4E60') }))
    // Corrections of B2B invoices issued above still wait for their own KSeF numbers: not delivered, and rightly so.
    const undelivered = await desk.call('invoices.list', { delivery: 'none', limit: 50 }, token)
    expect(undelivered.filter((i) => i.ksef !== 'xml').map((i) => i.id)).toEqual([id])
    expect(await desk.call('invoices.deliverPending', {}, token)).toEqual({ emailed: 1, paper: 0, printBatchId: null, awaitingKsef: 0 })
    expect(await desk.call('invoices.deliverPending', {}, token)).toEqual({ emailed: 0, paper: 0, printBatchId: null, awaitingKsef: 0 })
    expect((await desk.call('invoices.get', { id }, token)).deliveries).toEqual([expect.objectContaining({ channel: 'email', email: 'faktury@renesans.example.pl', state: 'queued' })])
  })
})

function fmt(grosze: number): string {
  return new Intl.NumberFormat('pl-PL', { style: 'currency', currency: 'PLN', useGrouping: 'always' }).format(grosze / 100)
}
