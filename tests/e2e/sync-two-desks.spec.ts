// Two desks and a hub (issue 9): desk A works offline while desk B edits the same customer; when A
// comes back the phone converges on its own and the e-mail waits as a conflict that a clerk settles
// in Chromium on the conflicts screen; afterwards both desks hold the same customer.
import { createServer, type AddressInfo } from 'node:net'
import type { Page } from '@playwright/test'
import type { SyncStatus } from '../../shared/api/types'
import { expect, saveScreen, startDesk, startHub, test, type DeskServer, type HubServer } from './fixtures'
import { LoginPage } from './pages/LoginPage'
import { ShellPage } from './pages/ShellPage'
import { TEST_OFFICE } from '../support/office'

// A long idle lock: the browser-driven steps must not be locked out halfway.
const OFFICE = { ...TEST_OFFICE, idleLockMinutes: 30 }
const ADMIN = { login: 'bok', fullName: 'Barbara Okońska', password: 'Okienko-haslo-2026' }
const PERSON = {
  kind: 'person' as const,
  firstName: 'Michał',
  lastName: 'Kozłowski',
  email: 'michal@example.pl',
  phone: '600 000 001',
  correspondenceAddress: { street: 'Grecka', houseNo: '5', postalCode: '22-400', city: 'Zamość' },
}

