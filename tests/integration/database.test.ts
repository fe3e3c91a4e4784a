// The database guarantees an auditor relies on: STRICT tables, WAL and foreign keys, migrations
// at open, refusal of a newer database, all-or-nothing writes, a truthful audit log without
// secrets, and a gap-free change log for sync.
import { afterEach, describe, expect, it } from 'vitest'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { DatabaseTooNewError, openDatabase, shippedSchemaVersion, type ReadSql } from '../../src-main/db/database'
import { contracts, customers, settings, staff } from '../../src-main/db/schema'
import { DeskDb, newId, type RowChange, type WriteContext } from '../../src-main/db/write'
import { openDesk, DATABASE_FILE } from '../../src-main/desk/desk'
import { LOCK_FILE } from '../../src-main/platform/data-dir-lock'
import { findResourcesDir } from '../../src-main/platform/paths'
import { searchIndexHook } from '../../src-main/core/customers/search'
import { makeTestDesk, type TestDesk } from '../support/desk'
import { dbState } from '../support/db-state'
import { tamper } from '../support/tamper'
import { insertRegistration, insertTariffGroup } from '../support/rows'
import { ftsIntegrityCheck, searchIndexDrift } from '../support/search-index'

const MIGRATIONS = join(findResourcesDir(), 'migrations')
const SHIPPED = shippedSchemaVersion(MIGRATIONS)
const ctx: WriteContext = { staffId: null, stationCode: 'K1', operation: 'test.write' }

