// RODO data-subject requests over everything a customer leaves behind: consents with scans, mails,
// the iBOK Wniosek and account, cases with notes, replies and attachments. The export must list
// all of it (JSON and PDF read back with pdftotext, checked with qpdf); anonymisation must name the
// rule that still keeps the data, and once none does, leave none of it in any table.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RODO_EXPORT_SECTIONS } from '../../shared/api/types/rodo'
import type { Hub } from '../../src-main/hub/hub'
import { settings } from '../../src-main/db/schema'
import { ADMIN, makeSetUpDesk, makeTestDesk, type TestDesk } from '../support/desk'
import { inProcessTransport, makeSqliteHub, type Network } from '../support/sync'
import { seedCustomer, seedTariffGroups, type SeededCustomer } from '../support/office-seed'
import { loopbackSettings, startSmtp, type TestSmtp } from '../support/smtp'
import { addRichHistory, EMAIL, INVOICE_EMAIL, MINIMAL_PDF, PESEL, PHONE, PHOTO, SURNAME } from '../support/rodo-history'

let desk: TestDesk
let token: string
let clock: Date
let smtp: TestSmtp
let customer: SeededCustomer

/** Everything that identifies her, also as the search indexes fold it (no diacritics, bare digits). */
const NEEDLES = [SURNAME, 'zolkiewska', PESEL, EMAIL, INVOICE_EMAIL, PHONE, '600100200']


async function advanceTo(iso: string) {
  clock = new Date(`${iso}T09:30:00Z`)
  // Days later the idle lock has closed the session: sign in again.
  token = (await desk.call('staff.login', { login: ADMIN.login, password: ADMIN.password })).token
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise
  } catch (err) {
    return err as { code: string; message: string }
  }
  throw new Error('expected the call to be rejected')
}

function readPdf(base64: string, keepAs?: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ibok-rodo-')), 'export.pdf')
  writeFileSync(file, Buffer.from(base64, 'base64'))
  execFileSync('qpdf', ['--check', file]) // throws on a damaged file
  if (keepAs) {
    // Pictures of the first pages to look at (test-results/rodo/*.png).
    const out = join('test-results', 'rodo')
    mkdirSync(out, { recursive: true })
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '3', file, join(out, keepAs)])
  }
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
}

/** Every row of every table (search indexes included) whose text holds one of the needles: "table: value". */
function leftovers(needles: string[]): string[] {
  const db = desk.services.db.sqlite
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_data' AND name NOT LIKE '%_idx' AND name NOT LIKE '%_docsize' AND name NOT LIKE '%_config' AND name NOT LIKE '%_content'`).all() as { name: string }[]
  const found: string[] = []
  for (const { name } of tables) {
    const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as { name: string }[]).map((c) => c.name)
    for (const needle of needles) {
      const where = columns.map((c) => `instr(lower(CAST("${c}" AS TEXT)), lower(?)) > 0`).join(' OR ')
      const rows = db.prepare(`SELECT * FROM "${name}" WHERE ${where}`).all(...columns.map(() => needle)) as Record<string, unknown>[]
      for (const row of rows) found.push(`${name}: ${needle} in ${JSON.stringify(row).slice(0, 300)}`)
    }
  }
  return found
}

beforeEach(async () => {
  clock = new Date('2026-11-25T09:30:00Z')
  const made = await makeSetUpDesk({ now: () => clock, mailSender: 'manual' })
  desk = made.desk
  token = made.token
  smtp = await startSmtp()
  await desk.call('mail.updateSettings', loopbackSettings(smtp.port), token)
  await desk.call('registration.updateSettings', { portalUrl: 'https://ibok.pgk.zamosc.pl' }, token)
  const groups = seedTariffGroups(desk)
  customer = await seedCustomer(desk, token, groups.paper, { pesel: PESEL, email: EMAIL, phone: PHONE })
})
afterEach(async () => {
  await smtp.close()
  desk.dispose()
})

