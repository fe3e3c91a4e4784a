// iBOK registration from the paper Wniosek: verification with reasons, account creation with
// credentials by e-mail (through a real SMTP server on loopback) or by letter (PDF read back
// with pdftotext), reset, lock, activation, rejection — on a real SQLite file.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { InputOf } from '../../shared/api/contract'
import { isInitialPassword } from '../../shared/domain/portal'
import { portalAccounts } from '../../src-main/db/schema'
import { verifyPassword } from '../../src-main/core/staff/passwords'
import { ADMIN, makeSetUpDesk, type TestDesk } from '../support/desk'
import { addInvoice, seedCustomer, seedTariffGroups, type SeededCustomer } from '../support/office-seed'
import { loopbackSettings, startSmtp, type TestSmtp } from '../support/smtp'

let desk: TestDesk
let token: string
let clock: Date
let smtp: TestSmtp | null = null
let groups: { paper: string; eInvoice: string }
let kowalska: SeededCustomer

const PORTAL = 'https://ibok.pgk.zamosc.pl'
/** Informal address ("ty") that has no place next to "Szanowni Państwo". */
const INFORMAL = /(?<!\p{L})(Wejdź|wejdź|zaloguj się|ustal|ustalisz|poproś|Nie przekazuj|Twoj\p{L}*|Dzień dobry)(?!\p{L})/u

beforeEach(async () => {
  clock = new Date('2026-11-25T10:00:00Z')
  const made = await makeSetUpDesk({ now: () => clock, mailSender: 'manual' })
  desk = made.desk
  token = made.token
  groups = seedTariffGroups(desk)
  kowalska = await seedCustomer(desk, token, groups.paper)
  await desk.call('registration.updateSettings', { portalUrl: PORTAL }, token)
})
afterEach(async () => {
  await smtp?.close()
  smtp = null
  desk.dispose()
})

const wniosek = (over: Partial<InputOf<'registration.submit'>> = {}): InputOf<'registration.submit'> => ({
  customerNo: kowalska.customer.customerNo.toLowerCase(),
  applicantName: 'Łucja Żółkiewska-Gęba',
  supplyAddress: kowalska.supplyAddress,
  correspondenceAddress: null,
  email: 'lucja.zolkiewska@example.pl',
  phone: '600 100 200',
  invoiceNo: kowalska.invoiceNo,
  acceptRegulamin: true,
  regulaminVersion: '2025.1',
  acceptEInvoice: false,
  acceptSms: false,
  signedOn: '2026-11-24',
  ...over,
})

const pdfText = (base64: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'ibok-pdf-'))
  const file = join(dir, 'doc.pdf')
  writeFileSync(file, Buffer.from(base64, 'base64'))
  execFileSync('qpdf', ['--check', file])
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
}

/** Every value stored anywhere in the database (all tables), to prove a secret is not there. */
function everythingStored(): string {
  const sqlite = desk.services.db.sqlite
  const tables = (sqlite.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name)
  return tables.map((t) => JSON.stringify(sqlite.prepare(`SELECT * FROM "${t}"`).all())).join('\n')
}

const countOf = (text: string, part: string) => text.split(part).length - 1

