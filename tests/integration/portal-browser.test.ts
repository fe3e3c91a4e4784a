// The portal in Debian's Chromium: the forms work with the strict CSP and no script (log in, set
// the password, give a reading), nothing the CSP blocks is asked for, axe reports no serious or
// critical violation, and no page scrolls sideways, at a phone's width and a desktop's. A failure report
// with a photo goes through the browser's own multipart form.
import AxeBuilder from '@axe-core/playwright'
import { chromium, type Browser as Chromium, type Page } from '@playwright/test'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM } from '../../playwright.config'
import { makePortalOffice, type PortalOffice } from '../support/portal'

let p: PortalOffice
let browser: Chromium
const PASSWORD = 'Przegladarka-2026'

beforeAll(async () => {
  p = await makePortalOffice()
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] })
}, 90_000)
afterAll(async () => {
  await browser?.close()
  await p?.dispose()
})

const PAGES = ['/konto', '/faktury', '/odczyty', '/zuzycie', '/wodomierze', '/rozliczenia', '/zgloszenia', '/e-faktura', '/zmiana-hasla', '/nie-pamietam-hasla', '/rejestracja']

async function check(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).analyze()
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), label).toEqual([])
  // Evaluated in the page (this file is type-checked without the DOM library).
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')
  expect(overflow, `${label} scrolls sideways`).toBeLessThanOrEqual(0)
}

describe('in Chromium', () => {
  it('logs in, sets the password, gives a reading, sends a failure report with a photo; every page passes axe at phone and desktop widths with nothing blocked by the CSP', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'pl-PL' })
    const page = await context.newPage()
    const blocked: string[] = []
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) blocked.push(m.text())
    })
    await page.goto(`${p.base}/logowanie`)
    await check(page, 'logowanie (telefon)')
    await page.getByLabel('Numer klienta').fill(p.kowalska.customer.customerNo)
    await page.getByLabel('Hasło').fill(p.kowalska.initialPassword)
    await page.getByRole('button', { name: 'Zaloguj' }).click()
    await expect.poll(() => new URL(page.url()).pathname).toBe('/zmiana-hasla')
    await check(page, 'zmiana hasła, pierwsze logowanie (telefon)')
    await page.getByLabel('Hasło jednorazowe (z e-maila lub listu)').fill(p.kowalska.initialPassword)
    await page.getByLabel('Nowe hasło (co najmniej 10 znaków, litery i cyfry)').fill(PASSWORD)
    await page.getByLabel('Powtórz nowe hasło').fill(PASSWORD)
    await page.getByRole('button', { name: 'Zapisz hasło' }).click()
    await expect.poll(() => page.getByText('konto iBOK jest aktywne').count()).toBe(1)

    await page.goto(`${p.base}/odczyty`)
    await page.getByRole('link', { name: 'Podaj odczyt tego wodomierza' }).click()
    await check(page, 'podaj odczyt (telefon)')
    await page.getByLabel('Stan wodomierza (pełne m³, czarne cyfry)').fill('166')
    await page.getByRole('button', { name: 'Wyślij odczyt' }).click()
    await expect.poll(() => page.getByText('Odczyt został zapisany').count()).toBe(1)

    // A failure report with a photo: the browser's own multipart form, under the CSP.
    await page.goto(`${p.base}/zgloszenia`)
    await page.getByLabel('Zgłoszenie awarii').check()
    await page.getByLabel('Treść').fill('Wyciek przy studzience')
    await page.getByLabel('Miejsce awarii (adres) — przy zgłoszeniu awarii').fill('Partyzantów 12, Zamość')
    await page.getByLabel('Telefon do kontaktu').fill('600 100 200')
    const photo = Buffer.alloc(4096, 7)
    photo.set([0xff, 0xd8, 0xff, 0xe0])
    await page.getByLabel(/^Zdjęcia/).setInputFiles({ name: 'wyciek.jpg', mimeType: 'image/jpeg', buffer: photo })
    await page.getByRole('button', { name: 'Wyślij', exact: true }).click()
    await expect.poll(() => page.getByText('Dołączono zdjęcia: 1.').count()).toBe(1)
    await page.getByRole('link', { name: /^SPR\/WW\// }).first().click()
    await expect.poll(() => page.getByText('wyciek.jpg').count()).toBe(1)
    const casePath = new URL(page.url()).pathname

    for (const width of [375, 1366]) {
      await page.setViewportSize({ width, height: 800 })
      for (const path of [...PAGES, casePath]) {
        await page.goto(`${p.base}${path}`)
        await check(page, `${path} at ${width}px`)
        // The analysis's chart: an image by its Polish name, visible (check() above: no sideways scroll).
        if (path === '/zuzycie') expect(await page.getByRole('img', { name: 'Wykres zużycia wody w okresach rozliczeniowych' }).isVisible(), `chart at ${width}px`).toBe(true)
      }
    }
    expect(blocked).toEqual([])
    await context.close()
    // 22 axe runs in a real browser: generous on a shared, loaded machine.
  }, 180_000)
})
