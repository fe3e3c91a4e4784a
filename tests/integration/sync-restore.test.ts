// Resets, hub restores, restored and replaced desks, interrupted joins: the office events of
// issue 14 part B, each on real desks that hold append-only facts (consent events refuse deletes).
import { afterEach, describe, expect, it } from 'vitest'
import { restoreBackup } from '../../src-main/platform/backups'
import { queueMail } from '../../src-main/core/mail/outbox'
import { consentEvents, customers, mails, syncState } from '../../src-main/db/schema'
import { eq } from 'drizzle-orm'
import { createSyncService } from '../../src-main/core/sync/service'
import { newId } from '../../src-main/db/write'
import { formatHlc } from '../../shared/domain/hlc'
import { PROTOCOL_VERSION } from '../../shared/sync/protocol'
import type { TestDesk } from '../support/desk'
import { ADMIN, makeSetUpDesk, makeTestDesk } from '../support/desk'
import { joinInput, makeOffice, type Office } from '../support/sync'
import { HubUnreachable, type HubTransport } from '../../src-main/platform/hub-client/transport'
import { loopbackSettings, startSmtp } from '../support/smtp'
import { seedAccount, seedReadings, seedTariffs } from '../support/billing-office'
import { tamper } from '../support/tamper'

const cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

async function office(options: { replica?: boolean } = {}): Promise<Office> {
  const o = await makeOffice(options)
  cleanup.push(() => o.dispose())
  return o
}

const person = (n: number) => ({
  kind: 'person' as const,
  firstName: 'Michał',
  lastName: `Kozłowski${n}`,
  email: `michal${n}@example.pl`,
  phone: '600 000 001',
  correspondenceAddress: { street: 'Grecka', houseNo: String(n), postalCode: '22-400', city: 'Zamość' },
})

/** An append-only fact (a consent event): its table refuses DELETE and UPDATE. */
function addFact(desk: TestDesk, station: string, customerId: string): string {
  const id = newId()
  desk.services.db.write({ staffId: null, stationCode: station, operation: 'test.fact' }, (tx) =>
    tx.insert(consentEvents, {
      id, documentNo: `ZG/${station}/${id.slice(-8)}`, customerId, type: 'sms', action: 'accept', phone: '600000001',
      signedOn: '2026-11-25', effectiveOn: '2026-11-25', registeredAt: tx.now, channel: 'paper', stationCode: station,
      workstation: station, signerKind: 'customer',
    }),
  )
  return id
}

const factIds = (desk: TestDesk) => (desk.services.db.readSql.prepare('SELECT id FROM consent_events ORDER BY id').all() as { id: string }[]).map((r) => r.id)

describe('reset from the snapshot on a desk holding facts', () => {
  it('replaces the local state whatever the append-only triggers, keeps unsent changes and sends them', async () => {
    const o = await office()
    const c = await o.a.call('customers.create', person(1), o.aToken)
    const f1 = addFact(o.a, 'K1', c.id)
    expect((await o.a.sync.syncOnce()).errorCode).toBeNull()
    const { desk: b, token: bToken } = await o.join('K2')
    expect(factIds(b)).toEqual([f1])
    // B works offline: a fact and a new customer wait in its outbox.
    o.network.state.set('K2', 'down')
    const f2 = addFact(b, 'K2', c.id)
    const c2 = await b.call('customers.create', person(2), bToken)
    o.network.state.set('K2', 'up')
    const status = await b.call('sync.resetFromSnapshot', {}, bToken)
    expect(status.lastError).toBeNull()
    expect(status.queued).toBe(0)
    await o.a.sync.syncOnce()
    expect(factIds(o.a)).toEqual([f1, f2].sort())
    expect(factIds(b)).toEqual([f1, f2].sort())
    expect((await o.a.call('customers.get', { id: c2.id }, o.aToken)).customer.customerNo).toBe('K2-000001')
  })

  it('after a hub restore (--new-epoch) desks with facts resend what the hub lost and converge', async () => {
    const o = await office()
    const c = await o.a.call('customers.create', person(1), o.aToken)
    addFact(o.a, 'K1', c.id)
    await o.a.sync.syncOnce()
    const { desk: b } = await o.join('K2')
    await o.backupHub()
    // Acknowledged by the hub after its backup: lost by the restore.
    const lostA = addFact(o.a, 'K1', c.id)
    const lostB = addFact(b, 'K2', c.id)
    expect((await o.a.sync.syncOnce()).errorCode).toBeNull()
    expect((await b.sync.syncOnce()).errorCode).toBeNull()
    await o.a.sync.syncOnce()
    expect(factIds(o.a)).toContain(lostB)
    await o.restoreHub()
    for (let i = 0; i < 3; i++) for (const d of [o.a, b]) expect((await d.sync.syncOnce()).error).toBeNull()
    const hubFacts = (await o.hubStore().query<{ entity_id: string }>("SELECT entity_id FROM entities WHERE entity = 'consent_events' ORDER BY entity_id")).map((r) => r.entity_id)
    expect(hubFacts).toContain(lostA)
    expect(hubFacts).toContain(lostB)
    expect(factIds(o.a)).toEqual(hubFacts)
    expect(factIds(b)).toEqual(hubFacts)
  })
})

