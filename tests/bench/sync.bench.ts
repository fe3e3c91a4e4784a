// Sync figures (issue 10): a new desk joining the Zamość office from the hub's snapshot, and
// push/pull of 10,000 changes. Everything goes through the real pieces: the hub is its own
// process (src-main/hub/main.ts, SQLite store in a scratch dir) seeded from the golden
// office with --seed-from (read-only), desks talk HTTP on loopback, the new desk joins through
// system.joinOffice, changes are made through DeskDb.write and pushed/pulled by DeskSync.
//
//   sync.snapshot.zamosc     s from system.joinOffice until the desk holds the whole Zamość office
//                            (n = rows, ~11 M). The hub is seeded once per office and hub code (about
//                            3 minutes at load 3–5, far longer under heavy load), kept under .bench/hubs
//                            and copied per run: later runs take about 2.5 minutes. BENCH_SYNC_TENTH=1
//                            joins a tenth of Zamość with its 10 years instead (sync.snapshot.zamosc-tenth).
//                            The desk joins from the hub's ready file (its replica, made at --seed-from
//                            and copied when the hub starts); BENCH_SYNC_ROWS=1 joins from row pages.
//                            The breakdown (download, log after the file, identity + search index, swap)
//                            goes to stderr.
//   sync.snapshot.rows-per-s rows/s of that
//   anchor of the join: SQLite's backup API copying the same office file (the floor of a first sync)
//   sync.push.10k            changes/s: the joined desk pushes 10,000 queued customer edits
//   sync.pull.10k            changes/s: the office's first desk (a working copy) pulls and applies them
//
// Progress and a breakdown of the join (waiting for the hub vs loading) go to stderr.
import Database from 'better-sqlite3'
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { gzipSync } from 'node:zlib'
import { openDesk, DATABASE_FILE, type Desk } from '../../src-main/desk/desk'
import { httpTransport, type HubTransport } from '../../src-main/platform/hub-client/transport'
import { customers } from '../../src-main/db/schema'
import { syncedEntityFields } from '../../src-main/db/tables'
import { Hub } from '../../src-main/hub/hub'
import { openSqliteHubStore } from '../../src-main/hub/storage'
import { defineBench } from './lib/bench'
import { office, scratchDir, workingCopy, type Office } from './lib/offices'
import { anchor, figure } from './lib/report'

const root = resolve(import.meta.dirname, '../..')
const CHANGES = 10_000
const log = (line: string) => console.error(`  ${line}`)

/**
 * Runs the hub's command line (main.ts through tsx); resolves with its stdout lines once it exits
 * or prints `until`; `line(re)` waits for a later line.
 */
export function hubCommand(args: string[], until?: RegExp): { child: ChildProcess; output: Promise<string[]>; line(re: RegExp): Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src-main/hub/main.ts'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
  const lines: string[] = []
  const waiting: Array<{ re: RegExp; done: (line: string) => void }> = []
  const output = new Promise<string[]>((done, fail) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line)
      for (const w of waiting.filter((w) => w.re.test(line))) {
        waiting.splice(waiting.indexOf(w), 1)
        w.done(line)
      }
      if (until?.test(line)) done(lines)
    })
    child.on('exit', (code) => (code === 0 ? done(lines) : fail(new Error(`hub ${args.join(' ')} exited with ${code}`))))
  })
  const line = (re: RegExp) => {
    const seen = lines.find((l) => re.test(l))
    return seen !== undefined ? Promise.resolve(seen) : new Promise<string>((done) => waiting.push({ re, done }))
  }
  return { child, output, line }
}

export async function addDesk(hubDir: string, deskId: string): Promise<string> {
  const lines = await hubCommand(['--data-dir', hubDir, '--add-desk', deskId, '--name', `Okienko ${deskId}`]).output
  const token = lines.join('\n').match(/token (\S+)/)?.[1]
  if (!token) throw new Error(`no token for ${deskId}: ${lines.join('\n')}`)
  return token
}

