// Reading rows as the services need them: each reading with its current status (the entry status
// overridden by the latest supervisor decision) and the name of who entered it. The card and the
// tariff-group averages read many meters at once, so the reads stay lean.
import { preparedSql, readOnceEach, type ReadOrm, type ReadSql, type ReadStatement } from '../../db/database'
import type { ReadingReviewView, ReadingView } from '../../../shared/api/types'
import {
  meterIntervals,
  sortReadings,
  supersededEstimates,
  type MeterReading,
  type ReadingIssue,
  type ReadingKind,
  type ReadingStatus,
} from '../../../shared/domain/consumption'

export interface ReadingRow extends MeterReading {
  meterId: string
  readAt: string | null
  source: string | null
  note: string | null
  entryStatus: 'ok' | 'flagged'
  flags: ReadingIssue[]
  replacesEstimateId: string | null
  createdByName: string | null
  createdAt: string
  review: ReadingReviewView | null
}

interface RawRow {
  id: string
  meter_id: string
  read_on: string
  read_at: string | null
  value_m3: number
  kind: ReadingKind
  source: string | null
  note: string | null
  status: 'ok' | 'flagged'
  flags: string | null
  replaces_estimate_id: string | null
  created_by: string | null
  created_at: string
}

interface ReviewRow {
  reading_id: string
  decision: 'accepted' | 'rejected'
  rollover: number
  note: string
  decided_by: string
  decided_at: string
}

// A plain index range per meter: no joins, so a whole tariff group reads quickly. Reviews exist
// only for flagged readings (few) and staff is a small table: both looked up separately.
const COLUMNS = 'id, meter_id, read_on, read_at, value_m3, kind, source, note, status, flags, replaces_estimate_id, created_by, created_at'

function staffNames(sqlite: ReadSql): Map<string, string> {
  return new Map(preparedSql<[], [string, string]>(sqlite, 'SELECT id, full_name FROM staff').raw().all())
}

/** The latest decision on each of the given flagged readings. */
function latestReviews(sqlite: ReadSql, readingIds: readonly string[]): Map<string, ReviewRow> {
  const out = new Map<string, ReviewRow>()
  const query = preparedSql<[string], ReviewRow>(
    sqlite,
    'SELECT reading_id, decision, rollover, note, decided_by, decided_at FROM reading_reviews WHERE reading_id IN (SELECT value FROM json_each(?)) ORDER BY decided_at, id',
  )
  for (let i = 0; i < readingIds.length; i += 500) for (const r of query.all(JSON.stringify(readingIds.slice(i, i + 500)))) out.set(r.reading_id, r)
  return out
}

/**
 * What a reading counts as: an entry stored 'flagged' takes its latest supervisor decision (none yet:
 * still flagged), and it rolls the counter over only when accepted as a rollover.
 */
export function decidedStatus(entryStatus: 'ok' | 'flagged', review: Pick<ReviewRow, 'decision' | 'rollover'> | undefined): { status: ReadingStatus; rollover: boolean } {
  return { status: entryStatus === 'ok' ? 'ok' : (review?.decision ?? 'flagged'), rollover: review?.decision === 'accepted' && review.rollover === 1 }
}

function toRows(sqlite: ReadSql, raws: readonly RawRow[]): ReadingRow[] {
  const flagged = raws.filter((r) => r.status === 'flagged').map((r) => r.id)
  const reviews = flagged.length ? latestReviews(sqlite, flagged) : new Map<string, ReviewRow>()
  const names = raws.some((r) => r.created_by) || reviews.size ? staffNames(sqlite) : new Map<string, string>()
  return raws.map((r) => {
    const rv = reviews.get(r.id)
    const { status, rollover } = decidedStatus(r.status, rv)
    return {
      id: r.id,
      meterId: r.meter_id,
      readOn: r.read_on,
      readAt: r.read_at,
      valueM3: r.value_m3,
      kind: r.kind,
      status,
      rollover,
      source: r.source,
      note: r.note,
      entryStatus: r.status,
      flags: r.flags ? (JSON.parse(r.flags) as ReadingIssue[]) : [],
      replacesEstimateId: r.replaces_estimate_id,
      createdByName: r.created_by ? (names.get(r.created_by) ?? null) : null,
      createdAt: r.created_at,
      review: rv ? { decision: rv.decision, rollover: rv.rollover === 1, note: rv.note, decidedByName: names.get(rv.decided_by) ?? null, decidedAt: rv.decided_at } : null,
    }
  })
}

/**
 * Every reading of the given meters (or those read on `since` or later), grouped by meter. Each
 * meter's are read once per customer card (its meter, replacement and consumption sections all
 * ask): do not modify the lists returned.
 */
