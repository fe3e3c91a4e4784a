// The part of a RODO anonymisation that looks for her identifiers wherever they were copied as
// text — clerks' notes, generated texts (a delivery's basis, a mail's error), the audit trail and
// the sync change log — and blanks them; and the clean-up after it, so that the database file
// keeps no old copy either (FTS segments merged, freed pages zeroed by secure_delete, WAL
// checkpointed). Field-by-field erasure of her own rows stays in rodo.ts.
//
// Patterns (shared/domain/rodo-scrub.ts): her numbers (PESEL, phone …) and e-mail addresses are
// searched in every row of the office; her full name in rows of no customer (another Łucja
// Kowalska keeps her own name on her own payments); the scoped pattern adds single name words and
// her address and is applied to rows that are hers or that the others found (a note naming her
// phone is about her) — never to the whole office, where a neighbour at the same address would
// lose their data.
import { getTableColumns } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { ERASED_MARK, identifierPattern, scrubJsonText, type PersonalIdentifiers } from '../../../shared/domain/rodo-scrub'
import { tablesByName } from '../../db/tables'
import type { AnyTable, WriteTx } from '../../db/write'
import type Database from 'better-sqlite3'

/**
 * Every column where text about a customer can be written freely (by a clerk, a bank, a mail
 * server) or generated from her data, per table (drizzle keys). Columns erased field by field in
 * rodo.ts are listed again: a note on someone else's row may name her too. Fixed by evidence
 * triggers and holding no free text: mails.subject, case_replies.subject, case_events.data.
 */
export const FREE_TEXT: Record<string, readonly string[]> = {
  readings: ['note'],
  reading_reviews: ['note'],
  meter_replacements: ['note'],
  invoices: ['correctionReason'],
  invoice_duplicates: ['reason'],
  invoice_deliveries: ['basis'],
  billing_runs: ['report', 'error'],
  payments: ['payerName', 'title', 'reference', 'note'],
  bank_statements: ['fileName'],
  bank_transactions: ['counterpartyName', 'title', 'note'],
  mails: ['textBody', 'htmlBody', 'lastError', 'serverReply', 'decisionNote'],
  consent_events: ['note', 'representativeName', 'authorisation'],
  registration_applications: ['applicantName', 'problems', 'warnings', 'rejectionReason'],
  portal_accounts: ['lockReason'],
  cases: ['subject', 'description', 'location', 'reporterName'],
  case_events: ['text'],
  case_replies: ['body', 'recipientName', 'recipientAddress'],
  case_attachments: ['fileName'],
  scans: ['fileName'],
  sync_conflicts: ['hubValues', 'deskValues'],
}

/**
 * Text columns that hold no customer's personal data, or keep it by design — every other text
 * column of the schema must be in FREE_TEXT or erased by rodo.ts (a test holds the schema to it).
 * Ids, dates, hashes and enums are left out of the check by their names and types.
 */
export const KEPT_TEXT: Record<string, readonly string[]> = {
  // The office, its staff and its own bookkeeping.
  settings: ['value'],
  staff: ['login', 'fullName', 'passwordHash', 'lockedUntil'],
  number_series: ['kind', 'stationCode', 'period'],
  tariff_groups: ['code', 'name'],
  tariff_prices: ['validFrom', 'validTo'],
  consent_texts: ['version', 'title', 'content', 'validFrom'],
  bank_statements: ['statementRef', 'accountNo'],
  sync_state: ['hubUrl', 'deskToken', 'epoch', 'lastError', 'lastErrorCode'],
  // Numbers the office gives out, and the customer's payment account at the office (not her bank's).
  customers: ['customerNo', 'bankAccount', 'mergedInto'],
  contracts: ['contractNo'],
  cases: ['caseNo'],
  portal_accounts: ['login'],
  // (a Wniosek's supply address is the property's, like supply_points)
  registration_applications: ['applicationNo', 'customerNo', 'invoiceNo', 'regulaminVersion', 'supplyStreet', 'supplyHouseNo', 'supplyFlatNo', 'supplyPostalCode', 'supplyCity'],
  consent_events: ['documentNo', 'scope', 'refersTo', 'textVersion', 'infoClauseVersion', 'stationCode', 'workstation'],
  // The property, not the person: the supply point and what is fitted there (kept, see rodo.ts).
  supply_points: ['street', 'houseNo', 'flatNo', 'postalCode', 'city'],
  meters: ['serialNo', 'sealNo'],
  readings: ['source', 'flags'],
  meter_replacements: ['protocolNo', 'newSealNo', 'fitterName'],
  contract_tariff_changes: ['effectiveFrom'],
  invoices: ['number', 'periodFrom', 'periodTo', 'series', 'stationCode', 'placeOfIssue', 'seller', 'supplyPoint', 'paymentAccount', 'tariffGroupName', 'ksefNumber'],
  invoice_lines: ['name', 'unit'],
  invoice_readings: ['meterSerial', 'fromKind', 'toKind'],
  billing_runs: ['month'],
  bank_transactions: ['bankRef', 'matchedAccount'],
  // Fixed by the evidence triggers and generated without personal data (numbers, templates, file hashes).
  case_events: ['at', 'data'],
  case_attachments: ['mimeType'],
  case_replies: ['subject'],
  mails: ['stationCode', 'relatedEntity', 'subject', 'attachments', 'resendOf'],
  sync_conflicts: ['entity', 'fields'],
  rodo_erasures: ['rows', 'files'],
  // Scrubbed separately (scrubHistoryCopies).
  audit_log: ['at', 'stationCode', 'operation', 'entity', 'before', 'after'],
  change_log: ['stationCode', 'entity', 'fields', 'hubStatus', 'hubReason', 'at'],
  sync_quarantine: ['entry', 'error', 'at'],
}