describe('reset from the snapshot on a desk with hub changes set aside', () => {
  it('drops what was set aside before the reset: the snapshot already holds the office state, an old change never overwrites it', async () => {
    const o = await office()
    const c = await o.a.call('customers.create', person(1), o.aToken)
    await o.a.sync.syncOnce()
    const { desk: b } = await o.join('K2')
    const setPhone = (phone: string) => o.a.services.db.write({ staffId: null, stationCode: 'K1', operation: 'test.edit' }, (tx) => tx.update(customers, c.id, { phone }))
    setPhone('600000002')
    await o.a.sync.syncOnce()
    // B could not store that change when it came (set aside, retried every round) …
    const entry = (await o.hub.pull(0)).entries.find((e) => e.entity === 'customers' && e.entityId === c.id && e.op === 'update')!
    tamper(b.services.db, (raw) => raw.prepare('INSERT INTO sync_quarantine (seq, entry, error, at) VALUES (?, ?, ?, ?)').run(entry.seq, JSON.stringify(entry), 'customers: test', new Date().toISOString()))
    // … the office moved on, and B is reset from the snapshot.
    setPhone('600000003')
    await o.a.sync.syncOnce()
    const status = await b.call('sync.resetFromSnapshot', {}, (await b.call('staff.login', { login: 'admin', password: 'Admin-haslo-2026' })).token)
    expect(status).toMatchObject({ quarantined: 0, lastError: null })
    await b.sync.syncOnce()
    expect(b.services.db.read.select().from(customers).where(eq(customers.id, c.id)).get()!.phone).toBe('600000003')
    expect(createSyncService(b.services).status()).toMatchObject({ phase: 'online', quarantined: 0 })
  })
})

describe('sync.resetFromSnapshot never answers 500', () => {
  it('without a hub configured: a code and a Polish sentence', async () => {
    const { desk, token } = await makeSetUpDesk({ mailSender: 'manual' })
    cleanup.push(() => desk.dispose())
    const res = await desk.dispatch('sync.resetFromSnapshot', {}, token)
    expect(res.ok).toBe(false)
    if (res.ok) return
    expect(res.status).not.toBe(500)
    expect(res.error.code).toBe('CONFLICT')
    expect(res.error.message).toMatch(/synchronizacja nie jest skonfigurowana/)
  })

  it('with the hub unreachable: a code and a Polish sentence, the desk keeps its data', async () => {
    const o = await office()
    await o.a.call('customers.create', person(1), o.aToken)
    await o.a.sync.syncOnce()
    o.network.state.set('K1', 'down')
    const res = await o.a.dispatch('sync.resetFromSnapshot', {}, o.aToken)
    expect(res.ok).toBe(false)
    if (res.ok) return
    expect(res.status).not.toBe(500)
    expect(res.error.message).toMatch(/^Nie udało się wczytać danych od nowa z serwera synchronizacji.*: sieć niedostępna/)
    expect((await o.a.call('customers.search', { query: 'kozlowski1', limit: 5 }, o.aToken)).length).toBe(1)
  })
})

/** A mail queued on `desk` (sent by that desk's sender only). */
const queueTestMail = (desk: TestDesk, station: string, to: string) =>
  desk.services.db.write({ staffId: null, stationCode: station, operation: 'test.queue' }, (tx) =>
    queueMail(desk.services, tx, { kind: 'other', to, subject: 'Potwierdzenie', text: 'Treść' }, null),
  )

