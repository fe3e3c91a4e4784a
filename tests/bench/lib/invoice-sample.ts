// Realistic invoices for the PDF and mail benchmarks: the newest issued documents of the Zamość
// office (its last billing periods, corrections included), read from the golden copy read-only.
import { desc } from 'drizzle-orm'
import { join } from 'node:path'
import type { OfficeSettings } from '../../../shared/api/types'
import { DATABASE_FILE } from '../../../src-main/desk/desk'
import { printableInvoices } from '../../../src-main/core/invoices/queries'
import { readOffice } from '../../../src-main/core/office/settings'
import { openReadOnly } from '../../../src-main/db/database'
import * as schema from '../../../src-main/db/schema'
import type { PrintableInvoice } from '../../../src-main/documents/invoice-pdf'
import { office } from './offices'

export type SampleInvoice = PrintableInvoice & { id: string; customerId: string }

export async function sampleInvoices(count: number): Promise<{ office: OfficeSettings | null; invoices: SampleInvoice[] }> {
  const source = await office('zamosc')
  // A connection the app's statement caches accept (printableInvoices reads through them).
  const { sqlite, orm } = openReadOnly(join(source.dir, DATABASE_FILE))
  try {
    const ids = orm.select({ id: schema.invoices.id }).from(schema.invoices).orderBy(desc(schema.invoices.issueDate), desc(schema.invoices.number)).limit(count).all().map((r) => r.id)
    const docs = printableInvoices(orm, ids)
    return { office: readOffice(orm), invoices: ids.map((id) => docs.get(id)!) }
  } finally {
    sqlite.close()
  }
}
