// Issues 4 and 5 as a clerk does them, in Chromium against browser mode on a demo office:
// a Wniosek typed from paper (a wrong invoice number is caught, fixed), the account created and
// the credentials mail delivered to a real SMTP server on loopback; an e-invoice acceptance taken
// from paper with a scan flips delivery to e-mail, a withdrawal flips it back, and the history
// shows both with staff and time.
import type { AddressInfo } from 'node:net'
import type { Page } from '@playwright/test'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import type { CustomerCard } from '../../shared/api/types'
import { addDays, businessDate, formatDate } from '../../shared/domain/dates'
import { nextPeriodStart } from '../../shared/domain/tariff-moves'
import { DEMO_PASSWORD, expect, expectNoHorizontalScroll, saveScreen, startDesk, test, type DeskServer } from './fixtures'
import { LoginPage } from './pages/LoginPage'
import { ShellPage } from './pages/ShellPage'

const CLERK = { login: 'urzednik', fullName: 'Joanna Kołodziej' }

async function startSmtp() {
  const arrived: ParsedMail[] = []
  const waiting: Array<(m: ParsedMail) => void> = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        const w = waiting.shift()
        if (w) w(mail)
        else arrived.push(mail)
        callback()
      }, callback)
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.server.address() as AddressInfo).port,
    next: () => new Promise<ParsedMail>((resolve) => (arrived.length ? resolve(arrived.shift()!) : waiting.push(resolve))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

let desk: DeskServer
let smtp: Awaited<ReturnType<typeof startSmtp>>
let admin: string

test.beforeAll(async () => {
  test.setTimeout(180_000)
  smtp = await startSmtp()
  desk = await startDesk()
  await desk.call('system.loadDemo', { customers: 40, seed: 11 })
  admin = await desk.login('admin', DEMO_PASSWORD)
  await desk.call('mail.updateSettings', { enabled: true, host: '127.0.0.1', port: smtp.port, security: 'none', username: null, fromAddress: 'bok@pgk.zamosc.pl', fromName: 'PGK Zamość — Biuro Obsługi Klienta', replyTo: null, timeoutSeconds: 10, allowInvalidCertificate: false }, admin)
  await desk.call('registration.updateSettings', { portalUrl: 'https://ibok.pgk.zamosc.pl' }, admin)
})
test.afterAll(async () => {
  await desk?.stop()
  await smtp?.close()
})

/** A demo customer with an active contract and an invoice from the last months: what a real applicant brings. */
async function applicant(skip: string[] = [], fits: (card: CustomerCard) => boolean = () => true): Promise<{ card: CustomerCard; invoiceNo: string }> {
  const invoices = await desk.call('invoices.list', { from: addDays(businessDate(), -200), limit: 200 }, admin)
  for (const inv of invoices) {
    if (skip.includes(inv.customerId) || inv.kind !== 'invoice') continue
    const card = await desk.call('customers.get', { id: inv.customerId }, admin)
    const account = await desk.call('registration.account', { customerId: inv.customerId }, admin)
    if (card.customer.kind === 'person' && !account && card.contracts.some((k) => k.status === 'active') && fits(card)) return { card, invoiceNo: inv.number }
  }
  throw new Error('no demo customer with a recent invoice')
}

async function signIn(page: Page) {
  await page.goto(desk.url)
  await new LoginPage(page).signIn(CLERK.login, DEMO_PASSWORD)
  await new ShellPage(page).expectSignedIn(CLERK.fullName)
}

const errorOf = (page: Page, label: string | RegExp) => page.locator('.field', { has: page.getByLabel(label, { exact: typeof label === 'string' }) }).locator('.field__error')

test('a Wniosek typed from paper: the wrong invoice number is caught, fixed, the account created and the credentials mail arrives', async ({ page }) => {
  const { card, invoiceNo } = await applicant()
  const c = card.customer
  const point = card.contracts.find((k) => k.status === 'active')!.supplyPoint.address
  const email = 'wnioskodawca.zolkiewski@example.pl'

  await signIn(page)
  await new ShellPage(page).navLink('Wnioski iBOK').click()
  await page.getByTestId('new-application').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Nowy wniosek rejestracyjny iBOK' })).toBeVisible()
  await expect(page.getByLabel('Nr klienta')).toBeFocused()

  // Typed in the paper's order, with Tab only.
  const type = async (text: string) => {
    if (text) await page.keyboard.type(text)
    await page.keyboard.press('Tab')
  }
  await type(c.customerNo)
  await type(c.displayName)
  await type(point.street)
  await type(point.houseNo)
  await type(point.flatNo ?? '')
  await type(point.postalCode)
  await type(point.city)
  await expect(page.getByLabel('Taki sam jak adres punktu poboru')).toBeFocused()
  await page.keyboard.press('Tab')
  await type(email)
  await type('600 700 800')
  await page.keyboard.type('FW/K1/2026/999999') // misread from the invoice
  await page.keyboard.press('Tab')
  await expect(page.getByLabel('Akceptuję Regulamin iBOK (wymagane)')).toBeFocused()
  await page.keyboard.press('Space')
  await saveScreen(page, 'wniosek-form')
  await page.keyboard.press('Control+Enter')

  await expect(page.getByTestId('application-state')).toHaveText('do weryfikacji')
  await expect(errorOf(page, /^Nr faktury/)).toHaveText('Nr faktury: nie ma faktury o numerze FW/K1/2026/999999 — sprawdź numer w nagłówku faktury')
  await expect(page.getByTestId('application-problems')).toContainText('nie ma faktury o numerze')
  await saveScreen(page, 'wniosek-verification-error')

  // The clerk looks at the invoice again and fixes the number.
  await page.getByLabel(/^Nr faktury/).fill(invoiceNo)
  await page.getByTestId('save-verify').click()
  await expect(page.getByTestId('application-state')).toHaveText('zweryfikowany')
  await expect(errorOf(page, /^Nr faktury/)).toHaveCount(0)
  await expect(page.getByTestId('application-outcome')).toContainText(`Wniosek zweryfikowany: klient ${c.customerNo}`)
  await expectNoHorizontalScroll(page)

  await page.getByTestId('create-account-email').click()
  await expect(page.getByTestId('application-state')).toHaveText('konto założone')
  await expect(page.getByTestId('portal-login')).toHaveText(c.customerNo)

  const mail = await smtp.next()
  expect(mail.to && 'value' in mail.to ? mail.to.value.map((a) => a.address) : []).toEqual([email])
  expect(mail.subject).toBe('Założenie konta w iBOK — dane logowania')
  const text = mail.text ?? ''
  expect(text).toContain(`Login: ${c.customerNo}`)
  const password = /Hasło jednorazowe: (\S+)/.exec(text)![1]
  expect(password).toMatch(/^[A-Za-z0-9]{12}$/)
  expect(text.split(password)).toHaveLength(2) // exactly once in the text
  expect(String(mail.html).split(password)).toHaveLength(2) // and once in the HTML
  await saveScreen(page, 'wniosek-account-created')

  // The account on the customer card, after the server accepted the mail.
  await page.getByRole('link', { name: c.customerNo }).click()
  await expect(page.getByTestId('customer-name')).toHaveText(c.displayName)
  await expect(page.getByTestId('portal-state')).toContainText('dane logowania wysłane e-mailem')
  await expect(page.locator('#card-mail').getByTestId('mail-sent')).toHaveCount(1)
})

test('an e-invoice acceptance from paper with a scan switches delivery to e-mail and moves the contract to the e-invoice group from the next period; the withdrawal switches both back; the history shows both', async ({ page }) => {
  // A household on paper invoices: the one contract is in the paper group.
  const { card } = await applicant([], (k) => k.contracts.filter((x) => x.status === 'active').length === 1 && k.contracts.every((x) => !x.tariffEInvoice))
  const c = card.customer
  const contract = card.contracts.find((k) => k.status === 'active')!
  const movesOn = formatDate(nextPeriodStart(businessDate(), contract.billingCycle))
  await signIn(page)
  await page.goto(`${desk.origin}/#/klienci/${c.id}`)
  await expect(page.getByTestId('customer-name')).toHaveText(c.displayName)
  const section = page.locator('#card-consents')
  await expect(section.getByTestId('delivery-summary')).toHaveText('Faktury papierowe — brak akceptacji e-faktur')
  const tariff = page.getByTestId('contracts-table').getByTestId('contract-tariff')
  await expect(tariff).toContainText(`${contract.tariffGroupName} papier`)
  await expect(tariff.getByTestId('contract-tariff-move')).toHaveCount(0)

  await section.getByTestId('consent-accept').click()
  const dialog = page.getByRole('dialog', { name: 'Przyjęcie oświadczenia' })
  await expect(dialog.getByLabel('Wersja tekstu na formularzu')).toHaveValue('2024.1')
  await dialog.getByLabel('E-mail do faktur').fill('e-faktury.klienta@example.pl')
  await dialog.getByTestId('consent-scan').setInputFiles({ name: 'oświadczenie-podpisane.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') })
  await expect(dialog.getByTestId('consent-scan-name')).toHaveText('Dołączono: oświadczenie-podpisane.pdf')
  // The move to the e-invoice group is offered, ticked, from the next billing period.
  await expect(dialog.getByTestId('consent-move-group')).toBeChecked()
  await expect(dialog.getByTestId('consent-move')).toContainText(`Umowa ${contract.contractNo}: z grupy „${contract.tariffGroupName}” do „Gospodarstwa domowe — e-faktura” od ${movesOn}`)
  await saveScreen(page, 'zgody-oswiadczenie')
  await dialog.getByTestId('consent-save').click()
  await expect(dialog).toHaveCount(0)
  await expect(section.getByTestId('delivery-summary')).toContainText('Faktury e-mailem na e-faktury.klienta@example.pl')
  // The card: still the paper group for the running period, the e-invoice group from the next one.
  await expect(tariff).toContainText(`${contract.tariffGroupName} papier`)
  await expect(tariff.getByTestId('contract-tariff-move')).toHaveText(`od ${movesOn}: Gospodarstwa domowe — e-faktura`)

  await section.getByTestId('consent-withdraw').click()
  const withdraw = page.getByRole('dialog', { name: 'Wycofanie zgody' })
  await expect(withdraw.getByLabel('Rodzaj')).toHaveValue('e_invoice')
  await expect(withdraw.getByTestId('consent-withdraw-move')).toContainText('wrócą do grupy z fakturą papierową od następnego okresu')
  await withdraw.getByTestId('consent-save').click()
  await expect(withdraw).toHaveCount(0)
  await expect(section.getByTestId('delivery-summary')).toContainText('Faktury papierowe (akceptacja e-faktur wycofana od')
  // Withdrawn before the move took effect: the contract stays in the paper group, nothing scheduled.
  await expect(tariff).toContainText(`${contract.tariffGroupName} papier`)
  await expect(tariff.getByTestId('contract-tariff-move')).toHaveCount(0)

  const history = section.getByTestId('consent-history')
  const accept = history.getByTestId('consent-accept')
  const withdrawn = history.getByTestId('consent-withdraw')
  await expect(accept).toContainText('Akceptacja faktur elektronicznych — udzielenie')
  await expect(accept).toContainText('ze skanem')
  await expect(accept.getByTestId('consent-staff')).toHaveText(CLERK.fullName)
  await expect(withdrawn).toContainText('Akceptacja faktur elektronicznych — wycofanie')
  await expect(withdrawn.getByTestId('consent-staff')).toHaveText(CLERK.fullName)
  await expect(withdrawn).toContainText(/\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}/)
  await expectNoHorizontalScroll(page)
  await saveScreen(page, 'zgody-historia')
})

