// Finds the Electron binary the way node_modules/electron/index.js does, but without its
// side effect: requiring `electron` under plain Node downloads the binary when it is missing.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export type ElectronProbe = { available: true; executable: string } | { available: false; reason: string }

export function probeElectron(root: string, env: NodeJS.ProcessEnv = process.env): ElectronProbe {
  const pkgDir = join(root, 'node_modules', 'electron')
  if (!existsSync(join(pkgDir, 'package.json'))) return { available: false, reason: `Electron binary not available: ${pkgDir} is not installed` }
  const pathFile = join(pkgDir, 'path.txt')
  const override = env.ELECTRON_OVERRIDE_DIST_PATH
  if (!existsSync(pathFile) && !override) {
    return { available: false, reason: `Electron binary not available: ${pathFile} does not exist (the binary was never downloaded)` }
  }
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron'
  const executable = override ? join(override, relative) : join(pkgDir, 'dist', relative)
  if (!existsSync(executable)) return { available: false, reason: `Electron binary not available: ${executable} does not exist` }
  // Electron needs a display on Linux; a machine without one can still run the test under xvfb-run.
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { available: false, reason: 'Electron binary found but no display (DISPLAY/WAYLAND_DISPLAY unset): run under xvfb-run' }
  }
  return { available: true, executable }
}
