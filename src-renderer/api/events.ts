// The desk's pushed events (shared/api/events.ts) for one staff session, over either transport:
// the preload bridge's IPC channel in Electron, a server-sent event stream in browser mode. The
// client (./client.ts) opens one stream per session and hands each event to its listeners.
import type { DeskBridge } from '../../shared/api/bridge'
import { isApiErrorBody, type ApiErrorBody } from '../../shared/api/errors'
import { isEventName, type EventName } from '../../shared/api/events'
import { EVENTS_PATH, SESSION_HEADER } from '../../shared/api/http'

export interface EventSink {
  /** One event as the desk sent it (only declared names reach it). */
  deliver(name: EventName, payload: unknown): void
  /** The stream is (again) open: what was pushed while it was down is missed, so fetch once. */
  opened(): void
  /** The desk refused the stream or ended it: the session is over (or locked), and why. */
  refused(why: ApiErrorBody): void
}

/** Opens the stream for a session; the returned function closes it for good. */
export type EventStream = (session: string, sink: EventSink) => () => void

export function bridgeEvents(bridge: DeskBridge): EventStream {
  return (session, sink) => {
    let open = true
    const stop = bridge.onEvent(
      (name, payload) => open && isEventName(name) && sink.deliver(name, payload),
      (why) => open && sink.refused(why),
    )
    void bridge.subscribeEvents(session).then((r) => {
      if (!open) return
      if (r.ok) sink.opened()
      else sink.refused(r.error)
    })
    return () => {
      open = false
      stop()
      void bridge.subscribeEvents(null)
    }
  }
}

/** One `event:` / `data:` block of a text/event-stream; null for comments and partial blocks. */
export function parseSseBlock(block: string): { name: string; data: string } | null {
  let name = 'message'
  const data: string[] = []
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) name = line.slice(6).trim()
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''))
  }
  return data.length ? { name, data: data.join('\n') } : null
}

/** Waits before reconnecting a dropped stream: soon at first, then less often (desk restarting). */
export const RECONNECT_MS = [500, 1_000, 2_000, 5_000, 10_000]

/**
 * Browser mode: `POST /events` read as a stream. fetch, not EventSource: the stream needs the
 * staff session header and, with the token cookie, the page's Origin (sent with a POST only).
 */
export function httpEvents(runToken: string | null, fetchImpl: typeof fetch = (...a) => fetch(...a)): EventStream {
  return (session, sink) => {
    const abort = new AbortController()
    let failures = 0
    const headers: Record<string, string> = { accept: 'text/event-stream', [SESSION_HEADER]: session }
    if (runToken) headers.authorization = `Bearer ${runToken}`

    async function readOnce(): Promise<void> {
      const response = await fetchImpl(EVENTS_PATH, { method: 'POST', headers, signal: abort.signal })
      if (!response.ok || !response.body) {
        const body: unknown = await response.json().catch(() => null)
        if (isApiErrorBody(body)) sink.refused(body)
        throw new Error(`events: ${response.status}`)
      }
      failures = 0
      sink.opened()
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
      let buffer = ''
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        buffer += value.replace(/\r\n?/g, '\n')
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = parseSseBlock(buffer.slice(0, end))
          buffer = buffer.slice(end + 2)
          if (!event || !isEventName(event.name)) continue
          try {
            sink.deliver(event.name, JSON.parse(event.data))
          } catch (err) {
            console.error('events:', err)
          }
        }
      }
    }

    void (async () => {
      while (!abort.signal.aborted) {
        await readOnce().catch(() => failures++)
        if (abort.signal.aborted) return
        await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS[Math.min(failures, RECONNECT_MS.length - 1)]))
      }
    })()
    return () => abort.abort()
  }
}
