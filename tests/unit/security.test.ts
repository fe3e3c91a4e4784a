// The Electron security policy (src-main/app/security.ts), the IPC adapter, the preload and the
// menu, checked with small fakes of the Electron objects: no Electron binary is needed.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it, vi } from 'vitest'
import { API_CHANNEL, PDF_CHANNEL } from '../../shared/api/bridge'
import type { DispatchResult } from '../../src-main/desk/dispatcher'
import { createApiHandler, createPdfHandler, registerApi, registerPdf, type PdfActions } from '../../src-main/app/ipc'
import { buildMenuTemplate } from '../../src-main/app/menu'
import {
  APP_CSP,
  checkPdfRequest,
  hardenApp,
  hardenSession,
  hardenWebContents,
  isAllowedExternalUrl,
  isTrustedSender,
  PDF_MAX_BYTES,
  safePdfName,
  secureWebPreferences,
  type AppPage,
  type SenderFrame,
} from '../../src-main/app/security'

// A realistic install path: a space and Polish letters, as in a Windows user folder.
const rendererDir = '/home/użytkownik/Moje programy/ibok-desk/out/renderer'
const page: AppPage = { rendererDir, indexFile: `${rendererDir}/index.html` }
const appUrl = `${pathToFileURL(page.indexFile).href}#/klienci/123`
const assetUrl = pathToFileURL(`${rendererDir}/assets/index-abc123.js`).href

// --- fakes ------------------------------------------------------------------------------------

type Listener = (...args: never[]) => unknown

class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>()
  on(name: string, listener: Listener) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener])
    return this
  }
  emit(name: string, ...args: unknown[]) {
    for (const l of this.listeners.get(name) ?? []) (l as (...a: unknown[]) => unknown)(...args)
  }
}

class FakeContents extends FakeEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler
  }
  /** Fires a navigation-like event; returns whether the app prevented it. */
  navigate(eventName: string, url: string, isMainFrame = true): boolean {
    const event = { url, isMainFrame, preventDefault: vi.fn() }
    this.emit(eventName, event, url)
    return event.preventDefault.mock.calls.length > 0
  }
}

function hardenedContents(openExternal = vi.fn()) {
  const contents = new FakeContents()
  hardenWebContents(contents as unknown as Parameters<typeof hardenWebContents>[0], { page, openExternal })
  return { contents, openExternal }
}

function hardenedSession() {
  const handlers: Record<string, Listener> = {}
  const fake = {
    setPermissionRequestHandler: (h: Listener) => (handlers.permissionRequest = h),
    setPermissionCheckHandler: (h: Listener) => (handlers.permissionCheck = h),
    setDevicePermissionHandler: (h: Listener) => (handlers.devicePermission = h),
    webRequest: {
      onBeforeRequest: (h: Listener) => (handlers.beforeRequest = h),
      onHeadersReceived: (h: Listener) => (handlers.headersReceived = h),
    },
  }
  hardenSession(fake as unknown as Parameters<typeof hardenSession>[0], page)
  const call = (name: string, ...args: unknown[]) => (handlers[name] as (...a: unknown[]) => unknown)(...args)
  return {
    requestPermission(permission: string): boolean | undefined {
      let granted: boolean | undefined
      call('permissionRequest', {}, permission, (g: boolean) => (granted = g), {})
      return granted
    },
    checkPermission: (permission: string) => call('permissionCheck', null, permission, 'file://', {}),
    checkDevice: () => call('devicePermission', { deviceType: 'usb', origin: 'file://' }),
    isRequestCancelled(url: string): boolean {
      let response: { cancel?: boolean } = {}
      call('beforeRequest', { url }, (r: { cancel?: boolean }) => (response = r))
      return response.cancel === true
    },
    cspOf(url: string): string[] | undefined {
      let response: { responseHeaders?: Record<string, string[]> } = {}
      call('headersReceived', { url, responseHeaders: { 'Content-Type': ['text/html'] } }, (r: typeof response) => (response = r))
      return response.responseHeaders?.['Content-Security-Policy']
    },
  }
}

