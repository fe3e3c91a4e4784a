// The run-time half of "nothing outside src-main/db writes" (issue 20): under the tests' write guard
// (IBOK_WRITE_GUARD=1, tests/support/vitest-setup.ts) the desk's connection is query_only outside
// DeskDb's own transactions, so a write through the read handles fails, while
// reads inside a write see its rows. And the side doors the issue named are closed: joining an
// office and configuring sync leave audit entries written in the same transaction as the
// settings, and the sync loop's bookkeeping runs inside DeskDb transactions (audited where it
// changes what the desk sends). The sweep of every operation with query_only on is
// no-500-sweep.test.ts (a stray write would answer STORAGE there). The static half:
// tests/unit/write-path-lint.test.ts.
import { afterEach, describe, expect, it } from 'vitest'
import type Database from 'better-sqlite3'
import { eq } from 'drizzle-orm'
import type { Orm } from '../../src-main/db/database'
import { customers, settings, syncState } from '../../src-main/db/schema'
import type { WriteContext } from '../../src-main/db/write'
import { makeSetUpDesk, type TestDesk } from '../support/desk'
import { joinInput, makeOffice, type Office } from '../support/sync'

const ctx: WriteContext = { staffId: null, stationCode: 'K1', operation: 'test.write' }
const cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

async function setUpDesk(): Promise<{ desk: TestDesk; token: string }> {
  const made = await makeSetUpDesk()
  cleanup.push(() => made.desk.dispose())
  return made
}

async function office(): Promise<Office> {
  const o = await makeOffice()
  cleanup.push(() => o.dispose())
  return o
}

const person = { kind: 'person' as const, firstName: 'Ewa', lastName: 'Nowak', email: null, phone: null, correspondenceAddress: { street: 'Grecka', houseNo: '5', postalCode: '22-400', city: 'Zamość' } }

/** The handles as a careless module would misuse them: cast back to the driver's full types. */
const rawOrm = (d: TestDesk) => d.services.db.read as unknown as Orm
const rawSql = (d: TestDesk) => d.services.db.readSql as unknown as Database.Database
const auditOf = (d: TestDesk, where: string) =>
  d.services.db.readSql.prepare<[], { operation: string; entity: string; before: string | null; after: string | null }>(`SELECT operation, entity, before, after FROM audit_log WHERE ${where} ORDER BY rowid`).all()

describe('writes outside DeskDb are refused at run time', () => {
  it('through the read handles: SQLITE_READONLY, and nothing changes', async () => {
    const { desk } = await setUpDesk()
    const attempts = [
      () => rawOrm(desk).insert(settings).values({ id: 'stray', value: '1' }).run(),
      () => rawOrm(desk).update(syncState).set({ cursor: 99 }).where(eq(syncState.id, 1)).run(),
      () => rawSql(desk).prepare("DELETE FROM settings WHERE id = 'office'").run(),
      () => rawSql(desk).exec("UPDATE staff SET role = 'admin'"),
    ]
    for (const attempt of attempts) expect(attempt).toThrow(expect.objectContaining({ code: 'SQLITE_READONLY' }))
    expect(desk.services.db.read.select().from(settings).where(eq(settings.id, 'stray')).get()).toBeUndefined()
    expect(desk.services.db.read.select().from(syncState).get()!.cursor).toBe(0)
  })

  it('inside DeskDb.write the transaction reads its own rows; afterwards (committed or rolled back) the connection is read-only again', async () => {
    const { desk } = await setUpDesk()
    const db = desk.services.db
    const seen = db.write(ctx, (tx) => {
      tx.insert(settings, { id: 'probe', value: 'a' })
      return tx.read.select().from(settings).where(eq(settings.id, 'probe')).get()?.value
    })
    expect(seen).toBe('a')
    expect(() => rawSql(desk).prepare("UPDATE settings SET value = 'b' WHERE id = 'probe'").run()).toThrow(expect.objectContaining({ code: 'SQLITE_READONLY' }))
    expect(() =>
      db.write(ctx, (tx) => {
        tx.update(settings, 'probe', { value: 'c' })
        throw new Error('crash mid-way')
      }),
    ).toThrow('crash mid-way')
    expect(db.readSql.prepare('PRAGMA query_only').pluck().get()).toBe(1)
    expect(() => rawSql(desk).prepare("UPDATE settings SET value = 'd' WHERE id = 'probe'").run()).toThrow(expect.objectContaining({ code: 'SQLITE_READONLY' }))
    expect(db.read.select().from(settings).where(eq(settings.id, 'probe')).get()?.value).toBe('a')
  })

  it('ordinary work runs with the connection read-only between writes', async () => {
    const { desk, token } = await setUpDesk()
    const c = await desk.call('customers.create', person, token)
    await desk.call('customers.update', { id: c.id, data: { ...person, phone: '600 100 200' } }, token)
    await desk.call('staff.lock', {}, token)
    await desk.call('staff.unlock', { password: 'Admin-haslo-2026' }, token)
    await desk.call('sync.configure', { hubUrl: 'https://hub.example.pl:5190', deskToken: 'token-stanowiska-0123456789abcdef0123' }, token)
    expect(desk.services.db.read.select().from(customers).where(eq(customers.id, c.id)).get()?.phone).toBe('600 100 200')
    expect(desk.services.db.readSql.prepare('PRAGMA query_only').pluck().get()).toBe(1)
  })
})

