// The desk ⇄ hub protocol (../shared/SYNC.md). Shapes shared by the hub and the desk client.
import { z } from 'zod'

// 2: files (scans, attachments, letters) travel through the hub; an older desk would push rows
// whose files never leave it, so hub and desks must move to 2 together.
export const PROTOCOL_VERSION = 2
/** Pushes and pulls move at most this many entries per request. */
export const MAX_BATCH = 500
/**
 * Snapshot rows per page (and the most a hub serves): rows are small and a page is one round trip,
 * so fewer, larger pages — a million-row office is hundreds of requests, not thousands.
 */
export const SNAPSHOT_PAGE = 5000
/** A desk clock this far ahead of the hub is refused as a clock problem, not a crash. */
export const MAX_CLOCK_AHEAD_MS = 5 * 60 * 1000
/** A configured desk that has not been in step with the hub for this long says so (a warning). */
export const BEHIND_WARNING_MS = 10 * 60 * 1000

export type SyncErrorCode =
  | 'UNAUTHENTICATED'
  | 'CLIENT_TOO_OLD'
  | 'SERVER_TOO_OLD'
  | 'CLOCK_AHEAD'
  | 'GAP'
  | 'BAD_REQUEST'
  | 'FILE_MISMATCH'
  | 'FILE_TOO_LARGE'
  | 'FILE_MISSING'
  /** Too many open event streams at the hub: the desk polls instead. */
  | 'BUSY'
  /** The hub's TLS certificate is not trusted by this desk (not the pinned office CA / fingerprint). */
  | 'UNTRUSTED_HUB'
  /** Plain http:// to a hub elsewhere on the network, which this desk refuses unless allowed. */
  | 'INSECURE_HUB'
  /** The hub has no ready office file for this desk's schema version (yet): the desk joins from row pages. */
  | 'NO_REPLICA'

export interface SyncErrorBody {
  code: SyncErrorCode
  message: string
  /** For UNAUTHENTICATED with another desk's token: the desk the token was issued for. */
  tokenDeskId?: string
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
  /** The staff session that made the change (null: the system, e.g. the office's setup); the hub checks admin-only changes. */
  staffId: z.string().max(64).nullable().optional(),
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

/**
 * The hub's office as a ready desk database file (a new desk's first sync): consistent as of hub
 * seq `seq` (the desk pulls from there), in the desks' schema `schemaVersion`, with the SHA-256
 * and size of its bytes (uncompressed). HTTP headers of `GET /v1/sync/replica`.
 */
export interface ReplicaInfo {
  seq: number
  schemaVersion: number
  sha256: string
  bytes: number
}
export const REPLICA_HEADERS = {
  seq: 'x-ibok-replica-seq',
  schemaVersion: 'x-ibok-schema-version',
  sha256: 'x-ibok-sha256',
  /** The file's size; the body may be smaller (zstd). */
  bytes: 'x-ibok-replica-bytes',
  /** `zstd` when the body is the file compressed (asked for with `Accept-Encoding: zstd`), else absent. */
  encoding: 'x-ibok-replica-encoding',
} as const

/** Compares HLC strings: they sort in time order, then by node (desk) id. */
export const hlcAfter = (a: string, b: string): boolean => a > b

/** The largest file the hub keeps (desk uploads are at most 10 MB; generated letters are smaller). */
export const MAX_FILE_BYTES = 32 * 1024 * 1024
/** A file's address: the SHA-256 of its bytes, lowercase hex. */
export const FILE_HASH = /^[0-9a-f]{64}$/
/** "Which of these do you lack?" asks about at most this many files at once. */
export const MAX_FILE_QUERY = 1000

export const missingFilesRequestSchema = z.object({
  hashes: z.array(z.string().regex(FILE_HASH)).max(MAX_FILE_QUERY),
})
export type MissingFilesRequest = z.infer<typeof missingFilesRequestSchema>

export interface MissingFilesResponse {
  /** The hashes asked about that the hub does not hold. */
  missing: string[]
}
