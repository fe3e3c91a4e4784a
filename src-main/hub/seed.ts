// The starting state of an office for an empty hub, read from the first desk's database file:
// data loaded in bulk (demo, migration from the old system) never passed through the change log,
// so the hub can only learn it this way (`hub.js --seed-from <ibok-desk.db>`). The file is opened
// read-only; rows come out in the desk's JSON shape (the shape mutations and snapshots carry).
import Database from 'better-sqlite3'
import { getTableColumns } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { isLocalOnly } from '../../shared/sync/entities'
import { tablesByName } from '../db/tables'
import type { Hub } from './hub'

export interface SeedRow {
  entity: string
  entityId: string
  /** The row as JSON with the desk's field names (drizzle keys), booleans as booleans, JSON columns inline. */
  json: string
}

/** Every synced row of a desk database; lazily, so millions of rows never sit in memory at once. */
export function* readDeskRows(sqlite: Database.Database): Generator<SeedRow> {
  for (const [entity, table] of tablesByName) {
    if (isLocalOnly(entity, '')) continue
    const columns = Object.entries(getTableColumns(table)) as [string, SQLiteColumn][]
    // JSON text is built here column by column: a JSON column's text goes in as it is stored.
    const encoders = columns.map(([key, c], i) => {
      const prefix = `${i ? ',' : '{'}${JSON.stringify(key)}:`
      if (c.dataType === 'json') return (v: unknown) => prefix + (v === null ? 'null' : String(v))
      if (c.dataType === 'boolean') return (v: unknown) => prefix + (v === null ? 'null' : v ? 'true' : 'false')
      return (v: unknown) => prefix + (v === null ? 'null' : JSON.stringify(v))
    })
    const idIndex = columns.findIndex(([key]) => key === 'id')
    const stmt = sqlite.prepare(`SELECT ${columns.map(([, c]) => `"${c.name}"`).join(', ')} FROM "${entity}"`).raw()
    for (const values of stmt.iterate() as IterableIterator<unknown[]>) {
      const entityId = String(values[idIndex])
      if (isLocalOnly(entity, entityId)) continue
      let json = ''
      for (let i = 0; i < encoders.length; i++) json += encoders[i](values[i])
      yield { entity, entityId, json: json + '}' }
    }
  }
}

/** Loads a desk database file (opened read-only) into an empty hub as the office's starting state. */
export async function seedHubFromDesk(hub: Hub, deskFile: string): Promise<{ rows: number; ms: number }> {
  const started = performance.now()
  const sqlite = new Database(deskFile, { readonly: true, fileMustExist: true })
  try {
    const { rows } = await hub.seed(readDeskRows(sqlite))
    return { rows, ms: Math.round(performance.now() - started) }
  } finally {
    sqlite.close()
  }
}
