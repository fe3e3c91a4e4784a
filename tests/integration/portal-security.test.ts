// The portal faces the internet: headers on every answer, cookie flags, CSRF on every POST, no
// session fixation, logout, throttled guessing with the same answer for unknown logins, idle
// sessions ending, and the authorisation sweep — every route with a second customer's session
// and the first customer's ids finds nothing readable or writable.
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPortalServer, PORTAL_ROUTES, SECURITY_HEADERS } from '../../src-main/portal/server'
import { Browser, makePortalOffice, type PortalOffice } from '../support/portal'

let p: PortalOffice
let clock = Date.now()
let kowalska: Browser
let nowak: Browser
const K_PASSWORD = 'Kowalska-haslo-2026'
const N_PASSWORD = 'Nowak-haslo-2026'

beforeAll(async () => {
  p = await makePortalOffice({ now: () => clock, trustProxy: true })
  kowalska = await p.activated(p.kowalska, K_PASSWORD)
  nowak = await p.activated(p.nowak, N_PASSWORD)
}, 60_000)
afterAll(async () => {
  await p?.dispose()
})

const readingsOf = async (meterId: string) => (await p.office.a.call('readings.history', { meterId }, p.office.aToken)).length

describe('headers and cookies', () => {
  it('sends the security headers on every kind of answer', async () => {
    const anonymous = p.browser()
    const answers = [
      await anonymous.get('/logowanie'),
      await anonymous.get('/portal.css'),
      await anonymous.get('/konto'), // redirect
      await anonymous.request('/konto', { method: 'PUT' }), // 405
      await anonymous.request('/logowanie', { form: { login: 'x' } }), // 403 (no CSRF token)
      await kowalska.get('/nie-ma-takiej'), // 404
      await kowalska.get('/faktury'),
    ]
    for (const a of answers) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(a.headers.get(name), `${a.status} ${name}`).toBe(value)
    }
    expect(answers.map((a) => a.status)).toEqual([200, 200, 303, 405, 403, 404, 200])
    expect(SECURITY_HEADERS['Content-Security-Policy']).toContain("default-src 'none'")
    expect(SECURITY_HEADERS['Content-Security-Policy']).toContain("frame-ancestors 'none'")
  })

  it('sets the session cookie httpOnly and SameSite=Strict; behind TLS also Secure with the __Host- prefix and HSTS', async () => {
    const plain = await p.browser().get('/logowanie')
    expect(plain.setCookie).toMatch(/^ibok=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Strict$/)

    const { server } = createPortalServer({ services: p.station.services, secureCookies: true, log: () => {} })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const tls = await new Browser(`http://127.0.0.1:${(server.address() as AddressInfo).port}`).get('/logowanie')
      expect(tls.setCookie).toMatch(/^__Host-ibok=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Strict; Secure$/)
      expect(tls.headers.get('strict-transport-security')).toBe('max-age=31536000')
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })
})

describe('CSRF', () => {
  it('refuses a login POST without a token, with a wrong one, and with another session’s', async () => {
    const b = p.browser()
    await b.get('/logowanie')
    const form = { login: p.kowalska.customer.customerNo, password: K_PASSWORD }
    expect((await b.request('/logowanie', { form })).status).toBe(403)
    expect((await b.request('/logowanie', { form: { ...form, _csrf: 'zly-token' } })).status).toBe(403)
    const other = await p.browser().get('/logowanie')
    const refused = await b.request('/logowanie', { form: { ...form, _csrf: Browser.csrf(other.text) } })
    expect(refused.status).toBe(403)
    expect(refused.text).toContain('Formularz wygasł albo nie pochodzi z tej strony')
  })

  it('refuses a signed-in customer’s POST without the session’s token: nothing is written, nobody is signed out', async () => {
    const before = await readingsOf(p.kowalska.meterId)
    const reading = { meterId: p.kowalska.meterId, valueM3: '170', note: '' }
    expect((await kowalska.request('/odczyty/nowy', { form: reading })).status).toBe(403)
    expect((await kowalska.request('/odczyty/nowy', { form: { ...reading, _csrf: Browser.csrf((await nowak.get('/konto')).text) } })).status).toBe(403)
    expect((await kowalska.request('/zmiana-hasla', { form: { current: K_PASSWORD, next: 'Inne-haslo-2027', repeat: 'Inne-haslo-2027' } })).status).toBe(403)
    expect((await kowalska.request('/wyloguj', { form: {} })).status).toBe(403)
    await p.sync()
    expect(await readingsOf(p.kowalska.meterId)).toBe(before)
    expect((await kowalska.get('/konto')).status).toBe(200)
  })
})

