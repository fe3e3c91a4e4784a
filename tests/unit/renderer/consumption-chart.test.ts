// @vitest-environment happy-dom
// The card's consumption chart as the clerk sees it: a bar per billing period with its value (over
// the bar and in the bar's tooltip), the year before beside it, the tariff group's average as a
// line, a meter replacement marked, the legend naming the lighter bars — in Polish numbers (the
// y-axis reads "2 000", never the English "2,000", which a Pole reads as 2). The card draws the
// SVG the portal draws (shared/charts/consumption-chart.ts); this mounts the card's component.
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp, h, nextTick } from 'vue'
import type { ConsumptionAnalysis } from '../../../shared/api/types'
import { consumptionChartSvg } from '../../../shared/charts/consumption-chart'
import ConsumptionChart from '../../../src-renderer/features/readings/ConsumptionChart.vue'
import ConsumptionSection from '../../../src-renderer/features/readings/ConsumptionSection.vue'
import { useReadingsStore } from '../../../src-renderer/stores/readings'
import { analysisOf } from '../../support/consumption'

const period = (i: number, m3: number | null, over: Partial<ConsumptionAnalysis['periods'][number]> = {}): ConsumptionAnalysis['periods'][number] => ({
  key: `2026-${i}`,
  label: `${['sty–lut', 'mar–kwi', 'maj–cze', 'lip–sie', 'wrz–paź', 'lis–gru'][i - 1]} 2026`,
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

const analysis = (periods: ConsumptionAnalysis['periods'], litresPerDay: number | null, events: ConsumptionAnalysis['events'] = []): ConsumptionAnalysis =>
  analysisOf(periods, { summary: { last12M3: 12345, previous12M3: 11000, litresPerDay, groupLitresPerDay: 1500 }, events })

// A block of flats: thousands of m³ per period, the last one still running, one an estimate; the meter replaced in the third.
const flats = analysis(
  [period(1, 2142), period(2, 2890, { estimated: true }), period(3, 3120), period(4, 3299), period(5, 1500, { complete: false })],
  55921,
  [{ date: '2026-05-10', label: 'Wymiana wodomierza A-1 → B-2' }],
)

let host: HTMLElement | null = null
afterEach(() => host?.remove())

/** The card's chart mounted on a page: its element. */
async function chartOf(a: ConsumptionAnalysis): Promise<HTMLElement> {
  host = document.createElement('div')
  document.body.append(host)
  createApp({ render: () => h(ConsumptionChart, { analysis: a }) }).mount(host)
  await nextTick()
  return host.querySelector<HTMLElement>('[data-testid="consumption-chart"]')!
}

/** Text as read: non-breaking and narrow spaces as spaces. */
const plain = (s: string | null | undefined) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ')
const texts = (el: Element) => [...el.querySelectorAll('svg text')].map((t) => plain(t.textContent))

describe('the card consumption chart', () => {
  it('draws a bar per period carrying its value in its tooltip, the lighter ones saying why', async () => {
    const chart = await chartOf(flats)
    const bars = [...chart.querySelectorAll('rect.bar-use')]
    expect(bars.map((b) => plain(b.querySelector('title')?.textContent))).toEqual([
      'sty–lut 2026: 2 142 m³ (36 305 l/dobę)',
      'mar–kwi 2026: 2 890 m³ (48 983 l/dobę), zużycie szacowane',
      'maj–cze 2026: 3 120 m³ (52 881 l/dobę)',
      'lip–sie 2026: 3 299 m³ (55 915 l/dobę)',
      'wrz–paź 2026: 1 500 m³ (25 424 l/dobę), okres w toku (niepełny)',
    ])
    // The taller the use, the taller the bar; the lighter shades for the estimate and the running period.
    const heights = bars.map((b) => Number(b.getAttribute('height')))
    expect(heights[3]).toBeGreaterThan(heights[2])
    expect(heights[0]).toBeGreaterThan(heights[4])
    expect(bars.map((b) => b.getAttribute('fill'))).toEqual(['#0a58ad', '#6f9fd8', '#0a58ad', '#0a58ad', '#9fc1e8'])
    // The year before beside each.
    expect(chart.querySelectorAll('rect.bar-last-year')).toHaveLength(5)
    expect(plain(chart.querySelector('rect.bar-last-year title')?.textContent)).toBe('sty–lut 2026, ten sam okres rok wcześniej: 2 042 m³')
    // What the e2e tests read.
    expect(JSON.parse(chart.dataset.values!)).toEqual([2142, 2890, 3120, 3299, 1500])
  })

  it('labels the y-axis and the bars in Polish format: "2 000", never "2,000"', async () => {
    const drawn = texts(await chartOf(flats))
    expect(drawn).toContain('2 000')
    expect(drawn).toContain('3 000')
    for (const label of ['2 142', '2 890', '3 120', '3 299', '1 500']) expect(drawn).toContain(label)
    expect(drawn.join('|')).not.toMatch(/\d,\d{3}|2142/)
  })

  it("draws the tariff group's average as a dashed line through every period, and marks the meter replacement", async () => {
    const chart = await chartOf(flats)
    const line = chart.querySelector('polyline')!
    expect(line.getAttribute('points')!.split(' ')).toHaveLength(5)
    expect(line.getAttribute('stroke-dasharray')).toBeTruthy()
    expect(line.getAttribute('stroke')).toBe('#b35c00')
    expect(plain(chart.querySelector('circle title')?.textContent)).toBe('sty–lut 2026, średnia grupy taryfowej: 1 234,5 m³')
    const marks = [...chart.querySelectorAll('g.replacement')]
    expect(marks).toHaveLength(1)
    expect(marks[0].querySelector('title')?.textContent).toBe('Wymiana wodomierza A-1 → B-2')
    expect(marks[0].textContent).toContain('wymiana')
    // At the start of the third period: left of its bars, right of the second period's.
    const x = Number(marks[0].querySelector('line')!.getAttribute('x1'))
    const barX = [...chart.querySelectorAll('rect.bar-use')].map((b) => Number(b.getAttribute('x')))
    expect(x).toBeGreaterThan(barX[1])
    expect(x).toBeLessThan(barX[2])
  })

  it('names the lighter bars in the legend, and only the shades it draws', async () => {
    const legend = (el: HTMLElement) => [...el.querySelectorAll('.consumption-chart__legend li')].map((li) => li.textContent!.trim())
    expect(legend(await chartOf(flats))).toEqual(['Zużycie', 'Zużycie szacowane', 'Okres w toku (niepełny)', 'Ten sam okres rok wcześniej', 'Średnia grupy taryfowej'])
    host!.remove()
    const simple = await chartOf(analysis([period(1, 12, { groupAvgM3: null }), period(2, 14, { groupAvgM3: null })], 200))
    expect(legend(simple)).toEqual(['Zużycie', 'Ten sam okres rok wcześniej'])
    expect(simple.querySelector('polyline')).toBeNull()
  })

  it('is an image named for a screen reader, described by what it shows', async () => {
    const svg = (await chartOf(flats)).querySelector('svg[role="img"]')!
    const [title, desc] = svg.getAttribute('aria-labelledby')!.split(' ')
    expect(svg.querySelector(`#${title}`)?.textContent).toBe('Wykres zużycia wody w okresach rozliczeniowych')
    expect(plain(svg.querySelector(`#${desc}`)?.textContent)).toContain('Najwięcej 3 299 m³ (lip–sie 2026), najmniej 1 500 m³ (wrz–paź 2026).')
    // Sized by its frame: no fixed pixel height, the viewBox keeps the proportions.
    expect(svg.getAttribute('width')).toBe('100%')
    expect(svg.getAttribute('height')).toBeNull()
  })

  it('never turns a value into markup', async () => {
    const chart = await chartOf(analysis([period(1, 5, { label: '<b>x</b> 2026' })], null, [{ date: '2026-01-10', label: '<img src=x onerror=alert(1)>' }]))
    expect(chart.querySelector('b, img')).toBeNull()
    expect(chart.querySelector('rect.bar-use title')?.textContent).toContain('<b>x</b>')
  })

  it('spreads the periods over the width it is given, keeping one unit a pixel', () => {
    const svg = consumptionChartSvg(flats, { width: 1000, fluid: true }).text
    expect(svg).toContain('viewBox="0 0 1000 264"')
    const xs = [...svg.matchAll(/<rect class="bar-use[^"]*" x="([\d.]+)"/g)].map((m) => Number(m[1]))
    // Five slots of (1000 − 64) / 5 px: the last bar sits in the right fifth.
    expect(xs.at(-1)).toBeGreaterThan(800)
    expect(consumptionChartSvg(flats).text).toContain('viewBox="0 0 344 264"')
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
    const summary = plain(host.querySelector('[data-testid="consumption-summary"]')!.textContent)
    expect(summary).toContain('55 921 l')
    expect(summary).toContain('średnia grupy taryfowej: 1 500 l')
    expect(summary).toContain('12 345 m³')
  })
})
