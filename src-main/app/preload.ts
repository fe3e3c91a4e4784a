// Sandboxed preload (bundled to CommonJS): exposes the API contract's one entry point, the two
// PDF hand-offs (print, save) and the desk's events as `window.api`, and nothing else — no
// ipcRenderer, no Node.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { API_CHANNEL, EVENT_CHANNEL, EVENTS_CHANNEL, PDF_CHANNEL, type DeskBridge } from '../../shared/api/bridge'
import type { ApiErrorBody } from '../../shared/api/errors'

const bridge = {
  call: (name, input, session) => ipcRenderer.invoke(API_CHANNEL, name, input, session),
  printPdf: (pdf, fileName) => ipcRenderer.invoke(PDF_CHANNEL, 'print', pdf, fileName),
  savePdf: (pdf, fileName) => ipcRenderer.invoke(PDF_CHANNEL, 'save', pdf, fileName),
  subscribeEvents: (session) => ipcRenderer.invoke(EVENTS_CHANNEL, session),
  onEvent: (listener, ended) => {
    // Only the name and the payload (or the reason) pass to the page, never the IPC event (it carries the sender).
    const relay = (_event: IpcRendererEvent, name: string, payload: unknown) => listener(name, payload)
    const relayEnd = (_event: IpcRendererEvent, why: ApiErrorBody) => ended(why)
    ipcRenderer.on(EVENT_CHANNEL, relay)
    ipcRenderer.on(EVENTS_CHANNEL, relayEnd)
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, relay)
      ipcRenderer.removeListener(EVENTS_CHANNEL, relayEnd)
    }
  },
} satisfies DeskBridge

contextBridge.exposeInMainWorld('api', bridge)