async function officeWithMail() {
  const o = await office()
  const smtp = await startSmtp()
  cleanup.push(() => smtp.close())
  await o.a.call('mail.updateSettings', loopbackSettings(smtp.port), o.aToken)
  await o.a.sync.syncOnce()
  const { desk: b, token: bToken } = await o.join('K2')
  // Tests plug the hub in directly; a real desk has its address saved, which is what marks it as synced.
  tamper(b.services.db, (_raw, orm) => orm.update(syncState).set({ hubUrl: 'http://hub.test:5190', deskToken: 'test' }).run())
  return { o, smtp, b, bToken }
}

const loginOn = async (desk: TestDesk) => (await desk.call('staff.login', { login: ADMIN.login, password: ADMIN.password })).token

describe('station identity survives restores and new hardware', () => {
  it('a desk restored from its own older backup continues from where the hub says: no number reused, no mail twice', async () => {
    const { o, smtp, b, bToken } = await officeWithMail()
    const c1 = await b.call('customers.create', person(1), bToken)
    const mail = queueTestMail(b, 'K2', 'jan.nowak@example.pl')
    expect((await b.sync.syncOnce()).errorCode).toBeNull()
    const backup = await b.call('system.backupNow', {}, bToken)
    // After the backup: a number issued, the mail sent, both acknowledged by the hub.
    const c2 = await b.call('customers.create', person(2), bToken)
    expect((await b.services.mail.runOnce()).sent).toBe(1)
    expect((await b.sync.syncOnce()).errorCode).toBeNull()
    expect(smtp.received).toHaveLength(1)
    // The PC's disk is replaced; the backup goes back (ibok-desk --restore).
    b.close()
    restoreBackup(backup.file, b.databaseFile)
    const r = makeTestDesk({ dataDir: b.dir, syncTransport: o.transportOf('K2'), mailSender: 'manual' })
    cleanup.push(() => r.close())
    const rToken = await loginOn(r)
    // Before the hub has told it where it stands: no new number and no mail.
    expect((await r.services.mail.runOnce()).sent).toBe(0)
    await expect(r.call('customers.create', person(3), rToken)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/kopii/) })
    const status = await r.call('sync.syncNow', {}, rToken)
    expect(status.lastError).toBeNull()
    expect((await r.services.mail.runOnce()).sent).toBe(0)
    expect(smtp.received.map((m) => m.messageId)).toEqual([mail.messageId])
    const c3 = await r.call('customers.create', person(3), rToken)
    expect([c1.customerNo, c2.customerNo, c3.customerNo]).toEqual(['K2-000001', 'K2-000002', 'K2-000003'])
    const after = await r.call('sync.syncNow', {}, rToken)
    expect(after).toMatchObject({ lastError: null, queued: 0 })
    await o.a.sync.syncOnce()
    expect((await o.a.call('customers.get', { id: c3.id }, o.aToken)).customer.customerNo).toBe('K2-000003')
  })

  it('the hub never moves a station\'s number series back (an older copy of the station pushing its old counter)', async () => {
    const { o, b, bToken } = await officeWithMail()
    await b.call('customers.create', person(1), bToken)
    await b.call('customers.create', person(2), bToken)
    expect((await b.sync.syncOnce()).errorCode).toBeNull()
    const series = b.services.db.readSql.prepare("SELECT id, next_value AS nextValue FROM number_series WHERE kind = 'customer'").get() as { id: string; nextValue: number }
    expect(series.nextValue).toBe(3)
    const hello = await o.hub.hello('K2', { protocol: PROTOCOL_VERSION, schemaVersion: b.services.db.schemaVersion, deskId: 'K2' })
    const res = await o.hub.push('K2', {
      protocol: PROTOCOL_VERSION, schemaVersion: b.services.db.schemaVersion, deskId: 'K2',
      mutations: [{ mutationId: newId(), counter: hello.lastCounter + 1, hlc: formatHlc(Date.now(), 0, 'K2'), entity: 'number_series', entityId: series.id, op: 'update', fields: { nextValue: 2 }, baseSeq: null }],
    })
    expect(res.error).toBeUndefined()
    const [row] = await o.hubStore().query<{ data: string }>("SELECT data FROM entities WHERE entity = 'number_series' AND entity_id = ?", [series.id])
    expect(JSON.parse(row.data).nextValue).toBe(3)
    await b.sync.syncOnce()
    expect((await b.call('customers.create', person(3), bToken)).customerNo).toBe('K2-000003')
  })

  it('a replacement PC joined under the same station code continues the counter and the series, and sends no mail the office sent', async () => {
    const { o, smtp, b, bToken } = await officeWithMail()
    const c1 = await b.call('customers.create', person(1), bToken)
    queueTestMail(b, 'K2', 'jan.nowak@example.pl')
    expect((await b.services.mail.runOnce()).sent).toBe(1)
    const sendingAtDeath = queueTestMail(b, 'K2', 'anna.nowak@example.pl')
    // The old PC died while handing this one to the server: whether it went out is unknown.
    b.services.db.write({ staffId: null, stationCode: 'K2', operation: 'test.claim' }, (tx) => tx.updateIf(mails, sendingAtDeath.id, { state: 'queued' }, { state: 'sending' }))
    expect((await b.sync.syncOnce()).errorCode).toBeNull()
    b.close()
    const { desk: n, token: nToken } = await o.join('K2')
    expect((await n.services.mail.runOnce()).sent).toBe(0)
    expect(smtp.received).toHaveLength(1)
    expect((await n.call('mail.get', { id: sendingAtDeath.id }, nToken)).state).toBe('uncertain')
    const c2 = await n.call('customers.create', person(2), nToken)
    expect([c1.customerNo, c2.customerNo]).toEqual(['K2-000001', 'K2-000002'])
    expect(await n.call('sync.syncNow', {}, nToken)).toMatchObject({ lastError: null, queued: 0 })
    await o.a.sync.syncOnce()
    expect((await o.a.call('customers.get', { id: c2.id }, o.aToken)).customer.customerNo).toBe('K2-000002')
  })
})

