// The iBOK portal's HTTP server (node:http, no framework): server-rendered Polish pages over the
// portal station's replica of the office's data. The security base lives here:
// - cookie session: httpOnly, SameSite=Strict, Secure when behind TLS (`secureCookies`), the
//   `__Host-` prefix with Secure; the id is regenerated at login, ended at logout;
// - a synchronizer CSRF token bound to the session on every POST form, checked before anything;
// - security headers on every response (strict CSP: no script at all, frames denied);
// - the same answer for an unknown customer number and a wrong password, throttled per login at a
//   source and per source (the desk's LoginThrottle), with growing waits that never outlast 15 min;
// - every customer route scoped to the session's customer (customer.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { ApiError, errorCodes } from '../../shared/api/errors'
import { formatDate } from '../../shared/domain/dates'
import { knownFailure } from '../platform/errors'
import type { Services } from '../core/services'
import { accountRow, changePassword, portalThrottles, signIn } from './account'
import { createCustomerArea } from './customer'
import { PORTAL_CSS, page } from './html'
import { accountPage, analysisPage, casePage, casesPage, changePasswordPage, eInvoicePage, EMPTY_REPORT, errorPage, errorPageBody, forgotPasswordPage, invoicesPage, loginPage, metersPage, readingFormPage, readingsPage, registrationPage, resetPasswordPage, settlementPage } from './pages'
import { emptyRegistration, registrationRegulamin, submitRegistration, REGISTRATION_ANSWER } from './registration'
import { completeReset, PasswordResets, publicFormThrottle, requestReset, RESET_ANSWER, RESET_LINK_INVALID, throttlePublicForm } from './reset'
import { csrfMatches, PortalSessions, type PortalSession, type SessionLimits } from './sessions'
import { checkPhotos, isMultipart, readMultipart } from './uploads'

export interface PortalOptions {
  services: Services
  /** Behind the office's TLS: cookies get Secure and the __Host- prefix. Default true. */
  secureCookies?: boolean
  /** Take the client address from X-Forwarded-For (only behind the office's own reverse proxy). */
  trustProxy?: boolean
  now?: () => number
  sessionLimits?: SessionLimits
  log?: (e: unknown) => void
}

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'Cache-Control': 'no-store',
}
const HSTS = 'max-age=31536000'

/**
 * Every route the portal answers (method and path; `:id` is an id in the path, `?wodomierz` an id
 * in the query). The authorisation sweep (tests/integration/portal-security.test.ts) walks this
 * list with another customer's session: a route added here without a sweep case fails that test.
 */
export const PORTAL_ROUTES = [
  'GET /portal.css',
  'GET /',
  'GET /logowanie',
  'POST /logowanie',
  'POST /wyloguj',
  'POST /wyloguj-wszedzie',
  'GET /zmiana-hasla',
  'POST /zmiana-hasla',
  'GET /konto',
  'GET /faktury',
  'GET /faktury/:id/pdf',
  'GET /odczyty',
  'GET /odczyty/nowy?wodomierz',
  'POST /odczyty/nowy',
  'GET /zuzycie?punkt',
  'GET /zuzycie/pdf?punkt',
  'GET /wodomierze',
  'GET /rozliczenia',
  'GET /zgloszenia',
  'POST /zgloszenia',
  'GET /zgloszenia/:id',
  'GET /e-faktura',
  'POST /e-faktura',
  'GET /nie-pamietam-hasla',
  'POST /nie-pamietam-hasla',
  'GET /nowe-haslo?token',
  'POST /nowe-haslo',
  'GET /rejestracja',
  'POST /rejestracja',
] as const

/** Form bodies are small: a password change or a reading with a note. */
const MAX_BODY = 16 * 1024
/** The one form that carries files (photos with a failure report), sent as multipart. */
const MULTIPART_PATHS = new Set(['/zgloszenia'])
const CSRF_REFUSED = 'Formularz wygasł albo nie pochodzi z tej strony. Otwórz stronę ponownie i spróbuj jeszcze raz.'

