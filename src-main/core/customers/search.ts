// The global customer search: exact identifier hits first (customer no., PESEL, NIP, meter no.),
// then full-text matches on names and addresses. Safe for any typed character.
import { sql } from 'drizzle-orm'
import type { CustomerSearchHit } from '../../../shared/api/types'
import { foldText, searchWords } from '../../../shared/domain/text'
import { normalizeNip } from '../../../shared/validation/identifiers'
import type { ReadSql, ReadStatement } from '../../db/database'
import type { AfterWriteHook, IndexWriter, WriteTx } from '../../db/write'
import { customerDisplayName, formatAddressLine } from '../../../shared/domain/customer-format'

interface CustomerRow {
  id: string
  customer_no: string
  kind: 'person' | 'company'
  first_name: string | null
  last_name: string | null
  company_name: string | null
  corr_street: string
  corr_house_no: string
  corr_flat_no: string | null
  corr_postal_code: string
  corr_city: string
}

const CUSTOMER_COLUMNS =
  'c.id, c.customer_no, c.kind, c.first_name, c.last_name, c.company_name, c.corr_street, c.corr_house_no, c.corr_flat_no, c.corr_postal_code, c.corr_city'
const LIVE = 'c.deleted_at IS NULL AND c.merged_into IS NULL'

/** The current holder first: a meter's point may have had earlier (ended) contracts. */
const meterHolders = (meter: string) => `
  SELECT ${CUSTOMER_COLUMNS} FROM meters m
  JOIN contracts k ON k.supply_point_id = m.supply_point_id
  JOIN customers c ON c.id = k.customer_id
  WHERE ${meter} AND ${LIVE}
  GROUP BY c.id ORDER BY MIN(k.status <> 'active'), MAX(k.start_date) DESC`

/**
 * The search's statements: every lookup the search makes, and only these (the index test EXPLAINs
 * each of them). Plain SQL on the raw read connection, prepared once per connection: the search runs
 * on every keystroke, and building a query with drizzle, or even preparing it, cost more than SQLite
 * running it.
 */
export const SEARCH_STATEMENTS = {
  customerNo: `SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.customer_no IN (?, ?) AND ${LIVE}`,
  pesel: `SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.pesel = ? AND ${LIVE}`,
  nip: `SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.nip = ? AND ${LIVE}`,
  meterSerial: meterHolders('m.serial_no = ?'),
  // The serial without its letter prefix, as read off the dial: literally the expression of the
  // index meters_serial_digits (only the compared value is a parameter, so the index is used).
  meterDigits: meterHolders(`ltrim(m.serial_no, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') = ?`),
  // Whether there is such a meter at all, first: the holders' query sorts its rows in temporary
  // b-trees, ~25 µs even when there are none, and the text typed is seldom a meter's number.
  meterSerialKnown: `SELECT 1 FROM meters m WHERE m.serial_no = ? LIMIT 1`,
  meterDigitsKnown: `SELECT 1 FROM meters m WHERE ltrim(m.serial_no, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') = ? LIMIT 1`,
  invoiceNo: `SELECT ${CUSTOMER_COLUMNS} FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.number = ? AND ${LIVE}`,
  bankAccount: `SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.bank_account = ? AND ${LIVE}`,
  email: `SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.email IN (?, ?) AND ${LIVE}`,
  // Full-text candidates alone: their customer rows are read only for those shown (or, for an
  // address, those ranked by it). At 200,000 customers reading a row is a page of the table that
  // is seldom cached: joining every candidate's row cost twice the full-text query itself.
  matching: `SELECT rowid, customer_id, body FROM customer_search WHERE customer_search MATCH ? LIMIT ?`,
  // The same after a rowid: the rest of a tier whose start is known (searchCustomers).
  matchingAfter: `SELECT rowid, customer_id, body FROM customer_search WHERE customer_search MATCH ? AND rowid > ? LIMIT ?`,
  // Customers by id, a JSON array of ids.
  byIds: `SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.id IN (SELECT value FROM json_each(?)) AND ${LIVE}`,
} as const

