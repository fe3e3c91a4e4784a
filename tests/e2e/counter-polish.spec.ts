// Smaller things a clerk meets all day (issue 17): a Wniosek from the card starts empty and shows
// how it differs from the register; Alt+N opens it and F1 lists the shortcuts; the card's invoice
// table is one tab stop; a new iBOK password asks first and keeps the account active; the invoice
// view has no heading-order problem and the VAT table's total row has one border across.
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { addDays, businessDate } from '../../shared/domain/dates'
import type { CustomerCard } from '../../shared/api/types'
import { DEMO_PASSWORD, expect, expectNoHorizontalScroll, saveScreen, startDesk, test, type DeskServer } from './fixtures'
import { LoginPage } from './pages/LoginPage'
import { ShellPage } from './pages/ShellPage'

let desk: DeskServer
let admin: string

test.beforeAll(async () => {
  test.setTimeout(180_000)
  desk = await startDesk()
  await desk.call('system.loadDemo', { customers: 40, seed: 11 })
  admin = await desk.login('admin', DEMO_PASSWORD)
  await desk.call('registration.updateSettings', { portalUrl: 'https://ibok.pgk.zamosc.pl' }, admin)
})
test.afterAll(async () => {
  await desk?.stop()
})

/** Demo customers with several recent invoices and an active contract, without an iBOK account. */
async function customersWithInvoices(): Promise<{ card: CustomerCard; invoiceNo: string; invoices: number }[]> {
  const list = await desk.call('invoices.list', { from: addDays(businessDate(), -200), limit: 200 }, admin)
  const out: { card: CustomerCard; invoiceNo: string; invoices: number }[] = []
  for (const id of [...new Set(list.filter((i) => i.kind === 'invoice').map((i) => i.customerId))]) {
    const card = await desk.call('customers.get', { id }, admin)
    const account = await desk.call('registration.account', { customerId: id }, admin)
    const all = await desk.call('invoices.list', { customerId: id, limit: 200 }, admin)
    if (card.customer.kind === 'person' && !account && card.contracts.some((k) => k.status === 'active')) {
      out.push({ card, invoiceNo: list.find((i) => i.customerId === id)!.number, invoices: all.length })
    }
    if (out.length >= 3) break
  }
  return out
}

async function signIn(page: Page, login = 'kierownik') {
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.goto(desk.url)
  await new LoginPage(page).signIn(login, DEMO_PASSWORD)
  await expect(new ShellPage(page).signedInName).toBeVisible()
}

