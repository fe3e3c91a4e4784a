// The customer card (360° view): data, contracts with supply points, meters, balance.
import { desc, eq, inArray, sql } from 'drizzle-orm'
import { ApiError } from '../../../shared/api/errors'
import type { ContractView, CustomerCard, CustomerSummary, MeterView } from '../../../shared/api/types'
import { customerDisplayName } from '../../../shared/domain/customer-format'
import { legalisationExpiry } from '../../../shared/domain/meters'
import type { Orm } from '../../db/database'
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

export function customerCard(orm: Orm, id: string, today: string): CustomerCard {
  const customer = orm.select().from(customers).where(eq(customers.id, id)).get()
  if (!customer || customer.deletedAt) throw new ApiError('NOT_FOUND', 'Klient: nie istnieje', 'id')

  const contractRows = orm
    .select({ contract: contracts, point: supplyPoints })
    .from(contracts)
    .innerJoin(supplyPoints, eq(supplyPoints.id, contracts.supplyPointId))
    .where(eq(contracts.customerId, id))
    .orderBy(desc(contracts.startDate))
    .all()
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

  const pointIds = [...new Set(contractRows.map((r) => r.point.id))]
  const meterRows = pointIds.length
    ? orm.select().from(meters).where(inArray(meters.supplyPointId, pointIds)).orderBy(meters.kind, desc(meters.installedOn)).all()
    : []
  const meterViews: MeterView[] = meterRows.map((m) => {
    const last = orm
      .select({ readOn: readings.readOn, valueM3: readings.valueM3, kind: readings.kind })
      .from(readings)
      .where(eq(readings.meterId, m.id))
      .orderBy(desc(readings.readOn), desc(readings.createdAt))
      .limit(1)
      .get()
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

  // Invoices and payments stay with the customer they were issued to; merged records count here too.
  const family = sql.join(customerFamily(orm, id).map((f) => sql`${f}`), sql`, `)
  const { invoiced, paid, dueInvoiced } = orm.get<{ invoiced: number; paid: number; dueInvoiced: number }>(sql`
    SELECT
      (SELECT COALESCE(SUM(gross_total), 0) FROM invoices WHERE customer_id IN (${family})) AS invoiced,
      (SELECT COALESCE(SUM(amount), 0) FROM payments WHERE customer_id IN (${family})) AS paid,
      (SELECT COALESCE(SUM(gross_total), 0) FROM invoices WHERE customer_id IN (${family}) AND due_date < ${today}) AS dueInvoiced`)
  return {
    customer: toCustomerSummary(customer),
    contracts: contractViews,
    meters: meterViews,
    balanceGrosze: paid - invoiced,
    overdueGrosze: Math.max(0, dueInvoiced - paid),
  }
}
