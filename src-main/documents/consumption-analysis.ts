// "Analiza zużycia wody": the A4 document a clerk hands to the customer at the counter — the office's
// header, whose supply point, the figures, a bar chart drawn as vectors and the table of billing
// periods. Nothing internal: no PESEL, no iBOK account state.
import { rgb } from 'pdf-lib'
import type { ConsumptionAnalysis, OfficeSettings } from '../../shared/api/types'
import { axisStep } from '../../shared/charts/axis'
import { formatAddressLine } from '../../shared/domain/customer-format'
import { formatDate } from '../../shared/domain/dates'
import { formatNumber } from '../../shared/domain/numbers'
import { PdfBuilder, type FontFiles } from './pdf-kit'

export interface AnalysisCustomer {
  displayName: string
  customerNo: string
}

const COLORS = {
  use: rgb(0.04, 0.35, 0.68),
  estimated: rgb(0.44, 0.62, 0.85),
  running: rgb(0.62, 0.76, 0.91),
  lastYear: rgb(0.71, 0.74, 0.78),
  group: rgb(0.7, 0.36, 0),
  axis: rgb(0.45, 0.45, 0.5),
  grid: rgb(0.88, 0.88, 0.9),
  ink: rgb(0.1, 0.1, 0.12),
}

const m3 = (v: number | null, digits: 0 | 1 = 0) => (v === null ? '—' : `${formatNumber(v, digits)} m³`)
const litres = (v: number | null) => (v === null ? '—' : `${formatNumber(v)} l`)

function drawChart(pdf: PdfBuilder, a: ConsumptionAnalysis): void {
  const periods = a.periods
  const height = 160
  pdf.block(height + 30, ({ page, x, top, width, regular }) => {
    const left = x + 42
    const chartWidth = width - 46
    const bottom = top - height
    const max = Math.max(1, ...periods.flatMap((p) => [p.m3 ?? 0, p.lastYearM3 ?? 0, p.groupAvgM3 ?? 0]))
    const step = axisStep(max)
    // Headroom over the tallest bar for its value label.
    const ceiling = Math.ceil((max * 1.06) / step) * step
    const yOf = (v: number) => bottom + (v / ceiling) * (height - 14)
    for (let v = 0; v <= ceiling; v += step) {
      const y = yOf(v)
      page.drawLine({ start: { x: left, y }, end: { x: left + chartWidth, y }, thickness: v === 0 ? 0.7 : 0.3, color: v === 0 ? COLORS.axis : COLORS.grid })
      const label = formatNumber(v)
      page.drawText(label, { x: left - 4 - regular.widthOfTextAtSize(label, 7), y: y - 2.5, size: 7, font: regular, color: COLORS.axis })
    }
    page.drawText('m³', { x: left - 16, y: top + 2, size: 7, font: regular, color: COLORS.axis })
    const slot = chartWidth / Math.max(periods.length, 1)
    const bar = Math.min(14, slot * 0.36)
    const labelEvery = Math.ceil(periods.length / Math.floor(chartWidth / 48))
    const group: { x: number; y: number }[] = []
    periods.forEach((p, i) => {
      const cx = left + slot * i + slot / 2
      if (p.lastYearM3 !== null) page.drawRectangle({ x: cx - bar - 1, y: bottom, width: bar, height: yOf(p.lastYearM3) - bottom, color: COLORS.lastYear })
      if (p.m3 !== null) {
        const color = !p.complete ? COLORS.running : p.estimated ? COLORS.estimated : COLORS.use
        page.drawRectangle({ x: cx + 1, y: bottom, width: bar, height: yOf(p.m3) - bottom, color })
        const value = formatNumber(p.m3)
        const size = 6.5
        page.drawText(value, { x: cx + 1 + bar / 2 - regular.widthOfTextAtSize(value, size) / 2, y: yOf(p.m3) + 2, size, font: regular, color: COLORS.ink })
      }
      if (p.groupAvgM3 !== null) group.push({ x: cx, y: yOf(p.groupAvgM3) })
      if (i % labelEvery === 0) {
        const label = p.label
        page.drawText(label, { x: cx - regular.widthOfTextAtSize(label, 6.5) / 2, y: bottom - 10, size: 6.5, font: regular, color: COLORS.axis })
      }
    })
    for (let i = 1; i < group.length; i++) page.drawLine({ start: group[i - 1], end: group[i], thickness: 1.2, color: COLORS.group, dashArray: [3, 2] })
    // The legend names every shade, the lighter bars too.
    const shown = (show: boolean, entry: [string, ReturnType<typeof rgb>]) => (show ? [entry] : [])
    const legend: [string, ReturnType<typeof rgb>][] = [
      ['Zużycie', COLORS.use],
      ...shown(periods.some((p) => p.complete && p.estimated), ['Zużycie szacowane', COLORS.estimated]),
      ...shown(periods.some((p) => !p.complete), ['Okres w toku (niepełny)', COLORS.running]),
      ['Ten sam okres rok wcześniej', COLORS.lastYear],
      ...shown(group.length > 0, ['Średnia grupy taryfowej', COLORS.group]),
    ]
    let lx = x
    const ly = bottom - 26
    for (const [label, color] of legend) {
      page.drawRectangle({ x: lx, y: ly, width: 8, height: 6, color })
      page.drawText(label, { x: lx + 11, y: ly, size: 7, font: regular, color: COLORS.ink })
      lx += 11 + regular.widthOfTextAtSize(label, 7) + 12
    }
  })
}

