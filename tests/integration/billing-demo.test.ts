// A billing run over the demo office (the deterministic Zamość office): the demo's history stops
// on 2 May 2026 with part of April not yet invoiced, the counter registers a few more e-invoice
// acceptances, and the run for April must produce invoices whose sums check out, PDFs with every
// mandatory field, FA(3) XML that validates (every file), mails with the right PDF at a real SMTP
// server, B2B invoices kept until their KSeF number, and one print batch with the rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OutputOf } from '../../shared/api/contract'
import { vatOf } from '../../shared/domain/billing'
import { formatNrb } from '../../shared/validation/identifiers'
import { makeTestDesk, type TestDesk } from '../support/desk'
import { acceptEInvoices, nbsp, pdfText, startSmtp, xmllintFa3, type Smtp } from '../support/billing-office'

const NOW = new Date('2026-05-02T07:00:00Z')
let smtp: Smtp
let desk: TestDesk
let token: string
let run: OutputOf<'billing.run'>
const accepted = new Map<string, string>()
const all = <T>(sql: string, ...params: unknown[]) => desk.services.db.sqlite.prepare(sql).all(...params) as T[]

beforeAll(async () => {
  smtp = await startSmtp()
  desk = makeTestDesk({ now: () => NOW, mailSender: 'manual' })
  await desk.call('system.loadDemo', { seed: 11, customers: 200 })
  token = (await desk.call('staff.login', { login: 'kierownik', password: 'Demo-Krucza-10' })).token
  const admin = (await desk.call('staff.login', { login: 'admin', password: 'Demo-Krucza-10' })).token
  await desk.call(
    'mail.updateSettings',
    { enabled: true, host: '127.0.0.1', port: smtp.port, security: 'none', username: null, fromAddress: 'bok@pgk.zamosc.pl', fromName: 'PGK Zamość', replyTo: null, timeoutSeconds: 10, allowInvalidCertificate: false },
    admin,
  )
  // Customers in the e-invoice groups whose April is still to be invoiced sign the acceptance.
  const preview = await desk.call('billing.preview', { month: '2026-04' }, token)
  const eGroup = new Set(all<{ id: string }>("SELECT c.customer_id id FROM contracts c JOIN tariff_groups g ON g.id = c.tariff_group_id WHERE g.e_invoice = 1").map((r) => r.id))
  for (const item of preview.items.filter((i) => eGroup.has(i.customerId)).slice(0, 4)) {
    const email = `klient.${item.customerNo}@example.pl`
    await acceptEInvoices(desk, token, item.customerId, email, '2026-03-15')
    accepted.set(item.customerId, email)
  }
  expect(accepted.size).toBeGreaterThan(0)
  run = await desk.call('billing.run', { month: '2026-04' }, token)
}, 120_000)

afterAll(async () => {
  desk?.dispose()
  await smtp?.close()
})

