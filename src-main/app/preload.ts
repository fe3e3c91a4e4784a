// Sandboxed preload (bundled to CommonJS): exposes the API contract's one entry point and the two
// PDF hand-offs (print, save) as `window.api`, and nothing else — no ipcRenderer, no Node.
import { contextBridge, ipcRenderer } from 'electron'
import { API_CHANNEL, PDF_CHANNEL, type DeskBridge } from '../../shared/api/bridge'

const bridge = {
  call: (name, input, session) => ipcRenderer.invoke(API_CHANNEL, name, input, session),
  printPdf: (pdf, fileName) => ipcRenderer.invoke(PDF_CHANNEL, 'print', pdf, fileName),
  savePdf: (pdf, fileName) => ipcRenderer.invoke(PDF_CHANNEL, 'save', pdf, fileName),
} satisfies DeskBridge

contextBridge.exposeInMainWorld('api', bridge)
