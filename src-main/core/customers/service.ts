// The customer register: create and edit (audited), duplicate warnings, supervisor merge.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { z } from 'zod'
import type { ParsedInputOf } from '../../../shared/api/contract'
import { ApiError } from '../../../shared/api/errors'
import type { customerInput } from '../../../shared/api/operations/customers'
import type { CustomerSummary, DuplicateCandidate, FieldChange } from '../../../shared/api/types'
import { formatCustomerNo, individualAccount } from '../../../shared/domain/accounts'
import { foldText } from '../../../shared/domain/text'
import { formatAddressLine } from '../../../shared/domain/customer-format'
import { normalizeNip } from '../../../shared/validation/identifiers'
import { preparedSql } from '../../db/database'
import { contracts, customers } from '../../db/schema'
import { tariffGroupRows } from '../tariffs/moves'
import { newId, type StaffWrite, type WriteTx } from '../../db/write'
import { takeNext } from '../../platform/numbering'
import { searchCustomers } from './search'
import type { Services } from '../services'
import { toCustomerSummary } from './queries'
import { customerFamily } from './family'

type CustomerData = z.output<typeof customerInput>
type CustomerRow = typeof customers.$inferSelect

/** The columns a clerk edits; the kind decides which name fields are kept (also the CSV import's). */
export function toColumns(d: CustomerData) {
  const person = d.kind === 'person'
  return {
    kind: d.kind,
    firstName: person ? d.firstName : null,
    lastName: person ? d.lastName : null,
    companyName: person ? null : d.companyName,
    pesel: person ? d.pesel : null,
    nip: d.nip,
    regon: d.regon,
    email: d.email?.toLowerCase() ?? null,
    phone: d.phone,
    corrStreet: d.correspondenceAddress.street,
    corrHouseNo: d.correspondenceAddress.houseNo,
    corrFlatNo: d.correspondenceAddress.flatNo,
    corrPostalCode: d.correspondenceAddress.postalCode,
    corrCity: d.correspondenceAddress.city,
  }
}

const digitsOnly = (v: string | null | undefined) => (v ?? '').replace(/\D/g, '')

/**
 * The audit entries of a customer's records, its contracts and their supply points (ids as one JSON
 * array). The entity names let SQLite use the (entity, entity_id) index: by entity_id alone it read
 * the office's whole audit log for every card a supervisor opened. Ids are unique across tables, and
 * these rows' entries (writes and notes alike) carry their table's name.
 */
export const FIELD_HISTORY_SQL = `SELECT a.at, st.full_name AS staff_name, a.operation, a.entity, a.entity_id, a.before, a.after
  FROM audit_log a LEFT JOIN staff st ON st.id = a.staff_id
  WHERE a.entity IN ('customers', 'contracts', 'supply_points') AND a.entity_id IN (SELECT value FROM json_each(?))
  ORDER BY a.at DESC, a.id DESC`

