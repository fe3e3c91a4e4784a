// `npm test`: every tier in order — type-check, lint, build, unit + integration (vitest),
// end-to-end (Playwright in Chromium against browser mode), Electron (skips without a binary).
// Runs all tiers even when one fails, then prints per-tier counts and one closing line
// "N passed, N failed, N skipped" that CI reads.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'

const results = 'test-results'
mkdirSync(results, { recursive: true })

/** Counts from Playwright's JSON report (nested suites). */
function playwrightCounts(file) {
  if (!existsSync(file)) return null
  const counts = { passed: 0, failed: 0, skipped: 0 }
  const walk = (suite) => {
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests ?? []) {
        const status = test.status ?? test.results?.at(-1)?.status
        if (status === 'skipped') counts.skipped++
        else if (status === 'expected' || status === 'flaky') counts.passed++
        else counts.failed++
      }
    for (const child of suite.suites ?? []) walk(child)
  }
  for (const suite of JSON.parse(readFileSync(file, 'utf8')).suites ?? []) walk(suite)
  return counts
}

function vitestCounts(file) {
  if (!existsSync(file)) return null
  const r = JSON.parse(readFileSync(file, 'utf8'))
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests }
}

const tiers = [
  { name: 'typecheck', cmd: ['npm', 'run', 'typecheck'] },
  { name: 'lint', cmd: ['npm', 'run', 'lint'] },
  // Built before the tests: some integration tests drive the built browser-mode entry too.
  { name: 'build', cmd: ['npm', 'run', 'build'] },
  {
    name: 'unit+integration',
    cmd: ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${results}/vitest.json`],
    report: `${results}/vitest.json`,
    counts: vitestCounts,
  },
  {
    name: 'e2e',
    cmd: ['npx', 'playwright', 'test', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${results}/e2e.json` },
    report: `${results}/e2e.json`,
    counts: playwrightCounts,
  },
  {
    name: 'electron',
    cmd: ['npm', 'run', 'test:electron', '--', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${process.cwd()}/${results}/electron.json` },
    report: `${results}/electron.json`,
    counts: playwrightCounts,
  },
]

const total = { passed: 0, failed: 0, skipped: 0 }
const lines = []
let failedTiers = 0
for (const tier of tiers) {
  if (tier.report) rmSync(tier.report, { force: true })
  console.log(`\n=== ${tier.name}: ${tier.cmd.join(' ')}`)
  const started = Date.now()
  const run = spawnSync(tier.cmd[0], tier.cmd.slice(1), { stdio: 'inherit', env: { ...process.env, ...tier.env } })
  const seconds = ((Date.now() - started) / 1000).toFixed(0)
  const ok = run.status === 0
  if (!ok) failedTiers++
  const counts = tier.counts?.(tier.report)
  if (counts) for (const k of Object.keys(total)) total[k] += counts[k]
  const detail = counts ? `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped` : ok ? 'ok' : 'FAILED'
  lines.push(`${ok ? 'ok  ' : 'FAIL'} ${tier.name.padEnd(17)} ${detail} (${seconds} s)`)
}

console.log('\n=== summary')
for (const line of lines) console.log(line)
// A failed tier without test counts (typecheck, lint, build) counts as one failure.
const failed = total.failed + lines.filter((l) => l.startsWith('FAIL') && !/passed/.test(l)).length
console.log(`${total.passed} passed, ${failed} failed, ${total.skipped} skipped`)
process.exit(failedTiers ? 1 : 0)
