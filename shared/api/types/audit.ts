// Output shapes of audit.* operations.
export interface AuditEntry {
  id: string
  at: string
  staffName: string | null
  operation: string
  entity: string
  entityId: string
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}
