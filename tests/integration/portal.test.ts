// The iBOK portal as one more station (WW) next to the hub: account life (the first login forces
// a new password and activates the account, shown at the desk after sync), the customer's pages,
// giving a reading (plausible, and implausible → the supervisor's queue with the customer's note),
// the desk's own invoice PDF, and a lock at the desk honoured by the portal.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, makePortalOffice, type PortalOffice } from '../support/portal'

let p: PortalOffice
beforeAll(async () => {
  p = await makePortalOffice()
}, 60_000)
afterAll(async () => {
  await p?.dispose()
})

const KOWALSKA_PASSWORD = 'Moje-haslo-2026'

const pdfText = (bytes: Buffer) => {
  const file = join(mkdtempSync(join(tmpdir(), 'ibok-portal-pdf-')), 'f.pdf')
  writeFileSync(file, bytes)
  execFileSync('qpdf', ['--check', file])
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
}

describe('account life', () => {
  it('the first login forces a new password; setting it activates the account, and the desk shows "aktywne" after sync', async () => {
    const { kowalska, office } = p
    const before = await office.a.call('registration.account', { customerId: kowalska.customer.id }, office.aToken)
    expect(before?.state).toBe('credentials_sent')

    const b = p.browser()
    const login = await b.login(kowalska.customer.customerNo.toLowerCase(), kowalska.initialPassword)
    expect(login.status).toBe(303)
    expect(login.location).toBe('/zmiana-hasla')
    // Nothing but the password change is open with the one-time password.
    for (const path of ['/konto', '/faktury', '/odczyty', '/wodomierze', '/rozliczenia']) {
      expect((await b.get(path)).location, path).toBe('/zmiana-hasla')
    }
    const form = await b.get('/zmiana-hasla')
    expect(form.text).toContain('Ustaw własne hasło')
    const weak = await b.post('/zmiana-hasla', { current: kowalska.initialPassword, next: 'krotkie', repeat: 'krotkie' }, '/zmiana-hasla')
    expect(weak.status).toBe(400)
    expect(weak.text).toContain('Nowe hasło: co najmniej 10 znaków')
    const wrongCurrent = await b.post('/zmiana-hasla', { current: 'nie-to-haslo-1', next: KOWALSKA_PASSWORD, repeat: KOWALSKA_PASSWORD }, '/zmiana-hasla')
    expect(wrongCurrent.text).toContain('Obecne hasło: nieprawidłowe')

    const done = await b.post('/zmiana-hasla', { current: kowalska.initialPassword, next: KOWALSKA_PASSWORD, repeat: KOWALSKA_PASSWORD }, '/zmiana-hasla')
    expect(done.status).toBe(200)
    expect(done.text).toContain('konto iBOK jest aktywne')
    expect((await b.get('/konto')).status).toBe(200)

    await p.sync()
    const after = await office.a.call('registration.account', { customerId: kowalska.customer.id }, office.aToken)
    expect(after?.state).toBe('active')
    expect(after?.activatedAt).toBeTruthy()
    expect(after?.stateLabel).toMatch(/^aktywne od \d\d\.\d\d\.\d{4}$/)
    // Written through the write path as the portal's station, for no staff member (audited where made).
    const audit = p.station.services.db.readSql
      .prepare(`SELECT station_code AS station, staff_id AS staff, operation FROM audit_log WHERE entity = 'portal_accounts' AND entity_id = ? ORDER BY at DESC LIMIT 1`)
      .get(kowalska.accountId)
    expect(audit).toEqual({ station: 'WW', staff: null, operation: 'portal.activate' })

    // The one-time password is dead; the new one opens the account straight onto the desktop.
    const old = await p.browser().login(kowalska.customer.customerNo, kowalska.initialPassword)
    expect(old.status).toBe(401)
    const again = await p.browser().login(kowalska.customer.customerNo, KOWALSKA_PASSWORD)
    expect(again.location).toBe('/konto')
  })

  it('gives the same answer for an unknown customer number and a wrong password', async () => {
    const unknown = await p.browser().login('K1-999999', 'cokolwiek-123')
    const wrong = await p.browser().login(p.nowak.customer.customerNo, 'cokolwiek-123')
    expect(unknown.status).toBe(401)
    expect(wrong.status).toBe(401)
    const message = (t: string) => /<p class="error" role="alert">([^<]*)<\/p>/.exec(t)?.[1]
    expect(message(unknown.text)).toBe('Nieprawidłowy numer klienta lub hasło.')
    expect(message(wrong.text)).toBe(message(unknown.text))
  })
})

