import type { Locator, Page } from '@playwright/test'

/** The customer card's "Faktury" and "Rozliczenia" sections. */
export class CardBillingSections {
  readonly invoices: Locator
  readonly balance: Locator
  readonly headerBalance: Locator
  readonly recordPayment: Locator
  readonly payments: Locator

  constructor(readonly page: Page) {
    this.invoices = page.getByTestId('customer-invoices')
    this.balance = page.getByTestId('settlement-balance')
    this.headerBalance = page.getByTestId('customer-balance')
    this.recordPayment = page.getByTestId('record-payment')
    this.payments = page.getByTestId('payments')
  }

  invoiceLink(number: string): Locator {
    return this.invoices.getByRole('link', { name: number, exact: true })
  }
}

/** One invoice as issued, with its actions. */
export class InvoicePage {
  readonly title: Locator
  readonly duplicate: Locator
  readonly duplicates: Locator
  readonly lines: Locator

  constructor(readonly page: Page) {
    this.title = page.getByTestId('invoice-title')
    this.duplicate = page.getByTestId('invoice-duplicate')
    this.duplicates = page.getByTestId('invoice-duplicates')
    this.lines = page.getByTestId('invoice-lines')
  }
}

/** "Przyjmij wpłatę". */
export class PaymentDialog {
  readonly form: Locator
  readonly amount: Locator
  readonly method: Locator
  readonly submit: Locator

  constructor(readonly page: Page) {
    this.form = page.getByTestId('payment-form')
    this.amount = this.form.getByLabel('Kwota wpłaty')
    this.method = this.form.getByLabel('Forma wpłaty')
    this.submit = page.getByTestId('payment-submit')
  }
}