const frame = (url: string, parent: object | null = null): SenderFrame => ({ url, parent })

// --- tests ------------------------------------------------------------------------------------

describe('window webPreferences', () => {
  it('isolate the page from Node and Electron', () => {
    const prefs = secureWebPreferences({ preload: '/app/out/preload/preload.cjs', devTools: false })
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      devTools: false,
    })
  })
})

describe('navigation', () => {
  it('stays on the app page (any route) and refuses foreign pages', () => {
    const { contents, openExternal } = hardenedContents()
    expect(contents.navigate('will-navigate', appUrl)).toBe(false)
    expect(contents.navigate('will-navigate', 'https://example.com/phish')).toBe(true)
    expect(contents.navigate('will-navigate', 'http://127.0.0.1:5180/')).toBe(true)
    expect(contents.navigate('will-navigate', 'file:///etc/passwd')).toBe(true)
    // Another file next to the app page, or the app page on a remote file host, is not the app.
    expect(contents.navigate('will-navigate', pathToFileURL(`${rendererDir}/other.html`).href)).toBe(true)
    expect(contents.navigate('will-navigate', `file://evil-host${pathToFileURL(page.indexFile).pathname}`)).toBe(true)
    expect(contents.navigate('will-navigate', 'javascript:alert(1)')).toBe(true)
    expect(openExternal).not.toHaveBeenCalled()
  })

  it('sends an allow-listed link to the system browser instead of navigating', () => {
    const { contents, openExternal } = hardenedContents()
    expect(contents.navigate('will-navigate', 'https://www.gov.pl/web/kas/krajowy-system-e-faktur')).toBe(true)
    expect(openExternal).toHaveBeenCalledWith('https://www.gov.pl/web/kas/krajowy-system-e-faktur')
  })

  it('keeps sub-frames and redirects off foreign pages without opening anything', () => {
    const { contents, openExternal } = hardenedContents()
    expect(contents.navigate('will-frame-navigate', 'https://example.com/', false)).toBe(true)
    expect(contents.navigate('will-frame-navigate', 'https://www.gov.pl/web/kas', false)).toBe(true)
    expect(contents.navigate('will-redirect', 'https://www.gov.pl/web/kas')).toBe(true)
    expect(contents.navigate('will-frame-navigate', appUrl, false)).toBe(false)
    expect(openExternal).not.toHaveBeenCalled()
  })

  it('opens a clicked allow-listed link once, although Electron reports the main frame twice', () => {
    const { contents, openExternal } = hardenedContents()
    const url = 'https://ksef.podatki.gov.pl/'
    contents.navigate('will-frame-navigate', url, true)
    expect(contents.navigate('will-navigate', url)).toBe(true)
    expect(openExternal).toHaveBeenCalledTimes(1)
  })
})

describe('new windows', () => {
  it('are always denied; only allow-listed https links reach the system browser', () => {
    const { contents, openExternal } = hardenedContents()
    const open = (url: string) => contents.windowOpenHandler!({ url })

    expect(open('https://ksef.podatki.gov.pl/')).toEqual({ action: 'deny' })
    expect(open(appUrl)).toEqual({ action: 'deny' })
    for (const url of [
      'https://example.com/',
      'http://www.gov.pl/web/kas', // not https
      'https://www.gov.pl.evil.example/', // look-alike host
      'https://www.gov.pl@evil.example/', // credentials trick: the host is evil.example
      'https://user:pw@www.gov.pl/',
      'https://user@www.gov.pl/',
      'https://www.gov.pl:8443/',
      'file:///etc/passwd',
      'mailto:x@example.com',
    ]) {
      expect(open(url)).toEqual({ action: 'deny' })
    }
    expect(openExternal.mock.calls).toEqual([['https://ksef.podatki.gov.pl/']])
  })

  it('the allow-list is exact host matching on https', () => {
    expect(isAllowedExternalUrl('https://www.gov.pl/web/kas')).toBe(true)
    expect(isAllowedExternalUrl('https://evil.gov.pl/')).toBe(false)
    expect(isAllowedExternalUrl('not a url')).toBe(false)
  })
})

