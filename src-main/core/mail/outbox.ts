// The mail outbox: how other domains queue mail (inside their own write transaction, so the
// mail exists exactly when the fact it reports does), and what staff see and decide about it.
import { and, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { ApiError } from '../../../shared/api/errors'
import type { FileContent, MailDetail, MailKind, MailListItem, MailPage, MailState } from '../../../shared/api/types'
import { customerDisplayName } from '../../../shared/domain/customer-format'
import { email as emailRule } from '../../../shared/validation/fields'
import { listParams, preparedForList, type ReadOrm } from '../../db/database'
import { containsAny } from '../../db/like'
import { customers, mails, staff } from '../../db/schema'
import { newId, type BulkAudit, type StaffWrite, type WriteTx } from '../../db/write'
import { hasFile, putFile, type StoredContentType, type StoredFile } from '../../platform/attachments/file-store'
import { readSyncedFile } from '../sync/synced-file'
import { customerFamily } from '../customers/family'
import type { Services } from '../services'
import { attachmentsOf, maskSecrets, type MailAttachmentRef, type MailRow } from './message'
import { messageIdDomain, readSmtpConfig } from './settings'

export interface MailDraft {
  kind: MailKind
  to: string
  subject: string
  text: string
  html?: string | null
  customerId?: string | null
  /** The record the mail is about, e.g. { entity: 'invoices', id }. */
  related?: { entity: string; id: string } | null
  /** The bytes, or a file already in this desk's store (e.g. stored by the PDF worker that drew it). */
  attachments?: ({ fileName: string; contentType: StoredContentType } & ({ data: Uint8Array } | { stored: StoredFile }))[]
}

/**
 * Queues a mail inside the caller's write transaction. Attachments go to the file store first
 * (content-addressed: a rolled-back transaction leaves only an unreferenced file). The mail
 * is sent by this desk's sender; `state: 'sending'` is for a caller that sends it itself at once.
 */
export function queueMail(s: Services, tx: WriteTx, draft: MailDraft, createdBy: string | null, state: 'queued' | 'sending' = 'queued'): MailRow {
  return tx.insert(mails, mailRow(s, tx, draft, createdBy, state, messageIdDomainOf(s, tx)))
}

/**
 * queueMail() for many drafts in one transaction (a billing run's e-invoices): the same rows and
 * change log, written with the write path's multi-row statements instead of one ORM insert (built
 * and prepared again) per mail. `audit: 'summarised'`: the caller's one entry covers them (a billing
 * run's, core/billing/audit.ts).
 */
export function queueMails(s: Services, tx: WriteTx, drafts: readonly MailDraft[], createdBy: string | null, audit: BulkAudit = 'per-row'): MailRow[] {
  const domain = messageIdDomainOf(s, tx)
  return tx.insertMany(
    mails,
    drafts.map((draft) => mailRow(s, tx, draft, createdBy, 'queued', domain)),
    audit,
  ) as MailRow[]
}

/** Built once: a zod schema costs more to build than to check (thousands of mails in a billing run). */
const recipientRule = emailRule('Adres odbiorcy')

const messageIdDomainOf = (s: Services, tx: WriteTx) => messageIdDomain(readSmtpConfig(tx.read), s.office()?.email ?? null)

function mailRow(s: Services, tx: WriteTx, draft: MailDraft, createdBy: string | null, state: 'queued' | 'sending', domain: string): typeof mails.$inferInsert {
  const to = recipientRule.safeParse(draft.to)
  if (!to.success) throw new ApiError('VALIDATION', to.error.issues[0].message, 'to')
  const id = newId()
  const attachments: MailAttachmentRef[] = (draft.attachments ?? []).map((a) => ({ fileName: a.fileName, contentType: a.contentType, ...storedAttachment(s.dataDir, a) }))
  return {
    id,
    kind: draft.kind,
    stationCode: s.stationCode(),
    customerId: draft.customerId ?? null,
    relatedEntity: draft.related?.entity ?? null,
    relatedId: draft.related?.id ?? null,
    toAddress: to.data,
    subject: draft.subject,
    textBody: draft.text,
    htmlBody: draft.html ?? null,
    attachments: JSON.stringify(attachments),
    messageId: `<${id}@${domain}>`,
    state,
    attempts: state === 'sending' ? 1 : 0,
    nextAttemptAt: tx.now,
    lastAttemptAt: state === 'sending' ? tx.now : null,
    createdBy,
    createdAt: tx.now,
    updatedAt: tx.now,
  }
}

/** The attachment's address in the store: stored now, or checked to be there already (a mail never points at nothing). */
function storedAttachment(dataDir: string, a: { data: Uint8Array } | { stored: StoredFile }): StoredFile {
  if ('data' in a) return putFile(dataDir, a.data)
  if (!hasFile(dataDir, a.stored)) throw new Error(`mail attachment ${a.stored.sha256} is not in the file store`)
  return { sha256: a.stored.sha256, bytes: a.stored.bytes }
}

/** Cancels mails of a kind about one record that have not gone out (e.g. superseded credentials). */
export function cancelPendingMails(tx: WriteTx, kind: MailKind, related: { entity: string; id: string }, note: string): number {
  const pending = tx.read
    .select({ id: mails.id, state: mails.state })
    .from(mails)
    .where(and(eq(mails.kind, kind), eq(mails.relatedEntity, related.entity), eq(mails.relatedId, related.id), inArray(mails.state, ['queued', 'failed', 'uncertain'])))
    .all()
  let cancelled = 0
  for (const m of pending) if (tx.updateIf(mails, m.id, { state: m.state }, { state: 'cancelled', decisionNote: note })) cancelled++
  return cancelled
}


const ALL_STATES: MailState[] = ['queued', 'sending', 'sent', 'failed', 'uncertain', 'cancelled']

interface JoinedRow {
  mail: MailRow
  customerNo: string | null
  customerKind: 'person' | 'company' | null
  firstName: string | null
  lastName: string | null
  companyName: string | null
  staffName: string | null
}

const joined = (orm: ReadOrm) =>
  orm
    .select({
      mail: mails,
      customerNo: customers.customerNo,
      customerKind: customers.kind,
      firstName: customers.firstName,
      lastName: customers.lastName,
      companyName: customers.companyName,
      staffName: staff.fullName,
    })
    .from(mails)
    .leftJoin(customers, eq(customers.id, mails.customerId))
    .leftJoin(staff, eq(staff.id, mails.createdBy))

function toListItem(r: JoinedRow): MailListItem {
  const m = r.mail
  return {
    id: m.id,
    kind: m.kind,
    state: m.state,
    toAddress: m.toAddress,
    subject: m.subject,
    customerId: m.customerId,
    customerNo: r.customerNo,
    customerName: r.customerKind ? customerDisplayName({ kind: r.customerKind, firstName: r.firstName, lastName: r.lastName, companyName: r.companyName }) : null,
    messageId: m.messageId,
    attempts: m.attempts,
    nextAttemptAt: m.nextAttemptAt,
    lastAttemptAt: m.lastAttemptAt,
    sentAt: m.sentAt,
    lastError: m.lastError,
    serverReply: m.serverReply,
    decisionNote: m.decisionNote,
    resendOf: m.resendOf,
    createdAt: m.createdAt,
    createdByName: r.staffName,
    attachments: attachmentsOf(m).map((a) => ({ fileName: a.fileName, contentType: a.contentType, bytes: a.bytes })),
  }
}

function toDetail(r: JoinedRow): MailDetail {
  const m = r.mail
  return {
    ...toListItem(r),
    textBody: maskSecrets(m.textBody),
    htmlBody: m.htmlBody === null ? null : maskSecrets(m.htmlBody),
    relatedEntity: m.relatedEntity,
    relatedId: m.relatedId,
    canResend: m.state === 'failed' || m.state === 'queued' || (m.state === 'sent' && m.kind !== 'credentials' && m.kind !== 'test'),
    canCancel: m.state === 'queued' || m.state === 'failed' || m.state === 'uncertain',
    canResolve: m.state === 'uncertain',
  }
}

export function mailDetail(orm: ReadOrm, id: string): MailDetail {
  const row = joined(orm).where(eq(mails.id, id)).get()
  if (!row) throw new ApiError('NOT_FOUND', 'Wiadomość: nie istnieje', 'id')
  return toDetail(row)
}

export function mailListItem(orm: ReadOrm, id: string): MailListItem {
  return mailDetail(orm, id)
}

export function listMails(orm: ReadOrm, input: { customerId?: string; states?: MailState[]; query?: string; limit: number; offset: number }): MailPage {
  if (input.customerId && !input.query && !input.states?.length) return customerMails(orm, customerFamily(orm, input.customerId), input)
  const scope: SQL[] = []
  if (input.customerId) scope.push(inArray(mails.customerId, customerFamily(orm, input.customerId)))
  if (input.query) {
    scope.push(containsAny([mails.toAddress, mails.subject, customers.customerNo, customers.lastName, customers.companyName], input.query))
  }
  const where = [...scope]
  if (input.states?.length) where.push(inArray(mails.state, input.states))
  const items = joined(orm)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(mails.createdAt), desc(mails.id))
    .limit(input.limit)
    .offset(input.offset)
    .all()
    .map(toListItem)
  const total =
    orm
      .select({ n: count() })
      .from(mails)
      .leftJoin(customers, eq(customers.id, mails.customerId))
      .where(where.length ? and(...where) : undefined)
      .get()?.n ?? 0
  const counts = Object.fromEntries(ALL_STATES.map((st) => [st, 0])) as Record<MailState, number>
  for (const c of orm
    .select({ state: mails.state, n: count() })
    .from(mails)
    .leftJoin(customers, eq(customers.id, mails.customerId))
    .where(scope.length ? and(...scope) : undefined)
    .groupBy(mails.state)
    .all())
    counts[c.state] = c.n
  return { items, total, counts }
}