describe('verification', () => {
  it('names the field and the reason for a wrong invoice number, and verifies once it is fixed', async () => {
    const first = await desk.call('registration.submit', wniosek({ invoiceNo: 'FW/K1/2026/999999' }), token)
    expect(first.state).toBe('received')
    expect(first.applicationNo).toBe('WR/K1/2026/000001')
    expect(first.problems).toEqual([{ field: 'invoiceNo', message: 'Nr faktury: nie ma faktury o numerze FW/K1/2026/999999 — sprawdź numer w nagłówku faktury' }])
    const list = await desk.call('registration.list', {}, token)
    expect(list.counts).toMatchObject({ received: 1, verified: 0 })
    expect(list.items[0].problem).toContain('Nr faktury')

    const fixed = await desk.call('registration.update', { id: first.id, data: wniosek() }, token)
    expect(fixed).toMatchObject({ state: 'verified', problems: [], customer: { id: kowalska.customer.id } })
    expect(fixed.data.customerNo).toBe(kowalska.customer.customerNo)
    expect(fixed.verifiedByName).toBe('Anna Administratorka')
  })

  it('refuses an invoice of another customer, one older than 12 months, an unknown customer number, no active contract, and an unticked Regulamin — each with its reason', async () => {
    const other = await seedCustomer(desk, token, groups.paper, { firstName: 'Jan', lastName: 'Nowak', email: 'jan.nowak@example.pl' })
    const problemsOf = async (over: Partial<InputOf<'registration.submit'>>) => (await desk.call('registration.submit', wniosek(over), token)).problems

    expect(await problemsOf({ invoiceNo: other.invoiceNo })).toEqual([
      { field: 'invoiceNo', message: `Nr faktury: faktura ${other.invoiceNo} nie została wystawiona klientowi nr ${kowalska.customer.customerNo} — numer klienta i numer faktury muszą pochodzić z faktur tego samego klienta` },
    ])
    const old = addInvoice(desk, kowalska.customer, kowalska.contractId, '2025-10-01')
    expect((await problemsOf({ invoiceNo: old }))[0].message).toBe(`Nr faktury: faktura ${old} z 01.10.2025 jest starsza niż 12 miesięcy — poproś o numer jednej z ostatnich faktur`)
    expect(await problemsOf({ customerNo: 'K1-999999' })).toEqual([{ field: 'customerNo', message: 'Nr klienta: nie ma klienta o numerze K1-999999 — sprawdź numer na fakturze' }])
    expect((await problemsOf({ acceptRegulamin: false }))[0]).toMatchObject({ field: 'acceptRegulamin' })
    expect((await problemsOf({ acceptEInvoice: true, email: null }))[0]).toEqual({ field: 'email', message: 'E-mail: zgoda na fakturę elektroniczną wymaga adresu e-mail' })

    await desk.call('contracts.end', { id: other.contractId, endDate: '2026-06-30' }, token)
    const ended = await problemsOf({ customerNo: other.customer.customerNo, invoiceNo: other.invoiceNo, applicantName: 'Jan Nowak' })
    expect(ended).toEqual([{ field: null, message: `Klient nr ${other.customer.customerNo} nie ma czynnej umowy — konto iBOK zakłada się tylko odbiorcom z czynną umową` }])
  })

  it('warns without blocking when the name or the supply address differ from the register', async () => {
    const app = await desk.call('registration.submit', wniosek({ applicantName: 'Łucja Kowalska', supplyAddress: { ...kowalska.supplyAddress, houseNo: '14' } }), token)
    expect(app.state).toBe('verified')
    expect(app.warnings).toHaveLength(2)
    expect(app.warnings[0]).toContain('Adres punktu poboru we wniosku (ul. Partyzantów 14/3, 22-400 Zamość) różni się od adresu w umowie')
    expect(app.warnings[1]).toContain('Wnioskodawca „Łucja Kowalska” — w danych klienta: „Łucja Żółkiewska-Gęba”')
  })

  it('refuses typing errors outright: a Regulamin version that does not exist, a date in the future, a bad postal code', async () => {
    await expect(desk.call('registration.submit', wniosek({ regulaminVersion: '2030.1' }), token)).rejects.toMatchObject({ code: 'VALIDATION', field: 'regulaminVersion', message: 'Wersja Regulaminu: nie ma wersji „2030.1” (są: 2021.1, 2025.1)' })
    await expect(desk.call('registration.submit', wniosek({ signedOn: '2026-11-26' }), token)).rejects.toMatchObject({ field: 'signedOn', message: 'Data wniosku: 26.11.2026 jest datą przyszłą' })
    await expect(desk.call('registration.submit', wniosek({ supplyAddress: { ...kowalska.supplyAddress, postalCode: '22400' } }), token)).rejects.toMatchObject({ field: 'supplyAddress.postalCode' })
    expect((await desk.call('registration.list', {}, token)).total).toBe(0)
  })
})