type StatementName = keyof typeof SEARCH_STATEMENTS
interface Candidate {
  rowid: number
  customer_id: string
  body: string
}
type Statements = { [K in Exclude<StatementName, 'matching' | 'matchingAfter'>]: ReadStatement<unknown[], CustomerRow> } & {
  matching: ReadStatement<[string, number], Candidate>
  matchingAfter: ReadStatement<[string, number, number], Candidate>
}
/** Per connection (a WeakMap: a closed desk's connection and its statements go together). */
const prepared = new WeakMap<ReadSql, Statements>()

function statementsOf(db: ReadSql): Statements {
  let statements = prepared.get(db)
  if (!statements) {
    const entries = Object.entries(SEARCH_STATEMENTS).map(([name, source]) => [name, db.prepare(source)])
    statements = Object.fromEntries(entries) as unknown as Statements
    prepared.set(db, statements)
  }
  return statements
}

/** Full-text candidates fetched per tier before re-ranking by closeness. */
const MIN_CANDIDATES = 100

/** Splits typed text into folded words (letters and digits only): nothing else reaches FTS. */
export const searchTokens = searchWords

/**
 * Turns typed text into an FTS5 query: every word must match as a whole word or as a prefix.
 * Words are quoted, so no operator (`"`, `*`, `NEAR(`, `-`, `:` …) can leak through; the exact
 * alternative lets bm25 prefer "12" over "120".
 */
export function toFtsQuery(query: string): string | null {
  const tokens = searchTokens(query)
  return tokens.length ? tokens.map((t) => `("${t}" OR "${t}"*)`).join(' AND ') : null
}

function toHit(row: CustomerRow, exactMatch: CustomerSearchHit['exactMatch']): CustomerSearchHit {
  return {
    id: row.id,
    customerNo: row.customer_no,
    kind: row.kind,
    displayName: customerDisplayName({ kind: row.kind, firstName: row.first_name, lastName: row.last_name, companyName: row.company_name }),
    address: formatAddressLine({
      street: row.corr_street,
      houseNo: row.corr_house_no,
      flatNo: row.corr_flat_no,
      postalCode: row.corr_postal_code,
      city: row.corr_city,
    }),
    exactMatch,
  }
}

/**
 * How well an indexed body fits the typed words: the words in the typed order (a street and its
 * house number) beat whole-word matches, which beat prefix-only matches.
 */
function closenessTo(tokens: string[]): (body: string) => number {
  const phrase = ` ${tokens.join(' ')} `
  const words = tokens.map((t) => ` ${t} `)
  return (body) => {
    const padded = ` ${body} `
    let fit = padded.includes(phrase) ? tokens.length * 10 : 0
    for (const w of words) if (padded.includes(w)) fit++
    return fit
  }
}

/**
 * An address typed as street words and numbers ("lwowska 12", "krucza 10 5") that is the
 * customer's own address with that very house number (and flat) ranks above one where the
 * numbers only happen to occur elsewhere ("Sienkiewicza 39/12" with a supply point at Lwowska).
 */
function addressFit(row: CustomerRow, tokens: string[]): number {
  const numbers = tokens.filter((t) => /^\d/.test(t))
  const words = tokens.filter((t) => !/^\d/.test(t))
  if (!numbers.length || !words.length) return 0
  const street = foldText(row.corr_street).split(/[^\p{L}\p{N}]+/u)
  if (!words.every((w) => street.some((s) => s.startsWith(w)))) return 0
  let fit = 0
  if (foldText(row.corr_house_no).replace(/[^\p{L}\p{N}]/gu, '') === numbers[0]) fit += 100
  if (fit && numbers.length > 1 && row.corr_flat_no !== null && foldText(row.corr_flat_no) === numbers[1]) fit += 50
  return fit
}

/** Typed words that unicode61 reads exactly as JavaScript does: ASCII letters and digits. */
const PLAIN_WORD = /^[a-z0-9]+$/

/**
 * A body whose words JavaScript can tell exactly as unicode61 does: ASCII, and punctuation that has
 * been punctuation in every Unicode version (no-break space, « », dashes and quotes: „Roztocze”) —
 * a separator for the tokenizer as for the split below.
 */
