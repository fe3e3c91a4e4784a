// The KSeF workflow of invoices to buyers with a NIP, on a real desk: issued with the FA(3) file
// (XML ready) → the KSeF number recorded → delivered with the verification QR code (KOD I) and the
// number under it. Before the number nothing reaches the buyer (no print batch, no e-mail), the
// preview says OFFLINE under the code, and corrections are refused (their FA(3) must name the
// corrected invoice's KSeF number). PDFs read back with pdftotext and qpdf; the QR code is read
// back from the page's vector drawing and compared with the code of the expected link.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import QRCode from 'qrcode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OutputOf } from '../../shared/api/contract'
import { makeKsefNumber } from '../../shared/domain/ksef'
import { fa3Sha256Base64 } from '../../src-main/documents/ksef-qr'
import { ADMIN, type TestDesk } from '../support/desk'
import { acceptEInvoices, makeBillingDesk, nbsp, pdfText, qpdfCheck, seedAccount, seedReadings, seedTariffs, startSmtp, xmllintFa3, type SeededAccount, type Smtp } from '../support/billing-office'

let now = new Date('2026-05-04T07:30:00Z')
let smtp: Smtp
let desk: TestDesk
let token: string
let hotel: SeededAccount
let run: OutputOf<'billing.run'>
const inv = {} as Record<'hotel' | 'coop' | 'person', OutputOf<'invoices.get'>>
const SELLER = '9220003560'
const count = (sql: string, ...args: unknown[]) => (desk.services.db.sqlite.prepare(sql).get(...args) as { n: number }).n

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error('expected the call to be rejected')
    },
    (e: { code: string; field?: string; message: string }) => e,
  )
}

/** After moving the clock idle sessions lock: sign in again. */
const login = async () => (token = (await desk.call('staff.login', { login: 'admin', password: ADMIN.password })).token)
const HOTEL_KSEF = makeKsefNumber(SELLER, '2026-05-04', '0100001AF629')

/**
 * The QR code as drawn on the first page with a code: the filled rectangles of one height (the
 * module) put back on the module grid. Read from qpdf's uncompressed form of the file.
 */
function drawnQr(pdfBase64: string): boolean[][] {
  const dir = mkdtempSync(join(tmpdir(), 'ibok-qr-'))
  try {
    writeFileSync(join(dir, 'in.pdf'), Buffer.from(pdfBase64, 'base64'))
    execFileSync('qpdf', ['--qdf', '--object-streams=disable', join(dir, 'in.pdf'), join(dir, 'out.pdf')])
    const text = readFileSync(join(dir, 'out.pdf'), 'latin1')
    const rects = [...text.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re\b/g)].map((m) => m.slice(1, 5).map(Number))
    const heights = new Map<number, number>()
    for (const r of rects) heights.set(r[3], (heights.get(r[3]) ?? 0) + 1)
    const module = [...heights].sort((a, b) => b[1] - a[1])[0][0]
    const qr = rects.filter((r) => r[3] === module)
    const x0 = Math.min(...qr.map((r) => r[0]))
    const top = Math.max(...qr.map((r) => r[1] + r[3]))
    const size = Math.round((Math.max(...qr.map((r) => r[0] + r[2])) - x0) / module)
    const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false))
    for (const [x, y, w] of qr) {
      const row = Math.round((top - (y + module)) / module)
      const col = Math.round((x - x0) / module)
      for (let k = 0; k < Math.round(w / module); k++) grid[row][col + k] = true
    }
    return grid
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const expectedQr = (url: string): boolean[][] => {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' })
  return Array.from({ length: modules.size }, (_, r) => Array.from({ length: modules.size }, (_, c) => Boolean(modules.get(r, c))))
}