export function readingsOfMeters(sqlite: ReadSql, meterIds: readonly string[], since?: string): Map<string, ReadingRow[]> {
  const read = (ids: readonly string[]) => {
    const out = new Map<string, ReadingRow[]>(ids.map((id) => [id, []]))
    const raws: RawRow[] = []
    // The ids as one JSON parameter, prepared once; chunks keep an office-wide read's parameter small.
    const query = since
      ? preparedSql<[string, string], RawRow>(sqlite, `SELECT ${COLUMNS} FROM readings WHERE meter_id IN (SELECT value FROM json_each(?)) AND read_on >= ?`)
      : preparedSql<[string], RawRow>(sqlite, `SELECT ${COLUMNS} FROM readings WHERE meter_id IN (SELECT value FROM json_each(?))`)
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = JSON.stringify(ids.slice(i, i + 500))
      raws.push(...(since ? (query as ReadStatement<[string, string], RawRow>).all(chunk, since) : (query as ReadStatement<[string], RawRow>).all(chunk)))
    }
    for (const row of toRows(sqlite, raws)) out.get(row.meterId)!.push(row)
    return out
  }
  return since ? read(meterIds) : readOnceEach('readings.ofMeter', meterIds, read)
}

/** A reading as consumption counts it: no names, notes or flags (see countedReadingsOfMeters). */
export interface CountedReading extends MeterReading {
  meterId: string
}

/**
 * SQL for a reading `r`'s latest supervisor decision with its rollover flag appended ('accepted1'),
 * null unless it was stored flagged: for reads of many readings in one statement (decidedFrom).
 */
export const LATEST_DECISION_SQL = `CASE WHEN r.status = 'flagged' THEN (SELECT x.decision || x.rollover FROM reading_reviews x WHERE x.reading_id = r.id ORDER BY x.decided_at DESC, x.id DESC LIMIT 1) END`

/** What a reading counts as, from its stored status and its LATEST_DECISION_SQL column. */
export function decidedFrom(entryStatus: 'ok' | 'flagged', latest: string | null): { status: ReadingStatus; rollover: boolean } {
  return decidedStatus(entryStatus, latest === null ? undefined : { decision: latest.slice(0, -1) as ReviewRow['decision'], rollover: Number(latest.slice(-1)) })
}

// One statement for any number of meters (a JSON array of ids), each an index range from `since`.
const COUNTED_SINCE = `SELECT r.id, r.meter_id, r.read_on, r.value_m3, r.kind, r.status, r.created_at, ${LATEST_DECISION_SQL} AS latest
FROM json_each(?) m JOIN readings r ON r.meter_id = m.value AND r.read_on >= ?`

/**
 * The readings of many meters read on `since` or later, with what each counts as (decidedStatus),
 * grouped by meter: a billing run's read of tens of thousands of meters, without the names, notes
 * and flags a screen shows.
 */
export function countedReadingsOfMeters(orm: ReadOrm, meterIds: readonly string[], since: string): Map<string, CountedReading[]> {
  const out = new Map<string, CountedReading[]>(meterIds.map((id) => [id, []]))
  const rows = preparedSql<[string, string], Pick<RawRow, 'id' | 'meter_id' | 'read_on' | 'value_m3' | 'kind' | 'status' | 'created_at'> & { latest: string | null }>(orm, COUNTED_SINCE).all(JSON.stringify(meterIds), since)
  for (const r of rows) {
    const { status, rollover } = decidedFrom(r.status, r.latest)
    out.get(r.meter_id)!.push({ id: r.id, meterId: r.meter_id, readOn: r.read_on, valueM3: r.value_m3, kind: r.kind, status, rollover, createdAt: r.created_at })
  }
  return out
}

export function readingById(sqlite: ReadSql, id: string): ReadingRow | null {
  const raw = preparedSql<[string], RawRow>(sqlite, `SELECT ${COLUMNS} FROM readings WHERE id = ?`).get(id)
  return raw ? toRows(sqlite, [raw])[0] : null
}

/** Views of one meter's readings, newest first, each with the m³ since the previous counted one. */
export function readingViews(rows: readonly ReadingRow[], counterDigits: number): ReadingView[] {
  const used = new Map(meterIntervals(rows, counterDigits).map((iv) => [iv.toId, iv.m3]))
  const replacedBy = supersededEstimates(rows)
  const byId = new Map(rows.map((r) => [r.id, r]))
  return sortReadings(rows)
    .map((r): ReadingView => {
      const real = replacedBy.get(r.id)
      const by = real ? byId.get(real) : undefined
      return {
        id: r.id,
        meterId: r.meterId,
        readOn: r.readOn,
        readAt: r.readAt,
        valueM3: r.valueM3,
        kind: r.kind,
        source: r.source,
        note: r.note,
        status: r.status,
        flags: r.flags,
        review: r.review,
        replacedBy: by ? { id: by.id, readOn: by.readOn, valueM3: by.valueM3 } : null,
        consumptionM3: used.get(r.id) ?? null,
        createdByName: r.createdByName,
        createdAt: r.createdAt,
      }
    })
    .reverse()
}
