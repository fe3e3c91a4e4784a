// The desk's events for one staff session (shared/api/events.ts), the same for both deliveries:
// Electron's IPC (../app/ipc.ts) and browser mode's server-sent events (../server/http-api.ts).
// A feed opens only for a session that may use the desk at all (signed in, not locked, password
// changed); each event then reaches it only while the session may call the read operation the
// event is named after — a clerk never hears the billing progress, a locked desk hears nothing.
// Listening is not activity: the idle lock still comes. When the session ends (signed out here or
// elsewhere, password changed on another desk, account deactivated) the feed ends, saying why.
import { contract } from '../../shared/api/contract'
import { ApiError, errorCodes, type ApiErrorBody } from '../../shared/api/errors'
import type { EventName } from '../../shared/api/events'
import type { Services } from '../core/services'
import { authorise } from './dispatcher'

export type FeedResult = { ok: true; close(): void } | { ok: false; status: number; error: ApiErrorBody }

/** Opens the events of one session; `deliver` gets each one it may hear, `ended` the end of the session. */
export type EventFeed = (session: string | null, deliver: (name: EventName, payload: unknown) => void, ended: (why: ApiErrorBody) => void) => FeedResult

const SESSION_ENDED: ApiErrorBody = { code: 'UNAUTHENTICATED', message: 'Zaloguj się, aby kontynuować' }

const refusal = (err: unknown, log: (e: unknown) => void): FeedResult & { ok: false } => {
  if (err instanceof ApiError) return { ok: false, status: errorCodes[err.code], error: err.toBody() }
  log(err)
  return { ok: false, status: errorCodes.UNAVAILABLE, error: { code: 'UNAVAILABLE', message: 'Powiadomienia stanowiska są chwilowo niedostępne' } }
}

export function createEventFeed(services: Services, log: (e: unknown) => void = console.error): EventFeed {
  return (session, deliver, ended) => {
    try {
      authorise(services, 'events', 'clerk', session)
    } catch (err) {
      return refusal(err, log)
    }
    const close = () => {
      stopEvents()
      stopSession()
    }
    const stopSession = services.sessions.onEnded((token) => {
      if (token !== session) return
      close()
      ended(SESSION_ENDED)
    })
    const stopEvents = services.events.listen((name, payload) => {
      try {
        authorise(services, name, contract[name].access, session)
      } catch {
        return // not for this session now (role, lock, ended): the next value may be
      }
      deliver(name, payload)
    })
    return { ok: true, close }
  }
}
