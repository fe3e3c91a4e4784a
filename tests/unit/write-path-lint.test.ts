// The static half of "nothing outside src-main/db writes" (issue 20): the write-path rule in
// eslint.config.js fires on each way of writing behind DeskDb's back, through ESLint's Node API and
// the real config, and the source tree as it is has no such write. (The run-time half:
// tests/integration/write-path.test.ts.)
import { ESLint } from 'eslint'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const RULE = 'write-path/only-db-writes'
let eslint: ESLint

beforeAll(() => {
  eslint = new ESLint({ cwd: root })
})

async function writeErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${file}` })
  expect(result.messages.filter((m) => m.fatal), `parse error in the ${file} snippet`).toEqual([])
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message)
}

const PROBE = 'src-main/core/probe.ts'
const HEAD = "import { eq, sql } from 'drizzle-orm'\nimport { customers, settings } from '../db/schema'\ndeclare const s: any, db: any, tx: any, stmt: any\n"

describe('the write-path rule', () => {
  it('fires on every way around DeskDb outside src-main/db', async () => {
    for (const code of [
      // the raw handles, also by bracket access and drizzle's own escape hatch
      "s.db.orm.select().from(customers).all()",
      "s.db.sqlite.prepare('SELECT 1').get()",
      "db['sqlite'].prepare('SELECT 1').get()",
      "tx.read.$client.exec('DELETE FROM customers')",
      // drizzle write builders, whatever handle they hang on
      "tx.read.insert(settings).values({ id: 'x', value: '1' }).run()",
      "s.db.read.update(customers).set({ email: null }).where(eq(customers.id, 'x')).run()",
      "db.read.delete(customers).run()",
      "db.read.insert(settings).values({ id: 'x', value: '1' }).onConflictDoNothing().run()",
      // raw SQL that writes
      "db.read.run(sql`UPDATE customers SET email = NULL`)",
      "db.readSql.prepare('DELETE FROM customers WHERE id = ?')",
      "db.readSql.prepare(`INSERT INTO settings (id, value) VALUES (?, ?)`)",
      "db.read.all(sql`DELETE FROM customers RETURNING id`)",
      "stmt.exec('DROP TABLE customers')",
      "db.readSql.pragma('query_only = OFF')",
      // opening the database file directly
      "import Database from 'better-sqlite3'\nexport const d = new Database('desk.db')",
      "import { drizzle } from 'drizzle-orm/better-sqlite3'\nexport const d = drizzle",
    ]) {
      expect(await writeErrors(PROBE, HEAD + code), code).not.toEqual([])
    }
  })

  it('lets reads and the write path through', async () => {
    for (const code of [
      "s.db.read.select().from(customers).where(eq(customers.id, 'x')).get()",
      "db.readSql.prepare('SELECT id FROM customers WHERE email = ?').pluck().all('a@b.pl')",
      "db.read.all(sql`SELECT count(*) FROM customers`)",
      "s.db.write({ staffId: null, stationCode: 'K1', operation: 'probe' }, (t: any) => t.update(customers, 'x', { email: null }))",
      "tx.insert(settings, { id: 'x', value: '1' })",
      "tx.reindex(sql`DELETE FROM customer_search WHERE customer_id = ${'x'}`)",
      "new Map<string, number>().delete('x')",
      "import type Database from 'better-sqlite3'\nexport type D = Database.Database",
      "export const re = /^(\\d+)$/.exec('12')",
    ]) {
      expect(await writeErrors(PROBE, HEAD + code), code).toEqual([])
    }
  })

  it('leaves src-main/db (the write path itself) and the hub (its own store) alone', async () => {
    const raw = "import Database from 'better-sqlite3'\nexport const d = new Database('x.db').prepare('DELETE FROM t').run()"
    expect(await writeErrors('src-main/db/probe.ts', raw)).toEqual([])
    expect(await writeErrors('src-main/server/hub/probe.ts', raw)).toEqual([])
    expect(await writeErrors('src-main/hub/probe.ts', raw)).toEqual([])
  })

  it('finds no write outside src-main/db in the source tree', async () => {
    const results = await eslint.lintFiles(['src-main'])
    const hits = results.flatMap((r) => r.messages.filter((m) => m.ruleId === RULE).map((m) => `${r.filePath.slice(root.length)}:${m.line} ${m.message}`))
    expect(hits).toEqual([])
  }, 120_000)
})