describe('sessions', () => {
  it('issues a new session id at login: an id planted before login never becomes a signed-in one (fixation)', async () => {
    const attacker = p.browser()
    await attacker.get('/logowanie')
    const planted = attacker.cookie!
    const victim = p.browser()
    victim.cookie = planted
    const login = await victim.login(p.kowalska.customer.customerNo, K_PASSWORD)
    expect(login.location).toBe('/konto')
    expect(victim.cookie).not.toBe(planted)
    expect((await victim.get('/konto')).status).toBe(200)
    // The planted id is dead: the attacker is not signed in, and gets a fresh anonymous session.
    const attempt = await attacker.get('/konto')
    expect(attempt.location).toBe('/logowanie')
    const form = await attacker.get('/logowanie')
    expect(attacker.cookie).not.toBe(planted)
    expect(form.text).toContain('name="login"')
  })

  it('logout ends the session; the old cookie opens nothing', async () => {
    const b = p.browser()
    await b.login(p.kowalska.customer.customerNo, K_PASSWORD)
    const cookie = b.cookie
    const out = await b.post('/wyloguj', {}, '/konto')
    expect(out.location).toBe('/logowanie')
    expect(out.setCookie).toMatch(/Max-Age=0/)
    expect((await b.request('/faktury', { cookie })).location).toBe('/logowanie')
  })

  it('"logout everywhere" ends every session of the account, and only of that account', async () => {
    const phone = await p.signedIn(p.kowalska, K_PASSWORD)
    const desktop = await p.signedIn(p.kowalska, K_PASSWORD)
    const out = await phone.post('/wyloguj-wszedzie', {}, '/konto')
    expect(out.location).toBe('/logowanie')
    expect((await phone.get('/konto')).location).toBe('/logowanie')
    expect((await desktop.get('/konto')).location).toBe('/logowanie')
    expect((await kowalska.get('/konto')).location).toBe('/logowanie')
    expect((await nowak.get('/konto')).status).toBe(200)
    kowalska = await p.signedIn(p.kowalska, K_PASSWORD)
  })

  it('an idle session ends after 30 minutes', async () => {
    const b = p.browser()
    await b.login(p.kowalska.customer.customerNo, K_PASSWORD)
    clock += 29 * 60_000
    expect((await b.get('/konto')).status).toBe(200)
    clock += 31 * 60_000
    expect((await b.get('/konto')).location).toBe('/logowanie')
    // Everyone else idled out too: the tests below sign in again.
    expect((await kowalska.get('/konto')).location).toBe('/logowanie')
    kowalska = await p.signedIn(p.kowalska, K_PASSWORD)
    nowak = await p.signedIn(p.nowak, N_PASSWORD)
  })

  it('a password change ends the account’s other sessions', async () => {
    const other = p.browser()
    await other.login(p.nowak.customer.customerNo, N_PASSWORD)
    const next = 'Nowak-haslo-2027'
    const changed = await nowak.post('/zmiana-hasla', { current: N_PASSWORD, next, repeat: next }, '/zmiana-hasla')
    expect(changed.text).toContain('Hasło zostało zmienione')
    expect((await other.get('/konto')).location).toBe('/logowanie')
    expect((await nowak.get('/konto')).status).toBe(200)
    const back = await nowak.post('/zmiana-hasla', { current: next, next: N_PASSWORD, repeat: N_PASSWORD }, '/zmiana-hasla')
    expect(back.status).toBe(200)
  })
})

