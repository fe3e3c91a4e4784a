// `npm run bench`: every benchmark module (tests/bench/*.bench.ts) in its own process, in the
// order below, then one table of all figures with the goals of issues 10 and 19 beside them, and
// one table of each figure over its anchor (the plain way, measured in the same run).
//   npm run bench                       everything (offices generated on first use, then reused)
//   npm run bench -- --only search,card only these modules (the offices module always runs first)
// Figures are JSON lines on stdout as they are measured; progress notes go to stderr; the whole
// result is also saved to .bench/results.json.
import { spawn } from 'node:child_process'
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { Bench } from './lib/bench'
import { parseFigure, printRatioTable, printTable, type Figure } from './lib/report'

/** Cheap and foundational first; the browser last (it starts servers of its own). */
const ORDER = ['offices', 'search', 'card', 'reading', 'billing', 'import', 'pdf', 'mail', 'sync', 'propagation', 'web', 'bundle']

const here = import.meta.dirname
const root = resolve(here, '../..')
const { values: args } = parseArgs({ options: { only: { type: 'string' }, module: { type: 'string' } } })

if (args.module) {
  // Child: run one module.
  const bench = (await import(resolve(args.module))).default as Bench
  await bench.run()
  process.exit(0)
}

const modules = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => ({ file: join(here, f), name: basename(f, '.bench.ts') }))
  .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name))
function rank(name: string): number {
  const i = ORDER.indexOf(name)
  return i < 0 ? ORDER.length : i
}
const only = args.only?.split(',').map((s) => s.trim())
const selected = modules.filter((m) => !only || m.name === 'offices' || only.includes(m.name))

const started = performance.now()
const environment = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  scale: process.env.BENCH_SCALE ?? '1',
}
console.error(`ibok-desk bench — ${JSON.stringify(environment)}`)

const figures: Figure[] = []
const failed: string[] = []
for (const m of selected) {
  const bench = (await import(m.file)).default as Bench
  console.error(`\n▶ ${m.name}: ${bench.title}`)
  const code = await new Promise<number>((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'run.ts'), '--module', m.file], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let pending = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) {
        const f = parseFigure(line)
        if (f) figures.push(f)
        console.log(line)
      }
    })
    child.on('close', (c) => done(c ?? 1))
  })
  if (code !== 0) {
    failed.push(m.name)
    console.error(`✗ ${m.name} exited with code ${code}; its remaining figures are missing`)
  }
}

printTable(figures)
printRatioTable(figures)
const totalS = Math.round((performance.now() - started) / 1000)
console.log(`\n${figures.length} figures in ${totalS} s${failed.length ? `; FAILED modules: ${failed.join(', ')}` : ''}`)
mkdirSync(join(root, '.bench'), { recursive: true })
writeFileSync(join(root, '.bench/results.json'), JSON.stringify({ environment, totalS, failed, figures }, null, 2))
process.exit(failed.length ? 1 : 0)