describe('April over the demo office', () => {
  it('invoices what the demo left uninvoiced, and nothing twice', () => {
    expect(run.status).toBe('done')
    expect(run.issuedCount).toBeGreaterThan(10)
    expect(run.report!.alreadyInvoiced).toBeGreaterThan(run.issuedCount)
    const dup = all<{ n: number }>("SELECT count(*) n FROM invoices WHERE kind = 'invoice' GROUP BY contract_id, period_from HAVING count(*) > 1")
    expect(dup).toEqual([])
    // Gap-free numbering continues the demo's series for 2026.
    const numbers = all<{ number: string }>("SELECT number FROM invoices WHERE number LIKE 'FW/K1/2026/%' ORDER BY number").map((r) => Number(r.number.slice(-6)))
    expect(numbers).toEqual(numbers.map((_, i) => i + 1))
  })

  it('sums check out on every invoice and in the run total', () => {
    const invoices = all<{ id: string; net: number; vat: number; gross: number }>('SELECT id, net_total net, vat_total vat, gross_total gross FROM invoices WHERE billing_run_id = ?', run.id)
    expect(invoices).toHaveLength(run.issuedCount)
    for (const inv of invoices) {
      const lines = all<{ quantity: number; unitNet: number; net: number; rate: number }>('SELECT quantity, unit_net unitNet, net, vat_basis_points rate FROM invoice_lines WHERE invoice_id = ?', inv.id)
      for (const l of lines) expect(l.net).toBe(l.quantity * l.unitNet)
      const byRate = new Map<number, number>()
      for (const l of lines) byRate.set(l.rate, (byRate.get(l.rate) ?? 0) + l.net)
      expect(inv.net).toBe([...byRate.values()].reduce((s, v) => s + v, 0))
      expect(inv.vat).toBe([...byRate].reduce((s, [rate, net]) => s + vatOf(net, rate), 0))
      expect(inv.gross).toBe(inv.net + inv.vat)
    }
    expect(run.gross).toBe(invoices.reduce((s, i) => s + i.gross, 0))
    expect(run.net + run.vat).toBe(run.gross)
  })

  it('prints every mandatory field on each invoice PDF', async () => {
    const list = await desk.call('invoices.list', { billingRunId: run.id, limit: 500 }, token)
    for (const item of list.slice(0, 6)) {
      const view = await desk.call('invoices.get', { id: item.id }, token)
      const text = nbsp(pdfText((await desk.call('invoices.pdf', { id: item.id }, token)).pdfBase64, true)).replace(/\n/g, ' ')
      for (const expected of [
        `Faktura VAT nr ${view.number}`,
        'Data wystawienia 02.05.2026, Zamość',
        'NIP 9220003560',
        'ul. Krucza 10, 22-400 Zamość',
        view.buyer.name,
        `ul. ${view.buyer.address.street}`,
        'Okres rozliczeniowy',
        'Termin płatności 16.05.2026',
        'Dostawa wody m³',
        '8%',
        `Do zapłaty: ${nbsp(new Intl.NumberFormat('pl-PL', { style: 'currency', currency: 'PLN', useGrouping: 'always' }).format(view.gross / 100))}`,
        formatNrb(view.paymentAccount),
        'Odczyty wodomierzy',
        ...(view.buyer.nip ? [`NIP ${view.buyer.nip}`] : []),
      ]) {
        expect(text).toContain(expected)
      }
    }
  })

  it('keeps FA(3) XML for every buyer with a NIP, and every file validates against the official schema', async () => {
    const withNip = all<{ id: string; xml: string | null; nip: string | null }>("SELECT id, ksef_xml xml, json_extract(buyer, '$.nip') nip FROM invoices WHERE billing_run_id = ?", run.id)
    const files = withNip.filter((r) => r.nip)
    expect(files.length).toBe(run.report!.ksef)
    expect(files.length).toBeGreaterThan(0)
    for (const r of withNip) expect(r.xml !== null).toBe(r.nip !== null)
    for (const r of files) {
      const lint = xmllintFa3(r.xml!)
      expect(lint.output).toContain('validates')
      expect(lint.ok).toBe(true)
    }
  })

  it('mails each e-invoice with its own PDF to the accepted address, keeps B2B invoices for their KSeF number, and prints the rest in one batch', async () => {
    const list = await desk.call('invoices.list', { billingRunId: run.id, limit: 500 }, token)
    const delivered = new Map(
      all<{ id: string; channel: string; email: string | null }>('SELECT d.invoice_id id, d.channel, d.email FROM invoice_deliveries d JOIN invoices i ON i.id = d.invoice_id WHERE i.billing_run_id = ?', run.id).map((d) => [d.id, d]),
    )
    // Buyers with a NIP: the FA(3) file is ready, nothing reaches them before the KSeF number.
    const b2b = list.filter((i) => i.ksef === 'xml')
    expect(b2b.length).toBe(run.report!.ksef)
    expect(run.report!.awaitingKsef).toBe(b2b.length)
    for (const inv of b2b) expect(delivered.has(inv.id)).toBe(false)
    // E-invoices: the demo's own acceptances (e-invoice tariff groups) and the ones signed here.
    const acceptedEmail = (customerId: string) =>
      all<{ email: string }>("SELECT email FROM consent_events WHERE customer_id = ? AND type = 'e_invoice' AND action = 'accept' ORDER BY registered_at DESC LIMIT 1", customerId)[0]?.email
    const emailed = list.filter((i) => delivered.get(i.id)?.channel === 'email')
    expect(emailed.length).toBeGreaterThan(accepted.size)
    for (const inv of emailed) expect(delivered.get(inv.id)!.email).toBe(accepted.get(inv.customerId) ?? acceptedEmail(inv.customerId))
    expect(run.report!.emailed).toBe(emailed.length)
    expect(run.report!.paper).toBe(list.length - emailed.length - b2b.length)
    const result = await desk.services.mail.runOnce()
    expect(result).toMatchObject({ sent: emailed.length, failed: 0 })
    for (const inv of emailed) {
      const mail = smtp.inbox.find((m) => m.subject?.startsWith(`Faktura ${inv.number} `))!
      expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe(delivered.get(inv.id)!.email)
      const text = nbsp(pdfText(new Uint8Array(mail.attachments[0].content)))
      expect(text).toContain(`Faktura VAT nr ${inv.number}`)
      expect(text).toContain(inv.buyerName)
    }
    const batch = await desk.call('invoices.printBatchPdf', { id: run.printBatchId! }, token)
    const text = nbsp(pdfText(batch.pdfBase64))
    for (const inv of list) {
      if (delivered.get(inv.id)?.channel === 'paper') expect(text).toContain(`Faktura VAT nr ${inv.number}`)
      else expect(text).not.toContain(`nr ${inv.number} `)
    }
    expect(batch.pages).toBeGreaterThanOrEqual(run.report!.paper)
  })
})
