// Output shapes of sync.* operations.
export interface SyncStatus {
  configured: boolean
  hubUrl: string | null
  /** behind: no error, but the last full sync is older than BEHIND_WARNING_MS (a warning). */
  phase: 'not-configured' | 'online' | 'offline' | 'syncing' | 'error' | 'behind'
  /** Local changes not yet accepted by the hub. */
  queued: number
  /** Hub changes this desk could not store: set aside, retried every round, listed under problems. */
  quarantined: number
  openConflicts: number
  lastSyncAt: string | null
  lastError: string | null
  /** E.g. CLOCK_AHEAD (a clock problem), CLIENT_TOO_OLD, OFFLINE. */
  lastErrorCode: string | null
}

export interface SyncConflictView {
  id: string
  entity: string
  entityId: string
  /** What the record is, for people: e.g. "Klient 100123 — Jan Nowak". */
  subject: string
  customerId: string | null
  /**
   * hubValue: what the office holds now (also after later edits); openedValue: what the server held
   * when the conflict opened; deskValue: what the other desk wrote.
   */
  fields: Array<{ field: string; label: string; hubValue: unknown; openedValue: unknown; deskValue: unknown }>
  /** Set when a field changed again after the conflict opened: which station and when (the record's last change). */
  movedSince: { deskId: string | null; at: string | null } | null
  /** unique: a second desk created what the office already had (same login, same statement file …); the office keeps the first. */
  kind: 'field' | 'unique'
  /** For people, in plain Polish: what happened and what settling it does. */
  explanation: string
  /** The desk whose change collided, e.g. "K2". */
  deskId: string
  status: 'open' | 'resolved'
  resolution: 'hub' | 'desk' | null
  resolvedBy: string | null
  resolvedAt: string | null
  createdAt: string
}

export interface SyncProblem {
  /** This desk's change number; for a hub change set aside here (status "quarantined"): minus its hub seq. */
  counter: number
  at: string
  entity: string
  entityId: string
  /** What the record is, for people: "Klient 100012 — Jan Nowak" (never the table name). */
  subject: string
  customerId: string | null
  status: string
  reason: string | null
}
