// Playwright for the real Electron app (npm run test:electron). Separate from the root
// playwright.config.ts, which drives browser mode in Chromium.
import { defineConfig } from '@playwright/test'
import { fileURLToPath } from 'node:url'
import { probeElectron } from './electron-binary'

const root = fileURLToPath(new URL('../..', import.meta.url))
const probe = probeElectron(root)
// Said once, by the runner (workers load this file too): a skip must be visible, not silent.
if (!probe.available && process.env.TEST_WORKER_INDEX === undefined) console.log(`[test:electron] SKIP — ${probe.reason}`)

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 60_000,
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  outputDir: '../../test-results/electron',
})