describe('account and credentials', () => {
  it('creates the account and sends the credentials e-mail: right recipient, Polish subject, login, the password exactly once — and the password is stored nowhere', async () => {
    smtp = await startSmtp()
    await desk.call('mail.updateSettings', loopbackSettings(smtp.port), token)
    const app = await desk.call('registration.submit', wniosek({ acceptEInvoice: true }), token)
    const issued = await desk.call('registration.createAccount', { id: app.id, delivery: 'email' }, token)
    expect(issued.letter).toBeNull()
    expect(issued.account).toMatchObject({ login: kowalska.customer.customerNo, state: 'pending', stateLabel: 'dane logowania czekają na wysłanie e-mailem' })
    expect(issued.mail?.textBody).toContain('Hasło jednorazowe: ••••••••••••')
    expect(issued.application?.state).toBe('account_created')

    await desk.services.mail.runOnce()
    expect(smtp.received).toHaveLength(1)
    const got = smtp.received[0]
    expect(got.to).toEqual(['lucja.zolkiewska@example.pl'])
    expect(got.subject).toBe('Założenie konta w iBOK — dane logowania')
    expect(got.text).toContain(`Login: ${kowalska.customer.customerNo}`)
    expect(got.text).toContain(`Adres iBOK: ${PORTAL}`)
    // Formal Polish throughout, as "Szanowni Państwo" promises: "prosimy ustalić", never "ustalisz" or "poproś".
    for (const body of [got.text, got.html]) {
      expect(body).toContain('Szanowni Państwo,')
      expect(body).toContain('prosimy ustalić własne hasło')
      expect(body).not.toMatch(INFORMAL)
    }
    const password = /Hasło jednorazowe: (\S+)/.exec(got.text)![1]
    expect(isInitialPassword(password)).toBe(true)
    expect(countOf(got.text, password)).toBe(1)
    expect(countOf(got.html, password)).toBe(1)
    expect(got.subject).not.toContain(password)
    expect(got.messageId).toBe(issued.mail!.messageId)

    const account = desk.services.db.orm.select().from(portalAccounts).all()[0]
    expect(account.state).toBe('credentials_sent')
    expect(await verifyPassword(password, account.passwordHash!)).toBe(true)
    expect(everythingStored()).not.toContain(password)
    const view = await desk.call('registration.account', { customerId: kowalska.customer.id }, token)
    expect(view?.stateLabel).toBe('dane logowania wysłane e-mailem 25.11.2026')

    // The Wniosek's ticks became consent events with the exact text versions.
    const consents = await desk.call('consents.overview', { customerId: kowalska.customer.id }, token)
    expect(consents.history.map((e) => [e.type, e.action, e.text?.version, e.applicationNo])).toEqual(
      expect.arrayContaining([
        ['regulamin', 'accept', '2025.1', app.applicationNo],
        ['e_invoice', 'accept', '2024.1', app.applicationNo],
      ]),
    )
    expect(consents.delivery).toMatchObject({ channel: 'email', email: 'lucja.zolkiewska@example.pl' })
  })

  it('with no SMTP set up the credentials wait in the outbox and the account says so', async () => {
    const app = await desk.call('registration.submit', wniosek(), token)
    await desk.call('registration.createAccount', { id: app.id, delivery: 'email' }, token)
    await desk.services.mail.runOnce()
    const account = await desk.call('registration.account', { customerId: kowalska.customer.id }, token)
    expect(account).toMatchObject({ state: 'pending', pendingMail: { state: 'queued' } })
    expect((await desk.call('mail.status', {}, token)).summary).toBe('Poczta: nie skonfigurowano serwera · 1 wiadomość czeka')
  })

  it('a credentials mail refused by the server shows the account as not delivered, with the reason', async () => {
    smtp = await startSmtp({ onRcpt: () => ({ code: 550, message: '5.1.1 <lucja.zolkiewska@example.pl>: Recipient address rejected' }) })
    await desk.call('mail.updateSettings', loopbackSettings(smtp.port), token)
    const app = await desk.call('registration.submit', wniosek(), token)
    await desk.call('registration.createAccount', { id: app.id, delivery: 'email' }, token)
    await desk.services.mail.runOnce()
    const account = await desk.call('registration.account', { customerId: kowalska.customer.id }, token)
    expect(account).toMatchObject({ state: 'pending', bounced: true })
    expect(account?.stateLabel).toBe('dane logowania nie doręczone: Serwer odrzucił adres odbiorcy lucja.zolkiewska@example.pl — sprawdź adres e-mail klienta')
  })

  it('prints the credentials letter for a window envelope: exact Polish letters, login and password; the hash matches it', async () => {
    const app = await desk.call('registration.submit', wniosek({ email: null }), token)
    await expect(desk.call('registration.createAccount', { id: app.id, delivery: 'email' }, token)).rejects.toMatchObject({ field: 'delivery' })
    const issued = await desk.call('registration.createAccount', { id: app.id, delivery: 'letter' }, token)
    expect(issued.account.state).toBe('credentials_sent')
    expect(issued.letter?.fileName).toBe(`dane-logowania-ibok-${kowalska.customer.customerNo}.pdf`)
    const text = pdfText(issued.letter!.pdfBase64)
    expect(text).toContain('Łucja Żółkiewska-Gęba')
    expect(text).toContain('ul. Partyzantów 12/3')
    expect(text).toContain('22-400 Zamość')
    expect(text).toContain('Dane logowania do Internetowego Biura Obsługi Klienta')
    expect(text).toContain('Hasło jednorazowe')
    expect(text).toContain('Szanowni Państwo,')
    expect(text.replace(/\s+/g, ' ')).toContain('Prosimy wejść na stronę iBOK podaną wyżej i zalogować się')
    expect(text).not.toMatch(INFORMAL)
    expect(text).toContain(`Zamość, dnia 25.11.2026`)
    expect(text).toContain(kowalska.customer.customerNo)
    const password = /Hasło jednorazowe\s+(\S+)/.exec(text)![1]
    expect(isInitialPassword(password)).toBe(true)
    const account = desk.services.db.orm.select().from(portalAccounts).all()[0]
    expect(await verifyPassword(password, account.passwordHash!)).toBe(true)
    expect(everythingStored()).not.toContain(password)
  })

  it('reset gives a new password and the old one stops working at once; lock, unlock and the portal activation move the states', async () => {
    const app = await desk.call('registration.submit', wniosek(), token)
    const first = await desk.call('registration.createAccount', { id: app.id, delivery: 'letter' }, token)
    const oldPassword = /Hasło jednorazowe\s+(\S+)/.exec(pdfText(first.letter!.pdfBase64))![1]
    const accountId = first.account.id

    const active = await desk.call('registration.recordActivation', { login: kowalska.customer.customerNo.toLowerCase(), activatedAt: '2026-11-25T11:15:00+01:00' }, token)
    expect(active).toMatchObject({ state: 'active', activatedAt: '2026-11-25T10:15:00.000Z', stateLabel: 'aktywne od 25.11.2026' })

    const locked = await desk.call('registration.lockAccount', { accountId, reason: 'Zgłoszenie utraty hasła' }, token)
    expect(locked).toMatchObject({ state: 'locked', stateLabel: 'zablokowane: Zgłoszenie utraty hasła' })
    await expect(desk.call('registration.resetPassword', { accountId, delivery: 'letter' }, token)).rejects.toMatchObject({ code: 'CONFLICT' })
    expect((await desk.call('registration.unlockAccount', { accountId }, token)).state).toBe('active')

    clock = new Date('2026-11-25T10:30:00Z') // after the customer's first login
    token = (await desk.call('staff.login', { login: ADMIN.login, password: ADMIN.password })).token
    const reset = await desk.call('registration.resetPassword', { accountId, delivery: 'email' }, token)
    // The activation stands: the account stays active and says what happened to its password.
    expect(reset.account).toMatchObject({ state: 'active', activatedAt: '2026-11-25T10:15:00.000Z' })
    expect(reset.account.stateLabel).toBe('aktywne od 25.11.2026 · nowe hasło czeka na wysłanie e-mailem; dotychczasowe hasło już nie działa')
    const row = () => desk.services.db.orm.select().from(portalAccounts).all()[0]
    expect(row().passwordHash).toBeNull() // the old password is invalid before the new one even leaves
    const byLetter = await desk.call('registration.resetPassword', { accountId, delivery: 'letter' }, token)
    expect(byLetter.mail).toBeNull()
    expect(byLetter.account).toMatchObject({ state: 'active', stateLabel: 'aktywne od 25.11.2026 · nowe hasło wysłane listem 25.11.2026' })
    // The e-mail queued a moment ago is superseded: it must not change the password later.
    expect((await desk.call('mail.get', { id: reset.mail!.id }, token)).state).toBe('cancelled')
    const newPassword = /Hasło jednorazowe\s+(\S+)/.exec(pdfText(byLetter.letter!.pdfBase64))![1]
    expect(pdfText(byLetter.letter!.pdfBase64)).toContain('nadaliśmy nowe hasło')
    expect(newPassword).not.toBe(oldPassword)
    expect(await verifyPassword(newPassword, row().passwordHash!)).toBe(true)
    expect(await verifyPassword(oldPassword, row().passwordHash!)).toBe(false)
  })

  it('a new password by e-mail for an active account: the account stays active, and says when the new password went out', async () => {
    smtp = await startSmtp()
    await desk.call('mail.updateSettings', loopbackSettings(smtp.port), token)
    const app = await desk.call('registration.submit', wniosek(), token)
    const first = await desk.call('registration.createAccount', { id: app.id, delivery: 'letter' }, token)
    await desk.call('registration.recordActivation', { login: kowalska.customer.customerNo, activatedAt: '2026-11-25T11:05:00+01:00' }, token)
    clock = new Date('2026-11-25T10:30:00Z')
    token = (await desk.call('staff.login', { login: ADMIN.login, password: ADMIN.password })).token
    const reset = await desk.call('registration.resetPassword', { accountId: first.account.id, delivery: 'email' }, token)
    expect(reset.account).toMatchObject({ state: 'active', bounced: false })
    await desk.services.mail.runOnce()
    expect(smtp.received.map((m) => m.subject)).toEqual(['Nowe hasło do iBOK — dane logowania'])
    const after = await desk.call('registration.account', { customerId: kowalska.customer.id }, token)
    expect(after).toMatchObject({ state: 'active', activatedAt: '2026-11-25T10:05:00.000Z', stateLabel: 'aktywne od 25.11.2026 · nowe hasło wysłane e-mailem 25.11.2026' })
  })

  it('refuses a second account for the same customer and a second account from the same application', async () => {
    const app = await desk.call('registration.submit', wniosek(), token)
    await desk.call('registration.createAccount', { id: app.id, delivery: 'letter' }, token)
    await expect(desk.call('registration.createAccount', { id: app.id, delivery: 'letter' }, token)).rejects.toMatchObject({ code: 'CONFLICT', message: 'Konto z tego wniosku zostało już założone' })
    const again = await desk.call('registration.submit', wniosek(), token)
    expect(again.state).toBe('received')
    expect(again.problems[0].message).toBe(`Klient ma już konto iBOK (login ${kowalska.customer.customerNo}, dane logowania wysłane) — zamiast nowego konta nadaj nowe hasło w koncie klienta`)
  })
})

