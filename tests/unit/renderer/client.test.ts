// The renderer's API client: transports, the run token, and the session events screens rely on.
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../../shared/api/errors'
import { ApiClient, httpTransport, RUN_TOKEN_KEY, takeRunToken, type Transport } from '../../../src-renderer/api/client'
import { httpEvents, parseSseBlock, type EventSink, type EventStream } from '../../../src-renderer/api/events'

function fakeFetch(status: number, body: unknown) {
  return vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status }))
}

describe('httpTransport', () => {
  it('posts to /api/<name> with the run token and the staff session', async () => {
    const fetch = fakeFetch(200, { value: [{ id: 'x' }] })
    const result = await httpTransport('run-tok', fetch as typeof globalThis.fetch)('customers.search', { query: 'kow' }, 'staff-tok')
    expect(result).toEqual({ ok: true, value: [{ id: 'x' }] })
    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/customers.search')
    expect(init?.method).toBe('POST')
    expect(init?.headers).toMatchObject({ authorization: 'Bearer run-tok', 'x-staff-session': 'staff-tok' })
    expect(JSON.parse(String(init?.body))).toEqual({ query: 'kow' })
  })

  it('passes the server error through, field included', async () => {
    const fetch = fakeFetch(400, { code: 'VALIDATION', message: 'NIP ma błędną cyfrę kontrolną', field: 'office.nip' })
    const result = await httpTransport('t', fetch as typeof globalThis.fetch)('system.setup', {}, null)
    expect(result).toEqual({ ok: false, error: { code: 'VALIDATION', message: 'NIP ma błędną cyfrę kontrolną', field: 'office.nip' } })
  })

  it('turns a network failure or a non-API answer into a Polish message', async () => {
    const down = vi.fn(async () => {
      throw new TypeError('Failed to fetch')
    })
    const offline = await httpTransport('t', down as typeof globalThis.fetch)('system.status', {}, null)
    expect(offline).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('Brak połączenia') } })
    const proxy = await httpTransport('t', fakeFetch(502, '<html>Bad gateway</html>') as typeof globalThis.fetch)('system.status', {}, null)
    expect(proxy).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('502') } })
  })
})

describe('takeRunToken', () => {
  const storage = () => {
    const map = new Map<string, string>()
    return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) } as Storage
  }

  it('keeps the token from the address and removes it from the address bar', () => {
    const store = storage()
    const history = { state: { back: null }, replaceState: vi.fn() } as unknown as History
    const token = takeRunToken({ href: 'http://127.0.0.1:5180/?token=abc&x=1#/klienci' } as Location, store, history)
    expect(token).toBe('abc')
    expect(store.getItem(RUN_TOKEN_KEY)).toBe('abc')
    expect(history.replaceState).toHaveBeenCalledWith({ back: null }, '', '/?x=1#/klienci')
  })

  it('after a reload (no token in the address) uses the kept one', () => {
    const store = storage()
    store.setItem(RUN_TOKEN_KEY, 'kept')
    const history = { state: null, replaceState: vi.fn() } as unknown as History
    expect(takeRunToken({ href: 'http://127.0.0.1:5180/#/' } as Location, store, history)).toBe('kept')
    expect(history.replaceState).not.toHaveBeenCalled()
  })
})

