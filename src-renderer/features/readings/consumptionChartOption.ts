// The consumption chart as an ECharts option: bars per billing period (a period still running and
// one resting on an estimate each a lighter blue, named in the legend), the same period a year
// earlier beside them, the tariff group's average as a line, replacements marked. Every figure —
// axis, data labels, tooltip — in Polish number format. Pure: the card draws it on a canvas, a
// test renders it to SVG and reads the text.
import type { ConsumptionAnalysis } from '../../../shared/api/types'
import { CONSUMPTION_CHART_COLORS } from '../../../shared/domain/consumption'
import { formatLitresPerDay, formatM3, formatNumber } from '../../format'
import { t } from '../../i18n'

export const CHART_COLORS = CONSUMPTION_CHART_COLORS

type Period = ConsumptionAnalysis['periods'][number]
type BarKind = 'use' | 'estimated' | 'running'
const barKind = (p: Period): BarKind => (!p.complete ? 'running' : p.estimated ? 'estimated' : 'use')

const valueLabel = { show: true, position: 'top', fontSize: 11, color: '#1c2027', formatter: (x: { value: number | null }) => (x.value === null ? '' : formatNumber(x.value)) }

export function consumptionChartOption(analysis: ConsumptionAnalysis, options: { animation: boolean }): Record<string, unknown> {
  const periods = analysis.periods
  const labels = periods.map((p) => p.label)
  const hasExtra = periods.some((p) => p.additionalM3 !== null)
  const hasGroup = periods.some((p) => p.groupAvgM3 !== null)
  const marks = analysis.events
    .map((e) => periods.find((p) => p.from <= e.date && e.date <= p.to))
    .filter((p) => p !== undefined)
    .map((p) => ({ xAxis: p.label }))
  const m3 = (v: number | null) => (v === null ? '—' : formatM3(v))

  // The customer's use is one bar per period, split into stacked series by what the bar rests on,
  // so that the legend names each shade: a lighter bar is an unfinished period or an estimate.
  const useSeries = (kind: BarKind, name: string) => ({
    name,
    type: 'bar',
    stack: 'use',
    itemStyle: { color: CHART_COLORS[kind] },
    data: periods.map((p) => (barKind(p) === kind ? p.m3 : null)),
    label: valueLabel,
  })
  const series: Record<string, unknown>[] = [
    { name: t('consumption.seriesLastYear'), type: 'bar', barGap: '8%', itemStyle: { color: CHART_COLORS.lastYear }, data: periods.map((p) => p.lastYearM3) },
    {
      ...useSeries('use', t('consumption.seriesUse')),
      markLine: marks.length
        ? { symbol: 'none', silent: true, lineStyle: { color: '#525b67', type: 'dashed' }, label: { formatter: t('consumption.replacement'), color: '#525b67' }, data: marks }
        : undefined,
    },
  ]
  if (periods.some((p) => barKind(p) === 'estimated')) series.push(useSeries('estimated', t('consumption.seriesEstimated')))
  if (periods.some((p) => barKind(p) === 'running')) series.push(useSeries('running', t('consumption.seriesRunning')))
  if (hasExtra) series.push({ name: t('consumption.seriesExtra'), type: 'bar', itemStyle: { color: CHART_COLORS.extra }, data: periods.map((p) => p.additionalM3) })
  if (hasGroup) {
    series.push({ name: t('consumption.seriesGroup'), type: 'line', symbolSize: 6, lineStyle: { type: 'dashed', width: 2 }, itemStyle: { color: CHART_COLORS.group }, data: periods.map((p) => p.groupAvgM3) })
  }

  return {
    animation: options.animation,
    textStyle: { fontFamily: "'Segoe UI', 'Noto Sans', 'Liberation Sans', Arial, sans-serif" },
    grid: { left: 56, right: 16, top: 40, bottom: 28 },
    legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 12 } },
    xAxis: { type: 'category', data: labels, axisTick: { alignWithLabel: true }, axisLabel: { fontSize: 11, interval: 0, hideOverlap: true } },
    yAxis: { type: 'value', name: 'm³', minInterval: 1, nameTextStyle: { align: 'right' }, axisLabel: { formatter: (v: number) => formatNumber(v, 1) } },
    tooltip: {
      trigger: 'axis',
      // Drawn on the canvas: an HTML tooltip would need inline styles, which the CSP forbids.
      renderMode: 'richText',
      formatter: (items: { dataIndex: number }[]) => {
        const p = periods[items[0]?.dataIndex ?? 0]
        if (!p) return ''
        const lines = [p.label]
        lines.push(`${t('consumption.seriesUse')}: ${m3(p.m3)}${p.litresPerDay !== null ? ` (${formatLitresPerDay(p.litresPerDay)})` : ''}`)
        if (!p.complete) lines.push(t('consumption.running'))
        if (p.estimated) lines.push(t('consumption.estimated'))
        lines.push(`${t('consumption.seriesLastYear')}: ${m3(p.lastYearM3)}`)
        if (p.groupAvgM3 !== null) lines.push(`${t('consumption.seriesGroup')}: ${formatM3(p.groupAvgM3, 1)}`)
        if (p.additionalM3 !== null) lines.push(`${t('consumption.seriesExtra')}: ${m3(p.additionalM3)}`)
        return lines.join('\n')
      },
    },
    series,
  }
}