describe('the customer pages', () => {
  let b: Browser
  beforeAll(async () => {
    b = p.browser()
    expect((await b.login(p.kowalska.customer.customerNo, KOWALSKA_PASSWORD)).location).toBe('/konto')
  })

  it('lists the invoices with paid/unpaid and downloads the very PDF the desk makes', async () => {
    const list = await b.get('/faktury')
    expect(list.status).toBe(200)
    expect(list.text).toContain(p.kowalska.invoiceNo)
    expect(list.text).toContain('do zapłaty 108,00')
    const id = /href="\/faktury\/([0-9a-f-]{36})\/pdf"/.exec(list.text)![1]
    const pdf = await b.get(`/faktury/${id}/pdf`)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.pdf"$/)
    const desk = await p.office.a.call('invoices.pdf', { id }, p.office.aToken)
    const portalText = pdfText(pdf.buffer)
    expect(portalText).toContain(p.kowalska.invoiceNo)
    expect(portalText).toBe(pdfText(Buffer.from(desk.pdfBase64, 'base64')))
  })

  it('shows meters with their legalisation and the settlement with the transfer details', async () => {
    const meters = await b.get('/wodomierze')
    expect(meters.text).toContain('WM-1001')
    expect(meters.text).toContain('31.12.2030')
    const settlement = await b.get('/rozliczenia')
    expect(settlement.text).toContain('Do zapłaty: 108,00')
    const desk = await p.office.a.call('payments.settlement', { customerId: p.kowalska.customer.id }, p.office.aToken)
    expect(settlement.text).toContain(`Rachunek do wpłat: ${desk.bankAccount}`)
  })

  it('takes a plausible reading at once; an implausible one is explained, then accepted for review with the note — both reach the desk', async () => {
    const form = await b.get(`/odczyty/nowy?wodomierz=${p.kowalska.meterId}`)
    expect(form.status).toBe(200)
    const plausible = await b.request('/odczyty/nowy', { form: { _csrf: Browser.csrf(form.text), meterId: p.kowalska.meterId, valueM3: '165', note: '' } })
    expect(plausible.status).toBe(200)
    expect(plausible.text).toContain('Odczyt został zapisany')

    const lower = await b.post('/odczyty/nowy', { meterId: p.kowalska.meterId, valueM3: '140', note: '' }, `/odczyty/nowy?wodomierz=${p.kowalska.meterId}`)
    expect(lower.text).toContain('Podany stan wydaje się nieprawdopodobny')
    expect(lower.text).toContain('jest niższy od poprzedniego odczytu')
    expect(lower.text).toContain('name="confirm" value="1"')
    const confirmed = await b.request('/odczyty/nowy', { form: { _csrf: Browser.csrf(lower.text), meterId: p.kowalska.meterId, valueM3: '140', note: 'Wymieniono wodomierz, licznik od nowa', confirm: '1' } })
    expect(confirmed.text).toContain('Odczyt przyjęto do wyjaśnienia')

    await p.sync()
    const history = await p.office.a.call('readings.history', { meterId: p.kowalska.meterId }, p.office.aToken)
    const fromPortal = history.filter((r) => r.source === 'portal')
    expect(fromPortal.map((r) => [r.valueM3, r.kind, r.status])).toEqual(
      expect.arrayContaining([
        [165, 'customer', 'ok'],
        [140, 'customer', 'flagged'],
      ]),
    )
    const queue = await p.office.a.call('readings.flagged', {}, p.office.aToken)
    const flagged = queue.find((f) => f.reading.meterId === p.kowalska.meterId)!
    expect(flagged.reading).toMatchObject({ valueM3: 140, note: 'Wymieniono wodomierz, licznik od nowa', source: 'portal' })
    expect(flagged.customer?.customerNo).toBe(p.kowalska.customer.customerNo)

    const readings = await b.get('/odczyty')
    expect(readings.text).toContain('do wyjaśnienia')
    expect(readings.text).toContain('165 m³')
  })

  it('shows the desk’s consumption analysis of the customer’s own supply point', async () => {
    const res = await b.get('/zuzycie')
    expect(res.status).toBe(200)
    const desk = await p.office.a.call('readings.analysis', { customerId: p.kowalska.customer.id }, p.office.aToken)
    expect(res.text).toContain('Zużycie w okresach rozliczeniowych')
    for (const period of desk.periods.filter((x) => x.m3 !== null)) expect(res.text).toContain(`${period.label}`)
    expect(res.text).toContain(`Ostatnie 12 miesięcy: ${desk.summary.last12M3 === null ? '—' : `${desk.summary.last12M3} m³`}`)
  })

  it('draws the analysis as an inline SVG chart (no script, no style attribute): one use bar per period with use, titled and described', async () => {
    const res = await b.get('/zuzycie')
    const desk = await p.office.a.call('readings.analysis', { customerId: p.kowalska.customer.id }, p.office.aToken)
    const svg = /<svg[^>]*role="img"[^>]*>[\s\S]*?<\/svg>/.exec(res.text)?.[0]
    expect(svg, 'an <svg role="img"> on the page').toBeTruthy()
    const rows = /<tbody>([\s\S]*?)<\/tbody>/.exec(res.text)![1].match(/<tr>/g)!.length
    expect(rows).toBe(desk.periods.length)
    // One bar of the customer's use for every period of the table that has a figure.
    expect(svg!.match(/<rect class="bar-use[^"]*"/g)?.length ?? 0).toBe(desk.periods.filter((x) => x.m3 !== null).length)
    expect(desk.periods.some((x) => x.m3 !== null)).toBe(true)
    // Named and described for a screen reader; the description sums it up in Polish.
    const labelled = /aria-labelledby="([^"]+)"/.exec(svg!)![1].split(' ')
    for (const id of labelled) expect(svg).toContain(`id="${id}"`)
    expect(svg).toMatch(/<title id="[^"]+">Wykres zużycia wody w okresach rozliczeniowych<\/title>/)
    expect(svg).toMatch(/<desc id="[^"]+">[^<]*okres/)
    expect(svg).toContain('m³')
    // The CSP holds: no script, no style attribute anywhere on the page.
    expect(res.text).not.toMatch(/<script|\sstyle=/)
  })

  it('gives the desk’s consumption-analysis PDF of the customer’s own supply point', async () => {
    const page = await b.get('/zuzycie')
    expect(page.text).toContain('href="/zuzycie/pdf')
    const res = await b.get('/zuzycie/pdf')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="analiza-zuzycia-/)
    const text = pdfText(res.buffer)
    expect(text).toContain('Analiza zużycia wody')
    expect(text).toContain(p.kowalska.customer.customerNo)
    const desk = await p.office.a.call('readings.analysis', { customerId: p.kowalska.customer.id }, p.office.aToken)
    expect(text).toContain(desk.periods.find((x) => x.m3 !== null)!.label)
    expect(text).toContain(desk.contractNo)
    // The very document the desk makes.
    const deskPdf = await p.office.a.call('readings.analysisPdf', { customerId: p.kowalska.customer.id }, p.office.aToken)
    expect(text).toBe(pdfText(Buffer.from(deskPdf.pdfBase64, 'base64')))
  })

  it('refuses a reading the rules refuse (over the counter) with the rule’s message', async () => {
    const res = await b.post('/odczyty/nowy', { meterId: p.kowalska.meterId, valueM3: '999999', note: '' }, `/odczyty/nowy?wodomierz=${p.kowalska.meterId}`)
    expect(res.status).toBe(400)
    expect(res.text).toContain('nie mieści się na liczydle')
  })

  it('escapes every value: a note with markup comes back as text', async () => {
    const res = await b.post('/odczyty/nowy', { meterId: p.kowalska.meterId, valueM3: '120', note: '<script>alert(1)</script>' }, `/odczyty/nowy?wodomierz=${p.kowalska.meterId}`)
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(res.text).not.toContain('<script>')
  })
})