describe('joining the office ("Dołącz do biura")', () => {
  it('a join cut off half-way leaves a desk that is not set up and has no logins; after a restart the retry works', async () => {
    // The join from row pages (a hub without its ready file); the file's own cut: sync-join-file.test.ts.
    const o = await office({ replica: false })
    const c = await o.a.call('customers.create', person(1), o.aToken)
    await o.a.sync.syncOnce()
    await o.hub.addDesk('K2', 'Okienko K2')
    let cut = true
    // The snapshot arrives, then the desk dies before it is stored (a kill: nothing more runs).
    const transport = (): HubTransport => {
      const t = o.transportOf('K2')()
      return { ...t, snapshot: async (cursor, after) => {
        const page = await t.snapshot(cursor, after)
        if (cut) throw new HubUnreachable('połączenie zerwane w trakcie (test)')
        return page
      } }
    }
    const d = makeTestDesk({ syncTransport: transport, mailSender: 'manual' })
    cleanup.push(() => d.dispose())
    await expect(d.call('system.joinOffice', joinInput('K2'))).rejects.toMatchObject({ code: 'CONFLICT', field: 'hubUrl' })
    // The PC starts again: its background sync runs before anyone retries.
    d.close()
    const again = makeTestDesk({ dataDir: d.dir, syncTransport: transport, mailSender: 'manual' })
    cleanup.push(() => again.close())
    await again.sync.syncOnce()
    expect((await again.call('system.status', {})).setupDone).toBe(false)
    await expect(again.call('staff.login', { login: ADMIN.login, password: ADMIN.password })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' })
    cut = false
    const status = await again.call('system.joinOffice', joinInput('K2'))
    expect(status).toMatchObject({ lastError: null, queued: 0 })
    expect((await again.call('system.status', {})).setupDone).toBe(true)
    const token = await loginOn(again)
    expect((await again.call('customers.get', { id: c.id }, token)).customer.customerNo).toBe(c.customerNo)
    expect((await again.call('customers.create', person(2), token)).customerNo).toBe('K2-000001')
  })
})

describe('resolving a conflict against the current value', () => {
  it('a field that moved since the conflict opened is shown with who and when, and keeping the office value does not revert it', async () => {
    const o = await office()
    const { desk: b, token: bToken } = await o.join('K2')
    const { desk: c, token: cToken } = await o.join('K3')
    const created = await o.a.call('customers.create', person(1), o.aToken)
    for (const d of [o.a, b, c]) await d.sync.syncOnce()
    const edit = (email: string) => ({ ...person(1), email })
    // A and B change the e-mail at once: B's change becomes a conflict.
    await o.a.call('customers.update', { id: created.id, data: edit('a@example.pl') }, o.aToken)
    await b.call('customers.update', { id: created.id, data: edit('b@example.pl') }, bToken)
    await o.a.sync.syncOnce()
    await b.sync.syncOnce()
    await c.sync.syncOnce()
    // Later, C (who saw A's value) corrects the e-mail: an ordinary, newer edit.
    await c.call('customers.update', { id: created.id, data: edit('c.nowy@example.pl') }, cToken)
    await c.sync.syncOnce()
    await o.a.sync.syncOnce()
    const [conflict] = await o.a.call('sync.conflicts', {}, o.aToken)
    expect(conflict.fields).toEqual([expect.objectContaining({ field: 'email', hubValue: 'c.nowy@example.pl', deskValue: 'b@example.pl', openedValue: 'a@example.pl' })])
    expect(conflict.movedSince).toEqual({ deskId: 'K3', at: expect.any(String) })
    await o.a.call('sync.resolveConflict', { id: conflict.id, choice: 'hub' }, o.aToken)
    for (const d of [o.a, b, c, o.a]) await d.sync.syncOnce()
    for (const [d, token] of [[o.a, o.aToken], [b, bToken], [c, cToken]] as const) {
      expect((await d.call('customers.get', { id: created.id }, token)).customer.email).toBe('c.nowy@example.pl')
      expect(await d.call('sync.conflicts', {}, token)).toEqual([])
    }
  })
})

describe('two desks offline never bill the same contract and period twice', () => {
  it('only the billing station bills; a handover stops it at once and lets the other bill once it arrived', async () => {
    const o = await office()
    const groups = await seedTariffs(o.a, o.aToken)
    const account = await seedAccount(o.a, o.aToken, groups.business, { ...person(1), kind: 'person' })
    seedReadings(o.a, account.meterId, [['2026-09-30', 40], ['2026-10-31', 52]])
    await o.a.sync.syncOnce()
    const { desk: b, token: bToken } = await o.join('K2')
    // Both offline; both supervisors start October's billing.
    o.network.state.set('K1', 'down')
    o.network.state.set('K2', 'down')
    await expect(b.call('billing.run', { month: '2026-10' }, bToken)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/stanowisko K1/) })
    const run = await o.a.call('billing.run', { month: '2026-10' }, o.aToken)
    expect(run.issuedCount).toBeGreaterThan(0)
    // K1 hands billing over to K2: from now on K1 refuses; K2 bills only once the handover arrived.
    await o.a.call('billing.handOver', { stationCode: 'K2' }, o.aToken)
    await expect(o.a.call('billing.run', { month: '2026-11' }, o.aToken)).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(b.call('billing.run', { month: '2026-11' }, bToken)).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(b.call('billing.handOver', { stationCode: 'K2' }, bToken)).rejects.toMatchObject({ code: 'CONFLICT' })
    o.network.state.clear()
    await o.a.sync.syncOnce()
    await b.sync.syncOnce()
    await b.call('billing.run', { month: '2026-10' }, bToken)
    await o.a.sync.syncOnce()
    const billed = await o.hubStore().query<{ data: string }>("SELECT data FROM entities WHERE entity = 'invoices'")
    const periods = billed.map((r) => JSON.parse(r.data) as { contractId: string; periodFrom: string; kind: string }).filter((i) => i.kind === 'invoice').map((i) => `${i.contractId}/${i.periodFrom}`)
    expect(periods.length).toBe(run.issuedCount)
    expect(new Set(periods).size).toBe(periods.length)
  })
})