describe('webviews', () => {
  it('are never attached', () => {
    const { contents } = hardenedContents()
    expect(contents.navigate('will-attach-webview', 'https://example.com/')).toBe(true)
  })
})

describe('every web contents the app creates', () => {
  it('is hardened as it is created', () => {
    const app = new FakeEmitter()
    hardenApp(app as unknown as Parameters<typeof hardenApp>[0], { page, openExternal: vi.fn() })
    const contents = new FakeContents()
    app.emit('web-contents-created', {}, contents)
    expect(contents.navigate('will-navigate', 'https://example.com/')).toBe(true)
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
  })
})

describe('session', () => {
  it('denies every permission request and check', () => {
    const ses = hardenedSession()
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'display-capture', 'hid', 'openExternal']) {
      expect(ses.requestPermission(permission)).toBe(false)
      expect(ses.checkPermission(permission)).toBe(false)
    }
    expect(ses.checkDevice()).toBe(false)
  })

  it('loads only the app files: no network, no other local files', () => {
    const ses = hardenedSession()
    expect(ses.isRequestCancelled(appUrl)).toBe(false)
    expect(ses.isRequestCancelled(assetUrl)).toBe(false)
    expect(ses.isRequestCancelled('data:image/png;base64,AAAA')).toBe(false)
    expect(ses.isRequestCancelled('https://example.com/tracker.js')).toBe(true)
    expect(ses.isRequestCancelled('http://127.0.0.1:5180/api/customers.search')).toBe(true)
    expect(ses.isRequestCancelled('file:///etc/passwd')).toBe(true)
    expect(ses.isRequestCancelled(pathToFileURL(`${rendererDir}/../main/index.js`).href)).toBe(true)
  })

  it('adds the strict CSP to the app responses', () => {
    const ses = hardenedSession()
    expect(ses.cspOf(appUrl)).toEqual([APP_CSP])
    expect(APP_CSP).toContain("script-src 'self'")
    expect(APP_CSP).not.toMatch(/script-src[^;]*unsafe/)
    expect(ses.cspOf('devtools://devtools/bundled/inspector.html')).toBeUndefined()
  })
})

describe('IPC sender check', () => {
  it('accepts only the app page in the top frame', () => {
    expect(isTrustedSender(frame(appUrl), page)).toBe(true)
    expect(isTrustedSender(frame(pathToFileURL(page.indexFile).href), page)).toBe(true)
    expect(isTrustedSender(frame(appUrl, frame(appUrl)), page)).toBe(false) // a sub-frame
    expect(isTrustedSender(null, page)).toBe(false) // frame already gone
    expect(isTrustedSender(frame('https://example.com/'), page)).toBe(false)
    expect(isTrustedSender(frame('file:///tmp/index.html'), page)).toBe(false)
    expect(isTrustedSender(frame(assetUrl), page)).toBe(false)
  })
})

