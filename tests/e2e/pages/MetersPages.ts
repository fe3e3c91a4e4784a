import { expect, type Locator, type Page } from '@playwright/test'

/** The customer card's "Wodomierze" and "Odczyty i zużycie" sections. */
export class CardMetersSection {
  readonly section: Locator
  readonly table: Locator
  readonly newReading: Locator
  readonly replace: Locator
  readonly consumption: Locator
  readonly chart: Locator
  readonly consumptionTable: Locator
  readonly summary: Locator
  readonly leak: Locator

  constructor(readonly page: Page) {
    this.section = page.locator('#card-meters')
    this.table = page.getByTestId('meters-table')
    this.newReading = page.getByTestId('new-reading')
    this.replace = this.section.getByRole('button', { name: 'Wymiana wodomierza' })
    this.consumption = page.locator('#card-consumption')
    this.chart = page.getByTestId('consumption-chart')
    this.consumptionTable = page.getByTestId('consumption-table')
    this.summary = page.getByTestId('consumption-summary')
    this.leak = page.getByTestId('leak-hint')
  }

  meterRow(serialNo: string): Locator {
    return this.table.locator(`tr[data-meter="${serialNo}"]`)
  }

  /** m³ per period as the chart draws them. */
  async chartValues(): Promise<(number | null)[]> {
    return JSON.parse((await this.chart.getAttribute('data-values')) ?? '[]') as (number | null)[]
  }

  /** The chart's SVG is on the card with a bar per period that has use. */
  async expectChartDrawn(): Promise<void> {
    await expect(this.chart.getByRole('img', { name: 'Wykres zużycia wody w okresach rozliczeniowych' })).toBeVisible()
    await expect(this.chart.locator('rect.bar-use').first()).toBeVisible()
  }
}

/** "Nowy odczyt". */
export class ReadingDialog {
  readonly dialog: Locator
  readonly value: Locator
  readonly date: Locator
  readonly kind: Locator
  readonly source: Locator
  readonly submit: Locator
  readonly warning: Locator
  readonly previous: Locator

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: /^Nowy odczyt/ })
    this.value = this.dialog.getByLabel('Stan wodomierza (m³)')
    this.date = this.dialog.getByLabel('Data odczytu')
    this.kind = this.dialog.getByLabel('Rodzaj odczytu')
    this.source = this.dialog.getByLabel('Sposób podania')
    this.submit = this.dialog.getByTestId('reading-submit')
    this.warning = this.dialog.getByTestId('reading-warning')
    this.previous = this.dialog.getByTestId('reading-previous')
  }

  errorOf(field: Locator): Locator {
    return this.dialog.locator('.field', { has: field }).locator('.field__error')
  }
}

/** Wodomierze → "Wodomierze do wymiany". */
export class MetersDuePage {
  readonly heading: Locator
  readonly table: Locator
  readonly rows: Locator
  readonly days: Locator
  readonly counts: Locator
  readonly csv: Locator
  readonly pdf: Locator

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Wodomierze do wymiany' })
    this.table = page.getByTestId('due-table')
    this.rows = this.table.locator('tbody tr')
    this.days = page.getByLabel('Wygasające w ciągu')
    this.counts = page.getByTestId('due-counts')
    this.csv = page.getByTestId('due-csv')
    this.pdf = page.getByTestId('due-pdf')
  }
}