test('a Wniosek from the card starts empty and shows the differences from the register; Alt+N opens it, F1 lists the shortcuts', async ({ page }) => {
  const [{ card }] = await customersWithInvoices()
  const c = card.customer
  await signIn(page)
  await page.goto(`${desk.origin}/#/klienci/${c.id}`)
  await expect(page.getByRole('heading', { level: 1, name: c.displayName })).toBeVisible()

  await page.getByRole('link', { name: 'Przyjmij wniosek rejestracyjny' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Nowy wniosek rejestracyjny iBOK' })).toBeVisible()
  // Empty: the clerk types what the paper says.
  await expect(page.getByLabel('Nr klienta', { exact: true })).toHaveValue('')
  await expect(page.getByLabel('Imię i nazwisko / nazwa firmy', { exact: true })).toHaveValue('')
  await expect(page.getByTestId('register-customer')).toContainText(c.customerNo)
  await page.getByLabel('Nr klienta', { exact: true }).fill(c.customerNo)
  await page.getByRole('textbox', { name: /^E-mail/ }).fill('inny.adres@example.pl')
  const diff = page.getByTestId('register-differences')
  await expect(diff).toContainText('na wniosku „inny.adres@example.pl”')
  await expect(diff).not.toContainText('Nr klienta')
  await expectNoHorizontalScroll(page)
  await saveScreen(page, 'wniosek-from-card')

  // Alt+N from the card: the same empty Wniosek for this customer.
  page.once('dialog', (d) => void d.accept()) // leaving the half-typed form
  await page.goto(`${desk.origin}/#/klienci/${c.id}`)
  await expect(page.getByRole('heading', { level: 1, name: c.displayName })).toBeVisible()
  await page.keyboard.press('Alt+n')
  await expect(page.getByRole('heading', { level: 1, name: 'Nowy wniosek rejestracyjny iBOK' })).toBeVisible()
  await expect(page.getByTestId('register-customer')).toContainText(c.customerNo)

  await page.keyboard.press('F1')
  const help = page.getByRole('dialog', { name: 'Skróty klawiszowe' })
  await expect(help).toBeVisible()
  await expect(help.getByRole('row', { name: /Alt\s*\+\s*N.*Nowy wniosek rejestracyjny iBOK/ })).toBeVisible()
  await saveScreen(page, 'shortcuts-help')
  await page.keyboard.press('Escape')
  await expect(help).toBeHidden()
})

test('the invoice table on the card is one tab stop; arrows move between invoices', async ({ page }) => {
  const found = (await customersWithInvoices()).find((x) => x.invoices >= 3)
  expect(found, 'a demo customer with three or more invoices').toBeDefined()
  await signIn(page, 'urzednik')
  await page.goto(`${desk.origin}/#/klienci/${found!.card.customer.id}`)
  const table = page.getByTestId('customer-invoices')
  const links = table.locator('a.row-link')
  await expect(links).toHaveCount(found!.invoices)
  await links.first().focus()
  await page.keyboard.press('ArrowDown')
  await expect(links.nth(1)).toBeFocused()
  // Tab leaves the table: no other invoice link takes the focus.
  await page.keyboard.press('Tab')
  const inTable = await table.evaluate((t) => t.contains(document.activeElement))
  expect(inTable).toBe(false)
  // Shift+Tab comes back to the invoice used last.
  await page.keyboard.press('Shift+Tab')
  await expect(links.nth(1)).toBeFocused()
  await expect(links.nth(2)).toHaveAttribute('tabindex', '-1')
  await expectNoHorizontalScroll(page)
  await saveScreen(page, 'card-invoices-one-tab-stop')
})

test('the invoice view: no heading-order violation, and the VAT total row has one border across all cells', async ({ page }) => {
  const [{ card }] = await customersWithInvoices()
  const [inv] = await desk.call('invoices.list', { customerId: card.customer.id, limit: 5 }, admin)
  await signIn(page, 'urzednik')
  await page.goto(`${desk.origin}/#/faktury/${inv.id}`)
  await expect(page.getByTestId('invoice-rates')).toBeVisible()
  const axe = await new AxeBuilder({ page }).withRules(['heading-order']).analyze()
  expect(axe.violations.map((v) => v.id)).toEqual([])
  const cells = await page
    .getByTestId('invoice-rates')
    .locator('tbody tr:last-child > *')
    .evaluateAll((els) => els.map((el) => ({ top: Math.round(el.getBoundingClientRect().top), bottom: Math.round(el.getBoundingClientRect().bottom), border: getComputedStyle(el).borderTopWidth, below: getComputedStyle(el).borderBottomWidth })))
  expect(new Set(cells.map((c) => `${c.top}/${c.bottom}/${c.border}/${c.below}`)).size, JSON.stringify(cells)).toBe(1)
  expect(cells[0].border).toBe('1px')
  // The rates' text starts where the lines' text does, off the box's border.
  const textLeft = (testId: string) =>
    page
      .getByTestId(testId)
      .locator('tbody tr:first-child > :first-child')
      .evaluate((el) => Math.round(el.getBoundingClientRect().left + parseFloat(getComputedStyle(el).paddingLeft)))
  expect(await textLeft('invoice-rates')).toBe(await textLeft('invoice-lines'))
  await expectNoHorizontalScroll(page)
  await saveScreen(page, 'invoice-vat-table')
})

test('a new iBOK password asks first, says the old one stops working, and the active account stays active', async ({ page }) => {
  const [, { card, invoiceNo }] = await customersWithInvoices()
  const c = card.customer
  const point = card.contracts.find((k) => k.status === 'active')!.supplyPoint.address
  const regulamin = (await desk.call('consents.texts', {}, admin)).find((x) => x.textId === 'regulamin-ibok' && x.current)!
  const app = await desk.call(
    'registration.submit',
    { customerNo: c.customerNo, applicantName: c.displayName, supplyAddress: point, correspondenceAddress: null, email: 'klient@example.pl', phone: null, invoiceNo, acceptRegulamin: true, regulaminVersion: regulamin.version, acceptEInvoice: false, acceptSms: false, signedOn: businessDate(), scanId: null },
    admin,
  )
  await desk.call('registration.createAccount', { id: app.id, delivery: 'letter' }, admin)
  await desk.call('registration.recordActivation', { login: c.customerNo, activatedAt: new Date(Date.now() - 60_000).toISOString() }, admin)

  await signIn(page, 'urzednik')
  await page.goto(`${desk.origin}/#/klienci/${c.id}`)
  const state = page.getByTestId('portal-state')
  await expect(state).toHaveText(/^aktywne od /)
  const before = await state.textContent()

  await page.getByTestId('portal-reset-letter').click()
  const dialog = page.getByRole('dialog', { name: 'Nadać nowe hasło i wydrukować list?' })
  await expect(dialog).toContainText('Dotychczasowe hasło przestanie działać od razu')
  await expect(dialog).toContainText('Konto pozostaje aktywne')
  await saveScreen(page, 'portal-reset-confirm')
  // Esc: nothing happened.
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(state).toHaveText(before!)

  await page.getByTestId('portal-reset-letter').click()
  await dialog.getByTestId('portal-reset-go').click()
  await expect(dialog).toBeHidden()
  await expect(state).toHaveText(/^aktywne od .* · nowe hasło wysłane listem /)
  await expect(page.getByTestId('portal-account')).toContainText('aktywne')
})