describe('IPC adapter', () => {
  const okDispatch = () => vi.fn(async (): Promise<DispatchResult> => ({ ok: true, value: { setupDone: false } }))

  it('calls the dispatcher for the app page and returns its value', async () => {
    const dispatch = okDispatch()
    const handler = createApiHandler(dispatch, page, () => {})
    const result = await handler({ senderFrame: frame(appUrl) }, 'system.status', {}, 'tok-1')
    expect(result).toEqual({ ok: true, value: { setupDone: false } })
    expect(dispatch).toHaveBeenCalledWith('system.status', {}, 'tok-1')
  })

  it('drops the HTTP status from errors', async () => {
    const dispatch = vi.fn(async (): Promise<DispatchResult> => ({ ok: false, status: 401, error: { code: 'UNAUTHENTICATED', message: 'Zaloguj się' } }))
    const handler = createApiHandler(dispatch, page, () => {})
    expect(await handler({ senderFrame: frame(appUrl) }, 'customers.search', { query: 'a' }, null)).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'Zaloguj się' },
    })
  })

  it('refuses other senders and malformed calls without reaching the dispatcher', async () => {
    const dispatch = okDispatch()
    const log = vi.fn()
    const handler = createApiHandler(dispatch, page, log)
    const foreign = await handler({ senderFrame: frame('https://example.com/') }, 'system.status', {}, null)
    const subFrame = await handler({ senderFrame: frame(appUrl, frame(appUrl)) }, 'system.status', {}, null)
    const gone = await handler({ senderFrame: null }, 'system.status', {}, null)
    for (const r of [foreign, subFrame, gone]) expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await handler({ senderFrame: frame(appUrl) }, 42, {}, null)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await handler({ senderFrame: frame(appUrl) }, 'system.status', {}, { token: 'x' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(dispatch).not.toHaveBeenCalled()
    expect(log).toHaveBeenCalledTimes(3)
  })

  it('is registered on the channel the preload invokes', () => {
    const handle = vi.fn()
    const handler = createApiHandler(okDispatch(), page)
    registerApi({ handle }, handler)
    expect(handle).toHaveBeenCalledWith(API_CHANNEL, handler)
  })
})

