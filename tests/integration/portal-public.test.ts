// The portal's public pages: "Nie pamiętam hasła" (a single-use link by e-mail through the portal
// station's outbox and a real SMTP server on loopback; expiry; one answer for every request;
// throttled per source) and "Rejestracja" (the Wniosek sent online lands in the desk's queue after
// sync, channel portal, with the desk's verification outcome; CSRF; throttled per source).
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contracts, invoices, mails } from '../../src-main/db/schema'
import { readSmtpConfig } from '../../src-main/core/mail/settings'
import { RESET_ANSWER } from '../../src-main/portal/reset'
import { setSmtpPassword } from '../../src-main/portal/station'
import { REGISTRATION_ANSWER } from '../../src-main/portal/registration'
import { Browser, makePortalOffice, type PortalOffice } from '../support/portal'
import { seedCustomer } from '../support/office-seed'

let clock = Date.now()
let p: PortalOffice
beforeAll(async () => {
  p = await makePortalOffice({ now: () => clock, trustProxy: true })
}, 60_000)
afterAll(async () => {
  await p?.dispose()
})

/** Every test speaks from its own address (the throttle counts per source). */
let sources = 0
const fromNewSource = () => {
  const b = p.browser()
  b.headers['x-forwarded-for'] = `198.51.100.${++sources}`
  return b
}

async function askForLink(b: Browser, customerNo: string, email: string) {
  return b.post('/nie-pamietam-hasla', { customerNo, email }, '/nie-pamietam-hasla')
}

/** Sends the portal station's queued mails; the link of the newest one. */
async function mailedLink(): Promise<string> {
  const before = p.smtp.received.length
  await p.station.services.mail.runOnce()
  await p.smtp.waitForMessages(before + 1)
  const mail = p.smtp.received.at(-1)!
  const m = /https:\/\/ibok\.pgk\.zamosc\.pl\/nowe-haslo\?token=([\w-]+)/.exec(mail.text)
  if (!m) throw new Error(`no link in: ${mail.text}`)
  return `/nowe-haslo?token=${m[1]}`
}

describe('password reset by e-mail', () => {
  it('the link sets a new password once, ends the sessions, and the stored mail holds no working link', async () => {
    const k = p.kowalska
    const signedIn = await p.activated(k, 'Stare-haslo-2026')
    const b = fromNewSource()
    const login = await b.get('/logowanie')
    expect(login.text).toContain('href="/nie-pamietam-hasla"')
    const asked = await askForLink(b, k.customer.customerNo, 'Lucja.Zolkiewska@example.pl')
    expect(asked.status).toBe(200)
    expect(asked.text).toContain(RESET_ANSWER)
    const link = await mailedLink()
    expect(p.smtp.received.at(-1)!.to).toContain('lucja.zolkiewska@example.pl')
    // The outbox row (synced to the desks) keeps the slot, never the token.
    const row = p.station.services.db.read.select().from(mails).where(eq(mails.relatedEntity, 'portal_password_reset')).all().at(-1)!
    expect(row.stationCode).toBe('WW')
    expect(row.textBody).not.toContain(link.split('=')[1])

    const reset = fromNewSource()
    const form = await reset.get(link)
    expect(form.status).toBe(200)
    const weak = await reset.request('/nowe-haslo', { form: { _csrf: Browser.csrf(form.text), token: link.split('=')[1], next: 'krotkie', repeat: 'krotkie' } })
    expect(weak.status).toBe(400)
    expect(weak.text).toContain('Nowe hasło')
    const done = await reset.request('/nowe-haslo', { form: { _csrf: Browser.csrf(form.text), token: link.split('=')[1], next: 'Nowe-haslo-2026', repeat: 'Nowe-haslo-2026' } })
    expect(done.location).toBe('/logowanie')
    // Every session of the account ended; the new password works, the old one does not.
    expect((await signedIn.get('/konto')).location).toBe('/logowanie')
    expect((await fromNewSource().login(k.customer.customerNo, 'Stare-haslo-2026')).status).toBe(401)
    await p.signedIn(k, 'Nowe-haslo-2026')
    // Single use.
    expect((await fromNewSource().get(link)).status).toBe(400)
    const again = fromNewSource()
    const page = await again.get('/nie-pamietam-hasla')
    const reused = await again.request('/nowe-haslo', { form: { _csrf: Browser.csrf(page.text), token: link.split('=')[1], next: 'Inne-haslo-2026', repeat: 'Inne-haslo-2026' } })
    expect(reused.status).toBe(400)
    expect(reused.text).toContain('został już użyty albo wygasł')
    // Synced: the desk sees the account active with the new password's time.
    await p.sync()
    expect((await p.office.a.call('registration.account', { customerId: k.customer.id }, p.office.aToken))?.state).toBe('active')
  })

  it('a link expires after an hour; a wrong token is refused', async () => {
    const n = p.nowak
    await askForLink(fromNewSource(), n.customer.customerNo, 'jan.nowak@example.pl')
    const link = await mailedLink()
    const b = fromNewSource()
    expect((await b.get('/nowe-haslo?token=zly-token')).status).toBe(400)
    expect((await b.get(link.slice(0, -2) + 'xx')).status).toBe(400)
    clock += 61 * 60_000
    expect((await fromNewSource().get(link)).status).toBe(400)
    // Nothing changed: the one-time password still signs in.
    expect((await fromNewSource().login(n.customer.customerNo, n.initialPassword)).location).toBe('/zmiana-hasla')
  })

  it('gives the same answer for an unknown customer and a wrong e-mail, and mails nothing', async () => {
    const before = p.station.services.db.read.select().from(mails).where(eq(mails.relatedEntity, 'portal_password_reset')).all().length
    const answers = []
    for (const [no, email] of [
      ['XX999999', 'ktos@example.pl'],
      [p.nowak.customer.customerNo, 'ktos@example.pl'],
      [p.nowak.customer.customerNo, 'nie-adres'],
      [p.nowak.customer.customerNo, 'jan.nowak@example.pl'],
    ]) {
      const res = await askForLink(fromNewSource(), no, email)
      answers.push([res.status, res.text.replace(/name="_csrf" value="[^"]+"/, '')])
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1)
    const after = p.station.services.db.read.select().from(mails).where(eq(mails.relatedEntity, 'portal_password_reset')).all().length
    expect(after).toBe(before + 1)
  })

  it('the portal station is given the SMTP password at start (it is never synced): it stays on the station', async () => {
    setSmtpPassword(p.station.services, 'tajne-haslo-smtp\n')
    expect(readSmtpConfig(p.station.services.db.read)?.password).toBe('tajne-haslo-smtp')
    await p.sync()
    expect(readSmtpConfig(p.office.a.services.db.read)?.password ?? null).not.toBe('tajne-haslo-smtp')
  })

  it('is throttled per source', async () => {
    const b = fromNewSource()
    const statuses = []
    for (let i = 0; i < 7; i++) statuses.push((await askForLink(b, 'XX999999', 'ktos@example.pl')).status)
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200])
    expect(statuses[5]).toBe(429)
    expect((await askForLink(fromNewSource(), 'XX999999', 'ktos@example.pl')).status).toBe(200)
  })
})