export async function consumptionAnalysisPdf(fonts: FontFiles, office: OfficeSettings | null, customer: AnalysisCustomer, a: ConsumptionAnalysis): Promise<Uint8Array> {
  const address = formatAddressLine(a.supplyPoint.address)
  const pdf = await PdfBuilder.create(fonts, { title: `Analiza zużycia wody — ${address}`, office })
  pdf.heading('Analiza zużycia wody', 15)
  pdf.keyValues(
    [
      ['Odbiorca', `${customer.displayName} (nr klienta ${customer.customerNo})`],
      ['Punkt poboru', address],
      ['Umowa', `${a.contractNo} · grupa taryfowa: ${a.tariffGroupName}`],
      ['Stan na', formatDate(a.asOf)],
    ],
    0.25,
  )
  const s = a.summary
  pdf.keyValues(
    [
      ['Ostatnie 12 miesięcy', `${m3(s.last12M3)}${s.previous12M3 !== null ? ` (poprzednie 12 miesięcy: ${m3(s.previous12M3)})` : ''}`],
      ['Średnio na dobę', `${litres(s.litresPerDay)}${s.groupLitresPerDay !== null ? ` (średnia grupy taryfowej: ${litres(s.groupLitresPerDay)})` : ''}`],
      ['Wyciek', a.leak.message],
    ],
    0.25,
  )
  if (a.periods.some((p) => p.m3 !== null)) drawChart(pdf, a)
  const extra = a.periods.some((p) => p.additionalM3 !== null)
  pdf.text('Zużycie w okresach rozliczeniowych', { bold: true, size: 10.5 })
  pdf.table(
    [
      { header: 'Okres', width: 22 },
      { header: 'Zużycie', width: 14, align: 'right' },
      { header: 'Na dobę', width: 13, align: 'right' },
      { header: 'Rok wcześniej', width: 14, align: 'right' },
      { header: 'Średnia grupy', width: 14, align: 'right' },
      ...(extra ? [{ header: 'Wodomierz dodatkowy', width: 16, align: 'right' as const }] : []),
    ],
    a.periods.map((p) => [
      `${p.label}${!p.complete ? ' (w toku)' : p.estimated ? ' (szacunek)' : ''}`,
      m3(p.m3),
      litres(p.litresPerDay),
      m3(p.lastYearM3),
      m3(p.groupAvgM3, 1),
      ...(extra ? [m3(p.additionalM3)] : []),
    ]),
  )
  for (const note of a.notes) pdf.text(note, { size: 8.5, gapAfter: 2 })
  return pdf.save()
}
