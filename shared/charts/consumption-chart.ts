// The consumption chart, drawn once as SVG markup for both the portal's "Analiza zużycia" (inline,
// server-rendered) and the desk's customer card (the same markup in the browser): a bar per
// billing period (a period still running and one resting on an estimate in lighter blues), the
// same period a year earlier beside it, an additional meter's bar, the tariff group's average as a
// dashed line, meter replacements marked. Every value is escaped (shared/markup/html.ts); only
// presentation attributes, no style attribute and no script (the portal's CSP forbids both).
// Drawn one unit a CSS pixel, so the text stays readable: at its natural width (the portal, whose
// frame scrolls on a narrow screen), or spread over a given width (the desk, sized to its frame).
import type { ConsumptionAnalysis } from '../api/types'
import { CONSUMPTION_CHART_COLORS as COLORS } from '../domain/consumption'
import { formatNumber } from '../domain/numbers'
import { html, type Html } from '../markup/html'
import { axisStep } from './axis'

type Period = ConsumptionAnalysis['periods'][number]
type BarKind = 'use' | 'estimated' | 'running'
const barKind = (p: Period): BarKind => (!p.complete ? 'running' : p.estimated ? 'estimated' : 'use')

const INK = '#1f2328'
const AXIS = '#57606a'
const GRID = '#d8dee4'
export const CONSUMPTION_CHART_TITLE = 'Wykres zużycia wody w okresach rozliczeniowych'
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

/** The use bar's tooltip: the period, its use and use per day, and why the bar is lighter. */
function useTitle(p: Period, kind: BarKind): string {
  const perDay = p.litresPerDay === null ? '' : ` (${formatNumber(p.litresPerDay)} l/dobę)`
  return `${p.label}: ${m3(p.m3)}${perDay}${kind === 'use' ? '' : `, ${SERIES[kind].toLowerCase()}`}`
}

export interface LegendEntry {
  label: string
  color: string
}

/** The legend: every shade the chart draws for this analysis, and only those. */
export function consumptionLegend(a: ConsumptionAnalysis): LegendEntry[] {
  const p = a.periods
  const entries: [string, string, boolean][] = [
    [SERIES.use, COLORS.use, true],
    [SERIES.estimated, COLORS.estimated, p.some((x) => x.m3 !== null && barKind(x) === 'estimated')],
    [SERIES.running, COLORS.running, p.some((x) => x.m3 !== null && barKind(x) === 'running')],
    [SERIES.lastYear, COLORS.lastYear, true],
    [SERIES.extra, COLORS.extra, p.some((x) => x.additionalM3 !== null)],
    [SERIES.group, COLORS.group, p.some((x) => x.groupAvgM3 !== null)],
  ]
  return entries.filter(([, , shown]) => shown).map(([label, color]) => ({ label, color }))
}

export interface ConsumptionChartOptions {
  /** Spread the periods over this many CSS pixels (the desk: its frame's width); default: the natural width. */
  width?: number
  /** `width="100%"` with the viewBox, so the chart follows its frame between two layouts (the desk). */
  fluid?: boolean
}

/** The chart as one `<svg role="img">`, named by its <title>, described by its <desc>. */
export function consumptionChartSvg(a: ConsumptionAnalysis, options: ConsumptionChartOptions = {}): Html {
  const periods = a.periods
  const n = Math.max(periods.length, 1)
  const left = 52
  const right = 12
  // A slot per period: 56 px (36 px beyond a year of periods), or the given width shared out (never under 20 px).
  const slot = options.width ? Math.max(20, (options.width - left - right) / n) : n <= 12 ? 56 : 36
  // Every period labelled while a label has 48 px; beyond that every second, third… one.
  const labelEvery = Math.ceil(48 / slot)
  const top = 24
  const plot = 200
  const width = r1(left + n * slot + right)
  const height = top + plot + 40
  const max = Math.max(1, ...periods.flatMap((p) => [p.m3 ?? 0, p.lastYearM3 ?? 0, p.groupAvgM3 ?? 0, p.additionalM3 ?? 0]))
  const step = axisStep(max)
  // Headroom over the tallest bar for its value label.
  const ceiling = Math.ceil((max * 1.08) / step) * step
  const yOf = (v: number) => r1(top + plot - (v / ceiling) * plot)
  const bottom = top + plot
  // Additional (e.g. garden) meters get a third bar.
  const hasExtra = periods.some((p) => p.additionalM3 !== null)
  // 18 px bars in the natural layout; wider slots get wider bars (up to 30 % of the slot).
  const bar = Math.floor(Math.min(slot * (hasExtra ? 0.26 : 0.36), Math.max(18, slot * 0.3)))
  // Left edges of the bars in a slot: the year before, the customer's use, the additional meter.
  const [lastX, useX, extraX] = hasExtra ? [-1.5 * bar - 1, -bar / 2, bar / 2 + 1] : [-bar - 1, 1, 0]
  const cxOf = (i: number) => r1(left + slot * i + slot / 2)

  const grid: Html[] = []
  for (let v = 0; v <= ceiling; v += step) {
    const y = yOf(v)
    grid.push(html`<line x1="${left}" y1="${y}" x2="${r1(width - right)}" y2="${y}" stroke="${v === 0 ? AXIS : GRID}" stroke-width="1"/><text x="${left - 6}" y="${y + 4}" text-anchor="end" font-size="11" fill="${AXIS}">${formatNumber(v)}</text>`)
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
        ? html`<rect class="bar-use bar-${kind}" x="${r1(cx + useX)}" y="${yOf(p.m3)}" width="${bar}" height="${r1(bottom - yOf(p.m3))}" fill="${COLORS[kind]}"><title>${useTitle(p, kind)}</title></rect>${
            slot >= 40 ? html`<text x="${r1(cx + useX + bar / 2)}" y="${r1(yOf(p.m3) - 4)}" text-anchor="middle" font-size="10" fill="${INK}">${formatNumber(p.m3)}</text>` : ''
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

  // Meter replacements: a dashed line at the start of the period they fall in.
  const marks = a.events.flatMap((e) => {
    const i = periods.findIndex((p) => p.from <= e.date && e.date <= p.to)
    if (i < 0) return []
    const x = r1(cxOf(i) - slot / 2)
    return [html`<g class="replacement"><line x1="${x}" y1="${top}" x2="${x}" y2="${bottom}" stroke="${AXIS}" stroke-dasharray="4 3"><title>${e.label}</title></line><text x="${x + 3}" y="${top + 10}" font-size="10" fill="${AXIS}">wymiana</text></g>`]
  })

  const size = options.fluid ? html`width="100%"` : html`width="${width}" height="${height}"`
  return html`<svg role="img" aria-labelledby="wykres-tytul wykres-opis" ${size} viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">
<title id="wykres-tytul">${CONSUMPTION_CHART_TITLE}</title><desc id="wykres-opis">${summary(a)}</desc>
<text x="${left - 6}" y="${top - 10}" text-anchor="end" font-size="11" fill="${AXIS}">m³</text>
${grid}${bars}${group}${marks}</svg>`
}