/** A customer with everything (see tests/support/rodo-history.ts). */
const richHistory = () => addRichHistory(desk, token, customer)

describe('RODO export covers everything held about the customer', () => {
  it('lists consents, scans, mails, the Wniosek, the portal account and cases in the JSON and in the PDF, files by name and SHA-256', async () => {
    const made = await richHistory()
    const out = await desk.call('customers.exportData', { id: customer.customer.id }, token)
    const json = out.json
    expect(Object.keys(json)).toEqual(expect.arrayContaining(Object.keys(RODO_EXPORT_SECTIONS)))
    expect(json.customers[0]).toMatchObject({ pesel: PESEL, email: EMAIL, phone: PHONE })
    expect(json.consentEvents).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'e_invoice', action: 'accept', email: INVOICE_EMAIL, scanId: made.scan.id })]))
    expect(json.scans).toEqual(expect.arrayContaining([expect.objectContaining({ id: made.scan.id, fileName: `oświadczenie ${SURNAME}.pdf`, sha256: made.scan.sha256 })]))
    expect(json.mails.map((m) => [m.kind, m.toAddress, m.state])).toEqual(expect.arrayContaining([['credentials', EMAIL, 'sent'], ['case_reply', EMAIL, 'queued']]))
    expect(json.mails.find((m) => m.kind === 'case_reply')!.textBody).toContain('wodomierz sprawny')
    expect(json.registrationApplications).toEqual([expect.objectContaining({ applicationNo: made.application.applicationNo, applicantName: `Łucja ${SURNAME}`, email: EMAIL, phone: PHONE })])
    expect(json.portalAccount).toMatchObject({ login: customer.customer.customerNo, email: EMAIL, state: 'credentials_sent' })
    const { password_hash: hash } = desk.services.db.sqlite.prepare('SELECT password_hash FROM portal_accounts').get() as { password_hash: string }
    expect(json.portalAccount).not.toHaveProperty('passwordHash')
    expect(JSON.stringify(json)).not.toContain(hash)
    const complaint = json.cases.find((c) => c.id === made.complaint.id)!
    expect(complaint.description).toContain(SURNAME)
    expect(complaint.events.map((e) => e.text)).toContain(`Oddzwonić na ${PHONE}`)
    expect(complaint.attachments).toEqual([expect.objectContaining({ fileName: `reklamacja ${SURNAME}.pdf`, sha256: made.attachment.sha256 })])
    expect(complaint.replies).toEqual([expect.objectContaining({ recipientEmail: EMAIL, channel: 'email' })])
    expect(complaint.replies[0].letter.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(json.cases.find((c) => c.id === made.failure.id)).toMatchObject({ reporterName: `Łucja ${SURNAME}`, callbackPhone: PHONE, location: 'ul. Partyzantów 12, piwnica' })

    const text = readPdf(out.pdfBase64, 'export')
    for (const title of Object.values(RODO_EXPORT_SECTIONS)) expect(text).toContain(title)
    for (const expected of [
      INVOICE_EMAIL,
      'Akceptacja faktur elektronicznych (wersja 2024.1)',
      'formularz papierowy',
      made.application.applicationNo,
      'Założenie konta w iBOK — dane logowania',
      'Odpowiedź na reklamację',
      'wodomierz sprawny',
      `Oddzwonić na ${PHONE}`,
      'ul. Partyzantów 12, piwnica',
      'zdjęcie przecieku.jpg',
      made.complaint.caseNo,
      made.failure.caseNo,
    ])
      expect(text).toContain(expected)
    // Files are listed with their hash, not embedded.
    const hashes = text.replace(/\s+/g, '')
    for (const sha of [made.scan.sha256, made.attachment.sha256, complaint.replies[0].letter.sha256]) expect(hashes).toContain(sha)
  })
})

