import type { Locator, Page } from '@playwright/test'

export class SettingsPage {
  readonly heading: Locator
  readonly tabs: Locator
  readonly staffTable: Locator
  readonly backupsTable: Locator

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Ustawienia' })
    this.tabs = page.getByRole('navigation', { name: 'Części ustawień' })
    this.staffTable = page.getByTestId('staff-table')
    this.backupsTable = page.getByTestId('backups-table')
  }

  tab(name: 'Dane biura' | 'Pracownicy' | 'Kopie zapasowe'): Locator {
    return this.tabs.getByRole('link', { name })
  }

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true })
  }
}
