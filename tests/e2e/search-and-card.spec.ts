// The counter loop: find the customer from the keyboard, see the card, go back.
import { customerWithDiacritics } from './demo'
import { DEMO_PASSWORD, expect, expectNoHorizontalScroll, saveScreen, test } from './fixtures'
import { CustomerCardPage } from './pages/CustomerCardPage'
import { LoginPage } from './pages/LoginPage'
import { ShellPage } from './pages/ShellPage'

test('a clerk finds a customer by the name typed without Polish letters and opens the card', async ({ page, demoDesk }) => {
  const { hit, folded } = await customerWithDiacritics(demoDesk)
  expect(folded).not.toBe(hit.displayName)

  await page.goto(demoDesk.url)
  await new LoginPage(page).signIn('urzednik', DEMO_PASSWORD)
  const shell = new ShellPage(page)
  await expect(shell.signedInName).toBeVisible()

  await shell.openSearch('Control+k')
  await shell.searchInput.pressSequentially(folded)
  const first = shell.searchOptions.first()
  await expect(first).toContainText(hit.displayName)
  await expect(first).toContainText(hit.customerNo)
  await expect(first).toContainText(hit.address)
  await expect(first).toHaveAttribute('aria-selected', 'true')
  await expectNoHorizontalScroll(page)
  await saveScreen(page, 'shell-search')

  await shell.searchInput.press('Enter')
  const card = new CustomerCardPage(page)
  await expect(card.name).toHaveText(hit.displayName)
  await expect(card.name).toBeFocused()
  await expect(card.customerNo).toHaveText(hit.customerNo)
  await expect(card.contractsTable).toBeVisible()
  await expect(card.contractsTable.locator('tbody tr').first()).toBeVisible()
  // PESEL is masked until the clerk asks for it.
  if (await card.pesel.count()) {
    await expect(card.pesel).toHaveText(/^•{7}\d{4}$/)
    await page.getByRole('button', { name: 'Pokaż pełny PESEL' }).click()
    await expect(card.pesel).toHaveText(/^\d{11}$/)
  }
  // A clerk does not see the change history (supervisor and admin do).
  await expect(card.history).toHaveCount(0)
  await expectNoHorizontalScroll(page)
  await saveScreen(page, 'customer-card')

  // Esc goes back to where the clerk came from; the card is now among the recent ones.
  await page.keyboard.press('Escape')
  await expect(page.getByRole('heading', { level: 1, name: /^(Dzień dobry|Dobry wieczór)/ })).toBeVisible()
  await expect(page.getByRole('link', { name: hit.displayName })).toBeVisible()
})

test('F2 opens the search from any screen, arrows choose a hit and Esc closes it', async ({ page, demoDesk }) => {
  await page.goto(demoDesk.url)
  await new LoginPage(page).signIn('kierownik', DEMO_PASSWORD)
  const shell = new ShellPage(page)
  await shell.navLink('Klienci').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Klienci' })).toBeVisible()

  await shell.openSearch('F2')
  await shell.searchInput.pressSequentially('a')
  await expect(shell.searchOptions.nth(1)).toBeVisible()
  await shell.searchInput.press('ArrowDown')
  await expect(shell.searchOptions.nth(1)).toHaveAttribute('aria-selected', 'true')
  const second = (await shell.searchOptions.nth(1).locator('.search-hit__name').textContent())!
  await shell.searchInput.press('Escape')
  await expect(shell.searchDialog).toBeHidden()
  // Esc closed only the search, it did not navigate.
  await expect(page.getByRole('heading', { level: 1, name: 'Klienci' })).toBeVisible()

  await shell.openSearch('F2')
  await shell.searchInput.pressSequentially('a')
  await expect(shell.searchOptions.nth(1)).toBeVisible()
  await shell.searchInput.press('ArrowDown')
  await shell.searchInput.press('Enter')
  const card = new CustomerCardPage(page)
  await expect(card.name).toHaveText(second)
  // A supervisor sees the change history.
  await expect(card.history).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('heading', { level: 1, name: 'Klienci' })).toBeVisible()
})

test('the Klienci page finds a customer by number as an exact match', async ({ page, demoDesk }) => {
  const { hit } = await customerWithDiacritics(demoDesk)
  await page.goto(demoDesk.url)
  await new LoginPage(page).signIn('urzednik', DEMO_PASSWORD)
  await new ShellPage(page).navLink('Klienci').click()
  const search = page.getByRole('searchbox', { name: 'Szukaj klienta' })
  await expect(search).toBeFocused()
  await search.pressSequentially(hit.customerNo)
  const row = page.getByRole('row', { name: new RegExp(hit.customerNo) })
  await expect(row).toContainText(hit.displayName)
  await expect(row).toContainText('zgodny nr klienta')
  await search.press('Enter')
  await expect(new CustomerCardPage(page).name).toHaveText(hit.displayName)
  await page.keyboard.press('Escape')
  // Back on the list, the search is still there.
  await expect(search).toHaveValue(hit.customerNo)
  await expect(row).toBeVisible()
})
