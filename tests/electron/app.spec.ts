// The real Electron app, built (out/main/index.js), on an empty temporary data directory: the
// first-start screen appears and the page sees `window.api` and nothing of Node or Electron.
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
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

test('first start: the setup screen, window.api only, data in IBOK_DATA_DIR', async () => {
  expect(existsSync(join(root, 'out/main/index.js')), 'build the app first: npm run build').toBe(true)
  const env: Record<string, string | undefined> = { ...process.env, IBOK_DATA_DIR: dataDir }
  delete env.ELECTRON_RUN_AS_NODE // would start Electron as plain Node
  // Launch the project directory like `electron .`: package.json "main" → out/main/index.js.
  app = await electron.launch({ args: [root], cwd: root, env: env as Record<string, string> })
  const page = await app.firstWindow()

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
  expect(globals).toEqual({ api: 'object', apiKeys: ['call'], require: 'undefined', process: 'undefined', module: 'undefined' })

  // The bridge reaches the real dispatcher and database: a fresh desk is not set up yet.
  const status = await page.evaluate(() => (globalThis as unknown as PageGlobals).api!.call('system.status', {}, null))
  expect(status).toMatchObject({ ok: true, value: { setupDone: false } })
  expect(existsSync(join(dataDir, 'ibok-desk.db'))).toBe(true)

  // New windows are refused by the security policy.
  expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).open('https://example.com/') === null)).toBe(true)
  expect(app.windows()).toHaveLength(1)
})