describe('registration online', () => {
  async function register(b: Browser, over: Record<string, string>) {
    const page = await b.get('/rejestracja')
    const version = /name="regulaminVersion" value="([^"]+)"/.exec(page.text)![1]
    return b.request('/rejestracja', {
      form: {
        _csrf: Browser.csrf(page.text),
        customerNo: '',
        applicantName: 'Anna Wiśniewska',
        street: 'ul. Partyzantów',
        houseNo: '12',
        flatNo: '',
        postalCode: '22-400',
        city: 'Zamość',
        email: 'anna@example.pl',
        phone: '',
        invoiceNo: '',
        invoiceGross: '',
        regulaminVersion: version,
        acceptRegulamin: '1',
        ...over,
      },
    })
  }

  it('lands in the desk’s queue after sync, channel portal: verified with a matching proof, unverified with a wrong amount — the same answer to both', async () => {
    const { a, aToken } = p.office
    const group = a.services.db.read.select({ g: contracts.tariffGroupId }).from(contracts).where(eq(contracts.id, p.kowalska.contractId)).get()!.g
    const anna = await seedCustomer(a, aToken, group, { firstName: 'Anna', lastName: 'Wiśniewska', email: 'anna@example.pl' })
    const piotr = await seedCustomer(a, aToken, group, { firstName: 'Piotr', lastName: 'Zieliński', email: 'piotr@example.pl' })
    await p.sync()
    const gross = (no: string) => a.services.db.read.select({ g: invoices.grossTotal }).from(invoices).where(eq(invoices.number, no)).get()!.g
    const zl = (grosze: number) => `${Math.floor(grosze / 100)},${String(grosze % 100).padStart(2, '0')}`

    const good = await register(fromNewSource(), { customerNo: anna.customer.customerNo, invoiceNo: anna.invoiceNo, invoiceGross: zl(gross(anna.invoiceNo)) })
    const bad = await register(fromNewSource(), { customerNo: piotr.customer.customerNo, applicantName: 'Piotr Zieliński', invoiceNo: piotr.invoiceNo, invoiceGross: zl(gross(piotr.invoiceNo) + 100) })
    expect(good.status).toBe(200)
    expect(good.text).toContain(REGISTRATION_ANSWER)
    expect(bad.status).toBe(good.status)
    expect(bad.text.replace(/name="_csrf" value="[^"]+"/, '')).toBe(good.text.replace(/name="_csrf" value="[^"]+"/, ''))

    await p.sync()
    const queue = await a.call('registration.list', {}, aToken)
    const mine = (no: string) => queue.items.find((i) => i.customerNo === no)!
    expect(mine(anna.customer.customerNo)).toMatchObject({ channel: 'portal', state: 'verified', receivedByName: null })
    expect(mine(anna.customer.customerNo).applicationNo).toMatch(/^WR\/WW\//)
    expect(mine(piotr.customer.customerNo)).toMatchObject({ channel: 'portal', state: 'received' })
    const detail = await a.call('registration.get', { id: mine(piotr.customer.customerNo).id }, aToken)
    expect(detail.problems.map((x) => x.message).join(' ')).toContain('Kwota faktury')
    // A paper Wniosek is still "paper".
    expect(queue.items.filter((i) => i.channel === 'paper').length).toBeGreaterThanOrEqual(2)
  })

  it('keeps the amount given online: the desk sees it, and "Weryfikuj ponownie" (and an edit) re-check it', async () => {
    const { a, aToken } = p.office
    const group = a.services.db.read.select({ g: contracts.tariffGroupId }).from(contracts).where(eq(contracts.id, p.kowalska.contractId)).get()!.g
    const ewa = await seedCustomer(a, aToken, group, { firstName: 'Ewa', lastName: 'Mazur', email: 'ewa@example.pl' })
    const adam = await seedCustomer(a, aToken, group, { firstName: 'Adam', lastName: 'Lis', email: 'adam@example.pl' })
    await p.sync()
    const gross = (no: string) => a.services.db.read.select({ g: invoices.grossTotal }).from(invoices).where(eq(invoices.number, no)).get()!.g
    const zl = (grosze: number) => `${Math.floor(grosze / 100)},${String(grosze % 100).padStart(2, '0')}`
    await register(fromNewSource(), { customerNo: ewa.customer.customerNo, applicantName: 'Ewa Mazur', email: 'ewa@example.pl', invoiceNo: ewa.invoiceNo, invoiceGross: zl(gross(ewa.invoiceNo) + 1) })
    await register(fromNewSource(), { customerNo: adam.customer.customerNo, applicantName: 'Adam Lis', email: 'adam@example.pl', invoiceNo: adam.invoiceNo, invoiceGross: zl(gross(adam.invoiceNo)) })
    await p.sync()
    const queue = await a.call('registration.list', {}, aToken)
    const of = (no: string) => queue.items.find((i) => i.customerNo === no)!

    // A wrong amount stays a problem however often the desk re-verifies.
    const wrong = await a.call('registration.verify', { id: of(ewa.customer.customerNo).id }, aToken)
    expect(wrong).toMatchObject({ channel: 'portal', state: 'received', invoiceGross: gross(ewa.invoiceNo) + 1 })
    expect(wrong.problems.map((x) => x.message).join(' ')).toContain('Kwota faktury')
    // Editing other fields keeps the amount (it belongs to the same invoice number) and its check.
    const edited = await a.call('registration.update', { id: wrong.id, data: { ...wrong.data, phone: '600 700 800' } }, aToken)
    expect(edited).toMatchObject({ state: 'received', invoiceGross: gross(ewa.invoiceNo) + 1 })

    const right = await a.call('registration.verify', { id: of(adam.customer.customerNo).id }, aToken)
    expect(right).toMatchObject({ channel: 'portal', state: 'verified', invoiceGross: gross(adam.invoiceNo), problems: [] })
    // A paper Wniosek has no amount.
    const paper = queue.items.find((i) => i.channel === 'paper')!
    expect((await a.call('registration.get', { id: paper.id }, aToken)).invoiceGross).toBeNull()
  })

  it('answers typing errors, refuses a form without its CSRF token, and is throttled per source', async () => {
    const typo = await register(fromNewSource(), { customerNo: 'XX1', invoiceNo: 'F/1', invoiceGross: 'abc' })
    expect(typo.status).toBe(400)
    expect(typo.text).toContain('Kwota faktury brutto')
    const b = fromNewSource()
    await b.get('/rejestracja')
    const forged = await b.request('/rejestracja', { form: { customerNo: 'XX1', invoiceNo: 'F/1', invoiceGross: '10' } })
    expect(forged.status).toBe(403)
    const wrongToken = await b.request('/rejestracja', { form: { _csrf: 'x'.repeat(43), customerNo: 'XX1' } })
    expect(wrongToken.status).toBe(403)
    const source = fromNewSource()
    const statuses = []
    for (let i = 0; i < 6; i++) statuses.push((await register(source, { customerNo: 'XX1', invoiceNo: 'F/1', invoiceGross: '10' })).status)
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200])
    expect(statuses[5]).toBe(429)
  })
})
