// PRE-RELEASE ONLY: regenerates resources/migrations from scratch (one drizzle migration for the
// whole schema + the hand-written SQL in src-main/db/custom-sql). Once a release has shipped,
// never use this: add incremental migrations with `npm run db:generate` instead.
import { execFileSync } from 'node:child_process'
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const out = join(root, 'resources/migrations')
const custom = join(root, 'src-main/db/custom-sql')
const drizzleKit = (...args) => execFileSync('npx', ['drizzle-kit', 'generate', ...args], { cwd: root, stdio: 'pipe' })

rmSync(out, { recursive: true, force: true })
drizzleKit('--name', 'init')
execFileSync('node', ['scripts/strict-migrations.mjs'], { cwd: root, stdio: 'inherit' })
for (const file of readdirSync(custom).filter((f) => f.endsWith('.sql')).sort()) {
  const name = file.replace(/^\d+_/, '').replace(/\.sql$/, '')
  drizzleKit('--custom', '--name', name)
  const generated = readdirSync(out).find((f) => f.endsWith(`_${name}.sql`))
  copyFileSync(join(custom, file), join(out, generated))
}
// Deterministic timestamps, so that rebuilding twice gives identical files.
const journalPath = join(out, 'meta/_journal.json')
const journal = JSON.parse(readFileSync(journalPath, 'utf8'))
journal.entries.forEach((e, i) => (e.when = 1795600000000 + i))
writeFileSync(journalPath, JSON.stringify(journal, null, 2) + '\n')
console.log(`migrations rebuilt: ${journal.entries.map((e) => e.tag).join(', ')}`)
