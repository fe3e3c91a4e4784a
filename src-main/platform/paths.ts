import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Finds the shipped resources/ folder (migrations, fonts, texts) by walking up from this module:
 * it works from the sources (tests), from out/main (browser mode) and from an unpacked Electron app.
 */
export function findResourcesDir(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(start)
  for (;;) {
    const candidate = join(dir, 'resources')
    if (existsSync(join(candidate, 'migrations', 'meta', '_journal.json'))) return candidate
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`resources/ not found above ${start}`)
    dir = parent
  }
}
