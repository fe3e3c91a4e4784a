// The architecture of scripts/lint/architecture.mjs holds for the whole repository: no import
// cycle (type-only imports included), no arrow against the layer map, every npm package allowed
// for its zone and every dependency classified. The probes prove each rule reports a violation,
// both here and through ESLint with the real config.
import { ESLint } from 'eslint'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { classificationProblems, edgeProblem, findCycles, packageOf, packageProblem, UNDECLARED } from '../../scripts/lint/architecture.mjs'
import { importGraph, sourceFiles, type Import } from '../support/import-graph'

const root = fileURLToPath(new URL('../..', import.meta.url))
const CONFIGS = ['eslint.config.js', 'electron.vite.config.ts', 'vitest.config.ts', 'playwright.config.ts', 'drizzle.config.ts']
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as Record<string, Record<string, string>>

let graph: Map<string, Import[]>
beforeAll(() => {
  graph = importGraph(root, sourceFiles(root, ['shared', 'src-main', 'src-renderer', 'tests', 'scripts', ...CONFIGS]))
})

/** Edges between the given nodes; `node` maps a file to its node (null: left out). */
function edgesOf(node: (file: string) => string | null): Map<string, string[]> {
  const edges = new Map<string, string[]>()
  for (const [file, imports] of graph) {
    const from = node(file)
    if (!from) continue
    if (!edges.has(from)) edges.set(from, [])
    for (const i of imports) {
      const to = i.target && node(i.target)
      if (to && to !== from) edges.get(from)!.push(to)
    }
  }
  return edges
}

