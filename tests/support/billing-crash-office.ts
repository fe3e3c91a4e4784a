// A billing office big enough to kill a run half-way: `count` households (bimonthly, paper or
// e-invoice group) written straight through DeskDb.write, each with a meter read in February and
// April 2026, and an e-invoice acceptance (through the API) for every `eInvoiceEvery`-th one.
import { meters, readings } from '../../src-main/db/schema'
import { newId } from '../../src-main/db/write'
import type { TestDesk } from './desk'
import { acceptEInvoices, seedCtx, seedTariffs } from './billing-office'
import { insertRegistration } from './rows'

export async function seedCrashOffice(desk: TestDesk, token: string, count: number, eInvoiceEvery: number): Promise<{ customerIds: string[] }> {
  const groups = await seedTariffs(desk, token)
  const customerIds: string[] = []
  desk.services.db.write(seedCtx, (tx) => {
    for (let n = 1; n <= count; n++) {
      const r = insertRegistration(tx, n, n % eInvoiceEvery === 0 ? groups.eInvoice : groups.paper)
      customerIds.push(r.customerId)
      const meterId = newId()
      tx.insert(meters, {
        id: meterId,
        serialNo: `ZM${String(70_000_000 + n)}`,
        supplyPointId: r.supplyPointId,
        kind: 'main',
        diameterMm: 15,
        installedOn: '2026-01-01',
        legalisationYear: 2025,
        sealNo: `PL${String(4_000_000 + n)}`,
        sealState: 'intact',
        state: 'active',
        createdAt: tx.now,
        updatedAt: tx.now,
      })
      for (const [readOn, valueM3, kind] of [
        ['2026-01-01', 0, 'installation'],
        ['2026-02-27', 10 + (n % 7), 'reader'],
        ['2026-04-28', 22 + (n % 11), 'reader'],
      ] as const) {
        tx.insert(readings, { id: newId(), meterId, readOn, valueM3, kind, source: null, note: null, createdBy: null, createdAt: tx.now })
      }
    }
  })
  for (let n = eInvoiceEvery; n <= count; n += eInvoiceEvery) {
    await acceptEInvoices(desk, token, customerIds[n - 1], `klient.${n}@example.pl`, '2026-01-10')
  }
  return { customerIds }
}
