// ESLint: the recommended rules for JS, TS and Vue (no formatting rules), and the three code zones
// of DESIGN.md enforced mechanically (tests/unit/lint-zones.test.ts proves each zone rule fires).
import { builtinModules } from 'node:module'
import path from 'node:path'
import { defineConfig } from 'eslint/config'
import { builtinRules } from 'eslint/use-at-your-own-risk'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import { architecturePlugin } from './scripts/lint/architecture.mjs'
import { writePathConfig } from './scripts/lint/write-path.mjs'

// ESLint's own "recommended" set (what @eslint/js ships), read from the rules' metadata so no
// extra package is needed.
const eslintRecommended = Object.fromEntries(
  [...builtinRules].filter(([, rule]) => rule.meta?.docs?.recommended).map(([name]) => [name, 'error']),
)

// ---------------------------------------------------------------------------------------------
// Zones: shared/ (pure TS), src-main/ (Node; only src-main/app touches Electron), src-renderer/
// (browser). One local rule catches static imports, re-exports, import() and require().

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
const NODE_BUILTINS = ['node:.*', ...builtinModules.filter((m) => !m.startsWith('_')).map(escape)].join('|')

const ban = {
  electron: (allowTypeImports = false) => ({
    pattern: '^electron(/.*)?$',
    message: 'Only src-main/app imports electron (DESIGN.md zones).',
    allowTypeImports,
  }),
  node: { pattern: `^(${NODE_BUILTINS})$`, message: 'Node built-ins are not available here (DESIGN.md zones).' },
  serverLibs: {
    pattern: '^(better-sqlite3|drizzle-orm|drizzle-kit|nodemailer|pdf-lib|@pdf-lib/fontkit|smtp-server|mailparser)(/.*)?$',
    message: 'Database, mail and PDF libraries belong to src-main (DESIGN.md zones).',
  },
  uiLibs: { pattern: '^(vue|vue-router|pinia|@vue/[^/]+)(/.*)?$', message: 'UI libraries belong to src-renderer (DESIGN.md zones).' },
  srcMain: { pattern: '(^|/)src-main(/|$)', message: 'Reach src-main only through the API contract (DESIGN.md zones).' },
  srcRenderer: { pattern: '(^|/)src-renderer(/|$)', message: 'Nothing imports from src-renderer (DESIGN.md zones).' },
  mainServices: {
    pattern: '^\\.\\./(core|db|desk|documents|hub|platform|portal|server)(/|$)',
    message: 'The sandboxed preload can load only electron; it reaches the services through IPC.',
  },
}

const zonesPlugin = {
  rules: {
    imports: {
      meta: {
        type: 'problem',
        docs: { description: 'Forbids imports that cross a code zone' },
        schema: [
          {
            type: 'array',
            items: {
              type: 'object',
              properties: { pattern: { type: 'string' }, message: { type: 'string' }, allowTypeImports: { type: 'boolean' } },
              required: ['pattern', 'message'],
              additionalProperties: false,
            },
          },
        ],
        messages: { forbidden: "'{{source}}': {{message}}" },
      },
      create(context) {
        const bans = (context.options[0] ?? []).map((b) => ({ ...b, regex: new RegExp(b.pattern) }))
        const check = (sourceNode, typeOnly) => {
          if (sourceNode?.type !== 'Literal' || typeof sourceNode.value !== 'string') return
          const source = sourceNode.value
          const hit = bans.find((b) => b.regex.test(source) && !(typeOnly && b.allowTypeImports))
          if (hit) context.report({ node: sourceNode, messageId: 'forbidden', data: { source, message: hit.message } })
        }
        return {
          // Only `import type` / `export type` count as type-only: they are always erased.
          ImportDeclaration: (node) => check(node.source, node.importKind === 'type'),
          ExportNamedDeclaration: (node) => check(node.source, node.exportKind === 'type'),
          ExportAllDeclaration: (node) => check(node.source, node.exportKind === 'type'),
          ImportExpression: (node) => check(node.source, false),
          'CallExpression[callee.type="Identifier"][callee.name="require"]': (node) => check(node.arguments[0], false),
        }
      },
    },
  },
}

// ---------------------------------------------------------------------------------------------
// Renderer layers (docs/renderer-layers.md), VS Code style: each folder of src-renderer is a layer
// and lists the layers it may import; relative imports are resolved, so `../../api/client` from a
// screen and `../api/client` from a store are the same target. Lowest first:
//   base (i18n, format.ts, styles, zod-setup) < composables (Vue helpers, no data) < api (the
//   desk: client, events, file hand-offs) < stores (state + the calls) < components (generic UI)
//   < features (screens) < app (main.ts, router.ts, App.vue: wiring)
// and components and features reach the desk only through stores: of api/ they may use the file
// hand-offs (pdf, files), never the client or its event stream.

const RENDERER = 'src-renderer'
const RENDERER_BASE = new Set(['i18n', 'styles', 'format', 'zod-setup', 'env.d'])
const RENDERER_APP = new Set(['main', 'router', 'App'])
const RENDERER_LAYERS = {
  base: ['base'],
  composables: ['base', 'composables'],
  api: ['base', 'composables', 'api'],
  stores: ['base', 'composables', 'api', 'stores'],
  components: ['base', 'composables', 'api', 'components'],
  features: ['base', 'composables', 'api', 'stores', 'components', 'features'],
  app: ['base', 'composables', 'api', 'stores', 'components', 'features', 'app'],
}
/** Modules only stores (and the app's wiring) may import. */
const RENDERER_STORES_ONLY = ['api/client', 'api/events']

