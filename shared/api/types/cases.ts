// Output shapes of cases.* operations.
import type { PdfFile } from './files'

export type CaseType = import('../../domain/cases').CaseType

export type CaseChannel = import('../../domain/cases').CaseChannel

export type CaseStatus = import('../../domain/cases').CaseStatus

export type Department = import('../../domain/cases').Department

export type FailureUrgency = import('../../domain/cases').FailureUrgency

export type DeadlineState = import('../../domain/deadlines').DeadlineState

export interface CaseListItem {
  id: string
  caseNo: string
  type: CaseType
  channel: CaseChannel
  status: CaseStatus
  subject: string
  customer: { id: string; customerNo: string; displayName: string } | null
  location: string | null
  callbackPhone: string | null
  urgency: FailureUrgency | null
  receivedOn: string
  receivedAt: string
  dueOn: string
  /** Against the term today; 'met'/'late' once answered (or routed, for a failure). */
  deadline: DeadlineState
  department: Department
  assigneeName: string | null
  routedAt: string | null
  updatedAt: string
}

export interface CaseEventView {
  id: string
  at: string
  staffName: string | null
  kind: 'created' | 'status' | 'assigned' | 'routed' | 'note' | 'reply' | 'extension' | 'attachment' | 'closed' | 'reopened'
  text: string | null
  data: Record<string, unknown> | null
}

export interface CaseAttachmentView {
  id: string
  fileName: string
  mimeType: string
  bytes: number
  sha256: string
  createdAt: string
  staffName: string | null
}

export interface CaseReplyView {
  id: string
  kind: 'answer' | 'extension'
  templateId: string
  channel: 'email' | 'letter'
  subject: string
  body: string
  recipientName: string
  recipientEmail: string | null
  recipientAddress: string[]
  newDueOn: string | null
  sentOn: string
  staffName: string | null
  /** E-mail replies: the outbox mail and its state (queued, sent, failed …). */
  mail: { id: string; state: string } | null
}

export interface CaseDetail extends CaseListItem {
  description: string
  reporterName: string | null
  originalDueOn: string
  answeredOn: string | null
  closedAt: string | null
  assigneeId: string | null
  /** Where the term comes from (Regulamin, office standard). */
  termBasis: string
  customerEmail: string | null
  /** Extension with notice: allowed now?, the proposed date and the latest possible one. */
  extension: { allowed: boolean; suggested: string | null; limit: string | null; reason: string | null }
  events: CaseEventView[]
  attachments: CaseAttachmentView[]
  replies: CaseReplyView[]
}

export interface Assignee {
  id: string
  fullName: string
}

export interface CaseSearchResult {
  total: number
  items: CaseListItem[]
}

export interface CaseDashboard {
  today: string
  /** Open cases whose term ends today (failures excluded: they have their own count). */
  dueToday: { count: number; items: CaseListItem[] }
  overdue: { count: number; items: CaseListItem[] }
  /** Failure reports not yet passed to the crew, urgent first. */
  unroutedFailures: { count: number; items: CaseListItem[] }
  /** All open cases. */
  openCount: number
}

export interface ReplyTemplateView {
  id: string
  title: string
  kind: 'answer' | 'extension'
}

export interface ReplyDraft {
  templateId: string
  kind: 'answer' | 'extension'
  subject: string
  body: string
  recipientName: string
  recipientEmail: string | null
  recipientAddress: string[]
  /** Extension notices: the date filled into the text. */
  newDueOn: string | null
}

export interface SentReply {
  reply: CaseReplyView
  letter: PdfFile
  case: CaseDetail
}
