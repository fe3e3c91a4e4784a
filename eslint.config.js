// ESLint: the recommended rules for JS, TS and Vue (no formatting rules), and the three code zones
// of DESIGN.md enforced mechanically (tests/unit/lint-zones.test.ts proves each zone rule fires).
import { builtinModules } from 'node:module'
import { defineConfig } from 'eslint/config'
import { builtinRules } from 'eslint/use-at-your-own-risk'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import { architecturePlugin } from './scripts/lint/architecture.mjs'

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
  uiLibs: { pattern: '^(vue|vue-router|pinia|echarts|@vue/[^/]+)(/.*)?$', message: 'UI libraries belong to src-renderer (DESIGN.md zones).' },
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
])
