// Every Electron security setting of the app, in one file (modelled on Actual Budget's security.ts).
// The policy is pure functions over Electron objects passed in, with only `import type` from
// 'electron', so tests/unit/security.test.ts checks it with small fakes; main.ts wires it.
// (There is no `remote` module to disable: Electron removed it, and @electron/remote is not used.)
import type { App, HandlerDetails, Session, WebContents, WebPreferences } from 'electron'
import { isAbsolute, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where the app's own page lives: out/renderer/index.html, loaded with loadFile. */
export interface AppPage {
  /** Absolute path of out/renderer/index.html. */
  indexFile: string
  /** Absolute path of out/renderer: the only files the page may load. */
  rendererDir: string
}

/**
 * External pages the app may hand to the system browser (https only, exact host match).
 * Everything else is simply not opened. Add the office's own site here when it has one.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = [
  'www.gov.pl', // KSeF information pages live under www.gov.pl/web/kas
  'ksef.podatki.gov.pl',
  'ksef.mf.gov.pl',
  'www.podatki.gov.pl',
]

/**
 * Delivered as a response header on the app's own file:// responses where Electron's webRequest
 * sees them; the page carries its own CSP <meta> too (the renderer's index.html). Both apply.
 * 'unsafe-inline' styles only: Vue sets inline styles (v-show, transitions); no inline or eval'd script.
 */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

// ---------------------------------------------------------------------------------------------
// URLs

/** The local path a file: URL points to, or null for anything else (other schemes, remote hosts, junk). */
function localPathOf(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== 'file:' || (parsed.host !== '' && parsed.host !== 'localhost')) return null
  try {
    return resolve(fileURLToPath(parsed))
  } catch {
    return null // e.g. an encoded '/' in the path
  }
}

// Windows paths compare case-insensitively (drive letter, user folder), POSIX ones exactly.
const samePath = (a: string, b: string) => (process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b)

/** True for the app's own page: file:// of out/renderer/index.html, any #/route (hash router). */
export function isAppUrl(url: string, page: AppPage): boolean {
  const path = localPathOf(url)
  return path !== null && samePath(path, resolve(page.indexFile))
}

/** True for a file inside out/renderer (the page's scripts, styles, fonts, images). */
export function isAppResource(url: string, page: AppPage): boolean {
  const path = localPathOf(url)
  if (path === null) return false
  const rel = relative(resolve(page.rendererDir), path)
  // A path on another Windows drive comes back absolute.
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)
}

/** True for an https link to an allow-listed host, without credentials or an odd port. */
export function isAllowedExternalUrl(url: string, hosts: readonly string[] = EXTERNAL_LINK_HOSTS): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    hosts.includes(parsed.hostname)
  )
}

/** Requests the app's session lets through: its own files, inline data, and DevTools. Offline otherwise. */
export function isAllowedRequest(url: string, page: AppPage): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('devtools:')) return true
  return isAppResource(url, page)
}

// ---------------------------------------------------------------------------------------------
// Windows

export interface WebPreferencesOptions {
  /** Absolute path of out/preload/preload.cjs. */
  preload: string
  /** DevTools only in development (not packaged). */
  devTools: boolean
}

/** The webPreferences of every app window. */
export function secureWebPreferences(options: WebPreferencesOptions): WebPreferences {
  return {
    preload: options.preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: options.devTools,
  }
}

export interface LinkPolicy {
  page: AppPage
  /** shell.openExternal in the app; a recorder in tests. */
  openExternal: (url: string) => Promise<void> | void
  hosts?: readonly string[]
  log?: (message: string) => void
}

/** Hands an allow-listed link to the system browser; returns whether it did. */
function openIfAllowed(url: string, policy: LinkPolicy): boolean {
  if (!isAllowedExternalUrl(url, policy.hosts)) {
    policy.log?.(`Zablokowano adres: ${url}`)
    return false
  }
  void Promise.resolve(policy.openExternal(url)).catch((err: unknown) => policy.log?.(`Nie udało się otworzyć ${url}: ${String(err)}`))
  return true
}

type Preventable = { url: string; isMainFrame?: boolean; preventDefault(): void }
type ContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>

/**
 * Hardens one WebContents: it never leaves the app page (allow-listed links go to the system
 * browser instead), never opens windows, never attaches a <webview>.
 */
