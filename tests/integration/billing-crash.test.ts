// A billing run killed with SIGKILL half-way, on a real SQLite file (issue 16, defect 2): the run
// used to stay 'running' with issuedCount 0 for ever, and the invoices it had issued got no
// delivery at all — not e-mailed, not in a print batch — not even after the month was run again.
// Now the next start marks the run interrupted ("przerwane") with what it issued and delivers
// those invoices (e-mail with an acceptance, otherwise a print batch); running the month again
// issues the rest. Kept: whole invoices, gap-free numbers, no duplicates, each invoice delivered
// once, restarts idempotent.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { openDesk, type Desk } from '../../src-main/desk/desk'
import { ADMIN } from '../support/desk'
import { makeBillingDesk, startSmtp, type Smtp } from '../support/billing-office'
import { seedCrashOffice } from '../support/billing-crash-office'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CHILD = fileURLToPath(new URL('../support/billing-crash-child.ts', import.meta.url))
const NOW = new Date('2026-05-04T07:30:00Z')
const MONTH = '2026-04'
const HOUSEHOLDS = 800
const E_INVOICE_EVERY = 8 // 100 e-invoices: two mail chunks; 700 on paper
const CHILD_TIMEOUT = 240_000

let smtp: Smtp
let template: string
const dirs: string[] = []
const children: ChildProcess[] = []
const open: Desk[] = []

beforeAll(async () => {
  smtp = await startSmtp()
  const { desk, token } = await makeBillingDesk(() => NOW, smtp)
  await seedCrashOffice(desk, token, HOUSEHOLDS, E_INVOICE_EVERY)
  desk.close()
  template = desk.dir
}, CHILD_TIMEOUT)

afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGKILL')
      await once(c, 'close')
    }
  }
  for (const d of open.splice(0)) d.close()
})

afterAll(async () => {
  for (const d of [template, ...dirs]) if (d) rmSync(d, { recursive: true, force: true })
  await smtp?.close()
})

function copyOfOffice(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ibok-billing-crash-'))
  dirs.push(dir)
  cpSync(template, dir, { recursive: true })
  return dir
}

/** Runs the month in a child process and SIGKILLs it where it holds. */
function runAndKill(dataDir: string, mode: 'issuing' | 'delivering', at: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, MONTH, NOW.toISOString(), ADMIN.login, ADMIN.password, mode, String(at)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    children.push(child)
    let held = ''
    let stderr = ''
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('holding')) {
        held = line
        child.kill('SIGKILL')
      }
    })
    child.on('close', (code, signal) => (signal === 'SIGKILL' ? resolve(held) : reject(new Error(`billing child ended by itself (${code}): ${stderr}`))))
  })
}

function restart(dataDir: string): Desk {
  const desk = openDesk({ dataDir, now: () => NOW, mailSender: 'manual', log: (e) => console.error(e) })
  open.push(desk)
  return desk
}

const q = <T>(desk: Desk, sql: string, ...params: unknown[]) => desk.services.db.readSql.prepare(sql).all(...params) as T[]
const n = (desk: Desk, sql: string, ...params: unknown[]) => desk.services.db.readSql.prepare(sql).pluck().get(...params) as number

async function signIn(desk: Desk): Promise<string> {
  const r = await desk.dispatch('staff.login', { login: ADMIN.login, password: ADMIN.password }, null)
  if (!r.ok) throw new Error(r.error.message)
  return (r.value as { token: string }).token
}

/** What must hold of the office at any time: invoices whole, numbered without gaps, none twice, each delivered at most once. */
function expectConsistent(desk: Desk): void {
  const numbers = q<{ number: string }>(desk, "SELECT number FROM invoices WHERE number LIKE 'FW/K1/2026/%' ORDER BY number").map((r) => Number(r.number.slice(-6)))
  expect(numbers).toEqual(numbers.map((_, i) => i + 1))
  expect(q(desk, "SELECT contract_id FROM invoices WHERE kind = 'invoice' GROUP BY contract_id, period_from HAVING count(*) > 1")).toEqual([])
  expect(n(desk, 'SELECT count(*) FROM invoices i WHERE NOT EXISTS (SELECT 1 FROM invoice_lines l WHERE l.invoice_id = i.id)')).toBe(0)
  expect(q(desk, 'SELECT invoice_id FROM invoice_deliveries GROUP BY invoice_id HAVING count(*) > 1')).toEqual([])
  expect(q(desk, "SELECT related_id FROM mails WHERE related_entity = 'invoices' GROUP BY related_id HAVING count(*) > 1")).toEqual([])
}

/** Every issued invoice has its delivery: e-mail (with its queued mail) for the e-invoice customers, a print batch for the rest. */
function expectAllDelivered(desk: Desk, issued: number): void {
  expect(n(desk, 'SELECT count(*) FROM invoices')).toBe(issued)
  expect(n(desk, 'SELECT count(*) FROM invoices i WHERE NOT EXISTS (SELECT 1 FROM invoice_deliveries d WHERE d.invoice_id = i.id)')).toBe(0)
  const email = n(desk, "SELECT count(*) FROM invoice_deliveries d JOIN mails m ON m.id = d.mail_id WHERE d.channel = 'email'")
  const paper = n(desk, "SELECT count(*) FROM invoice_deliveries d JOIN print_batches b ON b.id = d.print_batch_id WHERE d.channel = 'paper'")
  expect(email + paper).toBe(issued)
  const eCustomers = n(
    desk,
    `SELECT count(*) FROM invoices i JOIN contracts c ON c.id = i.contract_id JOIN tariff_groups g ON g.id = c.tariff_group_id WHERE g.e_invoice = 1`,
  )
  expect(email).toBe(eCustomers)
}

