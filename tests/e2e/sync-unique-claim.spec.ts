// Issue 14: two desks, both offline, open an iBOK portal account for the same customer (login =
// customer number). When the network is back, sync does not stall: the office keeps one account,
// both desks show the problem in plain Polish, a clerk settles it in Chromium, and everything else
// done meanwhile has synced.
import Database from 'better-sqlite3'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import type { SyncStatus } from '../../shared/api/types'
import { expect, saveScreen, startDesk, startHub, test, type DeskServer } from './fixtures'
import { LoginPage } from './pages/LoginPage'

const PASSWORD = 'Demo-Krucza-10'

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** A demo customer with a recent invoice and no portal account: what a Wniosek needs. */
function applicant(desk: DeskServer) {
  const db = new Database(join(desk.dataDir, 'ibok-desk.db'), { readonly: true })
  try {
    return db
      .prepare(
        `SELECT c.id, c.customer_no AS customerNo, c.first_name AS firstName, c.last_name AS lastName, i.number AS invoiceNo,
                sp.street, sp.house_no AS houseNo, sp.flat_no AS flatNo, sp.postal_code AS postalCode, sp.city
           FROM invoices i JOIN customers c ON c.id = i.customer_id JOIN contracts k ON k.id = i.contract_id JOIN supply_points sp ON sp.id = k.supply_point_id
          WHERE c.kind = 'person' AND c.anonymised_at IS NULL AND c.merged_into IS NULL AND c.id NOT IN (SELECT customer_id FROM portal_accounts)
          ORDER BY i.issue_date DESC, c.customer_no LIMIT 1`,
      )
      .get() as { id: string; customerNo: string; firstName: string; lastName: string; invoiceNo: string; street: string; houseNo: string; flatNo: string | null; postalCode: string; city: string }
  } finally {
    db.close()
  }
}

async function signIn(page: Page, desk: DeskServer) {
  await page.goto(desk.url)
  const login = new LoginPage(page)
  await login.expectVisible()
  await login.signIn('urzednik', PASSWORD)
}

const cleanup: Array<() => Promise<void>> = []
test.afterEach(async () => {
  for (const stop of cleanup.splice(0).reverse()) await stop()
})

