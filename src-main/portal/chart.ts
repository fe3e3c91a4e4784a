// The consumption chart of the portal's "Analiza zużycia": the SVG the desk's card draws too
// (shared/charts/consumption-chart.ts), at its natural size (one unit a CSS pixel, so the text
// stays readable; a narrow screen scrolls the chart inside its frame), with the legend as a list.
// The table under it holds the same figures for a screen reader.
import type { ConsumptionAnalysis } from '../../shared/api/types'
import { consumptionChartSvg, consumptionLegend } from '../../shared/charts/consumption-chart'
import { html, type Html } from './html'

export function consumptionChart(a: ConsumptionAnalysis): Html {
  return html`<figure class="chart">
<div class="chart-wrap" tabindex="0">${consumptionChartSvg(a)}</div>
<ul class="legend">${consumptionLegend(a).map(
    ({ label, color }) => html`<li><svg aria-hidden="true" focusable="false" width="14" height="10"><rect width="14" height="10" fill="${color}"/></svg> ${label}</li>`,
  )}</ul>
</figure>`
}