/** A loopback port nothing listens on: the "network cable pulled" address for desk A. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

async function statusOf(desk: DeskServer, session: string): Promise<SyncStatus> {
  return desk.call('sync.status', {}, session)
}

async function signIn(page: Page, desk: DeskServer) {
  await page.goto(desk.url)
  const login = new LoginPage(page)
  await login.expectVisible()
  await login.signIn(ADMIN.login, ADMIN.password)
  await new ShellPage(page).expectSignedIn(ADMIN.fullName)
}

const cleanup: Array<() => Promise<void>> = []
test.afterEach(async () => {
  for (const stop of cleanup.splice(0).reverse()) await stop()
})

test('two desks: offline edits converge, the e-mail conflict is resolved by a clerk, both desks end identical', async ({ page, browser }) => {
  test.setTimeout(240_000)
  const hub: HubServer = await startHub({ K1: 'Okienko 1', K2: 'Okienko 2' })
  cleanup.push(() => hub.stop())
  const deskA = await startDesk()
  cleanup.push(() => deskA.stop())
  const deskB = await startDesk()
  cleanup.push(() => deskB.stop())

  // Desk A: the office and one customer, working alone.
  await deskA.call('system.setup', { office: OFFICE, admin: ADMIN })
  const sessionA = await deskA.login(ADMIN.login, ADMIN.password)
  const customer = await deskA.call('customers.create', PERSON, sessionA)
  await signIn(page, deskA)
  const pillA = page.getByTestId('sync-pill')
  await expect(pillA).toHaveText('Praca lokalna')
  await saveScreen(page, 'sync-topbar-local')

  // The admin connects desk A on the Synchronizacja screen; a wrong token first gets a plain answer.
  await new ShellPage(page).navLink('Synchronizacja').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Synchronizacja' })).toBeVisible()
  const configForm = page.getByTestId('sync-config-form')
  await configForm.getByRole('button', { name: 'Zapisz i połącz' }).click()
  await expect(page.locator('.field', { has: page.getByLabel('Adres serwera synchronizacji') }).locator('.field__error')).toContainText('Adres serwera synchronizacji')
  await page.getByLabel('Adres serwera synchronizacji').fill(hub.url)
  await page.getByLabel('Token stanowiska').fill(hub.tokens.K1)
  await configForm.getByRole('button', { name: 'Zapisz i połącz' }).click()
  await expect(pillA).toHaveText('Online', { timeout: 30_000 })
  await expect(page.getByTestId('sync-queued')).toHaveText('0')
  await saveScreen(page, 'sync-screen-online')

  // Desk B joins the office through the first-start screen with its own token.
  const contextB = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'pl-PL', timezoneId: 'Europe/Warsaw' })
  cleanup.push(() => contextB.close())
  const pageB = await contextB.newPage()
  const problemsB: string[] = []
  pageB.on('pageerror', (err) => problemsB.push(err.message))
  await pageB.goto(deskB.url)
  const join = pageB.getByTestId('join-office')
  await expect(join.getByRole('heading', { name: 'Dołącz do biura (serwer synchronizacji)' })).toBeVisible()
  await join.getByLabel('Adres serwera synchronizacji').fill(hub.url)
  await join.getByLabel('Token stanowiska').fill('to-nie-jest-token')
  await join.getByLabel('Kod stanowiska').fill('K2')
  await join.getByLabel('Nazwa stanowiska').fill('Okienko 2')
  await join.getByRole('button', { name: 'Dołącz do biura' }).click()
  // A refused token is named next to the token field, in Polish; the desk stays at first start.
  await expect(join.locator('.field', { has: pageB.getByLabel('Token stanowiska') }).locator('.field__error')).toContainText('Nieznany token stanowiska', { timeout: 30_000 })
  await saveScreen(pageB, 'sync-join-error')
  await join.getByLabel('Token stanowiska').fill(hub.tokens.K2)
  await join.getByRole('button', { name: 'Dołącz do biura' }).click()
  await new LoginPage(pageB).expectVisible()
  await new LoginPage(pageB).signIn(ADMIN.login, ADMIN.password)
  await new ShellPage(pageB).expectSignedIn(ADMIN.fullName)
  const pillB = pageB.getByTestId('sync-pill')
  await expect(pillB).toHaveText('Online', { timeout: 30_000 })
  const sessionB = await deskB.login(ADMIN.login, ADMIN.password)
  expect((await deskB.call('customers.get', { id: customer.id }, sessionB)).customer.email).toBe(PERSON.email)

  // Desk A loses the hub (an address nobody answers on) and edits the customer offline.
  await deskA.call('sync.configure', { hubUrl: `http://127.0.0.1:${await closedPort()}`, deskToken: hub.tokens.K1 }, sessionA)
  await expect.poll(async () => (await statusOf(deskA, sessionA)).phase, { timeout: 30_000 }).toBe('offline')

  // Desk B edits first and is online: its change reaches the hub.
  await deskB.call('customers.update', { id: customer.id, data: { ...PERSON, phone: '600 000 222', email: 'b@example.pl' } }, sessionB)
  await expect.poll(async () => (await deskB.call('sync.syncNow', {}, sessionB)).queued, { timeout: 30_000 }).toBe(0)

  // Desk A edits the same customer later, without having seen B's change.
  await deskA.call('customers.update', { id: customer.id, data: { ...PERSON, phone: '600 000 111', email: 'a@example.pl' } }, sessionA)
  await expect(pillA).toHaveText('Offline · 1 w kolejce', { timeout: 30_000 })
  await expect(pillA).toHaveAttribute('title', /nieosiągalny/)
  await saveScreen(page, 'sync-topbar-offline')

  // Desk A is back: its queue goes out, the phone converges, the e-mail becomes a conflict.
  await deskA.call('sync.configure', { hubUrl: hub.url, deskToken: hub.tokens.K1 }, sessionA)
  await expect.poll(async () => (await statusOf(deskA, sessionA)).queued, { timeout: 30_000 }).toBe(0)
  await expect(pillA).toHaveText('Konflikty: 1', { timeout: 30_000 })
  await saveScreen(page, 'sync-topbar-conflicts')
  await expect.poll(async () => (await deskB.call('sync.syncNow', {}, sessionB)).openConflicts, { timeout: 30_000 }).toBe(1)
  const onA = (await deskA.call('customers.get', { id: customer.id }, sessionA)).customer
  const onB = (await deskB.call('customers.get', { id: customer.id }, sessionB)).customer
  // The ordinary field: the later edit (desk A's) wins everywhere.
  expect(onA.phone).toBe('600 000 111')
  expect(onB.phone).toBe('600 000 111')
  // The e-mail: the hub kept the first value (desk B's) until a clerk decides.
  expect(onA.email).toBe('b@example.pl')
  expect(onB.email).toBe('b@example.pl')

  // A clerk on desk B opens the conflict from the top bar and takes the value from desk K1.
  await expect(pillB).toHaveText('Konflikty: 1', { timeout: 30_000 })
  await pillB.click()
  await expect(pageB.getByRole('heading', { level: 1, name: 'Konflikty do rozstrzygnięcia' })).toBeVisible()
  const conflict = pageB.getByTestId('conflict')
  await expect(conflict).toHaveCount(1)
  await expect(conflict.getByRole('heading')).toHaveText(`Klient ${customer.customerNo} — Michał Kozłowski`)
  await expect(conflict.getByRole('row', { name: /E-mail/ })).toContainText('b@example.pl')
  await expect(conflict.getByTestId('conflict-desk-value')).toHaveText('a@example.pl')
  const takeK1 = conflict.getByRole('button', { name: 'Przyjmij wartość z okienka K1' })
  // Keyboard: the first choice has focus; Tab reaches the other one, Enter decides.
  await expect(conflict.getByRole('button', { name: 'Zostaw wartość z serwera' })).toBeFocused()
  await saveScreen(pageB, 'sync-conflicts-screen')
  await pageB.keyboard.press('Tab')
  await expect(takeK1).toBeFocused()
  await pageB.keyboard.press('Enter')
  await expect(pageB.getByTestId('conflicts-empty')).toBeVisible()
  await expect(pillB).toHaveText('Online', { timeout: 30_000 })

  // The decision reaches desk A; its conflict record closes too.
  await expect
    .poll(async () => {
      const s = await deskA.call('sync.syncNow', {}, sessionA)
      return { conflicts: s.openConflicts, email: (await deskA.call('customers.get', { id: customer.id }, sessionA)).customer.email }
    }, { timeout: 30_000 })
    .toEqual({ conflicts: 0, email: 'a@example.pl' })
  await expect(pillA).toHaveText('Online', { timeout: 30_000 })
  await saveScreen(page, 'sync-topbar-online')

  // Both desks end identical.
  await deskB.call('sync.syncNow', {}, sessionB)
  const finalA = await deskA.call('customers.get', { id: customer.id }, sessionA)
  const finalB = await deskB.call('customers.get', { id: customer.id }, sessionB)
  expect(finalB.customer).toEqual(finalA.customer)
  expect(finalA.customer).toMatchObject({ phone: '600 000 111', email: 'a@example.pl' })
  expect(problemsB).toEqual([])
})
