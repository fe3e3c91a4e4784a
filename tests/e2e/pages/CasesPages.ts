import { expect, type Locator, type Page } from '@playwright/test'

/** The Pulpit's "Sprawy i awarie" panel: a count per tile, each a link to the filtered list. */
export class CasesDashboardPanel {
  readonly panel: Locator

  constructor(readonly page: Page) {
    this.panel = page.getByTestId('dashboard-cases')
  }

  tile(key: 'unrouted' | 'today' | 'overdue' | 'open'): Locator {
    return this.panel.getByTestId(`cases-count-${key}`)
  }

  count(key: 'unrouted' | 'today' | 'overdue' | 'open'): Locator {
    return this.tile(key).locator('.dashboard-cases__count')
  }
}

/** Zgłoszenie awarii: the phone form. */
export class FailureFormPage {
  readonly location: Locator
  readonly description: Locator
  readonly phone: Locator
  readonly reporter: Locator
  readonly urgent: Locator

  constructor(readonly page: Page) {
    this.location = page.getByLabel('Miejsce awarii')
    this.description = page.getByLabel('Co się dzieje')
    this.phone = page.getByLabel('Telefon do kontaktu')
    this.reporter = page.getByLabel(/^Zgłaszający/)
    this.urgent = page.getByRole('radio', { name: /^Pilna/ })
  }

  errorOf(field: Locator): Locator {
    return this.page.locator('.field', { has: field }).locator('.field__error')
  }
}

/** One case: its number, status, term, actions, replies and timeline. */
export class CasePage {
  readonly number: Locator
  readonly status: Locator
  readonly term: Locator
  readonly timeline: Locator
  readonly replies: Locator

  constructor(readonly page: Page) {
    this.number = page.getByTestId('case-no')
    this.status = page.getByTestId('case-status')
    this.term = page.getByTestId('case-term')
    this.timeline = page.getByTestId('case-timeline')
    this.replies = page.getByTestId('case-replies')
  }

  action(name: string | RegExp): Locator {
    return this.page.getByRole('toolbar', { name: 'Czynności' }).getByRole('button', { name })
  }

  async expectOpened(): Promise<string> {
    await expect(this.number).toHaveText(/^SPR\/K1\/\d{4}\/\d{5}$/)
    return (await this.number.textContent())!
  }
}

/** The customer card's "Sprawy" section. */
export class CaseCardCasesSection {
  readonly section: Locator
  readonly table: Locator
  readonly empty: Locator
  readonly reportCase: Locator
  readonly reportFailure: Locator

  constructor(readonly page: Page) {
    this.section = page.locator('#card-cases')
    this.table = page.getByTestId('customer-cases')
    this.empty = this.section.getByText('Klient nie ma spraw.')
    this.reportCase = this.section.getByRole('link', { name: 'Zgłoś sprawę' })
    this.reportFailure = this.section.getByRole('link', { name: 'Zgłoś awarię' })
  }
}