beforeAll(async () => {
  smtp = await startSmtp()
  ;({ desk, token } = await makeBillingDesk(() => now, smtp))
  const groups = await seedTariffs(desk, token)
  const addr = (street: string, houseNo: string) => ({ street, houseNo, flatNo: null, postalCode: '22-400', city: 'Zamość' })
  hotel = await seedAccount(desk, token, groups.business, { kind: 'company', companyName: 'Hotel „Renesans” Sp. z o.o.', nip: '9226504837', correspondenceAddress: addr('Grecka', '6') })
  await acceptEInvoices(desk, token, hotel.customerId, 'faktury@renesans.example.pl', '2026-02-01')
  seedReadings(desk, hotel.meterId, [['2026-03-31', 1000], ['2026-04-30', 1300]])
  const coop = await seedAccount(desk, token, groups.business, { kind: 'company', companyName: 'Spółdzielnia Mieszkaniowa „Zamojska”', nip: '922-650-48-37', correspondenceAddress: addr('Hrubieszowska', '45') })
  seedReadings(desk, coop.meterId, [['2026-03-31', 5000], ['2026-04-30', 5120]])
  const person = await seedAccount(desk, token, groups.business, { kind: 'person', firstName: 'Ewa', lastName: 'Ćwik', correspondenceAddress: addr('Okrzei', '2') })
  seedReadings(desk, person.meterId, [['2026-03-31', 300], ['2026-04-30', 310]])

  // A company whose stored NIP the FA(3) schema refuses (damaged by hand or by an old import): no file is made.
  const legacy = await seedAccount(desk, token, groups.business, { kind: 'company', companyName: 'Piekarnia „Pod Ratuszem” s.c.', nip: '7671325342', correspondenceAddress: addr('Rynek Wielki', '3') })
  seedReadings(desk, legacy.meterId, [['2026-03-31', 100], ['2026-04-30', 120]])
  desk.services.db.sqlite.prepare("UPDATE customers SET nip = '0123456789' WHERE id = ?").run(legacy.customerId)

  run = await desk.call('billing.run', { month: '2026-04' }, token)
  const list = await desk.call('invoices.list', { billingRunId: run.id }, token)
  for (const [key, account] of [['hotel', hotel], ['coop', coop], ['person', person]] as const) {
    inv[key] = await desk.call('invoices.get', { id: list.find((i) => i.customerId === account.customerId)!.id }, token)
  }
})

afterAll(async () => {
  desk?.dispose()
  await smtp?.close()
})

