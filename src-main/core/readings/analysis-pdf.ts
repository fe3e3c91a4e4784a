// The consumption-analysis PDF of one customer's supply point: the desk's operation
// (readings.analysisPdf) and the portal's download are this one function, so they are one document.
import { Buffer } from 'node:buffer'
import { eq } from 'drizzle-orm'
import type { ParsedInputOf } from '../../../shared/api/contract'
import type { PdfFile } from '../../../shared/api/types'
import { customerDisplayName } from '../../../shared/domain/customer-format'
import { customers } from '../../db/schema'
import { consumptionAnalysisPdf } from '../../documents/consumption-analysis'
import { loadFontFiles } from '../../documents/pdf-kit'
import type { Services } from '../services'
import { createReadingService } from './service'

export async function analysisPdfFile(s: Services, input: ParsedInputOf<'readings.analysisPdf'>): Promise<PdfFile> {
  const analysis = createReadingService(s).analysis(input)
  const customer = s.db.read.select().from(customers).where(eq(customers.id, input.customerId)).get()!
  const pdf = await consumptionAnalysisPdf(loadFontFiles(s.resourcesDir), s.office(), { displayName: customerDisplayName(customer), customerNo: customer.customerNo }, analysis)
  return { fileName: `analiza-zuzycia-${customer.customerNo}-${analysis.asOf.replace(/-/g, '')}.pdf`, pdfBase64: Buffer.from(pdf).toString('base64') }
}
