// RODO anonymisation that leaves nothing findable: a customer with data in every table that can
// hold it — portal account, consents with a scan, mails, the Wniosek, cases with notes, replies and
// attachments, readings with a note, payments, invoice deliveries, a bank transfer, a sync
// conflict, the audit trail — synced to a hub (SQLite and PostgreSQL) and to a second desk. After
// the anonymisation a BYTE search of every desk's database file and WAL, of their attachment
// folders and of the hub's storage finds none of her identifiers, in any common spelling.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { billingRuns, settings } from '../../src-main/db/schema'
import { newId } from '../../src-main/db/write'
import { syncedEntityFields } from '../../src-main/db/tables'
import { Hub } from '../../src-main/hub/hub'
import { openPostgresHubStore, type HubStore } from '../../src-main/hub/storage'
import { ADMIN, makeSetUpDesk, makeTestDesk, type TestDesk } from '../support/desk'
import { startPostgres, type PostgresServer } from '../support/postgres'
import { attachReplica, inProcessTransport, joinInput, makeSqliteHub, type Network } from '../support/sync'
import { seedCustomer, seedTariffGroups } from '../support/office-seed'
import { addRichHistory, EMAIL, INVOICE_EMAIL, PESEL, PHONE, SURNAME } from '../support/rodo-history'
import { loopbackSettings, startSmtp } from '../support/smtp'
import { tamper } from '../support/tamper'

const FULL_NAME = `Łucja ${SURNAME}`
const CORRESPONDENCE = { street: 'Hrubieszowska', houseNo: '77', flatNo: '5', postalCode: '22-400', city: 'Zamość' }
/** Addresses she used over time: one only in a sync conflict, one typed by hand into a note. */
const OTHER_EMAILS = ['lucja.gebowa@example.pl', 'L.Zolkiewska@Example.PL']
/** Her identifiers as stored, typed by clerks, folded by the search indexes (compared case-blind). */
const NEEDLES = [
  PESEL,
  EMAIL,
  INVOICE_EMAIL,
  ...OTHER_EMAILS,
  PHONE,
  '600100200',
  '600-100-200',
  SURNAME,
  'Żółkiewska',
  'zolkiewska',
  'Gęba',
  FULL_NAME,
  'lucja zolkiewska',
  'Hrubieszowska',
  'hrubieszowska 77',
]

/** A PDF scan whose bytes carry her name and PESEL, as a real scan's text layer would. */
const SCAN = Buffer.from(`%PDF-1.4\n% Oświadczenie: ${FULL_NAME}, PESEL ${PESEL}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`)

const fold = (bytes: Buffer) => bytes.toString('latin1').toLowerCase()
/** Needles found in these bytes, case-blind (UTF-8 needles compared byte for byte). */
function needlesIn(bytes: Buffer): string[] {
  const hay = fold(bytes)
  return NEEDLES.filter((n) => hay.includes(fold(Buffer.from(n, 'utf8'))))
}
function searchFiles(files: string[]): string[] {
  return files.filter((f) => existsSync(f)).flatMap((f) => needlesIn(readFileSync(f)).map((n) => `${f.split('/').slice(-2).join('/')}: ${n}`))
}
const deskFiles = (d: TestDesk) => {
  const attachments = join(d.dir, 'attachments')
  return [d.databaseFile, `${d.databaseFile}-wal`, ...(existsSync(attachments) ? readdirSync(attachments).map((f) => join(attachments, f)) : [])]
}
/** Every value of every row of the hub's tables (files' bytes as bytes). */
async function hubLeftovers(store: HubStore): Promise<string[]> {
  const found: string[] = []
  for (const table of ['sync_meta', 'desks', 'log', 'entities', 'files']) {
    for (const row of await store.query<Record<string, unknown>>(`SELECT * FROM ${table}`)) {
      for (const [column, value] of Object.entries(row)) {
        const bytes = Buffer.isBuffer(value) || value instanceof Uint8Array ? Buffer.from(value) : Buffer.from(String(value), 'utf8')
        for (const n of needlesIn(bytes)) found.push(`hub ${table}.${column}: ${n}`)
      }
    }
  }
  return found
}

interface HubUnderTest {
  hub: Hub
  store: HubStore
  /** The files holding the hub's data (SQLite), searched byte by byte too. */
  files: string[]
  dispose(): Promise<void>
}

let pg: PostgresServer | undefined
beforeAll(async () => {
  pg = await startPostgres()
}, 120_000)
afterAll(() => pg?.stop())

const engines: Record<string, (schemaVersion: number, now: () => number) => Promise<HubUnderTest>> = {
  sqlite: async (schemaVersion, now) => {
    const h = await makeSqliteHub({ schemaVersion, now })
    return { hub: h.hub, store: h.store, files: [h.file, `${h.file}-wal`], dispose: h.dispose }
  },
  postgres: async (schemaVersion, now) => {
    pg!.createDatabase('hub_rodo')
    const store = await openPostgresHubStore(pg!.url('hub_rodo'))
    const hub = await Hub.open(store, { entityFields: syncedEntityFields, schemaVersion, now })
    return {
      hub,
      store,
      files: [],
      async dispose() {
        await store.close()
        pg!.dropDatabase('hub_rodo')
      },
    }
  },
}