describe('a reset on a restored desk before its first sync', () => {
  it('does not count as the hub\'s word while the restored desk still has changes queued: the mail stays held', async () => {
    const { o, smtp, b, bToken } = await officeWithMail()
    o.network.state.set('K2', 'down')
    const mail = queueTestMail(b, 'K2', 'jan.nowak@example.pl')
    const backup = await b.call('system.backupNow', {}, bToken)
    o.network.state.set('K2', 'up')
    expect((await b.services.mail.runOnce()).sent).toBe(1)
    expect((await b.sync.syncOnce()).errorCode).toBeNull()
    b.close()
    restoreBackup(backup.file, b.databaseFile)
    const r = makeTestDesk({ dataDir: b.dir, syncTransport: o.transportOf('K2'), mailSender: 'manual' })
    cleanup.push(() => r.close())
    // The admin reloads from the hub before any sync: the queued insert of the mail (state "queued")
    // goes back on top of the hub's "sent".
    await r.sync.resetFromSnapshot()
    expect((await r.services.mail.runOnce()).sent).toBe(0)
    await r.sync.syncOnce()
    expect((await r.services.mail.runOnce()).sent).toBe(0)
    expect(smtp.received.map((m) => m.messageId)).toEqual([mail.messageId])
    expect((await r.call('mail.get', { id: mail.id }, await loginOn(r))).state).toBe('sent')
  })
})
