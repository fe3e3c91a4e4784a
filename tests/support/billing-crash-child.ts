// Child process of billing-crash.test.ts (run with `node --import tsx`): opens the desk in the
// given data directory and runs the billing for a month. When the run reaches the given point —
// `issuing N`: N invoices committed; `delivering N`: N invoices delivered — it prints "holding"
// and waits for the parent's SIGKILL. Otherwise it prints "finished <status>".
import { openDesk } from '../../src-main/desk/desk'
import { createBillingService } from '../../src-main/core/billing/service'

const [dataDir, month, nowIso, login, password, mode = 'none', atArg = '0'] = process.argv.slice(2)
const at = Number(atArg)
const desk = openDesk({ dataDir, now: () => new Date(nowIso), mailSender: 'manual', log: (e) => console.error(e) })
const signedIn = await desk.dispatch('staff.login', { login, password }, null)
if (!signedIn.ok) throw new Error(signedIn.error.message)
const session = desk.services.sessions.find((signedIn.value as { token: string }).token, 60)!
const billing = createBillingService(desk.services)
const sleeper = new Int32Array(new SharedArrayBuffer(4))
billing.onProgress((p) => {
  const reached = (mode === 'issuing' && p.phase === 'issuing' && p.issued >= at) || (mode === 'delivering' && p.phase === 'delivering' && p.done >= at)
  if (!reached) return
  process.stdout.write(`holding ${p.phase} ${p.phase === 'issuing' ? p.issued : p.done}\n`)
  Atomics.wait(sleeper, 0, 0, 120_000) // killed long before this ends
})
const run = await billing.run(session, { month })
process.stdout.write(`finished ${run.status} ${run.issuedCount}\n`)
desk.close()
