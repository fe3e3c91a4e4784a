import { expect, type Locator, type Page } from '@playwright/test'

export class LoginPage {
  readonly heading: Locator
  readonly login: Locator
  readonly password: Locator
  readonly submit: Locator
  readonly office: Locator
  readonly station: Locator

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Logowanie' })
    this.login = page.getByLabel('Login', { exact: true })
    this.password = page.getByLabel('Hasło', { exact: true })
    this.submit = page.getByRole('button', { name: 'Zaloguj' })
    this.office = page.getByTestId('login-office')
    this.station = page.getByTestId('login-station')
  }

  async expectVisible(): Promise<void> {
    await expect(this.heading).toBeVisible()
  }

  async signIn(login: string, password: string): Promise<void> {
    await this.login.fill(login)
    await this.password.fill(password)
    await this.password.press('Enter')
  }

  errorOf(field: Locator): Locator {
    return this.page.locator('.field', { has: field }).locator('.field__error')
  }
}
