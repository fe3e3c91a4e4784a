// Consents with evidence: append-only events, the derived state and invoice delivery, scans checked
// by content, versioned texts, and every printed form read back with pdftotext and checked with qpdf.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { InputOf } from '../../shared/api/contract'
import { FORM_KINDS } from '../../shared/api/operations/consents'
import { invoiceDelivery } from '../../src-main/core/consents/delivery'
import { consentEvents } from '../../src-main/db/schema'
import { ADMIN, makeSetUpDesk, signInNewStaff, type TestDesk } from '../support/desk'
import { seedCustomer, seedTariffGroups, type SeededCustomer } from '../support/office-seed'

let desk: TestDesk
let token: string
let clock: Date
let groups: { paper: string; eInvoice: string }
let customer: SeededCustomer

beforeEach(async () => {
  clock = new Date('2026-11-25T10:00:00Z')
  const made = await makeSetUpDesk({ now: () => clock, mailSender: 'manual' })
  desk = made.desk
  token = made.token
  groups = seedTariffGroups(desk)
  customer = await seedCustomer(desk, token, groups.paper)
})
afterEach(() => desk.dispose())

const acceptance = (over: Partial<InputOf<'consents.accept'>> = {}): InputOf<'consents.accept'> => ({
  customerId: customer.customer.id,
  type: 'e_invoice',
  scope: ['invoices', 'corrections', 'duplicates'],
  textVersion: '2024.1',
  email: 'faktury.zolkiewska@example.pl',
  signedOn: '2026-11-25',
  signedTime: '10:40',
  channel: 'paper',
  signerKind: 'customer',
  ...over,
})

const MINIMAL_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9])
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])

function readPdf(base64: string, keepAs?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ibok-form-'))
  const file = join(dir, 'form.pdf')
  writeFileSync(file, Buffer.from(base64, 'base64'))
  execFileSync('qpdf', ['--check', file]) // throws on a damaged file
  if (keepAs) {
    // A picture of the first page to look at (test-results/forms/*.png).
    const out = join('test-results', 'forms')
    mkdirSync(out, { recursive: true })
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, join(out, keepAs)])
  }
  // Reading order, whitespace collapsed: a phrase wrapped over two lines still matches.
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
}

