// The one way every "Drukuj" button hands a PDF over. In Electron it goes through the preload
// bridge to the system viewer and its print dialog (or the system save dialog); in browser mode
// "Drukuj" opens the PDF in a new tab (the browser's PDF viewer, with its Print button) and says
// so — or, when the browser blocks the new tab, offers the preview in a dialog; "Zapisz" downloads.
import { shallowRef } from 'vue'
import type { DeskBridge } from '../../shared/api/bridge'
import { useNotices } from '../composables/useNotices'
import { saveBase64File } from './files'
import { t } from '../i18n'

/**
 * printed / saved: handed to the system (Electron); previewed: opened in a browser tab to print
 * from (or waiting in the preview dialog); offered: downloaded by the browser; cancelled: save
 * dialog closed; failed: told in a notice.
 */
export type PdfOutcome = 'printed' | 'saved' | 'previewed' | 'offered' | 'cancelled' | 'failed'

/** A PDF the browser would not open in a new tab by itself: ThePdfPreview offers it with a click. */
export interface PendingPreview {
  fileName: string
  url: string
}
export const pendingPreview = shallowRef<PendingPreview | null>(null)

const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))

/** An object URL outlives the tab's first load: the viewer reloads it when printing. */
const PREVIEW_URL_LIFETIME_MS = 30 * 60_000

function openPreview(fileName: string, base64: string): PdfOutcome {
  const url = URL.createObjectURL(new Blob([bytesOf(base64)], { type: 'application/pdf' }))
  setTimeout(() => URL.revokeObjectURL(url), PREVIEW_URL_LIFETIME_MS)
  const tab = window.open(url, '_blank')
  if (tab) useNotices().notify(t('pdf.previewOpened', { name: fileName }), 'ok', 10_000)
  else pendingPreview.value = { fileName, url }
  return 'previewed'
}

type PdfBridge = Pick<DeskBridge, 'printPdf' | 'savePdf'>

async function handOver(action: 'print' | 'save', fileName: string, base64: string, bridge: PdfBridge | undefined): Promise<PdfOutcome> {
  if (!bridge && action === 'print') return openPreview(fileName, base64)
  if (!bridge) {
    saveBase64File(fileName, base64)
    return 'offered'
  }
  const { notify } = useNotices()
  try {
    const r = action === 'print' ? await bridge.printPdf(bytesOf(base64), fileName) : await bridge.savePdf(bytesOf(base64), fileName)
    if (r.ok) {
      if (action === 'print') return 'printed'
      if (r.path === null) return 'cancelled'
      notify(t('pdf.saved', { path: r.path }))
      return 'saved'
    }
    notify(t('pdf.failed', { message: r.error.message }), 'error', 10_000)
  } catch (err) {
    notify(t('pdf.failed', { message: err instanceof Error ? err.message : String(err) }), 'error', 10_000)
  }
  return 'failed'
}

/** "Drukuj": Electron opens the PDF for printing; browser mode opens it in a new tab to print from. */
export function printPdf(fileName: string, base64: string, bridge: PdfBridge | undefined = window.api): Promise<PdfOutcome> {
  return handOver('print', fileName, base64, bridge)
}

/** "Zapisz" / "Pobierz": Electron asks where to save it; browser mode offers it as a download. */
export function savePdf(fileName: string, base64: string, bridge: PdfBridge | undefined = window.api): Promise<PdfOutcome> {
  return handOver('save', fileName, base64, bridge)
}

/** A file a "Drukuj" button fetched: a PDF goes to printPdf; anything else (CSV, XML) is offered as a download. */
export function printFile(fileName: string, base64: string, mimeType = 'application/pdf', bridge: PdfBridge | undefined = window.api): Promise<PdfOutcome> {
  if (mimeType !== 'application/pdf') {
    saveBase64File(fileName, base64, mimeType)
    return Promise.resolve('offered')
  }
  return printPdf(fileName, base64, bridge)
}

/**
 * Whether the clerk should still hear that the file is ready: not after a failure or a cancelled
 * dialog, and not after a preview, which has said so itself ("Otwarto podgląd…").
 */
export const handedOver = (outcome: PdfOutcome): boolean => outcome === 'printed' || outcome === 'saved' || outcome === 'offered'
