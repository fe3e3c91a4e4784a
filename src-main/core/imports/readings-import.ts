// readings.importFile: readings from the readers' handheld terminals and radio read-outs, as a
// CSV file. Each row meets the same rules as a reading typed at the counter (readingInput) and
// the same plausibility checks (checkReading): impossible readings are errors, doubtful ones are
// stored flagged for the supervisor. A reading already recorded is left out and reported. The
// import writes every row in one audited, change-logged transaction — or nothing.
import type { ParsedInputOf } from '../../../shared/api/contract'
import { readingInput } from '../../../shared/api/operations/readings'
import type { ImportReport } from '../../../shared/api/types'
import { checkReading, effectiveReadings, ISSUE_FIELD, isEstimate, isUsable, type ReadingIssue } from '../../../shared/domain/consumption'
import {
  foldWords,
  isoDateOf,
  readCsvTable,
  READING_IMPORT_COLUMNS,
  READING_KIND_WORDS,
  READING_SOURCE_WORDS,
  wholeM3Of,
  type CsvTable,
} from '../../../shared/domain/csv-import'
import { addDays, businessDate } from '../../../shared/domain/dates'
import { meters, readings } from '../../db/schema'
import { newId } from '../../db/write'
import { readingsOfMeters, type ReadingRow } from '../meters/readings'
import type { Services } from '../services'
import type { StaffSession } from '../staff/sessions'
import { ImportFindings, refuseIfErrors, unreadableFile } from './report'

/** What the checks need of a meter (read raw: an office-wide file names thousands). */
type MeterRow = Pick<typeof meters.$inferSelect, 'id' | 'serialNo' | 'installedOn' | 'removedOn' | 'counterDigits'>
type Key = (typeof READING_IMPORT_COLUMNS)[number]['key']
type NewReading = typeof readings.$inferInsert

/** readingInput's fields → the file's columns. */
const FIELD_COLUMN: Record<string, Key> = { meterId: 'serialNo', readOn: 'readOn', valueM3: 'value', kind: 'kind', source: 'source', note: 'note' }
/** Stands in for a meter not found, so the row's other fields are still checked. */
const NO_METER = '00000000-0000-0000-0000-000000000000'
/**
 * History read for the checks: from this long before the file's earliest reading. The checks look
 * at the previous reading and the year before it; a meter whose previous reading is older than
 * HISTORY_RECENT_DAYS gets its whole history instead.
 */
const HISTORY_WINDOW_DAYS = 800
const HISTORY_RECENT_DAYS = 400

interface Candidate {
  line: number
  meter: MeterRow
  readOn: string
  valueM3: number
  kind: NewReading['kind']
  source: string | null
  note: string | null
}

/** The meter a serial number meant on that day: the one in place then; else the current one. */
function meterOn(candidates: readonly MeterRow[] | undefined, readOn: string): MeterRow | undefined {
  if (!candidates?.length) return undefined
  return (
    candidates.find((m) => m.installedOn <= readOn && (m.removedOn === null || readOn <= m.removedOn)) ??
    candidates.find((m) => m.removedOn === null) ??
    [...candidates].sort((a, b) => b.installedOn.localeCompare(a.installedOn))[0]
  )
}

