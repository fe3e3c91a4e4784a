// The loopback HTTP adapter: the same dispatcher as Electron's IPC, for browser mode and tests.
// A local web server done properly: bound to 127.0.0.1; only requests addressed to it by name
// (Host 127.0.0.1 / localhost with its port: a DNS-rebinding page is turned away) and, for a
// browser's API calls, from its own origin; security headers on every response; the per-run
// token arrives once in the start URL and is exchanged at once for an httpOnly, SameSite=Strict
// cookie and a redirect to the clean address (so it stays out of the browser history); scripts
// and tests may send it as a Bearer header instead. The staff session rides in its own header.
// POST /events is the desk's event stream (text/event-stream) for one staff session.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { contract } from '../../shared/api/contract'
import { EVENTS_PATH, SESSION_HEADER } from '../../shared/api/http'
import type { Dispatch } from '../desk/dispatcher'
import type { EventFeed } from '../desk/event-feed'

export { SESSION_HEADER }
const MAX_BODY_BYTES = 25 * 1024 * 1024

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

export interface HttpApiOptions {
  dispatch: Dispatch
  token: string
  /** Built renderer (out/renderer) to serve at /; omitted in API-only tests. */
  staticDir?: string
  /** Where a request that was refused (bad Host, malformed address…) is noted: one line, no stack. */
  log?: (line: string) => void
  /** The desk's pushed events (POST /events); without it the path is not found. */
  events?: EventFeed
}

/** A comment line now and then keeps proxies and idle timers from closing a quiet stream. */
export const EVENTS_KEEPALIVE_MS = 25_000

/** Host names the server answers to (with its own port): what a browser on this machine sends. */
const LOCAL_HOSTS = ['127.0.0.1', 'localhost']

/** The token's cookie, per port: two desks on one machine (different ports) share a cookie jar. */
export const tokenCookieName = (port: number) => `ibok_token_${port}`

/** For anything that is not the page (JSON, assets): nothing may run, load or frame it. */
const STRICT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

/**
 * The page's own policy is its CSP <meta> (src-renderer/index.html, one source); the header
 * repeats it and adds what a <meta> cannot say: frame-ancestors (no framing: clickjacking).
 */
export function pageCsp(indexHtml: string | null): string {
  const meta = indexHtml && /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(indexHtml)
  return meta ? `${meta[1].replace(/;\s*$/, '')}; frame-ancestors 'none'` : STRICT_CSP
}

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
}

/** Every operation with its input as JSON Schema: what a client can call and how. */
export function describeApi() {
  return Object.entries(contract).map(([name, op]) => ({
    name,
    summary: op.summary,
    access: op.access,
    writes: op.writes,
    input: z.toJSONSchema(op.input, { io: 'input', unrepresentable: 'any' }),
  }))
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(json)
}

