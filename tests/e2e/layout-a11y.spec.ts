// Every main screen at the oldest office resolution (1366×768): nothing scrolls sideways, the shell
// never scrolls as a whole (only its content pane does), and axe finds no serious or critical issue.
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { DEMO_PASSWORD, expect, expectNoHorizontalScroll, pdfTextOfFile, previewedPdf, saveScreen, test, waitForApiIdle, watchPreviews, type DeskServer } from './fixtures'
import { CustomerCardPage } from './pages/CustomerCardPage'
import { LoginPage } from './pages/LoginPage'
import { ShellPage } from './pages/ShellPage'

/** The hash routes of the main screens (admin sees them all), with a name for the screenshot. */
const SCREENS: [name: string, hash: string][] = [
  ['pulpit', '#/'],
  ['klienci', '#/klienci'],
  ['nowy-klient', '#/klienci/nowy'],
  ['wnioski', '#/wnioski'],
  ['nowy-wniosek', '#/wnioski/nowy'],
  ['zgody', '#/zgody'],
  ['wodomierze', '#/wodomierze'],
  ['odczyty', '#/odczyty'],
  ['import', '#/import'],
  ['faktury', '#/faktury'],
  ['rozliczenie', '#/faktury/rozliczenie'],
  ['rozliczenia', '#/rozliczenia'],
  ['sprawy', '#/sprawy'],
  ['nowa-sprawa', '#/sprawy/nowa'],
  ['awaria', '#/sprawy/awaria'],
  ['poczta', '#/poczta'],
  ['synchronizacja', '#/synchronizacja'],
  ['konflikty', '#/synchronizacja/konflikty'],
  ['ustawienia-biuro', '#/ustawienia/biuro'],
  ['ustawienia-pracownicy', '#/ustawienia/pracownicy'],
  ['ustawienia-kopie', '#/ustawienia/kopie'],
  ['ustawienia-poczta', '#/ustawienia/poczta'],
]

/** The whole window never scrolls: the document is exactly as tall as the window and sits at 0. */
async function expectShellNotScrolled(page: Page, where: string): Promise<void> {
  const state = await page.evaluate(() => ({
    scrollY: window.scrollY,
    scrollX: window.scrollX,
    height: document.documentElement.scrollHeight,
    window: window.innerHeight,
  }))
  expect(state, `${where}: the window scrolled or is taller than the screen`).toEqual({ scrollY: 0, scrollX: 0, height: state.window, window: state.window })
}

async function expectNoSeriousAxeViolations(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze()
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)
  expect(serious, `${where}: axe found serious or critical violations`).toEqual([])
}

/** No browser date picker shows "mm/dd/yyyy" and no file input "Choose File": ours speak Polish. */
async function expectPolishDateAndFileFields(page: Page, where: string): Promise<void> {
  const foreign = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLInputElement>('input[type="date"], input[type="month"], input[type="datetime-local"], input[type="file"]')]
      .filter((el) => !el.matches('.date-input__native, .file-input__native, .visually-hidden'))
      .map((el) => `${el.type}#${el.id}`),
  )
  expect(foreign, `${where}: date or file inputs in the browser's own language`).toEqual([])
}

async function someCustomer(desk: DeskServer): Promise<{ id: string; invoiceId: string | null }> {
  const session = await desk.login('admin', DEMO_PASSWORD)
  const [hit] = await desk.call('customers.search', { query: 'a', limit: 1 }, session)
  const invoices = await desk.call('invoices.list', { customerId: hit.id }, session)
  return { id: hit.id, invoiceId: invoices[0]?.id ?? null }
}

async function signIn(page: Page, desk: DeskServer): Promise<void> {
  await page.goto(desk.url)
  await new LoginPage(page).signIn('admin', DEMO_PASSWORD)
  await expect(new ShellPage(page).signedInName).toBeVisible()
}

async function openScreen(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash)
  await expect(page.locator('main h1').first()).toBeVisible()
  // Lists load after the heading; give them their rows (or their empty note) before measuring.
  await waitForApiIdle(page)
}

