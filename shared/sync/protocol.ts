// The desk ⇄ hub protocol (../shared/SYNC.md). Shapes shared by the hub and the desk client.
import { z } from 'zod'

export const PROTOCOL_VERSION = 1
/** Pushes and pulls move at most this many entries per request. */
export const MAX_BATCH = 500
/** A desk clock this far ahead of the hub is refused as a clock problem, not a crash. */
export const MAX_CLOCK_AHEAD_MS = 5 * 60 * 1000

export type SyncErrorCode =
  | 'UNAUTHENTICATED'
  | 'CLIENT_TOO_OLD'
  | 'SERVER_TOO_OLD'
  | 'CLOCK_AHEAD'
  | 'GAP'
  | 'BAD_REQUEST'

export interface SyncErrorBody {
  code: SyncErrorCode
  message: string
  /** For GAP: the next desk counter the hub expects. */
  expectedCounter?: number
  /** For CLOCK_AHEAD: the hub's clock (ms), so a desk can tell when its own clock is right again. */
  hubTime?: number
}

export const versionsSchema = z.object({
  protocol: z.number().int(),
  schemaVersion: z.number().int(),
})

export const mutationSchema = z.object({
  mutationId: z.string().min(1).max(64),
  counter: z.number().int().positive(),
  hlc: z.string().regex(/^\d{15}-\d{5}-.+$/),
  entity: z.string().min(1).max(64),
  entityId: z.string().min(1).max(128),
  op: z.enum(['insert', 'update', 'delete']),
  fields: z.record(z.string(), z.unknown()),
  baseSeq: z.number().int().nonnegative().nullable(),
})
export type Mutation = z.infer<typeof mutationSchema>

export const helloRequestSchema = versionsSchema.extend({ deskId: z.string().min(1).max(16) })
export type HelloRequest = z.infer<typeof helloRequestSchema>

export interface HubIdentity {
  hubId: string
  /** Changes when the hub is restored from a backup: desks then resend what it lost. */
  epoch: string
}

export interface HelloResponse extends HubIdentity {
  /** The last desk counter the hub holds for this desk. */
  lastCounter: number
  headSeq: number
}

export const pushRequestSchema = versionsSchema.extend({
  deskId: z.string().min(1).max(16),
  mutations: z.array(mutationSchema).max(MAX_BATCH),
})
export type PushRequest = z.infer<typeof pushRequestSchema>

export type MutationStatus = 'applied' | 'partial' | 'lost' | 'conflict' | 'duplicate' | 'ignored' | 'rejected'

export interface PushResult {
  mutationId: string
  seq: number
  status: MutationStatus
  reason: string | null
}

export interface PushResponse extends HubIdentity {
  results: PushResult[]
  /** Set when processing stopped early (GAP, CLOCK_AHEAD); results holds what was processed before. */
  error?: SyncErrorBody
}

export interface LogEntry {
  seq: number
  mutationId: string
  deskId: string
  entity: string
  entityId: string
  op: 'insert' | 'update' | 'delete'
  /** The values the hub holds after this entry for every field it touched (winners, not losers). */
  effective: Record<string, unknown>
  status: MutationStatus
  reason: string | null
}

export interface PullResponse extends HubIdentity {
  entries: LogEntry[]
  headSeq: number
}

export interface SnapshotRow {
  entity: string
  entityId: string
  /** The hub seq of the row's latest change (the desk's base_seq for its next edit). */
  seq: number
  data: Record<string, unknown>
  deleted: boolean
}

export interface SnapshotPage extends HubIdentity {
  /** Apply the pages, then pull from this cursor. Constant across the pages of one snapshot. */
  cursor: number
  rows: SnapshotRow[]
  done: boolean
  /** Pass as `after` to get the next page. */
  next: string | null
}

/** Compares HLC strings: they sort in time order, then by node (desk) id. */
export const hlcAfter = (a: string, b: string): boolean => a > b