describe('rejection', () => {
  it('rejects with a reason and prints the letter to the applicant', async () => {
    const app = await desk.call('registration.submit', wniosek({ invoiceNo: 'FW/K1/2026/123456', correspondenceAddress: { street: 'Lwowska', houseNo: '45', flatNo: null, postalCode: '22-400', city: 'Zamość' } }), token)
    const reason = 'Numer faktury podany we wniosku nie istnieje w naszej ewidencji.'
    const rejected = await desk.call('registration.reject', { id: app.id, reason }, token)
    expect(rejected.application).toMatchObject({ state: 'rejected', rejectionReason: reason, rejectedByName: 'Anna Administratorka' })
    const text = pdfText(rejected.letter.pdfBase64)
    expect(text).toContain('Łucja Żółkiewska-Gęba')
    expect(text).toContain('ul. Lwowska 45')
    expect(text).toContain('Odmowa założenia konta w Internetowym Biurze Obsługi Klienta')
    expect(text).toContain(reason)
    expect(text).toContain(app.applicationNo)
    await expect(desk.call('registration.update', { id: app.id, data: wniosek() }, token)).rejects.toMatchObject({ code: 'CONFLICT' })
    expect((await desk.call('registration.rejectionLetter', { id: app.id }, token)).fileName).toBe('odmowa-WR-K1-2026-000001.pdf')
  })
})
