// Reading cases: rows → the shapes the screens get (list items, the full case with its timeline),
// the filtered list and the dashboard counts.
import { sql, type SQL } from 'drizzle-orm'
import { ApiError } from '../../../shared/api/errors'
import type { ParsedInputOf } from '../../../shared/api/contract'
import type { CaseAttachmentView, CaseDashboard, CaseDetail, CaseEventView, CaseListItem, CaseReplyView, CaseSearchResult } from '../../../shared/api/types'
import { CASE_TYPE_INFO, type CaseChannel, type CaseStatus, type CaseType, type Department, type FailureUrgency } from '../../../shared/domain/cases'
import { customerDisplayName } from '../../../shared/domain/customer-format'
import { addDays, businessDate } from '../../../shared/domain/dates'
import { deadlineState, extensionLimit, extensionProblem, SOON_DAYS, suggestedExtension } from '../../../shared/domain/deadlines'
import { preparedSql, type ReadOrm } from '../../db/database'
import { customerFamily } from '../customers/family'
import { caseFtsQuery } from './search'

/** A case row joined with its customer and assignee, as the list query returns it (snake_case). */
interface ListRow {
  id: string
  case_no: string
  type: CaseType
  channel: CaseChannel
  status: CaseStatus
  subject: string
  customer_id: string | null
  customer_no: string | null
  kind: 'person' | 'company' | null
  first_name: string | null
  last_name: string | null
  company_name: string | null
  location: string | null
  callback_phone: string | null
  urgency: FailureUrgency | null
  received_on: string
  received_at: string
  due_on: string
  answered_on: string | null
  closed_at: string | null
  department: Department
  assignee_name: string | null
  routed_at: string | null
  updated_at: string
}

const LIST_SELECT_SQL = `
  SELECT c.id, c.case_no, c.type, c.channel, c.status, c.subject, c.customer_id, cu.customer_no, cu.kind,
    cu.first_name, cu.last_name, cu.company_name, c.location, c.callback_phone, c.urgency, c.received_on,
    c.received_at, c.due_on, c.answered_on, c.closed_at, c.department, st.full_name AS assignee_name, c.routed_at, c.updated_at
  FROM cases c
  LEFT JOIN customers cu ON cu.id = c.customer_id
  LEFT JOIN staff st ON st.id = c.assignee_id`
const LIST_SELECT = sql.raw(LIST_SELECT_SQL)
// Waiting work first: unrouted failures (urgent first), then open cases by term, then the rest, newest first.
const LIST_ORDER = `ORDER BY (c.status = 'closed'), (c.status = 'answered'),
  CASE WHEN c.type = 'failure' AND c.routed_at IS NULL AND c.status <> 'closed' THEN 0 ELSE 1 END,
  (c.urgency = 'urgent') DESC, c.due_on, c.received_at DESC`

/** Open = waiting for the office: not yet answered, not closed. */
const OPEN = sql.raw(`c.status IN ('new', 'in_progress')`)
const UNROUTED = sql.raw(`c.type = 'failure' AND c.routed_at IS NULL AND c.status <> 'closed'`)

/** Failures are "done" once routed, other cases once answered; a case closed unanswered counts from its closing day. */
function doneOn(row: { type: CaseType; answered_on: string | null; closed_at: string | null }): string | null {
  return row.answered_on ?? (row.closed_at ? businessDate(new Date(row.closed_at)) : null)
}

function toListItem(row: ListRow, today: string): CaseListItem {
  return {
    id: row.id,
    caseNo: row.case_no,
    type: row.type,
    channel: row.channel,
    status: row.status,
    subject: row.subject,
    customer:
      row.customer_id && row.customer_no && row.kind
        ? { id: row.customer_id, customerNo: row.customer_no, displayName: customerDisplayName({ kind: row.kind, firstName: row.first_name, lastName: row.last_name, companyName: row.company_name }) }
        : null,
    location: row.location,
    callbackPhone: row.callback_phone,
    urgency: row.urgency,
    receivedOn: row.received_on,
    receivedAt: row.received_at,
    dueOn: row.due_on,
    deadline: deadlineState(row.due_on, today, doneOn(row)),
    department: row.department,
    assigneeName: row.assignee_name,
    routedAt: row.routed_at,
    updatedAt: row.updated_at,
  }
}

