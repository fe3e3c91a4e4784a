import { expect, type Locator, type Page } from '@playwright/test'

/** Nowy klient / Edytuj dane: the paper-order customer form. */
export class CustomerFormPage {
  readonly form: Locator
  readonly duplicates: Locator

  constructor(readonly page: Page) {
    this.form = page.getByRole('form', { name: /^(Nowy klient|Edytuj dane klienta)/ })
    this.duplicates = page.getByTestId('duplicates-warning')
  }

  field(label: string | RegExp): Locator {
    return this.form.getByLabel(label, { exact: typeof label === 'string' })
  }

  /** The message shown next to a field. */
  errorOf(label: string | RegExp): Locator {
    // `has` is relative to the .field, so the inner locator must not start from the form.
    return this.form.locator('.field', { has: this.page.getByLabel(label, { exact: typeof label === 'string' }) }).locator('.field__error')
  }

  async kind(kind: 'osoba' | 'firma'): Promise<void> {
    await this.form.getByRole('radio', { name: kind }).check()
  }

  /** Types a value and leaves the field with Tab, as a clerk does. */
  async type(label: string | RegExp, value: string): Promise<void> {
    const input = this.field(label)
    await input.fill(value)
    await input.press('Tab')
  }

  async address(a: { street: string; houseNo: string; postalCode: string; city: string }): Promise<void> {
    await this.type('Ulica', a.street)
    await this.type('Numer domu', a.houseNo)
    await this.type('Kod pocztowy', a.postalCode)
    await this.type('Miejscowość', a.city)
  }

  async save(): Promise<void> {
    await this.field('Miejscowość').press('Control+Enter')
  }
}

/** The "Nowa umowa" dialog on the customer card. */
export class ContractDialog {
  readonly dialog: Locator

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Nowa umowa' })
  }

  async createAtCorrespondenceAddress(): Promise<void> {
    await this.page.getByRole('button', { name: 'Nowa umowa' }).click()
    await expect(this.dialog).toBeVisible()
    await expect(this.dialog.getByLabel('Grupa taryfowa')).toBeVisible({ timeout: 30_000 })
    await this.dialog.getByRole('button', { name: 'Jak adres do korespondencji' }).click()
    await this.dialog.getByRole('button', { name: 'Zawrzyj umowę' }).click()
    await expect(this.dialog).toBeHidden({ timeout: 30_000 })
  }
}
