// First start: the office and its admin are set up through the screen, then the admin signs in.
import { expect, expectNoHorizontalScroll, saveScreen, test } from './fixtures'
import { FirstStartPage, type OfficeData } from './pages/FirstStartPage'
import { LoginPage } from './pages/LoginPage'
import { ShellPage } from './pages/ShellPage'

const OFFICE: OfficeData = {
  name: 'Przedsiębiorstwo Gospodarki Komunalnej Sp. z o.o. w Zamościu',
  nip: '922-000-35-60',
  street: 'Krucza',
  houseNo: '10',
  postalCode: '22-400',
  city: 'Zamość',
  phone: '84 638 42 11',
  email: 'bok@pgk.zamosc.pl',
  bankName: 'Bank Pekao S.A.',
  bankAccount: '05 1240 1372 1111 0000 1111 2222',
  invoiceSeries: 'FW',
  stationCode: 'K2',
  stationName: 'Okienko 2',
  idleLockMinutes: 10,
}
const ADMIN = { login: 'jkowalska', fullName: 'Józefa Kowalska', password: 'Pierwsze-haslo-2026' }

test('sets up the office and the admin account, then the admin signs in', async ({ page, freshDesk }) => {
  const setup = new FirstStartPage(page)
  await page.goto(freshDesk.url)
  await setup.expectVisible()
  // The run token is taken out of the address bar once the page has it.
  await expect(page).not.toHaveURL(/token=/)
  await expectNoHorizontalScroll(page)
  await saveScreen(page, 'first-start')

  // Validation happens as the clerk leaves a field, in plain Polish, next to the field.
  await setup.field('NIP').fill('1234567890')
  await expect(setup.errorOf('NIP')).toHaveCount(0)
  await setup.field('NIP').press('Tab')
  await expect(setup.errorOf('NIP')).toHaveText('NIP ma błędną cyfrę kontrolną')
  await setup.field('Kod pocztowy').fill('22400')
  await setup.field('Kod pocztowy').press('Tab')
  await expect(setup.errorOf('Kod pocztowy')).toHaveText('Kod pocztowy w formacie 00-000')
  await saveScreen(page, 'first-start-errors')

  await setup.fillOffice(OFFICE)
  await expect(setup.errorOf('NIP')).toHaveCount(0)
  await setup.fillAdmin(ADMIN, 'Inne-haslo-2026')
  await setup.saveWithKeyboard()
  await expect(setup.errorOf('Powtórz hasło')).toHaveText('Powtórz hasło: hasła różnią się')
  await expect(setup.field('Powtórz hasło')).toBeFocused()

  await setup.field('Powtórz hasło').fill(ADMIN.password)
  await setup.saveWithKeyboard()

  const login = new LoginPage(page)
  await login.expectVisible()
  await expect(login.office).toHaveText(OFFICE.name)
  await expect(login.station).toHaveText('Stanowisko: Okienko 2')
  await expect(page.getByText('Biuro skonfigurowane. Zaloguj się kontem administratora.')).toBeVisible()
  await saveScreen(page, 'login')

  await login.signIn(ADMIN.login, ADMIN.password)
  const shell = new ShellPage(page)
  await shell.expectSignedIn(ADMIN.fullName)
  await expect(page.getByRole('heading', { level: 1, name: 'Dzień dobry, Józefa' }).or(page.getByRole('heading', { level: 1, name: 'Dobry wieczór, Józefa' }))).toBeVisible()
  await expect(shell.navLink('Ustawienia')).toBeVisible()
  await saveScreen(page, 'dashboard')

  // What was typed is what the office now is.
  const session = await freshDesk.login(ADMIN.login, ADMIN.password)
  const office = await freshDesk.call('office.get', {}, session)
  expect(office).toMatchObject({ nip: '9220003560', bankAccount: '05124013721111000011112222', stationCode: 'K2', idleLockMinutes: 10, address: { flatNo: null } })
})

test('a session ended elsewhere (password changed on another desk) sends the clerk back to login', async ({ page, freshDesk }) => {
  const { street, houseNo, postalCode, city, ...rest } = OFFICE
  const office = { ...rest, address: { street, houseNo, flatNo: null, postalCode, city } }
  await freshDesk.call('system.setup', { office, admin: ADMIN })
  await page.goto(freshDesk.url)
  const login = new LoginPage(page)
  await login.signIn(ADMIN.login, ADMIN.password)
  const shell = new ShellPage(page)
  await shell.expectSignedIn(ADMIN.fullName)

  // Changing the password ends every other session of that account.
  const other = await freshDesk.login(ADMIN.login, ADMIN.password)
  await freshDesk.call('staff.changePassword', { currentPassword: ADMIN.password, newPassword: 'Drugie-haslo-2026' }, other)

  // The screen's next call sends the clerk back to login: the clerk's search, or a background refresh
  // that came first (the password change takes a moment at the production scrypt cost).
  try {
    await shell.navLink('Klienci').click({ timeout: 5000 })
    await page.getByRole('searchbox', { name: 'Szukaj klienta' }).pressSequentially('kowal', { timeout: 5000 })
  } catch {
    // already back at the login
  }
  await login.expectVisible()
  await login.signIn(ADMIN.login, 'Drugie-haslo-2026')
  await shell.expectSignedIn(ADMIN.fullName)
})

test('loading the demo office from the first-start screen shows progress, then the login', async ({ page, freshDesk }) => {
  const setup = new FirstStartPage(page)
  await page.goto(freshDesk.url)
  await setup.expectVisible()
  const size = page.getByLabel('Liczba klientów', { exact: true })
  await size.fill('5')
  await size.press('Tab')
  await expect(page.getByText('Liczba klientów: co najmniej 10')).toBeVisible()
  await size.fill('200')
  await page.getByRole('button', { name: 'Wczytaj dane demonstracyjne' }).click()
  await expect(page.getByRole('progressbar', { name: /Tworzenie klientów/ })).toBeVisible()
  // Nothing else can start while it runs.
  await expect(page.getByRole('button', { name: 'Zapisz i przejdź do logowania' })).toBeDisabled()
  await saveScreen(page, 'first-start-demo-progress')

  const login = new LoginPage(page)
  await login.expectVisible()
  await expect(page.getByText(/Wczytano dane demonstracyjne: 200 klientów/)).toBeVisible()
  await expect(login.station).toHaveText('Stanowisko: Okienko 1')
})