test('every main screen fits 1366×768 without scrolling the shell and has no serious axe violation', async ({ page, demoDesk }) => {
  test.setTimeout(240_000)
  const customer = await someCustomer(demoDesk)
  await signIn(page, demoDesk)
  const screens: [string, string][] = [...SCREENS, ['karta-klienta', `#/klienci/${customer.id}`]]
  if (customer.invoiceId) screens.push(['faktura', `#/faktury/${customer.invoiceId}`])
  for (const [name, hash] of screens) {
    await openScreen(page, hash)
    await expectNoHorizontalScroll(page)
    await expectShellNotScrolled(page, name)
    await expectPolishDateAndFileFields(page, name)
    await expectNoSeriousAxeViolations(page, name)
    await saveScreen(page, `layout-${name}`)
  }
})

test('clicking every section of the customer card scrolls the card, never the window; sticky headers stay under the top bar', async ({ page, demoDesk }) => {
  const customer = await someCustomer(demoDesk)
  await signIn(page, demoDesk)
  await openScreen(page, `#/klienci/${customer.id}`)
  const card = new CustomerCardPage(page)
  await expect(card.contractsTable).toBeVisible()
  const sections = page.getByRole('navigation', { name: 'Sekcje karty' }).getByRole('button')
  const count = await sections.count()
  expect(count).toBeGreaterThan(8)
  const topBar = page.locator('.top-bar')
  for (let i = 0; i < count; i++) {
    const label = (await sections.nth(i).innerText()).trim()
    await sections.nth(i).click()
    await expectShellNotScrolled(page, `after "${label}"`)
    await expect(topBar).toBeInViewport()
    expect((await topBar.boundingBox())?.y, `the top bar moved after "${label}"`).toBe(0)
  }
  // Scrolled into the invoices, their table header sticks flush to the top of the content pane:
  // no row shows above it.
  await sections.filter({ hasText: 'Faktury' }).click()
  const main = page.locator('main')
  const table = page.locator('#card-invoices table').first()
  await expect(table).toBeVisible()
  await main.evaluate((el, t) => el.scrollBy(0, t!.getBoundingClientRect().top - el.getBoundingClientRect().top + 150), await table.elementHandle())
  const mainTop = (await main.boundingBox())!.y
  const headerTop = (await table.locator('thead th').first().boundingBox())!.y
  expect(Math.abs(headerTop - mainTop), 'the sticky header is not at the top of the content pane').toBeLessThanOrEqual(1)
  await expectShellNotScrolled(page, 'after scrolling the invoices')
  await saveScreen(page, 'card-after-sections')
})