test('two offline desks open a portal account for the same customer: one account kept, both desks explain it, a clerk settles it, the rest synced', async ({ page, browser }) => {
  test.setTimeout(300_000)
  const deskA = await startDesk()
  cleanup.push(() => deskA.stop())
  await deskA.call('system.loadDemo', { customers: 40, seed: 7 })
  const sessionA = await deskA.login('urzednik', PASSWORD)
  const hub = await startHub({ K1: 'Okienko 1', K2: 'Okienko 2' }, { seedFrom: join(deskA.dataDir, 'ibok-desk.db') })
  cleanup.push(() => hub.stop())
  const admin = await deskA.login('admin', PASSWORD)
  await deskA.call('registration.updateSettings', { portalUrl: 'https://ibok.pgk.zamosc.pl' }, admin)
  await deskA.call('sync.configure', { hubUrl: hub.url, deskToken: hub.tokens.K1 }, admin)
  const deskB = await startDesk()
  cleanup.push(() => deskB.stop())
  await deskB.call('system.joinOffice', { hubUrl: hub.url, deskToken: hub.tokens.K2, stationCode: 'K2', stationName: 'Okienko 2' })
  const sessionB = await deskB.login('urzednik', PASSWORD)
  const c = applicant(deskA)
  const wniosek = {
    customerNo: c.customerNo,
    applicantName: `${c.firstName} ${c.lastName}`,
    supplyAddress: { street: c.street, houseNo: c.houseNo, flatNo: c.flatNo, postalCode: c.postalCode, city: c.city },
    correspondenceAddress: null,
    email: null,
    phone: '600 100 200',
    invoiceNo: c.invoiceNo,
    acceptRegulamin: true,
    regulaminVersion: '2025.1',
    acceptEInvoice: false,
    acceptSms: false,
    signedOn: new Date().toISOString().slice(0, 10),
  }

  // Both desks lose the hub and each opens the account (credentials by letter).
  const offline = `http://127.0.0.1:${await closedPort()}`
  await deskA.call('sync.configure', { hubUrl: offline, deskToken: hub.tokens.K1 }, admin)
  await deskB.call('sync.configure', { hubUrl: offline, deskToken: hub.tokens.K2 }, await deskB.login('admin', PASSWORD))
  for (const [desk, session] of [[deskA, sessionA], [deskB, sessionB]] as const) {
    const app = await desk.call('registration.submit', wniosek, session)
    expect(app.problems).toEqual([])
    const issued = await desk.call('registration.createAccount', { id: app.id, delivery: 'letter' }, session)
    expect(issued.account.login).toBe(c.customerNo)
  }
  // Meanwhile desk B registers a new customer: ordinary work that must get through.
  const other = await deskB.call(
    'customers.create',
    { kind: 'person', firstName: 'Ewa', lastName: 'Zaremba', email: null, phone: '600 000 777', correspondenceAddress: { street: 'Lwowska', houseNo: '2', postalCode: '22-400', city: 'Zamość' } },
    sessionB,
  )

  // The network is back.
  await deskA.call('sync.configure', { hubUrl: hub.url, deskToken: hub.tokens.K1 }, admin)
  await deskB.call('sync.configure', { hubUrl: hub.url, deskToken: hub.tokens.K2 }, await deskB.login('admin', PASSWORD))
  const settle = async (): Promise<SyncStatus[]> => [await deskA.call('sync.syncNow', {}, sessionA), await deskB.call('sync.syncNow', {}, sessionB)]
  await expect.poll(async () => (await settle()).map((s) => [s.phase, s.queued, s.openConflicts]), { timeout: 60_000 }).toEqual([
    ['online', 0, 1],
    ['online', 0, 1],
  ])
  // One account in the office, the same on both desks; the other work synced.
  const accountA = await deskA.call('registration.account', { customerId: c.id }, sessionA)
  const accountB = await deskB.call('registration.account', { customerId: c.id }, sessionB)
  expect(accountB?.id).toBe(accountA?.id)
  expect((await deskA.call('customers.get', { id: other.id }, sessionA)).customer.customerNo).toBe(other.customerNo)

  // Both desks show the problem in plain Polish.
  const contextB = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'pl-PL', timezoneId: 'Europe/Warsaw' })
  cleanup.push(() => contextB.close())
  const pageB = await contextB.newPage()
  for (const [p, desk] of [[page, deskA], [pageB, deskB]] as const) {
    await signIn(p, desk)
    const pill = p.getByTestId('sync-pill')
    await expect(pill).toHaveText('Konflikty: 1', { timeout: 30_000 })
    await pill.click()
    const conflict = p.getByTestId('conflict')
    await expect(conflict).toHaveCount(1)
    await expect(conflict.getByRole('heading')).toContainText(`Konto w portalu iBOK ${c.customerNo}`)
    await expect(conflict.getByTestId('conflict-explanation')).toContainText('Dwa stanowiska utworzyły to samo')
    await expect(conflict.getByTestId('conflict-explanation')).toContainText('nie został zapisany')
  }
  await saveScreen(pageB, 'sync-unique-conflict')

  // A clerk on desk B settles it; the decision reaches desk A.
  await pageB.getByTestId('conflict').getByRole('button', { name: 'Zatwierdź zachowany zapis' }).click()
  await expect(pageB.getByTestId('conflicts-empty')).toBeVisible()
  await expect.poll(async () => (await settle()).map((s) => [s.phase, s.openConflicts]), { timeout: 60_000 }).toEqual([
    ['online', 0],
    ['online', 0],
  ])
  await expect(page.getByTestId('sync-pill')).toHaveText('Online', { timeout: 30_000 })
  await expect(pageB.getByTestId('sync-pill')).toHaveText('Online', { timeout: 30_000 })
})