describe('a billing run killed with SIGKILL', () => {
  it('while issuing (at 400 of 800): the next start says "przerwane" with the 400 issued and delivers them; the re-run issues the rest', async () => {
    const dataDir = copyOfOffice()
    expect(await runAndKill(dataDir, 'issuing', 400)).toBe('holding issuing 400')

    const desk = restart(dataDir)
    const token = await signIn(desk)
    // At once, before the deliveries: the run is no longer 'running' and counts what it issued.
    const runs = await desk.dispatch('billing.runs', { limit: 5 }, token)
    if (!runs.ok) throw new Error(runs.error.message)
    const [killed] = runs.value as { id: string; status: string; issuedCount: number; gross: number; error: string | null; finishedAt: string | null; printBatchId: string | null }[]
    expect(killed).toMatchObject({ status: 'failed', issuedCount: 400 })
    expect(killed.error).toMatch(/^Rozliczenie przerwane .*wystawiono 400 faktur/)
    expect(killed.error).toContain(`Uruchom rozliczenie za ${MONTH} ponownie`)
    expect(killed.finishedAt).not.toBeNull()
    expect(killed.gross).toBe(n(desk, 'SELECT sum(gross_total) FROM invoices WHERE billing_run_id = ?', killed.id))
    // The run's one audit entry (its rows have none each) is written when the start closes it.
    const audited = q<{ after: string }>(desk, "SELECT after FROM audit_log WHERE entity = 'billing_runs' AND entity_id = ? AND after LIKE '%billing_run_issued%'", killed.id)
    expect(audited.map((a) => JSON.parse(a.after))).toEqual([
      expect.objectContaining({ invoices: 400, firstNumber: 'FW/K1/2026/000001', lastNumber: 'FW/K1/2026/000400', gross: killed.gross }),
    ])

    await desk.recovered
    expectConsistent(desk)
    expectAllDelivered(desk, 400)
    // Its paper invoices are in one print batch, linked to the run.
    const batch = (await desk.dispatch('billing.getRun', { id: killed.id }, token)) as { ok: true; value: { printBatchId: string | null } }
    expect(batch.value.printBatchId).not.toBeNull()
    expect(n(desk, 'SELECT invoice_count FROM print_batches WHERE id = ?', batch.value.printBatchId)).toBe(n(desk, "SELECT count(*) FROM invoice_deliveries WHERE channel = 'paper'"))

    // Running the month again issues the other 400, without duplicates, and delivers them.
    const rerun = await desk.dispatch('billing.run', { month: MONTH }, token)
    if (!rerun.ok) throw new Error(rerun.error.message)
    expect(rerun.value).toMatchObject({ status: 'done', issuedCount: 400 })
    expect((rerun.value as { report: { alreadyInvoiced: number } }).report.alreadyInvoiced).toBe(400)
    expectConsistent(desk)
    expectAllDelivered(desk, 800)

    // Another restart finds nothing left to do: no new deliveries, print batches or mails.
    const before = [n(desk, 'SELECT count(*) FROM invoice_deliveries'), n(desk, 'SELECT count(*) FROM print_batches'), n(desk, 'SELECT count(*) FROM mails')]
    open.pop()!.close()
    const again = restart(dataDir)
    await again.recovered
    expect([n(again, 'SELECT count(*) FROM invoice_deliveries'), n(again, 'SELECT count(*) FROM print_batches'), n(again, 'SELECT count(*) FROM mails')]).toEqual(before)
    expectConsistent(again)
  }, CHILD_TIMEOUT)

  it('while delivering (paper done, 50 of 100 e-mails queued): the next start queues the other 50, each invoice once', async () => {
    const dataDir = copyOfOffice()
    const paper = HOUSEHOLDS - HOUSEHOLDS / E_INVOICE_EVERY
    expect(await runAndKill(dataDir, 'delivering', paper + 50)).toBe(`holding delivering ${paper + 50}`)

    const desk = restart(dataDir)
    const [run] = q<{ status: string; issued_count: number; error: string; print_batch_id: string | null }>(desk, 'SELECT status, issued_count, error, print_batch_id FROM billing_runs')
    expect(run).toMatchObject({ status: 'failed', issued_count: HOUSEHOLDS })
    expect(run.error).toMatch(/^Rozliczenie przerwane/)
    expect(run.print_batch_id).not.toBeNull() // the batch it had made before the kill

    await desk.recovered
    expectConsistent(desk)
    expectAllDelivered(desk, HOUSEHOLDS)
    expect(n(desk, 'SELECT count(*) FROM print_batches')).toBe(1)
    expect(n(desk, "SELECT count(*) FROM mails WHERE related_entity = 'invoices'")).toBe(HOUSEHOLDS / E_INVOICE_EVERY)
  }, CHILD_TIMEOUT)
})
