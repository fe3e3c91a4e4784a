// Customer search at the service level: `customers.search` through the real dispatcher (zod
// validation, session check, the search service and its SQLite/FTS5 queries; no HTTP, no IPC),
// on the golden Zamość and 10× offices. The queries are what a clerk types into the global
// search box (limit 12), one keystroke at a time — the renderer searches on every keystroke:
// surnames typed without Polish letters, then the first name (companies by name); streets with
// the house and flat number; customer numbers; PESEL; NIP with dashes; e-mail addresses; phone
// numbers. After each lookup it notes (stderr) whether the customer was among the hits.
// Anchor (issue 19), same run, same index, same typed prefixes: the bare FTS5 prefix query
// (every typed word as a prefix, LIMIT 12) as one prepared statement on the desk's connection —
// no dispatcher, no identifier lookups, no tiers, no customer rows.
import type { ReadSql } from '../../src-main/db/database'
import { foldText } from '../../shared/domain/text'
import { searchTokens } from '../../src-main/core/customers/search'
import { benchDesk } from './lib/desk'
import { defineBench } from './lib/bench'
import { office, warmPageCache, type OfficeName } from './lib/offices'
import { anchor, quantile, sampleFigure, timeRuns } from './lib/report'

/** The global search box's limit (TheGlobalSearch.vue). */
const LIMIT = 12
/** Customers looked up per kind of query; each is typed prefix by prefix (≈ 90 keystrokes a round). */
const ROUNDS = 10

type Kind = 'surname' | 'street' | 'customerNo' | 'pesel' | 'nip' | 'email' | 'phone'

interface Row {
  id: string
  customer_no: string
  kind: 'person' | 'company'
  first_name: string | null
  last_name: string | null
  company_name: string | null
  pesel: string | null
  nip: string | null
  email: string | null
  phone: string | null
  corr_street: string
  corr_house_no: string
  corr_flat_no: string | null
}

/** A small deterministic PRNG (mulberry32): the same customers on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** What the clerk types to find this customer by `kind`, or null when the customer has no such data. */
function typedText(kind: Kind, c: Row): string | null {
  switch (kind) {
    case 'surname':
      return c.kind === 'person' ? `${foldText(c.last_name!)} ${foldText(c.first_name!)}` : foldText(c.company_name!)
    case 'street':
      return foldText(`${c.corr_street} ${c.corr_house_no}${c.corr_flat_no ? `/${c.corr_flat_no}` : ''}`)
    case 'customerNo':
      return c.customer_no
    case 'pesel':
      return c.pesel
    case 'nip':
      return c.nip && `${c.nip.slice(0, 3)}-${c.nip.slice(3, 6)}-${c.nip.slice(6, 8)}-${c.nip.slice(8)}`
    case 'email':
      return c.email
    case 'phone':
      return c.phone
  }
}

/** Customers for `kind`: random live customers that have the data the clerk types. */
function pick(sqlite: ReadSql, kind: Kind, random: () => number, count: number): Row[] {
  const { n } = sqlite.prepare('SELECT max(rowid) n FROM customers').get() as { n: number }
  const one = sqlite.prepare('SELECT * FROM customers WHERE rowid >= ? AND deleted_at IS NULL AND merged_into IS NULL ORDER BY rowid LIMIT 1')
  const out: Row[] = []
  for (let tries = 0; out.length < count && tries < count * 50; tries++) {
    const row = one.get(1 + Math.floor(random() * n)) as Row | undefined
    if (row && typedText(kind, row) && !out.some((r) => r.id === row.id)) out.push(row)
  }
  return out
}

async function measure(name: OfficeName): Promise<void> {
  const o = await office(name)
  warmPageCache(o)
  const bench = await benchDesk(o.dir, 'urzednik')
  try {
    const random = prng(20_261_125)
    const kinds: Kind[] = ['surname', 'street', 'customerNo', 'pesel', 'nip', 'email', 'phone']
    const targets = kinds.flatMap((kind) => pick(bench.desk.services.db.readSql, kind, random, ROUNDS).map((row) => ({ kind, row })))
    // Interleaved, as at the counter: one customer after another, each looked up one way.
    targets.sort(() => random() - 0.5)

    // Warm-up: the first queries compile statements and fault in the index pages.
    for (const q of ['k', 'ko', 'kow', 'partyzantow 1', '100', 'zamosc']) await bench.call('customers.search', { query: q, limit: LIMIT })

    const samples: number[] = []
    const typed: string[] = []
    const byKind = new Map<Kind, { samples: number[]; found: number; typed: number }>()
    for (const { kind, row } of targets) {
      const text = typedText(kind, row)!
      const stats = byKind.get(kind) ?? { samples: [], found: 0, typed: 0 }
      byKind.set(kind, stats)
      let hits: { id: string }[] = []
      for (let i = 1; i <= text.length; i++) {
        const started = performance.now()
        typed.push(text.slice(0, i))
        hits = await bench.call('customers.search', { query: text.slice(0, i), limit: LIMIT })
        const ms = performance.now() - started
        samples.push(ms)
        stats.samples.push(ms)
      }
      stats.typed++
      if (hits.some((h) => h.id === row.id)) stats.found++
    }
    sampleFigure(`search.service.${name}`, samples)

    const bare = bench.desk.services.db.readSql.prepare('SELECT customer_id FROM customer_search WHERE customer_search MATCH ? LIMIT ?')
    const prefixQuery = (text: string) => searchTokens(text).map((t) => `"${t}"*`).join(' AND ')
    const queries = typed.map(prefixQuery).filter(Boolean)
    const bareSamples = (await timeRuns(queries.length, (i) => bare.all(queries[i], LIMIT))).sort((a, b) => a - b)
    anchor(`search.service.${name}.p95`, quantile(bareSamples, 0.95), 'ms', bareSamples.length)
    for (const [kind, s] of byKind) {
      const sorted = [...s.samples].sort((a, b) => a - b)
      console.error(
        `  ${name} ${kind.padEnd(10)} ${String(sorted.length).padStart(4)} keystrokes  median ${quantile(sorted, 0.5).toFixed(2)} ms  p95 ${quantile(sorted, 0.95).toFixed(2)} ms  max ${sorted.at(-1)!.toFixed(1)} ms  customer in the hits after the last keystroke: ${s.found}/${s.typed}`,
      )
    }
  } finally {
    bench.close()
  }
}

export default defineBench({
  name: 'search',
  title: 'customer search at the service level (customers.search via the dispatcher), typed keystroke by keystroke',
  async run() {
    // BENCH_SEARCH_OFFICES=x10 measures one office (a quick before/after without generating Zamość).
    const wanted = process.env.BENCH_SEARCH_OFFICES?.split(',') ?? ['zamosc', 'x10']
    for (const name of ['zamosc', 'x10'] as const) if (wanted.includes(name)) await measure(name)
  },
})