const cleanup: (() => void)[] = []
afterEach(() => {
  while (cleanup.length) cleanup.pop()!()
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ibok-db-'))
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

function testDesk(options: Parameters<typeof makeTestDesk>[0] = {}): TestDesk {
  const desk = makeTestDesk(options)
  cleanup.push(() => desk.dispose())
  return desk
}

const matches = (sqlite: ReadSql, words: string) =>
  (sqlite.prepare(`SELECT customer_id FROM customer_search WHERE customer_search MATCH ?`).all(`"${words}"`) as { customer_id: string }[]).map((r) => r.customer_id)

describe('schema', () => {
  it('makes every table STRICT (except SQLite’s, drizzle’s journal and the FTS index)', () => {
    const desk = testDesk()
    const tables = desk.services.db.readSql.prepare('PRAGMA table_list').all() as { schema: string; name: string; type: string; strict: number }[]
    const own = tables.filter((t) => t.schema === 'main' && t.type === 'table' && !t.name.startsWith('sqlite_') && t.name !== '__drizzle_migrations')
    expect(own.map((t) => t.name)).toEqual(expect.arrayContaining(['audit_log', 'change_log', 'customers', 'contracts', 'staff', 'settings']))
    expect(own.filter((t) => t.strict !== 1).map((t) => t.name)).toEqual([])
    // What was left out really is FTS machinery, not a forgotten table.
    const skipped = tables.filter((t) => t.schema === 'main' && !own.includes(t) && !t.name.startsWith('sqlite_') && t.name !== '__drizzle_migrations')
    expect(skipped.every((t) => t.type === 'virtual' || t.type === 'shadow'), JSON.stringify(skipped)).toBe(true)
  })

  it('opens in WAL mode with foreign keys enforced', () => {
    const desk = testDesk()
    const sqlite = desk.services.db.readSql
    expect(sqlite.prepare('PRAGMA journal_mode').pluck().get()).toBe('wal')
    expect(sqlite.prepare('PRAGMA foreign_keys').pluck().get()).toBe(1)
    // Enforced, not just switched on: a contract for a customer that does not exist is refused.
    const before = dbState(sqlite)
    expect(() =>
      desk.services.db.write(ctx, (tx) => {
        const group = insertTariffGroup(tx)
        const reg = insertRegistration(tx, 1, group)
        tx.insert(contracts, {
          id: newId(),
          contractNo: 'U/bez-klienta',
          customerId: newId(),
          supplyPointId: reg.supplyPointId,
          services: 'water',
          tariffGroupId: group,
          billingCycle: 'monthly',
          startDate: '2026-01-01',
          status: 'active',
          createdAt: tx.now,
          updatedAt: tx.now,
        })
      }),
    ).toThrow(/FOREIGN KEY/)
    expect(dbState(sqlite).hash).toBe(before.hash)
  })
})

describe('migrations', () => {
  it('applies every shipped migration at open and records the schema version', () => {
    const desk = testDesk()
    const { readSql: sqlite, schemaVersion } = desk.services.db
    expect(SHIPPED).toBeGreaterThan(0)
    expect(schemaVersion).toBe(SHIPPED)
    expect(sqlite.prepare('PRAGMA user_version').pluck().get()).toBe(SHIPPED)
    expect(sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get()).toEqual({ n: SHIPPED })
  })

  it('upgrades a database made by an older build, keeping its data', () => {
    // An "older build": the same migrations folder with only the first migration in its journal.
    const oldResources = join(tempDir(), 'migrations')
    cpSync(MIGRATIONS, oldResources, { recursive: true })
    const journalFile = join(oldResources, 'meta', '_journal.json')
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: unknown[] }
    journal.entries = journal.entries.slice(0, 1)
    writeFileSync(journalFile, JSON.stringify(journal))

    const dataDir = tempDir()
    const old = openDatabase(join(dataDir, DATABASE_FILE), oldResources)
    expect(old.sqlite.prepare('PRAGMA user_version').pluck().get()).toBe(1)
    old.sqlite.prepare(`INSERT INTO settings (id, value) VALUES ('office', '{"name":"Stare biuro"}')`).run()
    old.sqlite.close()

    const desk = openDesk({ dataDir, log: () => {} })
    cleanup.push(() => desk.close())
    const sqlite = desk.services.db.readSql
    expect(sqlite.prepare('PRAGMA user_version').pluck().get()).toBe(SHIPPED)
    expect(sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get()).toEqual({ n: SHIPPED })
    expect(desk.services.db.read.select().from(settings).where(eq(settings.id, 'office')).get()?.value).toContain('Stare biuro')
  })

  describe('a database from a newer version of the app', () => {
    // The data directory's lock file (data-dir-lock.ts) is the desk's, not the database.
    const fileBytes = (dir: string) =>
      Object.fromEntries(
        readdirSync(dir)
          .filter((f) => !f.startsWith(LOCK_FILE))
          .map((f) => [f, readFileSync(join(dir, f)).toString('base64')]),
      )

    for (const journalMode of ['wal', 'delete'] as const) {
      it(`is refused with a message to update the app, and left unchanged (${journalMode} journal)`, () => {
        const dataDir = tempDir()
        const file = join(dataDir, DATABASE_FILE)
        const made = openDatabase(file, MIGRATIONS)
        made.sqlite.prepare(`INSERT INTO settings (id, value) VALUES ('office', '{}')`).run()
        made.sqlite.pragma(`journal_mode = ${journalMode}`)
        made.sqlite.pragma(`user_version = ${SHIPPED + 1}`)
        made.sqlite.close()
        const before = fileBytes(dataDir)

        let error: unknown
        try {
          openDesk({ dataDir, log: () => {} }).close()
        } catch (err) {
          error = err
        }
        expect(error).toBeInstanceOf(DatabaseTooNewError)
        const tooNew = error as DatabaseTooNewError
        expect(tooNew.databaseVersion).toBe(SHIPPED + 1)
        expect(tooNew.appVersion).toBe(SHIPPED)
        expect(tooNew.message).toMatch(/nowszej wersji programu/)
        expect(tooNew.message).toMatch(/Zainstaluj aktualną wersję/)
        expect(fileBytes(dataDir)).toEqual(before)
      })
    }
  })
})

describe('the single write path', () => {
  it('rolls back rows, audit, change log and search index together when the work throws', () => {
    const desk = testDesk()
    const { db } = desk.services
    const committed: (readonly RowChange[])[] = []
    db.onCommit((changes) => committed.push(changes))
    const first = db.write(ctx, (tx) => insertRegistration(tx, 1, insertTariffGroup(tx)))
    expect(matches(db.readSql, 'kowalski1')).toEqual([first.customerId])
    const before = dbState(db.readSql)

    expect(() =>
      db.write(ctx, (tx) => {
        tx.update(customers, first.customerId, { lastName: 'Przemianowany' })
        insertRegistration(tx, 2, db.readSql.prepare('SELECT id FROM tariff_groups').pluck().get() as string)
        throw new Error('przerwane w połowie')
      }),
    ).toThrow('przerwane w połowie')

    const after = dbState(db.readSql)
    expect(after.counts).toEqual(before.counts)
    expect(after.hash).toBe(before.hash)
    expect(matches(db.readSql, 'przemianowany')).toEqual([])
    expect(matches(db.readSql, 'kowalski2')).toEqual([])
    expect(matches(db.readSql, 'kowalski1')).toEqual([first.customerId])
    expect(committed).toHaveLength(1) // listeners hear only about the write that committed
    expect(searchIndexDrift(db).actual).toEqual(searchIndexDrift(db).expected)
  })

  it('rolls everything back when a derived-index hook fails after the rows were written', () => {
    const file = join(tempDir(), DATABASE_FILE)
    const failing = () => {
      throw new Error('indeks niedostępny')
    }
    const db = new DeskDb(openDatabase(file, MIGRATIONS), [searchIndexHook, failing])
    cleanup.push(() => db.close())
    const before = dbState(db.readSql)
    expect(() => db.write(ctx, (tx) => insertRegistration(tx, 1, insertTariffGroup(tx)))).toThrow('indeks niedostępny')
    expect(dbState(db.readSql).hash).toBe(before.hash)
    expect(dbState(db.readSql).counts.customers).toBe(0)
    expect(dbState(db.readSql).counts.audit_log).toBe(0)
    expect(dbState(db.readSql).counts.change_log).toBe(0)
  })

  it('tunes the connection only for a series of bulk writes, and restores it even when the series fails', async () => {
    const file = join(tempDir(), DATABASE_FILE)
    const db = new DeskDb(openDatabase(file, MIGRATIONS), [searchIndexHook])
    cleanup.push(() => db.close())
    const settings = () => tamper(db, (raw) => [raw.pragma('cache_size', { simple: true }), raw.pragma('wal_autocheckpoint', { simple: true })])
    const before = settings()
    let during: unknown
    const group = db.write(ctx, (tx) => insertTariffGroup(tx))
    await db.bulkWrites(async () => {
      during = settings()
      db.write(ctx, (tx) => insertRegistration(tx, 1, group))
    })
    expect(during).not.toEqual(before)
    expect(settings()).toEqual(before)
    await expect(
      db.bulkWrites(async () => {
        db.write(ctx, (tx) => insertRegistration(tx, 2, group))
        throw new Error('przerwane')
      }),
    ).rejects.toThrow('przerwane')
    expect(settings()).toEqual(before)
    // What each write committed stays: the series is no transaction of its own.
    expect(dbState(db.readSql).counts.customers).toBe(2)
  })

  it('checkpoints the WAL from another thread during a series of bulk writes, and lets it restart between writes made back to back: reused, not grown', async () => {
    const file = join(tempDir(), DATABASE_FILE)
    const db = new DeskDb(openDatabase(file, MIGRATIONS), [searchIndexHook])
    cleanup.push(() => db.close())
    const walBytes = () => statSync(`${file}-wal`).size
    const chunk = 'x'.repeat(256 * 1024)
    let largestWal = 0
    await db.bulkWrites(
      async (between) => {
        // 48 commits of 1 MB, as a billing run's chunks, with nothing but between() in between: the
        // series' own connection does not checkpoint (it would only past ~1 GB), and without a
        // pause for the worker no transaction would start with the WAL copied back, so it would grow.
        for (let i = 0; i < 48; i++) {
          db.write(ctx, (tx) => {
            for (let k = 0; k < 4; k++) tx.note('test', `${i}/${k}`, { chunk })
          })
          largestWal = Math.max(largestWal, walBytes())
          await between()
        }
      },
      { walRestartPages: 2_000 },
    )
    // Grown by the whole series it would be 48 MB and more; the worker reports every 100 ms, so
    // the WAL runs some commits past the mark before it restarts.
    expect(largestWal).toBeLessThan(36 * 1024 * 1024)
    expect(dbState(db.readSql).counts.audit_log).toBe(48 * 4)
    expect(tamper(db, (raw) => raw.pragma('integrity_check', { simple: true }))).toBe('ok')
    // The worker's connection is closed: the desk's is the last one, so closing it removes the WAL.
    db.close()
    expect(existsSync(`${file}-wal`)).toBe(false)
  })

  it('audits an update with the whole row before and after, and logs only the changed fields for sync', () => {
    let now = Date.parse('2026-03-02T08:00:00.000Z')
    const desk = testDesk({ now: () => new Date(now) })
    const { db } = desk.services
    const staffId = newId()
    const reg = db.write(ctx, (tx) => insertRegistration(tx, 7, insertTariffGroup(tx)))
    const original = db.read.select().from(customers).where(eq(customers.id, reg.customerId)).get()!

    now += 60_000
    const who: WriteContext = { staffId, stationCode: 'K2', operation: 'customers.update' }
    db.write(who, (tx) => tx.update(customers, reg.customerId, { phone: '84 111 22 33', email: 'nowy@example.pl', lastName: original.lastName }))

    const audit = db.readSql.prepare(`SELECT * FROM audit_log WHERE entity = 'customers' AND entity_id = ? ORDER BY at`).all(reg.customerId) as Record<string, string | null>[]
    expect(audit).toHaveLength(2)
    const update = audit[1]
    expect(update).toMatchObject({ staff_id: staffId, station_code: 'K2', operation: 'customers.update', at: '2026-03-02T08:01:00.000Z' })
    expect(JSON.parse(update.before!)).toEqual(original)
    expect(JSON.parse(update.after!)).toEqual({ ...original, phone: '84 111 22 33', email: 'nowy@example.pl', updatedAt: '2026-03-02T08:01:00.000Z' })

    const change = db.readSql.prepare(`SELECT * FROM change_log WHERE entity = 'customers' AND entity_id = ? AND op = 'update'`).get(reg.customerId) as Record<string, string>
    expect(JSON.parse(change.fields)).toEqual({ phone: '84 111 22 33', email: 'nowy@example.pl', updatedAt: '2026-03-02T08:01:00.000Z' })

    // Saving the same values again is not a change: no audit entry, no sync entry.
    const counts = dbState(db.readSql).counts
    db.write(who, (tx) => tx.update(customers, reg.customerId, { phone: '84 111 22 33' }))
    expect(dbState(db.readSql).counts).toEqual(counts)
  })

  it('never writes a password hash into the audit log', () => {
    const desk = testDesk()
    const { db } = desk.services
    const hashes = ['scrypt$16384$8$1$c29sLXBpZXJ3c3pl$aGFzaC1waWVyd3N6ZS1zZWtyZXQ=', 'scrypt$16384$8$1$c29sLWRydWdp$aGFzaC1kcnVnaS1zZWtyZXQ=']
    const id = db.write(ctx, (tx) =>
      tx.insert(staff, { id: newId(), login: 'jan', fullName: 'Jan', role: 'clerk', passwordHash: hashes[0], createdAt: tx.now, updatedAt: tx.now }),
    ).id
    db.write(ctx, (tx) => tx.update(staff, id, { passwordHash: hashes[1], failedAttempts: 2 }))

    const audit = db.readSql.prepare(`SELECT before, after FROM audit_log WHERE entity_id = ?`).all(id) as { before: string | null; after: string | null }[]
    expect(audit).toHaveLength(2)
    const text = JSON.stringify(audit)
    for (const h of hashes) for (const part of h.split('$').slice(-2)) expect(text).not.toContain(part)
    // The auditor still sees that the password changed, and everything else as it was.
    expect(JSON.parse(audit[1].before!)).toMatchObject({ passwordHash: '[ukryte]', failedAttempts: 0 })
    expect(JSON.parse(audit[1].after!)).toMatchObject({ passwordHash: '[ukryte]', failedAttempts: 2, login: 'jan' })
  })

  it('numbers change-log entries without gaps and gives each a unique mutation id, also across failed writes', () => {
    const desk = testDesk()
    const { db } = desk.services
    const group = db.write(ctx, (tx) => insertTariffGroup(tx))
    for (let n = 1; n <= 12; n++) {
      try {
        db.write(ctx, (tx) => {
          const reg = insertRegistration(tx, n, group)
          if (n % 3 === 0) throw new Error('odrzucone')
          if (n % 4 === 0) tx.update(customers, reg.customerId, { phone: '84 000 00 00' })
        })
      } catch {
        // every third write fails on purpose
      }
    }
    const log = db.readSql.prepare('SELECT counter, mutation_id, hlc FROM change_log ORDER BY counter').all() as { counter: number; mutation_id: string; hlc: string }[]
    // 1 tariff group + 8 registrations × 3 rows + 2 updates (n = 4, 8).
    expect(log).toHaveLength(1 + 8 * 3 + 2)
    expect(log.map((e) => e.counter)).toEqual(log.map((_, i) => i + 1))
    expect(new Set(log.map((e) => e.mutation_id)).size).toBe(log.length)
    for (const e of log) expect(e.mutation_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    // Hybrid-clock stamps follow the same order as the counter.
    expect([...log.map((e) => e.hlc)].sort()).toEqual(log.map((e) => e.hlc))
    expect(new Set(log.map((e) => e.hlc)).size).toBe(log.length)
    // One audit entry for each logged change, no more, no less.
    expect(dbState(db.readSql).counts.audit_log).toBe(log.length)
    ftsIntegrityCheck(db)
  })
})
