// The Pulpit's counts from other areas: one cheap read per tile, each rule taken from its domain.
import { sql } from 'drizzle-orm'
import { businessDate } from '../../../shared/domain/dates'
import { legalisationExpiry } from '../../../shared/domain/meters'
import { caseList } from '../cases/queries'
import type { HandlersOf } from '../calls'
import type { Services } from '../services'

export function dashboardHandlers(s: Services): HandlersOf<'dashboard'> {
  const count = (query: ReturnType<typeof sql>) => s.db.orm.get<{ n: number }>(query).n
  return {
    'dashboard.counts': () => {
      const today = businessDate(s.now())
      const month = today.slice(0, 7)
      // Grouped by legalisation year (a handful of rows), the expiry rule applied to each year.
      const byYear = s.db.orm.all<{ year: number; n: number }>(
        sql`SELECT legalisation_year AS year, count(*) AS n FROM meters WHERE state <> 'removed' AND removed_on IS NULL GROUP BY legalisation_year`,
      )
      return {
        asOf: today,
        metersEndingThisMonth: byYear.filter((r) => legalisationExpiry(r.year).slice(0, 7) === month).reduce((sum, r) => sum + r.n, 0),
        openConflicts: count(sql`SELECT count(*) AS n FROM sync_conflicts WHERE status = 'open'`),
        readingsToReview: count(sql`SELECT count(*) AS n FROM readings r WHERE r.status = 'flagged' AND NOT EXISTS (SELECT 1 FROM reading_reviews x WHERE x.reading_id = r.id)`),
        casesDueSoon: caseList(s.db.orm, { deadline: 'soon', limit: 1, offset: 0 }, today).total,
      }
    },
  }
}
