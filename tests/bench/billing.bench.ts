// One billing run at Zamość size: `billing.run` through the real dispatcher on a working copy of
// the office. The demo's history ends on 25 November 2026 with everything up to October
// invoiced; the next period every contract is due for is November–December (two-monthly
// contracts, most of the office) with December for the monthly ones, run on 4 January 2027.
// November of the monthly contracts is invoiced first, on 1 December, as the office would
// (reported, not the figure). The figure is the run without PDFs: its wall time less the time it
// spent rendering the PDFs of e-mailed invoices (measured by the run itself); the PDF figures
// are the pdf module's.
// Anchor (issue 19): the rows the December run added, inserted again with plain prepared statements
// in one transaction into a copy of the database taken just before that run (lib/plain-inserts.ts).
import type { OutputOf } from '../../shared/api/contract'
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { DATABASE_FILE } from '../../src-main/desk/desk'
import { benchClock, benchDesk } from './lib/desk'
import { defineBench } from './lib/bench'
import { warmPageCache, workingCopy } from './lib/offices'
import { addedRows, insertPlainly, rowidMarks } from './lib/plain-inserts'
import { anchor, figure } from './lib/report'

/**
 * The anchor's copy of the office (4.5 GB), taken right before the timed run, bypassing the page
 * cache (O_DIRECT): through it, the copy filled the cache with 4.5 GB more and the run's issue phase
 * took 1.5–2 s longer — perf showed the kernel zeroing new WAL pages for a sixth of it (2026-12-07).
 * The run's own office stays cached, as on a desk in use. Where dd or O_DIRECT is missing: a plain copy.
 */
function copyPastPageCache(from: string, to: string): void {
  try {
    execFileSync('dd', [`if=${from}`, `of=${to}`, 'bs=16M', 'iflag=direct', 'oflag=direct', 'status=none'], { stdio: 'ignore' })
  } catch {
    copyFileSync(from, to)
  }
}

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
      // The desk is closed (WAL checkpointed): a copy now is the database the December run starts from.
      const before = join(copy.dir, 'before-run')
      mkdirSync(before, { recursive: true })
      for (const suffix of ['', '-wal']) {
        if (existsSync(join(copy.dir, DATABASE_FILE + suffix))) copyPastPageCache(join(copy.dir, DATABASE_FILE + suffix), join(before, DATABASE_FILE + suffix))
      }
      const marks = rowidMarks(join(copy.dir, DATABASE_FILE))
      const { ms, run } = await billMonth(copy.dir, '2026-12', '2027-01-04')
      if (run.status !== 'done') throw new Error(`the run ended ${run.status}: ${run.error}`)
      figure('billing.run.zamosc', (ms - (run.report?.timings.pdfMs ?? 0)) / 1000, 's', run.issuedCount)
      // The whole run as the supervisor waits for it, PDFs of the e-mailed invoices included.
      figure('billing.run.zamosc.with-pdfs', ms / 1000, 's', run.issuedCount)

      const added = addedRows(join(copy.dir, DATABASE_FILE), marks)
      const rows = added.reduce((sum, a) => sum + a.rows.length, 0)
      console.error(`  the run added ${rows} rows: ${added.map((a) => `${a.table} ${a.rows.length}`).join(', ')}`)
      // Its copy was made past the page cache: read it in first, so the anchor, like the run, meets
      // a database whose pages are cached.
      warmPageCache({ ...copy.office, dir: before })
      const plainMs = insertPlainly(join(before, DATABASE_FILE), added)
      rmSync(before, { recursive: true, force: true })
      anchor('billing.run.zamosc', plainMs / 1000, 's', rows)
    } finally {
      copy.dispose()
    }
  },
})
