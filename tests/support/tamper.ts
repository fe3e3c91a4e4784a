// Raw writes behind DeskDb's back, for tests only: what a crash, another program, an old version
// or a bug elsewhere would leave in the file. The desk's connection is query_only outside DeskDb's
// transactions (src-main/db/write.ts); here it is lifted for `fn` alone.
import type Database from 'better-sqlite3'
import type { Orm } from '../../src-main/db/database'
import type { DeskDb } from '../../src-main/db/write'

export function tamper<R>(db: DeskDb, fn: (sqlite: Database.Database, orm: Orm) => R): R {
  const raw = db as unknown as { sqlite: Database.Database; orm: Orm }
  const was = raw.sqlite.pragma('query_only', { simple: true })
  raw.sqlite.pragma('query_only = OFF')
  try {
    return fn(raw.sqlite, raw.orm)
  } finally {
    // As it was: also inside a DeskDb transaction (a bug injected into one of its steps).
    raw.sqlite.pragma(`query_only = ${was ? 'ON' : 'OFF'}`)
  }
}
