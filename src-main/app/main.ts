// Electron main process: lifecycle, the one window, the menu, backups. It mirrors browser mode
// (../server/web.ts) — same desk, same dispatcher — but talks to the page over IPC (./ipc.ts).
// Every security setting lives in ./security.ts; this file only wires it.
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron'
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openDesk, type Desk } from '../desk/desk'
import { startSyncLoop } from '../core/sync/loop'
import { DataDirLockedError } from '../platform/data-dir-lock'
import { DatabaseTooNewError } from '../db/database'
import { createApiHandler, createPdfHandler, registerApi, registerPdf } from './ipc'
import { buildMenuTemplate } from './menu'
import { openPdfForPrinting, printFiles, savePdfWithDialog } from './print'
import { hardenApp, hardenSession, secureWebPreferences, type AppPage } from './security'

const APP_TITLE = 'ibok-desk'
const HOUR_MS = 60 * 60 * 1000

// Built layout: out/main/index.js, out/preload/preload.cjs, out/renderer/index.html.
const here = dirname(fileURLToPath(import.meta.url))
const rendererDir = resolve(here, '../renderer')
const page: AppPage = { rendererDir, indexFile: join(rendererDir, 'index.html') }
const preloadFile = resolve(here, '../preload/preload.cjs')
const log = (message: string) => console.warn(`[ibok-desk] ${message}`)

// IBOK_DATA_DIR moves all of userData (database, backups, Chromium profile, single-instance lock),
// so a test or a second data set never collides with the clerk's running app.
if (process.env.IBOK_DATA_DIR) {
  const dataDir = resolve(process.env.IBOK_DATA_DIR)
  mkdirSync(dataDir, { recursive: true }) // the single-instance lock is created in it before openDesk runs
  app.setPath('userData', dataDir)
}
app.enableSandbox()
hardenApp(app, { page, openExternal: (url) => shell.openExternal(url), log })

let desk: Desk | null = null
let mainWindow: BrowserWindow | null = null
let backupTimer: NodeJS.Timeout | undefined

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (desk && BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow()
  })
  app.on('will-quit', () => {
    clearInterval(backupTimer)
    printFiles.sweep(true) // printed PDFs carry personal data: none stays behind
    desk?.close()
    desk = null
  })
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => fail(err))
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession, page, log)
  // Print files a crashed run left in the temp folder.
  printFiles.removeLeftovers()
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({ isPackaged: app.isPackaged, platform: process.platform, appName: APP_TITLE, onAbout: showAbout })))

  const dataDir = app.getPath('userData')
  try {
    desk = openDesk({ dataDir })
  } catch (err) {
    fail(err, dataDir)
    return
  }
  registerApi(ipcMain, createApiHandler(desk.dispatch, page, log))
  registerPdf(ipcMain, createPdfHandler({ print: openPdfForPrinting, save: (pdf, name) => savePdfWithDialog(mainWindow, pdf, name) }, page, log))

  mainWindow = createWindow()
  // Like browser mode: a backup at start if the newest is a day old, then checked hourly. Not
  // awaited: of a multi-GB office it takes a minute or more, in a worker thread. A failed
  // backup must not keep the office from working; it is logged.
  const backup = () => void desk?.backupIfDue().catch((err: unknown) => console.error('Kopia zapasowa nie powiodła się', err))
  backup()
  backupTimer = setInterval(backup, HOUR_MS)
  // Sync with the hub in the background when one is configured (same loop as browser mode).
  startSyncLoop(desk.services.db, desk.sync)
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    // Office screens are often 1366×768: start there, allow a little smaller.
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 600,
    title: APP_TITLE,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences({ preload: preloadFile, devTools: !app.isPackaged }),
  })
  win.once('ready-to-show', () => win.show())
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null
  })
  // Without its page the window would never show: say so instead of leaving an invisible process.
  win.loadFile(page.indexFile).catch((err: unknown) => fail(new Error(`Nie udało się wczytać interfejsu programu (${page.indexFile}): ${String(err)}`)))
  return win
}

function showAbout(): void {
  const options = {
    type: 'info' as const,
    title: 'O programie',
    message: `${APP_TITLE} ${app.getVersion()}`,
    detail: `Stanowisko obsługi klienta (iBOK) przedsiębiorstwa wodociągowo-kanalizacyjnego.\n\nDane: ${app.getPath('userData')}`,
  }
  void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options))
}

/** Start-up failure: tell the clerk in Polish, then quit. A database from a newer app is left untouched. */
function fail(err: unknown, dataDir?: string): void {
  if (err instanceof DatabaseTooNewError || err instanceof DataDirLockedError) {
    dialog.showErrorBox('ibok-desk — nie można otworzyć bazy danych', err.message)
    app.quit()
    return
  }
  console.error(err)
  const where = dataDir ? ` (katalog danych: ${dataDir})` : ''
  dialog.showErrorBox('ibok-desk — błąd uruchomienia', `Program nie mógł wystartować${where}.\n\n${err instanceof Error ? err.message : String(err)}`)
  app.exit(1)
}
