// Events instead of polling (issue 20): the billing progress bar and the top bar's mail state move
// because the desk pushes them (POST /events, server-sent events), not because the page asks —
// the page never calls billing.progress during a run, nor mail.status after it has loaded; and a
// session ended at another desk ends the stream, which sends the clerk to the login by itself.
import type { Page } from '@playwright/test'
import { DEMO_PASSWORD, expect, startDesk, test } from './fixtures'
import { LoginPage } from './pages/LoginPage'
import { ShellPage } from './pages/ShellPage'

/** The API paths the page requests, in order (and the event stream's). */
function recordCalls(page: Page): string[] {
  const calls: string[] = []
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname
    if (path.startsWith('/api/') || path === '/events') calls.push(path)
  })
  return calls
}

test('a billing run moves the progress bar by pushed events; the page never asks for the progress', async ({ page }) => {
  test.setTimeout(240_000)
  const desk = await startDesk()
  try {
    await desk.call('system.loadDemo', { customers: 40, seed: 11 })
    const session = await desk.login('kierownik', DEMO_PASSWORD)
    // The demo bills every finished month: new contracts from September are due for October.
    const month = '2026-10'
    const group = (await desk.call('tariffs.groups', {}, session)).find((g) => g.billingCycle === 'bimonthly')!
    // More bills than one issuing chunk (issueChunkFor: 200 below 4,000 bills): the run then reports a count between
    // chunks. With one chunk the count could come only with the end, and the report replaced the
    // bar before it showed (flaky in CI).
    for (let i = 1; i <= 230; i++) {
      const address = { street: 'Lwowska', houseNo: String(100 + i), flatNo: null, postalCode: '22-400', city: 'Zamość' }
      const customer = await desk.call('customers.create', { kind: 'person', firstName: 'Piotr', lastName: `Nowicki ${i}`, email: null, correspondenceAddress: address }, session)
      const contract = await desk.call('contracts.create', { customerId: customer.id, supplyPointAddress: address, services: 'water_sewage', tariffGroupId: group.id, startDate: '2026-09-01' }, session)
      const serial = `ZM88${String(i).padStart(6, '0')}`
      const meter = await desk.call(
        'meters.install',
        { supplyPointId: contract.supplyPoint.id, serialNo: serial, kind: 'main', diameterMm: 15, installedOn: '2026-09-01', legalisationYear: 2026, sealNo: `PL88${String(i).padStart(5, '0')}`, initialM3: 0 },
        session,
      )
      await desk.call('readings.record', { meterId: meter.id, readOn: '2026-10-28', valueM3: 5 + i, kind: 'reader' }, session)
    }
    expect((await desk.call('billing.preview', { month }, session)).totals.count).toBeGreaterThanOrEqual(230)

    const calls = recordCalls(page)
    await page.goto(desk.url)
    await new LoginPage(page).signIn('kierownik', DEMO_PASSWORD)
    await expect(new ShellPage(page).signedInName).toBeVisible()
    await page.goto(`${desk.origin}/#/faktury/rozliczenie`)
    await page.getByLabel('Miesiąc', { exact: true }).fill(`${month.slice(5)}.${month.slice(0, 4)}`)
    await page.getByLabel('Miesiąc', { exact: true }).press('Tab')
    await page.getByTestId('billing-preview').click()
    // Every value the bar shows while the run works ("Wystawianie faktur — 12 / 25 …"), as rendered.
    await page.evaluate(() => {
      const seen: string[] = ((window as unknown as { seen: string[] }).seen = [])
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="billing-progress"]')?.textContent?.replace(/\s+/g, ' ').trim()
        if (text && text !== seen.at(-1)) seen.push(text)
      }).observe(document.body, { subtree: true, childList: true, characterData: true })
    })
    await page.getByTestId('billing-run').click()
    await page.getByTestId('billing-confirm-run').click()
    await expect(page.getByTestId('billing-report')).toBeVisible({ timeout: 120_000 })
    const shown = await page.evaluate(() => (window as unknown as { seen: string[] }).seen)
    expect(shown.filter((t) => /\d+ \/ \d+/.test(t)).length, `values the bar showed: ${shown.join(' | ')}`).toBeGreaterThan(0)
    expect(calls.filter((c) => c === '/api/billing.progress')).toEqual([])
    expect(calls).toContain('/events')
  } finally {
    await desk.stop()
  }
})

test('the top bar follows a change of the outbox made elsewhere without asking for it again', async ({ page }) => {
  test.setTimeout(120_000)
  const desk = await startDesk()
  try {
    await desk.call('system.loadDemo', { customers: 20, seed: 3 })
    const admin = await desk.login('admin', DEMO_PASSWORD)
    const calls = recordCalls(page)
    await page.goto(desk.url)
    await new LoginPage(page).signIn('urzednik', DEMO_PASSWORD)
    await expect(new ShellPage(page).signedInName).toBeVisible()
    const pill = page.getByTestId('mail-pill')
    await expect(pill).toHaveText(/Poczta: nie skonfigurowano|czeka/)
    await expect.poll(() => calls.filter((c) => c === '/api/mail.status').length).toBeGreaterThan(0)
    const asked = calls.filter((c) => c === '/api/mail.status').length

    // The administrator switches sending on at another desk session: this page hears it pushed.
    await desk.call(
      'mail.updateSettings',
      { enabled: false, host: 'smtp.pgk.zamosc.pl', port: 587, security: 'starttls', username: null, fromAddress: 'bok@pgk.zamosc.pl', fromName: 'BOK PGK', replyTo: null, timeoutSeconds: 30, allowInvalidCertificate: false },
      admin,
    )
    await expect(pill).toHaveText('Poczta: wstrzymana', { timeout: 5_000 })
    expect(calls.filter((c) => c === '/api/mail.status')).toHaveLength(asked)
  } finally {
    await desk.stop()
  }
})

test('a password changed at another desk sends the clerk back to the login at once, without a click', async ({ page }) => {
  test.setTimeout(120_000)
  const desk = await startDesk()
  try {
    await desk.call('system.loadDemo', { customers: 20, seed: 5 })
    const calls = recordCalls(page)
    // A call answered "sign in again" would also send the clerk to the login: there must be none.
    const refusedCalls: string[] = []
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname
      if (path.startsWith('/api/') && r.status() === 401) refusedCalls.push(path)
    })
    await page.goto(desk.url)
    const login = new LoginPage(page)
    await login.signIn('urzednik', DEMO_PASSWORD)
    await expect(new ShellPage(page).signedInName).toBeVisible()
    await expect.poll(() => calls.includes('/events')).toBe(true)

    // The clerk's own account, signed in elsewhere: a new password ends every other session.
    const other = await desk.login('urzednik', DEMO_PASSWORD)
    await desk.call('staff.changePassword', { currentPassword: DEMO_PASSWORD, newPassword: 'Inne-haslo-2026' }, other)
    await expect(login.heading).toBeVisible({ timeout: 5_000 })
    expect(refusedCalls).toEqual([])
  } finally {
    await desk.stop()
  }
})
