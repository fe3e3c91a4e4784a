// What a browser downloads before the login screen can appear: the entry script index.html loads
// plus everything it imports statically (what Vite lists as modulepreload), gzipped as a server
// would send it; and, for comparison, all the renderer's JavaScript (lazy screens included).
// Reads the built renderer (out/renderer; `npm run bench` builds first).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { defineBench } from './lib/bench'
import { figure } from './lib/report'

const rendererDir = resolve(import.meta.dirname, '../../out/renderer')
const kB = (bytes: number) => bytes / 1000

const gzipped = (file: string) => gzipSync(readFileSync(file)).length

/** Files a module imports statically (`import … from "./x.js"`, `import "./x.js"`, `export … from`), not `import()`. */
function staticImports(file: string): string[] {
  const code = readFileSync(file, 'utf8')
  const found = new Set<string>()
  for (const m of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) {
    found.add(resolve(dirname(file), m[1]))
  }
  return [...found]
}

/** The entry script of index.html with its static import closure and modulepreloads. */
export function mainBundle(dir = rendererDir): string[] {
  const html = readFileSync(join(dir, 'index.html'), 'utf8')
  const entries = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => resolve(dir, m[1]))
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => resolve(dir, m[1]))
  if (!entries.length) throw new Error(`no module script in ${join(dir, 'index.html')}`)
  const files = new Set<string>()
  const queue = [...entries, ...preloads]
  while (queue.length) {
    const file = queue.pop()!
    if (files.has(file)) continue
    files.add(file)
    queue.push(...staticImports(file))
  }
  return [...files]
}

export default defineBench({
  name: 'bundle',
  title: 'renderer JavaScript: the main bundle before the login screen, and all of it (gzip)',
  async run() {
    if (!existsSync(join(rendererDir, 'index.html'))) throw new Error(`no built renderer in ${rendererDir}: run "npm run build" first`)
    const main = mainBundle()
    const mainBytes = main.reduce((sum, f) => sum + gzipped(f), 0)
    const assets = join(rendererDir, 'assets')
    const all = readdirSync(assets)
      .filter((f) => f.endsWith('.js'))
      .map((f) => join(assets, f))
    const allBytes = all.reduce((sum, f) => sum + gzipped(f), 0)
    for (const f of main.sort()) console.error(`  bundle: main ${f.slice(rendererDir.length + 1)} ${kB(gzipped(f)).toFixed(1)} kB gzip`)
    const largest = all
      .filter((f) => !main.includes(f))
      .map((f) => ({ f, b: gzipped(f) }))
      .sort((a, b) => b.b - a.b)
      .slice(0, 3)
    for (const { f, b } of largest) console.error(`  bundle: lazy ${f.slice(rendererDir.length + 1)} ${kB(b).toFixed(1)} kB gzip`)
    figure('bundle.main.gzip', kB(mainBytes), 'kB', main.length)
    figure('bundle.total.gzip', kB(allBytes), 'kB', all.length)
  },
})
