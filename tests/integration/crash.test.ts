// kill -9 in the middle of writes: a child process loops write transactions through the one
// write path; the parent kills it at different moments, reopens the database and checks that
// it is intact and that every transaction is there whole or not at all — rows, audit entries,
// change log and search index alike. The same database lives through every crash in turn.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { openDesk } from '../../src-main/desk/desk'
import { insertRegistration } from '../support/rows'
import { ftsIntegrityCheck, searchIndexDrift } from '../support/search-index'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const WRITER = fileURLToPath(new URL('../support/crash-writer.ts', import.meta.url))
const DOMAIN_TABLES = ['tariff_groups', 'customers', 'supply_points', 'contracts']

let dataDir: string
const children: ChildProcess[] = []

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ibok-crash-'))
})
// A test that failed midway must not leave its writer holding the database for the next one.
afterEach(async () => {
  const alive = children.splice(0).filter((c) => c.exitCode === null && c.signalCode === null)
  for (const child of alive) child.kill('SIGKILL')
  await Promise.all(alive.map((c) => new Promise((resolve) => c.once('close', resolve))))
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

// Child processes start slowly on a busy machine; nothing here measures speed.
const CHILD_TIMEOUT = 180_000

interface Killed {
  /** The last transaction the child reported as committed. */
  lastReported: number
  /** The transaction it was inside when killed ("hold" mode), if any. */
  heldAt: number | null
  signal: NodeJS.Signals | null
}

/** Starts the writer and SIGKILLs it as soon as `killWhen` says so for a line it printed. */
function runAndKill(args: string[], killWhen: (line: string) => boolean): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    children.push(child)
    let lastReported = 0
    let heldAt: number | null = null
    let stderr = ''
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const [word, num] = line.split(' ')
      if (word === 'committed') lastReported = Number(num)
      if (word === 'holding') heldAt = Number(num)
      if (child.signalCode === null && killWhen(line)) child.kill('SIGKILL')
    })
    child.on('error', reject)
    // 'close', not 'exit': only then has every line the child printed before dying been read.
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer ended by itself (code ${code}): ${stderr}`))
      else resolve({ lastReported, heldAt, signal })
    })
  })
}

/** Reopens the database the way the app does and checks everything a crash could have broken. */
function verify(expectCommitted: (committed: number) => void): number {
  const desk = openDesk({ dataDir, log: () => {} })
  try {
    const { sqlite, orm } = desk.services.db
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(sqlite.pragma('foreign_key_check')).toEqual([])
    ftsIntegrityCheck(sqlite)

    const customers = sqlite.prepare('SELECT id, customer_no FROM customers ORDER BY customer_no').all() as { id: string; customer_no: string }[]
    const committed = customers.length
    expectCommitted(committed)
    // Transactions committed in order, each whole: numbers 1..N, no holes, no half registrations.
    expect(customers.map((c) => c.customer_no)).toEqual(customers.map((_, i) => `K${String(i + 1).padStart(6, '0')}`))
    const whole = sqlite
      .prepare(
        `SELECT count(*) FROM contracts k
         JOIN customers c ON c.id = k.customer_id
         JOIN supply_points p ON p.id = k.supply_point_id
         WHERE k.contract_no = 'U/' || CAST(substr(c.customer_no, 2) AS INTEGER) AND p.house_no = CAST(CAST(substr(c.customer_no, 2) AS INTEGER) AS TEXT)`,
      )
      .pluck()
      .get()
    expect(whole).toBe(committed)
    for (const t of ['supply_points', 'contracts']) expect(sqlite.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(committed)

    // Each row has exactly one audit entry and one change-log entry, and no entry lacks its row.
    let rows = 0
    for (const table of DOMAIN_TABLES) {
      rows += sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
      for (const log of ['audit_log', 'change_log']) {
        const wrong = sqlite
          .prepare(
            `SELECT r.id, (SELECT count(*) FROM ${log} l WHERE l.entity = '${table}' AND l.entity_id = r.id) AS n
             FROM ${table} r WHERE n != 1`,
          )
          .all()
        expect(wrong, `${table} rows without exactly one ${log} entry`).toEqual([])
      }
    }
    expect(sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(rows)
    expect(sqlite.prepare('SELECT count(*) FROM change_log').pluck().get()).toBe(rows)
    // The sync outbox counts 1..M without a gap.
    expect(sqlite.prepare('SELECT min(counter) AS lo, max(counter) AS hi, count(*) AS n FROM change_log').get()).toEqual({ lo: 1, hi: rows, n: rows })

    // The search index is exactly what the committed rows say, customer by customer.
    const drift = searchIndexDrift(sqlite, orm)
    expect(drift.actual).toHaveLength(committed)
    expect(drift.actual).toEqual(drift.expected)
    return committed
  } finally {
    desk.close()
  }
}

describe('a desk killed with SIGKILL while writing', () => {
  // Different moments: right after the first commit, a few in, and after enough commits for
  // automatic WAL checkpoints to run (a kill may land during one).
  for (const target of [1, 40, 400]) {
    it(`keeps every committed transaction whole (killed after commit ${target}+)`, async () => {
      let start = 0
      const killed = await runAndKill([], (line) => {
        if (line.startsWith('ready')) start = Number(line.split(' ')[1])
        return line.startsWith('committed') && Number(line.split(' ')[1]) >= start + target
      })
      expect(killed.signal).toBe('SIGKILL')
      verify((committed) => {
        // Every reported commit survived; at most the one in flight committed unreported.
        expect(committed).toBeGreaterThanOrEqual(killed.lastReported)
        expect(committed).toBeLessThanOrEqual(killed.lastReported + 1)
      })
    }, CHILD_TIMEOUT)
  }

  it('loses the whole transaction it was inside, even with its pages already in the WAL', async () => {
    const before = verify(() => {})
    const holdAt = before + 5
    const killed = await runAndKill(['hold', String(holdAt)], (line) => line === `holding ${holdAt}`)
    expect(killed.heldAt).toBe(holdAt)
    expect(killed.lastReported).toBe(holdAt - 1)
    verify((committed) => expect(committed).toBe(holdAt - 1))
  }, CHILD_TIMEOUT)

  it('is usable again after the crashes: the next write continues the numbering', () => {
    const before = verify(() => {})
    const desk = openDesk({ dataDir, log: () => {} })
    try {
      const { db } = desk.services
      const group = db.sqlite.prepare('SELECT id FROM tariff_groups').pluck().get() as string
      const maxCounter = db.sqlite.prepare('SELECT max(counter) FROM change_log').pluck().get() as number
      db.write({ staffId: null, stationCode: 'K1', operation: 'crash.after' }, (tx) => insertRegistration(tx, before + 1, group))
      expect(db.sqlite.prepare('SELECT counter FROM change_log WHERE counter > ? ORDER BY counter').pluck().all(maxCounter)).toEqual([
        maxCounter + 1,
        maxCounter + 2,
        maxCounter + 3,
      ])
    } finally {
      desk.close()
    }
    verify((committed) => expect(committed).toBe(before + 1))
  })
})
