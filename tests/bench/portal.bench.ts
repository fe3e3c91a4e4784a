// The iBOK portal under load (issue 18): 50 customers signed in at once, each opening the portal's
// pages one after another (desktop, invoices, readings, meters, settlements, consumption,
// correspondence, e-invoice) and downloading their invoice's PDF (the desk's own PDF, made on
// request) — on an office whose hub is SQLite and on one whose hub is PostgreSQL (the portal serves
// from its own replica either way; the hub engine is what it syncs through). The portal runs
// in-process on loopback with the production password hashing; latency is measured per request
// from the customer's side (fetch), all 50 in flight together.
//   portal.signin.<engine>.median/.p95 one sign-in, 50 customers signing in at the same moment
//   portal.page.<engine>.median/.p95   one page, under 50 concurrent customers
//   portal.pdf.<engine>.median/.p95    one invoice PDF, under 50 concurrent customers
import { eq } from 'drizzle-orm'
import type { AddressInfo } from 'node:net'
import { portalLogin } from '../../shared/domain/portal'
import { hashPassword } from '../../src-main/core/staff/passwords'
import { contracts, invoices, portalAccounts } from '../../src-main/db/schema'
import { newId } from '../../src-main/db/write'
import { createPortalServer } from '../../src-main/portal/server'
import { ensureJoined } from '../../src-main/portal/station'
import { Browser } from '../support/portal'
import { addInvoice, seedTariffGroups } from '../support/office-seed'
import { makeTestDesk } from '../support/desk'
import { startPostgres, type PostgresServer } from '../support/postgres'
import { joinInput, makeOffice } from '../support/sync'
import { defineBench } from './lib/bench'
import { sampleFigure } from './lib/report'

const CUSTOMERS = 50
const PAGE_ROUNDS = 3
const PDF_ROUNDS = 3
const PASSWORD = 'Portal-bench-2026'
const PAGES = ['/konto', '/faktury', '/odczyty', '/wodomierze', '/rozliczenia', '/zuzycie', '/zgloszenia', '/e-faktura']

const log = (line: string) => console.error(`  portal: ${line}`)