export function createCustomerService(s: Services) {

  const liveCustomer = (id: string, field = 'id'): CustomerRow => {
    const row = s.db.read.select().from(customers).where(eq(customers.id, id)).get()
    if (!row || row.deletedAt) throw new ApiError('NOT_FOUND', 'Klient: nie istnieje', field)
    if (row.mergedInto) throw new ApiError('CONFLICT', `Klient ${row.customerNo} został scalony z innym klientem`, field)
    return row
  }

  return {
    liveCustomer,

    create(call: StaffWrite, data: CustomerData): CustomerSummary {
      const office = s.office()
      if (!office) throw new ApiError('SETUP_REQUIRED', 'Biuro nie jest jeszcze skonfigurowane')
      const row = s.db.write(call, (tx) => {
        const customerNo = formatCustomerNo(office.stationCode, takeNext(tx, 'customer', office.stationCode, '-'))
        return tx.insert(customers, {
          id: newId(),
          customerNo,
          ...toColumns(data),
          bankAccount: individualAccount(office, customerNo),
          createdAt: tx.now,
          updatedAt: tx.now,
        })
      })
      return toCustomerSummary(row)
    },

    update(call: StaffWrite, id: string, data: CustomerData): CustomerSummary {
      liveCustomer(id)
      const row = s.db.write(call, (tx) => tx.update(customers, id, toColumns(data)))
      return toCustomerSummary(row)
    },

    findDuplicates(input: ParsedInputOf<'customers.findDuplicates'>): DuplicateCandidate[] {
      const reasons = new Map<string, string[]>()
      const note = (ids: string[], reason: string) => {
        for (const id of ids) if (id !== input.excludeId) reasons.set(id, [...(reasons.get(id) ?? []), reason])
      }
      const live = and(isNull(customers.mergedInto), isNull(customers.deletedAt))
      const idsWhere = (cond: ReturnType<typeof eq>) =>
        s.db.read.select({ id: customers.id }).from(customers).where(and(cond, live)).limit(10).all().map((r) => r.id)

      const pesel = digitsOnly(input.pesel)
      if (pesel.length === 11) note(idsWhere(eq(customers.pesel, pesel)), 'ten sam PESEL')
      const nip = normalizeNip(input.nip ?? '')
      if (/^\d{10}$/.test(nip)) note(idsWhere(eq(customers.nip, nip)), 'ten sam NIP')
      const email = input.email?.trim().toLowerCase()
      if (email) note(idsWhere(eq(customers.email, email)), 'ten sam adres e-mail')
      const phone = digitsOnly(input.phone).slice(-9)
      if (phone.length === 9) {
        const ids = s.db.read
          .all<{ id: string }>(sql`SELECT id FROM customers WHERE merged_into IS NULL AND deleted_at IS NULL
              AND substr(replace(replace(replace(phone, ' ', ''), '-', ''), '+', ''), -9) = ${phone} LIMIT 10`)
          .map((r) => r.id)
        note(ids, 'ten sam telefon')
      }
      // Similar name at the same address: full-text match on the surname/company plus the address.
      const name = input.name?.trim()
      if (name && input.street && input.houseNo) {
        const nameWords = foldText(name).split(/\s+/).filter((w) => w.length >= 3)
        const hits = searchCustomers(s.db.readSql, `${nameWords.slice(-1)[0] ?? ''} ${input.street} ${input.houseNo}`, 10)
        const sameAddress = s.db.read
          .select({ id: customers.id, city: customers.corrCity, street: customers.corrStreet, houseNo: customers.corrHouseNo })
          .from(customers)
          .where(inArray(customers.id, hits.length ? hits.map((h) => h.id) : ['-']))
          .all()
          // The text search ranks loosely (ul. Młyńska 13 for Młyńska 3): the address must be the same.
          .filter((c) => foldText(c.street) === foldText(input.street!) && foldText(c.houseNo) === foldText(input.houseNo!))
          .filter((c) => !input.city || foldText(c.city) === foldText(input.city))
          .map((c) => c.id)
        note(sameAddress, 'podobne nazwisko lub nazwa pod tym samym adresem')
      }
      if (reasons.size === 0) return []
      const rows = s.db.read.select().from(customers).where(inArray(customers.id, [...reasons.keys()])).all()
      return rows.map((c) => ({
        customer: {
          id: c.id,
          customerNo: c.customerNo,
          kind: c.kind,
          displayName: toCustomerSummary(c).displayName,
          address: formatAddressLine({ street: c.corrStreet, houseNo: c.corrHouseNo, flatNo: c.corrFlatNo, postalCode: c.corrPostalCode, city: c.corrCity }),
          exactMatch: null,
        },
        reasons: reasons.get(c.id)!,
      }))
    },

    /**
     * Merges a duplicate into the kept customer: contracts move to the kept one; issued invoices
     * and payments stay as issued (they are read through the customer family); the duplicate is
     * marked merged — nothing is deleted, every step is audited.
     */
    merge(call: StaffWrite, keepId: string, mergeId: string, reason: string): CustomerSummary {
      liveCustomer(keepId, 'keepId')
      liveCustomer(mergeId, 'mergeId')
      s.db.write(call, (tx: WriteTx) => {
        for (const k of tx.read.select({ id: contracts.id }).from(contracts).where(eq(contracts.customerId, mergeId)).all()) {
          tx.update(contracts, k.id, { customerId: keepId })
        }
        tx.update(customers, mergeId, { mergedInto: keepId })
        tx.note('customers', keepId, { mergedCustomerId: mergeId, reason })
      })
      return toCustomerSummary(liveCustomer(keepId))
    },

    /** Field-by-field history of the customer, its contracts and their supply points. */
    history(id: string): FieldChange[] {
      const family = customerFamily(s.db.read, id)
      const orm = s.db.read
      const contractIds = preparedSql<[string], { id: string; pointId: string }>(
        orm,
        'SELECT id, supply_point_id AS pointId FROM contracts WHERE customer_id IN (SELECT value FROM json_each(?))',
      ).all(JSON.stringify(family))
      const entityIds = [...family, ...contractIds.map((c) => c.id), ...contractIds.map((c) => c.pointId)]
      const rows = preparedSql<[string], { at: string; staff_name: string | null; operation: string; entity: string; entity_id: string; before: string | null; after: string | null }>(
        orm,
        FIELD_HISTORY_SQL,
      ).all(JSON.stringify(entityIds))
      // A tariff group is shown by its name, never its id (the few groups: one query).
      const groupNames = new Map(tariffGroupRows(orm).map((g) => [g.id, g.name]))
      const shown = (field: string, value: unknown) => (field === 'tariffGroupId' && typeof value === 'string' ? (groupNames.get(value) ?? value) : (value ?? null))
      return rows.flatMap((r) => {
        const before = (r.before ? JSON.parse(r.before) : {}) as Record<string, unknown>
        const after = (r.after ? JSON.parse(r.after) : {}) as Record<string, unknown>
        const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
          (k) => !['id', 'createdAt', 'updatedAt'].includes(k) && JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null),
        )
        return fields.map((field) => ({
          at: r.at,
          staffName: r.staff_name,
          operation: r.operation,
          entity: r.entity,
          entityId: r.entity_id,
          field,
          before: shown(field, before[field]),
          after: shown(field, after[field]),
        }))
      })
    },
  }
}
