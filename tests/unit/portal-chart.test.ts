// The portal's consumption chart (server-rendered SVG, no script, no style attribute): what the
// desk's chart shows — the lighter bars named in the legend, the tariff group's average as a line,
// a replacement marked, Polish number format — and data from the database never becomes markup.
import { describe, expect, it } from 'vitest'
import type { ConsumptionAnalysis } from '../../shared/api/types'
import { consumptionChart } from '../../src-main/portal/chart'
import { analysisPage } from '../../src-main/portal/pages'
import { analysisOf } from '../support/consumption'

type Period = ConsumptionAnalysis['periods'][number]
const period = (i: number, m3: number | null, over: Partial<Period> = {}): Period => ({
  key: `2026-${i}`,
  label: `${['sty–lut', 'mar–kwi', 'maj–cze', 'lip–sie', 'wrz–paź', 'lis–gru'][(i - 1) % 6]} ${2025 + Math.floor((i - 1) / 6)}`,
  from: `${2025 + Math.floor((i - 1) / 6)}-${String((((i - 1) % 6) * 2) + 1).padStart(2, '0')}-01`,
  to: `${2025 + Math.floor((i - 1) / 6)}-${String((((i - 1) % 6) * 2) + 2).padStart(2, '0')}-28`,
  days: 59,
  m3,
  complete: true,
  estimated: false,
  litresPerDay: m3 === null ? null : Math.round((m3 * 1000) / 59),
  lastYearM3: null,
  lastYearComplete: false,
  groupAvgM3: null,
  additionalM3: null,
  ...over,
})
const analysis = (periods: Period[], events: ConsumptionAnalysis['events'] = []): ConsumptionAnalysis => analysisOf(periods, { events })

describe('the portal consumption chart', () => {
  it('draws a bar per period with use, the year before beside it, the group average as a line, and names every shade', () => {
    const a = analysis(
      [period(1, 2142, { groupAvgM3: 2000.5 }), period(2, 2890, { estimated: true, lastYearM3: 2500, groupAvgM3: 2100 }), period(3, null), period(4, 1500, { complete: false, lastYearM3: 1400 })],
      [{ date: '2025-03-15', label: 'Wymiana wodomierza A → B' }],
    )
    const out = consumptionChart(a).text
    expect(out.match(/<rect class="bar-use/g)).toHaveLength(3)
    expect(out.match(/<rect class="bar-last-year"/g)).toHaveLength(2)
    expect(out).toContain('class="bar-use bar-estimated"')
    expect(out).toContain('class="bar-use bar-running"')
    expect(out).toMatch(/<polyline points="[^"]+" fill="none" stroke="#b35c00"/)
    // Polish numbers: grouping for four digits (a non-breaking space), a decimal comma.
    const plain = out.replace(/[\u00a0\u202f]/g, ' ')
    expect(plain).toContain('>2 890<')
    expect(plain).toContain('sty–lut 2025, średnia grupy taryfowej: 2 000,5 m³')
    expect(out).toContain('Wymiana wodomierza A → B')
    expect(out).toContain('>wymiana<')
    const legend = /<ul class="legend">([\s\S]*)<\/ul>/.exec(out)![1]
    for (const name of ['Zużycie', 'Zużycie szacowane', 'Okres w toku (niepełny)', 'Ten sam okres rok wcześniej', 'Średnia grupy taryfowej']) expect(legend).toContain(`</svg> ${name}</li>`)
    expect(plain).toMatch(/<desc id="wykres-opis">Zużycie w 4 okresach rozliczeniowych, od sty–lut 2025 do lip–sie 2025\. Najwięcej 2 890 m³ \(mar–kwi 2025\), najmniej 1 500 m³ \(lip–sie 2025\)\./)
    expect(out).not.toMatch(/style=|<script/)
  })

  it('leaves out what the analysis does not have: no line, no lighter shades in the legend', () => {
    const out = consumptionChart(analysis([period(1, 5), period(2, 6)])).text
    expect(out).not.toContain('<polyline')
    expect(out).not.toContain('Średnia grupy taryfowej')
    expect(out).not.toContain('Zużycie szacowane')
    expect(out).not.toContain('Linia przerywana')
  })

  it('draws an additional (garden) meter as its own bar, named in the legend', () => {
    const out = consumptionChart(analysis([period(1, 50, { additionalM3: 12 }), period(2, 60, { additionalM3: null }), period(3, 70, { additionalM3: 30 })])).text
    expect(out.match(/<rect class="bar-extra"/g)).toHaveLength(2)
    expect(out).toContain('</svg> Wodomierz dodatkowy (np. ogród)</li>')
    expect(consumptionChart(analysis([period(1, 50)])).text).not.toContain('bar-extra')
    // The table (the accessible data) has the same figures in its own column.
    const nav = { customerNo: 'K1-000001', csrf: 't', current: '/zuzycie' }
    const withExtra = analysisPage({ nav, analysis: analysis([period(1, 50, { additionalM3: 12 })]) })
    expect(withExtra).toContain('<th scope="col" class="num">Wodomierz dodatkowy</th>')
    expect(withExtra).toContain('<td class="num">12 m³</td></tr>')
    expect(analysisPage({ nav, analysis: analysis([period(1, 50)]) })).not.toContain('Wodomierz dodatkowy')
  })

  it('labels every other period of a long range, so labels never overlap', () => {
    const out = consumptionChart(analysis(Array.from({ length: 24 }, (_, i) => period(i + 1, 10 + i)))).text
    expect(out.match(/<rect class="bar-use/g)).toHaveLength(24)
    expect(out.match(/font-size="11" fill="#1f2328">/g)).toHaveLength(12)
  })

  it('escapes every value it draws', () => {
    const out = consumptionChart(analysis([period(1, 5, { label: '<b>x</b> 2026' })], [{ date: '2025-01-10', label: '"><script>' }])).text
    expect(out).not.toContain('<b>')
    expect(out).not.toContain('<script>')
    expect(out).toContain('&lt;b&gt;x&lt;/b&gt;')
  })
})
