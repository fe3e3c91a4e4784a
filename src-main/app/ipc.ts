// The IPC adapter: the preload's `window.api.call` → sender check → the same dispatcher as the
// HTTP adapter → a BridgeResult (the HTTP status is a transport detail and is dropped). And the
// PDF channel: `window.api.printPdf / savePdf` → sender check → checked bytes and name → the
// system viewer or save dialog (./print.ts, passed in so tests use fakes). And the events
// channel: `window.api.subscribeEvents(session)` → sender check → the desk's event feed for that
// session, sent to that window only (EVENT_CHANNEL) until it asks again or closes, or the session
// ends (then EVENTS_CHANNEL carries why).
import type { IpcMain } from 'electron'
import { API_CHANNEL, EVENT_CHANNEL, EVENTS_CHANNEL, PDF_CHANNEL, type BridgeResult, type PdfResult } from '../../shared/api/bridge'
import type { Dispatch } from '../desk/dispatcher'
import type { EventFeed } from '../desk/event-feed'
import { checkPdfRequest, isTrustedSender, type AppPage, type SenderFrame } from './security'

const UNTRUSTED: BridgeResult & { ok: false } = { ok: false, error: { code: 'FORBIDDEN', message: 'Odrzucono wywołanie spoza okna programu' } }
const MALFORMED: BridgeResult = { ok: false, error: { code: 'VALIDATION', message: 'Nieprawidłowe wywołanie API' } }

export type ApiHandler = (
  event: { senderFrame: SenderFrame | null },
  name: unknown,
  input: unknown,
  session: unknown,
) => Promise<BridgeResult>

export function createApiHandler(dispatch: Dispatch, page: AppPage, log: (message: string) => void = console.warn): ApiHandler {
  return async (event, name, input, session) => {
    if (!isTrustedSender(event.senderFrame, page)) {
      log(`IPC: odrzucono wywołanie ${String(name)} z ${event.senderFrame?.url ?? 'nieznanej ramki'}`)
      return UNTRUSTED
    }
    if (typeof name !== 'string' || (session != null && typeof session !== 'string')) return MALFORMED
    const result = await dispatch(name, input, session ?? null)
    return result.ok ? { ok: true, value: result.value } : { ok: false, error: result.error }
  }
}

export function registerApi(ipcMain: Pick<IpcMain, 'handle'>, handler: ApiHandler): void {
  ipcMain.handle(API_CHANNEL, handler)
}

export interface PdfActions {
  /** Opens the PDF for printing (system viewer and its print dialog). */
  print(pdf: Uint8Array, fileName: string): Promise<void>
  /** Save dialog, then writes the file; null when the clerk cancelled. */
  save(pdf: Uint8Array, fileName: string): Promise<string | null>
}

export type PdfHandler = (event: { senderFrame: SenderFrame | null }, action: unknown, pdf: unknown, fileName: unknown) => Promise<PdfResult>

export function createPdfHandler(actions: PdfActions, page: AppPage, log: (message: string) => void = console.warn): PdfHandler {
  return async (event, action, pdf, fileName) => {
    if (!isTrustedSender(event.senderFrame, page)) {
      log(`IPC: odrzucono dokument PDF z ${event.senderFrame?.url ?? 'nieznanej ramki'}`)
      return { ok: false, error: UNTRUSTED.error }
    }
    const request = checkPdfRequest(action, pdf, fileName)
    if (!request.ok) return { ok: false, error: { code: 'VALIDATION', message: request.message } }
    try {
      if (request.action === 'print') {
        await actions.print(request.pdf, request.fileName)
        return { ok: true, path: null }
      }
      return { ok: true, path: await actions.save(request.pdf, request.fileName) }
    } catch (err) {
      log(`Dokument PDF ${request.fileName}: ${String(err)}`)
      return { ok: false, error: { code: 'INTERNAL', message: err instanceof Error ? err.message : 'Nie udało się obsłużyć dokumentu PDF' } }
    }
  }
}

export function registerPdf(ipcMain: Pick<IpcMain, 'handle'>, handler: PdfHandler): void {
  ipcMain.handle(PDF_CHANNEL, handler)
}

/** The part of a window's WebContents the events channel uses. */
export interface EventTarget {
  id: number
  send(channel: string, ...args: unknown[]): void
  once(event: 'destroyed', listener: () => void): unknown
}

export type EventsHandler = (event: { senderFrame: SenderFrame | null; sender: EventTarget }, session: unknown) => Promise<BridgeResult>

export function createEventsHandler(feed: EventFeed, page: AppPage, log: (message: string) => void = console.warn): EventsHandler {
  /** One feed per window: a new request (another session, or none) replaces the last. */
  const open = new Map<number, () => void>()
  return async (event, session) => {
    if (!isTrustedSender(event.senderFrame, page)) {
      log(`IPC: odrzucono subskrypcję zdarzeń z ${event.senderFrame?.url ?? 'nieznanej ramki'}`)
      return UNTRUSTED
    }
    if (session != null && typeof session !== 'string') return MALFORMED
    const target = event.sender
    const closeLast = () => {
      open.get(target.id)?.()
      open.delete(target.id)
    }
    if (!open.has(target.id)) target.once('destroyed', closeLast)
    closeLast()
    if (session == null) return { ok: true, value: null }
    const opened = feed(
      session,
      (name, payload) => target.send(EVENT_CHANNEL, name, payload),
      (why) => {
        open.delete(target.id)
        target.send(EVENTS_CHANNEL, why)
      },
    )
    if (!opened.ok) return { ok: false, error: opened.error }
    open.set(target.id, opened.close)
    return { ok: true, value: null }
  }
}

export function registerEvents(ipcMain: Pick<IpcMain, 'handle'>, handler: EventsHandler): void {
  ipcMain.handle(EVENTS_CHANNEL, handler)
}
