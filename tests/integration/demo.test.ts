// The demo office (system.loadDemo): a realistic PGK Zamość office, the same for the same seed,
// valid identifiers everywhere, consistent meter readings, invoices and payments.
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { individualAccount } from '../../shared/domain/accounts'
import { computeInvoice } from '../../shared/domain/billing'
import { checkNip, checkNrb, checkPesel, checkPostalCode, checkRegon, decodePesel } from '../../shared/validation/identifiers'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { KSEF_MANDATORY_FROM, ksefNumberProblem } from '../../shared/domain/ksef'
import { DEMO_E_INVOICE_TEXT, DEMO_INFO_CLAUSE } from '../../src-main/core/system/demo/generator'
import { loadDemoOffice } from '../../src-main/core/system/demo/load'
import { meters, readings, supplyPoints } from '../../src-main/db/schema'
import { importBatch } from '../../src-main/db/write'
import { makeTestDesk, type TestDesk } from '../support/desk'
import { xmllintFa3 } from '../support/documents'

const RESOURCES = new URL('../../resources', import.meta.url).pathname

const TODAY = '2026-05-15'
const NOW = new Date(`${TODAY}T08:00:00Z`)
const PASSWORD = 'Demo-Krucza-10'
const CUSTOMERS = 300

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = groups.get(k)
    if (list) list.push(item)
    else groups.set(k, [item])
  }
  return groups
}

const rows = <T>(desk: TestDesk, sql: string, ...params: unknown[]): T[] => desk.services.db.sqlite.prepare(sql).all(...params) as T[]
const one = <T>(desk: TestDesk, sql: string, ...params: unknown[]): T => desk.services.db.sqlite.prepare(sql).get(...params) as T