/** listMails of one customer (its family) and nothing else, as on the customer card: prepared once per family size. */
function customerMails(orm: ReadOrm, family: readonly string[], page: { limit: number; offset: number }): MailPage {
  const q = preparedForList(orm, 'mail.customerMails', family.length, (list) => ({
    items: joined(orm)
      .where(inArray(mails.customerId, list))
      .orderBy(desc(mails.createdAt), desc(mails.id))
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare(),
    counts: orm
      .select({ state: mails.state, n: count() })
      .from(mails)
      .where(inArray(mails.customerId, list))
      .groupBy(mails.state)
      .prepare(),
  }))
  const params = listParams(family)
  const counts = Object.fromEntries(ALL_STATES.map((st) => [st, 0])) as Record<MailState, number>
  let total = 0
  for (const c of q.counts.all(params)) {
    counts[c.state] = c.n
    total += c.n
  }
  return { items: q.items.all({ ...params, limit: page.limit, offset: page.offset }).map(toListItem), total, counts }
}

export function mailAttachment(s: Services, id: string, index: number): FileContent {
  const row = s.db.read.select().from(mails).where(eq(mails.id, id)).get()
  if (!row) throw new ApiError('NOT_FOUND', 'Wiadomość: nie istnieje', 'id')
  const ref = attachmentsOf(row)[index]
  if (!ref) throw new ApiError('NOT_FOUND', 'Załącznik: wiadomość nie ma takiego załącznika', 'index')
  return { fileName: ref.fileName, mimeType: ref.contentType, contentBase64: readSyncedFile(s, ref.sha256).toString('base64') }
}

