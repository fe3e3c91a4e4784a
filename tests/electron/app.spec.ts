// The real Electron app, built (out/main/index.js), on an empty temporary data directory: the
// first-start screen appears and the page sees `window.api` and nothing of Node or Electron; a PDF
// handed to `window.api.printPdf / savePdf` crosses IPC to the system viewer / save dialog.
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { DeskBridge } from '../../shared/api/bridge'
import { probeElectron } from './electron-binary'

const root = fileURLToPath(new URL('../..', import.meta.url))
const probe = probeElectron(root)
test.skip(!probe.available, probe.available ? '' : probe.reason)

type PageGlobals = { api?: DeskBridge; require?: unknown; process?: unknown; module?: unknown; open(url: string): unknown }

let app: ElectronApplication | undefined
let dataDir = ''

test.beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ibok-electron-'))
})

test.afterEach(async () => {
  await app?.close()
  app = undefined
  rmSync(dataDir, { recursive: true, force: true })
})

async function launch() {
  expect(existsSync(join(root, 'out/main/index.js')), 'build the app first: npm run build').toBe(true)
  const env: Record<string, string | undefined> = { ...process.env, IBOK_DATA_DIR: dataDir }
  delete env.ELECTRON_RUN_AS_NODE // would start Electron as plain Node
  // Launch the project directory like `electron .`: package.json "main" → out/main/index.js.
  const launched = await electron.launch({ args: [root], cwd: root, env: env as Record<string, string> })
  app = launched
  return { app: launched, page: await launched.firstWindow() }
}

test('first start: the setup screen, window.api only, data in IBOK_DATA_DIR', async () => {
  const { app: desktop, page } = await launch()

  // An empty data directory means a desk that is not set up: the first-start screen.
  await expect(page.getByRole('heading', { name: 'Pierwsze uruchomienie' })).toBeVisible({ timeout: 20_000 })

  const globals = await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals
    return {
      api: typeof g.api,
      apiKeys: g.api ? Object.keys(g.api) : [],
      require: typeof g.require,
      process: typeof g.process,
      module: typeof g.module,
    }
  })
  expect(globals).toEqual({ api: 'object', apiKeys: ['call', 'printPdf', 'savePdf', 'subscribeEvents', 'onEvent'], require: 'undefined', process: 'undefined', module: 'undefined' })

  // The bridge reaches the real dispatcher and database: a fresh desk is not set up yet.
  const status = await page.evaluate(() => (globalThis as unknown as PageGlobals).api!.call('system.status', {}, null))
  expect(status).toMatchObject({ ok: true, value: { setupDone: false } })
  expect(existsSync(join(dataDir, 'ibok-desk.db'))).toBe(true)

  // New windows are refused by the security policy.
  expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).open('https://example.com/') === null)).toBe(true)
  expect(desktop.windows()).toHaveLength(1)
})

test('printing and saving a PDF: the bytes cross IPC to the system viewer and the save dialog, checked on the way', async () => {
  const { app: desktop, page } = await launch()
  await expect(page.getByRole('heading', { name: 'Pierwsze uruchomienie' })).toBeVisible({ timeout: 20_000 })
  const target = join(dataDir, 'zapisany.pdf')
  // Stand-ins for the system: the viewer records what it was asked to open, the save dialog answers with a path.
  await desktop.evaluate(({ shell, dialog }, savePath) => {
    const g = globalThis as unknown as { opened: string[] }
    g.opened = []
    shell.openPath = async (path: string) => {
      g.opened.push(path)
      return ''
    }
    dialog.showSaveDialog = (async () => ({ canceled: false, filePath: savePath })) as typeof dialog.showSaveDialog
  }, target)

  const pdf = '%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'
  const results = await page.evaluate(async (text) => {
    const api = (globalThis as unknown as PageGlobals).api!
    const bytes = new TextEncoder().encode(text)
    return {
      print: await api.printPdf(bytes, '../../faktura FW-K1-2026-000001.pdf'),
      save: await api.savePdf(bytes, 'zgody-klienta.pdf'),
      notPdf: await api.printPdf(new TextEncoder().encode('#!/bin/sh\n'), 'skrypt.pdf'),
    }
  }, pdf)
  expect(results.print).toEqual({ ok: true, path: null })
  expect(results.save).toEqual({ ok: true, path: target })
  expect(results.notPdf).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'To nie jest dokument PDF' } })

  const opened = await desktop.evaluate(() => (globalThis as unknown as { opened: string[] }).opened)
  expect(opened).toHaveLength(1)
  // A bare, cleaned name in a fresh temporary folder, with exactly the bytes the page sent.
  expect(opened[0]).toMatch(/ibok-druk-[^/\\]+[/\\]faktura FW-K1-2026-000001\.pdf$/)
  expect(readFileSync(opened[0], 'latin1')).toBe(pdf)
  expect(readFileSync(target, 'latin1')).toBe(pdf)
})
