// The IPC adapter: the preload's `window.api.call` → sender check → the same dispatcher as the
// HTTP adapter → a BridgeResult (the HTTP status is a transport detail and is dropped).
import type { IpcMain } from 'electron'
import { API_CHANNEL, type BridgeResult } from '../../shared/api/bridge'
import type { Dispatch } from '../core/dispatcher'
import { isTrustedSender, type AppPage, type SenderFrame } from './security'

const UNTRUSTED: BridgeResult = { ok: false, error: { code: 'FORBIDDEN', message: 'Odrzucono wywołanie spoza okna programu' } }
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
