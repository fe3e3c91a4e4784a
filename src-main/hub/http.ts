// The hub's HTTP API (SYNC.md): hello, push, pull by cursor, paged snapshot, change events
// (server-sent), the office as a ready desk file for joining desks, conflicts, and the file store (which files the hub lacks, upload, download).
// JSON, gzip when asked, bounded bodies, desk tokens, clear error codes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTlsServer, type Server as TlsServer } from 'node:https'
import { promisify } from 'node:util'
import { gzip, gzipSync } from 'node:zlib'
import { createReadStream } from 'node:fs'
import { helloRequestSchema, MAX_FILE_BYTES, REPLICA_HEADERS, missingFilesRequestSchema, pushRequestSchema, SNAPSHOT_PAGE, type SyncErrorBody } from '../../shared/sync/protocol'
import { hubFiles } from './files'
import { SyncError, type Hub } from './hub'

const MAX_BODY_BYTES = 32 * 1024 * 1024
/** Open event streams at most (one per desk is the rule; a bound keeps a misbehaving desk from exhausting the hub). */
export const MAX_EVENT_STREAMS = 256
/** A comment line this often keeps proxies and NAT from dropping an idle stream, and lets desks notice a dead one. */
export const EVENT_HEARTBEAT_MS = 20_000
/** Streams one desk may hold at once (one is the rule; the rest are left over from reconnects). */
const MAX_STREAMS_PER_DESK = 3

export interface HubServerOptions {
  /** PEM certificate (chain) and private key: the hub speaks HTTPS (node:https) instead of plain HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer }
  /** Bound on open event streams (default MAX_EVENT_STREAMS). */
  maxEventStreams?: number
}
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

export function createHubServer(hub: Hub, options: HubServerOptions = {}): Server | TlsServer {
  const files = hubFiles(hub.store)
  /**
   * Open event streams: told to pull whenever the head moves (every accepted push, whichever store
   * engine). This fan-out lives in this process: with several hub processes on one PostgreSQL
   * database, a push reaches only the streams of the process that took it (the others' desks still
   * poll); LISTEN/NOTIFY would carry it across processes. One hub process is the supported setup.
   */
  const listeners = new Map<ServerResponse, string>()
  const maxStreams = options.maxEventStreams ?? MAX_EVENT_STREAMS
  const announce = async () => {
    const { headSeq } = await hub.identity()
    for (const res of listeners.keys()) res.write(`event: head\ndata: ${JSON.stringify({ headSeq })}\n\n`)
  }
  const heartbeat = setInterval(() => {
    for (const res of listeners.keys()) res.write(': ok\n\n')
  }, EVENT_HEARTBEAT_MS)
  heartbeat.unref()

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res).catch((err: unknown) => {
      if (err instanceof SyncError) return send(req, res, err.status, err.toBody())
      console.error(err)
      send(req, res, 500, { code: 'BAD_REQUEST', message: 'Błąd serwera synchronizacji' } satisfies SyncErrorBody)
    })
  }
  const server = options.tls ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : createServer(onRequest)

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
        if (result.results.length) announce().catch((err: unknown) => console.error(err))
        return
      }
      case 'GET /v1/sync/pull':
        return send(req, res, 200, await hub.pull(countParam(url, 'cursor', 0), countParam(url, 'limit', 500)))
      case 'GET /v1/sync/snapshot': {
        const cursor = url.searchParams.get('cursor')
        return sendJsonText(req, res, await hub.snapshotJson(cursor === null ? null : countParam(url, 'cursor', 0), url.searchParams.get('after'), countParam(url, 'limit', SNAPSHOT_PAGE)))
      }
      case 'GET /v1/sync/events': {
        if (listeners.size >= maxStreams) {
          return send(req, res, 503, { code: 'BUSY', message: 'Serwer synchronizacji ma za dużo otwartych powiadomień — stanowisko sprawdza zmiany co kilkanaście sekund' } satisfies SyncErrorBody)
        }
        // x-accel-buffering: nginx passes each event on at once instead of buffering the stream.
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' })
        res.write(`event: head\ndata: ${JSON.stringify({ headSeq: (await hub.identity()).headSeq })}\n\n`)
        // A desk that reconnects after a crash or a dropped link may leave streams the hub has not
        // noticed are dead yet: its oldest go, so one desk never holds more than a few.
        const own = [...listeners].filter(([, d]) => d === deskId).map(([r]) => r)
        for (const stale of own.slice(0, Math.max(0, own.length - MAX_STREAMS_PER_DESK + 1))) {
          listeners.delete(stale)
          stale.end()
        }
        listeners.set(res, deskId)
        req.on('close', () => listeners.delete(res))
        return
      }
      case 'GET /v1/sync/replica': {
        const copy = await hub.replica?.handOut(countParam(url, 'schemaVersion', 0))
        if (!copy) return send(req, res, 404, { code: 'NO_REPLICA', message: 'Serwer synchronizacji nie ma (jeszcze) gotowego pliku z danymi biura dla tej wersji programu — dane przyjdą w paczkach' } satisfies SyncErrorBody)
        // Compressed ahead of time with zstd when the desk asks for it (Accept-Encoding; gzip at
        // level 6 would take minutes for 4 GiB on every join); otherwise the bytes as stored. The
        // body is the .zst file itself (application/zstd, not a Content-Encoding): the desk
        // decompresses it with its own large buffers, fetch would with small ones.
        const zstd = /\bzstd\b/.test(String(req.headers['accept-encoding'] ?? '')) ? copy.zstd : null
        res.writeHead(200, {
          'content-type': zstd ? 'application/zstd' : 'application/vnd.sqlite3',
          'content-length': String(zstd ? zstd.bytes : copy.bytes),
          'cache-control': 'no-store',
          [REPLICA_HEADERS.seq]: String(copy.seq),
          [REPLICA_HEADERS.schemaVersion]: String(copy.schemaVersion),
          [REPLICA_HEADERS.sha256]: copy.sha256,
          [REPLICA_HEADERS.bytes]: String(copy.bytes),
          ...(zstd ? { [REPLICA_HEADERS.encoding]: 'zstd' } : {}),
        })
        const stream = createReadStream(zstd ? zstd.file : copy.file, { highWaterMark: 1 << 20 })
        res.on('close', () => {
          stream.destroy()
          copy.release()
        })
        stream.on('error', () => res.destroy())
        stream.pipe(res)
        return
      }
      case 'GET /v1/conflicts':
        return send(req, res, 200, { conflicts: await hub.openConflicts() })
      default:
        return send(req, res, 404, { code: 'BAD_REQUEST', message: `Nieznany adres: ${route}` } satisfies SyncErrorBody)
    }
  }

  // Streams never end by themselves: end them first, or close() would wait for them for ever.
  const close = server.close.bind(server)
  server.close = ((done?: (err?: Error) => void) => {
    clearInterval(heartbeat)
    for (const res of listeners.keys()) res.end()
    listeners.clear()
    return close(done)
  }) as typeof server.close
  return server
}
