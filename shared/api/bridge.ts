// What the Electron preload exposes to the page as `window.api`, and nothing more.
// The preload `satisfies` this type; the renderer's client uses it when present.
import type { ApiErrorBody } from './errors'

export type BridgeResult = { ok: true; value: unknown } | { ok: false; error: ApiErrorBody }

/** A PDF handed to the system: `path` where it was saved (null: the clerk cancelled the dialog). */
export type PdfResult = { ok: true; path: string | null } | { ok: false; error: ApiErrorBody }

export interface DeskBridge {
  /** Calls one contract operation through the main process's dispatcher. */
  call(name: string, input: unknown, session: string | null): Promise<BridgeResult>
  /** Opens a PDF in the system viewer, whose print dialog the clerk prints from. */
  printPdf(pdf: Uint8Array, fileName: string): Promise<PdfResult>
  /** Asks where to save a PDF (system save dialog) and writes it there. */
  savePdf(pdf: Uint8Array, fileName: string): Promise<PdfResult>
  /**
   * Asks for the desk's events (./events.ts) for this staff session, in place of any earlier
   * request of this window; null stops them. Refused (UNAUTHENTICATED) without a valid session.
   */
  subscribeEvents(session: string | null): Promise<BridgeResult>
  /**
   * Hears every event sent to this window, and the end of its session (signed out elsewhere…)
   * with the reason; returns the function that stops listening.
   */
  onEvent(listener: (name: string, payload: unknown) => void, ended: (why: ApiErrorBody) => void): () => void
}

/** The IPC channel the preload invokes and the main process handles. */
export const API_CHANNEL = 'ibok:api'

/** The IPC channel for printing and saving PDFs: (action: 'print' | 'save', pdf, fileName). */
export const PDF_CHANNEL = 'ibok:pdf'

/**
 * Events: the subscription (page → main, invoke: session | null; main → page: why the session's
 * events ended) and the events themselves (main → page: name, payload).
 */
export const EVENTS_CHANNEL = 'ibok:events'
export const EVENT_CHANNEL = 'ibok:event'