describe.each(Object.keys(engines))('anonymisation leaves nothing findable (%s hub)', (engine) => {
  it('no byte of her PESEL, e-mail, phone, name or address remains on either desk, in their files or at the hub', async () => {
    let clock = new Date('2026-11-25T09:30:00Z')
    const now = () => clock
    const network: Network = { state: new Map() }
    const ref: { hub?: Hub } = {}
    const smtp = await startSmtp()
    const made = await makeSetUpDesk({ now, mailSender: 'manual', syncTransport: () => inProcessTransport(() => ref.hub!, 'K1', network) })
    const a = made.desk
    let token = made.token
    const h = await engines[engine](a.services.db.schemaVersion, () => clock.getTime())
    ref.hub = h.hub
    await h.hub.addDesk('K1', 'Okienko 1')
    await h.hub.addDesk('K2', 'Okienko 2')
    const b = makeTestDesk({ now, mailSender: 'manual', syncTransport: () => inProcessTransport(() => ref.hub!, 'K2', network) })
    try {
      await a.call('mail.updateSettings', loopbackSettings(smtp.port), token)
      await a.call('registration.updateSettings', { portalUrl: 'https://ibok.pgk.zamosc.pl' }, token)
      const groups = seedTariffGroups(a)
      const customer = await seedCustomer(a, token, groups.paper, { pesel: PESEL, email: EMAIL, phone: PHONE, correspondenceAddress: CORRESPONDENCE })
      const id = customer.customer.id
      const rich = await addRichHistory(a, token, customer, { scanBytes: SCAN, payment: { reference: 'KP 1/11/2026', note: `Wpłaciła ${FULL_NAME}, tel. 600-100-200` } })
      const db = a.services.db.readSql

      // A reading she phoned in, with the clerk's note.
      const { supply_point_id: supplyPointId } = db.prepare('SELECT supply_point_id FROM contracts WHERE id = ?').get(customer.contractId) as { supply_point_id: string }
      const meter = await a.call('meters.install', { supplyPointId, serialNo: 'ZA77501', kind: 'main', diameterMm: 15, installedOn: '2026-01-10', legalisationYear: 2026, sealNo: 'PL7750', initialM3: '0' }, token)
      await a.call('readings.record', { meterId: meter.id, readOn: '2026-11-20', valueM3: '57', kind: 'customer', source: 'telefon', note: `Klientka ${FULL_NAME} podała stan, oddzwonić 600100200 albo ${OTHER_EMAILS[1]}` }, token)
      // The invoice e-mailed under her e-invoice acceptance (a delivery whose basis names the address).
      const { id: invoiceId } = db.prepare('SELECT id FROM invoices WHERE number = ?').get(customer.invoiceNo) as { id: string }
      await a.call('invoices.resend', { id: invoiceId }, token)
      // A transfer from her own account that matched nobody: her name and phone in the bank's fields.
      const csv = ['Data księgowania;Kwota;Rachunek wirtualny;Nadawca;Tytuł;Identyfikator', `2026-11-21;10,00;11114015601081110181488249;${FULL_NAME};Woda ${CORRESPONDENCE.street} ${CORRESPONDENCE.houseNo} tel ${PHONE};ING0000001`].join('\n')
      await a.call('payments.importStatement', { fileName: 'wyciag.csv', contentBase64: Buffer.from(csv).toString('base64') }, token)
      expect(db.prepare(`SELECT count(*) AS n FROM bank_transactions WHERE status = 'unmatched'`).get()).toEqual({ n: 1 })

      // A billing run that skipped her contract names her in its report.
      a.services.db.write({ staffId: null, stationCode: 'K1', operation: 'billing.run' }, (tx) =>
        tx.insert(billingRuns, {
          id: newId(),
          month: '2026-11',
          issueDate: '2026-11-30',
          status: 'done',
          startedAt: tx.now,
          finishedAt: tx.now,
          report: {
            skipped: [{ contractId: customer.contractId, contractNo: 'U/K1/2026/000001', customerNo: customer.customer.customerNo, customerName: `${SURNAME} Łucja`, reason: 'Brak odczytu' }],
            warnings: [],
            alreadyInvoiced: 0,
            notDue: 0,
            emailed: 0,
            paper: 0,
            ksef: 0,
            estimatedReadings: 0,
            timings: { planMs: 1, issueMs: 1, deliveryMs: 1, pdfCount: 0, pdfMs: 1 },
          },
        }),
      )

      // The second desk joins; both change her e-mail at once: a conflict, synced to both.
      expect((await a.sync.syncOnce()).errorCode).toBeNull()
      b.services.db.write({ staffId: null, stationCode: 'K2', operation: 'test.join' }, (tx) =>
        tx.insert(settings, { id: 'station', value: JSON.stringify({ stationCode: 'K2', stationName: 'Okienko 2' }) }),
      )
      await b.sync.resetFromSnapshot()
      await b.sync.syncOnce()
      const bToken = (await b.call('staff.login', { login: ADMIN.login, password: ADMIN.password })).token
      const edit = (email: string) => ({ id, data: { kind: 'person' as const, firstName: 'Łucja', lastName: SURNAME, pesel: PESEL, email, phone: PHONE, correspondenceAddress: CORRESPONDENCE } })
      await a.call('customers.update', edit(OTHER_EMAILS[1].toLowerCase()), token)
      await b.call('customers.update', edit(OTHER_EMAILS[0]), bToken)
      for (const d of [a, b, a, b]) expect((await d.sync.syncOnce()).errorCode).toBeNull()
      expect(db.prepare(`SELECT count(*) AS n FROM sync_conflicts WHERE status = 'open'`).get()).toEqual({ n: 1 })

      // The search really sees her everywhere before (a search that finds nothing proves nothing).
      for (const d of [a, b]) tamper(d.services.db, (raw) => raw.pragma('wal_checkpoint(TRUNCATE)'))
      expect(searchFiles(deskFiles(a))).toEqual(expect.arrayContaining([expect.stringContaining(PESEL), expect.stringContaining('zolkiewska'), expect.stringContaining('600100200')]))
      expect(searchFiles(deskFiles(b)).length).toBeGreaterThan(0)
      expect((await hubLeftovers(h.store)).length).toBeGreaterThan(0)
      // The hub's ready file for new desks (its replica) holds her too, and a copy of it was made.
      const replica = await attachReplica(h.hub)
      const replicaFiles = () => readdirSync(replica.dir).map((f) => join(replica.dir, f))
      const early = await replica.replica.handOut(a.services.db.schemaVersion)
      expect(searchFiles([early!.file]).length).toBeGreaterThan(0)
      early!.release()

      // Years later, with every retention period over, she is anonymised on desk A.
      await a.call('contracts.end', { id: customer.contractId, endDate: '2026-11-25' }, token)
      await a.call('cases.close', { id: rich.complaint.id, resolution: 'Reklamacja nieuwzględniona' }, token)
      await a.call('cases.close', { id: rich.failure.id, resolution: 'Awaria usunięta' }, token)
      clock = new Date('2036-01-05T09:30:00Z')
      token = (await a.call('staff.login', { login: ADMIN.login, password: ADMIN.password })).token
      expect(await a.call('customers.anonymisationCheck', { id }, token)).toMatchObject({ allowed: true })
      await a.call('customers.anonymise', { id, reason: 'Wniosek RODO 1/2036' }, token)
      // Meanwhile desk B, not yet synced, notes her phone again; the hub gets it before B hears of the erasure.
      const bLater = (await b.call('staff.login', { login: ADMIN.login, password: ADMIN.password })).token
      await b.call('readings.record', { meterId: meter.id, readOn: '2036-01-04', valueM3: '60', kind: 'customer', source: 'telefon', note: `Dzwoniła z ${PHONE}` }, bLater)
      for (const d of [a, b, a, b, a]) expect((await d.sync.syncOnce()).errorCode).toBeNull()
      expect(b.services.db.readSql.prepare(`SELECT note FROM readings WHERE read_on = '2036-01-04'`).get()).toEqual({ note: 'Dzwoniła z [zanonimizowano]' })
      const unique = (found: string[]) => [...new Set(found)]

      // A new desk joins after the erasure from the hub's ready file (not from row pages).
      await h.hub.addDesk('K3', 'Okienko 3')
      const c = makeTestDesk({ now, mailSender: 'manual', syncTransport: () => inProcessTransport(() => ref.hub!, 'K3', network) })
      const swapped = vi.spyOn(c.services.db, 'replaceWith')
      await c.call('system.joinOffice', joinInput('K3'))
      expect(swapped).toHaveBeenCalledTimes(1)
      tamper(c.services.db, (raw) => raw.pragma('wal_checkpoint(TRUNCATE)'))
      const joinedC = unique(searchFiles(deskFiles(c)))
      const replicaLeft = unique(searchFiles(replicaFiles()))
      c.dispose()
      await replica.dispose()

      expect({
        hubFiles: unique(searchFiles(h.files)),
        hubRows: unique(await hubLeftovers(h.store)),
        deskA: unique(searchFiles(deskFiles(a))),
        deskB: unique(searchFiles(deskFiles(b))),
        joinedC,
        replicaLeft,
      }).toEqual({
        hubFiles: [],
        hubRows: [],
        deskA: [],
        deskB: [],
        joinedC: [],
        replicaLeft: [],
      })
      // Still a working office: her (anonymised) record and the search answer normally.
      expect((await a.call('customers.get', { id }, token)).customer).toMatchObject({ displayName: 'Klient zanonimizowany', pesel: null })
      expect(await a.call('cases.search', { query: 'zolkiewska' }, token)).toMatchObject({ total: 0 })
    } finally {
      a.dispose()
      b.dispose()
      await h.dispose()
      await smtp.close()
    }
  }, 120_000)
})