describe('PDFs from the page', () => {
  const pdf = (size = 64) => {
    const bytes = new Uint8Array(size)
    bytes.set(Buffer.from('%PDF-1.7\n'))
    return bytes
  }
  const fakeActions = (over: Partial<PdfActions> = {}) => ({
    print: vi.fn<PdfActions['print']>(async () => {}),
    save: vi.fn<PdfActions['save']>(async () => '/home/kasia/Dokumenty/faktura.pdf'),
    ...over,
  })

  it('keep only a bare .pdf file name: no directories, no device names, no control characters', () => {
    expect(safePdfName('faktura-FW-K1-2026-000001.pdf')).toBe('faktura-FW-K1-2026-000001.pdf')
    expect(safePdfName('zgody-klienta-K1-000123')).toBe('zgody-klienta-K1-000123.pdf')
    expect(safePdfName('../../.bashrc')).toBe('bashrc.pdf')
    expect(safePdfName('C:\\Windows\\System32\\evil.PDF')).toBe('evil.pdf')
    expect(safePdfName('a\u0000b\u202Ec:d?.pdf')).toBe('a_b_c_d_.pdf')
    expect(safePdfName('CON.pdf')).toBe('_CON.pdf')
    expect(safePdfName('   ')).toBe('dokument.pdf')
    expect(safePdfName(`${'ż'.repeat(300)}.pdf`)).toBe(`${'ż'.repeat(120)}.pdf`)
  })

  it('are checked: a known action, PDF bytes within the size limit, a string name', () => {
    expect(checkPdfRequest('print', pdf(), 'a/b.pdf')).toMatchObject({ ok: true, action: 'print', fileName: 'b.pdf' })
    expect(checkPdfRequest('save', pdf(), 'b.pdf')).toMatchObject({ ok: true, action: 'save' })
    expect(checkPdfRequest('open', pdf(), 'b.pdf')).toMatchObject({ ok: false })
    expect(checkPdfRequest('print', 'JVBERi0=', 'b.pdf')).toMatchObject({ ok: false, message: 'Brak treści dokumentu PDF' })
    expect(checkPdfRequest('print', new Uint8Array(0), 'b.pdf')).toMatchObject({ ok: false })
    expect(checkPdfRequest('print', new Uint8Array(Buffer.from('#!/bin/sh\nrm -rf ~\n')), 'b.pdf')).toMatchObject({ ok: false, message: 'To nie jest dokument PDF' })
    expect(checkPdfRequest('print', pdf(PDF_MAX_BYTES + 1), 'b.pdf')).toMatchObject({ ok: false, message: expect.stringContaining('większy niż') })
    expect(checkPdfRequest('print', pdf(PDF_MAX_BYTES), 'b.pdf')).toMatchObject({ ok: true })
    expect(checkPdfRequest('print', pdf(), 42)).toMatchObject({ ok: false })
  })

  it('reach the system viewer or the save dialog only from the app page, with the cleaned name', async () => {
    const actions = fakeActions()
    const log = vi.fn()
    const handler = createPdfHandler(actions, page, log)
    expect(await handler({ senderFrame: frame(appUrl) }, 'print', pdf(), '../faktura.pdf')).toEqual({ ok: true, path: null })
    expect(actions.print).toHaveBeenCalledWith(expect.any(Uint8Array), 'faktura.pdf')
    expect(await handler({ senderFrame: frame(appUrl) }, 'save', pdf(), 'faktura.pdf')).toEqual({ ok: true, path: '/home/kasia/Dokumenty/faktura.pdf' })

    const foreign = await handler({ senderFrame: frame('https://example.com/') }, 'print', pdf(), 'x.pdf')
    const subFrame = await handler({ senderFrame: frame(appUrl, frame(appUrl)) }, 'print', pdf(), 'x.pdf')
    const gone = await handler({ senderFrame: null }, 'save', pdf(), 'x.pdf')
    for (const r of [foreign, subFrame, gone]) expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await handler({ senderFrame: frame(appUrl) }, 'print', new Uint8Array([1, 2, 3]), 'x.pdf')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(actions.print).toHaveBeenCalledTimes(1)
    expect(actions.save).toHaveBeenCalledTimes(1)
    expect(log).toHaveBeenCalledTimes(3)
  })

  it('report a failed hand-over as an error, a cancelled save dialog as no path', async () => {
    const failing = createPdfHandler(fakeActions({ print: async () => Promise.reject(new Error('Nie udało się otworzyć dokumentu do druku: no viewer')) }), page, () => {})
    expect(await failing({ senderFrame: frame(appUrl) }, 'print', pdf(), 'x.pdf')).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Nie udało się otworzyć dokumentu do druku: no viewer' } })
    const cancelled = createPdfHandler(fakeActions({ save: async () => null }), page, () => {})
    expect(await cancelled({ senderFrame: frame(appUrl) }, 'save', pdf(), 'x.pdf')).toEqual({ ok: true, path: null })
  })

  it('are handled on the channel the preload invokes', () => {
    const handle = vi.fn()
    const handler = createPdfHandler(fakeActions(), page)
    registerPdf({ handle }, handler)
    expect(handle).toHaveBeenCalledWith(PDF_CHANNEL, handler)
  })
})

describe('preload', () => {
  it('exposes only window.api.call and the two PDF hand-offs, forwarding to their channels', async () => {
    const exposeInMainWorld = vi.fn()
    const invoke = vi.fn(async () => ({ ok: true, value: 1 }))
    // Stands in for Electron's sandboxed preload modules; the real `electron` is never loaded.
    vi.doMock('electron', () => ({ contextBridge: { exposeInMainWorld }, ipcRenderer: { invoke } }))
    await import('../../src-main/app/preload')
    vi.doUnmock('electron')

    expect(exposeInMainWorld).toHaveBeenCalledTimes(1)
    const [key, api] = exposeInMainWorld.mock.calls[0] as unknown as [string, Record<string, (...a: unknown[]) => unknown>]
    expect(key).toBe('api')
    expect(Object.keys(api)).toEqual(['call', 'printPdf', 'savePdf'])
    await expect(api.call('customers.search', { query: 'Kowal' }, 'tok')).resolves.toEqual({ ok: true, value: 1 })
    expect(invoke).toHaveBeenCalledWith(API_CHANNEL, 'customers.search', { query: 'Kowal' }, 'tok')
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46])
    await api.printPdf(bytes, 'a.pdf')
    await api.savePdf(bytes, 'b.pdf')
    expect(invoke).toHaveBeenCalledWith(PDF_CHANNEL, 'print', bytes, 'a.pdf')
    expect(invoke).toHaveBeenCalledWith(PDF_CHANNEL, 'save', bytes, 'b.pdf')
  })
})

