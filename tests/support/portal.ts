// The iBOK portal in tests: an office (hub + desk K1), two customers with meters, invoices and
// portal accounts whose credentials go out through a real SMTP server on loopback, and the portal
// station WW joined through the hub like any desk, served on a loopback port.
import type { AddressInfo } from 'node:net'
import { eq } from 'drizzle-orm'
import { contracts } from '../../src-main/db/schema'
import { createPortalServer, type PortalOptions } from '../../src-main/portal/server'
import { ensureJoined } from '../../src-main/portal/station'
import { makeTestDesk, type TestDesk } from './desk'
import type { PostgresServer } from './postgres'
import { joinInput, makeOffice, type Office } from './sync'
import { seedCustomer, seedTariffGroups, type SeededCustomer } from './office-seed'
import { loopbackSettings, startSmtp, type TestSmtp } from './smtp'

export const PORTAL_URL = 'https://ibok.pgk.zamosc.pl'

export interface PortalCustomer extends SeededCustomer {
  meterId: string
  meterSerial: string
  /** The one-time password from the credentials e-mail. */
  initialPassword: string
  accountId: string
}

/** A browser: a cookie jar over fetch, redirects not followed (the tests look at them). */
export class Browser {
  cookie: string | null = null
  constructor(readonly base: string) {}

  /** Extra headers on every request (e.g. X-Forwarded-For behind a trusted proxy). */
  headers: Record<string, string> = {}

  async request(path: string, init: { method?: string; form?: Record<string, string>; cookie?: string | null } = {}) {
    const headers: Record<string, string> = { ...this.headers }
    const cookie = init.cookie === undefined ? this.cookie : init.cookie
    if (cookie) headers.cookie = cookie
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded'
    const res = await fetch(this.base + path, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body: init.form ? new URLSearchParams(init.form).toString() : undefined, redirect: 'manual' })
    const set = res.headers.get('set-cookie')
    if (set && init.cookie === undefined) {
      const pair = set.split(';')[0]
      this.cookie = pair.endsWith('=') ? null : pair
    }
    const buffer = Buffer.from(await res.arrayBuffer())
    return { status: res.status, headers: res.headers, setCookie: set, location: res.headers.get('location'), text: buffer.toString('utf8'), buffer }
  }

  get = (path: string) => this.request(path)

  /** The CSRF token of the form on a page. */
  static csrf(text: string): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(text)
    if (!m) throw new Error('no CSRF field on the page')
    return m[1]
  }

  async post(path: string, form: Record<string, string>, fromPage: string) {
    const page = await this.get(fromPage)
    return this.request(path, { form: { _csrf: Browser.csrf(page.text), ...form } })
  }

  /** A multipart form (file inputs) with the page's CSRF token, as a browser sends it. */
  async upload(path: string, fields: Record<string, string>, files: { name: string; fileName: string; data: Uint8Array; type?: string }[], fromPage: string, csrf = true) {
    const page = await this.get(fromPage)
    const body = new FormData()
    if (csrf) body.set('_csrf', Browser.csrf(page.text))
    for (const [k, v] of Object.entries(fields)) body.set(k, v)
    for (const f of files) body.append(f.name, new Blob([f.data], { type: f.type ?? 'application/octet-stream' }), f.fileName)
    const headers: Record<string, string> = { ...this.headers }
    if (this.cookie) headers.cookie = this.cookie
    const res = await fetch(this.base + path, { method: 'POST', headers, body, redirect: 'manual' })
    return { status: res.status, headers: res.headers, location: res.headers.get('location'), text: await res.text() }
  }

  async login(login: string, password: string) {
    return this.post('/logowanie', { login, password }, '/logowanie')
  }
}