/** A mail's body may only be replaced whole (evidence triggers): a body naming her goes entirely. */
const WHOLE_ONLY: Record<string, Record<string, string | null>> = { mails: { textBody: ERASED_MARK, htmlBody: null } }
/** Goes with a row found to be about her: a transfer naming her came from her own bank account. */
const ALSO_ERASED: Record<string, Record<string, null>> = { bank_transactions: { counterpartyAccount: null } }

export interface Matchers {
  /** Numbers and e-mail addresses: hers wherever they appear. */
  unique: RegExp | null
  /** Also her full name: searched where no other customer is named by the row (namesakes keep theirs). */
  strict: RegExp | null
  scoped: RegExp
}

type Row = Record<string, unknown>
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() && !/zanonimizowan/i.test(v) && v !== '—' ? v : null)
/** A JSON object stored as text (or already parsed); anything else (an erased "[zanonimizowano]") is no object. */
const objectOf = (v: unknown): Row | null => {
  if (v && typeof v === 'object') return v as Row
  if (typeof v !== 'string' || !v.startsWith('{')) return null
  try {
    return JSON.parse(v) as Row
  } catch {
    return null
  }
}
const addressLine = (street: unknown, houseNo: unknown) => (text(street) && text(houseNo) ? `${String(street)} ${String(houseNo)}` : null)

/**
 * Her identifiers, from rows (as `[table, row]`) that hold them in known fields: the customer
 * record and its earlier versions, consents, the Wniosek, the portal account, deliveries, cases,
 * replies and sync conflicts. Null when nothing identifies her (already anonymised).
 */
export function matchersFor(rows: Iterable<readonly [string, Row | null | undefined]>): Matchers | null {
  const numbers: unknown[] = []
  const emails: unknown[] = []
  const names: string[] = []
  const words: unknown[] = []
  const person = (first: unknown, last: unknown) => {
    const [f, l] = [text(first), text(last)]
    if (f && l) names.push(`${f} ${l}`, `${l} ${f}`)
    words.push(f, ...(l?.split('-') ?? []))
  }
  const add = (entity: string, r: Row) => {
    switch (entity) {
      case 'customers':
        numbers.push(r.pesel, r.nip, r.regon, r.phone)
        emails.push(r.email)
        person(r.firstName, r.lastName)
        words.push(r.companyName, addressLine(r.corrStreet, r.corrHouseNo))
        break
      case 'consent_events':
        emails.push(r.email)
        numbers.push(r.phone)
        break
      case 'registration_applications': {
        emails.push(r.email)
        numbers.push(r.phone)
        const name = text(r.applicantName)
        if (name) names.push(name)
        const corr = objectOf(r.correspondenceAddress)
        if (corr) words.push(addressLine(corr.street, corr.houseNo))
        break
      }
      case 'bank_transactions':
        numbers.push(r.counterpartyAccount)
        break
      case 'portal_accounts':
      case 'invoice_deliveries':
        emails.push(r.email)
        break
      case 'cases':
        numbers.push(r.callbackPhone)
        words.push(r.reporterName)
        break
      case 'case_replies':
        emails.push(r.recipientEmail)
        words.push(r.recipientName)
        break
      case 'sync_conflicts':
        for (const side of [r.hubValues, r.deskValues]) {
          const values = objectOf(side)
          if (values) add('customers', values)
        }
        break
    }
  }
  for (const [entity, row] of rows) if (row) add(entity, row)
  const strictIds: PersonalIdentifiers = { numbers: numbers.map(text), emails: emails.map(text), phrases: names.filter((n) => n.trim().includes(' ')) }
  const scoped = identifierPattern({ ...strictIds, phrases: [...names, ...words.map(text)] })
  if (!scoped) return null
  return { unique: identifierPattern({ ...strictIds, phrases: [] }), strict: identifierPattern(strictIds), scoped }
}

