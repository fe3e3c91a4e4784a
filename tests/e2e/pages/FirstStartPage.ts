import { expect, type Locator, type Page } from '@playwright/test'

export interface OfficeData {
  name: string
  nip: string
  street: string
  houseNo: string
  postalCode: string
  city: string
  phone: string
  email: string
  bankName: string
  bankAccount: string
  invoiceSeries: string
  stationCode: string
  stationName: string
  idleLockMinutes: number
}

export interface AdminData {
  login: string
  fullName: string
  password: string
}

export class FirstStartPage {
  readonly heading: Locator
  readonly form: Locator

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Pierwsze uruchomienie' })
    this.form = page.getByRole('form', { name: 'Skonfiguruj biuro' })
  }

  field(label: string): Locator {
    return this.form.getByLabel(label, { exact: true })
  }

  /** The message shown next to a field (its aria-describedby). */
  errorOf(label: string): Locator {
    return this.form.locator('.field', { has: this.page.getByLabel(label, { exact: true }) }).locator('.field__error')
  }

  async expectVisible(): Promise<void> {
    await expect(this.heading).toBeVisible()
  }

  async fillOffice(o: OfficeData): Promise<void> {
    await this.field('Nazwa firmy').fill(o.name)
    await this.field('NIP').fill(o.nip)
    await this.field('Ulica').fill(o.street)
    await this.field('Numer domu').fill(o.houseNo)
    await this.field('Kod pocztowy').fill(o.postalCode)
    await this.field('Miejscowość').fill(o.city)
    await this.field('Telefon (opcjonalnie)').fill(o.phone)
    await this.field('E-mail (opcjonalnie)').fill(o.email)
    await this.field('Nazwa banku').fill(o.bankName)
    await this.field('Rachunek bankowy biura').fill(o.bankAccount)
    await this.field('Seria faktur').fill(o.invoiceSeries)
    await this.field('Kod stanowiska').fill(o.stationCode)
    await this.field('Nazwa stanowiska').fill(o.stationName)
    await this.field('Blokada po bezczynności').fill(String(o.idleLockMinutes))
  }

  async fillAdmin(a: AdminData, repeat = a.password): Promise<void> {
    await this.field('Login').fill(a.login)
    await this.field('Imię i nazwisko').fill(a.fullName)
    await this.field('Hasło').fill(a.password)
    await this.field('Powtórz hasło').fill(repeat)
  }

  /** Saves the way a clerk typing from paper would: Ctrl+Enter from the last field. */
  async saveWithKeyboard(): Promise<void> {
    await this.field('Powtórz hasło').press('Control+Enter')
  }
}