describe('RODO anonymisation', () => {
  it('names every rule that still keeps the data, with its end date; once none does, erases her from every table and the file store', async () => {
    const made = await richHistory()
    const id = customer.customer.id
    await desk.call('contracts.end', { id: customer.contractId, endDate: '2026-11-25' }, token)

    const now = await desk.call('customers.anonymisationCheck', { id }, token)
    expect(now.allowed).toBe(false)
    const rules = now.blocks.map((b) => [b.rule, b.until])
    expect(rules).toEqual(
      expect.arrayContaining([
        [expect.stringContaining('Sprawa w toku'), null],
        ['Faktury — art. 112 ustawy o VAT i art. 70 § 1 Ordynacji podatkowej', '2031-12-31'],
        ['Dowody księgowe — art. 74 ust. 2 pkt 4 ustawy o rachunkowości', '2031-12-31'],
        ['Przedawnienie roszczeń z umowy — art. 118 Kodeksu cywilnego', '2029-12-31'],
        [expect.stringContaining('Dowody zgód i oświadczeń'), '2029-12-31'],
      ]),
    )
    expect(now.blocks.filter((b) => b.rule.startsWith('Sprawa w toku')).map((b) => b.detail).join(' ')).toContain(made.failure.caseNo)
    expect(await rejection(desk.call('customers.anonymise', { id, reason: 'Wniosek RODO 1/2026' }, token))).toMatchObject({ code: 'CONFLICT' })

    await desk.call('cases.close', { id: made.complaint.id, resolution: 'Reklamacja nieuwzględniona' }, token)
    await desk.call('cases.close', { id: made.failure.id, resolution: 'Awaria usunięta' }, token)
    expect((await desk.call('customers.anonymisationCheck', { id }, token)).blocks.map((b) => [b.rule, b.until])).toContainEqual(['Reklamacje i sprawy — przedawnienie roszczeń, art. 118 Kodeksu cywilnego', '2029-12-31'])

    // Years later the complaint comes back: its file is kept three more years from the new closing.
    await advanceTo('2032-01-05')
    await desk.call('cases.reopen', { id: made.complaint.id, reason: 'Klientka wnosi o ponowne rozpatrzenie' }, token)
    await desk.call('cases.close', { id: made.complaint.id, resolution: 'Podtrzymano stanowisko' }, token)
    const later = await desk.call('customers.anonymisationCheck', { id }, token)
    expect(later.blocks).toEqual([expect.objectContaining({ rule: 'Reklamacje i sprawy — przedawnienie roszczeń, art. 118 Kodeksu cywilnego', until: '2035-12-31' })])
    expect((await rejection(desk.call('customers.anonymise', { id, reason: 'Wniosek RODO 1/2032' }, token))).message).toContain('31.12.2035')
    expect(leftovers(NEEDLES)).not.toEqual([])

    await advanceTo('2036-01-02')
    const free = await desk.call('customers.anonymisationCheck', { id }, token)
    expect(free).toMatchObject({ allowed: true, blocks: [] })
    expect(free.effects.join(' ')).toContain('Konto iBOK')
    const files = [made.scan.sha256, made.attachment.sha256]
    for (const sha of files) expect(existsSync(join(desk.dir, 'attachments', sha))).toBe(true)
    const done = await desk.call('customers.anonymise', { id, reason: 'Wniosek RODO 1/2036' }, token)
    expect(done).toMatchObject({ displayName: 'Klient zanonimizowany', pesel: null, email: null })

    expect(leftovers(NEEDLES)).toEqual([])
    for (const sha of files) expect(existsSync(join(desk.dir, 'attachments', sha))).toBe(false)
    const db = desk.services.db.sqlite
    const account = db.prepare('SELECT id, state, password_hash FROM portal_accounts').get() as { id: string; state: string; password_hash: string | null }
    expect(account).toMatchObject({ state: 'locked', password_hash: null })
    expect(await rejection(desk.call('registration.unlockAccount', { accountId: account.id }, token))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('anonimizacji') })
    // The sent mail stays as a record that it went; the reply never sent is cancelled, not sent to nobody.
    expect(db.prepare('SELECT kind, state, to_address FROM mails ORDER BY created_at').all()).toEqual([
      { kind: 'credentials', state: 'sent', to_address: '[zanonimizowano]' },
      { kind: 'case_reply', state: 'cancelled', to_address: '[zanonimizowano]' },
    ])
    // The tax retention is over, so the invoice's buyer snapshot goes too; the amounts stay.
    expect(db.prepare('SELECT buyer, gross_total FROM invoices').all()).toEqual([{ buyer: expect.stringContaining('"name":"Klient zanonimizowany"'), gross_total: 10800 }])
    // What the triggers keep as evidence stays: the consent events themselves (type, text version, dates).
    expect(db.prepare(`SELECT type, action, text_version, email FROM consent_events WHERE type = 'e_invoice'`).get()).toEqual({ type: 'e_invoice', action: 'accept', text_version: '2024.1', email: null })
    expect(await desk.call('cases.search', { query: 'zolkiewska' }, token)).toMatchObject({ total: 0 })

    const after = await desk.call('customers.exportData', { id }, token)
    const text = readPdf(after.pdfBase64)
    for (const needle of [SURNAME, PESEL, EMAIL, PHONE]) expect(text).not.toContain(needle)
    expect((await desk.call('customers.anonymisationCheck', { id }, token)).blocks[0].rule).toBe('Dane już zanonimizowane')
  })
})