test('the top bar at 1366 px shows the office and the desk beside the search box; the Pulpit counts office-wide work, each a link to its list', async ({ page, demoDesk }) => {
  const session = await demoDesk.login('admin', DEMO_PASSWORD)
  const counts = await demoDesk.call('dashboard.counts', {}, session)
  await signIn(page, demoDesk)

  // The office and the desk are on screen, not under the search box.
  const office = page.getByTestId('top-bar-office')
  const station = page.getByTestId('top-bar-station')
  await expect(station).toHaveText('Okienko 1')
  const searchBox = (await page.locator('.top-bar__search').boundingBox())!
  for (const el of [office, station]) {
    const box = (await el.boundingBox())!
    expect(box.x + box.width, 'hidden under the search box').toBeLessThanOrEqual(searchBox.x)
    expect(box.width).toBeGreaterThan(60)
  }
  expect(await station.evaluate((el) => el.scrollWidth <= el.clientWidth), 'the desk name is cut').toBe(true)
  expect((await office.boundingBox())!.width, 'too little of the office name is shown').toBeGreaterThanOrEqual(150)
  await expect(office).toHaveAttribute('title', /Przedsiębiorstwo Gospodarki Komunalnej/)

  const work = page.getByTestId('dashboard-work')
  await expect(work.getByTestId('work-count-meters')).toContainText(`${counts.metersEndingThisMonth}Legalizacja wodomierza kończy się w tym miesiącu`)
  await expect(work.getByTestId('work-count-conflicts')).toContainText(`${counts.openConflicts}Konflikty synchronizacji`)
  await expect(work.getByTestId('work-count-readings')).toContainText(`${counts.readingsToReview}Odczyty do wyjaśnienia`)
  await expect(work.getByTestId('work-count-cases-soon')).toContainText(`${counts.casesDueSoon}Sprawy z terminem w ciągu 3 dni`)
  await saveScreen(page, 'dashboard-work')

  // Each tile opens its list, filtered to what it counted.
  await work.getByTestId('work-count-meters').click()
  await expect(page.getByTestId('due-this-month')).toContainText(`(${counts.metersEndingThisMonth})`)
  if (counts.metersEndingThisMonth) await expect(page.getByTestId('due-table').locator('tbody tr')).toHaveCount(counts.metersEndingThisMonth)
  await expectNoHorizontalScroll(page)
  await saveScreen(page, 'meters-this-month')

  await page.goBack()
  await work.getByTestId('work-count-cases-soon').click()
  await expect(page.getByLabel('Termin')).toHaveValue('soon')
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await waitForApiIdle(page)
  await expect(page.getByTestId('cases-table').locator('tbody tr')).toHaveCount(counts.casesDueSoon)

  await page.goBack()
  await work.getByTestId('work-count-readings').click()
  await expect(page).toHaveURL(/#\/odczyty$/)
  if (counts.readingsToReview) await expect(page.getByTestId('flagged-table').locator('tbody tr')).toHaveCount(counts.readingsToReview)

  await page.goBack()
  await work.getByTestId('work-count-conflicts').click()
  await expect(page).toHaveURL(/#\/synchronizacja\/konflikty$/)
})

test('dates are typed DD.MM.RRRR (billing month MM.RRRR) and file pickers speak Polish', async ({ page, demoDesk }) => {
  await signIn(page, demoDesk)
  await openScreen(page, '#/faktury/rozliczenie')
  const month = page.getByLabel('Miesiąc', { exact: true })
  await expect(month).toHaveValue(/^\d{2}\.\d{4}$/)
  await month.fill('13.2026')
  await month.press('Tab')
  await expect(page.getByText('Miesiąc: podaj miesiąc w formacie MM.RRRR')).toBeVisible()
  await month.fill('10.2026')
  await month.press('Tab')
  await expect(page.getByText('Miesiąc: podaj miesiąc w formacie MM.RRRR')).toHaveCount(0)
  await expect(page.getByLabel('Data wystawienia')).toHaveValue(/^\d{2}\.\d{2}\.\d{4}$/)
  await saveScreen(page, 'billing-month-field')

  await openScreen(page, '#/faktury')
  const from = page.getByLabel('Wystawione od')
  await from.fill('1.11.2026')
  await expect(from).toHaveValue('1.11.2026')
  await from.press('Tab')
  // The calendar button opens the browser's picker (showPicker did not refuse: focus stays on it).
  const pickButton = page.locator('.date-input', { has: from }).getByRole('button', { name: /Wybierz z kalendarza/ })
  await pickButton.click()
  await expect(pickButton).toBeFocused()
  await page.keyboard.press('Escape')
  await saveScreen(page, 'invoices-date-filter')

  await openScreen(page, '#/import')
  const file = page.locator('.file-input').first()
  await expect(file).toContainText('Wybierz plik')
  await expect(file).toContainText('Nie wybrano pliku')
  await page.getByLabel('Plik CSV').setInputFiles({ name: 'inkasent-1.csv', mimeType: 'text/csv', buffer: Buffer.from('Nr wodomierza;Data odczytu;Stan\r\n') })
  await expect(file).toContainText('inkasent-1.csv')
  await saveScreen(page, 'import-file-picker')
})

test('"Drukuj" in browser mode never downloads silently: a blocked new tab leaves the preview one click away', async ({ page, demoDesk }) => {
  await signIn(page, demoDesk)
  await openScreen(page, '#/wodomierze')
  await watchPreviews(page)
  // As a browser with a strict popup blocker would answer.
  await page.evaluate(() => (window.open = () => null))
  let downloaded = false
  page.on('download', () => (downloaded = true))
  await page.getByTestId('due-pdf').click()
  const dialog = page.getByRole('dialog', { name: 'Podgląd wydruku' })
  await expect(dialog).toContainText(/Otwórz podgląd dokumentu „wodomierze-do-wymiany-\d{8}\.pdf” i wydrukuj go stamtąd/)
  await saveScreen(page, 'pdf-preview-dialog')
  const file = await previewedPdf(page, () => dialog.getByTestId('pdf-preview-open').click())
  expect(pdfTextOfFile(file)).toContain('Wodomierze do wymiany — stan na')
  await expect(dialog).toBeHidden()
  expect(downloaded).toBe(false)
  // Nothing claims a file was saved to the downloads.
  await expect(page.locator('.notice').filter({ hasText: /Zapisano plik|pobranych/ })).toHaveCount(0)
})
