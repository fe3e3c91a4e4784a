// The hub's HTTP API (SYNC.md): hello, push, pull by cursor, paged snapshot, change events
// (server-sent), conflicts, and the file store (which files the hub lacks, upload, download).
// JSON, gzip when asked, bounded bodies, desk tokens, clear error codes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { promisify } from 'node:util'
import { gzip, gzipSync } from 'node:zlib'
import { helloRequestSchema, MAX_FILE_BYTES, missingFilesRequestSchema, pushRequestSchema, SNAPSHOT_PAGE, type SyncErrorBody } from '../../../shared/sync/protocol'
import { hubFiles } from './files'
import { SyncError, type Hub } from './hub'

const MAX_BODY_BYTES = 32 * 1024 * 1024
const gzipAsync = promisify(gzip)

function send(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  let payload: Buffer = Buffer.from(JSON.stringify(body))
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }
  if (payload.length > 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    payload = gzipSync(payload)
    headers['content-encoding'] = 'gzip'
  }
  res.writeHead(status, headers)
  res.end(payload)
}

/**
 * A large JSON body already encoded (snapshot pages, megabytes each): compressed at the fastest
 * level on the thread pool, so the hub keeps reading the next page meanwhile; the rows are
 * repetitive, level 1 already shrinks them about fivefold.
 */
async function sendJsonText(req: IncomingMessage, res: ServerResponse, json: string): Promise<void> {
  let payload = Buffer.from(json)
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }
  if (payload.length > 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    payload = await gzipAsync(payload, { level: 1 })
    headers['content-encoding'] = 'gzip'
  }
  res.writeHead(200, headers)
  res.end(payload)
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new SyncError('BAD_REQUEST', 'Za duża paczka zmian', 413)
    chunks.push(chunk as Buffer)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
  } catch {
    throw new SyncError('BAD_REQUEST', 'Treść żądania nie jest poprawnym JSON-em', 400)
  }
}

/** A file upload: the raw bytes, refused past the limit without reading the rest into memory. */
async function readBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > limit) throw new SyncError('FILE_TOO_LARGE', `Plik większy niż ${limit / 1024 / 1024} MB`, 413)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new SyncError('FILE_TOO_LARGE', `Plik większy niż ${limit / 1024 / 1024} MB`, 413)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** A numeric query parameter: digits only ("", "-1", "1e9", "abc" are NaN and refused by the hub as 400). */
const countParam = (url: URL, name: string, fallback: number): number => {
  const raw = url.searchParams.get(name)
  return raw === null ? fallback : /^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN
}

export function createHubServer(hub: Hub): Server {
  const files = hubFiles(hub.store)
  /** Open event streams: told to pull whenever the head moves. */
  const listeners = new Set<ServerResponse>()
  const announce = async () => {
    const { headSeq } = await hub.identity()
    for (const res of listeners) res.write(`event: head\ndata: ${JSON.stringify({ headSeq })}\n\n`)
  }

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (err instanceof SyncError) return send(req, res, err.status, err.toBody())
      console.error(err)
      send(req, res, 500, { code: 'BAD_REQUEST', message: 'Błąd serwera synchronizacji' } satisfies SyncErrorBody)
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://hub')
    const deskId = await hub.authenticate((req.headers.authorization ?? '').replace(/^Bearer /, '') || undefined)
    const route = `${req.method} ${url.pathname}`
    const parse = <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, body: unknown): T => {
      const r = schema.safeParse(body)
      if (!r.success) throw new SyncError('BAD_REQUEST', `Niepoprawne żądanie: ${r.error.issues[0].path.join('.')} ${r.error.issues[0].message}`, 400)
      return r.data
    }
    const file = /^\/v1\/files\/([0-9a-f]{64})$/.exec(url.pathname)
    if (file && req.method === 'PUT') {
      const result = await files.put(deskId, file[1], await readBytes(req, MAX_FILE_BYTES))
      return send(req, res, result.stored ? 201 : 200, result)
    }
    if (file && req.method === 'GET') {
      const data = await files.get(file[1])
      if (!data) return send(req, res, 404, { code: 'FILE_MISSING', message: 'Serwer synchronizacji nie ma jeszcze tego pliku' } satisfies SyncErrorBody)
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(data.length), 'cache-control': 'no-store' })
      res.end(data)
      return
    }
    switch (route) {
      case 'POST /v1/files/missing':
        return send(req, res, 200, { missing: await files.missing(parse(missingFilesRequestSchema, await readJson(req)).hashes) })
      case 'POST /v1/sync/hello':
        return send(req, res, 200, await hub.hello(deskId, parse(helloRequestSchema, await readJson(req))))
      case 'POST /v1/sync/push': {
        const result = await hub.push(deskId, parse(pushRequestSchema, await readJson(req)))
        send(req, res, 200, result)
        if (result.results.length) void announce()
        return
      }
      case 'GET /v1/sync/pull':
        return send(req, res, 200, await hub.pull(countParam(url, 'cursor', 0), countParam(url, 'limit', 500)))
      case 'GET /v1/sync/snapshot': {
        const cursor = url.searchParams.get('cursor')
        return sendJsonText(req, res, await hub.snapshotJson(cursor === null ? null : countParam(url, 'cursor', 0), url.searchParams.get('after'), countParam(url, 'limit', SNAPSHOT_PAGE)))
      }
      case 'GET /v1/sync/events': {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
        res.write(`event: head\ndata: ${JSON.stringify({ headSeq: (await hub.identity()).headSeq })}\n\n`)
        listeners.add(res)
        req.on('close', () => listeners.delete(res))
        return
      }
      case 'GET /v1/conflicts':
        return send(req, res, 200, { conflicts: await hub.openConflicts() })
      default:
        return send(req, res, 404, { code: 'BAD_REQUEST', message: `Nieznany adres: ${route}` } satisfies SyncErrorBody)
    }
  }

  server.on('close', () => {
    for (const res of listeners) res.end()
  })
  return server
}
