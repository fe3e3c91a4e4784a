// Signing in, the desk lock and who sees what.
import { DEMO_PASSWORD, expect, saveScreen, test } from './fixtures'
import { LoginPage } from './pages/LoginPage'
import { ShellPage } from './pages/ShellPage'

test('a wrong password is refused in Polish, in the same words as an unknown login', async ({ page, demoDesk }) => {
  await page.goto(demoDesk.url)
  const login = new LoginPage(page)
  await login.expectVisible()
  await expect(login.office).toContainText('Zamo')
  await expect(login.station).toHaveText('Stanowisko: Okienko 1')
  await saveScreen(page, 'login')

  await login.signIn('kierownik', 'Zle-haslo-123')
  await expect(login.errorOf(login.password)).toHaveText('Nieprawidłowy login lub hasło')
  await expect(login.password).toHaveValue('')
  await expect(login.password).toBeFocused()
  await saveScreen(page, 'login-error')
  // A login that does not exist gets the very same answer: nothing tells which logins exist.
  await login.signIn('nie.ma.takiego', 'Zle-haslo-123')
  await expect(login.errorOf(login.password)).toHaveText('Nieprawidłowy login lub hasło')

  await login.signIn('kierownik', DEMO_PASSWORD)
  await expect(new ShellPage(page).signedInName).toBeVisible()
})

test('the clerk locks the desk and unlocks it with the password; a reload keeps it locked', async ({ page, demoDesk }) => {
  await page.goto(demoDesk.url)
  await new LoginPage(page).signIn('urzednik', DEMO_PASSWORD)
  const shell = new ShellPage(page)
  const name = (await shell.signedInName.textContent())!

  await shell.lock()
  await expect(shell.lockScreen).toContainText(`Zalogowany: ${name} (urzędnik)`)
  // Nothing behind the lock is reachable.
  await expect(shell.nav).toBeHidden()
  await saveScreen(page, 'lock-screen')

  await page.reload()
  await expect(shell.lockScreen).toBeVisible()

  await shell.unlock('Zle-haslo-123')
  await expect(shell.lockScreen.locator('.field__error')).toContainText('Nieprawidłowe hasło')
  await shell.unlock(DEMO_PASSWORD)
  await expect(shell.lockScreen).toBeHidden()
  await expect(shell.navLink('Klienci')).toBeVisible()
})

test('the desk locks itself after the idle minutes without keyboard or mouse', async ({ page, demoDesk }) => {
  const { idleLockMinutes } = await demoDesk.call('staff.login', { login: 'urzednik', password: DEMO_PASSWORD })
  await page.clock.install()
  await page.goto(demoDesk.url)
  await new LoginPage(page).signIn('urzednik', DEMO_PASSWORD)
  const shell = new ShellPage(page)
  await expect(shell.signedInName).toBeVisible()

  await page.clock.fastForward(idleLockMinutes * 60_000 - 30_000)
  await expect(shell.lockScreen).toBeHidden()
  await page.clock.fastForward(40_000)
  await expect(shell.lockScreen).toBeVisible()
  await shell.unlock(DEMO_PASSWORD)
  await expect(shell.lockScreen).toBeHidden()
})

test('a clerk does not see Ustawienia, not even by address; Tab follows the reading order', async ({ page, demoDesk }) => {
  await page.goto(demoDesk.url)
  await new LoginPage(page).signIn('urzednik', DEMO_PASSWORD)
  const shell = new ShellPage(page)
  await expect(shell.navLink('Klienci')).toBeVisible()

  const order: string[] = []
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press('Tab')
    order.push(await page.evaluate(() => (document.activeElement as HTMLElement).innerText.replace(/\s+/g, ' ').trim()))
  }
  // The top bar comes first, left to right, then the navigation (other items may sit between).
  // At 1366 px the search box shows no key hints (its shortcuts are in aria-keyshortcuts and on the Pulpit).
  const landmarks = ['Przejdź do treści', 'Szukaj klienta…', 'Zmień hasło', 'Zablokuj', 'Wyloguj', 'Pulpit', 'Klienci']
  const positions = landmarks.map((text) => order.indexOf(text))
  expect(positions.every((p) => p >= 0), `tab stops: ${order.join(' | ')}`).toBe(true)
  expect(positions).toEqual([...positions].sort((a, b) => a - b))

  await expect(shell.navLink('Pulpit')).toBeVisible()
  await expect(shell.navLink('Ustawienia')).toHaveCount(0)

  await page.goto(`${demoDesk.origin}/#/ustawienia/pracownicy`)
  await expect(page.getByRole('heading', { level: 1, name: /^(Dzień dobry|Dobry wieczór)/ })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Ustawienia' })).toHaveCount(0)

  await shell.logout()
  await new LoginPage(page).expectVisible()
})