describe('correspondence', () => {
  it('a failure report and a message become cases at the desk after sync: channel portal, the customer, the desk’s terms', async () => {
    const b = await p.signedIn(p.kowalska, KOWALSKA_PASSWORD)
    const missing = await b.post('/zgloszenia', { kind: 'failure', description: 'Wyciek przed domem', location: '', phone: '' }, '/zgloszenia')
    expect(missing.status).toBe(400)
    expect(missing.text).toContain('Miejsce awarii: pole wymagane')
    const failure = await b.post('/zgloszenia', { kind: 'failure', description: 'Woda wypływa spod studzienki', location: 'Partyzantów 12, Zamość', phone: '600 100 200', urgent: '1' }, '/zgloszenia')
    expect(failure.text).toMatch(/Sprawa SPR\/WW\/\d{4}\/\d{5} została zarejestrowana i przekazana do pogotowia/)
    const message = await b.post('/zgloszenia', { kind: 'general', description: 'Proszę o kontakt w sprawie umowy', location: '', phone: '' }, '/zgloszenia')
    expect(message.text).toMatch(/odpowiemy do \d\d\.\d\d\.\d{4}/)

    await p.sync()
    const found = await p.office.a.call('cases.search', { customerId: p.kowalska.customer.id }, p.office.aToken)
    const byType = new Map(found.items.map((c) => [c.type, c]))
    expect(byType.get('failure')).toMatchObject({ channel: 'portal', urgency: 'urgent', location: 'Partyzantów 12, Zamość', callbackPhone: '600 100 200', department: 'emergency' })
    expect(byType.get('general')).toMatchObject({ channel: 'portal', status: 'new' })
    expect(byType.get('general')!.caseNo).toMatch(/^SPR\/WW\//)
    // The customer sees their cases with the desk's state and term.
    const list = await b.get('/zgloszenia')
    expect(list.text).toContain(byType.get('failure')!.caseNo)
    expect(list.text).toContain('Proszę o kontakt w sprawie umowy')
  })
})

describe('e-invoice', () => {
  it('shows the Oświadczenie in full; the acceptance reaches the desk with the evidence (account, time, IP, text hash); withdrawal too', async () => {
    const b = await p.signedIn(p.kowalska, KOWALSKA_PASSWORD)
    const shown = await b.get('/e-faktura')
    const texts = await p.office.a.call('consents.texts', {}, p.office.aToken)
    const current = texts.find((t) => t.textId === 'oswiadczenie-efaktura' && t.current)!
    expect(shown.text).toContain(current.sha256)
    const version = /name="textVersion" value="([^"]+)"/.exec(shown.text)![1]
    expect(version).toBe(current.version)
    const form = { _csrf: Browser.csrf(shown.text), action: 'accept', textVersion: version, email: 'lucja.faktury@example.pl' }
    const unticked = await b.request('/e-faktura', { form })
    expect(unticked.status).toBe(400)
    expect(unticked.text).toContain('Zaznacz, że akceptujesz treść oświadczenia.')
    const before = Date.now()
    const accepted = await b.request('/e-faktura', { form: { ...form, agree: '1' } })
    expect(accepted.text).toMatch(/Akceptację e-faktur zarejestrowano \(.+\); faktury będą wysyłane na adres lucja\.faktury@example\.pl/)
    expect(accepted.text).toContain('Wycofuję akceptację e-faktur')

    await p.sync()
    const overview = await p.office.a.call('consents.overview', { customerId: p.kowalska.customer.id }, p.office.aToken)
    expect(overview.statuses.find((x) => x.type === 'e_invoice')).toMatchObject({ active: true, email: 'lucja.faktury@example.pl', textVersion: version })
    const event = overview.history.find((e) => e.type === 'e_invoice' && e.action === 'accept')!
    expect(event).toMatchObject({ channel: 'electronic', ipAddress: '127.0.0.1', stationCode: 'WW', signerKind: 'customer', staffName: null, note: `Złożone w iBOK z konta ${p.kowalska.customer.customerNo}` })
    expect(event.text).toMatchObject({ version, sha256: current.sha256 })
    expect(Math.abs(new Date(event.signedAt!).getTime() - before)).toBeLessThan(120_000)
    expect(Math.abs(new Date(event.registeredAt).getTime() - before)).toBeLessThan(60_000)

    const withdrawn = await b.post('/e-faktura', { action: 'withdraw' }, '/e-faktura')
    expect(withdrawn.text).toContain('Akceptację e-faktur wycofano')
    await p.sync()
    const after = await p.office.a.call('consents.overview', { customerId: p.kowalska.customer.id }, p.office.aToken)
    expect(after.statuses.find((x) => x.type === 'e_invoice')?.active).toBe(false)
    expect(after.history.find((e) => e.type === 'e_invoice' && e.action === 'withdraw')).toMatchObject({ channel: 'electronic', ipAddress: '127.0.0.1', stationCode: 'WW' })
  })
})

describe('a lock at the desk', () => {
  it('ends the customer’s open session after sync and refuses the login', async () => {
    const password = 'Nowak-haslo-2026'
    const b = await p.activated(p.nowak, password)
    expect((await b.get('/konto')).status).toBe(200)
    await p.sync()
    await p.office.a.call('registration.lockAccount', { accountId: p.nowak.accountId, reason: 'na prośbę klienta' }, p.office.aToken)
    await p.sync()
    expect((await b.get('/konto')).location).toBe('/logowanie')
    const again = await p.browser().login(p.nowak.customer.customerNo, password)
    expect(again.status).toBe(423)
    expect(again.text).toContain('Konto jest zablokowane')
    await p.office.a.call('registration.unlockAccount', { accountId: p.nowak.accountId }, p.office.aToken)
    await p.sync()
    expect((await p.browser().login(p.nowak.customer.customerNo, password)).location).toBe('/konto')
  })
})