type Form = URLSearchParams

interface Ctx {
  req: IncomingMessage
  res: ServerResponse
  url: URL
  session: PortalSession | null
  source: string
}

export function createPortal(options: PortalOptions) {
  const s = options.services
  const now = options.now ?? (() => s.now().getTime())
  const secure = options.secureCookies ?? true
  const cookieName = secure ? '__Host-ibok' : 'ibok'
  const sessions = new PortalSessions(now, options.sessionLimits)
  const throttles = portalThrottles(now)
  const area = createCustomerArea(s)
  const resets = new PasswordResets(now)
  // The portal station's own sender sends the reset mails it queues, making each link's token then.
  s.mail.registerKind('other', resets.mailHooks())
  const publicForms = publicFormThrottle(now)
  const log = options.log ?? console.error
  const sweeper = setInterval(() => sessions.sweep(), 60_000)
  sweeper.unref()

  const setCookie = (res: ServerResponse, value: string, maxAge?: number) => {
    const parts = [`${cookieName}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict']
    if (secure) parts.push('Secure')
    if (maxAge !== undefined) parts.push(`Max-Age=${maxAge}`)
    res.setHeader('Set-Cookie', parts.join('; '))
  }

  function send(res: ServerResponse, status: number, body: string | Buffer, type = 'text/html; charset=utf-8', extra: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v)
    if (secure) res.setHeader('Strict-Transport-Security', HSTS)
    res.setHeader('Content-Type', type)
    for (const [k, v] of Object.entries(extra)) res.setHeader(k, v)
    res.statusCode = status
    res.end(body)
  }
  const redirect = (res: ServerResponse, to: string) => send(res, 303, '', 'text/plain; charset=utf-8', { Location: to })

  function cookieOf(req: IncomingMessage): string | null {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [k, ...v] = part.trim().split('=')
      if (k === cookieName) return v.join('=')
    }
    return null
  }

  const sourceOf = (req: IncomingMessage): string => {
    const forwarded = options.trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',')[0].trim() : ''
    const address = forwarded || req.socket.remoteAddress || 'unknown'
    // "::ffff:192.0.2.1" is an IPv4 client on an IPv6 socket: recorded as the IPv4 address.
    return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1')
  }

  async function readForm(req: IncomingMessage): Promise<Form> {
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
    if (type !== 'application/x-www-form-urlencoded') throw new ApiError('VALIDATION', 'Nieobsługiwany rodzaj formularza.')
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size > MAX_BODY) throw new ApiError('VALIDATION', 'Formularz jest za duży.')
      chunks.push(chunk as Buffer)
    }
    return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
  }

  /** The signed-in session, still valid against the account as it is now (a desk may have locked or reset it). */
  function customerSession(ctx: Ctx): (PortalSession & { accountId: string; customerId: string; customerNo: string }) | null {
    const session = ctx.session
    if (!session?.accountId || !session.customerId || !session.customerNo) return null
    const account = accountRow(s, session.accountId)
    if (!account || account.state === 'locked' || account.passwordSetAt !== session.passwordSetAt || account.customerId !== session.customerId) {
      sessions.end(session.id)
      return null
    }
    return session as PortalSession & { accountId: string; customerId: string; customerNo: string }
  }

  const nav = (session: PortalSession & { customerNo: string }, current: string) => ({ customerNo: session.customerNo, csrf: session.csrf, current })

  /** A login form needs a session of its own (for its CSRF token); made when the visitor has none. */
  function anonymousSession(ctx: Ctx): PortalSession {
    if (ctx.session) return ctx.session
    const session = sessions.anonymous()
    setCookie(ctx.res, session.id)
    ctx.session = session
    return session
  }

  function showLogin(ctx: Ctx, status = 200, error: string | null = null, login = '') {
    const session = anonymousSession(ctx)
    send(ctx.res, status, loginPage({ csrf: session.csrf, error, login }))
  }

  async function handle(ctx: Ctx): Promise<void> {
    const { req, res, url } = ctx
    const method = req.method ?? 'GET'
    const path = url.pathname

    if (method === 'GET' && path === '/portal.css') return send(res, 200, PORTAL_CSS, 'text/css; charset=utf-8')
    if (method !== 'GET' && method !== 'POST') return send(res, 405, errorPage('Niedozwolona metoda żądania.'), undefined, { Allow: 'GET, POST' })

    // Every POST carries the session's CSRF token; nothing else is looked at before it is checked.
    let form: Form | null = null
    let files: File[] = []
    if (method === 'POST') {
      if (isMultipart(req)) {
        // Files only where a form has a file input, and only from a signed-in customer: anyone
        // else's upload is refused before its body is read.
        if (!MULTIPART_PATHS.has(path)) throw new ApiError('VALIDATION', 'Nieobsługiwany rodzaj formularza.')
        if (!ctx.session) return send(res, 403, errorPage(CSRF_REFUSED))
        if (!customerSession(ctx)) return send(res, 401, errorPage('Sesja wygasła — zaloguj się ponownie.'))
        ;({ form, files } = await readMultipart(req))
      } else {
        form = await readForm(req)
      }
      if (!ctx.session || !csrfMatches(ctx.session, form.get('_csrf'))) return send(res, 403, errorPage(CSRF_REFUSED))
    }

    if (path === '/logowanie') {
      if (method === 'GET') {
        if (customerSession(ctx)) return redirect(res, '/konto')
        return showLogin(ctx)
      }
      const login = form!.get('login') ?? ''
      try {
        const who = await signIn(s, throttles, { login, password: form!.get('password') ?? '', source: ctx.source })
        // A new id (and CSRF token) at sign-in: the anonymous session's id dies here.
        const session = sessions.signIn(ctx.session, {
          accountId: who.account.id,
          customerId: who.account.customerId,
          customerNo: who.customerNo,
          mustChangePassword: who.mustChangePassword,
          passwordSetAt: who.account.passwordSetAt,
        })
        setCookie(res, session.id)
        return redirect(res, who.mustChangePassword ? '/zmiana-hasla' : '/konto')
      } catch (err) {
        if (!(err instanceof ApiError)) throw err
        return showLogin(ctx, errorCodes[err.code] ?? 400, err.message, login)
      }
    }

    if (path === '/wyloguj' && method === 'POST') {
      sessions.end(ctx.session!.id)
      setCookie(res, '', 0)
      return redirect(res, '/logowanie')
    }

    if (path === '/wyloguj-wszedzie' && method === 'POST') {
      // Every session of the account (other browsers, a forgotten computer), this one included.
      const session = customerSession(ctx)
      if (session) sessions.endAllOf(session.accountId)
      sessions.end(ctx.session!.id)
      setCookie(res, '', 0)
      return redirect(res, '/logowanie')
    }

    if (path === '/') return redirect(res, customerSession(ctx) ? '/konto' : '/logowanie')

    // Public pages (no sign-in): the answer never tells whether a customer or an account exists.
    if (path === '/nie-pamietam-hasla') {
      const session = anonymousSession(ctx)
      if (method === 'GET') return send(res, 200, forgotPasswordPage({ csrf: session.csrf, error: null, notice: null }))
      try {
        throttlePublicForm(publicForms, 'reset', ctx.source)
      } catch (err) {
        if (!(err instanceof ApiError)) throw err
        return send(res, 429, forgotPasswordPage({ csrf: session.csrf, error: err.message, notice: null }))
      }
      requestReset(s, { customerNo: form!.get('customerNo') ?? '', email: form!.get('email') ?? '' })
      return send(res, 200, forgotPasswordPage({ csrf: session.csrf, error: null, notice: RESET_ANSWER }))
    }
    if (path === '/nowe-haslo') {
      const session = anonymousSession(ctx)
      const token = (method === 'GET' ? url.searchParams.get('token') : form!.get('token')) ?? ''
      if (method === 'GET') {
        if (!resets.peek(token)) return send(res, 400, errorPage(RESET_LINK_INVALID))
        return send(res, 200, resetPasswordPage({ csrf: session.csrf, token, error: null }))
      }
      try {
        const accountId = await completeReset(s, resets, { token, next: form!.get('next') ?? '', repeat: form!.get('repeat') ?? '' })
        sessions.endAllOf(accountId)
        return redirect(res, '/logowanie')
      } catch (err) {
        if (!(err instanceof ApiError)) throw err
        if (err.message === RESET_LINK_INVALID) return send(res, 400, errorPage(RESET_LINK_INVALID))
        return send(res, errorCodes[err.code] ?? 400, resetPasswordPage({ csrf: session.csrf, token, error: err.message }))
      }
    }
    if (path === '/rejestracja') {
      const session = anonymousSession(ctx)
      const regulamin = registrationRegulamin(s)
      if (method === 'GET') return send(res, 200, registrationPage({ csrf: session.csrf, form: emptyRegistration(), regulamin, error: null, notice: null }))
      try {
        throttlePublicForm(publicForms, 'registration', ctx.source)
        submitRegistration(s, form!)
      } catch (err) {
        if (!(err instanceof ApiError)) throw err
        return send(res, errorCodes[err.code] ?? 400, registrationPage({ csrf: session.csrf, form: emptyRegistration(form!), regulamin, error: err.message, notice: null }))
      }
      return send(res, 200, registrationPage({ csrf: session.csrf, form: emptyRegistration(), regulamin, error: null, notice: REGISTRATION_ANSWER }))
    }

    const session = customerSession(ctx)
    if (!session) {
      if (method === 'GET') return redirect(res, '/logowanie')
      return send(res, 401, errorPage('Sesja wygasła — zaloguj się ponownie.'))
    }

    if (path === '/zmiana-hasla') {
      const first = session.mustChangePassword
      if (method === 'GET') return send(res, 200, changePasswordPage({ nav: first ? null : nav(session, ''), csrf: session.csrf, first, error: null }))
      try {
        const account = await changePassword(s, session.accountId, { current: form!.get('current') ?? '', next: form!.get('next') ?? '', repeat: form!.get('repeat') ?? '' })
        session.mustChangePassword = false
        session.passwordSetAt = account.passwordSetAt
        // Every other session of the account ends with the old password.
        sessions.endAllOf(session.accountId, session.id)
        return send(res, 200, accountPage({ nav: nav(session, '/konto'), notice: first ? 'Hasło zostało ustawione, konto iBOK jest aktywne.' : 'Hasło zostało zmienione.', settlement: area.settlement(session.customerId) }))
      } catch (err) {
        if (!(err instanceof ApiError)) throw err
        return send(res, errorCodes[err.code] ?? 400, changePasswordPage({ nav: first ? null : nav(session, ''), csrf: session.csrf, first, error: err.message }))
      }
    }
    // Until the one-time password is replaced, nothing else is open.
    if (session.mustChangePassword) return method === 'GET' ? redirect(res, '/zmiana-hasla') : send(res, 403, errorPage('Najpierw ustaw własne hasło.'))

    const c = session.customerId
    if (method === 'GET' && path === '/konto') return send(res, 200, accountPage({ nav: nav(session, '/konto'), notice: null, settlement: area.settlement(c) }))
    if (method === 'GET' && path === '/faktury') return send(res, 200, invoicesPage({ nav: nav(session, '/faktury'), invoices: area.invoices(c) }))
    const pdfMatch = /^\/faktury\/([0-9a-f-]{36})\/pdf$/i.exec(path)
    if (method === 'GET' && pdfMatch) {
      const pdf = await area.invoicePdf(c, pdfMatch[1])
      return send(res, 200, Buffer.from(pdf.pdfBase64, 'base64'), 'application/pdf', { 'Content-Disposition': `attachment; filename="${pdf.fileName.replace(/[^\w.-]/g, '_')}"` })
    }
    if (method === 'GET' && path === '/odczyty') return send(res, 200, readingsPage({ nav: nav(session, '/odczyty'), meters: area.readings(c), notice: null }))
    if (path === '/odczyty/nowy') {
      if (method === 'GET') {
        const meter = area.meterInUse(c, url.searchParams.get('wodomierz') ?? '')
        return send(res, 200, readingFormPage({ nav: nav(session, '/odczyty'), csrf: session.csrf, meter, value: '', note: '', error: null, warnings: [] }))
      }
      const input = { meterId: form!.get('meterId') ?? '', valueM3: form!.get('valueM3') ?? '', note: form!.get('note') ?? '' }
      const meter = area.meterInUse(c, input.meterId)
      try {
        // An implausible value is first explained to the customer; confirmed (with a note), it goes to review.
        const check = area.checkReading(c, input)
        // A value the rules refuse is refused at once: no confirming it past its warnings.
        const refusal = check.issues.find((i) => i.severity === 'error')
        if (refusal) return send(res, 400, readingFormPage({ nav: nav(session, '/odczyty'), csrf: session.csrf, meter, value: input.valueM3, note: input.note, error: refusal.message, warnings: [] }))
        const warnings = check.issues.filter((i) => i.severity === 'warning').map((i) => i.message)
        if (warnings.length && form!.get('confirm') !== '1') {
          return send(res, 200, readingFormPage({ nav: nav(session, '/odczyty'), csrf: session.csrf, meter, value: input.valueM3, note: input.note, error: null, warnings }))
        }
        const recorded = area.giveReading(c, input)
        const text =
          recorded.reading.status === 'flagged'
            ? 'Dziękujemy. Odczyt przyjęto do wyjaśnienia — sprawdzi go pracownik Biura Obsługi Klienta.'
            : 'Dziękujemy. Odczyt został zapisany.'
        return send(res, 200, readingsPage({ nav: nav(session, '/odczyty'), meters: area.readings(c), notice: text }))
      } catch (err) {
        if (!(err instanceof ApiError) || err.code !== 'VALIDATION') throw err
        return send(res, 400, readingFormPage({ nav: nav(session, '/odczyty'), csrf: session.csrf, meter, value: input.valueM3, note: input.note, error: err.message, warnings: [] }))
      }
    }
    if (method === 'GET' && path === '/zuzycie/pdf') {
      const pdf = await area.analysisPdf(c, url.searchParams.get('punkt'))
      return send(res, 200, Buffer.from(pdf.pdfBase64, 'base64'), 'application/pdf', { 'Content-Disposition': `attachment; filename="${pdf.fileName.replace(/[^\w.-]/g, '_')}"` })
    }
    if (method === 'GET' && path === '/zuzycie') return send(res, 200, analysisPage({ nav: nav(session, '/zuzycie'), analysis: area.analysis(c, url.searchParams.get('punkt')) }))
    if (method === 'GET' && path === '/wodomierze') return send(res, 200, metersPage({ nav: nav(session, '/wodomierze'), meters: area.meters(c) }))
    if (method === 'GET' && path === '/rozliczenia') return send(res, 200, settlementPage({ nav: nav(session, '/rozliczenia'), settlement: area.settlement(c) }))
    if (path === '/zgloszenia') {
      const show = (status: number, form = EMPTY_REPORT, error: string | null = null, text: string | null = null) =>
        send(res, status, casesPage({ nav: nav(session, '/zgloszenia'), csrf: session.csrf, cases: area.cases(c), form, error, notice: text }))
      if (method === 'GET') return show(200)
      const input = { kind: form!.get('kind') ?? '', description: form!.get('description') ?? '', location: form!.get('location') ?? '', phone: form!.get('phone') ?? '', urgent: form!.get('urgent') === '1' }
      try {
        // The photos are checked before anything is registered: a refused photo leaves no case behind.
        const photos = await checkPhotos(files)
        const id = area.report(c, input, photos)
        const made = area.cases(c).find((x) => x.id === id)!
        const attached = photos.length ? ` Dołączono zdjęcia: ${photos.length}.` : ''
        return show(200, EMPTY_REPORT, null, `Dziękujemy. Sprawa ${made.caseNo} została zarejestrowana${made.type === 'failure' ? ' i przekazana do pogotowia' : `, odpowiemy do ${formatDate(made.dueOn)}`}.${attached}`)
      } catch (err) {
        if (!(err instanceof ApiError) || err.code !== 'VALIDATION') throw err
        return show(400, input, err.message)
      }
    }
    const caseMatch = /^\/zgloszenia\/([0-9a-f-]{36})$/i.exec(path)
    if (method === 'GET' && caseMatch) return send(res, 200, casePage({ nav: nav(session, '/zgloszenia'), view: area.caseView(c, caseMatch[1]) }))
    if (path === '/e-faktura') {
      const show = (status: number, error: string | null = null, text: string | null = null, email?: string) => {
        const state = area.eInvoice(c)
        return send(res, status, eInvoicePage({ nav: nav(session, '/e-faktura'), csrf: session.csrf, state, email: email ?? state.email ?? '', error, notice: text }))
      }
      if (method === 'GET') return show(200)
      const evidence = { login: session.customerNo, ip: ctx.source }
      const email = form!.get('email') ?? ''
      try {
        if (form!.get('action') === 'withdraw') {
          await area.withdrawEInvoice(c, evidence)
          return show(200, null, 'Akceptację e-faktur wycofano. Kolejne faktury otrzymasz pocztą. Potwierdzenie wysłaliśmy e-mailem.')
        }
        if (form!.get('agree') !== '1') throw new ApiError('VALIDATION', 'Zaznacz, że akceptujesz treść oświadczenia.', 'agree')
        const done = await area.acceptEInvoice(c, { textVersion: form!.get('textVersion') ?? '', email }, evidence)
        return show(200, null, `Dziękujemy. Akceptację e-faktur zarejestrowano (${done.event.documentNo}); faktury będą wysyłane na adres ${done.event.email}. Potwierdzenie wyślemy na adres ${done.event.email}.`)
      } catch (err) {
        if (!(err instanceof ApiError) || (err.code !== 'VALIDATION' && err.code !== 'CONFLICT')) throw err
        return show(400, err.message, null, email)
      }
    }
    return send(res, 404, page({ title: 'Nie znaleziono', nav: nav(session, ''), body: errorPageBody('Nie ma takiej strony.') }))
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const ctx: Ctx = { req, res, url: new URL(req.url ?? '/', 'http://portal.invalid'), session: sessions.find(cookieOf(req)), source: sourceOf(req) }
    handle(ctx).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy()
      const known = err instanceof ApiError ? err : knownFailure(err)
      if (!known) log(err)
      const status = known ? (errorCodes[known.code] ?? 400) : 500
      const message = known?.message ?? 'Wystąpił nieoczekiwany błąd. Spróbuj ponownie później.'
      send(res, status, errorPage(message))
    })
  }

  return {
    listener,
    sessions,
    throttles,
    close: () => clearInterval(sweeper),
  }
}


export function createPortalServer(options: PortalOptions): { server: Server; portal: ReturnType<typeof createPortal> } {
  const portal = createPortal(options)
  const server = createServer(portal.listener)
  server.on('close', () => portal.close())
  return { server, portal }
}