describe('authorisation sweep: the second customer’s session with the first customer’s ids', () => {
  it('finds nothing readable or writable on any route', async () => {
    const k = p.kowalska
    const [kInvoice] = await p.office.a.call('invoices.list', { customerId: k.customer.id }, p.office.aToken)
    const kReadings = await readingsOf(k.meterId)
    const kPoint = (await p.office.a.call('meters.forCustomer', { customerId: k.customer.id }, p.office.aToken))[0].supplyPointId
    const filed = await kowalska.post('/zgloszenia', { kind: 'general', description: 'Tajna-sprawa-Kowalskiej', location: '', phone: '' }, '/zgloszenia')
    const kCaseNo = /Sprawa (SPR\/WW\/\d{4}\/\d{5})/.exec(filed.text)![1]
    const kCases = async () => (await p.office.a.call('cases.search', { customerId: k.customer.id }, p.office.aToken)).total
    await p.sync()
    const kCasesBefore = await kCases()
    const eForm = await kowalska.get('/e-faktura')
    const accepted = await kowalska.request('/e-faktura', { form: { _csrf: Browser.csrf(eForm.text), action: 'accept', textVersion: /name="textVersion" value="([^"]+)"/.exec(eForm.text)![1], email: 'lucja.zolkiewska@example.pl', agree: '1' } })
    expect(accepted.text).toContain('Akceptację e-faktur zarejestrowano')
    const kEInvoice = async () => (await p.office.a.call('consents.overview', { customerId: k.customer.id }, p.office.aToken)).statuses.find((x) => x.type === 'e_invoice')!.active
    const secrets = [k.customer.customerNo, k.invoiceNo, kInvoice.id, k.meterSerial, k.meterId, 'Żółkiewska', kCaseNo, 'Tajna-sprawa-Kowalskiej', 'lucja.zolkiewska', kPoint]
    const noSecrets = (text: string, route: string) => {
      for (const secret of secrets) expect(text, `${route} shows ${secret}`).not.toContain(secret)
    }
    const page = async (route: string, path: string) => {
      const res = await nowak.get(path)
      noSecrets(res.text, route)
      return res
    }
    const cases: Record<(typeof PORTAL_ROUTES)[number], () => Promise<void>> = {
      'GET /portal.css': async () => void (await page('GET /portal.css', '/portal.css')),
      'GET /': async () => expect((await page('GET /', '/')).location).toBe('/konto'),
      'GET /logowanie': async () => expect((await page('GET /logowanie', '/logowanie')).location).toBe('/konto'),
      // Signing in again with the other customer's number and own password gets nothing.
      'POST /logowanie': async () => {
        const res = await nowak.post('/logowanie', { login: k.customer.customerNo, password: N_PASSWORD }, '/konto')
        expect(res.status).toBe(401)
        noSecrets(res.text.replace(`value="${k.customer.customerNo}"`, ''), 'POST /logowanie')
      },
      'POST /wyloguj': async () => {
        // Ends only the caller's own session: the first customer's stays open.
        const mine = await p.signedIn(p.nowak, N_PASSWORD)
        expect((await mine.post('/wyloguj', {}, '/konto')).location).toBe('/logowanie')
        expect((await kowalska.get('/konto')).status).toBe(200)
      },
      // Ends the caller's own account's sessions only.
      'POST /wyloguj-wszedzie': async () => {
        const mine = await p.signedIn(p.nowak, N_PASSWORD)
        expect((await mine.post('/wyloguj-wszedzie', {}, '/konto')).location).toBe('/logowanie')
        expect((await kowalska.get('/konto')).status).toBe(200)
        nowak = await p.signedIn(p.nowak, N_PASSWORD)
      },
      'GET /zmiana-hasla': async () => void (await page('GET /zmiana-hasla', '/zmiana-hasla')),
      // The password change is the session's own account's: the first customer's password is untouched.
      'POST /zmiana-hasla': async () => {
        const res = await nowak.post('/zmiana-hasla', { current: K_PASSWORD, next: 'Przejete-haslo-1', repeat: 'Przejete-haslo-1' }, '/zmiana-hasla')
        expect(res.text).toContain('Obecne hasło: nieprawidłowe')
        expect((await p.browser().login(k.customer.customerNo, K_PASSWORD)).location).toBe('/konto')
      },
      'GET /konto': async () => expect((await page('GET /konto', '/konto')).status).toBe(200),
      'GET /faktury': async () => expect((await page('GET /faktury', '/faktury')).status).toBe(200),
      'GET /faktury/:id/pdf': async () => {
        const res = await page('GET /faktury/:id/pdf', `/faktury/${kInvoice.id}/pdf`)
        expect(res.status).toBe(404)
        expect(res.headers.get('content-type')).toMatch(/^text\/html/)
      },
      'GET /odczyty': async () => expect((await page('GET /odczyty', '/odczyty')).status).toBe(200),
      'GET /odczyty/nowy?wodomierz': async () => expect((await page('GET /odczyty/nowy?wodomierz', `/odczyty/nowy?wodomierz=${k.meterId}`)).status).toBe(404),
      'POST /odczyty/nowy': async () => {
        for (const note of ['', 'potwierdzam']) {
          const res = await nowak.post('/odczyty/nowy', { meterId: k.meterId, valueM3: '175', note, confirm: '1' }, '/konto')
          expect(res.status).toBe(404)
          noSecrets(res.text, 'POST /odczyty/nowy')
        }
      },
      'GET /zuzycie?punkt': async () => {
        expect((await page('GET /zuzycie?punkt', '/zuzycie')).status).toBe(200)
        expect((await page('GET /zuzycie?punkt', `/zuzycie?punkt=${kPoint}`)).status).toBe(404)
      },
      // The first customer's supply point gives no PDF either: "not found", as HTML.
      'GET /zuzycie/pdf?punkt': async () => {
        const own = await nowak.get('/zuzycie/pdf')
        expect(own.headers.get('content-type')).toBe('application/pdf')
        const res = await page('GET /zuzycie/pdf?punkt', `/zuzycie/pdf?punkt=${kPoint}`)
        expect(res.status).toBe(404)
        expect(res.headers.get('content-type')).toMatch(/^text\/html/)
      },
      'GET /wodomierze': async () => expect((await page('GET /wodomierze', '/wodomierze')).status).toBe(200),
      'GET /rozliczenia': async () => expect((await page('GET /rozliczenia', '/rozliczenia')).status).toBe(200),
      'GET /zgloszenia': async () => expect((await page('GET /zgloszenia', '/zgloszenia')).status).toBe(200),
      // A customer id smuggled into the form is ignored: the case is the session's customer's.
      'POST /zgloszenia': async () => {
        const res = await nowak.post('/zgloszenia', { kind: 'general', description: 'Wiadomość Nowaka', customerId: k.customer.id, location: '', phone: '' }, '/zgloszenia')
        expect(res.status).toBe(200)
        noSecrets(res.text, 'POST /zgloszenia')
        // With a photo (multipart), a smuggled customer or case id is ignored the same way.
        const photo = Buffer.alloc(256, 1)
        photo.set([0xff, 0xd8, 0xff])
        const withPhoto = await nowak.upload('/zgloszenia', { kind: 'general', description: 'Zdjęcie Nowaka', customerId: k.customer.id, caseId: kCaseNo, location: '', phone: '' }, [{ name: 'photos', fileName: 'a.jpg', data: photo }], '/zgloszenia')
        expect(withPhoto.status).toBe(200)
        noSecrets(withPhoto.text, 'POST /zgloszenia (multipart)')
      },
      // The first customer's case (with the desk's reply) is "not found", like an id that does not exist.
      'GET /zgloszenia/:id': async () => {
        const kCase = (await p.office.a.call('cases.search', { customerId: k.customer.id }, p.office.aToken)).items.find((c) => c.caseNo === kCaseNo)!
        expect((await kowalska.get(`/zgloszenia/${kCase.id}`)).text).toContain('Tajna-sprawa-Kowalskiej')
        expect((await page('GET /zgloszenia/:id', `/zgloszenia/${kCase.id}`)).status).toBe(404)
      },
      'GET /e-faktura': async () => expect((await page('GET /e-faktura', '/e-faktura')).status).toBe(200),
      // Withdrawing acts on the session's customer only: the first customer's acceptance stays.
      'POST /e-faktura': async () => {
        const res = await nowak.post('/e-faktura', { action: 'withdraw', customerId: k.customer.id }, '/e-faktura')
        expect(res.status).toBe(400)
        noSecrets(res.text, 'POST /e-faktura')
      },
      // The public pages tell nothing about the first customer: the same answers as for anyone.
      'GET /nie-pamietam-hasla': async () => expect((await page('GET /nie-pamietam-hasla', '/nie-pamietam-hasla')).status).toBe(200),
      'POST /nie-pamietam-hasla': async () => {
        const res = await nowak.post('/nie-pamietam-hasla', { customerNo: k.customer.customerNo, email: 'lucja.zolkiewska@example.pl' }, '/nie-pamietam-hasla')
        expect(res.status).toBe(200)
        noSecrets(res.text, 'POST /nie-pamietam-hasla')
      },
      'GET /nowe-haslo?token': async () => expect((await page('GET /nowe-haslo?token', `/nowe-haslo?token=${k.accountId}`)).status).toBe(400),
      'POST /nowe-haslo': async () => {
        const res = await nowak.post('/nowe-haslo', { token: k.accountId, next: 'Przejete-haslo-1', repeat: 'Przejete-haslo-1' }, '/nie-pamietam-hasla')
        expect(res.status).toBe(400)
        noSecrets(res.text, 'POST /nowe-haslo')
      },
      'GET /rejestracja': async () => expect((await page('GET /rejestracja', '/rejestracja')).status).toBe(200),
      'POST /rejestracja': async () => {
        const form = await nowak.get('/rejestracja')
        const res = await nowak.request('/rejestracja', {
          form: { _csrf: Browser.csrf(form.text), customerNo: k.customer.customerNo, applicantName: 'Jan Nowak', street: 'Partyzantów', houseNo: '1', postalCode: '22-400', city: 'Zamość', invoiceNo: k.invoiceNo, invoiceGross: '1,00', regulaminVersion: /name="regulaminVersion" value="([^"]+)"/.exec(form.text)![1], acceptRegulamin: '1' },
        })
        expect(res.status).toBe(200)
        noSecrets(res.text, 'POST /rejestracja')
      },
    }
    expect(Object.keys(cases).sort()).toEqual([...PORTAL_ROUTES].sort())
    for (const route of PORTAL_ROUTES) await cases[route]()
    await p.sync()
    expect(await readingsOf(k.meterId)).toBe(kReadings)
    expect(await kCases()).toBe(kCasesBefore)
    expect(await kEInvoice()).toBe(true)
    // The first customer is still signed in with her own password.
    expect((await kowalska.get('/konto')).status).toBe(200)
    expect((await p.office.a.call('cases.search', { customerId: p.nowak.customer.id }, p.office.aToken)).items.map((c) => c.subject)).toContain('Wiadomość Nowaka')
    // And the second customer does see their own.
    expect((await nowak.get('/wodomierze')).text).toContain(p.nowak.meterSerial)
  })
})

