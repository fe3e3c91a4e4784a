import { Buffer } from 'node:buffer'
import { eq } from 'drizzle-orm'
import { customerDisplayName } from '../../../shared/domain/customer-format'
import { customers } from '../../db/schema'
import { consumptionAnalysisPdf } from '../../documents/consumption-analysis'
import { loadFontFiles } from '../../documents/pdf-kit'
import type { Services } from '../services'
import { staffOf, type HandlersOf } from '../calls'
import { createReadingService } from './service'

/** File imports of readings are served by imports/handlers.ts. */
export function readingsHandlers(s: Services): Omit<HandlersOf<'readings'>, 'readings.importFile'> {
  const readings = createReadingService(s)
  return {
    'readings.history': (input) => readings.history(input.meterId),
    'readings.check': (input) => readings.check(input),
    'readings.record': (input, call) => readings.record(staffOf(call), input),
    'readings.flagged': () => readings.flagged(),
    'readings.review': (input, call) => readings.review(staffOf(call), input),
    'readings.analysis': (input) => readings.analysis(input),
    'readings.analysisPdf': async (input) => {
      const analysis = readings.analysis(input)
      const customer = s.db.orm.select().from(customers).where(eq(customers.id, input.customerId)).get()!
      const pdf = await consumptionAnalysisPdf(loadFontFiles(s.resourcesDir), s.office(), { displayName: customerDisplayName(customer), customerNo: customer.customerNo }, analysis)
      return { fileName: `analiza-zuzycia-${customer.customerNo}-${analysis.asOf.replace(/-/g, '')}.pdf`, pdfBase64: Buffer.from(pdf).toString('base64') }
    },
  }
}
