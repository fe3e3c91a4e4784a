// `npm run package [-- --win | --linux]`: builds the app and packs the office installers with
// electron-builder (configuration: "build" in package.json; README, "Installing on office PCs").
// Where this machine has no Electron binary (node_modules/electron was installed without its
// download, as on the CI and development containers) packaging is skipped, saying why: exit 0.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')

/** Null when the Electron binary is there; otherwise why not. */
export function missingElectron(dir = root) {
  const pkg = join(dir, 'node_modules', 'electron')
  if (!existsSync(join(pkg, 'package.json'))) return `${pkg} is not installed`
  const pathFile = join(pkg, 'path.txt')
  if (!existsSync(pathFile)) return `${pathFile} does not exist (the Electron binary was never downloaded)`
  const executable = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim())
  if (!existsSync(executable)) return `${executable} does not exist`
  return null
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

if (process.argv[1] === import.meta.filename) {
  const missing = missingElectron()
  if (missing) {
    console.log(`Pakowanie pominięte: brak pliku wykonywalnego Electron — ${missing}. Na komputerze z Electronem: npm run package.`)
    process.exit(0)
  }
  const targets = process.argv.slice(2)
  run('npx', ['electron-vite', 'build'])
  run('npx', ['electron-builder', ...(targets.length ? targets : [process.platform === 'win32' ? '--win' : '--linux']), '--publish', 'never'])
}
