// @vitest-environment happy-dom
// The one helper behind every "Drukuj" button: in Electron the PDF bytes go through the preload
// bridge (a fake here) to the system viewer or save dialog; in browser mode "Drukuj" opens the PDF
// in a new tab to print from (never a silent download); a failure is told to the clerk in a notice.
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { DeskBridge, PdfResult } from '../../../shared/api/bridge'
import { handedOver, pendingPreview, printFile, printPdf, savePdf } from '../../../src-renderer/api/pdf'
import { useNotices } from '../../../src-renderer/composables/useNotices'

const PDF = '%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n%%EOF\n'
const base64 = btoa(PDF)

function fakeBridge(result: PdfResult | Error = { ok: true, path: null }) {
  const answer = async () => {
    if (result instanceof Error) throw result
    return result
  }
  return {
    printPdf: vi.fn<DeskBridge['printPdf']>(answer),
    savePdf: vi.fn<DeskBridge['savePdf']>(answer),
  }
}

/** Downloads the page starts: anchors clicked with a download name. */
function watchDownloads() {
  const names: string[] = []
  const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    names.push(this.download)
  })
  return { names, restore: () => click.mockRestore() }
}

afterEach(() => {
  const { notices, dismiss } = useNotices()
  for (const n of [...notices]) dismiss(n.id)
  vi.restoreAllMocks()
})

describe('in Electron (a bridge is present)', () => {
  it('hands the exact PDF bytes and name to the print entry, and starts no download', async () => {
    const bridge = fakeBridge()
    const downloads = watchDownloads()
    expect(await printPdf('faktura-FW-K1-2026-000001.pdf', base64, bridge)).toBe('printed')
    expect(bridge.printPdf).toHaveBeenCalledTimes(1)
    const [bytes, name] = bridge.printPdf.mock.calls[0]
    expect(bytes).toBeInstanceOf(Uint8Array)
    expect(String.fromCharCode(...bytes)).toBe(PDF)
    expect(name).toBe('faktura-FW-K1-2026-000001.pdf')
    expect(bridge.savePdf).not.toHaveBeenCalled()
    expect(downloads.names).toEqual([])
  })

  it('saves through the save dialog and says where; a closed dialog is no error', async () => {
    const saved = fakeBridge({ ok: true, path: '/home/kasia/Dokumenty/zgody-klienta-K1-000123.pdf' })
    expect(await savePdf('zgody-klienta-K1-000123.pdf', base64, saved)).toBe('saved')
    expect(useNotices().notices.map((n) => [n.kind, n.text])).toEqual([['ok', 'Zapisano dokument: /home/kasia/Dokumenty/zgody-klienta-K1-000123.pdf']])

    const cancelled = fakeBridge({ ok: true, path: null })
    expect(await savePdf('zgody-klienta-K1-000123.pdf', base64, cancelled)).toBe('cancelled')
    expect(useNotices().notices).toHaveLength(1)
  })

  it('tells the clerk when the main process refuses or fails', async () => {
    const refused = fakeBridge({ ok: false, error: { code: 'VALIDATION', message: 'To nie jest dokument PDF' } })
    const outcome = await printPdf('x.pdf', base64, refused)
    expect(outcome).toBe('failed')
    expect(handedOver(outcome)).toBe(false)
    const broken = fakeBridge(new Error('Nie udało się otworzyć dokumentu do druku: brak przeglądarki PDF'))
    expect(await printPdf('x.pdf', base64, broken)).toBe('failed')
    expect(useNotices().notices.map((n) => [n.kind, n.text])).toEqual([
      ['error', 'Nie udało się przekazać dokumentu: To nie jest dokument PDF'],
      ['error', 'Nie udało się przekazać dokumentu: Nie udało się otworzyć dokumentu do druku: brak przeglądarki PDF'],
    ])
  })

  it('prints PDFs only: a CSV or XML from the same buttons is offered as a download', async () => {
    const bridge = fakeBridge()
    const downloads = watchDownloads()
    expect(await printFile('wodomierze-do-wymiany.csv', btoa('a;b\n'), 'text/csv', bridge)).toBe('offered')
    expect(await printFile('wodomierze-do-wymiany.pdf', base64, 'application/pdf', bridge)).toBe('printed')
    expect(downloads.names).toEqual(['wodomierze-do-wymiany.csv'])
    expect(bridge.printPdf.mock.calls.map((c) => c[1])).toEqual(['wodomierze-do-wymiany.pdf'])
  })
})

describe('in browser mode (no bridge)', () => {
  it('"Drukuj" opens the PDF in a new tab to print from, says so, and downloads nothing', async () => {
    const downloads = watchDownloads()
    const created = vi.spyOn(URL, 'createObjectURL')
    const opened = vi.spyOn(window, 'open').mockImplementation(() => ({}) as Window)
    const outcome = await printPdf('potwierdzenie-Z-K1-2026-00007.pdf', base64, undefined)
    expect(outcome).toBe('previewed')
    // The preview's own notice is the only one: no "saved to downloads" from the caller.
    expect(handedOver(outcome)).toBe(false)
    expect(downloads.names).toEqual([])
    const blob = created.mock.calls[0][0] as Blob
    expect(blob.type).toBe('application/pdf')
    expect(new TextDecoder('latin1').decode(await blob.arrayBuffer())).toBe(PDF)
    expect(opened).toHaveBeenCalledWith(created.mock.results[0].value, '_blank')
    expect(useNotices().notices.map((n) => n.text)).toEqual([
      'Otwarto podgląd „potwierdzenie-Z-K1-2026-00007.pdf” w nowej karcie — wydrukuj go stamtąd przyciskiem Drukuj (Ctrl+P).',
    ])
    expect(pendingPreview.value).toBeNull()
  })

  it('when the browser blocks the new tab, the preview waits in a dialog for a click', async () => {
    const downloads = watchDownloads()
    vi.spyOn(window, 'open').mockImplementation(() => null)
    expect(await printPdf('wezwanie.pdf', base64, undefined)).toBe('previewed')
    expect(pendingPreview.value?.fileName).toBe('wezwanie.pdf')
    expect(pendingPreview.value?.url).toMatch(/^blob:/)
    expect(downloads.names).toEqual([])
    pendingPreview.value = null
  })

  it('"Zapisz" still offers the PDF as a download under its name', async () => {
    const downloads = watchDownloads()
    expect(await savePdf('zgody-klienta-K1-000123.pdf', base64, undefined)).toBe('offered')
    expect(downloads.names).toEqual(['zgody-klienta-K1-000123.pdf'])
    expect(useNotices().notices).toEqual([])
  })
})