describe('RODO anonymisation in other people\'s records', () => {
  it('blanks her phone from a note on another customer\'s payment, but a namesake keeps her own name', async () => {
    const id = customer.customer.id
    const namesake = await desk.call('customers.create', { kind: 'person', firstName: 'Łucja', lastName: SURNAME, pesel: null, correspondenceAddress: { ...customer.supplyAddress, houseNo: '14' } }, token)
    const neighbour = await desk.call('customers.create', { kind: 'person', firstName: 'Jan', lastName: 'Nowak', pesel: null, correspondenceAddress: { ...customer.supplyAddress, houseNo: '16' } }, token)
    await desk.call('payments.record', { customerId: namesake.id, amount: '5,00', method: 'cash', note: `Wpłaciła osobiście Łucja ${SURNAME}` }, token)
    await desk.call('payments.record', { customerId: neighbour.id, amount: '5,00', method: 'cash', note: `Za sąsiadkę, tel. ${PHONE.replaceAll(' ', '-')}` }, token)
    await desk.call('payments.record', { customerId: id, amount: '108,00', method: 'cash' }, token)
    await desk.call('contracts.end', { id: customer.contractId, endDate: '2026-11-25' }, token)
    await advanceTo('2036-01-02')
    await desk.call('customers.anonymise', { id, reason: 'Wniosek RODO 3/2036' }, token)
    const note = (customerId: string) => (desk.services.db.sqlite.prepare('SELECT note FROM payments WHERE customer_id = ?').get(customerId) as { note: string }).note
    expect(note(neighbour.id)).toBe('Za sąsiadkę, tel. [zanonimizowano]')
    expect(note(namesake.id)).toBe(`Wpłaciła osobiście Łucja ${SURNAME}`)
    expect((await desk.call('customers.get', { id: namesake.id }, token)).customer.displayName).toContain(SURNAME)
  })
})