test('the outbox and the mail settings: the state of sending, the test mail and the server reply', async ({ page }) => {
  await page.goto(desk.url)
  await new LoginPage(page).signIn('admin', DEMO_PASSWORD)
  await new ShellPage(page).navLink('Ustawienia').click()
  await page.getByRole('link', { name: 'Poczta i iBOK' }).click()
  await expect(page.getByLabel('Serwer SMTP')).toHaveValue('127.0.0.1')
  await page.getByLabel('Wyślij na adres').fill('admin@example.pl')
  await page.getByTestId('send-test').click()
  await expect(page.getByTestId('test-result')).toContainText('Wiadomość próbna wysłana na admin@example.pl.')
  await expect(page.getByTestId('test-result')).toContainText('Serwer odpowiedział: 250')
  expect((await smtp.next()).subject).toMatch(/^Wiadomość próbna — /)
  await saveScreen(page, 'poczta-ustawienia')

  await new ShellPage(page).navLink('Poczta wychodząca').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Poczta wychodząca' })).toBeVisible()
  await expect(page.getByTestId('mails').getByTestId('mail-sent').first()).toBeVisible()
  await expect(page.getByTestId('mail-pill')).toContainText('Poczta')
  await expectNoHorizontalScroll(page)
  await saveScreen(page, 'poczta-wychodzaca')
})
