// Sprawy i awarie, as the "Done when" describes it: a failure taken on the phone and
// routed, a complaint registered from the customer card and answered from a template by e-mail
// (delivered to a real SMTP server on loopback), with the Pulpit's counts following each step.
import type { AddressInfo } from 'node:net'
import type { Page } from '@playwright/test'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { CASE_TYPE_INFO } from '../../shared/domain/cases'
import { businessDate, formatDate } from '../../shared/domain/dates'
import { dueDateFor } from '../../shared/domain/deadlines'
import { expect, pdfTextOfFile, previewedPdf, saveScreen, test, type DeskServer } from './fixtures'
import { CaseCardCasesSection, CasePage, CasesDashboardPanel, FailureFormPage } from './pages/CasesPages'
import { LoginPage } from './pages/LoginPage'
import { ShellPage } from './pages/ShellPage'
import { TEST_OFFICE } from '../support/office'

// A long idle lock: the browser-driven steps must not be locked out halfway.
const OFFICE = { ...TEST_OFFICE, idleLockMinutes: 30 }
const ADMIN = { login: 'bok', fullName: 'Barbara Okońska', password: 'Okienko-haslo-2026' }

/** A loopback SMTP server; `next()` resolves with the next mail to arrive. */
async function startSmtp() {
  const arrived: ParsedMail[] = []
  const waiting: Array<(m: ParsedMail) => void> = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
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

async function officeWithMail(desk: DeskServer, smtpPort: number) {
  await desk.call('system.setup', { office: OFFICE, admin: ADMIN })
  const session = await desk.login(ADMIN.login, ADMIN.password)
  await desk.call(
    'mail.updateSettings',
    { enabled: true, host: '127.0.0.1', port: smtpPort, security: 'none', username: null, fromAddress: 'bok@pgk.zamosc.pl', fromName: 'PGK Zamość — BOK', replyTo: null, timeoutSeconds: 10, allowInvalidCertificate: false },
    session,
  )
  return session
}

async function goToPulpit(page: Page) {
  await new ShellPage(page).navLink('Pulpit').click()
  await expect(page.getByRole('heading', { level: 1, name: /^(Dzień dobry|Dobry wieczór)/ })).toBeVisible()
}

test('a failure taken on the phone is routed, a complaint is answered by e-mail from a template, and the Pulpit counts follow', async ({ page, freshDesk }) => {
  const smtp = await startSmtp()
  try {
    const session = await officeWithMail(freshDesk, smtp.port)
    const customer = await freshDesk.call(
      'customers.create',
      { kind: 'person', firstName: 'Jadwiga', lastName: 'Śliwińska', email: 'jadwiga.sliwinska@example.pl', correspondenceAddress: { street: 'Hrubieszowska', houseNo: '5', flatNo: '2', postalCode: '22-400', city: 'Zamość' } },
      session,
    )

    await page.goto(freshDesk.url)
    await new LoginPage(page).signIn(ADMIN.login, ADMIN.password)
    const shell = new ShellPage(page)
    await shell.expectSignedIn(ADMIN.fullName)
    const pulpit = new CasesDashboardPanel(page)
    await expect(pulpit.count('unrouted')).toHaveText('0')
    await expect(pulpit.count('open')).toHaveText('0')

    // 1. The phone rings: a burst pipe. Typed without the mouse, in the order of the call.
    await shell.navLink('Sprawy i awarie').click()
    await page.getByTestId('new-failure').click()
    const form = new FailureFormPage(page)
    await expect(form.location).toBeFocused()
    // Saving too early names what is missing, next to the field.
    await page.keyboard.press('Control+Enter')
    await expect(form.errorOf(form.location)).toHaveText('Miejsce awarii: pole wymagane')
    await expect(form.location).toBeFocused()
    await page.keyboard.type('ul. Żeromskiego 7, przy bramie od podwórza')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Woda wypływa spod studzienki, zalewa piwnicę sąsiedniego budynku')
    await page.keyboard.press('Tab')
    await page.keyboard.type('601 234 567')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Zofia Łęcka')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Space')
    await expect(form.urgent).toBeChecked()
    await saveScreen(page, 'cases-failure-form')
    await page.keyboard.press('Control+Enter')

    const casePage = new CasePage(page)
    const failureNo = await casePage.expectOpened()
    expect(failureNo).toMatch(/\/00001$/)
    await expect(casePage.action('Przekaż ekipie')).toBeFocused()
    await expect(casePage.term).toContainText('do przekazania natychmiast')

    await goToPulpit(page)
    await expect(pulpit.count('unrouted')).toHaveText('1')
    await expect(pulpit.count('open')).toHaveText('1')
    await saveScreen(page, 'cases-pulpit-unrouted')

    // From the count straight to the report, and on to the crew.
    await pulpit.tile('unrouted').click()
    await expect(page.getByTestId('cases-table').locator('tbody tr')).toHaveCount(1)
    await page.getByRole('link', { name: failureNo }).click()
    await casePage.action('Przekaż ekipie').click()
    const routeDialog = page.getByRole('dialog', { name: 'Przekazanie zgłoszenia ekipie' })
    await expect(routeDialog.getByLabel('Dział')).toHaveValue('emergency')
    await routeDialog.getByLabel(/^Uwagi dla ekipy/).fill('Zabrać pompę')
    await routeDialog.getByRole('button', { name: 'Przekaż' }).click()
    await expect(routeDialog).toBeHidden()
    await expect(casePage.status).toHaveText('W toku')
    await expect(casePage.timeline).toContainText('Przekazano: Pogotowie wodociągowo-kanalizacyjne')
    await expect(casePage.timeline).toContainText('Zabrać pompę')

    // The dispatch sheet for the crew, read back from the PDF.
    const sheetText = pdfTextOfFile(await previewedPdf(page, () => casePage.action('Karta zgłoszenia (PDF)').click()))
    expect(sheetText).toContain(`Karta zgłoszenia awarii nr ${failureNo}`)
    expect(sheetText).toContain('ul. Żeromskiego 7, przy bramie od podwórza')
    expect(sheetText).toContain('601 234 567')

    await goToPulpit(page)
    await expect(pulpit.count('unrouted')).toHaveText('0')
    await expect(pulpit.count('open')).toHaveText('1')

    // 2. At the counter: a complaint about an invoice, registered from the customer's card.
    await shell.openSearch('Control+k')
    await shell.searchInput.pressSequentially('sliwinska')
    await expect(shell.searchOptions.first()).toContainText('Jadwiga Śliwińska')
    await shell.searchInput.press('Enter')
    const cardCases = new CaseCardCasesSection(page)
    await expect(cardCases.empty).toBeVisible()
    await cardCases.reportCase.click()
    await expect(page.getByTestId('case-customer')).toContainText('Jadwiga Śliwińska')
    await expect(page.getByLabel('Rodzaj sprawy')).toHaveValue('invoice_complaint')
    await page.getByLabel('Temat').fill('Zawyżone zużycie na fakturze za październik')
    await page.getByLabel('Treść sprawy').fill('Klientka kwestionuje zużycie 48 m³; zwykle ok. 12 m³.')
    await page.getByLabel('Treść sprawy').press('Control+Enter')
    const complaintNo = await casePage.expectOpened()
    const due = formatDate(dueDateFor(CASE_TYPE_INFO.invoice_complaint.term, businessDate()))
    await expect(casePage.term).toContainText(due)

    await goToPulpit(page)
    await expect(pulpit.count('open')).toHaveText('2')
    await expect(pulpit.count('unrouted')).toHaveText('0')

    // 3. The answer, from a template, by e-mail.
    await pulpit.tile('open').click()
    await page.getByRole('link', { name: complaintNo }).click()
    await casePage.action('Odpowiedz ze wzoru').click()
    const reply = page.getByTestId('reply-form')
    await reply.getByLabel('Wzór').selectOption({ label: 'Reklamacja uwzględniona' })
    const body = reply.getByLabel('Treść pisma')
    await expect(body).toHaveValue(/nr klienta K1-000001/)
    await expect(reply.getByText('Uzupełnij w treści miejsca oznaczone [[…]]')).toBeVisible()
    await expect(reply.getByRole('radio', { name: /^E-mail/ })).toBeChecked()
    await expect(reply.getByLabel('E-mail adresata')).toHaveValue('jadwiga.sliwinska@example.pl')
    // Sent with the gap left: refused, the message next to the text.
    await reply.getByRole('button', { name: 'Wyślij odpowiedź' }).click()
    await expect(body).toHaveAccessibleDescription('Treść pisma: uzupełnij miejsca oznaczone [[…]]')
    const text = await body.inputValue()
    await body.fill(text.replace(/\[\[[^\]]*\]\]/, 'Wystawiliśmy fakturę korygującą nr FK/K1/2026/00003 na kwotę 128,52 zł.'))
    await saveScreen(page, 'cases-reply')
    await reply.getByRole('button', { name: 'Wyślij odpowiedź' }).click()
    await expect(reply).toBeHidden()
    await expect(casePage.status).toHaveText('Udzielono odpowiedzi')
    await expect(casePage.replies).toContainText('e-mail do jadwiga.sliwinska@example.pl')

    const mail = await smtp.next()
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('jadwiga.sliwinska@example.pl')
    expect(mail.subject).toBe(`Odpowiedź na reklamację — sprawa ${complaintNo}`)
    expect(mail.text).toContain('Wystawiliśmy fakturę korygującą nr FK/K1/2026/00003 na kwotę 128,52 zł.')
    expect(mail.attachments.map((a) => a.filename)).toEqual([`odpowiedz-${complaintNo.replaceAll('/', '-')}.pdf`])
    // The case shows the mail as sent once the outbox has recorded it — without reloading the page.
    await expect(page.getByTestId('reply-mail-state')).toHaveText('wysłano', { timeout: 20_000 })
    await saveScreen(page, 'cases-detail-answered')

    await goToPulpit(page)
    await expect(pulpit.count('open')).toHaveText('1')
    await expect(pulpit.count('overdue')).toHaveText('0')
    await expect(pulpit.count('today')).toHaveText('0')

    // The customer's card lists the complaint, answered.
    await page.goto(`${freshDesk.origin}/#/klienci/${customer.id}`)
    const cardRows = cardCases.table.locator('tbody tr')
    await expect(cardRows).toHaveCount(1)
    await expect(cardRows.first()).toContainText(complaintNo)
    await expect(cardRows.first()).toContainText('Udzielono odpowiedzi')
    await cardCases.section.scrollIntoViewIfNeeded()
    await saveScreen(page, 'cases-customer-card')
  } finally {
    await smtp.close()
  }
})

