// Sandboxed preload (bundled to CommonJS): exposes the API contract's one entry point as
// `window.api` and nothing else — no ipcRenderer, no Node.
import { contextBridge, ipcRenderer } from 'electron'
import { API_CHANNEL, type DeskBridge } from '../../shared/api/bridge'

const bridge = {
  call: (name, input, session) => ipcRenderer.invoke(API_CHANNEL, name, input, session),
} satisfies DeskBridge

contextBridge.exposeInMainWorld('api', bridge)