export function hardenWebContents(contents: ContentsLike, policy: LinkPolicy): void {
  const stayOnApp = (event: Preventable, openExternally: boolean) => {
    if (isAppUrl(event.url, policy.page)) return
    event.preventDefault()
    if (openExternally) openIfAllowed(event.url, policy)
    else policy.log?.(`Zablokowano przejście: ${event.url}`)
  }
  // A clicked link: the one event that may hand the link to the system browser.
  contents.on('will-navigate', (event) => stayOnApp(event, true))
  // Also fires for the main frame, already handled above (opening the link twice would be wrong).
  // The app has no sub-frames, so nothing foreign may load in one.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) stayOnApp(event, false)
  })
  contents.on('will-redirect', (event) => stayOnApp(event, false))
  contents.setWindowOpenHandler((details: HandlerDetails) => {
    openIfAllowed(details.url, policy)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    policy.log?.('Zablokowano <webview>')
  })
}

/** Applies hardenWebContents to every WebContents the app ever creates (windows, DevTools, anything). */
export function hardenApp(app: Pick<App, 'on'>, policy: LinkPolicy): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, policy))
}

// ---------------------------------------------------------------------------------------------
// Session

type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onBeforeRequest' | 'onHeadersReceived'>
}

/**
 * Hardens a session: every permission (camera, notifications, clipboard read, USB, …) is denied,
 * nothing outside the app's own files is fetched (the desk works offline; sync is done by the
 * main process), and the app's responses carry APP_CSP.
 */
export function hardenSession(ses: SessionLike, page: AppPage, log?: (message: string) => void): void {
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    log?.(`Odmowa uprawnienia: ${permission}`)
    callback(false)
  })
  ses.setPermissionCheckHandler(() => false)
  ses.setDevicePermissionHandler(() => false)
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url, page)
    if (!allowed) log?.(`Zablokowano żądanie: ${details.url}`)
    callback({ cancel: !allowed })
  })
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppResource(details.url, page)) return callback({})
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [APP_CSP] } })
  })
}

// ---------------------------------------------------------------------------------------------
// IPC

/** What the sender check reads of Electron's WebFrameMain (event.senderFrame). */
export interface SenderFrame {
  readonly url: string
  readonly parent: object | null
}

/**
 * The IPC sender check: only the app's own top-level page may call the API — not a sub-frame,
 * not a page that navigated elsewhere, not a frame already gone (null).
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, page: AppPage): boolean {
  return frame !== null && frame !== undefined && frame.parent === null && isAppUrl(frame.url, page)
}

// ---------------------------------------------------------------------------------------------
// PDFs from the page (printing and saving)

/**
 * The largest PDF the page may hand over: room for a whole billing run's print batch (thousands
 * of pages); beyond it the request is refused rather than copied through IPC and onto disk.
 */
export const PDF_MAX_BYTES = 128 * 1024 * 1024
const PDF_NAME_MAX = 120

/** A bare file name ending in .pdf: no directories, no characters Windows or a shell would trip on. */
export function safePdfName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? ''
  const cleaned = last
    .replace(/[<>:"|?*\p{Cc}\p{Cf}]/gu, '_')
    .replace(/^[.\s]+/, '')
    .trim()
  const stem = (cleaned.toLowerCase().endsWith('.pdf') ? cleaned.slice(0, -4) : cleaned).slice(0, PDF_NAME_MAX).trim() || 'dokument'
  // Device names Windows would open instead of a file.
  return /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(stem) ? `_${stem}.pdf` : `${stem}.pdf`
}

export type PdfRequest = { ok: true; action: 'print' | 'save'; pdf: Uint8Array; fileName: string } | { ok: false; message: string }

/** Checks what the page sent on the PDF channel: a known action, PDF bytes within the limit, a name. */
export function checkPdfRequest(action: unknown, pdf: unknown, fileName: unknown): PdfRequest {
  if (action !== 'print' && action !== 'save') return { ok: false, message: 'Nieznane polecenie dla dokumentu PDF' }
  if (!(pdf instanceof Uint8Array) || pdf.byteLength === 0) return { ok: false, message: 'Brak treści dokumentu PDF' }
  if (pdf.byteLength > PDF_MAX_BYTES) return { ok: false, message: `Dokument jest większy niż ${PDF_MAX_BYTES / 1024 / 1024} MB` }
  // Only PDFs: the viewer the file is opened with is chosen by its type.
  if (Buffer.from(pdf.buffer, pdf.byteOffset, Math.min(5, pdf.byteLength)).toString('latin1') !== '%PDF-') return { ok: false, message: 'To nie jest dokument PDF' }
  if (typeof fileName !== 'string' || fileName.length > 1000) return { ok: false, message: 'Nieprawidłowa nazwa dokumentu' }
  return { ok: true, action, pdf, fileName: safePdfName(fileName) }
}