function sameSecret(given: string, token: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function cookieValue(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return null
}

/** The address as the server sees it; null when it is not a valid one (e.g. a broken %-escape). */
function parsePath(rawUrl: string): { url: URL; path: string } | null {
  try {
    const url = new URL(rawUrl, 'http://127.0.0.1')
    return { url, path: decodeURIComponent(url.pathname) }
  } catch {
    return null
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new Error('too large')
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  return text ? JSON.parse(text) : {}
}

async function serveStatic(res: ServerResponse, root: string, decodedPath: string, csp: string): Promise<void> {
  const rel = normalize(decodedPath === '/' ? '/index.html' : decodedPath).replace(/^([/\\])+/, '')
  const file = join(root, rel)
  if (!file.startsWith(root + sep)) return send(res, 403, { code: 'FORBIDDEN', message: 'Brak dostępu' })
  try {
    const data = await readFile(file)
    // Built assets carry a content hash in their names: the browser may keep them for good and
    // reuse its compiled code on the next start. index.html names the current ones: always asked.
    const cache = /^assets[/\\]/.test(rel) ? 'public, max-age=31536000, immutable' : 'no-cache'
    const type = MIME[extname(file)] ?? 'application/octet-stream'
    const headers: Record<string, string> = { 'content-type': type, 'cache-control': cache }
    if (type.startsWith('text/html')) headers['content-security-policy'] = csp
    res.writeHead(200, headers)
    res.end(data)
  } catch {
    send(res, 404, { code: 'NOT_FOUND', message: 'Nie znaleziono' })
  }
}

function readIndex(root: string): string | null {
  try {
    return readFileSync(join(root, 'index.html'), 'utf8')
  } catch {
    return null // not built: the strict policy applies, and the page answers 404 anyway
  }
}

/** The event stream of the session in the request's header; refused like an operation would be. */
function streamEvents(req: IncomingMessage, res: ServerResponse, feed: EventFeed): void {
  if (req.method !== 'POST') return send(res, 405, { code: 'VALIDATION', message: 'Strumień zdarzeń otwiera się metodą POST' })
  const session = req.headers[SESSION_HEADER]
  const opened = feed(
    typeof session === 'string' ? session : null,
    (name, payload) => res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`),
    // The session is over: the stream ends, and the client's next attempt hears why (401).
    () => res.end(),
  )
  if (!opened.ok) return send(res, opened.status, opened.error)
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' })
  // Sent at once, so the client knows the stream is open (and fetches the state it may have missed).
  res.write(': ibok-desk\n\n')
  const keepAlive = setInterval(() => res.write(': \n\n'), EVENTS_KEEPALIVE_MS)
  const close = () => {
    clearInterval(keepAlive)
    opened.close()
  }
  req.socket.setTimeout(0)
  res.on('close', close)
  req.resume() // a POST body, if any, is not read: drain it
}

export function createHttpApi(options: HttpApiOptions): Server {
  const root = options.staticDir && normalize(options.staticDir)
  const log = options.log ?? ((line: string) => console.warn(line))
  const csp = pageCsp(root ? readIndex(root) : null)
  return createServer((req, res) => {
    // On every response, whatever path it takes below (the page's CSP replaces this one).
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value)
    res.setHeader('content-security-policy', STRICT_CSP)
    void handle(req, res).catch((err: unknown) => {
      console.error(err)
      if (!res.headersSent) send(res, 500, { code: 'INTERNAL', message: 'Błąd wewnętrzny programu' })
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const port = req.socket.localPort ?? 0
    // DNS rebinding: a page from evil.example re-pointed at 127.0.0.1 still says Host: evil.example.
    const host = (req.headers.host ?? '').toLowerCase()
    if (!LOCAL_HOSTS.some((h) => host === `${h}:${port}`)) {
      log(`ibok-desk: odrzucono żądanie z nagłówkiem Host „${host.slice(0, 100)}”`)
      return send(res, 421, { code: 'FORBIDDEN', message: `Ten serwer odpowiada tylko pod adresem http://127.0.0.1:${port}` })
    }
    const origin = req.headers.origin
    if (origin !== undefined && !LOCAL_HOSTS.some((h) => origin === `http://${h}:${port}`)) {
      log(`ibok-desk: odrzucono żądanie z obcej strony (Origin „${origin.slice(0, 100)}”)`)
      return send(res, 403, { code: 'FORBIDDEN', message: 'Żądanie z obcej strony odrzucone' })
    }
    const parsed = parsePath(req.url ?? '/')
    if (!parsed) {
      log(`ibok-desk: niepoprawny adres żądania „${(req.url ?? '').slice(0, 100)}”`)
      return send(res, 400, { code: 'VALIDATION', message: 'Niepoprawny adres' })
    }
    const { url, path } = parsed
    const cookieName = tokenCookieName(port)

    const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/')
    if (isApi || (url.pathname === EVENTS_PATH && options.events)) {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
      const cookie = cookieValue(req, cookieName)
      // The cookie is the browser's: honoured only with the page's own Origin (a cross-site form
      // or fetch cannot borrow it; SameSite=Strict already keeps it from being sent).
      const authorised = bearer !== undefined ? sameSecret(bearer, options.token) : cookie !== null && origin !== undefined && sameSecret(cookie, options.token)
      if (!authorised) return send(res, 401, { code: 'UNAUTHENTICATED', message: 'Brak lub zły token dostępu' })
      if (!isApi) return streamEvents(req, res, options.events!)
      if (url.pathname === '/api' && req.method === 'GET') return send(res, 200, { operations: describeApi() })
      if (req.method !== 'POST') return send(res, 405, { code: 'VALIDATION', message: 'Operacje wywołuje się metodą POST' })
      let input: unknown
      try {
        input = await readJson(req)
      } catch {
        return send(res, 400, { code: 'VALIDATION', message: 'Treść żądania nie jest poprawnym JSON-em' })
      }
      const session = req.headers[SESSION_HEADER]
      const started = performance.now()
      const result = await options.dispatch(url.pathname.slice('/api/'.length), input, typeof session === 'string' ? session : null)
      // How long the desk worked on the call (the dispatcher: validation, session, service), for the
      // browser's resource timing: the rest of a call's time is the transport's and the page's.
      res.setHeader('server-timing', `app;dur=${(performance.now() - started).toFixed(2)}`)
      return result.ok ? send(res, 200, { value: result.value }) : send(res, result.status, result.error)
    }
    if (!root || (req.method !== 'GET' && req.method !== 'HEAD')) return send(res, 404, { code: 'NOT_FOUND', message: 'Nie znaleziono' })

    // The start URL's token: exchanged for the cookie, then the same address without it.
    const fromUrl = url.searchParams.get('token')
    if (fromUrl !== null) {
      if (!sameSecret(fromUrl, options.token)) return send(res, 401, { code: 'UNAUTHENTICATED', message: 'Zły token dostępu — otwórz adres wypisany przy uruchomieniu programu' })
      url.searchParams.delete('token')
      res.writeHead(303, {
        'set-cookie': `${cookieName}=${options.token}; HttpOnly; SameSite=Strict; Path=/`,
        location: url.pathname + url.search,
        'cache-control': 'no-store',
      })
      res.end()
      return
    }
    return serveStatic(res, root, path, csp)
  }
}