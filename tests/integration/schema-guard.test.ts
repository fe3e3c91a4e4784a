// The shipped migrations are the schema: drizzle-kit finds nothing left to generate from
// src-main/db/schema.ts, and every hand-written migration (src-main/db/custom-sql: FTS, triggers,
// expression indexes that drizzle-kit cannot express) ships exactly as written.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const migrations = join(root, 'resources/migrations')
const customSql = join(root, 'src-main/db/custom-sql')

it('drizzle-kit generates nothing for the current schema (every schema change has its migration)', () => {
  // On a copy, so that a missing migration shows as a failure here, not as a new file in the tree.
  const dir = mkdtempSync(join(tmpdir(), 'ibok-schema-'))
  try {
    cpSync(migrations, join(dir, 'migrations'), { recursive: true })
    writeFileSync(join(dir, 'drizzle.config.ts'), `export default { dialect: 'sqlite', schema: ${JSON.stringify(join(root, 'src-main/db/schema.ts'))}, out: './migrations' }\n`)
    const out = execFileSync(join(root, 'node_modules/.bin/drizzle-kit'), ['generate', '--config', 'drizzle.config.ts'], { cwd: dir, encoding: 'utf8' })
    expect(out).toContain('No schema changes')
    expect(readdirSync(join(dir, 'migrations')).sort()).toEqual(readdirSync(migrations).sort())
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}, 60_000)

it('every hand-written migration is shipped exactly as written', () => {
  const shipped = readdirSync(migrations).filter((f) => f.endsWith('.sql'))
  const custom = readdirSync(customSql).filter((f) => f.endsWith('.sql'))
  expect(custom.length).toBeGreaterThan(0)
  for (const file of custom) {
    expect(shipped, file).toContain(file)
    expect(readFileSync(join(migrations, file), 'utf8'), file).toBe(readFileSync(join(customSql, file), 'utf8'))
  }
})
