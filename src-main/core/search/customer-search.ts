// The global customer search: exact identifier hits first (customer no., PESEL, NIP, meter no.),
// then full-text matches on names and addresses. Safe for any typed character.
import { sql } from 'drizzle-orm'
import type { CustomerSearchHit } from '../../../shared/api/types'
import { foldText } from '../../../shared/domain/text'
import { normalizeNip } from '../../../shared/validation/identifiers'
import type { Orm } from '../../db/database'
import type { AfterWriteHook, WriteTx } from '../../db/write'
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

const CUSTOMER_COLUMNS = sql.raw(
  'c.id, c.customer_no, c.kind, c.first_name, c.last_name, c.company_name, c.corr_street, c.corr_house_no, c.corr_flat_no, c.corr_postal_code, c.corr_city',
)

/** Turns typed text into an FTS5 query of quoted prefix terms: no operator can leak through. */
export function toFtsQuery(query: string): string | null {
  const tokens = foldText(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8)
  return tokens.length ? tokens.map((t) => `"${t}"*`).join(' ') : null
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

export function searchCustomers(orm: Orm, query: string, limit: number): CustomerSearchHit[] {
  const trimmed = query.trim()
  if (!trimmed) return []
  const hits = new Map<string, CustomerSearchHit>()
  const add = (rows: CustomerRow[], match: CustomerSearchHit['exactMatch']) => {
    for (const r of rows) if (!hits.has(r.id) && hits.size < limit) hits.set(r.id, toHit(r, match))
  }
  const live = sql`c.deleted_at IS NULL AND c.merged_into IS NULL`

  const compact = trimmed.replace(/[\s-]/g, '')
  add(orm.all<CustomerRow>(sql`SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.customer_no = ${trimmed} AND ${live}`), 'customerNo')
  if (/^\d{11}$/.test(compact)) add(orm.all<CustomerRow>(sql`SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.pesel = ${compact} AND ${live}`), 'pesel')
  const nip = normalizeNip(trimmed)
  if (/^\d{10}$/.test(nip)) add(orm.all<CustomerRow>(sql`SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.nip = ${nip} AND ${live}`), 'nip')
  add(
    orm.all<CustomerRow>(sql`
      SELECT DISTINCT ${CUSTOMER_COLUMNS} FROM meters m
      JOIN contracts k ON k.supply_point_id = m.supply_point_id
      JOIN customers c ON c.id = k.customer_id
      WHERE m.serial_no = ${trimmed.toUpperCase()} AND ${live}`),
    'meterNo',
  )

  const fts = toFtsQuery(trimmed)
  if (fts && hits.size < limit) {
    // bm25 ranking costs tens of ms on 1–2 letter prefixes over 100k rows; rank only longer queries.
    const rank = fts.replace(/[^\p{L}\p{N}]/gu, '').length >= 3 ? sql`ORDER BY s.rank` : sql``
    const rows = orm.all<CustomerRow>(sql`
      SELECT ${CUSTOMER_COLUMNS} FROM (
        SELECT customer_id, rank FROM customer_search s WHERE customer_search MATCH ${fts} ${rank} LIMIT ${limit + hits.size}
      ) s JOIN customers c ON c.id = s.customer_id WHERE ${live}`)
    add(rows, null)
  }
  return [...hits.values()]
}

/** The searchable text of one customer: names, numbers, addresses, meter numbers — folded. */
function searchBody(orm: Orm, customerId: string): string | null {
  const c = orm.get<Record<string, string | null>>(sql`SELECT * FROM customers WHERE id = ${customerId}`)
  if (!c || c.deleted_at || c.merged_into) return null
  const points = orm.all<Record<string, string | null>>(sql`
    SELECT DISTINCT p.* FROM contracts k JOIN supply_points p ON p.id = k.supply_point_id WHERE k.customer_id = ${customerId}`)
  const meterNos = orm.all<{ serial_no: string }>(sql`
    SELECT m.serial_no FROM contracts k JOIN meters m ON m.supply_point_id = k.supply_point_id WHERE k.customer_id = ${customerId}`)
  const parts = [
    c.customer_no, c.first_name, c.last_name, c.company_name, c.pesel, c.nip, c.email,
    c.corr_street, c.corr_house_no, c.corr_flat_no, c.corr_postal_code, c.corr_city,
    ...points.flatMap((p) => [p.street, p.house_no, p.flat_no, p.city]),
    ...meterNos.map((m) => m.serial_no),
  ]
  return foldText(parts.filter(Boolean).join(' '))
}

export function reindexCustomers(orm: Orm, customerIds: Iterable<string>): void {
  for (const id of new Set(customerIds)) {
    orm.run(sql`DELETE FROM customer_search WHERE customer_id = ${id}`)
    const body = searchBody(orm, id)
    if (body) orm.run(sql`INSERT INTO customer_search (customer_id, body) VALUES (${id}, ${body})`)
  }
}

/** Rebuilds the whole index (after a bulk import, which bypasses the per-row hook). */
export function rebuildSearchIndex(orm: Orm): void {
  orm.run(sql`DELETE FROM customer_search`)
  const ids = orm.all<{ id: string }>(sql`SELECT id FROM customers WHERE deleted_at IS NULL AND merged_into IS NULL`)
  reindexCustomers(orm, ids.map((r) => r.id))
}

/** Which customers a changed row affects in the search index. */
function affectedCustomers(tx: WriteTx, entity: string, row: Record<string, unknown>): string[] {
  switch (entity) {
    case 'customers':
      return [String(row.id)]
    case 'contracts':
      return [String(row.customerId)]
    case 'supply_points':
    case 'meters': {
      const pointId = entity === 'meters' ? row.supplyPointId : row.id
      return tx.orm.all<{ customer_id: string }>(sql`SELECT customer_id FROM contracts WHERE supply_point_id = ${pointId}`).map((r) => r.customer_id)
    }
    default:
      return []
  }
}

export const searchIndexHook: AfterWriteHook = (tx, changes) => {
  const ids = changes.flatMap((c) => [c.before, c.after].flatMap((row) => (row ? affectedCustomers(tx, c.entity, row) : [])))
  if (ids.length) reindexCustomers(tx.orm, ids)
}
