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

/**
 * A UUIDv7, monotonic within this process like uuid's own v7() (same state rule), but its random
 * bytes are cut from a pooled buffer: uuid asks the CSPRNG for 16 bytes per id, and a billing run
 * makes ~200,000 ids (a tenth of its time went there).
 */
export const newId = (): string => {
  const random = randomBytes16()
  const now = Date.now()
  if (now > v7.msecs) {
    v7.msecs = now
    v7.seq = ((random[6] & 0x7f) << 24) | (random[7] << 16) | (random[8] << 8) | random[9]
  } else {
    v7.seq = (v7.seq + 1) | 0
    if (v7.seq === 0) v7.msecs++
  }
  return uuidv7({ random, msecs: v7.msecs, seq: v7.seq })
}
const v7 = { msecs: -Infinity, seq: 0 }
const POOL_BYTES = 16 * 256
let pool = new Uint8Array(0)
let poolOffset = POOL_BYTES
function randomBytes16(): Uint8Array {
  if (poolOffset >= POOL_BYTES) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_BYTES))
    poolOffset = 0
  }
  poolOffset += 16
  return pool.subarray(poolOffset - 16, poolOffset)
}

/**
 * The context of work no API call started (a billing run's background part, the sync loop, the
 * mail outbox, a portal request): named by the job, under this desk's station, on behalf of
 * `staffId` if someone set it going. Calls through the dispatcher get theirs from it.
 */
export const jobContext = (operation: string, stationCode: string, staffId: string | null = null): WriteContext => ({ staffId, stationCode, operation })
