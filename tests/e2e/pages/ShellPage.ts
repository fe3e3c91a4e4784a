import { expect, type Locator, type Page } from '@playwright/test'

/** The signed-in frame: top bar, navigation, global search, lock screen. */
export class ShellPage {
  readonly nav: Locator
  readonly signedInName: Locator
  readonly searchDialog: Locator
  readonly searchInput: Locator
  readonly searchOptions: Locator
  readonly lockScreen: Locator

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Nawigacja główna' })
    this.signedInName = page.getByTestId('signed-in-name')
    this.searchDialog = page.getByRole('dialog', { name: 'Szukaj klienta' })
    this.searchInput = this.searchDialog.getByRole('combobox', { name: 'Szukaj klienta' })
    this.searchOptions = this.searchDialog.getByRole('option')
    this.lockScreen = page.getByRole('dialog', { name: 'Stanowisko zablokowane' })
  }

  navLink(name: string): Locator {
    return this.nav.getByRole('link', { name })
  }

  async expectSignedIn(fullName: string): Promise<void> {
    await expect(this.signedInName).toHaveText(fullName)
  }

  async openSearch(shortcut: 'Control+k' | 'F2' = 'Control+k'): Promise<void> {
    await this.page.keyboard.press(shortcut)
    await expect(this.searchInput).toBeFocused()
  }

  async lock(): Promise<void> {
    await this.page.getByRole('button', { name: 'Zablokuj' }).click()
    await expect(this.lockScreen).toBeVisible()
  }

  async unlock(password: string): Promise<void> {
    await this.lockScreen.getByLabel('Hasło', { exact: true }).fill(password)
    await this.lockScreen.getByRole('button', { name: 'Odblokuj' }).click()
  }

  async logout(): Promise<void> {
    await this.page.getByRole('button', { name: 'Wyloguj' }).click()
  }
}
