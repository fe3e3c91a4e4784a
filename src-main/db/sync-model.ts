// What the hub knows of each synced entity, derived from the desk schema (never hand-picked): its
// fields with their types (a zod schema per entity for inserts and for updates), its unique
// business keys (every unique column and unique index: a cross-desk claim the hub arbitrates), and
// its references (declared foreign keys plus SYNC_RULES.refs), so a change pointing at a refused
// row is refused with it.
import { getTableColumns, type Column } from 'drizzle-orm'
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core'
import { z } from 'zod'
import { ruleFor } from '../../shared/sync/entities'
import type { EntityModel } from '../../shared/sync/model'
import { syncedEntityFields, tablesByName } from './tables'

function columnSchema(column: Column): z.ZodType {
  const enumValues = (column as { enumValues?: string[] }).enumValues
  let schema: z.ZodType
  switch (column.dataType) {
    case 'string':
      schema = enumValues?.length ? z.enum(enumValues as [string, ...string[]]) : z.string()
      break
    case 'number':
      schema = column.columnType.includes('Integer') ? z.number().int() : z.number().finite()
      break
    case 'boolean':
      // A boolean column is an integer in SQLite; older desks may send 0/1.
      schema = z.union([z.boolean(), z.literal(0), z.literal(1)])
      break
    case 'date':
      schema = z.union([z.string(), z.number()])
      break
    default:
      schema = z.unknown()
  }
  return column.notNull ? schema : schema.nullable()
}

function modelOf(name: string, table: SQLiteTable): EntityModel {
  const columns = getTableColumns(table) as Record<string, Column>
  const keyOf = new Map(Object.entries(columns).map(([key, c]) => [c.name, key]))
  const config = getTableConfig(table)
  const uniqueKeys: string[][] = []
  for (const [key, c] of Object.entries(columns)) if (c.isUnique && !c.primary) uniqueKeys.push([key])
  for (const idx of config.indexes) {
    if (!idx.config.unique) continue
    uniqueKeys.push(idx.config.columns.map((c) => keyOf.get((c as Column).name) ?? (c as Column).name))
  }
  for (const u of config.uniqueConstraints) uniqueKeys.push(u.columns.map((c) => keyOf.get(c.name) ?? c.name))
  const refs: Record<string, string> = { ...(ruleFor(name).refs ?? {}) }
  for (const fk of config.foreignKeys) {
    const ref = fk.reference()
    if (ref.columns.length === 1) refs[keyOf.get(ref.columns[0].name) ?? ref.columns[0].name] = getTableConfig(ref.foreignTable).name
  }
  const shape = Object.fromEntries(Object.entries(columns).map(([key, c]) => [key, columnSchema(c)]))
  const required = Object.fromEntries(
    Object.entries(columns).map(([key, c]) => [key, c.notNull && !c.hasDefault && !c.primary ? shape[key] : shape[key].optional()]),
  )
  return {
    fields: syncedEntityFields.get(name) ?? new Set(),
    uniqueKeys,
    refs,
    insert: z.object(required).strict(),
    update: z.object(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()]))).strict(),
  }
}

/** Every synced entity's model, by table name. */
export const syncModel: ReadonlyMap<string, EntityModel> = new Map(
  [...tablesByName].filter(([name]) => syncedEntityFields.has(name)).map(([name, table]) => [name, modelOf(name, table)]),
)
