// The renderer's only way to the desk: a client typed from the API contract. Two transports,
// chosen once at start: the Electron preload bridge when present, else loopback HTTP (browser
// mode and e2e). No operation is wired by hand: names, inputs and outputs come from the contract.
// The desk's pushed events (shared/api/events.ts) arrive through the same client: onEvent().
import type { BridgeResult, DeskBridge } from '../../shared/api/bridge'
import type { InputOf, OperationName, OutputOf } from '../../shared/api/contract'
import { ApiError, isApiErrorBody } from '../../shared/api/errors'
import type { EventName, EventPayload } from '../../shared/api/events'
import { SESSION_HEADER } from '../../shared/api/http'
import { bridgeEvents, httpEvents, type EventStream } from './events'
import { t } from '../i18n'

export type Transport = (name: OperationName, input: unknown, session: string | null) => Promise<BridgeResult>

export const RUN_TOKEN_KEY = 'ibok.runToken'

/** Electron: the preload's `window.api`. IPC cannot clone Vue's reactive proxies, so send plain JSON. */
export function bridgeTransport(bridge: DeskBridge): Transport {
  return (name, input, session) => bridge.call(name, JSON.parse(JSON.stringify(input ?? {})), session)
}

/** Browser mode: POST /api/<name> with the per-run token and the staff session header. */
export function httpTransport(runToken: string | null, fetchImpl: typeof fetch = (...a) => fetch(...a)): Transport {
  return async (name, input, session) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (runToken) headers.authorization = `Bearer ${runToken}`
    if (session) headers[SESSION_HEADER] = session
    let response: Response
    try {
      response = await fetchImpl(`/api/${name}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) })
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: t('common.networkError') } }
    }
    const body: unknown = await response.json().catch(() => null)
    if (response.ok && typeof body === 'object' && body !== null && 'value' in body) return { ok: true, value: body.value }
    if (isApiErrorBody(body)) return { ok: false, error: body }
    return { ok: false, error: { code: 'INTERNAL', message: t('common.unexpectedError', { status: response.status }) } }
  }
}

/**
 * The run token arrives once as `?token=` in the page address. Keep it for this tab (a reload
 * must still work) and take it out of the address bar so it is not shown, copied or bookmarked.
 */
export function takeRunToken(location: Location, storage: Storage, history: History): string | null {
  const url = new URL(location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    storage.setItem(RUN_TOKEN_KEY, fromUrl)
    url.searchParams.delete('token')
    history.replaceState(history.state, '', url.pathname + url.search + url.hash)
    return fromUrl
  }
  return storage.getItem(RUN_TOKEN_KEY)
}

export function defaultTransport(): Transport {
  if (window.api) return bridgeTransport(window.api)
  return httpTransport(takeRunToken(window.location, window.sessionStorage, window.history))
}

export function defaultEvents(): EventStream {
  if (window.api) return bridgeEvents(window.api)
  return httpEvents(takeRunToken(window.location, window.sessionStorage, window.history))
}

type Listener = () => void

export class ApiClient {
  private transport: Transport | null = null
  private session: string | null = null
  private readonly lockedListeners = new Set<Listener>()
  private readonly signedOutListeners = new Set<Listener>()
  private readonly eventListeners = new Map<EventName, Set<(payload: unknown) => void>>()
  private readonly connectedListeners = new Set<Listener>()
  private eventStream: EventStream | null = null
  private closeEvents: (() => void) | null = null
  /** When the last call completed (ms); the idle watcher uses it to keep the server session alive. */
  lastCallAt = 0

  constructor(
    private readonly makeTransport: () => Transport = defaultTransport,
    private readonly makeEvents: () => EventStream = defaultEvents,
  ) {}

  /** Picks the transport now (reading the run token from the address) instead of on the first call. */
  init(): void {
    this.transport ??= this.makeTransport()
  }

  setSession(token: string | null): void {
    if (token === this.session) return
    this.session = token
    this.reopenEvents()
  }

  get hasSession(): boolean {
    return this.session !== null
  }

  /** Called when any operation finds the session locked (idle lock on the server, or elsewhere). */
  onSessionLocked(listener: Listener): () => void {
    this.lockedListeners.add(listener)
    return () => this.lockedListeners.delete(listener)
  }

  /** Called when a signed-in call finds the session gone (expired, ended by a password change). */
  onSignedOut(listener: Listener): () => void {
    this.signedOutListeners.add(listener)
    return () => this.signedOutListeners.delete(listener)
  }

  /**
   * Hears one of the desk's pushed events (shared/api/events.ts) while signed in: the same value
   * `call(name)` would answer, sent when it changes. The stream follows the session by itself.
   */
  onEvent<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void {
    let set = this.eventListeners.get(name)
    if (!set) this.eventListeners.set(name, (set = new Set()))
    const l = listener as (payload: unknown) => void
    set.add(l)
    if (!this.closeEvents) this.reopenEvents()
    return () => set.delete(l)
  }

  /** Called whenever the event stream (re)opens: what changed while it was down is fetched once. */
  onEventsOpened(listener: Listener): () => void {
    this.connectedListeners.add(listener)
    return () => this.connectedListeners.delete(listener)
  }

  private reopenEvents(): void {
    this.closeEvents?.()
    this.closeEvents = null
    if (!this.session || !this.eventListeners.size) return
    this.eventStream ??= this.makeEvents()
    this.closeEvents = this.eventStream(this.session, {
      deliver: (name, payload) => this.eventListeners.get(name)?.forEach((l) => l(payload)),
      opened: () => this.connectedListeners.forEach((l) => l()),
      // A session ended elsewhere (password changed on another desk…) is heard at once, not at the next call.
      refused: (why) => this.refused(new ApiError(why.code, why.message, why.field)),
    })
  }

  async call<N extends OperationName>(name: N, input: InputOf<N>): Promise<OutputOf<N>> {
    this.init()
    const result = await this.transport!(name, input, this.session)
    this.lastCallAt = Date.now()
    if (result.ok) return result.value as OutputOf<N>
    const error = new ApiError(result.error.code, result.error.message, result.error.field)
    this.refused(error)
    throw error
  }

  /** A refusal that concerns the session, whichever way it came (a call, the event stream). */
  private refused(error: ApiError): void {
    if (error.code === 'SESSION_LOCKED') this.lockedListeners.forEach((l) => l())
    // Without a session, UNAUTHENTICATED is about the run token, not a staff sign-in.
    else if (error.code === 'UNAUTHENTICATED' && this.session) this.signedOutListeners.forEach((l) => l())
  }
}

export const api = new ApiClient()
