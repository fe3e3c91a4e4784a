// The billing run for a month, end to end on a real SQLite file: preview (nothing written), run
// (numbers from the station's series, estimates marked, sums that check out), PDFs read back with
// pdftotext, KSeF XML validated by xmllint against the official schema, e-invoices at a real SMTP
// server with the right PDF attached, and a print batch in delivery order for the rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OutputOf } from '../../shared/api/contract'
import { computeInvoice, vatOf } from '../../shared/domain/billing'
import { formatNrb } from '../../shared/validation/identifiers'
import { billingRunAudit } from '../../src-main/core/billing/audit'
import { createBillingService } from '../../src-main/core/billing/service'
import { LEFTOVERS_SQL } from '../../src-main/core/invoices/delivery'
import { signInNewStaff, type TestDesk } from '../support/desk'
import { tamper } from '../support/tamper'
import {
  acceptEInvoices,
  installGardenMeter,
  makeBillingDesk,
  nbsp,
  pdfText,
  qpdfCheck,
  seedAccount,
  seedReadings,
  seedTariffs,
  startSmtp,
  xmllintFa3,
  type SeededAccount,
  type Smtp,
} from '../support/billing-office'

const NOW = new Date('2026-05-04T07:30:00Z')
let smtp: Smtp
let desk: TestDesk
let token: string
const accounts = {} as Record<'anna' | 'lukasz' | 'coop' | 'marta' | 'jan', SeededAccount>
let preview: OutputOf<'billing.preview'>
let run: OutputOf<'billing.run'>
const count = (sql: string) => (desk.services.db.readSql.prepare(sql).get() as { n: number }).n

beforeAll(async () => {
  smtp = await startSmtp()
  ;({ desk, token } = await makeBillingDesk(() => NOW, smtp))
  const groups = await seedTariffs(desk, token)
  const addr = (street: string, houseNo: string, flatNo: string | null = null) => ({ street, houseNo, flatNo, postalCode: '22-400', city: 'Zamość' })

  accounts.anna = await seedAccount(desk, token, groups.eInvoice, { kind: 'person', firstName: 'Anna', lastName: 'Wiśniewska', email: 'anna.w@example.pl', correspondenceAddress: addr('Lwowska', '12', '4') })
  await acceptEInvoices(desk, token, accounts.anna.customerId, 'anna.faktury@example.pl', '2026-01-10')
  seedReadings(desk, accounts.anna.meterId, [['2025-12-29', 100], ['2026-02-27', 112], ['2026-04-28', 124]])

  accounts.lukasz = await seedAccount(desk, token, groups.paper, { kind: 'person', firstName: 'Łukasz', lastName: 'Żółkiewski', email: 'lukasz@example.pl', correspondenceAddress: addr('Partyzantów', '7') })
  seedReadings(desk, accounts.lukasz.meterId, [['2025-12-29', 200], ['2026-02-27', 215], ['2026-04-28', 230]])
  const garden = await installGardenMeter(desk, token, accounts.lukasz.supplyPointId)
  seedReadings(desk, garden, [['2026-02-27', 10], ['2026-04-28', 13]])

  accounts.coop = await seedAccount(desk, token, groups.business, {
    kind: 'company',
    companyName: 'Spółdzielnia Mieszkaniowa „Zamojska”',
    nip: '922-650-48-37',
    correspondenceAddress: addr('Hrubieszowska', '45'),
  })
  seedReadings(desk, accounts.coop.meterId, [['2026-02-28', 4880], ['2026-03-31', 5000], ['2026-04-30', 5120]])

  accounts.marta = await seedAccount(desk, token, groups.paper, { kind: 'person', firstName: 'Marta', lastName: 'Nowak', correspondenceAddress: addr('Akademicka', '3') })
  seedReadings(desk, accounts.marta.meterId, [['2025-04-28', 76], ['2025-06-27', 82], ['2025-08-28', 88], ['2025-10-28', 94], ['2025-12-29', 100], ['2026-02-27', 106]])

  accounts.jan = await seedAccount(desk, token, groups.paper, { kind: 'person', firstName: 'Jan', lastName: 'Kowalski', correspondenceAddress: addr('Okrzei', '2') })
  seedReadings(desk, accounts.jan.meterId, [['2026-02-27', 300], ['2026-04-28', 290]])
})

afterAll(async () => {
  desk?.dispose()
  await smtp?.close()
})