describe('the import graph', () => {
  it('has no cycle between the files of shared, src-main and src-renderer (type-only imports too)', () => {
    const cycles = findCycles(edgesOf((f) => (/^(shared|src-main|src-renderer)\//.test(f) ? f : null)))
    expect(cycles.map((c) => c.join(' → '))).toEqual([])
  })

  it('has no cycle between the domain folders of src-main/core', () => {
    const cycles = findCycles(edgesOf((f) => /^src-main\/core\/([^/]+)\//.exec(f)?.[1] ?? null))
    expect(cycles.map((c) => c.join(' → '))).toEqual([])
  })

  it('follows the layer map: no upward arrow, private folders stay private', () => {
    const problems = [...graph].flatMap(([file, imports]) =>
      imports.flatMap((i) => {
        const problem = i.target ? edgeProblem(file, i.target) : null
        return problem ? [`${file} → ${i.spec}: ${problem}`] : []
      }),
    )
    expect(problems).toEqual([])
  })

  it('uses only the npm packages its zone allows, each declared in package.json', () => {
    const declared = { ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies }
    const problems = [...graph].flatMap(([file, imports]) =>
      imports.flatMap((i) => {
        const name = packageOf(i.spec)
        if (!name) return []
        const problem = packageProblem(file, name) ?? (name in declared || name in UNDECLARED ? null : `'${name}' is not declared in package.json`)
        return problem ? [`${file}: ${problem}`] : []
      }),
    )
    expect(problems).toEqual([])
  })

  it('classifies every dependency of package.json (pako, used patched by the PDF writer, is declared)', () => {
    expect(classificationProblems(pkg)).toEqual([])
    expect(pkg.dependencies.pako).toBeDefined()
  })
})

describe('the rules report violations (probes)', () => {
  it('finds a cycle and prints its files', () => {
    const g = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ])
    expect(findCycles(g)).toEqual([['a.ts', 'b.ts', 'c.ts']])
    expect(findCycles(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toEqual([])
  })

  it('refuses upward arrows between layers', () => {
    for (const [from, to] of [
      ['src-main/db/write.ts', 'src-main/desk/desk.ts'],
      ['src-main/db/schema.ts', 'shared/api/types.ts'],
      ['src-main/hub/hub.ts', 'src-main/desk/desk.ts'],
      ['src-main/hub/hub.ts', 'src-main/core/sync/service.ts'],
      ['src-main/platform/backups.ts', 'src-main/core/sync/service.ts'],
      ['src-main/core/customers/service.ts', 'src-main/desk/dispatcher.ts'],
      ['src-main/documents/invoice-pdf.ts', 'src-main/core/invoices/queries.ts'],
      ['shared/domain/billing.ts', 'shared/api/types.ts'],
      ['src-renderer/stores/customers.ts', 'src-main/core/customers/service.ts'],
    ]) {
      expect(edgeProblem(from, to) ?? `allowed: ${from} → ${to}`).toMatch(/may not import/)
    }
    expect(edgeProblem('src-main/desk/desk.ts', 'src-main/core/customers/service.ts')).toBeNull()
    expect(edgeProblem('src-main/core/customers/service.ts', 'src-main/db/write.ts')).toBeNull()
  })

  it('keeps the demo generator behind the system operations', () => {
    expect(edgeProblem('src-main/core/customers/service.ts', 'src-main/core/system/demo/load.ts')).toMatch(/private/)
    expect(edgeProblem('src-main/desk/desk.ts', 'src-main/core/system/demo/generator.ts')).toMatch(/private/)
    expect(edgeProblem('src-main/core/system/handlers.ts', 'src-main/core/system/demo/load.ts')).toBeNull()
  })

  it('refuses a package its zone does not allow', () => {
    expect(packageProblem('src-renderer/stores/sync.ts', 'pg')).toMatch(/may not use 'pg'/)
    expect(packageProblem('shared/domain/money.ts', 'drizzle-orm')).toMatch(/may not use/)
    expect(packageProblem('src-main/hub/hub.ts', 'nodemailer')).toMatch(/may not use/)
    expect(packageProblem('src-main/core/mail/sender.ts', 'left-pad')).toMatch(/classify it/)
    expect(packageProblem('src-main/hub/storage.ts', 'pg')).toBeNull()
    expect(packageOf('@pdf-lib/fontkit/dist/x')).toBe('@pdf-lib/fontkit')
    expect(packageOf('node:fs')).toBeNull()
    expect(packageOf('fs/promises')).toBeNull()
  })

  it('refuses a dependency no zone classifies, and an allowed package nobody declared', () => {
    const added = { ...pkg, dependencies: { ...pkg.dependencies, 'left-pad': '^1.3.0' } }
    expect(classificationProblems(added)).toEqual([expect.stringMatching(/'left-pad' is declared in package.json but no zone uses it/)])
    const { pako: _pako, ...withoutPako } = pkg.dependencies
    expect(classificationProblems({ ...pkg, dependencies: withoutPako })).toEqual([expect.stringMatching(/'pako' is allowed in a zone but not declared/)])
  })

  describe('through ESLint (the editor sees the same rules)', () => {
    let eslint: ESLint
    beforeAll(() => {
      eslint = new ESLint({ cwd: root })
    })
    const errors = async (file: string, code: string) => {
      const [result] = await eslint.lintText(code, { filePath: `${root}/${file}` })
      expect(result.messages.filter((m) => m.fatal)).toEqual([])
      return result.messages.filter((m) => m.ruleId === 'architecture/imports').map((m) => m.message)
    }

    it('reports an upward import, a private import and a package outside the allow-list', async () => {
      expect(await errors('src-main/db/probe.ts', "import { openDesk } from '../desk/desk'\nexport const o = openDesk")).toEqual([
        expect.stringMatching(/src-main\/db may not import src-main\/desk/),
      ])
      expect(await errors('src-main/hub/probe.ts', "import type { Desk } from '../desk/desk'\nexport type D = Desk")).toHaveLength(1)
      expect(await errors('src-main/db/probe.ts', "import type { InvoiceView } from '../../shared/api/types'\nexport type I = InvoiceView")).toHaveLength(1)
      expect(await errors('src-main/core/customers/probe.ts', "export const m = await import('../system/demo/load')")).toEqual([expect.stringMatching(/private/)])
      expect(await errors('src-renderer/stores/probe.ts', "import pg from 'pg'\nexport const p = pg")).toEqual([expect.stringMatching(/may not use 'pg'/)])
    })

    it('lets the allowed arrows through', async () => {
      expect(await errors('src-main/db/probe.ts', "import { ApiError } from '../../shared/api/errors'\nexport const e = ApiError")).toEqual([])
      expect(await errors('src-main/desk/probe.ts', "import { createCustomerService } from '../core/customers/service'\nexport const c = createCustomerService")).toEqual([])
      expect(await errors('src-main/hub/probe.ts', "import { Pool } from 'pg'\nimport { syncModel } from '../db/sync-model'\nexport const x = [Pool, syncModel]")).toEqual([])
    })
  })
})
