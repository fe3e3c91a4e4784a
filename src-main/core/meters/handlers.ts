import { Buffer } from 'node:buffer'
import { and, desc, eq, gte, isNull, lte, or } from 'drizzle-orm'
import { customerDisplayName } from '../../../shared/domain/customer-format'
import { contracts, customers } from '../../db/schema'
import { dueListCsv, dueListPdf } from '../../documents/meters-due-list'
import { meterProtocolPdf, type ProtocolParty } from '../../documents/meter-protocol'
import type { Services } from '../services'
import { staffOf, type HandlersOf } from '../calls'
import { createMeterService } from './service'

const fileDate = (iso: string) => iso.replace(/-/g, '')

export function metersHandlers(s: Services): HandlersOf<'meters'> {
  const meters = createMeterService(s)

  /** Who the water was billed to on the day of the replacement. */
  function partyOn(supplyPointId: string, day: string): ProtocolParty {
    const row = s.db.orm
      .select({ contractNo: contracts.contractNo, customer: customers })
      .from(contracts)
      .innerJoin(customers, eq(customers.id, contracts.customerId))
      .where(and(eq(contracts.supplyPointId, supplyPointId), lte(contracts.startDate, day), or(isNull(contracts.endDate), gte(contracts.endDate, day))))
      .orderBy(desc(contracts.startDate))
      .get()
    return row
      ? { customer: customerDisplayName(row.customer), customerNo: row.customer.customerNo, contractNo: row.contractNo }
      : { customer: null, customerNo: null, contractNo: null }
  }

  return {
    'meters.forCustomer': (input) => meters.forCustomer(input.customerId, input.warnDays),
    'meters.get': (input) => meters.get(input.id, input.warnDays),
    'meters.install': (input, call) => meters.install(staffOf(call), input),
    'meters.replace': (input, call) => meters.replace(staffOf(call), input),
    'meters.replacements': (input) => meters.replacements(input.customerId),
    'meters.protocolPdf': async (input) => {
      const r = meters.replacement(input.id)
      const pdf = await meterProtocolPdf(s.resourcesDir, s.office(), r, partyOn(r.supplyPointId, r.replacedOn))
      return { fileName: `protokol-wymiany-${r.protocolNo.replace(/\//g, '-')}.pdf`, pdfBase64: Buffer.from(pdf).toString('base64') }
    },
    'meters.setSeal': (input, call) => meters.setSeal(staffOf(call), input),
    'meters.due': (input) => meters.due(input.days),
    'meters.dueCsv': (input) => {
      const list = meters.due(input.days)
      return { fileName: `wodomierze-do-wymiany-${fileDate(list.asOf)}.csv`, csv: dueListCsv(list) }
    },
    'meters.duePdf': async (input) => {
      const list = meters.due(input.days)
      const pdf = await dueListPdf(s.resourcesDir, s.office(), list)
      return { fileName: `wodomierze-do-wymiany-${fileDate(list.asOf)}.pdf`, pdfBase64: Buffer.from(pdf).toString('base64') }
    },
  }
}