/** "table/id" → the fields changed, for the erasure record and the history scrub. */
export type ErasedRows = Map<string, Set<string>>
export const markErased = (erased: ErasedRows, entity: string, id: string, fields: Iterable<string>) => {
  const key = `${entity}/${id}`
  const set = erased.get(key) ?? new Set<string>()
  for (const f of fields) set.add(f)
  erased.set(key, set)
}

const NEVER = /(?!)/
const CHUNK = 500
const chunks = <T>(items: readonly T[]): T[][] => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK))

/** Tables whose free text is only ever about their own customer: searched in her rows only (they are large). */
const OWN_ROWS_ONLY = new Set(['invoices', 'invoice_deliveries'])

/**
 * Blanks her identifiers in every free-text column: in her own rows (`mine`, by table) with the
 * scoped pattern, in everyone's rows where the strict pattern finds her. Writes through the write
 * path (so other desks and the hub get the cleaned text) and records what changed in `erased`.
 */
export function scrubFreeText(tx: WriteTx, sqlite: Database.Database, m: Matchers, mine: ReadonlyMap<string, ReadonlySet<string>>, erased: ErasedRows, customerNos: readonly string[] = []): void {
  const finder = (pattern: RegExp | null) => (...values: unknown[]) => {
    const re = pattern ?? NEVER
    return values.some((v) => {
      re.lastIndex = 0
      return typeof v === 'string' && re.test(v)
    })
      ? 1
      : 0
  }
  sqlite.function('rodo_found', { deterministic: true, varargs: true }, finder(m.unique))
  sqlite.function('rodo_named', { deterministic: true, varargs: true }, finder(m.strict))
  for (const [entity, keys] of Object.entries(FREE_TEXT)) {
    const table = tablesByName.get(entity) as AnyTable
    const columns = getTableColumns(table) as Record<string, SQLiteColumn>
    const select = `SELECT id, ${keys.map((k) => `"${columns[k].name}"`).join(', ')} FROM "${entity}"`
    const rows = new Map<string, unknown[]>()
    for (const ids of chunks([...(mine.get(entity) ?? [])])) {
      for (const [id, ...values] of sqlite.prepare(`${select} WHERE id IN (${ids.map(() => '?').join(', ')})`).raw().all(...ids) as unknown[][]) rows.set(String(id), values)
    }
    if (m.strict && !OWN_ROWS_ONLY.has(entity)) {
      // One call into JavaScript per row that has any text at all (most notes are empty). Her
      // name alone counts only in rows of no customer (an unmatched transfer, a phoned-in failure).
      const names = keys.map((k) => `"${columns[k].name}"`)
      const named = columns.customerId ? ` OR ("${columns.customerId.name}" IS NULL AND rodo_named(${names.join(', ')}))` : ''
      const where = `(${names.map((n) => `${n} IS NOT NULL`).join(' OR ')}) AND (rodo_found(${names.join(', ')})${named})`
      for (const [id, ...values] of sqlite.prepare(`${select} WHERE ${where}`).raw().all() as unknown[][]) {
        rows.set(String(id), values)
      }
    }
    // Reports that name customers by number (a billing run's skipped contracts): hers are about her.
    for (const no of entity === 'billing_runs' ? customerNos : []) {
      for (const [id, ...values] of sqlite.prepare(`${select} WHERE instr(report, ?) > 0`).raw().all(`"customerNo":${JSON.stringify(no)}`) as unknown[][]) rows.set(String(id), values)
    }
    for (const [id, values] of rows) {
      const patch: Record<string, unknown> = {}
      keys.forEach((key, i) => {
        const value = values[i]
        if (typeof value !== 'string') return
        const clean = scrubJsonText(value, m.scoped)
        if (clean === value) return
        const whole = WHOLE_ONLY[entity]
        patch[key] = whole && key in whole ? whole[key] : columns[key].dataType === 'json' ? JSON.parse(clean) : clean
      })
      if (!Object.keys(patch).length) continue
      Object.assign(patch, ALSO_ERASED[entity])
      tx.update(table, id, patch as never)
      markErased(erased, entity, id, Object.keys(patch))
    }
  }
}