describe('guessing passwords', () => {
  it('slows down the same way for a real and an unknown customer number, and lets the right password in once the wait is over', async () => {
    const tries = async (login: string, password: string, n: number) => {
      const statuses: number[] = []
      for (let i = 0; i < n; i++) statuses.push((await p.browser().login(login, password)).status)
      return statuses
    }
    expect(await tries(p.kowalska.customer.customerNo, 'zle-haslo-123', 5)).toEqual([401, 401, 401, 401, 429])
    expect(await tries('K1-999999', 'zle-haslo-123', 5)).toEqual([401, 401, 401, 401, 429])
    const waiting = await p.browser().login(p.kowalska.customer.customerNo, K_PASSWORD)
    expect(waiting.status).toBe(429)
    expect(waiting.text).toContain('Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za 30 s.')
    clock += 31_000
    expect((await p.browser().login(p.kowalska.customer.customerNo, K_PASSWORD)).location).toBe('/konto')
  })

  it('slows down guesses at one account spread over many addresses, for a while only', async () => {
    const from = (ip: string) => {
      const b = p.browser()
      b.headers['x-forwarded-for'] = ip
      return b
    }
    const statuses: number[] = []
    for (let i = 1; i <= 11; i++) statuses.push((await from(`203.0.113.${i}`).login(p.nowak.customer.customerNo, 'zle-haslo-123')).status)
    expect(statuses).toEqual([...Array(10).fill(401), 429])
    // The right password from yet another address waits too — but only until the (short) wait is over.
    expect((await from('198.51.100.7').login(p.nowak.customer.customerNo, N_PASSWORD)).status).toBe(429)
    // Other accounts are not held up.
    expect((await from('203.0.113.1').login(p.kowalska.customer.customerNo, K_PASSWORD)).location).toBe('/konto')
    clock += 31_000
    expect((await from('198.51.100.7').login(p.nowak.customer.customerNo, N_PASSWORD)).location).toBe('/konto')
  })
})