describe('at issue', () => {
  it('B2B invoices get their FA(3) file and wait for the KSeF number: not in the print batch, not e-mailed; the consumer’s goes to print', async () => {
    expect(run.report).toMatchObject({ ksef: 2, awaitingKsef: 2, paper: 1, emailed: 0 })
    // No FA(3) file the schema would refuse is made: that bill is skipped with the reason, the run goes on.
    expect(run.report!.skipped).toEqual([
      expect.objectContaining({
        customerName: 'Piekarnia „Pod Ratuszem” s.c.',
        reason: 'Faktura dla KSeF niemożliwa — popraw dane klienta: NIP „0123456789” — niezgodny format; plik FA(3) nie byłby zgodny ze schematem',
      }),
    ])
    expect(count("SELECT count(*) n FROM invoices WHERE json_extract(buyer, '$.nip') = '0123456789'")).toBe(0)
    expect(inv.hotel).toMatchObject({ hasKsefXml: true, ksefNumber: null, ksefState: 'xml', deliveries: [] })
    expect(inv.coop).toMatchObject({ hasKsefXml: true, ksefState: 'xml', deliveries: [] })
    expect(inv.person).toMatchObject({ hasKsefXml: false, ksefState: 'none', ksefQr: null, deliveries: [expect.objectContaining({ channel: 'paper' })] })
    const batch = await desk.call('invoices.printBatchPdf', { id: run.printBatchId! }, token)
    expect(batch.pages).toBe(1)
    expect(count("SELECT count(*) n FROM mails WHERE kind = 'invoice'")).toBe(0)
    // What a clerk sees: the list says where each stands, and a filter finds the waiting ones.
    const listed = await desk.call('invoices.list', { billingRunId: run.id }, token)
    expect(Object.fromEntries(listed.map((i) => [i.buyerName, i.ksef]))).toEqual({
      'Hotel „Renesans” Sp. z o.o.': 'xml',
      'Spółdzielnia Mieszkaniowa „Zamojska”': 'xml',
      'Ewa Ćwik': 'none',
    })
    expect((await desk.call('invoices.list', { ksef: 'xml' }, token)).map((i) => i.id).sort()).toEqual([inv.hotel.id, inv.coop.id].sort())
    // Nothing to deliver: recovery does not hand them over either.
    expect(await desk.call('invoices.deliverPending', {}, token)).toEqual({ emailed: 0, paper: 0, printBatchId: null, awaitingKsef: 0 })
    expect(await rejection(desk.call('invoices.resend', { id: inv.hotel.id }, token))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('czeka na numer KSeF') })
  })

  it('the preview carries the verification code of the stored file and OFFLINE under it', async () => {
    const { xml } = await desk.call('invoices.ksefXml', { id: inv.hotel.id }, token)
    expect(xmllintFa3(xml)).toMatchObject({ ok: true })
    // The cooperative's NIP was typed with dashes: its file carries the canonical form, and validates.
    const coopXml = (await desk.call('invoices.ksefXml', { id: inv.coop.id }, token)).xml
    expect(xmllintFa3(coopXml)).toMatchObject({ ok: true })
    expect(coopXml).toContain('<NIP>9226504837</NIP>')
    const hash = fa3Sha256Base64(xml).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
    expect(inv.hotel.ksefQr).toBe(`https://qr.ksef.mf.gov.pl/invoice/${SELLER}/04-05-2026/${hash}`)
    const pdf = await desk.call('invoices.pdf', { id: inv.hotel.id }, token)
    qpdfCheck(pdf.pdfBase64)
    const text = nbsp(pdfText(pdf.pdfBase64))
    // The marking under the code stands on its own line.
    expect(pdfText(pdf.pdfBase64, true).split('\n')).toContain('OFFLINE')
    expect(text).toContain('Kod weryfikujący KSeF (KOD I)')
    expect(drawnQr(pdf.pdfBase64)).toEqual(expectedQr(inv.hotel.ksefQr!))
    // A consumer's invoice is outside KSeF: no code.
    expect(nbsp(pdfText((await desk.call('invoices.pdf', { id: inv.person.id }, token)).pdfBase64))).not.toContain('KSeF')
  })

  it('a correction is refused until the corrected invoice has its KSeF number — never NrKSeFN', async () => {
    const lines = inv.hotel.lines.map((l) => ({ name: l.name, unit: l.unit, quantity: l.unit === 'm³' ? 280 : l.quantity, unitNet: (l.unitNet / 100).toFixed(2).replace('.', ','), vatRate: '8' }))
    const refused = await rejection(desk.call('invoices.correct', { id: inv.hotel.id, reason: 'Błędny odczyt', lines }, token))
    expect(refused).toMatchObject({ code: 'CONFLICT', field: 'id', message: `Faktura ${inv.hotel.number} czeka na numer KSeF — korekta musi wskazać numer KSeF faktury korygowanej. Wpisz najpierw numer KSeF tej faktury, potem wystaw korektę` })
    expect(count("SELECT count(*) n FROM invoices WHERE kind = 'correction'")).toBe(0)
  })
})