describe('application menu', () => {
  const labels = (template: ReturnType<typeof buildMenuTemplate>) =>
    template.map((m) => [m.label, (m.submenu as { label?: string }[]).map((i) => i.label).filter(Boolean)])

  it('is Polish, and has reload and DevTools only in development', () => {
    const onAbout = vi.fn()
    const packaged = buildMenuTemplate({ isPackaged: true, platform: 'win32', appName: 'ibok-desk', onAbout })
    const dev = buildMenuTemplate({ isPackaged: false, platform: 'win32', appName: 'ibok-desk', onAbout })

    expect(labels(packaged).map(([l]) => l)).toEqual(['Plik', 'Widok', 'Pomoc'])
    expect(JSON.stringify(labels(packaged))).not.toMatch(/Przeładuj|Narzędzia deweloperskie/)
    expect(JSON.stringify(packaged)).not.toMatch(/toggleDevTools|reload/)
    expect(labels(dev)[1][1]).toEqual(expect.arrayContaining(['Przeładuj', 'Narzędzia deweloperskie']))
    expect(packaged[0].submenu).toEqual([expect.objectContaining({ role: 'quit', label: 'Zakończ' })])

    const about = (packaged[2].submenu as { label?: string; click?: () => void }[]).find((i) => i.label === 'O programie')
    about?.click?.()
    expect(onAbout).toHaveBeenCalledOnce()
  })
})

