// Wodomierze i odczyty, as the "Done when" describes it: the clerk opens a customer,
// sees the meter status and the chart, enters a reading lower than the previous one and gets the
// warning with its reason, enters a correct one and sees the chart update; the list of meters
// due for replacement shows what the demo data makes due, exports and prints; a replacement
// gives a printable protocol; a supervisor decides on a flagged reading.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Download } from '@playwright/test'
import type { CustomerSearchHit, MeterDetail } from '../../shared/api/types'
import { businessDate, daysBetween, formatDate } from '../../shared/domain/dates'
import { DEMO_PASSWORD, expect, expectNoHorizontalScroll, previewedPdf, SCREENS_DIR, saveScreen, test, type DeskServer } from './fixtures'
import { CustomerCardPage } from './pages/CustomerCardPage'
import { LoginPage } from './pages/LoginPage'
import { CardMetersSection, MetersDuePage, ReadingDialog } from './pages/MetersPages'
import { ShellPage } from './pages/ShellPage'

const grouped = (n: number) => new Intl.NumberFormat('pl-PL', { useGrouping: 'always' }).format(n).replace(/\s/g, '\u00a0')
/** The page shows m³ with a non-breaking space; match either. */
const m3 = (n: number) => new RegExp(`${grouped(n).replace(/\u00a0/g, '[\\s\\u00a0\\u202f]')}[\\s\\u00a0]m³`)