describe('preview', () => {
  it('lists the invoices to issue and the skipped contracts with the reason, and writes nothing', async () => {
    const before = count('SELECT count(*) n FROM audit_log') + count('SELECT count(*) n FROM readings')
    preview = await desk.call('billing.preview', { month: '2026-04' }, token)
    expect(count('SELECT count(*) n FROM audit_log') + count('SELECT count(*) n FROM readings')).toBe(before)
    expect(count('SELECT count(*) n FROM invoices')).toBe(0)

    expect(preview).toMatchObject({ month: '2026-04', issueDate: '2026-05-04', dueDate: '2026-05-18', alreadyInvoiced: 0 })
    expect(preview.items.map((i) => [i.customerName, i.periodFrom, i.periodTo, i.channel, i.ksef, i.estimated])).toEqual([
      ['Anna Wiśniewska', '2026-03-01', '2026-04-30', 'email', false, false],
      ['Łukasz Żółkiewski', '2026-03-01', '2026-04-30', 'paper', false, false],
      ['Spółdzielnia Mieszkaniowa „Zamojska”', '2026-04-01', '2026-04-30', 'paper', true, false],
      ['Marta Nowak', '2026-03-01', '2026-04-30', 'paper', false, true],
    ])
    expect(preview.skipped).toEqual([
      expect.objectContaining({
        customerName: 'Jan Kowalski',
        reason: expect.stringMatching(/stan 290 m³ z 28\.04\.2026 jest niższy od poprzedniego \(300 m³ z 27\.02\.2026\).*wyjaśnij przed fakturowaniem/),
      }),
    ])
    expect(preview.warnings.map((w) => [w.customerName, w.message])).toEqual([['Marta Nowak', expect.stringMatching(/odczyt szacunkowy 112 m³ na 30\.04\.2026/)]])
    // Łukasz: 15 m³ of water, 12 m³ of sewage (3 m³ went to the garden).
    expect(preview.items[1].lines.map((l) => [l.name, l.quantity])).toEqual([
      ['Dostawa wody', 15],
      ['Odprowadzanie ścieków', 12],
      ['Opłata abonamentowa (mar–kwi 2026)', 1],
    ])
    expect(preview.totals.gross).toBe(preview.items.reduce((s, i) => s + i.gross, 0))
  })

  it('refuses a month that has not ended, and a clerk', async () => {
    await expect(desk.call('billing.preview', { month: '2026-05' }, token)).rejects.toMatchObject({ code: 'VALIDATION', field: 'month' })
    await expect(desk.call('billing.run', { month: '2026-04', issueDate: '2026-04-29' }, token)).rejects.toMatchObject({ code: 'VALIDATION', field: 'issueDate' })
    const clerk = await signInNewStaff(desk, token, { login: 'urzednik', fullName: 'Joanna Kołodziej', role: 'clerk', password: 'Haslo-urzednika-1' })
    await expect(desk.call('billing.run', { month: '2026-04' }, clerk.token)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect(count('SELECT count(*) n FROM invoices')).toBe(0)
  })
})

describe('the run', () => {
  it('issues the previewed invoices with gap-free numbers of the station, and reports the skipped contract', async () => {
    run = await desk.call('billing.run', { month: '2026-04' }, token)
    expect(run).toMatchObject({ status: 'done', month: '2026-04', issueDate: '2026-05-04', issuedCount: 4, skippedCount: 1, gross: preview.totals.gross })
    // The cooperative (NIP) is issued in KSeF: it waits for its KSeF number instead of going to print.
    expect(run.report).toMatchObject({ emailed: 1, paper: 2, ksef: 1, awaitingKsef: 1, estimatedReadings: 1, alreadyInvoiced: 0 })
    expect(run.report!.skipped.map((s) => s.customerName)).toEqual(['Jan Kowalski'])
    const list = await desk.call('invoices.list', { billingRunId: run.id }, token)
    expect(list.map((i) => i.number).sort()).toEqual(['FW/K1/2026/000001', 'FW/K1/2026/000002', 'FW/K1/2026/000003', 'FW/K1/2026/000004'])
    expect(await desk.call('billing.progress', {}, token)).toMatchObject({ runId: run.id, phase: 'done', issued: 4, skipped: 1, error: null })
  })

  it('is audited once, for the whole run: period, number range, counts and totals — not an entry per invoice, line, reading or mail', () => {
    const ids = (desk.services.db.readSql.prepare('SELECT id FROM invoices WHERE billing_run_id = ?').all(run.id) as { id: string }[]).map((r) => r.id)
    const estimate = desk.services.db.readSql.prepare(`SELECT id FROM readings WHERE kind = 'estimated'`).get() as { id: string }
    const mailIds = (desk.services.db.readSql.prepare(`SELECT mail_id AS id FROM invoice_deliveries WHERE mail_id IS NOT NULL`).all() as { id: string }[]).map((r) => r.id)
    expect(mailIds).toHaveLength(1)
    const audited = [...ids, estimate.id, ...mailIds]
    const perRow = desk.services.db.readSql
      .prepare(`SELECT count(*) n FROM audit_log WHERE entity_id IN (${audited.map(() => '?').join(', ')}) OR entity IN ('invoice_lines', 'invoice_readings', 'invoice_deliveries')`)
      .get(...audited)
    expect(perRow).toEqual({ n: 0 })
    const entries = desk.services.db.readSql.prepare(`SELECT operation, staff_id, before, after FROM audit_log WHERE entity = 'billing_runs' AND entity_id = ? ORDER BY at, id`).all(run.id) as {
      operation: string
      staff_id: string | null
      before: string | null
      after: string
    }[]
    const issued = entries.map((e) => JSON.parse(e.after) as Record<string, unknown>).filter((e) => e.kind === 'billing_run_issued')
    expect(issued).toEqual([
      {
        kind: 'billing_run_issued',
        month: '2026-04',
        issueDate: '2026-05-04',
        invoices: 4,
        firstNumber: 'FW/K1/2026/000001',
        lastNumber: 'FW/K1/2026/000004',
        net: run.net,
        vat: run.vat,
        gross: run.gross,
        // Lines: water + sewage + subscription, Łukasz's too; one billed reading per meter (his garden meter too); the B2B one awaits KSeF.
        rows: { invoices: 4, invoice_lines: count(`SELECT count(*) n FROM invoice_lines`), invoice_readings: 5, readings: 1, invoice_deliveries: 3, mails: 1 },
      },
    ])
    // Counted by the run as it wrote; a failed or interrupted run's entry is read back instead: the same.
    expect(issued[0]).toEqual(billingRunAudit(desk.services.db.read, run.id))
    expect(entries.every((e) => e.operation === 'billing.run' && e.staff_id !== null)).toBe(true)
    // Other desks still receive every row: each has its change-log entry.
    expect(count(`SELECT count(*) n FROM change_log WHERE entity = 'invoices'`)).toBe(4)
    expect(count(`SELECT count(*) n FROM change_log WHERE entity = 'invoice_lines'`)).toBe(count(`SELECT count(*) n FROM invoice_lines`))
    expect(count(`SELECT count(*) n FROM change_log WHERE entity = 'mails' AND op = 'insert' AND entity_id = '${mailIds[0]}'`)).toBe(1)
  })

  it('sums check out: VAT per rate on the sum of nets, totals equal the sum of their parts, run totals the sum of invoices', async () => {
    const list = await desk.call('invoices.list', { billingRunId: run.id }, token)
    let net = 0
    let vat = 0
    for (const item of list) {
      const inv = await desk.call('invoices.get', { id: item.id }, token)
      const recomputed = computeInvoice(inv.lines)
      expect(inv.lines.every((l) => l.net === l.quantity * l.unitNet)).toBe(true)
      expect(inv.byRate).toEqual(recomputed.byRate)
      for (const r of inv.byRate) expect(r.vat).toBe(vatOf(r.net, r.vatBasisPoints))
      expect([inv.net, inv.vat, inv.gross]).toEqual([recomputed.net, recomputed.vat, recomputed.net + recomputed.vat])
      net += inv.net
      vat += inv.vat
    }
    expect([run.net, run.vat, run.gross]).toEqual([net, vat, net + vat])
  })

  it('writes the estimated reading as a marked fact, and the next real reading corrects it', async () => {
    const est = desk.services.db.readSql.prepare("SELECT read_on, value_m3, kind, source, note FROM readings WHERE meter_id = ? AND kind = 'estimated'").all(accounts.marta.meterId)
    expect(est).toEqual([{ read_on: '2026-04-30', value_m3: 112, kind: 'estimated', source: 'rozliczenie', note: expect.stringMatching(/^Odczyt szacunkowy w rozliczeniu/) }])
    const inv = (await desk.call('invoices.list', { customerId: accounts.marta.customerId }, token))[0]
    const view = await desk.call('invoices.get', { id: inv.id }, token)
    expect(view.readings).toEqual([expect.objectContaining({ fromValue: 106, toValue: 112, toKind: 'estimated', estimated: true, consumptionM3: 6 })])
  })

  it('prints every mandatory element of art. 106e on the PDF, with Polish letters, the individual account and the readings', async () => {
    const [item] = await desk.call('invoices.list', { customerId: accounts.coop.customerId }, token)
    const pdf = await desk.call('invoices.pdf', { id: item.id }, token)
    expect(qpdfCheck(pdf.pdfBase64)).toContain('No syntax or stream encoding errors')
    const text = pdfText(pdf.pdfBase64, true)
    for (const expected of [
      `Faktura VAT nr ${item.number}`,
      'Data wystawienia 04.05.2026, Zamość',
      'Okres rozliczeniowy 01.04.2026 – 30.04.2026',
      'Termin płatności 18.05.2026',
      'Przedsiębiorstwo Gospodarki Komunalnej Sp. z o.o. w Zamościu',
      'ul. Krucza 10, 22-400 Zamość',
      'NIP 9220003560',
      'Spółdzielnia Mieszkaniowa „Zamojska”',
      'ul. Hrubieszowska 45, 22-400 Zamość',
      'NIP 9226504837',
      'Dostawa wody m³ 120 3,55 426,00 8%',
      'Odprowadzanie ścieków m³ 120 4,60 552,00 8%',
      'Opłata abonamentowa (kwi 2026) okres 1 12,30 12,30 8%',
      '8% 990,30 79,22 1 069,52',
      'Razem 990,30 79,22 1 069,52',
      'Do zapłaty: 1 069,52 zł',
      formatNrb(accounts.coop.bankAccount),
      '5 000 m³ z 31.03.2026 (inkasent)',
      '5 120 m³ z 30.04.2026 (inkasent) 120 m³',
    ]) {
      expect(nbsp(text)).toContain(expected)
    }
  })

  it('marks an estimated reading on the invoice', async () => {
    const [item] = await desk.call('invoices.list', { customerId: accounts.marta.customerId }, token)
    const text = pdfText((await desk.call('invoices.pdf', { id: item.id }, token)).pdfBase64, true)
    expect(nbsp(text)).toContain('106 m³ z 27.02.2026 (inkasent) 112 m³ z 30.04.2026 (SZACUNKOWY) 6 m³')
    expect(text.replace(/\n/g, ' ')).toContain('zostanie rozliczone przy najbliższym odczycie rzeczywistym')
  })

  it('keeps FA(3) XML for the buyer with a NIP, valid against the official schema; consumers have none', async () => {
    const list = await desk.call('invoices.list', { billingRunId: run.id }, token)
    const withXml = list.filter((i) => i.ksef === 'xml')
    expect(withXml.map((i) => i.buyerName)).toEqual(['Spółdzielnia Mieszkaniowa „Zamojska”'])
    for (const item of list) {
      if (item.ksef === 'none') {
        await expect(desk.call('invoices.ksefXml', { id: item.id }, token)).rejects.toMatchObject({ code: 'NOT_FOUND' })
        continue
      }
      const { xml } = await desk.call('invoices.ksefXml', { id: item.id }, token)
      const lint = xmllintFa3(xml)
      expect(lint.output).toContain('validates')
      expect(lint.ok).toBe(true)
      expect(xml).toContain(`<P_2>${item.number}</P_2>`)
      expect(xml).toContain('<P_13_2>990.30</P_13_2>')
      expect(xml).toContain('<P_14_2>79.22</P_14_2>')
      expect(xml).toContain('<P_15>1069.52</P_15>')
      expect(xml).toContain(`<NrRB>${accounts.coop.bankAccount}</NrRB>`)
      expect(xml).toContain('<Nazwa>Spółdzielnia Mieszkaniowa „Zamojska”</Nazwa>')
    }
  })

  it('e-mails the invoice with its PDF to the address the acceptance covers, the same day', async () => {
    expect(await desk.services.mail.runOnce()).toMatchObject({ sent: 1, failed: 0 })
    expect(smtp.inbox).toHaveLength(1)
    const [mail] = smtp.inbox
    const [anna] = await desk.call('invoices.list', { customerId: accounts.anna.customerId }, token)
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('anna.faktury@example.pl')
    expect(mail.subject).toBe(`Faktura ${anna.number} — Przedsiębiorstwo Gospodarki Komunalnej Sp. z o.o. w Zamościu`)
    expect(nbsp(mail.text ?? '')).toContain(`Kwota do zapłaty: ${nbsp(formatZl(anna.gross))}, termin płatności: 18.05.2026.`)
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([[`Faktura_${anna.number.replace(/\//g, '_')}.pdf`, 'application/pdf']])
    const text = nbsp(pdfText(new Uint8Array(mail.attachments[0].content)))
    expect(text).toContain(`Faktura VAT nr ${anna.number}`)
    expect(text).toContain('Anna Wiśniewska')
    expect(text).toContain('124 m³ z 28.04.2026')
    const view = await desk.call('invoices.get', { id: anna.id }, token)
    expect(view.deliveries).toEqual([expect.objectContaining({ channel: 'email', email: 'anna.faktury@example.pl', state: 'sent', label: expect.stringMatching(/^Wysłano 04\.05\.2026 na anna\.faktury@example\.pl/) })])
  })

  it('puts the paper invoices into one print batch, in delivery order, each numbered on its own pages; not the B2B one before its KSeF number', async () => {
    expect(run.printBatchId).not.toBeNull()
    const batch = await desk.call('invoices.printBatchPdf', { id: run.printBatchId! }, token)
    expect(batch.pages).toBe(2)
    const text = nbsp(pdfText(batch.pdfBase64))
    // Delivery order: same postal code and town, then street — Akademicka, Partyzantów.
    const at = (name: string) => text.indexOf(name)
    expect(at('Marta Nowak')).toBeGreaterThan(-1)
    expect(at('Marta Nowak')).toBeLessThan(at('Łukasz Żółkiewski'))
    expect(text.match(/Strona 1 z 1/g)).toHaveLength(2)
    expect(text).not.toContain('Anna Wiśniewska')
    expect(text).not.toContain('Spółdzielnia Mieszkaniowa „Zamojska”')
    const [lukasz] = await desk.call('invoices.list', { customerId: accounts.lukasz.customerId }, token)
    expect(lukasz.delivery).toBe('to_print')
    const printed = await desk.call('invoices.markBatchPrinted', { id: run.printBatchId! }, token)
    expect(printed.printedAt).not.toBeNull()
    expect((await desk.call('invoices.get', { id: lukasz.id }, token)).deliveries[0]).toMatchObject({ channel: 'paper', state: 'printed', basis: expect.stringContaining('brak akceptacji e-faktur') })
  })

  it('lets the screen follow a run, and refuses a second run while one is going', async () => {
    const first = desk.call('billing.run', { month: '2026-04' }, token)
    // The run plans only after yielding to the event loop: the desk answers meanwhile.
    const progress = await desk.call('billing.progress', {}, token)
    expect(progress).toMatchObject({ month: '2026-04', phase: 'planning', finishedAt: null })
    await expect(desk.call('billing.run', { month: '2026-04' }, token)).rejects.toMatchObject({ code: 'CONFLICT', message: 'Trwa rozliczenie za 2026-04 — poczekaj na jego koniec' })
    const done = await first
    expect(done).toMatchObject({ id: progress!.runId, status: 'done', issuedCount: 0 })
    expect(await desk.call('billing.progress', {}, token)).toMatchObject({ runId: done.id, phase: 'done' })
  })

  it('tells a listener every step of a run, in order', async () => {
    const billing = createBillingService(desk.services)
    const adminId = (desk.services.db.readSql.prepare("SELECT id FROM staff WHERE login = 'admin'").get() as { id: string }).id
    const seen: string[] = []
    const stop = billing.onProgress((p) => seen.push(`${p.phase}:${p.done}/${p.total}`))
    await billing.run({ staffId: adminId, stationCode: 'K1', operation: 'billing.run' }, { month: '2026-04' })
    stop()
    expect(seen).toEqual(['issuing:0/0', 'delivering:0/0', 'delivering:0/0', 'done:0/0'])
  })

  it('running the month again issues nothing twice', async () => {
    const again = await desk.call('billing.run', { month: '2026-04' }, token)
    expect(again).toMatchObject({ status: 'done', issuedCount: 0, skippedCount: 1 })
    expect(again.report).toMatchObject({ alreadyInvoiced: 4 })
    expect(count('SELECT count(*) n FROM invoices')).toBe(4)
    const runs = await desk.call('billing.runs', { limit: 10 }, token)
    expect(runs.map((r) => r.issuedCount)).toEqual([0, 0, 0, 4])
  })

  it('never changes an issued invoice when the customer or the tariff changes later', async () => {
    const [item] = await desk.call('invoices.list', { customerId: accounts.coop.customerId }, token)
    const before = await desk.call('invoices.get', { id: item.id }, token)
    const pdfBefore = pdfText((await desk.call('invoices.pdf', { id: item.id }, token)).pdfBase64)
    await desk.call(
      'customers.update',
      {
        id: accounts.coop.customerId,
        data: { kind: 'company', companyName: 'SM „Zamojska” w likwidacji', nip: '9226504837', correspondenceAddress: { street: 'Lubelska', houseNo: '1', postalCode: '22-400', city: 'Zamość' } },
      },
      token,
    )
    const group = (await desk.call('tariffs.list', {}, token)).find((g) => g.code === 'PO-P')!
    await desk.call('tariffs.addPrice', { tariffGroupId: group.id, validFrom: '2026-06-01', waterNet: '3,99', sewageNet: '4,99', abonamentNet: '13,00', vatRate: '8' }, token)
    const after = await desk.call('invoices.get', { id: item.id }, token)
    expect({ ...after, deliveries: [] }).toEqual({ ...before, deliveries: [] })
    expect(pdfText((await desk.call('invoices.pdf', { id: item.id }, token)).pdfBase64)).toBe(pdfBefore)
  })
})

describe('an invoice that arrives between the plan and the issue', () => {
  it('wins: the run issues nothing twice for its period and takes no number for it', async () => {
    const billing = createBillingService(desk.services)
    const adminId = (desk.services.db.readSql.prepare("SELECT id FROM staff WHERE login = 'admin'").get() as { id: string }).id
    let arrived = false
    const stop = billing.onProgress((p) => {
      if (p.phase !== 'issuing' || arrived) return
      arrived = true
      // Anna's May–June invoice from another desk, applied by sync once this run has planned.
      tamper(desk.services.db, (raw) =>
        raw
          .prepare(
            `INSERT INTO invoices (id, number, kind, customer_id, contract_id, issue_date, period_from, period_to, due_date, net_total, vat_total, gross_total,
               series, station_code, place_of_issue, seller, buyer, supply_point, payment_account, tariff_group_name, created_by, created_at)
             SELECT 'inna-faktura', 'FW/K2/2026/000001', kind, customer_id, contract_id, '2026-07-01', '2026-05-01', '2026-06-30', due_date, net_total, vat_total, gross_total,
               series, 'K2', place_of_issue, seller, buyer, supply_point, payment_account, tariff_group_name, created_by, created_at
             FROM invoices WHERE contract_id = ? LIMIT 1`,
          )
          .run(accounts.anna.contractId),
      )
    })
    const issuedBefore = count("SELECT count(*) n FROM invoices WHERE station_code = 'K1'")
    const june = await billing.run({ staffId: adminId, stationCode: 'K1', operation: 'billing.run' }, { month: '2026-06', issueDate: '2026-07-01' })
    stop()
    expect(arrived).toBe(true)
    expect(june.status).toBe('done')
    expect(june.report).toMatchObject({ alreadyInvoiced: 1 })
    expect(count(`SELECT count(*) n FROM invoices WHERE contract_id = '${accounts.anna.contractId}' AND period_to = '2026-06-30'`)).toBe(1)
    // The run's numbers follow the station's last one without a gap.
    const numbers = (desk.services.db.readSql.prepare("SELECT number FROM invoices WHERE station_code = 'K1' ORDER BY number").all() as { number: string }[]).map((r) => Number(r.number.slice(-6)))
    expect(numbers).toEqual(numbers.map((_, i) => i + 1))
    expect(june.issuedCount).toBe(numbers.length - issuedBefore)
  })
})

function formatZl(grosze: number): string {
  return new Intl.NumberFormat('pl-PL', { style: 'currency', currency: 'PLN', useGrouping: 'always' }).format(grosze / 100)
}

describe('after a crash', () => {
  it('looks up what was left undelivered through indexes, never by reading the office’s whole invoice history', () => {
    // Run at every start and at the end of every run: the corrections branch once went through
    // the run index for "billing_run_id IS NULL" — every seed invoice, seconds at Zamość.
    const plan = (desk.services.db.readSql.prepare(`EXPLAIN QUERY PLAN ${LEFTOVERS_SQL}`).all(null, 'K1', 'K1') as { detail: string }[]).map((r) => r.detail)
    expect(plan.filter((d) => / i\b/.test(d) && /^(SCAN|SEARCH)/.test(d))).toEqual([
      expect.stringMatching(/^SEARCH i USING INDEX invoices_run \(billing_run_id=\?\)/),
      expect.stringMatching(/^SEARCH i USING INDEX invoices_corrects \(corrects_id>\?\)/),
    ])
  })
})