// main.ts itself, against a fake `electron` module and a fake desk: the security settings above
// are really applied, and start-up failures reach the clerk.
describe('main process wiring', () => {
  type Options = { lock?: boolean; databaseTooNew?: boolean }

  async function startMain({ lock = true, databaseTooNew = false }: Options = {}) {
    const appEvents = new FakeEmitter()
    const paths: Record<string, string> = { userData: '/home/kasia/.config/ibok-desk' }
    const windows: { options: { webPreferences: Record<string, unknown>; title: string }; loadFile: ReturnType<typeof vi.fn> }[] = []
    const defaultSession = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
      webRequest: { onBeforeRequest: vi.fn(), onHeadersReceived: vi.fn() },
    }
    const fake = {
      app: Object.assign(appEvents, {
        isPackaged: true,
        whenReady: () => Promise.resolve(),
        requestSingleInstanceLock: () => lock,
        enableSandbox: vi.fn(),
        setPath: vi.fn((name: string, value: string) => (paths[name] = value)),
        getPath: (name: string) => paths[name],
        getVersion: () => '0.1.0',
        quit: vi.fn(),
        exit: vi.fn(),
      }),
      BrowserWindow: class {
        static getAllWindows = () => windows
        loadFile = vi.fn(async () => {})
        constructor(readonly options: (typeof windows)[number]['options']) {
          windows.push(this)
        }
        once() {}
        on() {}
      },
      dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn() },
      ipcMain: { handle: vi.fn() },
      Menu: { buildFromTemplate: vi.fn((t: unknown) => t), setApplicationMenu: vi.fn() },
      session: { defaultSession },
      shell: { openExternal: vi.fn() },
    }
    const desk = {
      dispatch: vi.fn(async () => ({ ok: true, value: 'pong' })),
      backupIfDue: vi.fn(async () => {}),
      close: vi.fn(),
      services: { db: { onCommit: vi.fn() } },
      sync: { isConfigured: vi.fn(() => false), syncOnce: vi.fn(), hubTransport: vi.fn(() => null) },
    }

    vi.resetModules()
    // The error class from the same module registry main.ts is about to load.
    const { DatabaseTooNewError } = await import('../../src-main/db/database')
    const tooNew = new DatabaseTooNewError(9, 3)
    const openDeskSpy = vi.fn(() => {
      if (databaseTooNew) throw tooNew
      return desk
    })
    vi.doMock('electron', () => fake)
    vi.doMock('../../src-main/desk/desk', () => ({ openDesk: openDeskSpy }))
    await import('../../src-main/app/main')
    vi.doUnmock('electron')
    vi.doUnmock('../../src-main/desk/desk')
    // Let whenReady().then(start) run to its end.
    await new Promise((r) => setTimeout(r, 20))
    return { fake, windows, desk, openDeskSpy, defaultSession, tooNew }
  }

  it('opens the desk in IBOK_DATA_DIR and one hardened window on the built page', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ibok-main-'))
    vi.stubEnv('IBOK_DATA_DIR', dataDir)
    try {
      const { fake, windows, desk, openDeskSpy, defaultSession } = await startMain()
      expect(fake.app.setPath).toHaveBeenCalledWith('userData', dataDir)
      expect(openDeskSpy).toHaveBeenCalledWith({ dataDir })
      expect(desk.backupIfDue).toHaveBeenCalled()
      expect(fake.app.enableSandbox).toHaveBeenCalled()
      expect(defaultSession.setPermissionRequestHandler).toHaveBeenCalled()
      expect(fake.app.listeners.get('web-contents-created')).toHaveLength(1)

      expect(windows).toHaveLength(1)
      const [win] = windows
      expect(win.options.title).toBe('ibok-desk')
      expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: false })
      expect(String(win.options.webPreferences.preload)).toMatch(/[/\\]preload[/\\]preload\.cjs$/)
      const indexFile = String(win.loadFile.mock.calls[0]?.[0])
      expect(indexFile).toMatch(/[/\\]renderer[/\\]index\.html$/)

      // The registered IPC handler serves that page, and only that page.
      const [channel, handler] = fake.ipcMain.handle.mock.calls[0] as [string, ApiHandlerLike]
      expect(channel).toBe(API_CHANNEL)
      expect(await handler({ senderFrame: frame(pathToFileURL(indexFile).href) }, 'system.status', {}, null)).toEqual({ ok: true, value: 'pong' })
      expect(await handler({ senderFrame: frame('https://example.com/') }, 'system.status', {}, null)).toMatchObject({ ok: false })
      expect(desk.dispatch).toHaveBeenCalledTimes(1)
      // The PDF channel is registered too, and guarded the same way.
      const [pdfChannel, pdfHandler] = fake.ipcMain.handle.mock.calls[1] as [string, ApiHandlerLike]
      expect(pdfChannel).toBe(PDF_CHANNEL)
      expect(await pdfHandler({ senderFrame: frame('https://example.com/') }, 'print', new Uint8Array(Buffer.from('%PDF-1.7\n')), 'x.pdf')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    } finally {
      vi.unstubAllEnvs()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('a database from a newer app: the Polish message in an error box, then quit, no window', async () => {
    const { fake, windows, tooNew } = await startMain({ databaseTooNew: true })
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith(expect.any(String), tooNew.message)
    expect(tooNew.message).toMatch(/nowszej wersji programu/)
    expect(fake.app.quit).toHaveBeenCalled()
    expect(fake.app.exit).not.toHaveBeenCalled()
    expect(windows).toHaveLength(0)
    expect(fake.ipcMain.handle).not.toHaveBeenCalled()
  })

  it('a second instance quits at once and leaves the first one alone', async () => {
    const { fake, windows, openDeskSpy } = await startMain({ lock: false })
    expect(fake.app.quit).toHaveBeenCalled()
    expect(openDeskSpy).not.toHaveBeenCalled()
    expect(windows).toHaveLength(0)
  })
})

type ApiHandlerLike = (event: { senderFrame: SenderFrame | null }, name: unknown, input: unknown, session: unknown) => Promise<unknown>