async function saved(download: Download): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'ibok-e2e-meters-')), download.suggestedFilename())
  await download.saveAs(file)
  return file
}
const pdfText = (file: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')

/**
 * A household from the demo with one meter in use, valid, read a while ago by a real reading,
 * and a year of readings: the everyday case at the counter.
 */
async function householdWithHistory(desk: DeskServer, session: string): Promise<{ hit: CustomerSearchHit; meter: MeterDetail }> {
  const today = businessDate()
  const seen = new Set<string>()
  for (const letter of 'aeiouykn') {
    for (const hit of await desk.call('customers.search', { query: letter, limit: 100 }, session)) {
      if (seen.has(hit.id) || hit.kind !== 'person') continue
      seen.add(hit.id)
      const inUse = (await desk.call('meters.forCustomer', { customerId: hit.id }, session)).filter((m) => m.state !== 'removed')
      const [meter] = inUse
      if (inUse.length !== 1 || meter.kind !== 'main' || meter.status.code !== 'valid' || meter.pendingReview) continue
      const last = meter.lastReading
      // The test types a value 7 m³ below the last one: a meter fitted weeks ago reads too little.
      if (!last || last.kind === 'estimated' || last.valueM3 < 10 || daysBetween(last.readOn, today) < 5) continue
      const a = await desk.call('readings.analysis', { customerId: hit.id }, session)
      if (a.supplyPoints.length === 1 && a.periods.filter((p) => p.complete && (p.m3 ?? 0) > 0).length >= 6) return { hit, meter }
    }
  }
  throw new Error('no demo household with a year of readings')
}

test('the clerk sees status and chart, is warned about a lower reading with its reason, saves a correct one and the chart follows', async ({ page, demoDesk }) => {
  const session = await demoDesk.login('urzednik', DEMO_PASSWORD)
  const { hit, meter } = await householdWithHistory(demoDesk, session)
  const last = meter.lastReading!

  await page.goto(demoDesk.url)
  await new LoginPage(page).signIn('urzednik', DEMO_PASSWORD)
  const shell = new ShellPage(page)
  await expect(shell.signedInName).toBeVisible()
  await shell.openSearch()
  await shell.searchInput.pressSequentially(hit.customerNo)
  await expect(shell.searchOptions.first()).toContainText(hit.displayName)
  await shell.searchInput.press('Enter')
  await expect(new CustomerCardPage(page).name).toHaveText(hit.displayName)

  // Status at a glance and the last reading that counts.
  const card = new CardMetersSection(page)
  const row = card.meterRow(meter.serialNo)
  await expect(row.getByTestId('meter-status')).toContainText('ważny')
  await expect(row.getByTestId('meter-status')).toContainText(`Ważny do ${formatDate(meter.status.expires)}`)
  await expect(row.getByTestId('meter-last-reading')).toContainText(m3(last.valueM3))
  await card.section.scrollIntoViewIfNeeded()
  await saveScreen(page, 'meters-card')

  // The chart is drawn (lazily loaded) with the figures beside it.
  await card.consumption.scrollIntoViewIfNeeded()
  await card.expectChartDrawn()
  await expect(card.summary).toContainText('Ostatnie 12 miesięcy')
  await expect(card.leak).toBeVisible()
  const before = await card.chartValues()
  expect(before.filter((v) => v !== null).length).toBeGreaterThan(5)

  // Alt+O opens "Nowy odczyt" with the value field ready; the previous reading is in sight.
  await page.keyboard.press('Alt+o')
  const dialog = new ReadingDialog(page)
  await expect(dialog.dialog).toBeVisible()
  await expect(dialog.value).toBeFocused()
  await expect(dialog.previous).toContainText(formatDate(last.readOn))

  // Lower than the previous one: the warning says why, before anything is saved.
  const lower = last.valueM3 - 7
  await page.keyboard.type(String(lower))
  await page.keyboard.press('Enter')
  await expect(dialog.warning).toContainText('Ten odczyt budzi wątpliwości')
  await expect(dialog.warning).toContainText(`jest niższy od poprzedniego odczytu`)
  await expect(dialog.warning).toContainText(formatDate(last.readOn))
  await expect(dialog.warning).toContainText('pomyłka w zapisie')
  await expect(dialog.submit).toHaveText('Zapisz do wyjaśnienia')
  await expect(dialog.value).toBeFocused()
  expect((await demoDesk.call('readings.history', { meterId: meter.id }, session))[0].id).toBe(last.id)
  await saveScreen(page, 'reading-warning')

  // The clerk corrects the value (keyboard only) and saves.
  const correct = last.valueM3 + 2
  await dialog.value.press('Control+a')
  await page.keyboard.type(String(correct))
  await expect(dialog.warning).toHaveCount(0)
  await page.keyboard.press('Control+Enter')
  await expect(dialog.dialog).toHaveCount(0)
  await expect(page.locator('.notice').filter({ hasText: 'Zapisano odczyt' })).toContainText(m3(correct))
  await expect(row.getByTestId('meter-last-reading')).toContainText(m3(correct))
  await expect(row.getByTestId('meter-last-reading')).toContainText(formatDate(businessDate()))

  // The chart follows: the 2 m³ land in the periods since the last reading.
  await expect.poll(async () => (await card.chartValues()).reduce<number>((s, v) => s + (v ?? 0), 0)).toBe(before.reduce<number>((s, v) => s + (v ?? 0), 0) + 2)
  const history = await demoDesk.call('readings.history', { meterId: meter.id }, session)
  expect(history[0]).toMatchObject({ valueM3: correct, kind: 'customer', source: 'okienko', status: 'ok', consumptionM3: 2, createdByName: 'Joanna Kołodziej' })

  // The history under the meter shows it too.
  await row.getByRole('button', { name: 'Odczyty' }).click()
  await expect(page.getByTestId('reading-history').locator('tbody tr').first()).toContainText(m3(correct))

  await expectNoHorizontalScroll(page)
  await card.consumption.scrollIntoViewIfNeeded()
  await saveScreen(page, 'consumption-card')
  await card.consumption.screenshot({ path: join(SCREENS_DIR, 'consumption-analysis.png') })

  // "Drukuj analizę" opens an A4 document for the customer (browser mode: in a new tab to print
  // from): the office's header, the customer and the figures — not the screen with its PESEL.
  const analysis = pdfText(await previewedPdf(page, () => card.consumption.getByRole('button', { name: 'Drukuj analizę' }).click()))
  expect(analysis).toContain('Przedsiębiorstwo Gospodarki Komunalnej Sp. z o.o. w Zamościu')
  expect(analysis).toContain('Analiza zużycia wody')
  expect(analysis).toContain(`${hit.displayName} (nr klienta ${hit.customerNo})`)
  expect(analysis).toContain('Zużycie w okresach rozliczeniowych')
  expect(analysis).not.toMatch(/PESEL|iBOK/)
  await expect(page.locator('.notice').filter({ hasText: 'Otwarto podgląd' })).toContainText(`analiza-zuzycia-${hit.customerNo}-`)
})

test('the list of meters due for replacement shows what the demo makes due; export, print, and a replacement with its protocol', async ({ page, demoDesk }) => {
  const session = await demoDesk.login('urzednik', DEMO_PASSWORD)
  const due = await demoDesk.call('meters.due', { days: 90 }, session)
  expect(due.rows.length).toBeGreaterThan(3)

  await page.goto(demoDesk.url)
  await new LoginPage(page).signIn('urzednik', DEMO_PASSWORD)
  await new ShellPage(page).navLink('Wodomierze').click()
  const list = new MetersDuePage(page)
  await expect(list.heading).toBeVisible()
  await expect(list.rows).toHaveCount(due.rows.length)
  await expect(list.counts).toContainText(`po terminie: ${due.counts.expired}`)
  await expect(list.counts).toContainText(`wygasa: ${due.counts.expiring}`)
  for (const r of due.rows.slice(0, 5)) await expect(list.table.locator(`tr[data-meter="${r.serialNo}"]`)).toContainText(r.customer!.displayName)
  await expectNoHorizontalScroll(page)
  await saveScreen(page, 'meters-due')

  // A longer horizon lists more meters.
  const year = await demoDesk.call('meters.due', { days: 365 }, session)
  await list.days.selectOption('365')
  await expect(list.rows).toHaveCount(year.rows.length)
  await list.days.selectOption('90')
  await expect(list.rows).toHaveCount(due.rows.length)

  const [csv] = await Promise.all([page.waitForEvent('download'), list.csv.click()])
  expect(csv.suggestedFilename()).toMatch(/^wodomierze-do-wymiany-\d{8}\.csv$/)
  const text = readFileSync(await saved(csv), 'utf8')
  expect(text.startsWith('\ufeffNr wodomierza;Rodzaj;Średnica [mm];Rok legalizacji;Ważny do;Status')).toBe(true)
  expect(text.trim().split('\r\n')).toHaveLength(due.rows.length + 1)
  expect(text).toContain(due.rows[0].serialNo)

  const printed = pdfText(await previewedPdf(page, () => list.pdf.click()))
  expect(printed).toContain(`Wodomierze do wymiany — stan na ${formatDate(businessDate())}`)
  expect(printed).toContain(due.rows[0].serialNo)

  // From the list to the card of an expired meter, and its replacement.
  const target = due.rows.find((r) => r.status.code === 'expired' && r.kind === 'main' && r.lastReading && r.lastReading.readOn < businessDate())!
  await list.table.locator(`tr[data-meter="${target.serialNo}"]`).getByRole('link', { name: target.customer!.displayName }).click()
  await expect(new CustomerCardPage(page).name).toHaveText(target.customer!.displayName)
  const card = new CardMetersSection(page)
  await expect(card.meterRow(target.serialNo).getByTestId('meter-status')).toContainText('po terminie')

  const meters = await demoDesk.call('meters.forCustomer', { customerId: target.customer!.customerId }, session)
  const inUse = meters.filter((m) => m.state !== 'removed')
  await card.replace.click()
  const form = page.getByTestId('replace-form')
  await expect(form).toBeVisible()
  if (inUse.length > 1) await form.getByLabel('Wymieniany wodomierz').selectOption(target.meterId)
  await form.getByLabel('Stan końcowy (m³)').fill(String(target.lastReading!.valueM3 + 1))
  await form.getByLabel('Numer wodomierza').fill('ZM99000123')
  await form.getByLabel('Rok legalizacji').fill(businessDate().slice(0, 4))
  await form.getByLabel('Numer plomby').fill('PL9900123')
  await form.getByLabel('Monter').fill('Zbigniew Łoś')
  await saveScreen(page, 'meter-replace-form')
  await form.getByLabel('Numer plomby').press('Control+Enter')
  await expect(page.locator('.notice').filter({ hasText: 'Zapisano protokół' })).toContainText(/PW\/K1\/\d{4}\/\d{5}/)
  await expect(card.meterRow('ZM99000123').getByTestId('meter-status')).toContainText('ważny')
  await expect(card.meterRow(target.serialNo).getByTestId('meter-status')).toContainText('zdjęty')

  const protocolText = pdfText(await previewedPdf(page, () => card.section.getByRole('button', { name: 'Drukuj protokół' }).click()))
  expect(protocolText).toMatch(/Protokół wymiany wodomierza nr PW\/K1\/\d{4}\/\d{5}/)
  for (const s of [target.serialNo, 'ZM99000123', 'PL9900123', 'Zbigniew Łoś', target.customer!.displayName]) expect(protocolText).toContain(s)
})

test('a supervisor rejects a flagged reading with a note; the clerk sees the decision in the history', async ({ page, demoDesk }) => {
  const session = await demoDesk.login('urzednik', DEMO_PASSWORD)
  const { hit, meter } = await householdWithHistory(demoDesk, session)
  const last = meter.lastReading!
  const flagged = await demoDesk.call('readings.record', { meterId: meter.id, readOn: businessDate(), valueM3: last.valueM3 - 30, kind: 'customer', source: 'telefon' }, session)
  expect(flagged.reading.status).toBe('flagged')

  await page.goto(demoDesk.url)
  await new LoginPage(page).signIn('kierownik', DEMO_PASSWORD)
  await new ShellPage(page).navLink('Odczyty').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Odczyty do wyjaśnienia' })).toBeVisible()
  const row = page.getByTestId('flagged-table').locator('tbody tr', { hasText: hit.displayName })
  await expect(row).toContainText('jest niższy od poprzedniego odczytu')
  await saveScreen(page, 'readings-flagged')
  await row.getByRole('button', { name: 'Odrzuć…' }).click()
  const dialog = page.getByRole('dialog', { name: /^Odrzucenie odczytu/ })
  await expect(dialog.getByLabel('Uzasadnienie')).toBeFocused()
  await page.keyboard.type('Klient pomylił cyfry — potwierdzone telefonicznie')
  await page.keyboard.press('Control+Enter')
  await expect(dialog).toHaveCount(0)
  await expect(row).toHaveCount(0)

  const shell = new ShellPage(page)
  await shell.openSearch()
  await shell.searchInput.pressSequentially(hit.customerNo)
  await expect(shell.searchOptions.first()).toContainText(hit.displayName)
  await shell.searchInput.press('Enter')
  const card = new CardMetersSection(page)
  await card.meterRow(meter.serialNo).getByRole('button', { name: 'Odczyty' }).click()
  const first = page.getByTestId('reading-history').locator('tbody tr').first()
  await expect(first).toContainText('odrzucony')
  await expect(first).toContainText('Klient pomylił cyfry — potwierdzone telefonicznie (Marek Łukasiewicz')
})