describe('recording the KSeF number', () => {
  it('checks the checksum, the seller, the date and that no other invoice has it', async () => {
    const call = (ksefNumber: string, id = inv.hotel.id) => rejection(desk.call('invoices.recordKsefNumber', { id, ksefNumber }, token))
    const good = makeKsefNumber(SELLER, '2026-05-04', '0100001AF629')
    expect(await call(`${good.slice(0, 33)}${good.endsWith('00') ? '01' : '00'}`)).toMatchObject({ code: 'VALIDATION', field: 'ksefNumber', message: expect.stringContaining('suma kontrolna') })
    expect(await call(makeKsefNumber('5265877635', '2026-05-04', '0100001AF629'))).toMatchObject({ code: 'VALIDATION', message: `Numer KSeF: musi zaczynać się od NIP sprzedawcy (${SELLER})` })
    expect(await call(makeKsefNumber(SELLER, '2026-05-03', '0100001AF629'))).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('wcześniejsza niż data wystawienia faktury (04.05.2026)') })
    expect(await call(makeKsefNumber(SELLER, '2026-05-05', '0100001AF629'))).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('jest datą przyszłą') })
    expect(await call(good, inv.person.id)).toMatchObject({ code: 'CONFLICT' })
    expect(count('SELECT count(*) n FROM invoices WHERE ksef_number IS NOT NULL')).toBe(0)
  })

  it('then delivers: the e-invoice customer gets the PDF with the QR code and the number under it; the paper one goes to a print batch', async () => {
    const hotelNo = HOTEL_KSEF
    const view = await desk.call('invoices.recordKsefNumber', { id: inv.hotel.id, ksefNumber: hotelNo.toLowerCase() }, token)
    expect(view).toMatchObject({ ksefNumber: hotelNo, ksefState: 'delivered', deliveries: [expect.objectContaining({ channel: 'email', email: 'faktury@renesans.example.pl' })] })
    expect(await rejection(desk.call('invoices.recordKsefNumber', { id: inv.coop.id, ksefNumber: hotelNo }, token))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(inv.hotel.number) })
    await desk.services.mail.runOnce()
    const mail = smtp.inbox.find((m) => m.subject?.startsWith(`Faktura ${inv.hotel.number}`))!
    const attached = Buffer.from(mail.attachments[0].content).toString('base64')
    const text = nbsp(pdfText(attached))
    expect(text).toContain(hotelNo)
    expect(text).not.toContain('OFFLINE')
    expect(drawnQr(attached)).toEqual(expectedQr(view.ksefQr!))

    const coopView = await desk.call('invoices.recordKsefNumber', { id: inv.coop.id, ksefNumber: makeKsefNumber(SELLER, '2026-05-04', '0100001AF62A') }, token)
    expect(coopView.deliveries).toEqual([expect.objectContaining({ channel: 'paper', state: 'to_print' })])
    expect(coopView.ksefState).toBe('delivered')
    const { batchId } = desk.services.db.sqlite.prepare('SELECT print_batch_id batchId FROM invoice_deliveries WHERE invoice_id = ?').get(inv.coop.id) as { batchId: string }
    expect(batchId).not.toBe(run.printBatchId)
    const batch = await desk.call('invoices.printBatchPdf', { id: batchId }, token)
    expect(nbsp(pdfText(batch.pdfBase64))).toContain(coopView.ksefNumber!)
    expect((await desk.call('invoices.list', { ksef: 'xml' }, token)).length).toBe(0)
  })
})

describe('corrections with the number', () => {
  const linesOf = (v: OutputOf<'invoices.get'>, m3: number) => v.lines.map((l) => ({ name: l.name, unit: l.unit, quantity: l.unit === 'm³' ? m3 : l.quantity, unitNet: (l.unitNet / 100).toFixed(2).replace('.', ','), vatRate: '8' }))

  it('reference the real KSeF number; a correction of a correction waits for the correction’s own number, then references it', async () => {
    now = new Date('2026-06-12T08:00:00Z')
    await login()
    const k = await desk.call('invoices.correct', { id: inv.hotel.id, reason: 'Błędnie odczytany stan (1300 zamiast 1280 m³)', lines: linesOf(inv.hotel, 280) }, token)
    const { xml } = await desk.call('invoices.ksefXml', { id: k.id }, token)
    expect(xmllintFa3(xml)).toMatchObject({ ok: true })
    expect(xml).toContain(`<NrKSeF>1</NrKSeF>`)
    expect(xml).toContain(`<NrKSeFFaKorygowanej>${HOTEL_KSEF}</NrKSeFFaKorygowanej>`)
    expect(xml).not.toContain('NrKSeFN')
    // The correction is a B2B invoice too: it waits for its own number before it is sent.
    expect(k).toMatchObject({ ksefState: 'xml', deliveries: [] })

    const again = await rejection(desk.call('invoices.correct', { id: k.id, reason: 'Korekta korekty', lines: linesOf(k, 270) }, token))
    expect(again).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(`Faktura ${k.number} czeka na numer KSeF`) })

    const kNo = makeKsefNumber(SELLER, '2026-06-12', '0100001B0001')
    await desk.call('invoices.recordKsefNumber', { id: k.id, ksefNumber: kNo }, token)
    const kk = await desk.call('invoices.correct', { id: k.id, reason: 'Korekta korekty: 270 m³', lines: linesOf(k, 270) }, token)
    const second = (await desk.call('invoices.ksefXml', { id: kk.id }, token)).xml
    expect(xmllintFa3(second)).toMatchObject({ ok: true })
    expect(second).toContain(`<NrFaKorygowanej>${k.number}</NrFaKorygowanej>`)
    expect(second).toContain(`<NrKSeFFaKorygowanej>${kNo}</NrKSeFFaKorygowanej>`)
    const kkPdf = nbsp(pdfText((await desk.call('invoices.pdf', { id: kk.id }, token)).pdfBase64))
    expect(kkPdf).toContain(`numer KSeF ${kNo}`)
    expect(kkPdf).toContain('OFFLINE')
  })
})
