// The hub's view of one synced entity (built from the desk schema in src-main/db/sync-model.ts).
import type { z } from 'zod'

export interface EntityModel {
  /** The field names a change may carry. */
  fields: ReadonlySet<string>
  /** Unique business keys (each a list of fields): claimed at the hub by the first desk, refused to the second. */
  uniqueKeys: readonly (readonly string[])[]
  /** Field → the entity it points at. */
  refs: Readonly<Record<string, string>>
  /** The whole row of an insert (id travels separately). */
  insert: z.ZodType
  /** The fields of an update. */
  update: z.ZodType
}