describe('giving and withdrawing', () => {
  it('e-invoice: give → delivery by e-mail; withdraw → back on paper; the history shows both with staff and time', async () => {
    const before = await desk.call('consents.overview', { customerId: customer.customer.id }, token)
    expect(before.delivery).toMatchObject({ channel: 'paper', email: null, summary: 'Faktury papierowe — brak akceptacji e-faktur' })

    const scan = await desk.call('consents.uploadScan', { customerId: customer.customer.id, fileName: 'oświadczenie-skan.pdf', contentBase64: MINIMAL_PDF.toString('base64') }, token)
    const given = await desk.call('consents.accept', acceptance({ scanId: scan.id }), token)
    expect(given.event).toMatchObject({
      documentNo: 'ZG/K1/2026/000001',
      type: 'e_invoice',
      action: 'accept',
      email: 'faktury.zolkiewska@example.pl',
      staffName: 'Anna Administratorka',
      workstation: 'Okienko 1',
      signedAt: '2026-11-25T09:40:00.000Z',
      effectiveOn: '2026-11-25',
      registeredAt: clock.toISOString(),
      scan: { id: scan.id, sha256: scan.sha256 },
      text: { textId: 'oswiadczenie-efaktura', version: '2024.1' },
      infoClause: { version: '2023.1' },
    })
    expect(given.event.text!.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(given.consents.delivery).toMatchObject({ channel: 'email', email: 'faktury.zolkiewska@example.pl' })
    expect(invoiceDelivery(desk.services.db.orm, customer.customer.id, '2026-11-25')).toMatchObject({ channel: 'email', email: 'faktury.zolkiewska@example.pl' })
    // Reminders were not in the scope: they still go on paper.
    expect((await desk.call('consents.delivery', { customerId: customer.customer.id, document: 'reminders' }, token)).channel).toBe('paper')
    // The customer may now move to the cheaper e-invoice group.
    expect(given.consents.tariffHints[0].message).toContain('można przenieść')

    clock = new Date('2026-12-03T08:30:00Z')
    token = (await desk.call('staff.login', { login: ADMIN.login, password: ADMIN.password })).token // a week later: a new sign-in
    const withdrawn = await desk.call('consents.withdraw', { customerId: customer.customer.id, type: 'e_invoice', signedOn: '2026-12-03', channel: 'paper', signerKind: 'customer' }, token)
    expect(withdrawn.consents.delivery).toMatchObject({ channel: 'paper', email: null, since: '2026-12-03' })
    expect(withdrawn.event.refersTo).toBe(given.event.id)
    expect(withdrawn.consents.history.map((e) => [e.action, e.staffName, e.registeredAt])).toEqual([
      ['withdraw', 'Anna Administratorka', '2026-12-03T08:30:00.000Z'],
      ['accept', 'Anna Administratorka', '2026-11-25T10:00:00.000Z'],
    ])
    // The past is not rewritten: on 30.11 the invoices went by e-mail.
    expect(invoiceDelivery(desk.services.db.orm, customer.customer.id, '2026-11-30').channel).toBe('email')
    expect(invoiceDelivery(desk.services.db.orm, customer.customer.id, '2026-12-03').channel).toBe('paper')

    const slip = readPdf(withdrawn.slip.pdfBase64, 'potwierdzenie-wycofania')
    expect(slip).toContain('Potwierdzenie przyjęcia oświadczenia')
    expect(slip).toContain('ZG/K1/2026/000002')
    expect(slip).toContain('Łucja Żółkiewska-Gęba')
    expect(slip).toContain('Od 03.12.2026 faktury będą przesyłane w formie papierowej na adres korespondencyjny.')
  })

  it('change of e-mail moves delivery to the new address; the covered address is not the customer e-mail field', async () => {
    await desk.call('consents.accept', acceptance(), token)
    const changed = await desk.call('consents.changeEmail', { customerId: customer.customer.id, email: 'nowy.adres@example.pl', signedOn: '2026-11-25', channel: 'paper', signerKind: 'representative', representativeName: 'Jan Żółkiewski', authorisation: 'Pełnomocnictwo z 20.11.2026' }, token)
    expect(changed.consents.delivery.email).toBe('nowy.adres@example.pl')
    expect(changed.event).toMatchObject({ signerKind: 'representative', representativeName: 'Jan Żółkiewski', authorisation: 'Pełnomocnictwo z 20.11.2026' })
    const card = await desk.call('customers.get', { id: customer.customer.id }, token)
    expect(card.customer.email).toBe('lucja.zolkiewska@example.pl')
  })

  it('refuses an acceptance without an e-mail, signed in the future, or for a text version that does not exist — writing nothing', async () => {
    const count = () => desk.services.db.orm.select().from(consentEvents).all().length
    await expect(desk.call('consents.accept', acceptance({ email: null }), token)).rejects.toMatchObject({ code: 'VALIDATION', field: 'email', message: 'E-mail do faktur: akceptacja e-faktur wymaga adresu e-mail' })
    await expect(desk.call('consents.accept', acceptance({ signedOn: '2026-11-26' }), token)).rejects.toMatchObject({ code: 'VALIDATION', field: 'signedOn', message: 'Data podpisu: 26.11.2026 jest datą przyszłą — podpis nie mógł jeszcze zostać złożony' })
    await expect(desk.call('consents.accept', acceptance({ signedTime: '11:30' }), token)).rejects.toMatchObject({ field: 'signedTime' })
    await expect(desk.call('consents.accept', acceptance({ textVersion: '2019.9' }), token)).rejects.toMatchObject({ code: 'VALIDATION', field: 'textVersion', message: 'Wersja tekstu: nie ma wersji „2019.9” (są: 2024.1)' })
    await expect(desk.call('consents.accept', acceptance({ type: 'regulamin', textVersion: '2025.1', signedOn: '2025-06-30' }), token)).rejects.toMatchObject({ field: 'textVersion', message: 'Wersja tekstu: wersja 2025.1 obowiązuje od 01.07.2025, a dokument podpisano 30.06.2025' })
    await expect(desk.call('consents.accept', acceptance({ signerKind: 'representative' }), token)).rejects.toMatchObject({ field: 'representativeName' })
    await expect(desk.call('consents.accept', acceptance({ channel: 'electronic' }), token)).rejects.toMatchObject({ field: 'ipAddress' })
    await expect(desk.call('consents.withdraw', { customerId: customer.customer.id, type: 'sms', signedOn: '2026-11-25', channel: 'paper', signerKind: 'customer' }, token)).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(count()).toBe(0)
  })

  it('annulling a mistaken entry is a new event; the mistaken one stays in the history, marked', async () => {
    const given = await desk.call('consents.accept', acceptance(), token)
    const supervisorOnly = await signInNewStaff(desk, token, { login: 'urzednik', fullName: 'Piotr Urzędnik', role: 'clerk', password: 'Haslo-urzednika-1' })
    await expect(desk.call('consents.annul', { eventId: given.event.id, reason: 'x' }, supervisorOnly.token)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    const after = await desk.call('consents.annul', { eventId: given.event.id, reason: 'Oświadczenie przypisane do złego klienta' }, token)
    expect(after.delivery.channel).toBe('paper')
    const original = after.history.find((e) => e.id === given.event.id)!
    expect(original.annulledBy).toMatchObject({ reason: 'Oświadczenie przypisane do złego klienta' })
    expect(after.history).toHaveLength(2)
  })

  it('the database itself refuses to change or delete an event', async () => {
    const given = await desk.call('consents.accept', acceptance(), token)
    const sqlite = desk.services.db.sqlite
    expect(() => sqlite.prepare(`UPDATE consent_events SET effective_on = '2020-01-01' WHERE id = ?`).run(given.event.id)).toThrow(/append-only/)
    expect(() => sqlite.prepare(`DELETE FROM consent_events WHERE id = ?`).run(given.event.id)).toThrow(/append-only/)
    // A lawful erasure of personal data stays possible.
    sqlite.prepare(`UPDATE consent_events SET email = NULL WHERE id = ?`).run(given.event.id)
  })
})

describe('scans', () => {
  it('stores a PDF or JPG under its SHA-256 and refuses anything else by its content, whatever its name', async () => {
    const pdf = await desk.call('consents.uploadScan', { customerId: customer.customer.id, fileName: 'wniosek.pdf', contentBase64: MINIMAL_PDF.toString('base64') }, token)
    expect(pdf.contentType).toBe('application/pdf')
    expect(readFileSync(join(desk.dir, 'attachments', pdf.sha256))).toEqual(MINIMAL_PDF)
    const jpg = await desk.call('consents.uploadScan', { fileName: 'zdjęcie.jpg', contentBase64: JPEG.toString('base64') }, token)
    expect(jpg.contentType).toBe('image/jpeg')
    await expect(desk.call('consents.uploadScan', { fileName: 'skan.pdf', contentBase64: PNG.toString('base64') }, token)).rejects.toMatchObject({
      field: 'contentBase64',
      message: 'Skan formularza: dozwolone są tylko pliki PDF i JPG (rozpoznane po zawartości, nie po nazwie)',
    })
    await expect(desk.call('consents.uploadScan', { fileName: 'a/../b.pdf', contentBase64: MINIMAL_PDF.toString('base64') }, token)).rejects.toMatchObject({ field: 'fileName' })
    const back = await desk.call('consents.scan', { id: pdf.id }, token)
    expect(Buffer.from(back.contentBase64, 'base64')).toEqual(MINIMAL_PDF)
    // A damaged file is reported, not served.
    writeFileSync(join(desk.dir, 'attachments', pdf.sha256), 'zmieniony')
    await expect(desk.call('consents.scan', { id: pdf.id }, token)).rejects.toMatchObject({ code: 'CONFLICT' })
  })
})

describe('versioned texts', () => {
  it('a newly published version becomes current; earlier acceptances stay tied to the text they accepted', async () => {
    const old = await desk.call('consents.accept', acceptance({ type: 'regulamin', textVersion: '2025.1', scope: undefined, email: null }), token)
    const published = await desk.call('consents.publishText', { textId: 'regulamin-ibok', version: '2026.1', title: 'Regulamin iBOK', validFrom: '2026-11-01', content: '§ 1. Nowa treść Regulaminu.\r\n§ 2. Zmiany.' }, token)
    expect(published).toMatchObject({ source: 'published', current: true })
    await expect(desk.call('consents.publishText', { textId: 'regulamin-ibok', version: '2026.1', title: 'x', validFrom: '2026-11-01', content: 'y' }, token)).rejects.toMatchObject({ code: 'CONFLICT', field: 'version' })
    const texts = await desk.call('consents.texts', {}, token)
    expect(texts.filter((t) => t.textId === 'regulamin-ibok').map((t) => [t.version, t.current])).toEqual([['2021.1', false], ['2025.1', false], ['2026.1', true]])
    const overview = await desk.call('consents.overview', { customerId: customer.customer.id }, token)
    const regulamin = overview.statuses.find((s) => s.type === 'regulamin')!
    expect(regulamin.textVersion).toBe('2025.1')
    const stored = await desk.call('consents.text', { textId: 'regulamin-ibok', version: '2025.1' }, token)
    expect(old.event.text?.sha256).toBe(stored.sha256)
    expect(stored.content).toContain('§ 1. Postanowienia ogólne')
    // Published text is hashed in its canonical form (line ends normalised).
    expect((await desk.call('consents.text', { textId: 'regulamin-ibok', version: '2026.1' }, token)).content).toBe('§ 1. Nowa treść Regulaminu.\n§ 2. Zmiany.')
  })
})

describe('printed forms and the proof export', () => {
  const expectations: Record<(typeof FORM_KINDS)[number], string[]> = {
    registration: ['WNIOSEK REJESTRACYJNY', 'do Internetowego Biura Obsługi Klienta (iBOK)', 'Numer jednej z faktur wystawionych w ostatnich 12 miesiącach', 'Zapoznałem(-am) się z Regulaminem', 'Czytelny podpis wnioskodawcy', 'WYPEŁNIA PRZEDSIĘBIORSTWO', 'Informacja o przetwarzaniu danych osobowych'],
    e_invoice: ['OŚWIADCZENIE', 'o akceptacji przesyłania faktur w formie elektronicznej', 'Adres e-mail do przesyłania faktur', 'Duplikaty faktur', 'Faktury korygujące', 'art. 106n ust. 1 ustawy z dnia 11 marca 2004 r. o podatku od towarów i usług', 'Podstawa umocowania'],
    e_invoice_withdrawal: ['OŚWIADCZENIE', 'o wycofaniu akceptacji faktur elektronicznych', 'Wycofuję akceptację przesyłania faktur w formie elektronicznej'],
    e_invoice_email_change: ['ZGŁOSZENIE', 'zmiany adresu e-mail do przesyłania faktur elektronicznych', 'NOWY adres e-mail do faktur', 'Dotychczasowy adres e-mail do faktur'],
  }
  for (const form of FORM_KINDS) {
    it(`prints the ${form} form blank and pre-filled: exact Polish text, the customer data in place, qpdf --check passes`, async () => {
      await desk.call('consents.accept', acceptance(), token)
      const blank = await desk.call('consents.form', { form }, token)
      const blankText = readPdf(blank.pdfBase64, `${form}-pusty`)
      for (const phrase of expectations[form]) expect(blankText, `${form}: ${phrase}`).toContain(phrase)
      expect(blankText).not.toContain('Żółkiewska')

      const filled = await desk.call('consents.form', { form, customerId: customer.customer.id }, token)
      expect(filled.fileName).toContain(customer.customer.customerNo)
      const text = readPdf(filled.pdfBase64, `${form}-wypelniony`)
      for (const phrase of expectations[form]) expect(text, `${form}: ${phrase}`).toContain(phrase)
      expect(text).toContain('Łucja Żółkiewska-Gęba')
      expect(text).toContain(customer.customer.customerNo)
      expect(text).toContain('Partyzantów')
      expect(text).toContain('22-400')
      if (form === 'e_invoice_withdrawal' || form === 'e_invoice_email_change') expect(text).toContain('faktury.zolkiewska@example.pl')
      if (form === 'registration') expect(text).toContain('lucja.zolkiewska@example.pl')
      expect(existsSync(join('test-results', 'forms', `${form}-wypelniony.png`))).toBe(true)
    })
  }

  it('the proof export lists every event with its text version, hash and evidence, and the texts themselves', async () => {
    const scan = await desk.call('consents.uploadScan', { customerId: customer.customer.id, fileName: 'oświadczenie.jpg', contentBase64: JPEG.toString('base64') }, token)
    const given = await desk.call('consents.accept', acceptance({ scanId: scan.id }), token)
    await desk.call('consents.accept', acceptance({ type: 'sms', textVersion: '2024.1', phone: '600 100 200', email: null, scope: undefined, channel: 'electronic', ipAddress: '192.0.2.15' }), token)
    await desk.call('consents.withdraw', { customerId: customer.customer.id, type: 'e_invoice', signedOn: '2026-11-25', channel: 'paper', signerKind: 'customer' }, token)
    const proof = await desk.call('consents.proof', { customerId: customer.customer.id }, token)
    const text = readPdf(proof.pdfBase64, 'dowod-zgod')
    expect(text).toContain('Dowód udzielenia zgód i akceptacji')
    for (const no of ['ZG/K1/2026/000001', 'ZG/K1/2026/000002', 'ZG/K1/2026/000003']) expect(text).toContain(no)
    expect(text).toContain(given.event.text!.sha256)
    expect(text).toContain(scan.sha256)
    expect(text).toContain('192.0.2.15')
    expect(text).toContain('Oświadczenie o akceptacji przesyłania faktur w formie elektronicznej')
    expect(text).toContain('Zgoda na powiadomienia SMS')
    expect(text).toContain('Anna Administratorka')
  })
})
