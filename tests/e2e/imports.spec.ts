// Import z pliku, as a supervisor does it with the reader's file: choose the file, see the check
// with the bad line named, choose the corrected file, import it, see the summary — and the readings
// are on the meters.
import type { MeterDetail } from '../../shared/api/types'
import { businessDate, daysBetween } from '../../shared/domain/dates'
import { DEMO_PASSWORD, expect, expectNoHorizontalScroll, saveScreen, test, type DeskServer } from './fixtures'
import { LoginPage } from './pages/LoginPage'
import { ShellPage } from './pages/ShellPage'

/** Two demo meters in service, last read by a real reading some days ago (a reader's round). */
async function metersToRead(desk: DeskServer, session: string): Promise<MeterDetail[]> {
  const today = businessDate()
  const found: MeterDetail[] = []
  const seen = new Set<string>()
  for (const letter of 'aeiou') {
    for (const hit of await desk.call('customers.search', { query: letter, limit: 100 }, session)) {
      if (seen.has(hit.id)) continue
      seen.add(hit.id)
      for (const m of await desk.call('meters.forCustomer', { customerId: hit.id }, session)) {
        const last = m.lastReading
        if (m.state === 'removed' || m.pendingReview || !last || last.kind === 'estimated' || daysBetween(last.readOn, today) < 5) continue
        if (found.some((f) => f.serialNo === m.serialNo)) continue
        found.push(m)
        if (found.length === 2) return found
      }
    }
  }
  throw new Error('no demo meters to read')
}

const csv = (...lines: string[]) => Buffer.from('\ufeff' + ['Nr wodomierza;Data odczytu;Stan;Rodzaj;Uwagi', ...lines].join('\r\n') + '\r\n', 'utf8')

test('a supervisor checks a reader’s file, sees the bad line, imports the corrected file and the readings are on the meters', async ({ page, demoDesk }) => {
  // Finding meters to read walks the demo register over HTTP: slow on a loaded machine.
  test.slow()
  const session = await demoDesk.login('kierownik', DEMO_PASSWORD)
  const [a, b] = await metersToRead(demoDesk, session)
  const today = businessDate()
  const plDate = `${today.slice(8, 10)}.${today.slice(5, 7)}.${today.slice(0, 4)}`
  const good = [`${a.serialNo};${plDate};${a.lastReading!.valueM3 + 2},450;inkasent;`, `${b.serialNo};${plDate};${b.lastReading!.valueM3 + 3};inkasent;obchód listopad`]

  await page.goto(demoDesk.url)
  await new LoginPage(page).signIn('kierownik', DEMO_PASSWORD)
  const shell = new ShellPage(page)
  await shell.navLink('Import z pliku').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Import z pliku' })).toBeVisible()
  await expect(page.getByLabel('Odczyty wodomierzy')).toBeChecked()

  // A file with a meter number the office does not have: the check names line 3 and the column.
  await page.getByLabel('Plik CSV').setInputFiles({ name: 'inkasent-1.csv', mimeType: 'text/csv', buffer: csv(good[0], `ZM-BRAK-999;${plDate};12;inkasent;`) })
  const report = page.getByTestId('import-report')
  await expect(report.getByRole('heading', { name: 'Wynik sprawdzenia' })).toBeVisible()
  await expect(page.getByTestId('import-error-count')).toHaveText('1')
  const errorRow = page.getByTestId('import-errors').getByRole('row').nth(1)
  await expect(errorRow).toContainText('3')
  await expect(errorRow).toContainText('Nr wodomierza')
  await expect(errorRow).toContainText('„ZM-BRAK-999” — nie ma takiego wodomierza w rejestrze')
  await expect(page.getByTestId('import-confirm')).toBeDisabled()
  await expectNoHorizontalScroll(page)

  // The corrected file: checked clean, imported with Ctrl+Enter, the summary says what was written.
  await page.getByLabel('Plik CSV').setInputFiles({ name: 'inkasent-1-poprawiony.csv', mimeType: 'text/csv', buffer: csv(...good) })
  await expect(page.getByText('Plik jest poprawny — można go zaimportować.')).toBeVisible()
  await expect(page.getByTestId('import-to-import')).toHaveText('2')
  await expect(page.getByTestId('import-confirm')).toHaveText('Importuj (2 wiersze)')
  await page.keyboard.press('Control+Enter')
  await expect(page.getByTestId('import-done')).toContainText('Zaimportowano 2 odczyty.')
  await expect(report.getByRole('heading', { name: 'Zaimportowano' })).toBeVisible()
  await saveScreen(page, 'imports-readings-done')

  const [latestA] = await demoDesk.call('readings.history', { meterId: a.id }, session)
  expect(latestA).toMatchObject({ readOn: today, valueM3: a.lastReading!.valueM3 + 2, kind: 'reader', createdByName: 'Marek Łukasiewicz' })
  const [latestB] = await demoDesk.call('readings.history', { meterId: b.id }, session)
  expect(latestB).toMatchObject({ readOn: today, valueM3: b.lastReading!.valueM3 + 3, note: 'obchód listopad' })

  // The same file again: nothing new, both lines reported as already recorded.
  await page.getByLabel('Plik CSV').setInputFiles({ name: 'inkasent-1-poprawiony.csv', mimeType: 'text/csv', buffer: csv(...good) })
  await expect(page.getByText('W pliku nie ma nic nowego do zaimportowania.')).toBeVisible()
  await expect(report.getByText('Pominięte wiersze (2)')).toBeVisible()
})

test('a clerk has no import in the menu', async ({ page, demoDesk }) => {
  await page.goto(demoDesk.url)
  await new LoginPage(page).signIn('urzednik', DEMO_PASSWORD)
  const shell = new ShellPage(page)
  await shell.expectSignedIn('Joanna Kołodziej')
  await expect(shell.navLink('Import z pliku')).toHaveCount(0)
})