describe('ApiClient', () => {
  const failing =
    (code: string): Transport =>
    async () => ({ ok: false, error: { code: code as never, message: 'x' } })

  it('returns the value and sends the session it holds', async () => {
    const transport = vi.fn<Transport>(async () => ({ ok: true, value: { setupDone: true } }))
    const client = new ApiClient(() => transport)
    client.setSession('s1')
    expect(await client.call('system.status', {})).toEqual({ setupDone: true })
    expect(transport).toHaveBeenCalledWith('system.status', {}, 's1')
  })

  it('throws ApiError and tells the app when the session is locked', async () => {
    const client = new ApiClient(() => failing('SESSION_LOCKED'))
    const locked = vi.fn()
    client.onSessionLocked(locked)
    await expect(client.call('customers.get', { id: 'x' })).rejects.toBeInstanceOf(ApiError)
    expect(locked).toHaveBeenCalledOnce()
  })

  it('signs out on UNAUTHENTICATED only when it had a session (else it is the run token)', async () => {
    const client = new ApiClient(() => failing('UNAUTHENTICATED'))
    const signedOut = vi.fn()
    client.onSignedOut(signedOut)
    await expect(client.call('system.status', {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(signedOut).not.toHaveBeenCalled()
    client.setSession('gone')
    await expect(client.call('staff.me', {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(signedOut).toHaveBeenCalledOnce()
  })

  it('opens one event stream for the session, hands each event to its listeners, reopens on a new session and closes on sign-out', () => {
    const opened: Array<{ session: string; sink: EventSink; closed: boolean }> = []
    const stream: EventStream = (session, sink) => {
      const entry = { session, sink, closed: false }
      opened.push(entry)
      return () => (entry.closed = true)
    }
    const client = new ApiClient(() => async () => ({ ok: true, value: null }), () => stream)
    const progress = vi.fn()
    const reopened = vi.fn()
    client.onEvent('billing.progress', progress)
    client.onEventsOpened(reopened)
    expect(opened).toEqual([]) // no session, no stream
    client.setSession('anna')
    client.onEvent('sync.status', vi.fn())
    expect(opened.map((o) => o.session)).toEqual(['anna'])
    opened[0].sink.opened()
    expect(reopened).toHaveBeenCalledOnce()
    opened[0].sink.deliver('billing.progress', { runId: 'r1', done: 3 })
    opened[0].sink.deliver('mail.status', { queued: 1 })
    expect(progress.mock.calls).toEqual([[{ runId: 'r1', done: 3 }]])
    client.setSession('piotr')
    expect(opened.map((o) => [o.session, o.closed])).toEqual([
      ['anna', true],
      ['piotr', false],
    ])
    // The desk ends the stream of a session ended elsewhere: the screens go back to the login at once.
    const signedOut = vi.fn()
    client.onSignedOut(signedOut)
    opened[1].sink.refused({ code: 'UNAUTHENTICATED', message: 'Zaloguj się, aby kontynuować' })
    expect(signedOut).toHaveBeenCalledOnce()
    client.setSession(null)
    expect(opened[1].closed).toBe(true)
    expect(opened).toHaveLength(2)
  })

  it('hands a refused browser-mode stream (401) to the sink with the desk\'s reason', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ code: 'UNAUTHENTICATED', message: 'Zaloguj się, aby kontynuować' }), { status: 401 }))
    const sink: EventSink = { deliver: vi.fn(), opened: vi.fn(), refused: vi.fn() }
    const close = httpEvents(null, fetch as typeof globalThis.fetch)('gone', sink)
    await vi.waitFor(() => expect(sink.refused).toHaveBeenCalledWith({ code: 'UNAUTHENTICATED', message: 'Zaloguj się, aby kontynuować' }))
    close()
    expect(sink.opened).not.toHaveBeenCalled()
  })
})

describe('httpEvents (browser mode)', () => {
  it('reads server-sent events from POST /events with the run token and the session, and skips unknown names', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        const enc = new TextEncoder()
        c.enqueue(enc.encode(': connected\n\nevent: billing.progress\ndata: {"done":1,'))
        c.enqueue(enc.encode('"total":4}\n\nevent: something.else\ndata: {}\n\nevent: mail.status\r\ndata: {"queued":2}\r\n\r\n'))
      },
    })
    const fetch = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }))
    const delivered: unknown[] = []
    const sink: EventSink = { deliver: (name, payload) => delivered.push([name, payload]), opened: vi.fn(), refused: vi.fn() }
    const close = httpEvents('run-tok', fetch as typeof globalThis.fetch)('staff-tok', sink)
    await vi.waitFor(() => expect(delivered).toHaveLength(2))
    close()
    expect(delivered).toEqual([
      ['billing.progress', { done: 1, total: 4 }],
      ['mail.status', { queued: 2 }],
    ])
    expect(sink.opened).toHaveBeenCalledOnce()
    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/events')
    expect(init?.method).toBe('POST')
    expect(init?.headers).toMatchObject({ authorization: 'Bearer run-tok', 'x-staff-session': 'staff-tok' })
  })

  it('parses one block: the event name, multi-line data, comments ignored', () => {
    expect(parseSseBlock('event: sync.status\ndata: {"a":\ndata: 1}')).toEqual({ name: 'sync.status', data: '{"a":\n1}' })
    expect(parseSseBlock(': keep-alive')).toBeNull()
  })
})