/**
 * A hub seeded from `golden` (--seed-from: its row store and its replica) with desks K1 and K2, in
 * `hubDir`. Seeding the row store of the whole office takes 25 minutes under load, so a seeded hub is
 * kept under .bench/hubs, keyed by the office and the hub's code (as the offices are), and copied for
 * each run (the run changes it: desks push into it). Delete .bench/hubs to seed anew.
 */
async function seededHub(golden: Office, hubDir: string): Promise<{ tokenK1: string; tokenK2: string; seededRows: number }> {
  const key = createHash('sha256')
  const code = [join(root, 'src-main/hub'), join(root, 'src-main/db'), join(root, 'resources/migrations'), join(root, 'shared/sync')]
  for (const dir of code.filter(existsSync)) {
    for (const e of readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort()) key.update(relative(root, e)).update(readFileSync(e))
  }
  const cached = join(root, '.bench/hubs', `${basename(golden.dir)}-${key.digest('hex').slice(0, 12)}`)
  const marker = join(cached, 'seeded.json')
  if (!existsSync(marker)) {
    rmSync(cached, { recursive: true, force: true })
    const started = performance.now()
    const seedLines = await hubCommand(['--data-dir', cached, '--seed-from', join(golden.dir, DATABASE_FILE)]).output
    log(`hub seeded in ${((performance.now() - started) / 1000).toFixed(1)} s (kept in ${relative(root, cached)}): ${seedLines.join(' ')}`)
    const seededRows = Number(seedLines.join(' ').match(/wczytany: (\d+) rekordów/)?.[1] ?? 0)
    const seeded = { tokenK1: await addDesk(cached, 'K1'), tokenK2: await addDesk(cached, 'K2'), seededRows }
    writeFileSync(marker, JSON.stringify(seeded))
  } else log(`hub: the seeded copy in ${relative(root, cached)}`)
  const started = performance.now()
  cpSync(cached, hubDir, { recursive: true, filter: (source) => source !== marker })
  log(`hub copied in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return JSON.parse(readFileSync(marker, 'utf8')) as { tokenK1: string; tokenK2: string; seededRows: number }
}

const withoutFile = (t: HubTransport): HubTransport => (process.env.BENCH_SYNC_ROWS ? { ...t, downloadReplica: undefined } : t)

/** A transport that notes when each kind of request is first made (to split a round into its phases). */
function watched(inner: HubTransport) {
  const first = { push: 0, pull: 0 }
  const snapshot = { calls: 0, rows: 0, waitMs: 0 }
  const transport: HubTransport = {
    ...inner,
    push: (req) => ((first.push ||= performance.now()), inner.push(req)),
    pull: (cursor, limit) => ((first.pull ||= performance.now()), inner.pull(cursor, limit)),
    snapshot: async (cursor, after) => {
      const started = performance.now()
      const page = await inner.snapshot(cursor, after)
      snapshot.calls++
      snapshot.rows += page.rows.length
      snapshot.waitMs += performance.now() - started
      return page
    },
  }
  return { transport, first, snapshot, reset: () => Object.assign(first, { push: 0, pull: 0 }) }
}

export default defineBench({
  name: 'sync',
  title: 'sync: a new desk joins the Zamość office (BENCH_SYNC_TENTH=1: a tenth of it) from the hub\'s ready file; push and pull of 10,000 changes',
  async run() {
    const size = process.env.BENCH_SYNC_TENTH ? 'zamosc-tenth' : 'zamosc'
    const golden = await office(size)
    const scratch = scratchDir('sync')
    const hubDir = join(scratch, 'hub')
    const disposers: Array<() => void> = []
    let hub: ChildProcess | null = null
    try {
      // The hub takes the office's bulk-loaded data as its starting state (not timed: done once per office and hub code).
      const { tokenK1, tokenK2, seededRows } = await seededHub(golden, hubDir)
      let started: number
      const server = hubCommand(['--data-dir', hubDir, '--port', '0'], /^ibok-hub: /)
      hub = server.child
      const url = (await server.output).join('\n').match(/ibok-hub: (http:\/\/\S+)/)![1]
      // The hub makes the copy it hands out when it starts (not part of a join; its time is printed).
      if (!process.env.BENCH_SYNC_ROWS) log(`hub: ${await server.line(/gotowy do wydania/)}`)

      // The joining desk: an empty data directory, the real first-start path (system.joinOffice).
      // BENCH_SYNC_ROWS=1: the join from row pages (as before issue 19), for a before/after on one machine.
      const joining = watched(withoutFile(httpTransport(url, tokenK2, 120_000)))
      const k2: Desk = openDesk({ dataDir: join(scratch, 'k2'), mailSender: 'manual', syncTransport: () => joining.transport })
      disposers.push(() => k2.close())
      started = performance.now()
      const elu = performance.eventLoopUtilization()
      const joined = await k2.dispatch('system.joinOffice', { stationCode: 'K2', stationName: 'Okienko 2', hubUrl: url, deskToken: tokenK2 }, null)
      const joinMs = performance.now() - started
      // The desk's own work (parse, insert, indexes) keeps its event loop busy; idle is waiting for the hub.
      const busy = performance.eventLoopUtilization(elu)
      if (!joined.ok) throw new Error(`join failed: ${joined.error.message}`)
      const how = k2.sync.lastJoin
      const rows = how?.via === 'file' ? seededRows : joining.snapshot.rows
      const customerCount = (k2.services.db.readSql.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n
      if (customerCount !== golden.counts.customers) throw new Error(`joined desk has ${customerCount} customers, the office ${golden.counts.customers}`)
      if (how?.via === 'file') {
        const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`
        log(
          `joined from the hub's file: ${(how.bytes / 2 ** 20).toFixed(0)} MiB as of seq ${how.seq} in ${sec(joinMs)}: download + SHA-256 ${sec(how.ms.download)}, ` +
            `log after it ${sec(how.ms.catchUp)} (${how.pulled} changes), identity + search index ${sec(how.ms.prepare)}, swap (rename, or the backup-API copy when the WAL is held) ${sec(how.ms.swap)}, ` +
            `then the first round ${sec(joinMs - how.ms.download - how.ms.catchUp - how.ms.prepare - how.ms.swap)}`,
        )
      } else {
        log(
          `joined: ${rows} rows in ${(joinMs / 1000).toFixed(1)} s, ${joining.snapshot.calls} pages; the desk busy ${(busy.active / 1000).toFixed(1)} s, ` +
            `waiting for the hub ${(busy.idle / 1000).toFixed(1)} s (sum of page requests ${(joining.snapshot.waitMs / 1000).toFixed(1)} s, overlapping the loading)`,
        )
      }
      figure(`sync.snapshot.${size}`, joinMs / 1000, 's', rows)
      figure('sync.snapshot.rows-per-s', rows / (joinMs / 1000), 'rows/s', rows)
      // Anchor (issue 19): SQLite's backup API copying the same office file, the physical floor of a first sync.
      const source = new Database(join(golden.dir, DATABASE_FILE), { readonly: true, fileMustExist: true })
      try {
        started = performance.now()
        await source.backup(join(scratch, 'backup-anchor.db'))
        const anchorS = (performance.now() - started) / 1000
        anchor(`sync.snapshot.${size}`, anchorS, 's', rows)
        log(`the join took ${(joinMs / 1000 / anchorS).toFixed(1)}× its anchor (${anchorS.toFixed(1)} s)`)
      } finally {
        source.close()
      }

      // The office's first desk (a working copy of the golden one) catches up with the hub first,
      // so that its timed round below pulls exactly the 10,000 changes.
      const copy = await workingCopy(size, 'sync-k1')
      disposers.push(() => copy.dispose())
      const pulling = watched(httpTransport(url, tokenK1, 120_000))
      const k1: Desk = openDesk({ dataDir: copy.dir, mailSender: 'manual', syncTransport: () => pulling.transport })
      disposers.unshift(() => k1.close())
      const first = await k1.sync.syncOnce()
      if (first.errorCode) throw new Error(`first desk: ${first.error}`)

      // 10,000 customer edits on the joined desk, through the write path (audit + change log).
      const ids = (k2.services.db.readSql.prepare('SELECT id FROM customers ORDER BY customer_no LIMIT ?').all(CHANGES) as { id: string }[]).map((r) => r.id)
      const edits = Array.from({ length: CHANGES }, (_, i) => ({ id: ids[i % ids.length], phone: `600 ${String(Math.floor(i / 1000)).padStart(3, '0')} ${String(i % 1000).padStart(3, '0')}` }))
      for (let i = 0; i < edits.length; i += 100) {
        k2.services.db.write({ staffId: null, stationCode: 'K2', operation: 'bench.sync' }, (tx) => {
          for (const e of edits.slice(i, i + 100)) tx.update(customers, e.id, { phone: e.phone })
        })
      }
      const queued = k2.sync.pendingCount()

      joining.reset()
      started = performance.now()
      const pushed = await k2.sync.syncOnce()
      if (pushed.errorCode) throw new Error(`push: ${pushed.error}`)
      // The round pushes, then pulls its own entries back: the push ends where the first pull starts.
      const pushMs = (joining.first.pull || performance.now()) - started
      log(`pushed ${pushed.pushed} of ${queued} queued in ${(pushMs / 1000).toFixed(2)} s (the whole round, with pulling them back: ${((performance.now() - started) / 1000).toFixed(2)} s)`)
      figure('sync.push.10k', pushed.pushed / (pushMs / 1000), 'changes/s', pushed.pushed)

      started = performance.now()
      const pulled = await k1.sync.syncOnce()
      const pullMs = performance.now() - started
      if (pulled.errorCode) throw new Error(`pull: ${pulled.error}`)
      const last = edits.at(-1)!
      const arrived = (k1.services.db.readSql.prepare('SELECT phone FROM customers WHERE id = ?').get(last.id) as { phone: string }).phone
      if (arrived !== edits.findLast((e) => e.id === last.id)!.phone) throw new Error(`the last edit did not arrive: ${arrived}`)
      log(`pulled and applied ${pulled.pulled} in ${(pullMs / 1000).toFixed(2)} s`)
      figure('sync.pull.10k', pulled.pulled / (pullMs / 1000), 'changes/s', pulled.pulled)

      if (process.env.SYNC_BENCH_BREAKDOWN) await hubReadBreakdown(join(hubDir, 'hub.db'), k2.services.db.schemaVersion)
    } finally {
      hub?.kill('SIGTERM')
      for (const dispose of disposers) dispose()
      // scratchDir() is under the bench tmp dir; the hub's store is ~the office's size.
      rmSync(scratch, { recursive: true, force: true })
    }
  },
})


/** SYNC_BENCH_BREAKDOWN=1: the hub's share of a join — reading and encoding every page, and compressing it. */
async function hubReadBreakdown(file: string, schemaVersion: number): Promise<void> {
  const store = openSqliteHubStore(file)
  try {
    const hub = await Hub.open(store, { entityFields: syncedEntityFields, schemaVersion })
    let readMs = 0
    let gzipMs = 0
    let bytes = 0
    let compressed = 0
    let after: string | null = null
    for (;;) {
      let started = performance.now()
      const json = await hub.snapshotJson(0, after)
      readMs += performance.now() - started
      started = performance.now()
      const buffer = Buffer.from(json)
      compressed += gzipSync(buffer, { level: 1 }).length
      gzipMs += performance.now() - started
      bytes += buffer.length
      const page = JSON.parse(json) as { done: boolean; next: string | null }
      if (page.done || !page.next) break
      after = page.next
    }
    log(`hub side: reading + encoding ${(readMs / 1000).toFixed(1)} s, gzip ${(gzipMs / 1000).toFixed(1)} s; ${(bytes / 2 ** 20).toFixed(0)} MiB JSON, ${(compressed / 2 ** 20).toFixed(0)} MiB on the wire`)
  } finally {
    await store.close()
  }
}
