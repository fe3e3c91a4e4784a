// Every table of the desk schema by its SQL name, with the field names (drizzle keys) it holds:
// sync validates and applies changes by table name.
import { getTableColumns, getTableName, is } from 'drizzle-orm'
import { SQLiteTable } from 'drizzle-orm/sqlite-core'
import { LOCAL_ONLY_TABLES } from '../../shared/sync/entities'
import * as schema from './schema'

export const tablesByName: ReadonlyMap<string, SQLiteTable> = new Map(
  (Object.values(schema).filter((t) => is(t, SQLiteTable)) as SQLiteTable[]).map((t) => [getTableName(t), t]),
)

/** Synced tables and their fields, as the hub validates mutations against them. */
export const syncedEntityFields: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  [...tablesByName]
    .filter(([name]) => !LOCAL_ONLY_TABLES.has(name))
    .map(([name, table]) => [name, new Set(Object.keys(getTableColumns(table)))]),
)