describe('the side doors of issue 20 are closed', () => {
  it('joining an office leaves an audit entry for the hub address (never the token), committed with it', async () => {
    const o = await office()
    const { desk } = await o.join('K2')
    const entries = auditOf(desk, "operation = 'system.joinOffice'")
    const hub = entries.findLast((e) => e.entity === 'sync_state')
    expect(hub, 'the hub address is audited').toBeDefined()
    expect(JSON.parse(hub!.after!)).toMatchObject({ hubUrl: joinInput('K2').hubUrl, deskToken: '[ukryte]' })
    expect(entries.map((e) => `${e.before} ${e.after}`).join(' ')).not.toContain(joinInput('K2').deskToken)
    expect(entries.some((e) => e.entity === 'settings'), 'the station row is audited').toBe(true)
  })

  it('configuring sync writes the hub address and its audit entry in one transaction: a failure leaves neither', async () => {
    const { desk, token } = await setUpDesk()
    const db = desk.services.db
    const write = db.write.bind(db)
    // The audited part of configure fails after its rows (a crash, a full disk …).
    db.write = ((c: WriteContext, fn: Parameters<typeof write>[1]) =>
      write(c, (tx) => {
        const result = fn(tx)
        if (c.operation === 'sync.configure') throw new Error('crash mid-way')
        return result
      })) as typeof db.write
    const answer = await desk.dispatch('sync.configure', { hubUrl: 'https://hub.example.pl:5190', deskToken: 'token-stanowiska-0123456789abcdef0123' }, token)
    expect(answer.ok).toBe(false)
    db.write = write
    expect(db.read.select().from(syncState).get()).toMatchObject({ hubUrl: null, deskToken: null })
    expect(auditOf(desk, "operation = 'sync.configure'")).toEqual([])
  })

  it('configuring sync is audited with the address, the token hidden', async () => {
    const { desk, token } = await setUpDesk()
    await desk.call('sync.configure', { hubUrl: 'https://hub.example.pl:5190', deskToken: 'token-stanowiska-0123456789abcdef0123' }, token)
    const audit = auditOf(desk, "operation = 'sync.configure' AND entity = 'sync_state'")
    expect(audit).toHaveLength(1)
    expect(JSON.parse(audit[0].after!)).toMatchObject({ hubUrl: 'https://hub.example.pl:5190', deskToken: '[ukryte]' })
  })

  it('the sync loop keeps its bookkeeping inside DeskDb: after a hub restore the resent changes are requeued in one audited step', async () => {
    const o = await office()
    const c = await o.a.call('customers.create', person, o.aToken)
    expect((await o.a.sync.syncOnce()).error).toBeNull()
    await o.backupHub()
    await o.a.call('customers.update', { id: c.id, data: { ...person, phone: '600 100 200' } }, o.aToken)
    expect((await o.a.sync.syncOnce()).error).toBeNull()
    await o.restoreHub()
    for (let i = 0; i < 2; i++) expect((await o.a.sync.syncOnce()).error).toBeNull()
    const requeued = auditOf(o.a, "entity = 'change_log'")
    expect(requeued.length, 'the requeue is audited').toBeGreaterThan(0)
    expect(requeued.every((e) => e.operation === 'sync.round')).toBe(true)
    expect(o.a.services.db.readSql.prepare('SELECT count(*) FROM change_log WHERE pushed_seq IS NULL').pluck().get()).toBe(0)
  })
})
