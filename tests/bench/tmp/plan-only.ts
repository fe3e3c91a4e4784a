// Scratch (not committed): time loading + planning a month on the golden Zamość office, read-only.
import { benchClock, benchDesk } from '../lib/desk'
import { office } from '../lib/offices'
import { loadBillingMonth } from '../../../src-main/core/billing/load'
import { planContract } from '../../../src-main/core/billing/plan'

const o = await office('zamosc')
const bench = await benchDesk(o.dir, 'kierownik', benchClock('2027-01-04').now)
const db = bench.desk.services.db
for (let i = 0; i < 4; i++) {
  const t0 = performance.now()
  const loaded = loadBillingMonth(db.read, '2026-12')
  const t1 = performance.now()
  let n = 0, need = 0
  for (const l of loaded) { const p = planContract(l.input, () => 'x'); if (p.kind === 'bill') n++; if (p.kind === 'needs_history') need++ }
  const t2 = performance.now()
  console.log(`load ${(t1 - t0).toFixed(0)} ms, plan ${(t2 - t1).toFixed(0)} ms, ${loaded.length} contracts, ${n} bills, ${need} need history`)
}
bench.close()
