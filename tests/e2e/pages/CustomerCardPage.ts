import type { Locator, Page } from '@playwright/test'

export class CustomerCardPage {
  readonly name: Locator
  readonly customerNo: Locator
  readonly contractsTable: Locator
  readonly metersTable: Locator
  readonly pesel: Locator
  readonly history: Locator

  constructor(readonly page: Page) {
    this.name = page.getByTestId('customer-name')
    this.customerNo = page.getByTestId('customer-no')
    this.contractsTable = page.getByTestId('contracts-table')
    this.metersTable = page.getByTestId('meters-table')
    this.pesel = page.getByTestId('customer-pesel')
    this.history = page.getByRole('heading', { name: 'Historia zmian', level: 2 })
  }
}
