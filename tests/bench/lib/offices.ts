// The demo offices the benchmarks run on, generated once and reused while the generator does not
// change: a fingerprint of src-main/core/system/demo names the directory under .bench/offices/. A newer
// schema does not regenerate them — openDesk migrates a reused office when it opens it. (The search
// index is built from the rows at import: after changing what it indexes, delete .bench/offices.)
// Benchmarks never write to these "golden" copies — one that writes takes a workingCopy().
//
//   zamosc  ~20,000 customers, ~25,000 meters in service, 10 years of bi-monthly readings and invoices
//   x10     ten times the customers; BENCH_X10_YEARS years of history (default 0: customers,
//           contracts, supply points, meters and their opening readings). Ten years at 10× would be
//           a ~45 GB database and ~30 min of generation — beyond a 15-minute bench (README, PERFORMANCE).
//   zamosc-tenth  2,000 customers with 10 years: the new-desk join at a tenth (sync.bench.ts with
//           BENCH_SYNC_TENTH=1); by default that bench joins the whole Zamość office.
//
// BENCH_SCALE (default 1) scales both for quick runs while developing a benchmark.
import { createHash } from 'node:crypto'
import { closeSync, copyFileSync, openSync, readSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, constants } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { openDesk } from '../../../src-main/desk/desk'
import { DATABASE_FILE } from '../../../src-main/desk/desk'
import { loadDemoOffice, type DemoCounts } from '../../../src-main/core/system/demo/load'
import { tamper } from '../../support/tamper'

export type OfficeName = 'zamosc' | 'x10' | 'zamosc-tenth'

/** "Today" of every generated office: the history ends here, the next billing period follows. */
export const BENCH_TODAY = '2026-11-25'
export const BENCH_SEED = 20_261_125

const root = resolve(import.meta.dirname, '../../..')
const scale = Number(process.env.BENCH_SCALE ?? 1)

export const OFFICE_SIZES: Record<OfficeName, { customers: number; years: number }> = {
  zamosc: { customers: Math.round(20_000 * scale), years: 10 },
  x10: { customers: Math.round(200_000 * scale), years: Number(process.env.BENCH_X10_YEARS ?? 0) },
  // A tenth of Zamość with the full history (~1.1 M rows): the sync join in a 15-minute bench.
  'zamosc-tenth': { customers: Math.round(2_000 * scale), years: 10 },
}

export interface Office {
  name: OfficeName
  /** The data directory (holds ibok-desk.db). Read-only for benchmarks. */
  dir: string
  counts: DemoCounts
  /** How long generating it took (when it was generated, possibly on an earlier run). */
  generatedMs: number
  /** False when an earlier run's office was reused. */
  fresh: boolean
  dbBytes: number
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort()
}

export function fingerprint(name: OfficeName): string {
  const hash = createHash('sha256').update(JSON.stringify({ name, size: OFFICE_SIZES[name], BENCH_TODAY, BENCH_SEED }))
  const shaping = [
    ...filesUnder(join(root, 'src-main/core/system/demo')),
  ]
  for (const file of shaping) hash.update(relative(root, file)).update(readFileSync(file))
  return hash.digest('hex').slice(0, 12)
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The office, generated now if no earlier run left one with the same fingerprint. */
export async function office(name: OfficeName, log: (line: string) => void = console.error): Promise<Office> {
  const base = join(root, '.bench/offices')
  const dir = join(base, `${name}-${fingerprint(name)}`)
  const marker = join(dir, 'ready.json')
  const lock = `${dir}.lock`
  mkdirSync(base, { recursive: true })
  for (;;) {
    if (existsSync(marker)) {
      const m = JSON.parse(readFileSync(marker, 'utf8')) as { counts: DemoCounts; generatedMs: number }
      return { name, dir, counts: m.counts, generatedMs: m.generatedMs, fresh: false, dbBytes: statSync(join(dir, DATABASE_FILE)).size }
    }
    try {
      mkdirSync(lock)
      break
    } catch {
      // Another bench process is generating it: wait (a lock older than an hour is abandoned).
      if (Date.now() - statSync(lock).mtimeMs > 3_600_000) rmSync(lock, { recursive: true, force: true })
      else await sleep(2000)
    }
  }
  try {
    // Older offices of this name and size are stale (their fingerprint no longer matches): reclaim
    // the disk. Other sizes (BENCH_SCALE runs) are kept: deleting the full Zamość office because a
    // quick scaled run started would cost the next full run minutes of generation.
    const size = OFFICE_SIZES[name]
    for (const entry of readdirSync(base)) {
      const path = join(base, entry)
      if (!entry.startsWith(`${name}-`) || path === dir || entry.endsWith('.lock') || entry.endsWith('.tmp')) continue
      const readyFile = join(path, 'ready.json')
      const made = existsSync(readyFile) ? (JSON.parse(readFileSync(readyFile, 'utf8')) as { size?: typeof size }).size : undefined
      if (!made || (made.customers === size.customers && made.years === size.years)) rmSync(path, { recursive: true, force: true })
    }
    log(`generating the ${name} office: ${size.customers} customers, ${size.years} years of history …`)
    const temp = `${dir}.tmp`
    rmSync(temp, { recursive: true, force: true })
    const started = performance.now()
    const desk = openDesk({ dataDir: temp, mailSender: 'manual', now: () => new Date(`${BENCH_TODAY}T10:00:00Z`) })
    let counts: DemoCounts
    try {
      counts = await loadDemoOffice(desk.services, { seed: BENCH_SEED, customers: size.customers, years: size.years, today: BENCH_TODAY })
      tamper(desk.services.db, (raw) => raw.pragma('wal_checkpoint(TRUNCATE)'))
    } finally {
      desk.close()
    }
    const generatedMs = Math.round(performance.now() - started)
    writeFileSync(join(temp, 'ready.json'), JSON.stringify({ counts, generatedMs, size }, null, 2))
    renameSync(temp, dir)
    log(`generated the ${name} office in ${(generatedMs / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`)
    return { name, dir, counts, generatedMs, fresh: true, dbBytes: statSync(join(dir, DATABASE_FILE)).size }
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

/** A private copy of an office for a benchmark that writes; dispose() deletes it. */
export async function workingCopy(name: OfficeName, label: string): Promise<{ dir: string; office: Office; dispose(): void }> {
  const source = await office(name)
  const dir = join(process.env.BENCH_TMP ?? join(root, '.bench/work'), `${label}-${process.pid}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  copyFileSync(join(source.dir, DATABASE_FILE), join(dir, DATABASE_FILE), constants.COPYFILE_FICLONE)
  return { dir, office: source, dispose: () => rmSync(dir, { recursive: true, force: true }) }
}

export const scratchDir = (label: string): string => {
  const dir = join(process.env.BENCH_TMP ?? tmpdir(), `ibok-bench-${label}-${process.pid}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  return dir
}

/**
 * Reads the office's database file once, so the reads that follow find its pages in the OS cache, as
 * on a desk that has been in use for a while. Without it the first module to touch an office after
 * another one was generated or copied measures the disk instead (search p95 at 10×: 4.5 ms cold,
 * 1.9 ms warm, same code, same run order), and its anchor — timed after it — gets the warm pages.
 */
export function warmPageCache(o: Office): void {
  const buffer = Buffer.allocUnsafe(8 << 20)
  const fd = openSync(join(o.dir, DATABASE_FILE), 'r')
  try {
    while (readSync(fd, buffer, 0, buffer.length, null) > 0);
  } finally {
    closeSync(fd)
  }
}
