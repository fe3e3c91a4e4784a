// Rozliczenie miesiąca: the preview lists contracts billed against their e-invoice consent state,
// and issuing asks first — a dialog with the count and the total, usable from the keyboard: Esc
// cancels (nothing issued), Enter on the focused button issues.
import { formatGrosze } from '../../shared/domain/money'
import { DEMO_PASSWORD, expect, expectNoHorizontalScroll, saveScreen, startDesk, test } from './fixtures'
import { LoginPage } from './pages/LoginPage'
import { ShellPage } from './pages/ShellPage'

test('the billing preview lists consent mismatches and the run asks for confirmation with the count and total', async ({ page }) => {
  test.setTimeout(240_000)
  const desk = await startDesk()
  try {
    await desk.call('system.loadDemo', { customers: 40, seed: 11 })
    const session = await desk.login('kierownik', DEMO_PASSWORD)
    // The demo has billed every finished month; a new customer in the e-invoice group, without an
    // e-invoice acceptance, is due for September–October.
    const group = (await desk.call('tariffs.groups', {}, session)).find((g) => g.eInvoice && g.billingCycle === 'bimonthly')!
    const address = { street: 'Lwowska', houseNo: '77', flatNo: null, postalCode: '22-400', city: 'Zamość' }
    const customer = await desk.call('customers.create', { kind: 'person', firstName: 'Bogdan', lastName: 'Zieliński', email: 'bogdan@example.pl', correspondenceAddress: address }, session)
    const contract = await desk.call('contracts.create', { customerId: customer.id, supplyPointAddress: address, services: 'water_sewage', tariffGroupId: group.id, startDate: '2026-09-01' }, session)
    const meter = await desk.call(
      'meters.install',
      { supplyPointId: contract.supplyPoint.id, serialNo: 'ZM77000001', kind: 'main', diameterMm: 15, installedOn: '2026-09-01', legalisationYear: 2026, sealNo: 'PL7700001', initialM3: 0 },
      session,
    )
    await desk.call('readings.record', { meterId: meter.id, readOn: '2026-10-28', valueM3: 9, kind: 'reader' }, session)

    await page.setViewportSize({ width: 1366, height: 768 })
    await page.goto(desk.url)
    await new LoginPage(page).signIn('kierownik', DEMO_PASSWORD)
    await expect(new ShellPage(page).signedInName).toBeVisible()
    await page.goto(`${desk.origin}/#/faktury/rozliczenie`)
    await page.getByLabel('Miesiąc', { exact: true }).fill('10.2026')
    await page.getByLabel('Miesiąc', { exact: true }).press('Tab')
    await page.getByTestId('billing-preview').click()

    const mismatches = page.getByTestId('billing-mismatches')
    await expect(mismatches).toBeVisible()
    await expect(page.getByRole('heading', { name: /1 umowa rozliczana niezgodnie ze zgodą na e-fakturę/ })).toBeVisible()
    const row = mismatches.getByRole('row', { name: /Bogdan Zieliński/ })
    await expect(row).toContainText(group.name)
    await expect(row).toContainText('grupa e-faktury bez akceptacji e-faktury — abonament jak dla e-faktury, faktura do druku')
    await expectNoHorizontalScroll(page)
    await saveScreen(page, 'billing-mismatches')

    const preview = await desk.call('billing.preview', { month: '2026-10' }, session)
    const count = preview.totals.count
    expect(count).toBeGreaterThan(0)
    const runsBefore = (await desk.call('billing.runs', { limit: 24 }, session)).length

    // The button asks first; Esc cancels and nothing is issued.
    const runButton = page.getByTestId('billing-run')
    await runButton.click()
    const dialog = page.getByRole('dialog', { name: 'Wystawić faktury za 10.2026?' })
    await expect(dialog).toBeVisible()
    const total = formatGrosze(preview.totals.gross).replace(/[\s\u00a0\u202f]/g, '[\\s\\u00a0\\u202f]')
    await expect(dialog).toContainText(new RegExp(`${count} faktur\\S* na łączną kwotę ${total} brutto`))
    await expect(dialog).toContainText('W tym 1 umowa rozliczana niezgodnie ze zgodą na e-fakturę')
    await saveScreen(page, 'billing-confirm')
    await page.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
    expect((await desk.call('billing.runs', { limit: 24 }, session)).length).toBe(runsBefore)

    // From the keyboard: the dialog opens with the issue button focused; Enter issues.
    await runButton.focus()
    await page.keyboard.press('Enter')
    await expect(dialog).toBeVisible()
    await expect(dialog.getByTestId('billing-confirm-run')).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('billing-report')).toBeVisible({ timeout: 120_000 })
    await expect(page.getByTestId('billing-report')).toContainText(String(count))
    const runs = await desk.call('billing.runs', { limit: 24 }, session)
    expect(runs.length).toBe(runsBefore + 1)
    expect(runs[0]).toMatchObject({ month: '2026-10', issuedCount: count })
  } finally {
    await desk.stop()
  }
})
