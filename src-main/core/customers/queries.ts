// The customer card (360° view): data, contracts with supply points, meters, balance.
import { desc, eq, inArray, sql } from 'drizzle-orm'
import { ApiError } from '../../../shared/api/errors'
import type { ContractView, CustomerCard, CustomerSummary, MeterView } from '../../../shared/api/types'
import { customerDisplayName } from '../../../shared/domain/customer-format'
import { legalisationExpiry } from '../../../shared/domain/meters'
import { preparedOnce, preparedSql, type ReadOrm } from '../../db/database'
import { contracts, customers, meters, readings, supplyPoints } from '../../db/schema'
import { tariffStateOf } from '../tariffs/moves'
import { customerFamily } from './family'

type CustomerRow = typeof customers.$inferSelect

export function toCustomerSummary(c: CustomerRow): CustomerSummary {
  return {
    id: c.id,
    customerNo: c.customerNo,
    kind: c.kind,
    displayName: customerDisplayName(c),
    firstName: c.firstName,
    lastName: c.lastName,
    companyName: c.companyName,
    pesel: c.pesel,
    nip: c.nip,
    regon: c.regon,
    email: c.email,
    phone: c.phone,
    correspondenceAddress: {
      street: c.corrStreet,
      houseNo: c.corrHouseNo,
      flatNo: c.corrFlatNo,
      postalCode: c.corrPostalCode,
      city: c.corrCity,
    },
    bankAccount: c.bankAccount,
    mergedInto: c.mergedInto,
    anonymisedAt: c.anonymisedAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  }
}

/** The card's fixed queries, prepared once per connection (the card is opened all day long). */
function cardQueries(orm: ReadOrm) {
  return preparedOnce(orm, 'customers.card', () => ({
    customer: orm.select().from(customers).where(eq(customers.id, sql.placeholder('id'))).prepare(),
    contracts: orm
      .select({ contract: contracts, point: supplyPoints })
      .from(contracts)
      .innerJoin(supplyPoints, eq(supplyPoints.id, contracts.supplyPointId))
      .where(eq(contracts.customerId, sql.placeholder('id')))
      .orderBy(desc(contracts.startDate))
      .prepare(),
    // The meters of the customer's supply points (the points of its contracts).
    meters: orm
      .select()
      .from(meters)
      .where(inArray(meters.supplyPointId, orm.select({ id: contracts.supplyPointId }).from(contracts).where(eq(contracts.customerId, sql.placeholder('id')))))
      .orderBy(meters.kind, desc(meters.installedOn))
      .prepare(),
    lastReading: orm
      .select({ readOn: readings.readOn, valueM3: readings.valueM3, kind: readings.kind })
      .from(readings)
      .where(eq(readings.meterId, sql.placeholder('meterId')))
      .orderBy(desc(readings.readOn), desc(readings.createdAt))
      .limit(1)
      .prepare(),
  }))
}

/** What the balance rests on: the family's invoiced total, the part of it already due, and its payments. */
export interface AccountSums {
  invoiced: number
  dueInvoiced: number
  paid: number
}

/**
 * The sums in SQL: invoices and payments stay with the customer they were issued to, merged records
 * count here too. One statement per family size (almost always one), prepared once.
 */
function accountSums(orm: ReadOrm, family: readonly string[], today: string): AccountSums {
  const list = family.map(() => '?').join(', ')
  return preparedSql<string[], AccountSums>(
    orm,
    // The invoices read once for both sums.
    `SELECT i.invoiced, i.dueInvoiced, (SELECT COALESCE(SUM(amount), 0) FROM payments WHERE customer_id IN (${list})) AS paid
     FROM (SELECT COALESCE(SUM(gross_total), 0) AS invoiced, COALESCE(SUM(CASE WHEN due_date < ? THEN gross_total END), 0) AS dueInvoiced
           FROM invoices WHERE customer_id IN (${list})) i`,
  ).get(...family, today, ...family)!
}

/**
 * The card's data. `sumsOf` gives the balance's sums for the customer's family: by default summed in
 * SQL; the whole customer card passes the same sums taken from the account rows it reads anyway.
 */
export function customerCard(orm: ReadOrm, id: string, today: string, sumsOf: (family: readonly string[]) => AccountSums = (family) => accountSums(orm, family, today)): CustomerCard {
  const q = cardQueries(orm)
  const customer = q.customer.get({ id })
  if (!customer || customer.deletedAt) throw new ApiError('NOT_FOUND', 'Klient: nie istnieje', 'id')

  const contractRows = q.contracts.all({ id })
  const tariffs = tariffStateOf(
    orm,
    contractRows.map((r) => r.contract),
    today,
  )
  const contractViews: ContractView[] = contractRows.map(({ contract: k, point: p }) => ({
    id: k.id,
    contractNo: k.contractNo,
    services: k.services,
    tariffGroupName: tariffs.get(k.id)!.current.name,
    tariffEInvoice: tariffs.get(k.id)!.current.eInvoice,
    tariffMove: (({ pending }) => (pending ? { effectiveFrom: pending.effectiveFrom, tariffGroupName: pending.group.name, eInvoice: pending.group.eInvoice } : null))(tariffs.get(k.id)!),
    billingCycle: k.billingCycle,
    startDate: k.startDate,
    endDate: k.endDate,
    status: k.status,
    supplyPoint: { id: p.id, address: { street: p.street, houseNo: p.houseNo, flatNo: p.flatNo, postalCode: p.postalCode, city: p.city } },
  }))

  const meterRows = contractRows.length ? q.meters.all({ id }) : []
  const meterViews: MeterView[] = meterRows.map((m) => {
    const last = q.lastReading.get({ meterId: m.id })
    return {
      id: m.id,
      serialNo: m.serialNo,
      kind: m.kind,
      diameterMm: m.diameterMm,
      supplyPointId: m.supplyPointId,
      installedOn: m.installedOn,
      legalisationYear: m.legalisationYear,
      legalisationExpires: legalisationExpiry(m.legalisationYear),
      sealNo: m.sealNo,
      sealState: m.sealState,
      state: m.state,
      lastReading: last ?? null,
    }
  })

  const { invoiced, paid, dueInvoiced } = sumsOf(customerFamily(orm, id))
  return {
    customer: toCustomerSummary(customer),
    contracts: contractViews,
    meters: meterViews,
    balanceGrosze: paid - invoiced,
    overdueGrosze: Math.max(0, dueInvoiced - paid),
  }
}