/** The layer of a path inside src-renderer (`api/client.ts` → api); null for a path outside the map. */
function rendererLayerOf(rel) {
  const [first, ...rest] = rel.split('/')
  const name = first.replace(/\.(ts|vue|css)$/, '')
  if (RENDERER_BASE.has(name)) return 'base'
  if (RENDERER_APP.has(name) && !rest.length) return 'app'
  return rest.length && Object.hasOwn(RENDERER_LAYERS, first) ? first : null
}

const rendererLayersPlugin = {
  rules: {
    imports: {
      meta: {
        type: 'problem',
        docs: { description: 'Keeps imports inside src-renderer to the layer map' },
        schema: [],
        messages: {
          upward: "'{{source}}': {{from}}/ may import only {{may}} (renderer layers, docs/renderer-layers.md).",
          unmapped: "'{{source}}': {{target}} is in no renderer layer — add it to the layer map in eslint.config.js.",
          client: "'{{source}}': {{from}}/ reaches the desk through a store, not the API client (renderer layers, docs/renderer-layers.md).",
        },
      },
      create(context) {
        const file = path.relative(context.cwd, context.filename).split(path.sep).join('/')
        if (!file.startsWith(`${RENDERER}/`)) return {}
        const from = rendererLayerOf(file.slice(RENDERER.length + 1))
        const check = (sourceNode) => {
          if (sourceNode?.type !== 'Literal' || typeof sourceNode.value !== 'string' || !sourceNode.value.startsWith('.')) return
          const source = sourceNode.value
          const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), source))
          if (!target.startsWith(`${RENDERER}/`)) return // shared/ and the zones are the zone rules' business
          const rel = target.slice(RENDERER.length + 1)
          const to = rendererLayerOf(rel)
          const report = (messageId, data) => context.report({ node: sourceNode, messageId, data: { source, ...data } })
          if (!from) return
          if (!to) return report('unmapped', { target })
          if (!RENDERER_LAYERS[from].includes(to)) return report('upward', { from, may: RENDERER_LAYERS[from].join(', ') })
          const bare = rel.replace(/\.(ts|vue)$/, '')
          if (RENDERER_STORES_ONLY.includes(bare) && from !== 'stores' && from !== 'app' && from !== 'api') report('client', { from })
        }
        return {
          ImportDeclaration: (node) => check(node.source),
          ExportNamedDeclaration: (node) => check(node.source),
          ExportAllDeclaration: (node) => check(node.source),
          ImportExpression: (node) => check(node.source),
        }
      },
    },
  },
}

const rendererLayers = {
  name: 'renderer-layers',
  files: [`${RENDERER}/**/*.{ts,vue}`],
  plugins: { 'renderer-layers': rendererLayersPlugin },
  rules: { 'renderer-layers/imports': 'error' },
}

const SOURCES = '**/*.{ts,mts,cts,js,mjs,cjs,vue}'
// A later entry matching the same file replaces the rule's options (it does not add to them).
const zone = (name, files, bans, ignores = []) => ({
  name: `zones/${name}`,
  files,
  ignores,
  plugins: { zones: zonesPlugin },
  rules: { 'zones/imports': ['error', bans] },
})

export default defineConfig([
  {
    ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'resources/migrations/**', 'coverage/**', '.data/**'],
  },
  { name: 'eslint/recommended', files: [SOURCES], rules: eslintRecommended },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/essential'],
  // Its own rule id (not zones/imports), so it adds to the zone rules instead of replacing them.
  rendererLayers,
  {
    name: 'project/vue-typescript',
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    name: 'project/rules',
    files: [SOURCES],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // TypeScript checks these better (tsc with noUnusedLocals); `_name` marks a deliberate unused.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    name: 'project/tests',
    files: ['tests/**'],
    rules: {
      // Tests poke at raw JSON bodies and partial fixtures; `any` there is a convenience, not a hole.
      '@typescript-eslint/no-explicit-any': 'off',
      // Playwright fixtures must destructure their first parameter, even when they use none: `async ({}, use)`.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
    },
  },
  { name: 'project/typescript-and-vue', files: ['**/*.{ts,mts,cts,vue}'], rules: { 'no-undef': 'off' } },
  { name: 'project/node-globals', files: [SOURCES], ignores: ['src-renderer/**', 'shared/**'], languageOptions: { globals: globals.node } },
  { name: 'project/browser-globals', files: ['src-renderer/**'], languageOptions: { globals: globals.browser } },

  // Layers inside the zones and the npm allow-list per zone, declared once in scripts/lint/architecture.mjs
  // (tests/unit/architecture.test.ts checks the whole graph and proves the rule fires).
  { name: 'architecture', files: [SOURCES], plugins: { architecture: architecturePlugin }, rules: { 'architecture/imports': 'error' } },

  zone('shared', ['shared/**'], [ban.electron(), ban.node, ban.serverLibs, ban.uiLibs, ban.srcMain, ban.srcRenderer]),
  zone('renderer', ['src-renderer/**'], [ban.electron(), ban.node, ban.serverLibs, ban.srcMain]),
  zone('main', ['src-main/**'], [ban.electron(), ban.srcRenderer], ['src-main/app/**']),
  zone('main-app', ['src-main/app/**'], [ban.srcRenderer]),
  // Comes after main-app and replaces it for this one file: a sandboxed preload runs in the page's
  // process, where Node modules cannot be required.
  zone('preload', ['src-main/app/preload.ts'], [ban.node, ban.serverLibs, ban.mainServices, ban.srcRenderer]),
  // Tests, scripts and configs: `import type` from electron is fine (erased); loading it is not —
  // under plain Node it tries to download the binary.
  zone('other', [SOURCES], [ban.electron(true)], ['shared/**', 'src-renderer/**', 'src-main/**']),
  // Nothing outside src-main/db writes to the desk database (tests/unit/write-path-lint.test.ts).
  writePathConfig,
])
