// Opening the customer card (CustomerDetailView.vue): one request, `customers.card`, through the
// real dispatcher, for customers with ten years of history on the golden Zamość office — a
// different customer each run. Signed in as the supervisor (kierownik), who sees every section,
// the change history and audit included.
//
// Beside it, for the same customers in the same run (the order alternating, so neither goes first
// into a cold cache every time):
// - card.open.12-requests: the card as it opened before issue 19 — the twelve requests its
//   sections made, one after another as the desk served them (the renderer fired them together,
//   the desk answers on one thread: the time until the last answer is their sum);
// - the anchor: the twelve sections' own queries called bare, one after another — the handlers
//   without validation, sessions or transport — so card ÷ anchor is what the one request costs
//   over the section queries themselves (below 1: the shared lookups it runs once save more
//   than its one dispatch costs).
import type { InputOf, OperationName } from '../../shared/api/contract'
import { CARD_PAGES } from '../../shared/api/operations/customers'
import { cardSectionTimes } from '../../src-main/core/card/queries'
import type { CallContext, Handler } from '../../src-main/desk/dispatcher'
import { createHandlers } from '../../src-main/desk/handlers'
import { benchDesk } from './lib/desk'
import { defineBench } from './lib/bench'
import { BENCH_TODAY, office, warmPageCache } from './lib/offices'
import { anchor, quantile, sampleFigure } from './lib/report'

const RUNS = 220
const WARMUP = 5

/** What the card asked for on opening before issue 19, per the components that watched the customer id. */
function twelveRequests(customerId: string): { [N in OperationName]?: InputOf<N> } {
  return {
    'customers.get': { id: customerId }, // CustomerDetailView → customers.openCard
    'audit.forEntity': { entity: 'customers', entityId: customerId }, // supervisor: customers.loadAudit
    'customers.history': { id: customerId }, // supervisor: CustomerFieldHistory
    'meters.forCustomer': { customerId }, // CustomerMetersSection → meters.loadCustomer
    'meters.replacements': { customerId }, // … together with the protocols
    'readings.analysis': { customerId, supplyPointId: null, months: CARD_PAGES.analysisMonths }, // ConsumptionSection
    'invoices.list': { customerId, limit: CARD_PAGES.invoices }, // CustomerInvoicesSection
    'payments.settlement': { customerId }, // CustomerSettlementSection
    'consents.overview': { customerId }, // CustomerConsentsSection, CustomerIbokBadges
    'registration.account': { customerId }, // CustomerPortalSection, CustomerIbokBadges
    'mail.list': { customerId, limit: CARD_PAGES.mail, offset: 0 }, // CustomerMailSection
    'cases.search': { customerId, limit: CARD_PAGES.cases, offset: 0 }, // CustomerCasesSection
  }
}

const timed = (into: Map<string, number[]>, name: string, ms: number) => {
  const list = into.get(name) ?? []
  list.push(ms)
  into.set(name, list)
}

function printBreakdown(title: string, times: Map<string, number[]>): void {
  console.error(`  ${title}`)
  const rows = [...times].map(([name, s]) => ({ name, sorted: [...s].sort((a, b) => a - b) })).sort((a, b) => quantile(b.sorted, 0.95) - quantile(a.sorted, 0.95))
  for (const { name, sorted } of rows) console.error(`    ${name.padEnd(22)} median ${quantile(sorted, 0.5).toFixed(2)} ms  p95 ${quantile(sorted, 0.95).toFixed(2)} ms  max ${sorted.at(-1)!.toFixed(1)} ms`)
}

export default defineBench({
  name: 'card',
  title: 'opening the customer card in one request (customers.card), customers with 10 years of history',
  async run() {
    const o = await office('zamosc')
    warmPageCache(o)
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

      // The bare section queries: the same handlers the dispatcher calls, called directly.
      const handlers = createHandlers(bench.desk.services)
      const call: CallContext = { session: null, source: 'bench', write: { staffId: null, stationCode: 'S1', operation: 'bench' } }
      const bare = async (customerId: string, perSection: Map<string, number[]> | null) => {
        for (const [name, input] of Object.entries(twelveRequests(customerId))) {
          const started = performance.now()
          await (handlers[name as OperationName] as Handler<OperationName>)(input as never, call)
          if (perSection) timed(perSection, name, performance.now() - started)
        }
      }
      const twelve = async (customerId: string, perRequest: Map<string, number[]> | null) => {
        for (const [name, input] of Object.entries(twelveRequests(customerId))) {
          const started = performance.now()
          await bench.call(name as OperationName, input as never)
          if (perRequest) timed(perRequest, name, performance.now() - started)
        }
      }
      const one = (customerId: string) => bench.call('customers.card', { id: customerId })

      for (let i = 0; i < WARMUP; i++) {
        await one(customerOf(RUNS + i))
        await twelve(customerOf(RUNS + i), null)
        await bare(customerOf(RUNS + i), null)
      }
      const samples = { one: [] as number[], twelve: [] as number[], bare: [] as number[] }
      const perRequest = new Map<string, number[]>()
      const perBareSection = new Map<string, number[]>()
      const perCardSection = new Map<string, number[]>()
      const steps = [
        async (id: string) => {
          const started = performance.now()
          await cardSectionTimes((section, ms) => timed(perCardSection, section, ms), () => one(id))
          samples.one.push(performance.now() - started)
        },
        async (id: string) => {
          const started = performance.now()
          await twelve(id, perRequest)
          samples.twelve.push(performance.now() - started)
        },
        async (id: string) => {
          const started = performance.now()
          await bare(id, perBareSection)
          samples.bare.push(performance.now() - started)
        },
      ]
      for (let i = 0; i < RUNS; i++) {
        // Rotate which goes first: the first to read a customer pays for the cold pages.
        for (let k = 0; k < steps.length; k++) await steps[(i + k) % steps.length](customerOf(i))
      }
      sampleFigure('card.open', samples.one)
      sampleFigure('card.open.12-requests', samples.twelve)
      const sortedBare = [...samples.bare].sort((a, b) => a - b)
      anchor('card.open.p95', quantile(sortedBare, 0.95), 'ms', sortedBare.length)
      printBreakdown('customers.card, per section (timed inside the one request):', perCardSection)
      printBreakdown('the twelve requests of before, each through the dispatcher:', perRequest)
      printBreakdown('anchor: the section queries bare, each alone:', perBareSection)
    } finally {
      bench.close()
    }
  },
})