describe('the demo office', () => {
  let desk: TestDesk
  let counts: { customers: number; meters: number; readings: number; invoices: number }

  beforeAll(async () => {
    desk = makeTestDesk({ now: () => NOW })
    counts = await desk.call('system.loadDemo', { seed: 7, customers: CUSTOMERS })
  })
  afterAll(() => desk?.dispose())

  it('is the Zamość office with its three demo staff, who can log in', async () => {
    const status = await desk.call('system.status', {})
    expect(status).toMatchObject({ setupDone: true, officeName: 'Przedsiębiorstwo Gospodarki Komunalnej Sp. z o.o. w Zamościu', stationName: 'Okienko 1' })
    for (const [login, role] of [['admin', 'admin'], ['kierownik', 'supervisor'], ['urzednik', 'clerk']] as const) {
      const session = await desk.call('staff.login', { login, password: PASSWORD })
      expect(session.staff.role).toBe(role)
      expect(session.staff.mustChangePassword).toBe(false)
    }
    await expect(desk.call('staff.login', { login: 'urzednik', password: 'Demo-Krucza-11' })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' })

    const { token } = await desk.call('staff.login', { login: 'urzednik', password: PASSWORD })
    const office = await desk.call('office.get', {}, token)
    expect(office).toMatchObject({ invoiceSeries: 'FW', stationCode: 'K1', idleLockMinutes: 5, address: { street: 'Krucza', houseNo: '10', postalCode: '22-400', city: 'Zamość' } })
    expect(checkNip(office.nip)).toBeNull()
    expect(checkNrb(office.bankAccount)).toBeNull()
    expect(office.bankAccount.slice(2, 10)).toBe(office.bankSortCode)
  })

  it('loads only on a desk that is not set up yet', async () => {
    await expect(desk.call('system.loadDemo', { seed: 1, customers: 10 })).rejects.toMatchObject({ code: 'SETUP_DONE' })
    expect(one<{ n: number }>(desk, 'SELECT count(*) n FROM customers').n).toBe(CUSTOMERS)
  })

  it('has about as much data as asked for', () => {
    expect(counts.customers).toBe(CUSTOMERS)
    const points = one<{ n: number }>(desk, 'SELECT count(*) n FROM supply_points').n
    const inUse = one<{ n: number }>(desk, "SELECT count(*) n FROM meters WHERE state <> 'removed'").n
    const garden = one<{ n: number }>(desk, "SELECT count(*) n FROM meters WHERE state <> 'removed' AND kind = 'additional'").n
    expect(points / CUSTOMERS).toBeGreaterThan(1.05)
    expect(points / CUSTOMERS).toBeLessThan(1.5)
    // One main meter per point in use, plus a garden meter at about every fifth.
    expect(inUse / points).toBeGreaterThan(1.1)
    expect(inUse / points).toBeLessThan(1.35)
    expect(garden / points).toBeGreaterThan(0.1)
    expect(counts.meters).toBe(one<{ n: number }>(desk, 'SELECT count(*) n FROM meters').n)
    // Bimonthly households and monthly companies over 3 years: roughly 18–36 invoices per contract.
    const contracts = one<{ n: number }>(desk, 'SELECT count(*) n FROM contracts').n
    expect(counts.invoices / contracts).toBeGreaterThan(15)
    expect(counts.invoices / contracts).toBeLessThan(30)
    expect(counts.readings).toBe(one<{ n: number }>(desk, 'SELECT count(*) n FROM readings').n)
    expect(counts.readings).toBeGreaterThan(counts.invoices)
  })

  it('mixes persons and companies, e-mails and phones, as a real office', () => {
    const mix = one<{ persons: number; email: number; phone: number }>(
      desk,
      "SELECT avg(kind = 'person') persons, avg(email IS NOT NULL) email, avg(phone IS NOT NULL) phone FROM customers",
    )
    expect(mix.persons).toBeGreaterThan(0.78)
    expect(mix.persons).toBeLessThan(0.92)
    expect(mix.email).toBeGreaterThan(0.5)
    expect(mix.email).toBeLessThan(0.7)
    expect(mix.phone).toBeGreaterThan(0.6)
    expect(mix.phone).toBeLessThan(0.8)
    const companies = rows<{ company_name: string }>(desk, "SELECT company_name FROM customers WHERE kind = 'company'").map((c) => c.company_name)
    expect(companies.some((n) => /Sp\. z o\.o\.$/.test(n))).toBe(true)
    expect(companies.some((n) => n.startsWith('Wspólnota Mieszkaniowa'))).toBe(true)
  })

  it('gives every customer valid identifiers and an individual account', () => {
    const office = JSON.parse(one<{ value: string }>(desk, "SELECT value FROM settings WHERE id = 'office'").value)
    const customers = rows<{
      customer_no: string
      kind: string
      first_name: string | null
      last_name: string | null
      pesel: string | null
      nip: string | null
      regon: string | null
      bank_account: string
      corr_postal_code: string
      corr_city: string
    }>(desk, 'SELECT * FROM customers ORDER BY customer_no')
    expect(customers[0].customer_no).toBe('100001')
    expect(customers.at(-1)!.customer_no).toBe(String(100000 + CUSTOMERS))
    for (const c of customers) {
      expect(checkNrb(c.bank_account), c.customer_no).toBeNull()
      expect(c.bank_account).toBe(individualAccount(office, c.customer_no))
      expect(checkPostalCode(c.corr_postal_code)).toBeNull()
      expect(c.corr_city).toBe('Zamość')
      if (c.kind === 'person') {
        expect(checkPesel(c.pesel!), `${c.customer_no} ${c.pesel}`).toBeNull()
        const { birthDate, sex } = decodePesel(c.pesel!)!
        expect(birthDate >= '1935-01-01' && birthDate <= '2005-12-31', birthDate).toBe(true)
        // Polish first names of women end in -a; surnames in -ska/-cka/-dzka are women's.
        expect(sex, `${c.first_name} ${c.pesel}`).toBe(c.first_name!.endsWith('a') ? 'F' : 'M')
        if (/(ski|cki|dzki)$/.test(c.last_name!)) expect(sex).toBe('M')
        if (/(ska|cka|dzka)$/.test(c.last_name!)) expect(sex).toBe('F')
        expect(c.nip).toBeNull()
      } else {
        expect(checkNip(c.nip!), `${c.customer_no} ${c.nip}`).toBeNull()
        expect(checkRegon(c.regon!), `${c.customer_no} ${c.regon}`).toBeNull()
        expect(c.pesel).toBeNull()
      }
    }
    expect(new Set(customers.filter((c) => c.pesel).map((c) => c.pesel)).size).toBe(customers.filter((c) => c.pesel).length)
    expect(new Set(customers.map((c) => c.bank_account)).size).toBe(customers.length)
    // Polish letters, ł/Ł included.
    const names = customers.map((c) => `${c.first_name} ${c.last_name}`).join(' ')
    expect(names).toMatch(/[łŁ]/)
    expect(names).toMatch(/[ąćęńóśźż]/)
  })

  it('has unique meter numbers and a removal and installation reading at every replacement', () => {
    expect(one<{ n: number }>(desk, 'SELECT count(*) - count(DISTINCT serial_no) n FROM meters').n).toBe(0)
    const serials = rows<{ serial_no: string }>(desk, 'SELECT serial_no FROM meters').map((m) => m.serial_no)
    for (const s of serials) expect(s).toMatch(/^ZM\d{8}$/)
    const removed = rows<{ id: string; supply_point_id: string; kind: string; removed_on: string }>(desk, "SELECT * FROM meters WHERE state = 'removed'")
    expect(removed.length).toBeGreaterThan(0)
    for (const m of removed) {
      const last = one<{ read_on: string; kind: string }>(desk, 'SELECT read_on, kind FROM readings WHERE meter_id = ? ORDER BY read_on DESC, id DESC LIMIT 1', m.id)
      expect(last).toEqual({ read_on: m.removed_on, kind: 'removal' })
      const successor = one<{ id: string } | undefined>(desk, 'SELECT id FROM meters WHERE supply_point_id = ? AND kind = ? AND installed_on = ?', m.supply_point_id, m.kind, m.removed_on)
      if (successor) {
        const first = one<{ id: string; kind: string; value_m3: number }>(desk, 'SELECT id, kind, value_m3 FROM readings WHERE meter_id = ? ORDER BY read_on, id LIMIT 1', successor.id)
        expect(first.kind).toBe('installation')
        expect(first.value_m3).toBeLessThanOrEqual(2)
        // The replacement protocol ties the old meter's final reading to the new one's first.
        const protocol = one<{ old_final_reading_id: string; new_initial_reading_id: string; new_meter_id: string; replaced_on: string }>(
          desk,
          'SELECT * FROM meter_replacements WHERE old_meter_id = ?',
          m.id,
        )
        expect(protocol).toMatchObject({ new_meter_id: successor.id, new_initial_reading_id: first.id, replaced_on: m.removed_on })
        expect(one<{ kind: string }>(desk, 'SELECT kind FROM readings WHERE id = ?', protocol.old_final_reading_id).kind).toBe('removal')
      }
    }
    const protocols = rows<{ protocol_no: string }>(desk, 'SELECT protocol_no FROM meter_replacements ORDER BY protocol_no').map((p) => p.protocol_no)
    expect(protocols.length).toBeGreaterThan(0)
    for (const [year, list] of groupBy(protocols, (p) => p.split('/')[2])) {
      expect(list).toEqual(list.map((_, i) => `PW/K1/${year}/${String(i + 1).padStart(5, '0')}`))
    }
    const states = Object.fromEntries(rows<{ state: string; n: number }>(desk, 'SELECT state, count(*) n FROM meters GROUP BY state').map((r) => [r.state, r.n]))
    expect(states.active).toBeGreaterThan(states.to_replace)
    expect(states.to_replace).toBeGreaterThan(0)
  })

  it('keeps readings whole, cumulative and never decreasing on any meter', () => {
    const drops = one<{ n: number }>(
      desk,
      `SELECT count(*) n FROM (
         SELECT value_m3, lag(value_m3) OVER (PARTITION BY meter_id ORDER BY read_on, id) prev FROM readings
       ) WHERE value_m3 < prev`,
    )
    expect(drops.n).toBe(0)
    const kinds = Object.fromEntries(rows<{ kind: string; n: number }>(desk, 'SELECT kind, count(*) n FROM readings GROUP BY kind').map((r) => [r.kind, r.n]))
    expect(kinds.reader).toBeGreaterThan(kinds.customer)
    for (const k of ['customer', 'radio', 'estimated', 'installation', 'removal']) expect(kinds[k], k).toBeGreaterThan(0)
    // The real reading after an estimate says which estimate it replaces.
    const afterEstimates = rows<{ estimate: string; replaces: string | null; kind: string }>(
      desk,
      `SELECT e.id estimate, (SELECT r.replaces_estimate_id FROM readings r WHERE r.meter_id = e.meter_id AND r.read_on > e.read_on ORDER BY r.read_on LIMIT 1) replaces,
              (SELECT r.kind FROM readings r WHERE r.meter_id = e.meter_id AND r.read_on > e.read_on ORDER BY r.read_on LIMIT 1) kind
         FROM readings e WHERE e.kind = 'estimated'`,
    )
    for (const e of afterEstimates) if (e.kind && e.kind !== 'estimated') expect(e.replaces).toBe(e.estimate)
    // Radio readings only from meters with a radio module.
    expect(one<{ n: number }>(desk, "SELECT count(*) n FROM readings r JOIN meters m ON m.id = r.meter_id WHERE r.kind = 'radio' AND m.radio_id IS NULL").n).toBe(0)
    // Garden meters run only from April to September (an estimate repeats the previous period).
    const winter = one<{ n: number }>(
      desk,
      `SELECT count(*) n FROM invoice_readings WHERE meter_kind = 'additional' AND consumption_m3 > 0 AND to_kind <> 'estimated'
         AND substr(from_date, 6, 2) IN ('10', '11', '12', '01', '02') AND substr(to_date, 6, 2) IN ('11', '12', '01', '02', '03')`,
    )
    expect(winter.n).toBe(0)
  })

  it('bills every invoice from its lines: VAT per rate on the sum of nets, totals the sum of the parts', () => {
    const invoices = rows<{ id: string; net_total: number; vat_total: number; gross_total: number; issue_date: string; due_date: string }>(desk, 'SELECT * FROM invoices')
    const lines = rows<{ invoice_id: string; quantity: number; unit_net: number; net: number; vat_basis_points: number; name: string; unit: string }>(
      desk,
      'SELECT * FROM invoice_lines ORDER BY invoice_id, position',
    )
    const byInvoice = groupBy(lines, (l) => l.invoice_id)
    const wrong: string[] = []
    for (const inv of invoices) {
      const own = byInvoice.get(inv.id)!
      const totals = computeInvoice(own.map((l) => ({ name: l.name, unit: l.unit, quantity: l.quantity, unitNet: l.unit_net, vatBasisPoints: l.vat_basis_points })))
      if (own.some((l) => l.net !== l.quantity * l.unit_net)) wrong.push(`${inv.id}: line net`)
      if (inv.net_total !== own.reduce((s, l) => s + l.net, 0)) wrong.push(`${inv.id}: net total`)
      if (inv.vat_total !== totals.vat || inv.gross_total !== totals.gross || inv.gross_total !== inv.net_total + inv.vat_total) wrong.push(`${inv.id}: VAT/gross`)
      if (Date.parse(inv.due_date) - Date.parse(inv.issue_date) !== 14 * 86_400_000) wrong.push(`${inv.id}: due date`)
      if (inv.issue_date > TODAY) wrong.push(`${inv.id}: issued in the future`)
    }
    expect(invoices.length).toBeGreaterThan(1000)
    expect(wrong).toEqual([])
  })

  it('prices the lines from the tariff in force at the end of the period, 8% VAT', () => {
    const mismatched = one<{ n: number }>(
      desk,
      `SELECT count(*) n FROM invoice_lines l
         JOIN invoices i ON i.id = l.invoice_id
         JOIN tariff_prices p ON p.id = l.tariff_price_id
         JOIN contracts k ON k.id = i.contract_id
       WHERE p.tariff_group_id <> k.tariff_group_id
          OR i.period_to < p.valid_from OR (p.valid_to IS NOT NULL AND i.period_to > p.valid_to)
          OR l.vat_basis_points <> 800
          OR l.unit_net <> CASE l.name WHEN 'Woda' THEN p.water_net_per_m3 WHEN 'Ścieki' THEN p.sewage_net_per_m3 ELSE p.abonament_net END`,
    )
    expect(mismatched.n).toBe(0)
    // 2025 water: 3.46 zł net, 3.74 zł gross; the e-invoice abonament is the cheaper one.
    const p2025 = rows<{ code: string; water_net_per_m3: number; abonament_net: number }>(
      desk,
      "SELECT g.code, p.water_net_per_m3, p.abonament_net FROM tariff_prices p JOIN tariff_groups g ON g.id = p.tariff_group_id WHERE p.valid_from = '2025-01-01' ORDER BY g.code",
    )
    expect(p2025.map((p) => p.water_net_per_m3)).toEqual([346, 346, 346, 346])
    const abonament = Object.fromEntries(p2025.map((p) => [p.code, p.abonament_net]))
    expect(abonament['GD-E']).toBeLessThan(abonament['GD-P'])
    // Sewage is the water taken minus what went through the garden meter.
    const sewageOff = one<{ n: number }>(
      desk,
      `SELECT count(*) n FROM invoices i
         JOIN contracts k ON k.id = i.contract_id AND k.services = 'water_sewage'
         JOIN invoice_lines w ON w.invoice_id = i.id AND w.name = 'Woda'
         JOIN invoice_lines s ON s.invoice_id = i.id AND s.name = 'Ścieki'
       WHERE w.quantity <> (SELECT sum(consumption_m3) FROM invoice_readings r WHERE r.invoice_id = i.id AND r.meter_kind = 'main')
          OR s.quantity <> max(0, w.quantity - coalesce((SELECT sum(consumption_m3) FROM invoice_readings r WHERE r.invoice_id = i.id AND r.meter_kind = 'additional'), 0))`,
    )
    expect(sewageOff.n).toBe(0)
  })

  it('numbers invoices FW/K1/year/seq gap-free per year, in issue order, and continues the series', () => {
    const invoices = rows<{ number: string; issue_date: string }>(desk, 'SELECT number, issue_date FROM invoices ORDER BY number')
    const byYear = groupBy(invoices, (i) => i.number.split('/')[2])
    expect(byYear.size).toBeGreaterThanOrEqual(3)
    for (const [year, list] of byYear) {
      const wrong = list.filter(
        (inv, i) =>
          inv.number !== `FW/K1/${year}/${String(i + 1).padStart(6, '0')}` || inv.issue_date.slice(0, 4) !== year || (i > 0 && inv.issue_date < list[i - 1].issue_date),
      )
      expect(wrong).toEqual([])
      const series = one<{ next_value: number }>(desk, "SELECT next_value FROM number_series WHERE kind = 'invoice:FW' AND station_code = 'K1' AND period = ?", year)
      expect(series.next_value).toBe(list.length + 1)
    }
  })

  it('issues no invoice before its billing period has ended (as the billing run refuses to)', () => {
    expect(rows(desk, 'SELECT number, issue_date, period_to FROM invoices WHERE issue_date < period_to')).toEqual([])
  })

  it('issues B2B invoices in KSeF since it became mandatory: an FA(3) file valid against the shipped schema and a KSeF number in the real format', () => {
    const b2b = rows<{ number: string; issue_date: string; xml: string | null; ksef: string | null; at: string | null }>(
      desk,
      "SELECT number, issue_date, ksef_xml xml, ksef_number ksef, ksef_number_at at FROM invoices WHERE json_extract(buyer, '$.nip') IS NOT NULL ORDER BY number",
    )
    const inKsef = b2b.filter((i) => i.issue_date >= KSEF_MANDATORY_FROM)
    expect(inKsef.length).toBeGreaterThan(10)
    expect(b2b.filter((i) => i.issue_date < KSEF_MANDATORY_FROM && (i.xml || i.ksef))).toEqual([])
    for (const i of inKsef) {
      expect(i.xml, i.number).not.toBeNull()
      expect(ksefNumberProblem(i.ksef!), i.number).toBeNull()
      // The office's NIP, the day it was issued (and sent), the time it was recorded.
      expect(i.ksef!.slice(0, 19), i.number).toBe(`9220003560-${i.issue_date.replace(/-/g, '')}`)
      expect(i.at!.slice(0, 10)).toBe(i.issue_date)
      expect(i.xml).toContain(`<P_2>${i.number}</P_2>`)
    }
    expect(new Set(inKsef.map((i) => i.ksef)).size).toBe(inKsef.length)
    for (const i of inKsef.slice(0, 25)) expect(xmllintFa3(i.xml!), i.number).toMatchObject({ ok: true })
    expect(rows(desk, "SELECT number FROM invoices WHERE json_extract(buyer, '$.nip') IS NULL AND (ksef_xml IS NOT NULL OR ksef_number IS NOT NULL)")).toEqual([])
  })

  it('shows those invoices as delivered with their verification code (history was delivered before it was imported)', async () => {
    const { token } = await desk.call('staff.login', { login: 'urzednik', password: PASSWORD })
    const { id } = one<{ id: string }>(desk, "SELECT id FROM invoices WHERE ksef_number IS NOT NULL ORDER BY number LIMIT 1")
    const view = await desk.call('invoices.get', { id }, token)
    expect(view).toMatchObject({ ksefState: 'delivered', ksefQr: expect.stringMatching(/^https:\/\/qr\.ksef\.mf\.gov\.pl\/invoice\/9220003560\//) })
    expect((await desk.call('invoices.list', { ksef: 'delivered', limit: 5 }, token)).length).toBe(5)
    expect(await desk.call('invoices.list', { ksef: 'xml', limit: 5 }, token)).toEqual([])
  })

  it('has an e-invoice acceptance on record, in force before the first invoice, for every customer in an e-invoice tariff group', () => {
    const eCustomers = rows<{ id: string; first: string | null; email: string | null }>(
      desk,
      `SELECT DISTINCT c.customer_id id, (SELECT MIN(issue_date) FROM invoices i WHERE i.customer_id = c.customer_id) first, cu.email
       FROM contracts c JOIN tariff_groups g ON g.id = c.tariff_group_id JOIN customers cu ON cu.id = c.customer_id WHERE g.e_invoice = 1`,
    )
    expect(eCustomers.length).toBeGreaterThan(30)
    const accepts = groupBy(rows<{ customer_id: string; effective_on: string; email: string; scope: string; text_id: string | null; text_version: string | null; text_sha256: string | null; info_clause_version: string | null; info_clause_sha256: string | null; note: string | null }>(desk, "SELECT * FROM consent_events WHERE type = 'e_invoice' AND action = 'accept'"), (e) => e.customer_id)
    expect(accepts.size).toBe(eCustomers.length)
    const manifest = JSON.parse(readFileSync(join(RESOURCES, 'texts/manifest.json'), 'utf8')) as Record<string, string>
    for (const c of eCustomers) {
      const [e] = accepts.get(c.id) ?? []
      expect(e, c.id).toBeDefined()
      expect(e.email).toBe(c.email)
      if (c.first) expect(e.effective_on <= c.first).toBe(true)
      expect(JSON.parse(e.scope)).toContain('invoices')
      // The exact shipped text, by its pinned hash; older ones came from the previous system.
      if (e.text_id) expect(manifest[`${e.text_id}/${e.text_version}`]).toBe(e.text_sha256)
      else expect(e.note).toMatch(/poprzedniego systemu/)
      if (e.info_clause_version) expect(manifest[`klauzula-informacyjna/${e.info_clause_version}`]).toBe(e.info_clause_sha256)
    }
    expect(DEMO_E_INVOICE_TEXT.sha256).toBe(manifest[`${DEMO_E_INVOICE_TEXT.textId}/${DEMO_E_INVOICE_TEXT.version}`])
    expect(DEMO_INFO_CLAUSE.sha256).toBe(manifest[`klauzula-informacyjna/${DEMO_INFO_CLAUSE.version}`])
    // The desk's own consent numbers continue after the demo's.
    for (const [year, list] of groupBy(rows<{ document_no: string }>(desk, 'SELECT document_no FROM consent_events'), (e) => e.document_no.split('/')[2])) {
      expect(one<{ next_value: number }>(desk, "SELECT next_value FROM number_series WHERE kind = 'consent' AND station_code = 'K1' AND period = ?", year).next_value).toBe(list.length + 1)
    }
  })

  it('has most invoices paid by transfer, some customers in arrears on their last invoices, a few overpaid', () => {
    const payments = rows<{ reference: string; method: string; amount: number; paid_on: string; customer_id: string; account: string | null }>(desk, 'SELECT * FROM payments')
    const paidRefs = new Set(payments.map((p) => p.reference))
    const invoices = rows<{ customer_id: string; contract_id: string; number: string; issue_date: string; due_date: string }>(
      desk,
      'SELECT customer_id, contract_id, number, issue_date, due_date FROM invoices ORDER BY contract_id, issue_date',
    )
    expect(invoices.filter((i) => paidRefs.has(i.number)).length / invoices.length).toBeGreaterThan(0.85)
    expect(payments.filter((p) => p.method === 'bank').length / payments.length).toBeGreaterThan(0.7)
    expect(payments.filter((p) => p.paid_on > TODAY)).toEqual([])
    const accounts = new Map(rows<{ id: string; bank_account: string }>(desk, 'SELECT id, bank_account FROM customers').map((c) => [c.id, c.bank_account]))
    expect(payments.filter((p) => p.method === 'bank' && p.account !== accounts.get(p.customer_id))).toEqual([])

    // Unpaid invoices are always among a contract's 3 newest: arrears, not forgotten old debts.
    const unpaid: typeof invoices = []
    for (const list of groupBy(invoices, (i) => i.contract_id).values()) {
      list.forEach((inv, i) => {
        if (paidRefs.has(inv.number)) return
        unpaid.push(inv)
        expect(list.length - 1 - i, inv.number).toBeLessThanOrEqual(2)
      })
    }
    const overdueCustomers = new Set(unpaid.filter((u) => u.due_date < TODAY).map((u) => u.customer_id)).size
    expect(overdueCustomers / CUSTOMERS).toBeGreaterThan(0.04)
    expect(overdueCustomers / CUSTOMERS).toBeLessThan(0.3)

    const overpaid = one<{ n: number }>(
      desk,
      `SELECT count(*) n FROM customers c
        WHERE (SELECT coalesce(sum(amount), 0) FROM payments p WHERE p.customer_id = c.id)
            > (SELECT coalesce(sum(gross_total), 0) FROM invoices i WHERE i.customer_id = c.id)`,
    )
    expect(overpaid.n).toBeGreaterThan(0)
    expect(overpaid.n).toBeLessThan(CUSTOMERS * 0.1)
  })

  it('is seed data, not edits: one audit entry for the import and nothing queued for sync but settings and staff', () => {
    const audit = rows<{ operation: string; after: string }>(desk, "SELECT operation, after FROM audit_log WHERE entity = 'bulk_import'")
    expect(audit).toHaveLength(1)
    expect(audit[0].operation).toBe('system.loadDemo')
    expect(JSON.parse(audit[0].after).rows).toMatchObject({ customers: CUSTOMERS, invoices: counts.invoices })
    const queued = rows<{ entity: string }>(desk, 'SELECT DISTINCT entity FROM change_log').map((r) => r.entity)
    expect(queued.sort()).toEqual(['settings', 'staff'])
  })
})

describe('the demo generator is deterministic', () => {
  const DOMAIN_TABLES = [
    'tariff_groups', 'tariff_prices', 'customers', 'supply_points', 'contracts', 'meters', 'readings',
    'invoices', 'invoice_lines', 'invoice_readings', 'payments', 'number_series', 'settings',
  ]
  const desks: TestDesk[] = []
  afterAll(() => desks.forEach((d) => d.dispose()))

  async function contentHash(seed: number): Promise<string> {
    const desk = makeTestDesk({ now: () => NOW })
    desks.push(desk)
    await loadDemoOffice(desk.services, { seed, customers: 60, years: 2, today: TODAY })
    const hash = createHash('sha256')
    for (const table of DOMAIN_TABLES) {
      const all = desk.services.db.sqlite.prepare(`SELECT * FROM ${table} ORDER BY id`).raw().all()
      expect(all.length, table).toBeGreaterThan(0)
      hash.update(table).update(JSON.stringify(all))
    }
    return hash.digest('hex')
  }

  it('gives identical data for the same seed and different data for another seed', async () => {
    const first = await contentHash(42)
    expect(await contentHash(42)).toBe(first)
    expect(await contentHash(43)).not.toBe(first)
  })
})

describe('the bulk import path', () => {
  let desk: TestDesk
  afterAll(() => desk?.dispose())
  const ctx = { staffId: null, stationCode: 'K1', operation: 'test.import' }
  const stamp = '2026-05-15T08:00:00.000Z'
  const point = { id: '01900000-0000-7000-8000-000000000001', street: 'Krucza', houseNo: '10', flatNo: null, postalCode: '22-400', city: 'Zamość', createdAt: stamp, updatedAt: stamp }
  const meter = {
    id: '01900000-0000-7000-8000-000000000002',
    serialNo: 'ZM00000001',
    supplyPointId: point.id,
    kind: 'main' as const,
    diameterMm: 15,
    installedOn: '2026-01-10',
    legalisationYear: 2025,
    sealState: 'intact' as const,
    state: 'active' as const,
    createdAt: stamp,
    updatedAt: stamp,
  }
  const reading = (n: number, meterId = meter.id) => ({
    id: `01900000-0000-7000-8000-1000000000${String(n).padStart(2, '0')}`,
    meterId,
    readOn: `2026-0${n}-28`,
    valueM3: n * 10,
    kind: 'reader' as const,
    createdAt: stamp,
  })

  it('refuses a row whose parent is missing and leaves nothing behind', () => {
    desk = makeTestDesk({ now: () => NOW })
    const db = desk.services.db
    expect(() =>
      db.importRows(ctx, [importBatch(supplyPoints, [point]), importBatch(meters, [meter]), importBatch(readings, [reading(1), reading(2, '01900000-0000-7000-8000-00000000dead')])]),
    ).toThrow(/FOREIGN KEY/)
    for (const table of ['supply_points', 'meters', 'readings', 'audit_log']) {
      expect(one<{ n: number }>(desk, `SELECT count(*) n FROM ${table}`).n, table).toBe(0)
    }
    // The indexes dropped for the import are back after the rollback.
    expect(rows(desk, "SELECT name FROM sqlite_master WHERE name = 'readings_meter_date'")).toHaveLength(1)
  })

  it('writes the rows, their indexes and one audit entry, and nothing for sync', () => {
    const db = desk.services.db
    const summary = db.importRows(ctx, [importBatch(supplyPoints, [point]), importBatch(meters, [meter]), importBatch(readings, [1, 2, 3].map((n) => reading(n)))])
    expect(summary.rows).toEqual({ supply_points: 1, meters: 1, readings: 3 })
    expect(one<{ n: number }>(desk, 'SELECT count(*) n FROM readings WHERE meter_id = ?', meter.id).n).toBe(3)
    expect(one<{ counter_digits: number }>(desk, 'SELECT counter_digits FROM meters').counter_digits).toBe(5) // column default applied
    expect(rows(desk, "SELECT name FROM sqlite_master WHERE name IN ('readings_meter_date', 'meters_serial')")).toHaveLength(2)
    expect(rows<{ entity: string; operation: string }>(desk, 'SELECT entity, operation FROM audit_log')).toEqual([{ entity: 'bulk_import', operation: 'test.import' }])
    expect(one<{ n: number }>(desk, 'SELECT count(*) n FROM change_log').n).toBe(0)
  })
})
