// Backups an office can trust: each one is a valid database, old ones are pruned, one is taken
// daily, and a restore brings back exactly the backed-up state while keeping what it replaced.
import { afterEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { backupNow, listBackups, restoreBackup } from '../../src-main/platform/backups'
import { DATABASE_FILE, openDesk } from '../../src-main/desk/desk'
import { BACKUPS_KEPT } from '../../shared/domain/backups'
import { ADMIN, TEST_OFFICE } from '../support/desk'
import { insertRegistration, insertTariffGroup } from '../support/rows'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const HOUR = 3_600_000
const ctx = { staffId: null, stationCode: 'K1', operation: 'test.write' }

const cleanup: (() => void)[] = []
afterEach(() => {
  while (cleanup.length) cleanup.pop()!()
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ibok-backup-'))
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** A desk on its own data directory with a clock the test moves. */
async function deskWithClock(dataDir = tempDir(), start = '2026-03-02T08:00:00.000Z') {
  let t = Date.parse(start)
  const clock = { now: () => new Date(t), advance: (ms: number) => void (t += ms) }
  const desk = openDesk({ dataDir, now: clock.now, log: () => {} })
  let open = true
  const close = () => {
    if (open) desk.close()
    open = false
  }
  cleanup.push(close)
  const call = async (name: string, input: unknown, session: string | null = null) => {
    const r = await desk.dispatch(name, input, session)
    if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`)
    return r.value as any
  }
  return { desk, dataDir, clock, call, close, backupDir: join(dataDir, 'backups') }
}

async function setUpDesk() {
  const d = await deskWithClock()
  await d.call('system.setup', { office: TEST_OFFICE, admin: ADMIN })
  const token = (await d.call('staff.login', { login: ADMIN.login, password: ADMIN.password })).token as string
  return { ...d, token }
}

const customerNos = (file: string) => {
  const db = new Database(file, { readonly: true })
  try {
    return (db.prepare('SELECT customer_no FROM customers ORDER BY customer_no').pluck().all() as string[])
  } finally {
    db.close()
  }
}

describe('backupNow', () => {
  it('writes a complete, valid copy of the live database', async () => {
    const d = await setUpDesk()
    const { db } = d.desk.services
    db.write(ctx, (tx) => insertRegistration(tx, 1, insertTariffGroup(tx)))
    const info = await d.call('system.backupNow', {}, d.token)
    expect(info.createdAt).toBe('2026-03-02T08:00:00.000Z')
    expect(info.bytes).toBeGreaterThan(0)
    expect(existsSync(info.file)).toBe(true)

    const copy = new Database(info.file, { readonly: true })
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(copy.pragma('foreign_key_check')).toEqual([])
      expect(copy.pragma('user_version', { simple: true })).toBe(db.schemaVersion)
      for (const table of ['customers', 'supply_points', 'contracts', 'staff', 'settings', 'audit_log', 'change_log', 'customer_search']) {
        const count = (conn: Database.Database) => conn.prepare(`SELECT count(*) FROM ${table}`).pluck().get()
        expect(count(copy), table).toBe(count(db.sqlite))
      }
    } finally {
      copy.close()
    }
  })

  it(`keeps only the newest ${BACKUPS_KEPT} backups`, async () => {
    const d = await setUpDesk()
    const times: string[] = []
    for (let i = 0; i < BACKUPS_KEPT + 2; i++) {
      times.push(d.clock.now().toISOString())
      await d.call('system.backupNow', {}, d.token)
      d.clock.advance(60_000) // within the idle limit, so the admin's session stays open
    }
    const listed = (await d.call('system.listBackups', {}, d.token)) as { file: string; createdAt: string }[]
    expect(listed.map((b) => b.createdAt)).toEqual(times.slice(2).reverse())
    expect(readdirSync(d.backupDir).filter((f) => f.endsWith('.db'))).toHaveLength(BACKUPS_KEPT)
  })
})

describe('backupIfDue', () => {
  it('takes a backup only when the newest one is a day old', async () => {
    const d = await deskWithClock()
    await d.desk.backupIfDue()
    expect(listBackups(d.backupDir)).toHaveLength(1)

    d.clock.advance(24 * HOUR - 60_000)
    await d.desk.backupIfDue()
    expect(listBackups(d.backupDir)).toHaveLength(1)

    d.clock.advance(60_000)
    await d.desk.backupIfDue()
    expect(listBackups(d.backupDir).map((b) => b.createdAt)).toEqual(['2026-03-03T08:00:00.000Z', '2026-03-02T08:00:00.000Z'])
  })

  it('goes by when the backup was taken, not by the file’s modification time', async () => {
    const d = await deskWithClock()
    await d.desk.backupIfDue()
    // Copying the folder elsewhere (or an antivirus) changes mtimes; that is no backup.
    const [only] = listBackups(d.backupDir)
    utimesSync(only.file, new Date('2020-01-01'), new Date('2020-01-01'))
    d.clock.advance(HOUR)
    await d.desk.backupIfDue()
    expect(listBackups(d.backupDir)).toHaveLength(1)
  })
})

describe('restoreBackup', () => {
  it('brings back the backed-up state and keeps the replaced database beside it', async () => {
    const d = await deskWithClock()
    const { db } = d.desk.services
    const group = db.write(ctx, (tx) => insertTariffGroup(tx))
    db.write(ctx, (tx) => insertRegistration(tx, 1, group)) // A
    const backup = await backupNow(db, d.backupDir, 3, d.clock.now())
    db.write(ctx, (tx) => insertRegistration(tx, 2, group)) // B
    d.close()

    restoreBackup(backup.file, d.desk.databaseFile)

    const reopened = openDesk({ dataDir: d.dataDir, log: () => {} })
    try {
      const { sqlite } = reopened.services.db
      expect(sqlite.prepare('SELECT customer_no FROM customers').pluck().all()).toEqual(['K000001'])
      expect(sqlite.prepare(`SELECT count(*) FROM audit_log`).pluck().get()).toBe(4) // group + A's three rows
      expect(sqlite.prepare(`SELECT max(counter) FROM change_log`).pluck().get()).toBe(4)
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
    } finally {
      reopened.close()
    }
    expect(customerNos(`${d.desk.databaseFile}.before-restore`)).toEqual(['K000001', 'K000002'])
  })

  it('keeps, in the pre-restore copy, work a crashed desk left only in its WAL', async () => {
    const d = await deskWithClock()
    const { db } = d.desk.services
    const group = db.write(ctx, (tx) => insertTariffGroup(tx))
    db.write(ctx, (tx) => insertRegistration(tx, 1, group))
    const backup = await backupNow(db, d.backupDir, 3, d.clock.now())
    db.write(ctx, (tx) => insertRegistration(tx, 2, group))
    // The files as a desk killed at this moment leaves them: recent commits live in the -wal.
    const crashed = tempDir()
    for (const suffix of ['', '-wal', '-shm']) copyFileSync(d.desk.databaseFile + suffix, join(crashed, DATABASE_FILE + suffix))
    expect(readFileSync(join(crashed, `${DATABASE_FILE}-wal`)).length).toBeGreaterThan(0)

    restoreBackup(backup.file, join(crashed, DATABASE_FILE))
    expect(customerNos(join(crashed, `${DATABASE_FILE}.before-restore`))).toEqual(['K000001', 'K000002'])
    expect(customerNos(join(crashed, DATABASE_FILE))).toEqual(['K000001'])
  })

  describe('refuses a backup it cannot trust, with a clear message, leaving the live database alone', () => {
    const damaged: [string, (good: string, dir: string) => string, RegExp][] = [
      ['a missing file', (_good, dir) => join(dir, 'nie-ma.db'), /nie istnieje/],
      ['random bytes', (_good, dir) => write(dir, 'losowe.db', Buffer.alloc(8192, 0x5a)), /uszkodzona|nie jest bazą/],
      ['an empty file', (_good, dir) => write(dir, 'pusty.db', Buffer.alloc(0)), /nie jest kopią bazy ibok-desk/],
      ['a truncated copy', (good, dir) => write(dir, 'ucięta.db', readFileSync(good).subarray(0, 4096 * 3)), /uszkodzona/],
      ['a copy with overwritten pages', (good, dir) => write(dir, 'zepsuta.db', scribble(readFileSync(good))), /uszkodzona/],
      ['a copy whose index disagrees with its table', (good, dir) => indexMismatch(good, dir), /uszkodzona: .*missing from index/],
      ['another program’s database', (_good, dir) => otherDatabase(dir), /nie jest kopią bazy ibok-desk/],
      ['a backup from a newer version of the app', (good, dir) => newerBackup(good, dir), /nowszej wersji/],
    ]
    for (const [what, make, message] of damaged) {
      it(what, async () => {
        const d = await deskWithClock()
        const { db } = d.desk.services
        db.write(ctx, (tx) => insertRegistration(tx, 1, insertTariffGroup(tx)))
        const good = (await backupNow(db, d.backupDir, 3, d.clock.now())).file
        d.close()
        const bad = make(good, tempDir())
        const live = readFileSync(d.desk.databaseFile)

        expect(() => restoreBackup(bad, d.desk.databaseFile)).toThrow(message)
        try {
          restoreBackup(bad, d.desk.databaseFile)
        } catch (err) {
          expect((err as Error).message).toContain(basename(bad)) // says which file
          expect((err as Error).message).toMatch(/^Kopia /)
        }
        expect(readFileSync(d.desk.databaseFile).equals(live)).toBe(true)
        expect(existsSync(`${d.desk.databaseFile}.before-restore`)).toBe(false)
        expect(customerNos(d.desk.databaseFile)).toEqual(['K000001'])
      })
    }
  })
})

function write(dir: string, name: string, data: Buffer): string {
  writeFileSync(join(dir, name), data)
  return join(dir, name)
}

/** Overwrites the middle of every page after the first: b-tree pages no longer parse. */
function scribble(data: Buffer): Buffer {
  const copy = Buffer.from(data)
  const pageSize = copy.readUInt16BE(16) === 1 ? 65536 : copy.readUInt16BE(16)
  for (let page = 1; page * pageSize < copy.length; page++) copy.fill(0xff, page * pageSize + 8, page * pageSize + 64)
  return copy
}

/** Readable, but integrity_check reports it: the index on customer_no now claims another column. */
function indexMismatch(good: string, dir: string): string {
  const file = join(dir, 'indeks.db')
  copyFileSync(good, file)
  const db = new Database(file)
  db.unsafeMode(true)
  db.pragma('writable_schema = ON')
  db.prepare(`UPDATE sqlite_schema SET sql = 'CREATE UNIQUE INDEX customers_customer_no_unique ON customers (corr_city)' WHERE name = 'customers_customer_no_unique'`).run()
  db.pragma('writable_schema = OFF')
  db.close()
  return file
}

function otherDatabase(dir: string): string {
  const file = join(dir, 'inny-program.db')
  const db = new Database(file)
  db.exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('zakupy')`)
  db.close()
  return file
}

function newerBackup(good: string, dir: string): string {
  const file = join(dir, 'z-nowszej-wersji.db')
  copyFileSync(good, file)
  const db = new Database(file)
  db.pragma(`user_version = ${(db.pragma('user_version', { simple: true }) as number) + 1}`)
  db.close()
  return file
}

describe('the command line restore (browser mode: web --restore FILE --data-dir DIR)', () => {
  const webFromSource = ['--import', 'tsx', join(ROOT, 'src-main/server/web.ts')]
  const webBuilt = join(ROOT, 'out/main/web.js')

  async function prepared() {
    const d = await deskWithClock()
    const { db } = d.desk.services
    const group = db.write(ctx, (tx) => insertTariffGroup(tx))
    db.write(ctx, (tx) => insertRegistration(tx, 1, group))
    const backup = await backupNow(db, d.backupDir, 3, d.clock.now())
    db.write(ctx, (tx) => insertRegistration(tx, 2, group))
    d.close()
    return { d, backup: backup.file }
  }

  const run = (entry: string[], args: string[]) =>
    spawnSync(process.execPath, [...entry, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } })

  for (const [label, entry, available] of [
    ['from the sources', webFromSource, true],
    ['from the build (out/main/web.js)', [webBuilt], existsSync(webBuilt)],
  ] as const) {
    // The build exists only after `npm run build`; the source run covers the same code either way.
    it.skipIf(!available)(`restores and reports it, ${label}`, async () => {
      const { d, backup } = await prepared()
      const result = run([...entry], ['--restore', backup, '--data-dir', d.dataDir])
      expect(result.stderr).toBe('')
      expect(result.status).toBe(0)
      expect(result.stdout).toContain('Przywrócono bazę')
      expect(customerNos(d.desk.databaseFile)).toEqual(['K000001'])
      expect(customerNos(`${d.desk.databaseFile}.before-restore`)).toEqual(['K000001', 'K000002'])
    })

    it.skipIf(!available)(`refuses a damaged file with a message and no stack trace, ${label}`, async () => {
      const { d } = await prepared()
      const bad = write(tempDir(), 'zepsuta.db', Buffer.alloc(8192, 0x5a))
      const live = readFileSync(d.desk.databaseFile)
      const result = run([...entry], ['--restore', bad, '--data-dir', d.dataDir])
      expect(result.status).not.toBe(0)
      expect(result.stderr).toMatch(/Kopia zepsuta\.db/)
      expect(result.stderr).not.toMatch(/\n\s+at /)
      expect(readFileSync(d.desk.databaseFile).equals(live)).toBe(true)
    })
  }
})