/** Staff decisions about single mails. Each one is audited through the write path. */
export function createOutboxActions(s: Services) {
  const row = (orm: ReadOrm, id: string): MailRow => {
    const m = orm.select().from(mails).where(eq(mails.id, id)).get()
    if (!m) throw new ApiError('NOT_FOUND', 'Wiadomość: nie istnieje', 'id')
    return m
  }
  const stateMoved = () => new ApiError('CONFLICT', 'Stan wiadomości właśnie się zmienił — odśwież widok')

  return {
    resend(call: StaffWrite, id: string): MailDetail {
      const newId_ = s.db.write(call, (tx) => {
        const m = row(tx.read, id)
        switch (m.state) {
          case 'failed':
          case 'queued':
            // Same row and Message-ID: it never reached the server.
            if (!tx.updateIf(mails, id, { state: m.state }, { state: 'queued', nextAttemptAt: tx.now, attempts: 0, decisionNote: 'Ponowna wysyłka na polecenie pracownika' })) throw stateMoved()
            return id
          case 'sent': {
            if (m.kind === 'credentials') {
              throw new ApiError('CONFLICT', 'Dane logowania wysyła się ponownie z konta iBOK („Nowe hasło”): stare hasło przestaje wtedy działać')
            }
            if (m.kind === 'test') throw new ApiError('CONFLICT', 'Wiadomości próbnej nie wysyła się ponownie — wyślij nową próbę z ustawień poczty')
            // A new message, so a Message-ID of its own (same domain as the original).
            const copyId = newId()
            tx.insert(mails, {
              ...m,
              id: copyId,
              messageId: `<${copyId}@${m.messageId.slice(m.messageId.indexOf('@') + 1, -1)}>`,
              state: 'queued',
              attempts: 0,
              nextAttemptAt: tx.now,
              lastAttemptAt: null,
              lastError: null,
              serverReply: null,
              sentAt: null,
              decisionNote: null,
              resendOf: m.id,
              createdBy: call.staffId,
              createdAt: tx.now,
              updatedAt: tx.now,
            })
            return copyId
          }
          case 'uncertain':
            throw new ApiError('CONFLICT', 'Ta wiadomość mogła już dotrzeć — zdecyduj: „Wyślij ponownie” albo „Oznacz jako wysłaną”')
          default:
            throw new ApiError('CONFLICT', m.state === 'sending' ? 'Wiadomość jest właśnie wysyłana' : 'Anulowanej wiadomości nie wysyła się ponownie')
        }
      })
      s.mail.wake()
      return mailDetail(s.db.read, newId_)
    },

    resolveUncertain(call: StaffWrite, id: string, decision: 'resend' | 'mark_sent', note: string): MailDetail {
      s.db.write(call, (tx) => {
        const m = row(tx.read, id)
        if (m.state !== 'uncertain') throw new ApiError('CONFLICT', 'Decyzji wymaga tylko wiadomość przerwana w trakcie wysyłki')
        const patch =
          decision === 'resend'
            ? { state: 'queued' as const, nextAttemptAt: tx.now, decisionNote: `Wysłać ponownie: ${note}` }
            : { state: 'sent' as const, sentAt: m.lastAttemptAt ?? tx.now, decisionNote: `Uznana za wysłaną: ${note}` }
        if (!tx.updateIf(mails, id, { state: 'uncertain' }, patch)) throw stateMoved()
        if (decision === 'mark_sent') s.mail.hooksFor(m.kind)?.onSent?.(tx, { ...m, ...patch })
      })
      if (decision === 'resend') s.mail.wake()
      return mailDetail(s.db.read, id)
    },

    cancel(call: StaffWrite, id: string, note: string): MailDetail {
      s.db.write(call, (tx) => {
        const m = row(tx.read, id)
        if (!['queued', 'failed', 'uncertain'].includes(m.state)) {
          throw new ApiError('CONFLICT', m.state === 'sending' ? 'Wiadomość jest właśnie wysyłana — nie można jej już anulować' : 'Tej wiadomości nie można anulować')
        }
        if (!tx.updateIf(mails, id, { state: m.state }, { state: 'cancelled', decisionNote: `Anulowana: ${note}` })) throw stateMoved()
      })
      return mailDetail(s.db.read, id)
    },
  }
}
