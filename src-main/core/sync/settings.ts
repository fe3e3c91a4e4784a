import { eq } from 'drizzle-orm'
import { syncState } from '../../db/schema'
import type { DeskDb } from '../../db/write'
import { httpTransport, type HubTransport } from './transport'

/** The hub this desk was configured for (address + desk token), or null when it works alone. */
export function savedTransport(db: DeskDb): HubTransport | null {
  const st = db.orm.select().from(syncState).where(eq(syncState.id, 1)).get()
  return st?.hubUrl && st.deskToken ? httpTransport(st.hubUrl, st.deskToken) : null
}
