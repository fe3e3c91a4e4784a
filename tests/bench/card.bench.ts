// Opening the customer card (CustomerDetailView.vue) at the service level: every operation the
// card and its sections request when it opens, through the real dispatcher, for customers with
// ten years of history on the golden Zamość office — a different customer each run. Signed in as
// the supervisor (kierownik), who sees every section, the change history and audit included.
// The renderer fires these requests together; the desk answers them one after another on one
// thread, so the figure is the time until the last answer: the sum of the requests.
import type { InputOf, OperationName } from '../../shared/api/contract'
import { benchDesk, type BenchDesk } from './lib/desk'
import { defineBench } from './lib/bench'
import { BENCH_TODAY, office } from './lib/offices'
import { quantile, sampleFigure } from './lib/report'

const RUNS = 220
const WARMUP = 5

/** What the card asks for on opening, per the components that watch the customer id with `immediate`. */
function cardRequests(customerId: string): { [N in OperationName]?: InputOf<N> } {
  return {
    'customers.get': { id: customerId }, // CustomerDetailView → customers.openCard
    'audit.forEntity': { entity: 'customers', entityId: customerId }, // supervisor: customers.loadAudit
    'customers.history': { id: customerId }, // supervisor: CustomerFieldHistory
    'meters.forCustomer': { customerId }, // CustomerMetersSection → meters.loadCustomer
    'meters.replacements': { customerId }, // … together with the protocols
    'readings.analysis': { customerId, supplyPointId: null, months: 24 }, // ConsumptionSection
    'invoices.list': { customerId, limit: 200 }, // CustomerInvoicesSection
    'payments.settlement': { customerId }, // CustomerSettlementSection
    'consents.overview': { customerId }, // CustomerConsentsSection, CustomerIbokBadges
    'registration.account': { customerId }, // CustomerPortalSection, CustomerIbokBadges
    'mail.list': { customerId, limit: 50 }, // CustomerMailSection
    'cases.search': { customerId, limit: 50 }, // CustomerCasesSection (CASES_PAGE)
  }
}

/** One card: the requests in turn (as the desk serves them), each timed for the breakdown. */
async function openCard(bench: BenchDesk, customerId: string, perOperation: Map<string, number[]>): Promise<void> {
  for (const [name, input] of Object.entries(cardRequests(customerId))) {
    const started = performance.now()
    await bench.call(name as OperationName, input as never)
    const list = perOperation.get(name) ?? []
    list.push(performance.now() - started)
    perOperation.set(name, list)
  }
}

export default defineBench({
  name: 'card',
  title: 'opening the customer card: every request of the card screen, customers with 10 years of history',
  async run() {
    const o = await office('zamosc')
    const bench = await benchDesk(o.dir, 'kierownik')
    try {
      // Customers with a contract since the demo's first year and one still active today.
      const tenYearsAgo = `${Number(BENCH_TODAY.slice(0, 4)) - 10}-12-31`
      const ids = (
        bench.desk.services.db.readSql
          .prepare(
            `SELECT customer_id id FROM contracts GROUP BY customer_id
             HAVING min(start_date) <= ? AND max(status = 'active') = 1 ORDER BY min(contract_no)`,
          )
          .all(tenYearsAgo) as { id: string }[]
      ).map((r) => r.id)
      if (ids.length < RUNS + WARMUP) console.error(`  only ${ids.length} customers with 10 years of history: some are opened twice`)
      // Spread over the whole register, not the first few hundred numbers.
      const step = Math.max(1, Math.floor(ids.length / (RUNS + WARMUP)))
      const customerOf = (i: number) => ids[(i * step) % ids.length]

      const perOperation = new Map<string, number[]>()
      for (let i = 0; i < WARMUP; i++) await openCard(bench, customerOf(RUNS + i), new Map())
      const samples: number[] = []
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now()
        await openCard(bench, customerOf(i), perOperation)
        samples.push(performance.now() - started)
      }
      sampleFigure('card.open', samples)
      const rows = [...perOperation].map(([name, s]) => ({ name, sorted: [...s].sort((a, b) => a - b) })).sort((a, b) => quantile(b.sorted, 0.95) - quantile(a.sorted, 0.95))
      for (const { name, sorted } of rows) console.error(`  ${name.padEnd(22)} median ${quantile(sorted, 0.5).toFixed(2)} ms  p95 ${quantile(sorted, 0.95).toFixed(2)} ms  max ${sorted.at(-1)!.toFixed(1)} ms`)
    } finally {
      bench.close()
    }
  },
})
