// A billing run's rows reach every desk (issue 19): the run writes its invoices, lines, billed
// readings, estimated readings, delivery records and e-invoice mails set-based, with ONE audit entry
// for the whole run instead of one per row — but each row still gets its change-log entry, so a desk
// that was already in the office pulls every one of them through the hub, exactly as the billing
// desk has it, and the e-mailed PDF (stored by a PDF worker) with them.
import { afterEach, describe, expect, it } from 'vitest'
import type { TestDesk } from '../support/desk'
import { makeOffice } from '../support/sync'
import { acceptEInvoices, nbsp, pdfText, seedAccount, seedReadings, seedTariffs } from '../support/billing-office'
import { readStoredFile } from '../../src-main/platform/attachments/file-store'

const cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

const person = (n: number) => ({
  kind: 'person' as const,
  firstName: 'Teresa',
  lastName: `Bielecka${n}`,
  email: null,
  phone: '600 000 002',
  correspondenceAddress: { street: 'Partyzantów', houseNo: String(n), postalCode: '22-400', city: 'Zamość' },
})

const RUN_TABLES = ['billing_runs', 'invoices', 'invoice_lines', 'invoice_readings', 'readings', 'invoice_deliveries', 'print_batches', 'mails'] as const
const rowsOf = (desk: TestDesk, table: string) => desk.services.db.readSql.prepare(`SELECT * FROM "${table}" ORDER BY id`).all()

describe('a billing run on one desk', () => {
  it('reaches a desk already in the office: every invoice, line, billed and estimated reading, delivery record and mail with its PDF, through the hub', async () => {
    const o = await makeOffice()
    cleanup.push(() => o.dispose())
    const groups = await seedTariffs(o.a, o.aToken)
    // One metered normally; one without a reading in the period: the run estimates it.
    const read = await seedAccount(o.a, o.aToken, groups.paper, person(1))
    seedReadings(o.a, read.meterId, [['2026-08-28', 100], ['2026-10-28', 112]])
    const estimated = await seedAccount(o.a, o.aToken, groups.paper, person(2))
    seedReadings(o.a, estimated.meterId, [['2025-08-28', 76], ['2025-10-28', 82], ['2025-12-29', 88], ['2026-02-27', 94], ['2026-04-28', 100], ['2026-06-29', 106], ['2026-08-28', 112]])
    const emailed = await seedAccount(o.a, o.aToken, groups.eInvoice, person(3))
    seedReadings(o.a, emailed.meterId, [['2026-08-28', 40], ['2026-10-28', 49]])
    await acceptEInvoices(o.a, o.aToken, emailed.customerId, 'teresa.bielecka3@example.pl', '2026-01-02')
    expect((await o.a.sync.syncOnce()).errorCode).toBeNull()
    const { desk: b } = await o.join('K2')
    const before = Object.fromEntries(RUN_TABLES.map((t) => [t, rowsOf(b, t).length]))

    const run = await o.a.call('billing.run', { month: '2026-10' }, o.aToken)
    expect(run).toMatchObject({ status: 'done', issuedCount: 3 })
    expect(run.report).toMatchObject({ estimatedReadings: 1, paper: 2, emailed: 1 })
    // The run's rows have no audit entry each: the run has one.
    const a = o.a.services.db.readSql
    expect(a.prepare(`SELECT count(*) n FROM audit_log WHERE entity IN ('invoices', 'invoice_lines', 'invoice_readings', 'invoice_deliveries', 'mails')`).get()).toEqual({ n: 0 })

    expect((await o.a.sync.syncOnce()).errorCode).toBeNull()
    expect((await b.sync.syncOnce()).errorCode).toBeNull()
    for (const table of RUN_TABLES) {
      const onA = rowsOf(o.a, table)
      expect(onA.length, table).toBeGreaterThan(before[table])
      expect(rowsOf(b, table), table).toEqual(onA)
    }
    // The mail's PDF is in B's file store too (fetched through the hub), the invoice it was drawn for.
    const [mail] = rowsOf(b, 'mails') as { attachments: string; related_id: string }[]
    const [pdf] = JSON.parse(mail.attachments) as { sha256: string }[]
    const number = (a.prepare('SELECT number FROM invoices WHERE id = ?').get(mail.related_id) as { number: string }).number
    expect(nbsp(pdfText(readStoredFile(b.services.dataDir, pdf.sha256)))).toContain(`Faktura VAT nr ${number}`)
    const estimate = rowsOf(b, 'readings').filter((r) => (r as { kind: string }).kind === 'estimated')
    expect(estimate).toEqual([expect.objectContaining({ meter_id: estimated.meterId, read_on: '2026-10-31', source: 'rozliczenie' })])
    expect((await b.call('invoices.list', { billingRunId: run.id }, (await b.call('staff.login', { login: 'admin', password: 'Admin-haslo-2026' })).token)).map((i) => i.number).sort()).toEqual([
      'FW/K1/2026/000001',
      'FW/K1/2026/000002',
      'FW/K1/2026/000003',
    ])
  })
})