async function customerWithAccount(office: Office, smtp: TestSmtp, tariffGroupId: string, over: Parameters<typeof seedCustomer>[3], serial: string): Promise<PortalCustomer> {
  const { a, aToken } = office
  const seeded = await seedCustomer(a, aToken, tariffGroupId, over)
  const point = a.services.db.read.select({ id: contracts.supplyPointId }).from(contracts).where(eq(contracts.id, seeded.contractId)).get()!
  const meter = await a.call(
    'meters.install',
    { supplyPointId: point.id, serialNo: serial, kind: 'main', diameterMm: 15, installedOn: '2025-01-10', legalisationYear: 2025, sealNo: `PL${serial}`, initialM3: '100' } as never,
    aToken,
  )
  await a.call('readings.record', { meterId: meter.id, readOn: '2026-06-01', valueM3: 150, kind: 'reader', note: null } as never, aToken)
  const app = await a.call(
    'registration.submit',
    {
      customerNo: seeded.customer.customerNo,
      applicantName: `${over?.firstName ?? 'Łucja'} ${over?.lastName ?? 'Żółkiewska-Gęba'}`,
      supplyAddress: seeded.supplyAddress,
      correspondenceAddress: null,
      email: (over?.email as string) ?? 'lucja.zolkiewska@example.pl',
      phone: '600 100 200',
      invoiceNo: seeded.invoiceNo,
      acceptRegulamin: true,
      regulaminVersion: '2025.1',
      acceptEInvoice: false,
      acceptSms: false,
      signedOn: '2026-11-24',
    },
    aToken,
  )
  const issued = await a.call('registration.createAccount', { id: app.id, delivery: 'email' }, aToken)
  const before = smtp.received.length
  await a.services.mail.runOnce()
  await smtp.waitForMessages(before + 1)
  const mail = smtp.received.at(-1)!
  const initialPassword = /Hasło jednorazowe: (\S+)/.exec(mail.text)![1]
  return { ...seeded, meterId: meter.id, meterSerial: serial, initialPassword, accountId: issued.account.id }
}

/** The portal next to the office's hub; `pg`: a running PostgreSQL server → the PostgreSQL hub. */
export async function makePortalOffice(options: Partial<Omit<PortalOptions, 'services'>> & { pg?: PostgresServer } = {}) {
  const { pg, ...portalOptions } = options
  const office = await makeOffice({ pg })
  const smtp = await startSmtp()
  const { a, aToken } = office
  await a.call('registration.updateSettings', { portalUrl: PORTAL_URL }, aToken)
  await a.call('mail.updateSettings', loopbackSettings(smtp.port), aToken)
  const groups = seedTariffGroups(a)
  const kowalska = await customerWithAccount(office, smtp, groups.paper, {}, 'WM-1001')
  const nowak = await customerWithAccount(office, smtp, groups.paper, { firstName: 'Jan', lastName: 'Nowak', email: 'jan.nowak@example.pl' }, 'WM-2002')
  await a.sync.syncOnce()

  // The portal: one more station, joined through the hub like a desk.
  await office.hub.addDesk('WW', 'iBOK')
  const station: TestDesk = makeTestDesk({ syncTransport: office.transportOf('WW'), mailSender: 'manual' })
  await ensureJoined(station, { ...joinInput('WW'), stationName: 'iBOK' })
  const { server } = createPortalServer({ services: station.services, secureCookies: false, log: () => {}, ...portalOptions })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    office,
    smtp,
    station,
    base,
    kowalska,
    nowak,
    browser: () => new Browser(base),
    /** Portal → hub → desk K1 (and back). */
    async sync() {
      await station.sync.syncOnce()
      await a.sync.syncOnce()
      await station.sync.syncOnce()
    },
    /** Signs a customer in and sets their own password (the account becomes active). */
    async activated(customer: PortalCustomer, password: string) {
      const b = new Browser(base)
      await b.login(customer.customer.customerNo, customer.initialPassword)
      const done = await b.post('/zmiana-hasla', { current: customer.initialPassword, next: password, repeat: password }, '/zmiana-hasla')
      if (done.status !== 200) throw new Error(`activation failed: ${done.status} ${done.text}`)
      return b
    },
    /** A browser signed in with the customer's own password. */
    async signedIn(customer: PortalCustomer, password: string) {
      const b = new Browser(base)
      const res = await b.login(customer.customer.customerNo, password)
      if (res.location !== '/konto') throw new Error(`login failed: ${res.status}`)
      return b
    },
    async dispose() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await closed
      station.dispose()
      await smtp.close()
      await office.dispose()
    },
  }
}
export type PortalOffice = Awaited<ReturnType<typeof makePortalOffice>>
