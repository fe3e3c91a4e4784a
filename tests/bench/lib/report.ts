// Figures of `npm run bench`: one JSON line per figure as it is measured ({"name","value","unit","n"},
// nothing else on the line, so `grep '^{'` collects them), and a readable table at the end with the
// target from the issue beside each figure. Nothing here passes or fails: the numbers are the result.
//
// An anchor (issue 19) is the same work done the plainest way, measured in the same run on the same
// machine: its line carries `"anchorOf": <figure name>`, and the closing ratio table divides the
// figure by it, so a reader sees how far the app is from the floor whatever the machine's noise.

export interface Figure {
  name: string
  value: number
  unit: string
  n: number
  /** Set on an anchor: the figure it is the plain counterpart of. */
  anchorOf?: string
}

import { TARGETS } from './targets'

const figures: Figure[] = []

const round = (v: number) => (Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 100) / 100)

/** Records one figure and prints its JSON line at once (a crash later keeps what was measured). */
export function figure(name: string, value: number, unit: string, n = 1): void {
  const f = { name, value: round(value), unit, n }
  figures.push(f)
  console.log(JSON.stringify(f))
}

/** Records an anchor of the figure `of` (same unit): printed like a figure, named `<of>.anchor`. */
export function anchor(of: string, value: number, unit: string, n = 1): void {
  const f: Figure = { name: `${of}.anchor`, value: round(value), unit, n, anchorOf: of }
  figures.push(f)
  console.log(JSON.stringify(f))
}

export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[i]
}

/** Median and p95 of timed samples, as `<name>.median` and `<name>.p95`. */
export function sampleFigure(name: string, samples: readonly number[], unit = 'ms'): void {
  const sorted = [...samples].sort((a, b) => a - b)
  figure(`${name}.median`, quantile(sorted, 0.5), unit, sorted.length)
  figure(`${name}.p95`, quantile(sorted, 0.95), unit, sorted.length)
}

/** Times `fn` `runs` times (after `warmup` untimed runs); returns the samples in ms. */
export async function timeRuns(runs: number, fn: (i: number) => unknown, warmup = Math.min(5, runs)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i)
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await fn(i)
    samples.push(performance.now() - started)
  }
  return samples
}

/** Wall time of one call, in ms. */
export async function timeOnce<T>(fn: () => T | Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now()
  const result = await fn()
  return { ms: performance.now() - started, result }
}

/** A figure line printed by figure(), or null for any other output. */
export function parseFigure(line: string): Figure | null {
  if (!line.startsWith('{"name"')) return null
  try {
    return JSON.parse(line) as Figure
  } catch {
    return null
  }
}

/** The closing table: figure, value, target, and whether the target is met. */
export function printTable(figures: readonly Figure[]): void {
  const rows = figures
    .filter((f) => !f.anchorOf)
    .map((f) => {
    const t = TARGETS[f.name]
    const verdict = !t ? '' : (t.kind === 'max' ? f.value <= t.value : f.value >= t.value) ? 'ok' : 'MISSED'
      return [f.name, `${f.value} ${f.unit}`, String(f.n), t ? `${t.kind === 'max' ? '≤' : '≥'} ${t.value} ${f.unit}` : '', verdict]
    })
  printRows(['figure', 'value', 'n', 'target', ''], rows, [1, 2])
}

/**
 * The ratio table: each figure beside its anchor from the same run, and figure ÷ anchor. For a time
 * or a size the ratio is how many times the plain way's (≥ 1 is the app's overhead); for a rate it
 * is the fraction of the plain way's rate the app reaches.
 */
export function printRatioTable(figures: readonly Figure[]): void {
  const rows: string[][] = []
  for (const a of figures) {
    const f = a.anchorOf ? figures.find((x) => x.name === a.anchorOf) : undefined
    if (!f) continue
    rows.push([f.name, `${f.value} ${f.unit}`, `${a.value} ${a.unit}`, a.value ? `${(f.value / a.value).toFixed(2)} ×` : '—'])
  }
  if (rows.length) printRows(['figure', 'value', 'anchor (same run)', 'ratio'], rows, [1, 2, 3])
}

function printRows(header: string[], rows: string[][], right: number[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => (right.includes(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ')
  console.log('\n' + line(header) + '\n' + widths.map((w) => '-'.repeat(w)).join('  '))
  for (const r of rows) console.log(line(r))
}
