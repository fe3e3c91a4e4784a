// The consumption chart of the portal's "Analiza zużycia", drawn on the server as inline SVG: the
// CSP forbids scripts and style attributes, so everything is markup with presentation attributes.
// It draws what the desk's chart draws from the same analysis: a bar per billing period (a period
// still running and one resting on an estimate in lighter blues), the same period a year earlier
// beside it, an additional meter's bar, the tariff group's average as a dashed line, meter
// replacements marked. Drawn at its natural size (one unit a CSS pixel, so the text stays
// readable); a narrow screen scrolls the chart inside its frame. The table under it holds the same figures for a screen reader.
import type { ConsumptionAnalysis } from '../../shared/api/types'
import { CONSUMPTION_CHART_COLORS as COLORS } from '../../shared/domain/consumption'
import { formatNumber } from '../../shared/domain/numbers'
import { axisStep } from '../documents/consumption-analysis'
import { html, type Html } from './html'

type Period = ConsumptionAnalysis['periods'][number]
type BarKind = 'use' | 'estimated' | 'running'
const barKind = (p: Period): BarKind => (!p.complete ? 'running' : p.estimated ? 'estimated' : 'use')

const INK = '#1f2328'
const AXIS = '#57606a'
const GRID = '#d8dee4'
const TITLE = 'Wykres zużycia wody w okresach rozliczeniowych'
const SERIES = {
  use: 'Zużycie',
  estimated: 'Zużycie szacowane',
  running: 'Okres w toku (niepełny)',
  lastYear: 'Ten sam okres rok wcześniej',
  group: 'Średnia grupy taryfowej',
  extra: 'Wodomierz dodatkowy (np. ogród)',
}

const m3 = (v: number | null, digits: 0 | 1 = 0) => (v === null ? '—' : `${formatNumber(v, digits)} m³`)
const r1 = (v: number) => Math.round(v * 10) / 10

/** What the chart shows, in a few Polish sentences (the SVG's <desc>). */
function summary(a: ConsumptionAnalysis): string {
  const used = a.periods.filter((p) => p.m3 !== null)
  if (!used.length) return 'Brak odczytów do analizy.'
  const most = used.reduce((x, y) => (y.m3! > x.m3! ? y : x))
  const least = used.reduce((x, y) => (y.m3! < x.m3! ? y : x))
  const parts = [
    `Zużycie w ${a.periods.length} okresach rozliczeniowych, od ${a.periods[0].label} do ${a.periods.at(-1)!.label}.`,
    `Najwięcej ${m3(most.m3)} (${most.label}), najmniej ${m3(least.m3)} (${least.label}).`,
    `Ostatnie 12 miesięcy: ${m3(a.summary.last12M3)}, rok wcześniej: ${m3(a.summary.previous12M3)}.`,
    'Szare słupki: ten sam okres rok wcześniej.',
  ]
  if (a.periods.some((p) => p.groupAvgM3 !== null)) parts.push('Linia przerywana: średnia grupy taryfowej.')
  parts.push('Dokładne wartości w tabeli pod wykresem.')
  return parts.join(' ')
}

/** The label of a period in two lines: months over the year ("wrz–paź" / "2026"). */
function labelLines(label: string): [string, string] {
  const cut = label.lastIndexOf(' ')
  return cut < 0 ? [label, ''] : [label.slice(0, cut), label.slice(cut + 1)]
}