/**
 * Blanks her identifiers in this desk's audit trail and sync change log: every entry about one of
 * her rows or a row rewritten above (looked up by row, not by reading the whole trail). Runs last
 * in the anonymising transaction, so its own entries are cleaned too.
 */
export function scrubHistoryCopies(sqlite: Database.Database, m: Matchers, mine: ReadonlyMap<string, ReadonlySet<string>>, erased: ErasedRows): void {
  const rows = new Map<string, Set<string>>()
  const add = (entity: string, id: string) => rows.set(entity, (rows.get(entity) ?? new Set()).add(id))
  for (const [entity, ids] of mine) for (const id of ids) add(entity, id)
  for (const key of erased.keys()) add(key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1))
  const clean = (v: string | null) => (v === null ? v : scrubJsonText(v, m.scoped))
  const updateAudit = sqlite.prepare('UPDATE audit_log SET before = ?, after = ? WHERE id = ?')
  for (const [entity, ids] of rows) {
    for (const chunk of chunks([...ids])) {
      const audit = sqlite.prepare(`SELECT id, before, after FROM audit_log WHERE entity = ? AND entity_id IN (${chunk.map(() => '?').join(', ')})`).all(entity, ...chunk) as { id: string; before: string | null; after: string | null }[]
      for (const a of audit) {
        const [before, after] = [clean(a.before), clean(a.after)]
        if (before !== a.before || after !== a.after) updateAudit.run(before, after, a.id)
      }
    }
  }
  // Hub changes this desk set aside (sync quarantine) are copies too: those about her rows are
  // scrubbed like the change log (they are retried and applied later, so they stay valid JSON).
  const updateQuarantine = sqlite.prepare('UPDATE sync_quarantine SET entry = ?, error = ? WHERE seq = ?')
  for (const q of sqlite.prepare('SELECT seq, entry, error FROM sync_quarantine').all() as { seq: number; entry: string; error: string }[]) {
    const e = JSON.parse(q.entry) as { entity?: string; entityId?: string }
    if (!e.entity || !e.entityId || !rows.get(e.entity)?.has(e.entityId)) continue
    const [entry, error] = [clean(q.entry)!, clean(q.error)!]
    if (entry !== q.entry || error !== q.error) updateQuarantine.run(entry, error, q.seq)
  }
  // The change log has no index by row: one pass over the entries of these tables.
  const entities = [...rows.keys()]
  if (!entities.length) return
  const updateChange = sqlite.prepare('UPDATE change_log SET fields = ?, hub_reason = ? WHERE counter = ?')
  const changes = sqlite.prepare(`SELECT counter, entity, entity_id, fields, hub_reason FROM change_log WHERE entity IN (${entities.map(() => '?').join(', ')})`).all(...entities) as {
    counter: number
    entity: string
    entity_id: string
    fields: string
    hub_reason: string | null
  }[]
  for (const c of changes) {
    if (!rows.get(c.entity)?.has(c.entity_id)) continue
    const [fields, reason] = [clean(c.fields)!, clean(c.hub_reason)]
    if (fields !== c.fields || reason !== c.hub_reason) updateChange.run(fields, reason, c.counter)
  }
}

/** Full-text indexes whose old segments keep erased words until merged. */
const SEARCH_INDEXES = ['customer_search', 'case_search']

/**
 * After an erasure has committed: merges the search indexes (an FTS5 delete only adds a
 * tombstone; the old words stay in their segment until a merge), then checkpoints and truncates
 * the WAL so old page images go too. With secure_delete on, every freed page is zeroed.
 */
export function purgeFreedPages(sqlite: Database.Database): void {
  for (const index of SEARCH_INDEXES) sqlite.prepare(`INSERT INTO "${index}" ("${index}") VALUES ('optimize')`).run()
  const [result] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[]
  // A reader (a backup in progress) holds old pages: they go at the next checkpoint.
  if (result?.busy) console.warn('RODO: zapis kontrolny bazy odłożony — trwa odczyt (np. kopia zapasowa)')
}