test('closed cases stay findable in the list by place and by customer', async ({ page, freshDesk }) => {
  await freshDesk.call('system.setup', { office: OFFICE, admin: ADMIN })
  const session = await freshDesk.login(ADMIN.login, ADMIN.password)
  const report = await freshDesk.call(
    'cases.create',
    { type: 'failure', channel: 'phone', description: 'Brak wody w całym bloku', location: 'ul. Szczebrzeska 41', callbackPhone: '84 639 00 11', urgency: 'normal' },
    session,
  )
  await freshDesk.call('cases.route', { id: report.id, department: 'water_network' }, session)
  await freshDesk.call('cases.close', { id: report.id, resolution: 'Wymieniono zasuwę' }, session)

  await page.goto(freshDesk.url)
  await new LoginPage(page).signIn(ADMIN.login, ADMIN.password)
  await new ShellPage(page).navLink('Sprawy i awarie').click()
  // By default the list shows waiting cases: the closed one is not among them …
  await expect(page.getByText('Brak spraw spełniających warunki.')).toBeVisible()
  // … but any state and the name of the street find it, without Polish letters.
  await page.getByLabel('Stan').selectOption('all')
  await page.getByLabel('Szukaj spraw').fill('szczebrzeska')
  const rows = page.getByTestId('cases-table').locator('tbody tr')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText(report.caseNo)
  await expect(rows.first()).toContainText('Zamknięta')
  await saveScreen(page, 'cases-list-closed')
  await page.getByLabel('Szukaj spraw').fill('wymieniono zasuwe')
  await expect(rows).toHaveCount(1)
})
