// One billing run at Zamość size: `billing.run` through the real dispatcher on a working copy of
// the office. The demo's history ends on 25 November 2026 with everything up to October
// invoiced; the next period every contract is due for is November–December (two-monthly
// contracts, most of the office) with December for the monthly ones, run on 4 January 2027.
// November of the monthly contracts is invoiced first, on 1 December, as the office would
// (reported, not the figure). The figure is the run without PDFs: its wall time less the time it
// spent rendering the PDFs of e-mailed invoices (measured by the run itself); the PDF figures
// are the pdf module's.
import type { OutputOf } from '../../shared/api/contract'
import { benchClock, benchDesk } from './lib/desk'
import { defineBench } from './lib/bench'
import { workingCopy } from './lib/offices'
import { figure } from './lib/report'

async function billMonth(dir: string, month: string, runDay: string): Promise<{ ms: number; run: OutputOf<'billing.run'> }> {
  const bench = await benchDesk(dir, 'kierownik', benchClock(runDay).now)
  try {
    const started = performance.now()
    const run = await bench.call('billing.run', { month })
    const ms = performance.now() - started
    const t = run.report?.timings
    console.error(
      `  ${month} on ${runDay}: ${run.issuedCount} invoices, ${run.skippedCount} skipped, ${(ms / 1000).toFixed(1)} s in all — ` +
        `plan ${t?.planMs} ms, issue ${t?.issueMs} ms, delivery ${t?.deliveryMs} ms (${t?.pdfCount} PDFs for e-mail in ${t?.pdfMs} ms), ` +
        `${run.report?.estimatedReadings} estimated readings, ${run.report?.emailed} e-mailed, ${run.report?.paper} on paper`,
    )
    return { ms, run }
  } finally {
    bench.close()
  }
}

export default defineBench({
  name: 'billing',
  title: 'a billing run for one period at Zamość size, without PDFs (billing.run)',
  async run() {
    const copy = await workingCopy('zamosc', 'billing')
    try {
      await billMonth(copy.dir, '2026-11', '2026-12-01')
      const { ms, run } = await billMonth(copy.dir, '2026-12', '2027-01-04')
      if (run.status !== 'done') throw new Error(`the run ended ${run.status}: ${run.error}`)
      figure('billing.run.zamosc', (ms - (run.report?.timings.pdfMs ?? 0)) / 1000, 's', run.issuedCount)
    } finally {
      copy.dispose()
    }
  },
})
