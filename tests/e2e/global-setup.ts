// The e2e tests run the built app; say plainly what to do when it is missing or out of date.
import { existsSync, statSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { CHROMIUM } from '../../playwright.config'

const root = resolve(import.meta.dirname, '../..')

function newestSource(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs)
  }
  return newest
}

export default function globalSetup(): void {
  const web = join(root, 'out/main/web.js')
  const page = join(root, 'out/renderer/index.html')
  if (!existsSync(web) || !existsSync(page)) {
    throw new Error('Brak zbudowanej aplikacji (out/main/web.js, out/renderer/index.html): uruchom najpierw "npx electron-vite build".')
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Brak Chromium w ${CHROMIUM} (apt-get install -y chromium); nie używaj "npx playwright install".`)
  const built = Math.min(statSync(web).mtimeMs, statSync(page).mtimeMs)
  const changed = Math.max(...['src-renderer', 'src-main', 'shared'].map((d) => newestSource(join(root, d))))
  if (changed > built) console.warn('Uwaga: źródła są nowsze niż zbudowana aplikacja w out/ — testy sprawdzają poprzednią wersję. Uruchom "npx electron-vite build".')
}
