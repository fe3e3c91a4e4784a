// What a browser downloads before the login screen can appear: the entry script index.html loads
// plus everything it imports statically (what Vite lists as modulepreload), gzipped as a server
// would send it; and, for comparison, all the renderer's JavaScript (lazy screens included).
// Reads the built renderer (out/renderer; `npm run bench` builds first).
//   bundle.main.gzip        the main bundle, gzip; anchor: Vue + vue-router + pinia alone, bundled and
//                           minified by esbuild (the framework every screen stands on)
//   bundle.lazy.largest     the largest lazy chunk, raw; anchor: the consumption chart's drawing
//                           (shared/charts/consumption-chart.ts, the card's one chart) bundled alone by esbuild
import { build } from 'esbuild'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { defineBench } from './lib/bench'
import { anchor, figure } from './lib/report'

const root = resolve(import.meta.dirname, '../..')
const rendererDir = resolve(root, 'out/renderer')
const CHART = './shared/charts/consumption-chart'
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

/** `code` (an ES module importing from node_modules or the repository) bundled and minified for the browser: its bytes. */
async function bundled(code: string): Promise<Buffer> {
  const out = await build({
    stdin: { contents: code, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"', __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
  })
  return Buffer.from(out.outputFiles[0].contents)
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
    const framework = await bundled(`import { createApp } from 'vue'\nimport { createRouter, createWebHashHistory } from 'vue-router'\nimport { createPinia } from 'pinia'\ncreateApp({}).use(createPinia()).use(createRouter({ history: createWebHashHistory(), routes: [] })).mount('#app')\n`)
    anchor('bundle.main.gzip', kB(gzipSync(framework).length), 'kB')
    figure('bundle.total.gzip', kB(allBytes), 'kB', all.length)

    const lazyRaw = all.filter((f) => !main.includes(f)).map((f) => ({ f, b: statSync(f).size })).sort((a, b) => b.b - a.b)[0]
    console.error(`  bundle: largest lazy chunk ${lazyRaw.f.slice(rendererDir.length + 1)} ${kB(lazyRaw.b).toFixed(1)} kB raw`)
    figure('bundle.lazy.largest', kB(lazyRaw.b), 'kB')
    anchor('bundle.lazy.largest', kB((await bundled(`import { consumptionChartSvg, consumptionLegend } from '${CHART}'\nwindow.__chart = [consumptionChartSvg, consumptionLegend]\n`)).length), 'kB')
  },
})
