// The KSeF workflow on screen: a correction of a demo B2B invoice is issued with its FA(3) file and
// waits for its KSeF number (the screen says so and offers no further correction); the supervisor
// enters the number — a mistyped one is refused by its checksum — and the invoice is delivered.
import { businessDate } from '../../shared/domain/dates'
import { makeKsefNumber } from '../../shared/domain/ksef'
import { DEMO_PASSWORD, expect, expectNoHorizontalScroll, saveScreen, test } from './fixtures'
import { LoginPage } from './pages/LoginPage'
import { ShellPage } from './pages/ShellPage'

test('a B2B correction waits for its KSeF number; the supervisor records it and the invoice goes out', async ({ page, demoDesk }) => {
  const session = await demoDesk.login('kierownik', DEMO_PASSWORD)
  // A demo invoice to a company, already in KSeF (number recorded, delivered).
  const listed = await demoDesk.call('invoices.list', { ksef: 'delivered', limit: 100 }, session)
  const original = await demoDesk.call('invoices.get', { id: listed.find((i) => i.kind === 'invoice' && !i.corrected)!.id }, session)
  const changed = original.lines.findIndex((l) => l.quantity > 0)
  const lines = original.lines.map((l, i) => ({
    name: l.name,
    unit: l.unit,
    quantity: i === changed ? l.quantity - 1 : l.quantity,
    unitNet: (l.unitNet / 100).toFixed(2).replace('.', ','),
    vatRate: String(l.vatBasisPoints / 100),
  }))
  const correction = await demoDesk.call('invoices.correct', { id: original.id, reason: 'Błędny odczyt wodomierza', lines }, session)
  expect(correction.ksefState).toBe('xml')

  await page.goto(demoDesk.url)
  await new LoginPage(page).signIn('kierownik', DEMO_PASSWORD)
  await expect(new ShellPage(page).signedInName).toBeVisible()
  await page.goto(`${demoDesk.origin}/#/faktury/${correction.id}`)
  await expect(page.getByTestId('invoice-title')).toHaveText(`Faktura korygująca nr ${correction.number}`)
  await expect(page.getByTestId('ksef-waiting')).toContainText('czeka na numer KSeF')
  await expect(page.getByTestId('ksef-state')).toHaveText('XML gotowy — czeka na numer')
  await expect(page.getByRole('button', { name: 'Wystaw korektę' })).toHaveCount(0)
  await expectNoHorizontalScroll(page)
  await saveScreen(page, 'invoice-ksef-waiting')

  // The number as KSeF gave it — first with a typo the checksum catches.
  const number = makeKsefNumber(original.seller.nip, businessDate(), '0100001AF629')
  const typo = `${number.slice(0, 25)}${number[25] === '7' ? '8' : '7'}${number.slice(26)}`
  await page.getByRole('button', { name: 'Wpisz numer KSeF' }).click()
  const field = page.getByLabel('Numer KSeF', { exact: true })
  await expect(field).toBeFocused()
  await field.fill(typo)
  await field.press('Enter')
  await expect(page.getByText('Numer KSeF: suma kontrolna się nie zgadza — sprawdź, czy numer przepisano bez błędu')).toBeVisible()
  await field.fill(number.toLowerCase())
  await field.press('Enter')
  await expect(page.getByText('Zapisano numer KSeF — faktura idzie do nabywcy z kodem QR KSeF.')).toBeVisible()
  await expect(page.getByTestId('ksef-state')).toHaveText('doręczona z kodem QR')
  await expect(page.getByTestId('ksef-waiting')).toHaveCount(0)
  await expect(page.getByTestId('invoice-summary')).toContainText(number)

  // The list finds nothing waiting any more.
  await page.goto(`${demoDesk.origin}/#/faktury?ksef=xml`)
  await expect(page.getByText('Nie znaleziono faktur.')).toBeVisible()
  expect(await demoDesk.call('invoices.list', { ksef: 'xml' }, session)).toEqual([])
})
