// Output shapes of dashboard.* operations.
/** The Pulpit's counts from other areas (dashboard.counts). */
export interface DashboardCounts {
  asOf: string
  /** Meters in service whose legalisation ends within this calendar month. */
  metersEndingThisMonth: number
  openConflicts: number
  /** Flagged readings waiting for a supervisor's decision. */
  readingsToReview: number
  /** Open cases (not failures) whose term ends within the next SOON_DAYS days (shared/domain/deadlines), today excluded. */
  casesDueSoon: number
}