// eslint-disable-next-line no-control-regex
const PLAIN_BODY = /^[\x00-\x7f\u00a0\u00ab\u00bb\u2010-\u201f]*$/

/** Whether the UTF-16 unit at `i` is part of a word of a plain body (an ASCII letter or digit). */
function wordUnit(text: string, i: number): boolean {
  const c = text.charCodeAt(i)
  const lower = c | 0x20
  return (c >= 0x30 && c <= 0x39) || (lower >= 0x61 && lower <= 0x7a)
}

/**
 * Whether a plain body holds `run` as consecutive words for unicode61 (one word: the word itself):
 * none of them part of a longer word, only separators between them. `run` is ASCII words; the body
 * is compared in lower case, as the tokenizer folds it. (No regular expression built per search:
 * V8 keeps each compiled one, and a new one per keystroke filled the heap.)
 */
function holdsWords(body: string, run: string[]): boolean {
  const text = /[A-Z]/.test(body) ? body.toLowerCase() : body
  const wordAt = (i: number, word: string) => text.startsWith(word, i) && !wordUnit(text, i + word.length)
  for (let at = text.indexOf(run[0]); at >= 0; at = text.indexOf(run[0], at + 1)) {
    if ((at > 0 && wordUnit(text, at - 1)) || !wordAt(at, run[0])) continue
    let i = at + run[0].length
    let k = 1
    for (; k < run.length; k++) {
      while (i < text.length && !wordUnit(text, i)) i++
      if (!wordAt(i, run[k])) break
      i += run[k].length
    }
    if (k === run.length) return true
  }
  return false
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u

/**
 * Whether a body can belong to a customer whose own house number is `houseNo` as addressFit
 * compares it (letters and digits only): the body holds the folded house number between spaces
 * (INDEX_INSERT_SQL: after the street, before the flat or the postal code), so from the start of
 * one space-separated piece to the end of one, its letters and digits spell `houseNo`. Only such
 * candidates' rows are read to rank an address. (By UTF-16 unit: half of a surrogate pair counts
 * as punctuation, which can only let a body through, never keep one out.)
 */
function holdsHouseNo(body: string, houseNo: string): boolean {
  for (let start = 0; start >= 0; start = body.indexOf(' ', start) + 1 || -1) {
    let i = start
    let k = 0
    for (; i < body.length && k < houseNo.length; i++) {
      if (body[i] === houseNo[k]) k++
      else if (LETTER_OR_DIGIT.test(body[i])) break
    }
    if (k < houseNo.length) continue
    while (i < body.length && body[i] !== ' ' && !LETTER_OR_DIGIT.test(body[i])) i++
    if (i === body.length || body[i] === ' ') return true
  }
  return false
}

interface Tier {
  /** The FTS5 query. */
  query: string
  /** Whether a plain body matches it (the phrase and the whole-word tier; the prefix tier is never derived). */
  holds: ((body: string) => boolean) | null
}

/**
 * The full-text part of the search: tiers from the closest fit down (see below), each its first
 * `candidates` matches in index order, re-ranked by closeness (and, for an address, addressFit).
 *
 * With `shortcuts` (always, except in the test that checks them against this plain tier loop) it
 * reads less for the same answer:
 * - Narrower from wider. A phrase match has every word whole, a whole word is also a prefix: a
 *   narrower tier's matches among the first matches of a wider tier are the start of its own list,
 *   all of it when the wider tier had no more; only the rest is queried, after the last rowid seen.
 *   Only for ASCII words and plain bodies (PLAIN_BODY), where telling a word is unicode61's rule.
 *   So when there is a phrase tier the whole-word tier is read first: when it is short the phrase
 *   tier costs nothing (the common case while the last word is still being typed).
 * - Decided early. A tier's answer is known once as many candidates as there is room for reach the
 *   highest closeness any of its candidates can have (the stable sort puts the first of them first).
 *   That ceiling falls as tiers complete: a candidate left after a complete phrase tier has not the
 *   words in a row, one left after a complete whole-word tier not every word whole (" 12 " in a body
 *   is the word 12 for unicode61 when 12 is ASCII). For an address the ceiling adds the best
 *   addressFit, read from the rows of the candidates that reach the rest of it.
 * - Rows for an address only of the candidates whose body can hold the typed house number, each
 *   read once.
 */
function fullTextHits(
  statements: Statements,
  tokens: string[],
  limit: number,
  hits: Map<string, CustomerSearchHit>,
  add: (rows: CustomerRow[], match: CustomerSearchHit['exactMatch']) => void,
  shortcuts: boolean,
): void {
  const candidates = Math.max(MIN_CANDIDATES, limit * 5)
  /** Rows read so far (null: not live). */
  const read = new Map<string, CustomerRow | null>()
  /** Live customers' rows by id (a deleted or merged customer has none), each read once. */
  const rowsOf = (ids: string[]) => {
    const unread = ids.filter((id) => !read.has(id))
    if (unread.length) {
      const rows = new Map(statements.byIds.all(JSON.stringify(unread)).map((r) => [r.id, r]))
      for (const id of unread) read.set(id, rows.get(id) ?? null)
    }
    return new Map(ids.flatMap((id) => (read.get(id) ? [[id, read.get(id)!] as const] : [])))
  }
  // Only an address typed as street words and a number is ranked by the customer's own address
  // (addressFit): only then are candidates' rows needed to rank them.
  const houseNo = tokens.find((t) => /^\d/.test(t))
  const byAddress = houseNo !== undefined && tokens.some((t) => !/^\d/.test(t))
  /** The most addressFit gives: the house number, and the flat when one was typed after it. */
  const bestFit = byAddress ? (tokens.filter((t) => /^\d/.test(t)).length > 1 ? 150 : 100) : 0
  const n = tokens.length
  const closeness = closenessTo(tokens)
  const plain = shortcuts && tokens.every((t) => PLAIN_WORD.test(t))
  // From the closest fit down: the words in a row as typed ("partyzantow 12": the street and
  // its number), every word whole, every word whole or as a prefix. Each tier is unranked and
  // bounded, so it stops at the first matches; a later tier runs only while there is room.
  // (bm25 scored every match: tens of ms for a common word or a one-letter prefix at 200,000
  // customers, and the closeness below orders the candidates anyway.)
  const tiers: Tier[] = [
    ...(n > 1 ? [{ query: `"${tokens.join(' ')}"`, holds: (body: string) => holdsWords(body, tokens) }] : []),
    { query: tokens.map((t) => `"${t}"`).join(' AND '), holds: (body: string) => tokens.every((t) => holdsWords(body, [t])) },
    { query: tokens.map((t) => `"${t}"*`).join(' AND '), holds: null },
  ]
  const WORDS = tiers.length - 2
  /** What is known of a tier's matches: the first of them in index order, up to rowid `upTo`; all of them when `done`. */
  interface Known {
    found: Candidate[]
    upTo?: number
    done: boolean
  }
  const known: Known[] = []
  if (plain && n > 1) {
    // The whole-word tier first: when it has fewer matches than are read, the phrase tier is those
    // of them that hold the phrase — no phrase query (the common case while a word is still being
    // typed, and cheap when it has many: it stops at the first `candidates`). Not read twice.
    const found = statements.matching.all(tiers[WORDS].query, candidates)
    known[WORDS] = { found, upTo: found.at(-1)?.rowid, done: found.length < candidates }
  }
  /** The start of tier i's list: what is known of it, or its matches among those known of a wider tier. */
  const startOf = (i: number): Known => {
    if (known[i]) return known[i]
    for (let j = tiers.length - 1; j > i && plain; j--) {
      if (!known[j]) continue
      const found: Candidate[] = []
      let upTo: number | undefined
      let all = true
      for (const c of known[j].found) {
        if (!PLAIN_BODY.test(c.body)) {
          all = false
          break
        }
        if (tiers[i].holds!(c.body)) found.push(c)
        upTo = c.rowid
      }
      return { found, upTo, done: known[j].done && all }
    }
    return { found: [], done: false }
  }
  /** The highest closeness a candidate not on the page yet can have in the current tier. */
  let ceiling = 11 * n

  for (let i = 0; i < tiers.length && hits.size < limit; i++) {
    const room = limit - hits.size
    const start = startOf(i)
    const found = [...start.found]
    if (!start.done && found.length < candidates) {
      // The rest from the index, after the last rowid known; one at a time when the page may be
      // decided before the last of them.
      const want = candidates - found.length
      const rest = () => (start.upTo === undefined ? statements.matching.iterate(tiers[i].query, want) : statements.matchingAfter.iterate(tiers[i].query, start.upTo, want))
      let exhausted = false
      if (plain) {
        const decision = decider(room)
        let early = start.found.reduce<CustomerRow[] | null>((rows, c) => rows ?? decision.offer(c), null)
        if (!early) {
          for (const c of rest()) if ((early = decision.offer(found[found.push(c) - 1]))) break
          exhausted = !early
          early ??= decision.settle()
        }
        if (early) {
          add(early, null)
          break
        }
      }
      if (!exhausted) {
        found.length = start.found.length
        found.push(...rest())
      }
    }
    const complete = found.length < candidates
    const open = found.slice(0, candidates).filter((c) => !hits.has(c.customer_id))
    const rows = byAddress ? rowsOf(open.flatMap((c) => (!shortcuts || holdsHouseNo(c.body, houseNo!) ? [c.customer_id] : []))) : new Map<string, CustomerRow>()
    const scored = open.map((c) => {
      const row = rows.get(c.customer_id)
      return { id: c.customer_id, score: closeness(c.body) + (row ? addressFit(row, tokens) : 0) }
    })
    // Array.prototype.sort is stable: equal closeness keeps the index order.
    scored.sort((a, b) => b.score - a.score)
    // The best first; the rows of as many as there is room for (a deleted or merged customer has
    // none: then more).
    for (let next = 0; next < scored.length && hits.size < limit; ) {
      const wanted = scored.slice(next, (next += limit - hits.size)).map((s) => s.id)
      const missing = wanted.filter((id) => !rows.has(id))
      for (const [id, row] of rowsOf(missing)) rows.set(id, row)
      add(
        wanted.flatMap((id) => rows.get(id) ?? []),
        null,
      )
    }
    // A complete tier's live candidates are all on the page now: those left have less in common
    // with the typed words (not in a row after the phrase tier, not all whole after the word tier).
    if (complete) ceiling = i === WORDS ? n - 1 : Math.min(ceiling, n)
  }

  /**
   * Offered a tier's candidates in index order: the rows that fill the page once the first `room`
   * live candidates to reach the ceiling — and, for an address, the best fit — are known; null
   * while they are not (and from settle(), when fewer reach it).
   */
  function decider(room: number) {
    const best: CustomerRow[] = []
    let pending: string[] = []
    // Rows in batches of as many as could still fill the page.
    const settle = () => {
      const rows = rowsOf(pending)
      for (const id of pending) {
        const row = rows.get(id)
        if (row && (!byAddress || addressFit(row, tokens) === bestFit) && best.length < room) best.push(row)
      }
      pending = []
      return best.length === room ? best : null
    }
    const offer = (c: Candidate) => {
      if (hits.has(c.customer_id) || closeness(c.body) !== ceiling || (byAddress && !holdsHouseNo(c.body, houseNo!))) return null
      return pending.push(c.customer_id) + best.length < room ? null : settle()
    }
    return { offer, settle }
  }
}

export function searchCustomers(db: ReadSql, query: string, limit: number, shortcuts = true): CustomerSearchHit[] {
  const trimmed = query.trim()
  if (!trimmed) return []
  const statements = statementsOf(db)
  const run = (statement: Exclude<StatementName, 'matching' | 'matchingAfter' | 'byIds'>, ...params: string[]): CustomerRow[] => statements[statement].all(...params)
  const hits = new Map<string, CustomerSearchHit>()
  const add = (rows: CustomerRow[], match: CustomerSearchHit['exactMatch']) => {
    for (const r of rows) if (!hits.has(r.id) && hits.size < limit) hits.set(r.id, toHit(r, match))
  }

  // Identifiers are often typed with spaces or dashes ("922-000-35-60", "ZM 1234 5678").
  const compact = trimmed.replace(/[\s-]/g, '')
  add(run('customerNo', trimmed, compact), 'customerNo')
  if (/^\d{11}$/.test(compact)) add(run('pesel', compact), 'pesel')
  const nip = normalizeNip(trimmed)
  if (/^\d{10}$/.test(nip)) add(run('nip', nip), 'nip')
  const serial = compact.toUpperCase()
  if (run('meterSerialKnown', serial).length) add(run('meterSerial', serial), 'meterNo')
  if (/^\d{5,}$/.test(compact) && run('meterDigitsKnown', compact).length) add(run('meterDigits', compact), 'meterNo')
  // An invoice number as printed ("FW/K1/2026/013047"): the customer it was issued to.
  const invoiceNo = compact.toUpperCase()
  if (invoiceNo.includes('/')) add(run('invoiceNo', invoiceNo), 'invoiceNo')
  // The customer's individual bank account (NRB), with any spacing, with or without "PL".
  const nrb = trimmed.replace(/^PL/i, '').replace(/[\s-]/g, '')
  if (/^\d{26}$/.test(nrb)) add(run('bankAccount', nrb), 'bankAccount')
  // An e-mail address, in whatever case it was typed.
  if (/^[^\s@]+@[^\s@]+$/.test(trimmed)) add(run('email', trimmed, trimmed.toLowerCase()), 'email')

  const tokens = searchTokens(trimmed)
  if (tokens.length && hits.size < limit) fullTextHits(statements, tokens, limit, hits, add, shortcuts)
  return [...hits.values()]
}

// ---------------------------------------------------------------------------------------------
// The index. One SQL statement describes a customer's searchable text; it serves both the
// per-write refresh and the full rebuild after a bulk import (where per-customer queries would
// take minutes on 200k customers). fold_text() is foldText, registered on the connection when it
// opens (db/database.ts). Index rows are derived data: written through IndexWriter.reindex().

/**
 * INSERT … SELECT of the searchable text: names, numbers, addresses, meter numbers, the phone (as
 * written and as digits only), a name with an apostrophe also without it ("oneill") — folded.
 * Migration 0015 rebuilds the index with this same statement: keep them equal.
 */
export const INDEX_INSERT_SQL = `
  INSERT INTO customer_search (customer_id, body)
  SELECT c.id, fold_text(concat_ws(' ',
    c.customer_no, c.first_name, c.last_name, c.company_name, c.pesel, c.nip, c.email,
    c.corr_street, c.corr_house_no, c.corr_flat_no, c.corr_postal_code, c.corr_city,
    (SELECT group_concat(concat_ws(' ', p.street, p.house_no, p.flat_no, p.city), ' ')
       FROM supply_points p WHERE p.id IN (SELECT k.supply_point_id FROM contracts k WHERE k.customer_id = c.id)),
    (SELECT group_concat(m.serial_no, ' ')
       FROM meters m WHERE m.supply_point_id IN (SELECT k.supply_point_id FROM contracts k WHERE k.customer_id = c.id)),
    c.phone, replace(replace(c.phone, ' ', ''), '-', ''),
    CASE WHEN instr(concat_ws(' ', c.first_name, c.last_name, c.company_name), '''') > 0 OR instr(concat_ws(' ', c.first_name, c.last_name, c.company_name), '’') > 0
      THEN replace(replace(concat_ws(' ', c.first_name, c.last_name, c.company_name), '''', ''), '’', '') END))
  FROM customers c
  WHERE c.deleted_at IS NULL AND c.merged_into IS NULL`
const INDEX_INSERT = sql.raw(INDEX_INSERT_SQL)

/** Ids per statement: well under SQLite's bound-variable limit. */
const REINDEX_CHUNK = 500

/**
 * Removes a customer's index row. customer_id is UNINDEXED, so finding it by id alone scans the
 * whole index (~100 ms at 200k customers); the customer number is in every body, so MATCH on it
 * finds the row through the index. Only when that misses (the number changed in this write) does
 * it fall back to the scan — not for a customer just inserted, who cannot have a row yet.
 */
function unindex(index: IndexWriter, id: string, inserted: boolean): void {
  const row = index.read.get<{ customer_no: string } | undefined>(sql`SELECT customer_no FROM customers WHERE id = ${id}`)
  const tokens = row ? searchTokens(row.customer_no) : []
  if (tokens.length) {
    const phrase = `"${tokens.join(' ')}"`
    const found = index.reindex(
      sql`DELETE FROM customer_search WHERE rowid IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ${phrase} AND customer_id = ${id})`,
    )
    if (found.changes > 0 || inserted) return
  }
  index.reindex(sql`DELETE FROM customer_search WHERE customer_id = ${id}`)
}

/**
 * Refreshes the index rows of the given customers; `inserted` were inserted in this write, `fresh`
 * were created by it with new ids (a file import) and so have no index row to remove.
 */
export function reindexCustomers(index: IndexWriter, customerIds: Iterable<string>, inserted: ReadonlySet<string> = new Set(), fresh: ReadonlySet<string> = new Set()): void {
  const ids = [...new Set(customerIds)]
  for (const id of ids) if (!fresh.has(id)) unindex(index, id, inserted.has(id))
  for (let i = 0; i < ids.length; i += REINDEX_CHUNK) {
    const chunk = sql.join(
      ids.slice(i, i + REINDEX_CHUNK).map((id) => sql`${id}`),
      sql`, `,
    )
    index.reindex(sql`${INDEX_INSERT} AND c.id IN (${chunk})`)
  }
}

/** Rebuilds the whole index (after a bulk import, which bypasses the per-row hook). */
export function rebuildSearchIndex(index: IndexWriter): void {
  index.reindex(sql`DELETE FROM customer_search`)
  index.reindex(INDEX_INSERT)
}

/** Which customers a changed row affects in the search index. */
function affectedCustomers(entity: string, row: Record<string, unknown>): string[] {
  switch (entity) {
    case 'customers':
      return [String(row.id)]
    case 'contracts':
      return [String(row.customerId)]
    default:
      // Supply points and meters: customersAtPoints(), one query per 500 points (a file import
      // writes thousands in one go).
      return []
  }
}

/** The customers whose contracts are at the supply points of changed points and meters. */
function customersAtPoints(tx: WriteTx, changes: Parameters<AfterWriteHook>[1]): string[] {
  const points = new Set<string>()
  for (const c of changes) {
    if (c.entity !== 'supply_points' && c.entity !== 'meters') continue
    for (const row of [c.before, c.after]) if (row) points.add(String(c.entity === 'meters' ? row.supplyPointId : row.id))
  }
  const ids = [...points]
  const out: string[] = []
  for (let i = 0; i < ids.length; i += REINDEX_CHUNK) {
    const chunk = sql.join(
      ids.slice(i, i + REINDEX_CHUNK).map((id) => sql`${id}`),
      sql`, `,
    )
    out.push(...tx.read.all<{ customer_id: string }>(sql`SELECT customer_id FROM contracts WHERE supply_point_id IN (${chunk})`).map((r) => r.customer_id))
  }
  return out
}

export const searchIndexHook: AfterWriteHook = Object.assign(
  (tx: WriteTx, changes: Parameters<AfterWriteHook>[1]) => {
    const ids = changes.flatMap((c) => [c.before, c.after].flatMap((row) => (row ? affectedCustomers(c.entity, row) : [])))
    ids.push(...customersAtPoints(tx, changes))
    const inserted = new Set(changes.filter((c) => c.entity === 'customers' && c.op === 'insert').map((c) => c.id))
    if (ids.length) reindexCustomers(tx, ids, inserted, tx.freshIds)
  },
  { rebuild: rebuildSearchIndex },
)