const idList = (ids: readonly string[]) =>
  sql.join(
    ids.map((i) => sql`${i}`),
    sql`, `,
  )

export function caseList(orm: ReadOrm, input: ParsedInputOf<'cases.search'>, today: string): CaseSearchResult {
  const where: SQL[] = []
  const query = input.query?.trim() ?? ''
  if (query) {
    const fts = caseFtsQuery(query)
    // "12" or "00012" finds SPR/K1/2026/00012 by its sequence number too.
    const seq = /^\d{1,6}$/.test(query) ? sql` OR c.case_no LIKE ${'%/' + query.padStart(5, '0')}` : sql``
    where.push(fts ? sql`(c.id IN (SELECT case_id FROM case_search WHERE case_search MATCH ${fts})${seq})` : sql`0`)
  }
  if (input.types?.length) where.push(sql`c.type IN (${idList(input.types)})`)
  if (input.statuses?.length) where.push(sql`c.status IN (${idList(input.statuses)})`)
  if (input.department) where.push(sql`c.department = ${input.department}`)
  if (input.customerId) {
    const family = customerFamily(orm, input.customerId)
    // One customer's cases and nothing else (the customer card): statements prepared once per family size.
    if (!where.length && !input.deadline) return customerCases(orm, family, input, today)
    where.push(sql`c.customer_id IN (${idList(family)})`)
  }
  if (input.deadline === 'overdue') where.push(sql`${OPEN} AND c.type <> 'failure' AND c.due_on < ${today}`)
  if (input.deadline === 'today') where.push(sql`${OPEN} AND c.type <> 'failure' AND c.due_on = ${today}`)
  if (input.deadline === 'soon') where.push(sql`${OPEN} AND c.type <> 'failure' AND c.due_on > ${today} AND c.due_on <= ${addDays(today, SOON_DAYS)}`)
  if (input.deadline === 'unrouted') where.push(UNROUTED)
  const condition = where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``
  const total = orm.get<{ n: number }>(sql`SELECT count(*) AS n FROM cases c ${condition}`).n
  const rows = orm.all<ListRow>(sql`${LIST_SELECT} ${condition} ${sql.raw(LIST_ORDER)} LIMIT ${input.limit} OFFSET ${input.offset}`)
  return { total, items: rows.map((r) => toListItem(r, today)) }
}

function customerCases(orm: ReadOrm, family: readonly string[], page: { limit: number; offset: number }, today: string): CaseSearchResult {
  const condition = `WHERE c.customer_id IN (${family.map(() => '?').join(', ')})`
  const total = preparedSql<string[], number>(orm, `SELECT count(*) FROM cases c ${condition}`).pluck().get(...family)!
  const rows = preparedSql<unknown[], ListRow>(orm, `${LIST_SELECT_SQL} ${condition} ${LIST_ORDER} LIMIT ? OFFSET ?`).all(...family, page.limit, page.offset)
  return { total, items: rows.map((r) => toListItem(r, today)) }
}

const DASHBOARD_ITEMS = 8

export function caseDashboard(orm: ReadOrm, today: string): CaseDashboard {
  const section = (deadline: 'overdue' | 'today' | 'unrouted') => {
    const result = caseList(orm, { deadline, limit: DASHBOARD_ITEMS, offset: 0 }, today)
    return { count: result.total, items: result.items }
  }
  return {
    today,
    dueToday: section('today'),
    overdue: section('overdue'),
    unroutedFailures: section('unrouted'),
    openCount: orm.get<{ n: number }>(sql`SELECT count(*) AS n FROM cases c WHERE ${OPEN}`).n,
  }
}

