// What the Electron preload exposes to the page as `window.api`, and nothing more.
// The preload `satisfies` this type; the renderer's client uses it when present.
import type { ApiErrorBody } from './errors'

export type BridgeResult = { ok: true; value: unknown } | { ok: false; error: ApiErrorBody }

export interface DeskBridge {
  /** Calls one contract operation through the main process's dispatcher. */
  call(name: string, input: unknown, session: string | null): Promise<BridgeResult>
}

/** The IPC channel the preload invokes and the main process handles. */
export const API_CHANNEL = 'ibok:api'
