// The code-zone rules in eslint.config.js must actually fire: each zone's forbidden imports are
// linted as small in-memory files placed in that zone, through ESLint's Node API and the real config.
import { ESLint } from 'eslint'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
let eslint: ESLint

beforeAll(() => {
  eslint = new ESLint({ cwd: root })
})

/** The zone-rule messages ESLint reports for `code` saved as `file` (not written to disk). */
async function zoneErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${file}` })
  const fatal = result.messages.filter((m) => m.fatal)
  expect(fatal, `parse error in the ${file} snippet`).toEqual([])
  return result.messages.filter((m) => m.ruleId === 'zones/imports').map((m) => m.message)
}

const expectForbidden = async (file: string, code: string) => expect(await zoneErrors(file, code), code).toHaveLength(1)
const expectAllowed = async (file: string, code: string) => expect(await zoneErrors(file, code), code).toEqual([])

describe('only src-main/app imports electron', () => {
  it('src-main/app may', async () => {
    await expectAllowed('src-main/app/probe.ts', "import { app } from 'electron'\nexport const a = app")
  })

  it('the rest of src-main may not, not even types, nor dynamically', async () => {
    for (const code of [
      "import { app } from 'electron'\nexport const a = app",
      "import type { App } from 'electron'\nexport type A = App",
      "export const e = await import('electron')",
      "export const e = require('electron')",
      "export { app } from 'electron'",
    ]) {
      await expectForbidden('src-main/core/probe.ts', code)
    }
  })

  it('tests may import its types (erased) but never load it', async () => {
    await expectAllowed('tests/unit/probe.test.ts', "import type { WebContents } from 'electron'\nexport type W = WebContents")
    await expectForbidden('tests/unit/probe.test.ts', "import { app } from 'electron'\nexport const a = app")
    await expectForbidden('scripts/probe.mjs', "export const e = await import('electron')")
  })
})

describe('the sandboxed preload', () => {
  it('loads electron and the shared bridge, and nothing Node-side', async () => {
    await expectAllowed('src-main/app/preload.ts', "import { contextBridge } from 'electron'\nimport { API_CHANNEL } from '../../shared/api/bridge'\nexport const x = [contextBridge, API_CHANNEL]")
    await expectForbidden('src-main/app/preload.ts', "import { join } from 'node:path'\nexport const j = join")
    await expectForbidden('src-main/app/preload.ts', "import { openDesk } from '../desk/desk'\nexport const o = openDesk")
  })
})

describe('src-renderer', () => {
  it('imports no Node built-ins, server libraries, src-main or electron', async () => {
    for (const source of [
      'node:fs',
      'fs',
      'fs/promises',
      'path',
      'child_process',
      'better-sqlite3',
      'drizzle-orm/sqlite-core',
      'nodemailer',
      'pdf-lib',
      '../../src-main/desk/desk',
      'electron',
    ]) {
      await expectForbidden('src-renderer/features/probe.ts', `import * as m from '${source}'\nexport const x = m`)
    }
  })

  it('checks Vue single-file components too', async () => {
    await expectForbidden(
      'src-renderer/features/ProbeView.vue',
      `<script setup lang="ts">\nimport { readFileSync } from 'node:fs'\nconst x = readFileSync\n</script>\n<template><p>{{ x }}</p></template>\n`,
    )
  })

  it('may use the shared contract and UI libraries', async () => {
    await expectAllowed(
      'src-renderer/features/probe.ts',
      "import { ref } from 'vue'\nimport { defineStore } from 'pinia'\nimport { API_CHANNEL } from '../../shared/api/bridge'\nexport const x = [ref, defineStore, API_CHANNEL]",
    )
  })
})

describe('shared', () => {
  it('imports nothing from src-main or src-renderer, no Node, UI, Electron or DB libraries', async () => {
    for (const source of ['../../src-main/desk/desk', '../../src-renderer/main', 'node:crypto', 'crypto', 'vue', 'pinia', 'electron', 'better-sqlite3', 'drizzle-orm']) {
      await expectForbidden('shared/domain/probe.ts', `import * as m from '${source}'\nexport const x = m`)
    }
    await expectForbidden('shared/domain/probe.ts', "export * from '../../src-main/desk/desk'")
  })

  it('may use zod and its own modules', async () => {
    await expectAllowed('shared/domain/probe.ts', "import { z } from 'zod'\nimport { ApiError } from '../api/errors'\nexport const x = [z, ApiError]")
  })
})

describe('src-main', () => {
  it('imports nothing from src-renderer', async () => {
    await expectForbidden('src-main/core/probe.ts', "import { router } from '../../src-renderer/router'\nexport const r = router")
    await expectForbidden('src-main/app/probe.ts', "import App from '../../src-renderer/App.vue'\nexport const a = App")
  })

  it('may use Node and the server libraries', async () => {
    await expectAllowed('src-main/core/probe.ts', "import { join } from 'node:path'\nimport Database from 'better-sqlite3'\nexport const x = [join, Database]")
  })
})