export function consumptionChart(a: ConsumptionAnalysis): Html {
  const periods = a.periods
  const n = Math.max(periods.length, 1)
  const slot = n <= 12 ? 56 : 36
  const labelEvery = n <= 12 ? 1 : 2
  const left = 52
  const top = 24
  const plot = 200
  const width = left + n * slot + 12
  const height = top + plot + 40
  const max = Math.max(1, ...periods.flatMap((p) => [p.m3 ?? 0, p.lastYearM3 ?? 0, p.groupAvgM3 ?? 0, p.additionalM3 ?? 0]))
  const step = axisStep(max)
  // Headroom over the tallest bar for its value label.
  const ceiling = Math.ceil((max * 1.08) / step) * step
  const yOf = (v: number) => r1(top + plot - (v / ceiling) * plot)
  const bottom = top + plot
  // Additional (e.g. garden) meters get a third bar, as on the desk's chart.
  const hasExtra = periods.some((p) => p.additionalM3 !== null)
  const bar = Math.min(18, Math.floor(slot * (hasExtra ? 0.26 : 0.36)))
  // Left edges of the bars in a slot: the year before, the customer's use, the additional meter.
  const [lastX, useX, extraX] = hasExtra ? [-1.5 * bar - 1, -bar / 2, bar / 2 + 1] : [-bar - 1, 1, 0]
  const cxOf = (i: number) => left + slot * i + slot / 2

  const grid: Html[] = []
  for (let v = 0; v <= ceiling; v += step) {
    const y = yOf(v)
    grid.push(html`<line x1="${left}" y1="${y}" x2="${width - 12}" y2="${y}" stroke="${v === 0 ? AXIS : GRID}" stroke-width="1"/><text x="${left - 6}" y="${y + 4}" text-anchor="end" font-size="11" fill="${AXIS}">${formatNumber(v)}</text>`)
  }

  const bars = periods.map((p, i) => {
    const cx = cxOf(i)
    const [months, year] = labelLines(p.label)
    const lastYear =
      p.lastYearM3 !== null
        ? html`<rect class="bar-last-year" x="${r1(cx + lastX)}" y="${yOf(p.lastYearM3)}" width="${bar}" height="${r1(bottom - yOf(p.lastYearM3))}" fill="${COLORS.lastYear}"><title>${p.label}, ${SERIES.lastYear.toLowerCase()}: ${m3(p.lastYearM3)}</title></rect>`
        : ''
    const kind = barKind(p)
    const use =
      p.m3 !== null
        ? html`<rect class="bar-use bar-${kind}" x="${r1(cx + useX)}" y="${yOf(p.m3)}" width="${bar}" height="${r1(bottom - yOf(p.m3))}" fill="${COLORS[kind]}"><title>${p.label}: ${m3(p.m3)}${kind === 'use' ? '' : ` (${SERIES[kind].toLowerCase()})`}</title></rect>${
            slot >= 48 ? html`<text x="${r1(cx + useX + bar / 2)}" y="${r1(yOf(p.m3) - 4)}" text-anchor="middle" font-size="10" fill="${INK}">${formatNumber(p.m3)}</text>` : ''
          }`
        : ''
    const label =
      i % labelEvery === 0
        ? html`<text x="${cx}" y="${bottom + 15}" text-anchor="middle" font-size="11" fill="${INK}">${months}</text>${year ? html`<text x="${cx}" y="${bottom + 29}" text-anchor="middle" font-size="11" fill="${AXIS}">${year}</text>` : ''}`
        : ''
    const extra =
      hasExtra && p.additionalM3 !== null
        ? html`<rect class="bar-extra" x="${r1(cx + extraX)}" y="${yOf(p.additionalM3)}" width="${bar}" height="${r1(bottom - yOf(p.additionalM3))}" fill="${COLORS.extra}"><title>${p.label}, ${SERIES.extra.toLowerCase()}: ${m3(p.additionalM3)}</title></rect>`
        : ''
    return html`<g>${lastYear}${use}${extra}${label}</g>`
  })

  const groupPoints = periods.flatMap((p, i) => (p.groupAvgM3 === null ? [] : [{ x: cxOf(i), y: yOf(p.groupAvgM3), p }]))
  const group = groupPoints.length
    ? html`<polyline points="${groupPoints.map((g) => `${g.x},${g.y}`).join(' ')}" fill="none" stroke="${COLORS.group}" stroke-width="2" stroke-dasharray="5 3"/>${groupPoints.map(
        (g) => html`<circle cx="${g.x}" cy="${g.y}" r="3" fill="${COLORS.group}"><title>${g.p.label}, ${SERIES.group.toLowerCase()}: ${m3(g.p.groupAvgM3, 1)}</title></circle>`,
      )}`
    : ''

  // Meter replacements: a dashed line at the period they fall in, as on the desk's chart.
  const marks = a.events.flatMap((e) => {
    const i = periods.findIndex((p) => p.from <= e.date && e.date <= p.to)
    if (i < 0) return []
    const x = cxOf(i) - slot / 2
    return [html`<line x1="${x}" y1="${top}" x2="${x}" y2="${bottom}" stroke="${AXIS}" stroke-dasharray="4 3"><title>${e.label}</title></line><text x="${x + 3}" y="${top + 10}" font-size="10" fill="${AXIS}">wymiana</text>`]
  })

  const legend: [string, string, boolean][] = [
    [SERIES.use, COLORS.use, true],
    [SERIES.estimated, COLORS.estimated, periods.some((p) => barKind(p) === 'estimated')],
    [SERIES.running, COLORS.running, periods.some((p) => barKind(p) === 'running')],
    [SERIES.lastYear, COLORS.lastYear, true],
    [SERIES.extra, COLORS.extra, hasExtra],
    [SERIES.group, COLORS.group, groupPoints.length > 0],
  ]

  return html`<figure class="chart">
<div class="chart-wrap" tabindex="0"><svg role="img" aria-labelledby="wykres-tytul wykres-opis" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">
<title id="wykres-tytul">${TITLE}</title><desc id="wykres-opis">${summary(a)}</desc>
<text x="${left - 6}" y="${top - 10}" text-anchor="end" font-size="11" fill="${AXIS}">m³</text>
${grid}${bars}${group}${marks}</svg></div>
<ul class="legend">${legend
    .filter(([, , shown]) => shown)
    .map(([label, color]) => html`<li><svg aria-hidden="true" focusable="false" width="14" height="10"><rect width="14" height="10" fill="${color}"/></svg> ${label}</li>`)}</ul>
</figure>`
}
