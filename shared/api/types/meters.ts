// Output shapes of the meters.* and readings.* operations (re-exported by ../types).
import type { LeakHint, PlausibilityResult, ReadingIssue, ReadingKind, ReadingStatus, BillingCycle } from '../../domain/consumption'
import type { MeterReplacementReason, MeterStatus, MeterStatusCode } from '../../domain/meters'
import type { Address } from '../../domain/customers'

export interface ReadingReviewView {
  decision: 'accepted' | 'rejected'
  /** Accepted as the counter turning over. */
  rollover: boolean
  note: string
  decidedByName: string | null
  decidedAt: string
}

export interface ReadingView {
  id: string
  meterId: string
  readOn: string
  readAt: string | null
  valueM3: number
  kind: ReadingKind
  /** Channel for customer readings ("okienko", "telefon", "e-mail", "portal"). */
  source: string | null
  note: string | null
  /** As it stands now: entered ok, flagged and waiting, or decided by a supervisor. */
  status: ReadingStatus
  /** Why it was flagged (empty when it passed). */
  flags: ReadingIssue[]
  review: ReadingReviewView | null
  /** For an estimate: the real reading that replaced it. */
  replacedBy: { id: string; readOn: string; valueM3: number } | null
  /** m³ since the previous counted reading of this meter; null for the first or one that does not count. */
  consumptionM3: number | null
  createdByName: string | null
  createdAt: string
}

export interface MeterDetail {
  id: string
  serialNo: string
  kind: 'main' | 'additional'
  diameterMm: number
  supplyPointId: string
  supplyPointAddress: Address
  installedOn: string
  removedOn: string | null
  legalisationYear: number
  sealNo: string | null
  sealState: 'intact' | 'broken'
  radioId: string | null
  state: 'active' | 'to_replace' | 'removed'
  counterDigits: number
  status: MeterStatus
  /** The last reading that counts (flagged and rejected ones do not). */
  lastReading: ReadingView | null
  /** Flagged readings waiting for a supervisor. */
  pendingReview: number
}

export interface ReadingCheck extends PlausibilityResult {
  /** What an estimate for that day would be (average daily use of the last year). */
  estimateM3: number | null
}

export interface RecordedReading {
  reading: ReadingView
  check: ReadingCheck
}

export interface ReadingOwner {
  customerId: string
  customerNo: string
  displayName: string
}

export interface FlaggedReading {
  reading: ReadingView
  /** m³ it would mean if the lower value is the counter turning over — null unless that is believable. */
  rolloverM3: number | null
  meterSerialNo: string
  address: string
  customer: ReadingOwner | null
}

export interface DueMeter {
  meterId: string
  serialNo: string
  kind: 'main' | 'additional'
  diameterMm: number
  legalisationYear: number
  sealNo: string | null
  radioId: string | null
  state: 'active' | 'to_replace' | 'removed'
  status: MeterStatus
  address: string
  customer: ReadingOwner | null
  lastReading: { readOn: string; valueM3: number } | null
}

export interface DueMetersList {
  asOf: string
  days: number
  rows: DueMeter[]
  counts: Record<Exclude<MeterStatusCode, 'valid' | 'removed'>, number>
}

export interface CsvFile {
  fileName: string
  /** UTF-8 text with a BOM and ; separators: opens straight in a Polish Excel. */
  csv: string
}

export interface ReplacementView {
  id: string
  protocolNo: string
  replacedOn: string
  supplyPointId: string
  address: Address
  reason: MeterReplacementReason
  reasonLabel: string
  fitterName: string
  note: string | null
  old: { meterId: string; serialNo: string; diameterMm: number; legalisationYear: number; finalM3: number; previous: { readOn: string; valueM3: number } | null; sealState: 'intact' | 'broken' }
  new: { meterId: string; serialNo: string; initialM3: number; sealNo: string; legalisationYear: number; diameterMm: number; radioId: string | null }
  /** The final reading's own check (a lower final reading is flagged like any other). */
  finalReadingFlags: ReadingIssue[]
  createdByName: string | null
  createdAt: string
}

export interface AnalysisPeriod {
  key: string
  label: string
  from: string
  to: string
  days: number
  /** Main meters, whole m³; null when no reading covers the period. */
  m3: number | null
  /** Readings cover every day of the period (a period in progress does not). */
  complete: boolean
  /** Rests on an estimate not yet replaced by a real reading. */
  estimated: boolean
  litresPerDay: number | null
  lastYearM3: number | null
  lastYearComplete: boolean
  /** Average per supply point of the tariff group (one decimal), null when too few points. */
  groupAvgM3: number | null
  /** Additional (e.g. garden) meters, whole m³. */
  additionalM3: number | null
}

export interface ConsumptionAnalysis {
  asOf: string
  supplyPoint: { id: string; address: Address }
  /** The customer's other supply points, to switch between. */
  supplyPoints: { id: string; address: Address }[]
  contractNo: string
  tariffGroupName: string
  billingCycle: BillingCycle
  periods: AnalysisPeriod[]
  summary: {
    /** The last 12 months of complete periods. */
    last12M3: number | null
    previous12M3: number | null
    litresPerDay: number | null
    groupLitresPerDay: number | null
  }
  /** Meter replacements within the range (marked on the chart). */
  events: { date: string; label: string }[]
  leak: LeakHint
  /** Plain remarks about the data (gaps, estimates, too few points for a group average). */
  notes: string[]
}

export interface MeterView {
  id: string
  serialNo: string
  kind: 'main' | 'additional'
  diameterMm: number
  supplyPointId: string
  installedOn: string
  legalisationYear: number
  legalisationExpires: string
  sealNo: string | null
  sealState: 'intact' | 'broken'
  state: 'active' | 'to_replace' | 'removed'
  lastReading: { readOn: string; valueM3: number; kind: string } | null
}
