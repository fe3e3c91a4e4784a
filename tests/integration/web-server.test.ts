// Browser mode as a local web server (issue 16, defects 4 and 5): the real HTTP adapter on
// 127.0.0.1 with a built-page stand-in. It answers only to its own name (DNS rebinding), takes API
// calls from a browser only from its own origin, puts security headers on every response, swaps
// the start URL's token for an httpOnly SameSite=Strict cookie and a clean address, and answers a
// malformed address with 400 — before authentication, with one log line and no stack trace.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Server } from 'node:http'
import { createHttpApi, tokenCookieName } from '../../src-main/server/http-api'

const TOKEN = 'run-token-0123456789abcdef'
const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; object-src 'none'"
let staticDir: string
let server: Server
let port: number
const logged: string[] = []
const dispatch = vi.fn(async () => ({ ok: true as const, value: 'pong' }))

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'ibok-web-'))
  writeFileSync(join(staticDir, 'index.html'), `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}" /></head><body>ibok</body></html>`)
  mkdirSync(join(staticDir, 'assets'))
  writeFileSync(join(staticDir, 'assets', 'main-abc123.js'), 'console.log(1)')
  server = createHttpApi({ dispatch, token: TOKEN, staticDir, log: (line) => logged.push(line) })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  rmSync(staticDir, { recursive: true, force: true })
})
afterEach(() => {
  logged.length = 0
  vi.restoreAllMocks()
})

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A raw request: fetch() will not send a made-up Host header or a broken %-escape. */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}
const api = (headers: Record<string, string>) => raw('POST', '/api/system.status', { 'content-type': 'application/json', ...headers }, '{}')
const own = () => `http://127.0.0.1:${port}`

function expectSecurityHeaders(a: Answer, what: string): void {
  expect(a.headers['x-content-type-options'], what).toBe('nosniff')
  expect(a.headers['referrer-policy'], what).toBe('no-referrer')
  expect(a.headers['x-frame-options'], what).toBe('DENY')
  expect(a.headers['content-security-policy'], what).toContain("frame-ancestors 'none'")
}

describe('a malformed address', () => {
  it('GET /%E0%A4%A answers 400 before authentication, with one log line and no stack trace', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
    for (const path of ['/%E0%A4%A', '/assets/%E0%A4%A', '/api/%E0%A4%A', '/%']) {
      const a = await raw('GET', path)
      expect(a.status, path).toBe(400)
      expect(JSON.parse(a.body), path).toEqual({ code: 'VALIDATION', message: 'Niepoprawny adres' })
      expectSecurityHeaders(a, path)
    }
    expect(consoleError).not.toHaveBeenCalled()
    expect(logged).toHaveLength(4)
    for (const line of logged) expect(line).not.toMatch(/\n|at .*\(|URIError/)
    expect(dispatch).not.toHaveBeenCalled()
  })
})

describe('only its own name and origin', () => {
  it('refuses a request addressed to another host name (DNS rebinding) with 421', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`, `localhost.evil.example:${port}`]) {
      const a = await raw('GET', '/', { host })
      expect(a.status, host).toBe(421)
      expect(a.body).not.toContain('ibok</body>')
      expectSecurityHeaders(a, host)
      expect((await api({ host, authorization: `Bearer ${TOKEN}` })).status, host).toBe(421)
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) expect((await raw('GET', '/', { host })).status, host).toBe(200)
  })

  it('refuses an API call from another origin even with the right token', async () => {
    expect((await api({ authorization: `Bearer ${TOKEN}`, origin: 'http://evil.example' })).status).toBe(403)
    expect((await api({ authorization: `Bearer ${TOKEN}`, origin: `http://127.0.0.1:${port + 1}` })).status).toBe(403)
    expect((await api({ authorization: `Bearer ${TOKEN}`, origin: 'null' })).status).toBe(403)
    expect((await api({ authorization: `Bearer ${TOKEN}`, origin: own() })).status).toBe(200)
    expect((await api({ authorization: `Bearer ${TOKEN}`, origin: `http://localhost:${port}` })).status).toBe(200)
  })
})

describe('security headers on every response', () => {
  it('the page (with its own CSP and frame-ancestors), assets, API answers and errors', async () => {
    const page = await raw('GET', '/')
    expect(page.status).toBe(200)
    expect(page.headers['content-security-policy']).toBe(`${PAGE_CSP}; frame-ancestors 'none'`)
    const answers: [string, Answer][] = [
      ['page', page],
      ['asset', await raw('GET', '/assets/main-abc123.js')],
      ['missing file', await raw('GET', '/nie-ma.js')],
      ['API ok', await api({ authorization: `Bearer ${TOKEN}` })],
      ['API without token', await api({})],
      ['wrong method', await raw('PUT', '/')],
      ['path escape', await raw('GET', '/..%2f..%2fetc%2fpasswd')],
    ]
    for (const [what, a] of answers) expectSecurityHeaders(a, what)
    expect(answers.map(([, a]) => a.status)).toEqual([200, 200, 404, 200, 401, 404, 404])
  })
})

describe('timing', () => {
  it("an operation's answer says how long the desk worked on it (Server-Timing), so a browser can tell it from the transport", async () => {
    dispatch.mockImplementationOnce(async () => {
      await new Promise((r) => setTimeout(r, 30))
      return { ok: true as const, value: 'pong' }
    })
    const a = await api({ authorization: `Bearer ${TOKEN}` })
    expect(a.status).toBe(200)
    const dur = /^app;dur=(\d+(?:\.\d+)?)$/.exec(String(a.headers['server-timing']))
    expect(dur, String(a.headers['server-timing'])).not.toBeNull()
    expect(Number(dur![1])).toBeGreaterThanOrEqual(25)
    expect((await raw('GET', '/')).headers['server-timing'], 'only operations are timed').toBeUndefined()
  })
})

describe('the run token leaves the address at first use', () => {
  it('is exchanged for an httpOnly SameSite=Strict cookie and a redirect to the clean address', async () => {
    const a = await raw('GET', `/?token=${TOKEN}&x=1`)
    expect(a.status).toBe(303)
    expect(a.headers.location).toBe('/?x=1')
    const cookie = String(a.headers['set-cookie'])
    expect(cookie).toBe(`${tokenCookieName(port)}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`)
    expectSecurityHeaders(a, 'redirect')

    // The page's API calls then carry the cookie (and their own origin), no token in sight.
    const withCookie = { cookie: `${tokenCookieName(port)}=${TOKEN}` }
    expect((await api({ ...withCookie, origin: own() })).status).toBe(200)
    // Not without the page's origin (a cookie alone does not authorise), nor another desk's cookie.
    expect((await api(withCookie)).status).toBe(401)
    expect((await api({ cookie: `${tokenCookieName(port + 1)}=${TOKEN}`, origin: own() })).status).toBe(401)
    expect((await api({ cookie: `${tokenCookieName(port)}=zly`, origin: own() })).status).toBe(401)
  })

  it('a wrong token in the address gets no cookie', async () => {
    const a = await raw('GET', '/?token=zly-token')
    expect(a.status).toBe(401)
    expect(a.headers['set-cookie']).toBeUndefined()
    expect(JSON.parse(a.body).message).toContain('otwórz adres wypisany przy uruchomieniu')
  })
})
