// The IPC adapter: the preload's `window.api.call` → sender check → the same dispatcher as the
// HTTP adapter → a BridgeResult (the HTTP status is a transport detail and is dropped). And the
// PDF channel: `window.api.printPdf / savePdf` → sender check → checked bytes and name → the
// system viewer or save dialog (./print.ts, passed in so tests use fakes).
import type { IpcMain } from 'electron'
import { API_CHANNEL, PDF_CHANNEL, type BridgeResult, type PdfResult } from '../../shared/api/bridge'
import type { Dispatch } from '../desk/dispatcher'
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
