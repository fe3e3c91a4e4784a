// Events the desk pushes to its screens instead of being polled. Each event is named after the
// read operation whose answer it carries: its payload is that operation's output and it reaches
// only a session the operation itself would answer (same role, not locked). So a screen gets the
// same value from `onEvent(name)` as from `call(name)`, and one declaration serves both.
// Delivered by IPC in Electron (bridge.ts EVENT_CHANNEL) and as server-sent events in browser
// mode (POST /events, src-main/server/http-api.ts).
import type { OutputOf } from './contract'

export interface EventDef {
  /** When the desk sends it. */
  summary: string
}

export const events = {
  'billing.progress': { summary: 'Każdy krok trwającego rozliczenia (faza, zrobione z ilu, wystawione, pominięte)' },
  'sync.status': { summary: 'Zmiana stanu synchronizacji: po każdej rundzie i każdym zapisie (kolejka, konflikty, błąd)' },
  'mail.status': { summary: 'Zmiana stanu poczty wychodzącej: kolejka, wysyłka, błędy, niedostępny serwer' },
} as const satisfies Record<string, EventDef>

export type EventName = keyof typeof events
export type EventPayload<N extends EventName> = OutputOf<N>

export const isEventName = (name: unknown): name is EventName => typeof name === 'string' && Object.hasOwn(events, name)
