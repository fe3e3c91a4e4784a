// The import graph of the repository, read from the sources with TypeScript's parser (strings in
// code are not imports, so the lint probes' snippets do not count). Used by tests/unit/architecture.test.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { joinSpecifier } from '../../scripts/lint/architecture.mjs'

export interface Import {
  /** The specifier as written. */
  spec: string
  /** The repository file it resolves to (relative specifiers only). */
  target: string | null
  /** `import type`, `export type`, every named binding `type`, or `import('x').T`: erased at build. */
  typeOnly: boolean
}

const SOURCE = /\.(ts|mts|cts|js|mjs|vue)$/
const SKIP = new Set(['node_modules', 'out', '.data', '.bench', 'test-results', 'playwright-report', 'coverage', 'resources'])
const EXTENSIONS = ['', '.ts', '.vue', '.d.ts', '/index.ts', '.mts', '.d.mts']

/** Repository-relative (posix) source files under the given top-level folders and files. */
export function sourceFiles(root: string, tops: string[]): string[] {
  const files: string[] = []
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = `${rel}/${entry.name}`
      if (entry.isDirectory() && !SKIP.has(entry.name)) walk(path)
      else if (entry.isFile() && SOURCE.test(entry.name)) files.push(path)
    }
  }
  for (const top of tops) {
    if (SOURCE.test(top)) {
      if (existsSync(join(root, top))) files.push(top)
    } else walk(top)
  }
  return files.sort()
}

/** The imports of one file's text (the <script> blocks of a .vue file). */
export function importsOf(file: string, text: string): Omit<Import, 'target'>[] {
  const code = file.endsWith('.vue') ? [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n') : text
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS)
  const found: Omit<Import, 'target'>[] = []
  const add = (node: ts.Node | undefined, typeOnly: boolean) => {
    if (node && ts.isStringLiteralLike(node)) found.push({ spec: node.text, typeOnly })
  }
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : null
      const allTypes = !!clause && !clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)
      add(node.moduleSpecifier, !!clause && (clause.isTypeOnly || allTypes))
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly)
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true)
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) add(node.arguments[0], false)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/** Every import of every file, relative ones resolved to repository files. */
export function importGraph(root: string, files: string[]): Map<string, Import[]> {
  const graph = new Map<string, Import[]>()
  for (const file of files) {
    const imports = importsOf(file, readFileSync(join(root, file), 'utf8')).map((i) => {
      if (!i.spec.startsWith('.')) return { ...i, target: null }
      const base = joinSpecifier(file, i.spec)
      const hit = EXTENSIONS.map((e) => base + e).find((p) => existsSync(join(root, p)) && SOURCE.test(p))
      return { ...i, target: hit ?? base.replace(/\.js$/, '.ts') }
    })
    graph.set(file, imports)
  }
  return graph
}
