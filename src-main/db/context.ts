// Who writes and why (every audit entry carries it), and the shape of a written row change: shared
// by the write path (write.ts) and its helpers (bookkeeping.ts, remote.ts).
import { v7 as uuidv7 } from 'uuid'

export interface WriteContext {
  staffId: string | null
  stationCode: string
  /** The API operation (or job) that caused the write, e.g. "customers.update". */
  operation: string
}

/** A write on behalf of a signed-in staff member: every operation that is not public. */
export type StaffWrite = WriteContext & { staffId: string }

export interface RowChange {
  entity: string
  id: string
  op: 'insert' | 'update' | 'delete'
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

export const newId = (): string => uuidv7()

/**
 * The context of work no API call started (a billing run's background part, the sync loop, the
 * mail outbox, a portal request): named by the job, under this desk's station, on behalf of
 * `staffId` if someone set it going. Calls through the dispatcher get theirs from it.
 */
export const jobContext = (operation: string, stationCode: string, staffId: string | null = null): WriteContext => ({ staffId, stationCode, operation })
