// The global search box finds what a clerk types from the papers on the desk: an invoice number,
// a meter number without its letters, the bank account (spaced as printed), an e-mail address,
// an address with "ul." and "m.", a name with an apostrophe typed without it — and says why.
import { formatNrb } from '../../shared/validation/identifiers'
import { DEMO_PASSWORD, expect, expectNoHorizontalScroll, saveScreen, test, type DeskServer } from './fixtures'
import { LoginPage } from './pages/LoginPage'
import { ShellPage } from './pages/ShellPage'

/** A demo customer with an invoice, a meter, an e-mail and a flat, whom each of these finds first (looked up over the API). */
async function wellKnownCustomer(desk: DeskServer, session: string) {
  const invoices = await desk.call('invoices.list', { limit: 200 }, session)
  const first = async (query: string) => (await desk.call('customers.search', { query, limit: 5 }, session))[0]?.id
  for (const inv of invoices) {
    const card = await desk.call('customers.get', { id: inv.customerId }, session)
    const c = card.customer
    const a = c.correspondenceAddress
    const meter = card.meters.find((m) => m.kind === 'main')
    if (!c.email || !a.flatNo || !meter || !/^\d+$/.test(a.houseNo) || a.street.includes(' ')) continue
    const inputs = {
      invoice: inv.number,
      meter: meter.serialNo.replace(/^[A-Z]+/, ''),
      account: formatNrb(c.bankAccount),
      email: c.email.toUpperCase(),
      slash: `ul. ${a.street} ${a.houseNo}/${a.flatNo}`,
      flat: `${a.street} ${a.houseNo} m. ${a.flatNo}`,
    }
    let ok = true
    for (const q of Object.values(inputs)) if ((await first(q)) !== c.id) ok = false
    if (ok) return { customer: c, inputs }
  }
  throw new Error('no demo customer found first by each input')
}

test('the search box finds an invoice number, a meter number without letters, a bank account, an e-mail, "ul."/"m." addresses and names without the apostrophe', async ({ page, demoDesk }) => {
  const session = await demoDesk.login('urzednik', DEMO_PASSWORD)
  const { customer, inputs } = await wellKnownCustomer(demoDesk, session)
  const oneill = await demoDesk.call(
    'customers.create',
    { kind: 'person', firstName: 'Sean', lastName: "O'Neill", email: null, correspondenceAddress: { street: 'Grecka', houseNo: '3', flatNo: null, postalCode: '22-400', city: 'Zamość' } },
    session,
  )

  await page.setViewportSize({ width: 1366, height: 768 })
  await page.goto(demoDesk.url)
  await new LoginPage(page).signIn('urzednik', DEMO_PASSWORD)
  const shell = new ShellPage(page)
  await expect(shell.signedInName).toBeVisible()

  const expectations: [typed: string, why: string | null][] = [
    [inputs.invoice, 'zgodny nr faktury'],
    [inputs.meter, 'zgodny nr wodomierza'],
    [inputs.account, 'zgodny rachunek do wpłat'],
    [inputs.email, 'zgodny e-mail'],
    [inputs.slash, null],
    [inputs.flat, null],
  ]
  for (const [typed, why] of expectations) {
    await shell.openSearch('Control+k')
    await shell.searchInput.fill(typed)
    const first = shell.searchOptions.first()
    await expect(first, typed).toContainText(customer.displayName)
    if (why) await expect(first, typed).toContainText(why)
    else {
      // A text match marks the typed words in the address.
      const marks = first.locator('.search-hit__address mark')
      await expect(marks, typed).toHaveText([customer.correspondenceAddress.street, customer.correspondenceAddress.houseNo, customer.correspondenceAddress.flatNo!])
    }
    if (typed === inputs.invoice) await saveScreen(page, 'search-invoice-number')
    if (typed === inputs.flat) {
      await expectNoHorizontalScroll(page)
      await saveScreen(page, 'search-address-flat')
    }
    await shell.searchInput.press('Escape')
    await expect(shell.searchDialog).toBeHidden()
  }

  await shell.openSearch('F2')
  await shell.searchInput.pressSequentially('oneill')
  await expect(shell.searchOptions.first()).toContainText("Sean O'Neill")
  await shell.searchInput.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: "Sean O'Neill" })).toBeVisible()
  expect(page.url()).toContain(oneill.id)
})
