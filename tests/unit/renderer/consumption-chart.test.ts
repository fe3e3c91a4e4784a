// @vitest-environment happy-dom
// The consumption chart and its figures speak Polish numbers: the y-axis reads "2 500" (not the
// English "2,500", which a Pole reads as 2.5), data labels and tooltips group thousands, the
// legend names the lighter bars. The chart is the card's own option, rendered by ECharts to SVG.
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components'
import { init, use } from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp, h, nextTick } from 'vue'
import type { ConsumptionAnalysis } from '../../../shared/api/types'
import ConsumptionSection from '../../../src-renderer/features/readings/ConsumptionSection.vue'
import { consumptionChartOption } from '../../../src-renderer/features/readings/consumptionChartOption'
import { useReadingsStore } from '../../../src-renderer/stores/readings'

use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer])

const period = (i: number, m3: number | null, over: Partial<ConsumptionAnalysis['periods'][number]> = {}): ConsumptionAnalysis['periods'][number] => ({
  key: `2026-${i}`,
  label: `${String(i * 2 - 1).padStart(2, '0')}–${String(i * 2).padStart(2, '0')}.2026`,
  from: `2026-${String(i * 2 - 1).padStart(2, '0')}-01`,
  to: `2026-${String(i * 2).padStart(2, '0')}-28`,
  days: 59,
  m3,
  complete: true,
  estimated: false,
  litresPerDay: m3 === null ? null : Math.round((m3 * 1000) / 59),
  lastYearM3: m3 === null ? null : m3 - 100,
  lastYearComplete: true,
  groupAvgM3: 1234.5,
  additionalM3: null,
  ...over,
})

const analysis = (periods: ConsumptionAnalysis['periods'], litresPerDay: number | null): ConsumptionAnalysis => ({
  asOf: '2026-12-07',
  supplyPoint: { id: 'sp', address: { street: 'Krucza', houseNo: '10', flatNo: null, postalCode: '22-400', city: 'Zamość' } },
  supplyPoints: [],
  contractNo: 'U/2026/001',
  tariffGroupName: 'Budynki wielolokalowe',
  billingCycle: 'bimonthly',
  periods,
  summary: { last12M3: 12345, previous12M3: 11000, litresPerDay, groupLitresPerDay: 1500 },
  events: [],
  leak: { status: 'no_radio', message: 'Brak danych radiowych.', daysJudged: 0, nightsJudged: 0 },
  notes: [],
})

// A block of flats: thousands of m³ per period, the last one still running, one an estimate.
const flats = analysis([period(1, 2142), period(2, 2890, { estimated: true }), period(3, 3120), period(4, 3299), period(5, 1500, { complete: false })], 55921)

/** The texts ECharts draws, decoded, non-breaking spaces read as spaces. */
function drawnTexts(a: ConsumptionAnalysis): string[] {
  const chart = init(null, undefined, { renderer: 'svg', ssr: true, width: 900, height: 300 })
  chart.setOption(consumptionChartOption(a, { animation: false }))
  const svg = chart.renderToSVGString()
  chart.dispose()
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]
      .replace(/&#(\d+);/g, (_, c: string) => String.fromCodePoint(Number(c)))
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/\u00a0|\u202f/g, ' '),
  )
}

let host: HTMLElement | null = null
afterEach(() => host?.remove())

describe('consumption chart', () => {
  it('labels the y-axis in Polish format: "2 500", never "2,500"', () => {
    const texts = drawnTexts(flats)
    expect(texts).toContain('2 500')
    expect(texts).toContain('3 000')
    expect(texts.join('|')).not.toMatch(/\d,\d{3}/)
  })

  it('puts data labels with a thousands separator over the bars', () => {
    const texts = drawnTexts(flats)
    for (const label of ['2 142', '2 890', '3 120', '3 299', '1 500']) expect(texts).toContain(label)
    expect(texts).not.toContain('2142')
  })

  it('names the lighter bars in the legend: the unfinished period and the estimate', () => {
    const texts = drawnTexts(flats)
    expect(texts).toContain('Okres w toku (niepełny)')
    expect(texts).toContain('Zużycie szacowane')
    expect(texts).toContain('Zużycie')
    // A customer with only finished, read periods gets no empty legend entries.
    const plain = drawnTexts(analysis([period(1, 12), period(2, 14)], 200))
    expect(plain).not.toContain('Okres w toku (niepełny)')
    expect(plain).not.toContain('Zużycie szacowane')
  })

  it('writes the tooltip in Polish numbers', () => {
    const option = consumptionChartOption(flats, { animation: false }) as { tooltip: { formatter: (items: { dataIndex: number }[]) => string } }
    const text = option.tooltip.formatter([{ dataIndex: 0 }]).replace(/\u00a0/g, ' ')
    expect(text).toContain('Zużycie: 2 142 m³ (36 305 l/dobę)')
    expect(text).toContain('Ten sam okres rok wcześniej: 2 042 m³')
    expect(text).toContain('Średnia grupy taryfowej: 1 234,5 m³')
  })

  it('shows "Średnio na dobę 55 921 l" on the card', async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    const readings = useReadingsStore()
    readings.loadAnalysis = async () => undefined
    readings.analysis = analysis([period(1, null)], 55921)
    host = document.createElement('div')
    document.body.append(host)
    const app = createApp({ render: () => h(ConsumptionSection, { customerId: 'c1', hasContract: true }) })
    app.use(pinia)
    app.mount(host)
    await nextTick()
    const summary = host.querySelector('[data-testid="consumption-summary"]')!.textContent!.replace(/\u00a0/g, ' ')
    expect(summary).toContain('55 921 l')
    expect(summary).toContain('średnia grupy taryfowej: 1 500 l')
    expect(summary).toContain('12 345 m³')
  })
})
