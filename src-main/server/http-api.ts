// The loopback HTTP adapter: the same dispatcher as Electron's IPC, for browser mode and tests.
// Bound to 127.0.0.1; every API call needs the per-run token; the staff session rides in a header.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { contract } from '../../shared/api/contract'
import type { Dispatch } from '../core/dispatcher'

export const SESSION_HEADER = 'x-staff-session'
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

function tokenMatches(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from((req.headers.authorization ?? '').replace(/^Bearer /, ''))
  const expected = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
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

async function serveStatic(res: ServerResponse, root: string, urlPath: string): Promise<void> {
  const rel = normalize(decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath)).replace(/^([/\\])+/, '')
  const file = join(root, rel)
  if (!file.startsWith(root + sep)) return send(res, 403, { code: 'FORBIDDEN', message: 'Brak dostępu' })
  try {
    const data = await readFile(file)
    // Built assets carry a content hash in their names: the browser may keep them for good and
    // reuse its compiled code on the next start. index.html names the current ones: always asked.
    const cache = /^assets[/\\]/.test(rel) ? 'public, max-age=31536000, immutable' : 'no-cache'
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': cache })
    res.end(data)
  } catch {
    send(res, 404, { code: 'NOT_FOUND', message: 'Nie znaleziono' })
  }
}

export function createHttpApi(options: HttpApiOptions): Server {
  const root = options.staticDir && normalize(options.staticDir)
  return createServer((req, res) => {
    void handle(req, res).catch((err) => {
      console.error(err)
      if (!res.headersSent) send(res, 500, { code: 'INTERNAL', message: 'Błąd wewnętrzny programu' })
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      if (!tokenMatches(req, options.token)) return send(res, 401, { code: 'UNAUTHENTICATED', message: 'Brak lub zły token dostępu' })
      if (url.pathname === '/api' && req.method === 'GET') return send(res, 200, { operations: describeApi() })
      if (req.method !== 'POST') return send(res, 405, { code: 'VALIDATION', message: 'Operacje wywołuje się metodą POST' })
      let input: unknown
      try {
        input = await readJson(req)
      } catch {
        return send(res, 400, { code: 'VALIDATION', message: 'Treść żądania nie jest poprawnym JSON-em' })
      }
      const session = req.headers[SESSION_HEADER]
      const result = await options.dispatch(url.pathname.slice('/api/'.length), input, typeof session === 'string' ? session : null)
      return result.ok ? send(res, 200, { value: result.value }) : send(res, result.status, result.error)
    }
    if (!root || (req.method !== 'GET' && req.method !== 'HEAD')) return send(res, 404, { code: 'NOT_FOUND', message: 'Nie znaleziono' })
    return serveStatic(res, root, url.pathname)
  }
}
