// Faktury i rozliczenia at the counter, as the "Done when" says: the clerk opens an
// invoice from the customer card, prints a duplicate (a PDF with "DUPLIKAT" and today's date),
// takes a payment and sees the balance change — on the card's header and in Rozliczenia.
import { businessDate, formatDate } from '../../shared/domain/dates'
import { formatGrosze } from '../../shared/domain/money'
import { DEMO_PASSWORD, expect, expectNoHorizontalScroll, pdfTextOfFile, previewedPdf, saveScreen, test, type DeskServer } from './fixtures'
import { CardBillingSections, InvoicePage, PaymentDialog } from './pages/InvoicesPages'
import { LoginPage } from './pages/LoginPage'
import { ShellPage } from './pages/ShellPage'

/** A demo household with an ordinary invoice (not corrected) and something still to pay. */
async function customerWithInvoice(desk: DeskServer, session: string) {
  const list = await desk.call('invoices.list', { limit: 200 }, session)
  for (const item of list) {
    if (item.kind !== 'invoice' || item.corrected) continue
    const account = await desk.call('payments.settlement', { customerId: item.customerId }, session)
    if (account.balance < 0) return { item, account }
  }
  throw new Error('no demo customer with an invoice and a debt')
}

const money = (grosze: number) => new RegExp(formatGrosze(grosze).replace(/[\s\u00a0\u202f]/g, '[\\s\\u00a0\\u202f]'))

test('the clerk opens an invoice, prints a duplicate, records a payment and sees the balance change', async ({ page, demoDesk }) => {
  const session = await demoDesk.login('urzednik', DEMO_PASSWORD)
  const { item, account } = await customerWithInvoice(demoDesk, session)

  await page.goto(demoDesk.url)
  await new LoginPage(page).signIn('urzednik', DEMO_PASSWORD)
  await expect(new ShellPage(page).signedInName).toBeVisible()
  await page.goto(`${demoDesk.origin}/#/klienci/${item.customerId}`)

  const card = new CardBillingSections(page)
  await expect(card.invoiceLink(item.number)).toBeVisible()
  await expect(card.balance).toHaveText(money(-account.balance))
  await expect(card.headerBalance).toContainText(money(-account.balance))
  await expectNoHorizontalScroll(page)

  // Open the invoice from the card.
  await card.invoiceLink(item.number).click()
  const invoice = new InvoicePage(page)
  await expect(invoice.title).toHaveText(`Faktura VAT nr ${item.number}`)
  await expect(invoice.title).toBeFocused()
  await expect(invoice.lines.locator('tbody tr').first()).toContainText('m³')
  await expectNoHorizontalScroll(page)
  await saveScreen(page, 'invoice')

  // Print a duplicate: the PDF arrives with the word DUPLIKAT and today's date; the invoice records it.
  const file = await previewedPdf(page, () => invoice.duplicate.click())
  await expect(page.locator('.notice').filter({ hasText: 'Otwarto podgląd' })).toContainText(`Faktura_${item.number.replace(/\//g, '_')}_duplikat_${businessDate()}.pdf`)
  const text = pdfTextOfFile(file)
  expect(text).toContain(`Faktura VAT nr ${item.number}`)
  expect(text).toContain(`DUPLIKAT — wystawiony ${formatDate(businessDate())}`)
  expect(text).toContain(item.buyerName)
  await expect(invoice.duplicates).toContainText(`Duplikat z ${formatDate(businessDate())} — Joanna Kołodziej`)

  // Back to the card (Esc), take a payment at the counter with Alt+W.
  await page.keyboard.press('Escape')
  await expect(card.balance).toHaveText(money(-account.balance))
  await page.keyboard.press('Alt+w')
  const dialog = new PaymentDialog(page)
  await expect(dialog.amount).toBeFocused()
  await dialog.amount.fill('12,3,4')
  await dialog.method.focus()
  await expect(page.getByText('Kwota wpłaty: podaj kwotę w złotych, np. 123,45')).toBeVisible()
  await dialog.amount.fill('50,00')
  await dialog.method.selectOption({ label: 'gotówka' })
  await saveScreen(page, 'payment-dialog')
  await dialog.amount.press('Control+Enter')

  const after = account.balance + 5000
  await expect(page.getByText(/Zapisano wpłatę — potwierdzenie KP\/K1\/\d{4}\/\d{6}\./)).toBeVisible()
  await expect(card.balance).toHaveText(after < 0 ? money(-after) : after > 0 ? money(after) : /Rozliczony/)
  await expect(card.headerBalance).toContainText(money(Math.abs(after)))
  await expect(card.payments.locator('tbody tr').first()).toContainText('gotówka')
  await expect(card.payments.locator('tbody tr').first()).toContainText(money(5000))
  await expectNoHorizontalScroll(page)
  await page.locator('#card-settlement').scrollIntoViewIfNeeded()
  await saveScreen(page, 'customer-settlement')
})