export function createReadingImport(s: Services) {
  function metersBySerial(serials: readonly string[]): Map<string, MeterRow[]> {
    const out = new Map<string, MeterRow[]>()
    for (let i = 0; i < serials.length; i += 500) {
      const chunk = serials.slice(i, i + 500)
      const rows = s.db.sqlite
        .prepare(
          `SELECT id, serial_no AS serialNo, installed_on AS installedOn, removed_on AS removedOn, counter_digits AS counterDigits
           FROM meters WHERE serial_no IN (${chunk.map(() => '?').join(',')})`,
        )
        .all(...chunk) as MeterRow[]
      for (const m of rows) {
        out.set(foldWords(m.serialNo), [...(out.get(foldWords(m.serialNo)) ?? []), m])
      }
    }
    return out
  }

  /** Rows → candidates: field rules, meters found, duplicates within the file. */
  function parseRows(table: CsvTable<Key>, findings: ImportFindings): Candidate[] {
    const serials = [...new Set(table.records.map((r) => r.values.serialNo).filter(Boolean))]
    const bySerial = metersBySerial(serials)
    const seen = new Map<string, { line: number; valueM3: number }>()
    const out: Candidate[] = []
    for (const { line, values: v } of table.records) {
      let ok = true
      const readOn = isoDateOf(v.readOn)
      const meter = v.serialNo ? meterOn(bySerial.get(foldWords(v.serialNo)), readOn) : undefined
      if (!v.serialNo) {
        findings.error(line, 'serialNo', 'Nr wodomierza: pole wymagane')
        ok = false
      } else if (!meter) {
        findings.error(line, 'serialNo', `Nr wodomierza: „${v.serialNo}” — nie ma takiego wodomierza w rejestrze`)
        ok = false
      }
      const kind = v.kind ? READING_KIND_WORDS[foldWords(v.kind)] : 'reader'
      if (!kind) {
        findings.error(line, 'kind', `Rodzaj odczytu: „${v.kind}” — dozwolone: inkasent, klient, radiowy, kontrolny, szacunkowy`)
        ok = false
      }
      const source = v.source ? READING_SOURCE_WORDS[foldWords(v.source)] : null
      if (v.source && !source) {
        findings.error(line, 'source', `Sposób podania: „${v.source}” — dozwolone: okienko, telefon, e-mail, portal`)
        ok = false
      }
      const parsed = readingInput.safeParse({
        meterId: meter?.id ?? NO_METER,
        readOn,
        valueM3: wholeM3Of(v.value),
        kind: kind ?? 'reader',
        source,
        note: v.note,
      })
      if (!parsed.success) {
        findings.zodErrors(line, parsed.error, (path) => FIELD_COLUMN[String(path[0])] ?? null)
        continue
      }
      if (!ok || !meter) continue
      const key = `${meter.id}|${parsed.data.readOn}`
      const earlier = seen.get(key)
      if (earlier) {
        findings.error(
          line,
          'readOn',
          earlier.valueM3 === parsed.data.valueM3
            ? `Wiersz powtarza wiersz ${earlier.line} (ten sam wodomierz, data i stan)`
            : `Drugi odczyt wodomierza ${meter.serialNo} z tego dnia w pliku (pierwszy w wierszu ${earlier.line}, stan ${earlier.valueM3} m³)`,
        )
        continue
      }
      seen.set(key, { line, valueM3: parsed.data.valueM3 })
      out.push({ line, meter, readOn: parsed.data.readOn, valueM3: parsed.data.valueM3, kind: parsed.data.kind, source: parsed.data.kind === 'customer' ? (parsed.data.source ?? null) : null, note: parsed.data.note })
    }
    return out
  }

  /** The meters' readings the checks need (see HISTORY_WINDOW_DAYS). */
  function historyOf(candidates: readonly Candidate[]): Map<string, ReadingRow[]> {
    const meterIds = [...new Set(candidates.map((c) => c.meter.id))]
    if (!meterIds.length) return new Map()
    const earliest = candidates.reduce((min, c) => (c.readOn < min ? c.readOn : min), candidates[0].readOn)
    const history = readingsOfMeters(s.db.sqlite, meterIds, addDays(earliest, -HISTORY_WINDOW_DAYS))
    const recent = addDays(earliest, -HISTORY_RECENT_DAYS)
    const incomplete = meterIds.filter((id) => !history.get(id)!.some((r) => isUsable(r) && !isEstimate(r) && r.readOn >= recent && r.readOn <= earliest))
    for (const [id, rows] of readingsOfMeters(s.db.sqlite, incomplete)) history.set(id, rows)
    return history
  }

  return {
    importFile(session: StaffSession, input: ParsedInputOf<'readings.importFile'>): ImportReport {
      const started = performance.now()
      let table: CsvTable<Key>
      try {
        table = readCsvTable(input.text, READING_IMPORT_COLUMNS)
      } catch (err) {
        return unreadableFile(err, input.dryRun, started, READING_IMPORT_COLUMNS)
      }
      const findings = new ImportFindings(READING_IMPORT_COLUMNS)
      for (const bad of table.badRows) findings.error(bad.line, null, bad.message)
      const candidates = parseRows(table, findings)

      // The checks of readings.record, meter by meter in date order: each reading of the file is
      // checked against the history and the file's earlier readings of that meter.
      const today = businessDate(s.now())
      const history = historyOf(candidates)
      const byMeter = new Map<string, Candidate[]>()
      for (const c of candidates) byMeter.set(c.meter.id, [...(byMeter.get(c.meter.id) ?? []), c])
      const now = s.now().toISOString()
      const rows: NewReading[] = []
      let flagged = 0
      for (const [meterId, list] of byMeter) {
        const existing = history.get(meterId)!
        list.sort((a, b) => a.readOn.localeCompare(b.readOn) || a.line - b.line)
        for (const c of list) {
          const result = checkReading({ readOn: c.readOn, valueM3: c.valueM3, kind: c.kind }, c.meter, existing, today)
          const errors = result.issues.filter((i) => i.severity === 'error')
          if (errors.some((e) => e.code === 'duplicate')) {
            findings.skipped.push({ line: c.line, column: null, message: `Pominięty: ${errors.find((e) => e.code === 'duplicate')!.message}` })
            continue
          }
          for (const e of errors) findings.error(c.line, ISSUE_FIELD[e.code] === 'readOn' ? 'readOn' : 'value', e.message)
          if (errors.length) continue
          const warnings: ReadingIssue[] = result.issues.filter((i) => i.severity === 'warning')
          for (const w of warnings) findings.warnings.push({ line: c.line, column: null, message: w.message })
          if (warnings.length) flagged++
          const lastBefore = effectiveReadings(existing).filter((r) => r.readOn <= c.readOn).at(-1)
          const replaced = c.kind !== 'estimated' && lastBefore && isEstimate(lastBefore) ? lastBefore : undefined
          const row: NewReading = {
            id: newId(),
            meterId,
            readOn: c.readOn,
            valueM3: c.valueM3,
            kind: c.kind,
            source: c.source,
            note: c.note,
            status: warnings.length ? 'flagged' : 'ok',
            flags: warnings.length ? warnings : null,
            replacesEstimateId: replaced?.id ?? null,
            createdBy: session.staffId,
            createdAt: now,
          }
          rows.push(row)
          // Later rows of the file see this one, as if recorded one after another.
          existing.push({
            id: row.id!,
            meterId,
            readOn: c.readOn,
            readAt: null,
            valueM3: c.valueM3,
            kind: c.kind,
            status: warnings.length ? 'flagged' : 'ok',
            source: c.source,
            note: c.note,
            entryStatus: warnings.length ? 'flagged' : 'ok',
            flags: warnings,
            replacesEstimateId: row.replacesEstimateId ?? null,
            createdByName: null,
            createdAt: now,
            review: null,
          })
        }
      }

      const base = { dryRun: input.dryRun, rows: table.records.length + table.badRows.length, toImport: rows.length, flagged, ignoredColumns: table.ignoredColumns, started }
      const checked = findings.report(base)
      if (input.dryRun) return checked
      refuseIfErrors(checked)
      if (rows.length) {
        s.db.write({ staffId: session.staffId, stationCode: s.stationCode(), operation: 'readings.importFile' }, (tx) => {
          tx.insertMany(readings, rows)
          tx.note('import_files', newId(), { kind: 'readings', fileName: input.fileName, rows: base.rows, imported: rows.length, flagged, skipped: findings.skipped.length })
        })
      }
      return findings.report({ ...base, imported: true })
    },
  }
}