export function caseDetail(orm: ReadOrm, id: string, today: string, mailState: (mailId: string) => string | null): CaseDetail {
  const row = orm.get<(ListRow & { description: string; reporter_name: string | null; original_due_on: string; assignee_id: string | null; email: string | null }) | undefined>(sql`
    SELECT l.*, c.description, c.reporter_name, c.original_due_on, c.assignee_id, cu.email
    FROM (${LIST_SELECT} WHERE c.id = ${id}) l
    JOIN cases c ON c.id = l.id LEFT JOIN customers cu ON cu.id = c.customer_id`)
  if (!row) throw new ApiError('NOT_FOUND', 'Sprawa: nie istnieje', 'id')
  const info = CASE_TYPE_INFO[row.type]
  const open = row.status === 'new' || row.status === 'in_progress'
  const canExtend = info.term.kind === 'days' && info.term.extendable && open
  const suggested = canExtend ? suggestedExtension(row.received_on, row.due_on) : null
  const extensionReason = canExtend
    ? extensionProblem({ rule: info.term, receivedOn: row.received_on, currentDue: row.due_on, newDue: suggested!, today })
    : info.term.kind === 'days' && info.term.extendable
      ? 'Nowy termin: sprawa nie czeka już na odpowiedź'
      : 'Nowy termin: tego rodzaju sprawy nie można przedłużyć'

  const events = orm
    .all<{ id: string; at: string; staff_name: string | null; kind: CaseEventView['kind']; text: string | null; data: string | null }>(sql`
      SELECT e.id, e.at, st.full_name AS staff_name, e.kind, e.text, e.data
      FROM case_events e LEFT JOIN staff st ON st.id = e.staff_id
      WHERE e.case_id = ${id} ORDER BY e.at, e.id`)
    .map((e) => ({ id: e.id, at: e.at, staffName: e.staff_name, kind: e.kind, text: e.text, data: e.data ? (JSON.parse(e.data) as Record<string, unknown>) : null }))
  const attachments: CaseAttachmentView[] = orm
    .all<{ id: string; file_name: string; mime_type: string; bytes: number; sha256: string; created_at: string; staff_name: string | null }>(sql`
      SELECT a.id, a.file_name, a.mime_type, a.bytes, a.sha256, a.created_at, st.full_name AS staff_name
      FROM case_attachments a LEFT JOIN staff st ON st.id = a.created_by WHERE a.case_id = ${id} ORDER BY a.created_at, a.id`)
    .map((a) => ({ id: a.id, fileName: a.file_name, mimeType: a.mime_type, bytes: a.bytes, sha256: a.sha256, createdAt: a.created_at, staffName: a.staff_name }))
  const replies: CaseReplyView[] = orm
    .all<{
      id: string
      kind: 'answer' | 'extension'
      template_id: string
      channel: 'email' | 'letter'
      subject: string
      body: string
      recipient_name: string
      recipient_email: string | null
      recipient_address: string | null
      new_due_on: string | null
      sent_on: string
      staff_name: string | null
      mail_id: string | null
    }>(sql`
      SELECT r.*, st.full_name AS staff_name FROM case_replies r LEFT JOIN staff st ON st.id = r.created_by
      WHERE r.case_id = ${id} ORDER BY r.created_at, r.id`)
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      templateId: r.template_id,
      channel: r.channel,
      subject: r.subject,
      body: r.body,
      recipientName: r.recipient_name,
      recipientEmail: r.recipient_email,
      recipientAddress: r.recipient_address ? r.recipient_address.split('\n') : [],
      newDueOn: r.new_due_on,
      sentOn: r.sent_on,
      staffName: r.staff_name,
      mail: r.mail_id ? { id: r.mail_id, state: mailState(r.mail_id) ?? 'unknown' } : null,
    }))

  return {
    ...toListItem(row, today),
    description: row.description,
    reporterName: row.reporter_name,
    originalDueOn: row.original_due_on,
    answeredOn: row.answered_on,
    closedAt: row.closed_at,
    assigneeId: row.assignee_id,
    termBasis: info.basis,
    customerEmail: row.email,
    extension: {
      allowed: extensionReason === null,
      suggested: extensionReason === null ? suggested : null,
      limit: canExtend ? extensionLimit(row.received_on) : null,
      reason: extensionReason,
    },
    events,
    attachments,
    replies,
  }
}