describe('RODO anonymisation between desks', () => {
  it('erases the rows on the other desk too, removes the scan there, and no desk fetches it back from the hub', async () => {
    const network: Network = { state: new Map() }
    const ref: { hub?: Hub } = {}
    const now = () => clock
    const a = await makeSetUpDesk({ now, mailSender: 'manual', syncTransport: () => inProcessTransport(() => ref.hub!, 'K1', network) })
    const h = await makeSqliteHub({ schemaVersion: a.desk.services.db.schemaVersion })
    ref.hub = h.hub
    await h.hub.addDesk('K1', 'Okienko 1')
    await h.hub.addDesk('K2', 'Okienko 2')
    const b = makeTestDesk({ now, mailSender: 'manual', syncTransport: () => inProcessTransport(() => ref.hub!, 'K2', network) })
    b.services.db.write({ staffId: null, stationCode: 'K2', operation: 'test.join' }, (tx) =>
      tx.insert(settings, { id: 'station', value: JSON.stringify({ stationCode: 'K2', stationName: 'Okienko 2' }) }),
    )
    try {
      const aToken = a.token
      const other = await a.desk.call('customers.create', { kind: 'person', firstName: 'Jan', lastName: 'Nowak', pesel: null, correspondenceAddress: customer.supplyAddress }, aToken)
      const former = await a.desk.call('customers.create', { kind: 'person', firstName: 'Łucja', lastName: SURNAME, pesel: PESEL, correspondenceAddress: customer.supplyAddress }, aToken)
      const scan = await a.desk.call('consents.uploadScan', { customerId: former.id, fileName: `wniosek ${SURNAME}.pdf`, contentBase64: MINIMAL_PDF.toString('base64') }, aToken)
      // The same bytes scanned for another customer: that copy must survive.
      const shared = await a.desk.call('consents.uploadScan', { customerId: other.id, fileName: 'wniosek.jpg', contentBase64: PHOTO.toString('base64') }, aToken)
      await a.desk.call('consents.uploadScan', { customerId: former.id, fileName: 'zdjęcie.jpg', contentBase64: PHOTO.toString('base64') }, aToken)
      expect((await a.desk.sync.syncOnce()).errorCode).toBeNull()
      await b.sync.resetFromSnapshot()
      await b.sync.syncOnce()
      const onB = (sha: string) => existsSync(join(b.dir, 'attachments', sha))
      const onA = (sha: string) => existsSync(join(a.desk.dir, 'attachments', sha))
      expect(onB(scan.sha256)).toBe(true)
      // An edit made on the other desk leaves her phone in that desk's own history.
      const bToken = (await b.call('staff.login', { login: ADMIN.login, password: ADMIN.password })).token
      await b.call('customers.update', { id: former.id, data: { kind: 'person', firstName: 'Łucja', lastName: SURNAME, pesel: PESEL, phone: PHONE, correspondenceAddress: customer.supplyAddress } }, bToken)
      expect((await b.sync.syncOnce()).errorCode).toBeNull()
      expect((await a.desk.sync.syncOnce()).errorCode).toBeNull()
      const history = (d: TestDesk) =>
        d.services.db.sqlite
          .prepare(`SELECT (SELECT count(*) FROM audit_log WHERE instr(after, ?) > 0 OR instr(before, ?) > 0) + (SELECT count(*) FROM change_log WHERE instr(fields, ?) > 0) AS n`)
          .get(PHONE, PHONE, PHONE) as { n: number }
      expect(history(b).n).toBeGreaterThan(0)

      await a.desk.call('customers.anonymise', { id: former.id, reason: 'Wniosek RODO 2/2026' }, aToken)
      expect(onA(scan.sha256)).toBe(false)
      expect(onA(shared.sha256)).toBe(true)
      expect((await a.desk.sync.syncOnce()).errorCode).toBeNull()
      expect((await b.sync.syncOnce()).errorCode).toBeNull()

      expect(history(b).n).toBe(0)
      expect(history(a.desk).n).toBe(0)
      expect((await b.call('customers.get', { id: former.id }, bToken)).customer).toMatchObject({ displayName: 'Klient zanonimizowany', pesel: null })
      expect(b.services.db.sqlite.prepare('SELECT file_name FROM scans WHERE id = ?').get(scan.id)).toEqual({ file_name: 'skan-1.pdf' })
      expect(onB(scan.sha256)).toBe(false)
      expect(onB(shared.sha256)).toBe(true)
      // A full look at every reference (as after a restart) does not bring the erased file back.
      a.desk.sync.files!.rescan()
      b.sync.files!.rescan()
      await a.desk.sync.syncOnce()
      await b.sync.syncOnce()
      expect([onA(scan.sha256), onB(scan.sha256)]).toEqual([false, false])
    } finally {
      a.desk.dispose()
      b.dispose()
      await h.dispose()
    }
  })
})