async function measure(engine: 'sqlite' | 'postgresql', pg: PostgresServer | undefined): Promise<void> {
  const office = await makeOffice({ pg })
  const { a, aToken } = office
  const disposers: Array<() => unknown> = [() => office.dispose()]
  try {
    // The office: 50 customers, each with a contract, a meter with a reading, and an invoice.
    const groups = seedTariffGroups(a)
    const customers: { id: string; customerNo: string; invoiceId: string }[] = []
    for (let i = 0; i < CUSTOMERS; i++) {
      const address = { street: 'Partyzantów', houseNo: String(10 + i), flatNo: null, postalCode: '22-400', city: 'Zamość' }
      const customer = await a.call('customers.create', { kind: 'person', firstName: 'Klient', lastName: `Portalowy ${i + 1}`, email: `klient${i + 1}@example.pl`, phone: '600 100 200', correspondenceAddress: address }, aToken)
      const contract = await a.call('contracts.create', { customerId: customer.id, supplyPointAddress: address, services: 'water_sewage', tariffGroupId: groups.paper, startDate: '2020-01-01' }, aToken)
      const point = a.services.db.read.select({ id: contracts.supplyPointId }).from(contracts).where(eq(contracts.id, contract.id)).get()!
      const meter = await a.call('meters.install', { supplyPointId: point.id, serialNo: `PB-${1000 + i}`, kind: 'main', diameterMm: 15, installedOn: '2025-01-10', legalisationYear: 2025, sealNo: `PL-PB-${1000 + i}`, initialM3: '100' } as never, aToken)
      await a.call('readings.record', { meterId: meter.id, readOn: '2026-06-01', valueM3: 150 + i, kind: 'reader', note: null } as never, aToken)
      const number = addInvoice(a, customer, contract.id, '2026-10-15', `FW/K1/2026/${String(900_000 + i)}`)
      const invoiceId = a.services.db.read.select({ id: invoices.id }).from(invoices).where(eq(invoices.number, number)).get()!.id
      customers.push({ id: customer.id, customerNo: customer.customerNo, invoiceId })
    }
    // Their portal accounts, active (the activation itself is measured by the tests, not here).
    const hash = await hashPassword(PASSWORD)
    a.services.db.write({ staffId: null, stationCode: 'K1', operation: 'bench.seed' }, (tx) => {
      for (const c of customers) tx.insert(portalAccounts, { id: newId(), customerId: c.id, login: portalLogin(c.customerNo), passwordHash: hash, state: 'active', passwordSetAt: tx.now, activatedAt: tx.now, createdAt: tx.now, updatedAt: tx.now })
    })
    await a.sync.syncOnce()

    // The portal station joined through the hub, served on loopback.
    await office.hub.addDesk('WW', 'iBOK')
    const station = makeTestDesk({ syncTransport: office.transportOf('WW'), mailSender: 'manual' })
    disposers.push(() => station.dispose())
    await ensureJoined(station, { ...joinInput('WW'), stationName: 'iBOK' })
    // Behind the office's proxy: each customer comes from an address of their own (X-Forwarded-For).
    const { server } = createPortalServer({ services: station.services, secureCookies: false, trustProxy: true, log: (e) => log(String(e)) })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    disposers.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections()
          server.close(() => resolve())
        }),
    )
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

    // 50 customers sign in at once (production scrypt, two checks at a time, as in production).
    const signIns: number[] = []
    const signInStarted = performance.now()
    const browsers = await Promise.all(
      customers.map(async (c, i) => {
        const b = new Browser(base)
        b.headers['x-forwarded-for'] = `198.51.100.${i + 1}`
        const form = await b.get('/logowanie')
        const started = performance.now()
        const res = await b.request('/logowanie', { form: { _csrf: Browser.csrf(form.text), login: c.customerNo, password: PASSWORD } })
        signIns.push(performance.now() - started)
        if (res.location !== '/konto') throw new Error(`sign-in of ${c.customerNo}: ${res.status}`)
        return { b, c }
      }),
    )
    log(`${engine}: ${CUSTOMERS} customers signed in at once, all done in ${Math.round(performance.now() - signInStarted)} ms`)
    sampleFigure(`portal.signin.${engine}`, signIns)

    const timed = async (b: Browser, path: string, samples: number[], check: (r: Awaited<ReturnType<Browser['get']>>) => boolean) => {
      const started = performance.now()
      const res = await b.get(path)
      samples.push(performance.now() - started)
      if (!check(res)) throw new Error(`${path}: ${res.status}`)
    }
    // Warm-up: one of each page and one PDF per customer, untimed.
    await Promise.all(browsers.map(({ b, c }) => Promise.all([b.get(PAGES[0]), b.get(`/faktury/${c.invoiceId}/pdf`)])))

    const pages: number[] = []
    await Promise.all(
      browsers.map(async ({ b }, i) => {
        for (let round = 0; round < PAGE_ROUNDS; round++) {
          for (let k = 0; k < PAGES.length; k++) await timed(b, PAGES[(i + k) % PAGES.length], pages, (r) => r.status === 200)
        }
      }),
    )
    sampleFigure(`portal.page.${engine}`, pages)

    const pdfs: number[] = []
    await Promise.all(
      browsers.map(async ({ b, c }) => {
        for (let round = 0; round < PDF_ROUNDS; round++) await timed(b, `/faktury/${c.invoiceId}/pdf`, pdfs, (r) => r.status === 200 && r.buffer.subarray(0, 5).toString('latin1') === '%PDF-')
      }),
    )
    sampleFigure(`portal.pdf.${engine}`, pdfs)
  } finally {
    for (const fn of disposers.reverse()) await fn()
  }
}

export default defineBench({
  name: 'portal',
  title: `portal iBOK: page and invoice-PDF latency with ${CUSTOMERS} concurrent signed-in customers, SQLite and PostgreSQL hubs`,
  async run() {
    await measure('sqlite', undefined)
    const pg = await startPostgres()
    try {
      await measure('postgresql', pg)
    } finally {
      pg.stop()
    }
  },
})
