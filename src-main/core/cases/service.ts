// Cases and failure reports: registration with a number from this station's series and a term
// counted from receipt, the status flow (new → in progress → answered → closed, reopen with a
// reason), routing failures to the crew, assignment, notes and attachments. Every change writes
// an append-only event in the same transaction, so the timeline is the audit trail clerks read.
import { and, eq } from 'drizzle-orm'
import type { z } from 'zod'
import type { FileContent } from '../../../shared/api/types'
import { ApiError } from '../../../shared/api/errors'
import type { caseInput } from '../../../shared/api/operations/cases'
import { CASE_CHANNEL_LABELS, CASE_STATUS_LABELS, CASE_TYPE_INFO, DEPARTMENT_LABELS, defaultDepartment, type CaseStatus, type Department } from '../../../shared/domain/cases'
import { customerDisplayName, formatAddressLine } from '../../../shared/domain/customer-format'
import { addDays, dueDateFor } from '../../../shared/domain/deadlines'
import { businessDate } from '../../../shared/domain/dates'
import { caseAttachments, caseEvents, cases, customers, staff } from '../../db/schema'
import { newId, type WriteTx, type StaffWrite, type WriteContext } from '../../db/write'
import { dispatchSheetPdf } from '../../documents/dispatch-sheet'
import { takeNext } from '../../platform/numbering'
import type { Services } from '../services'
import { putFile, sniffContentType } from '../../platform/attachments/file-store'
import { readSyncedFile } from '../sync/synced-file'
import type { QueueMail } from './mail-port'

type CaseData = z.output<typeof caseInput>
export type CaseRow = typeof cases.$inferSelect
export type CaseEventKind = (typeof caseEvents.$inferInsert)['kind']
/** A file for a case whose type the caller has checked from its bytes. */
export interface CaseFile {
  fileName: string
  mimeType: string
  data: Uint8Array
}

/** A letter registered today may have arrived up to a year ago; older is almost surely a typo. */
const MAX_BACKDATE_DAYS = 366

export const formatCaseNo = (stationCode: string, year: string, n: number) => `SPR/${stationCode}/${year}/${String(n).padStart(5, '0')}`

/** Subject when none was typed (a failure on the phone): the type and the first words. */
function defaultSubject(data: CaseData): string {
  const base = data.type === 'failure' ? `Awaria: ${data.location}` : data.description
  const firstLine = base.split('\n')[0].trim()
  return firstLine.length > 120 ? `${firstLine.slice(0, 117).trimEnd()}…` : firstLine
}

export function createCaseService(s: Services, queueMail: QueueMail | null) {
  const today = () => businessDate(s.now())

  const event = (tx: WriteTx, call: WriteContext, caseId: string, kind: CaseEventKind, text: string | null, data?: Record<string, unknown>) =>
    tx.insert(caseEvents, { id: newId(), caseId, at: tx.now, staffId: call.staffId ?? null, kind, text, data: data ? JSON.stringify(data) : null })

  /** The row read inside the transaction, so two desks' clicks cannot both pass a status check. */
  const caseIn = (tx: WriteTx, id: string): CaseRow => {
    const row = tx.read.select().from(cases).where(eq(cases.id, id)).get()
    if (!row) throw new ApiError('NOT_FOUND', 'Sprawa: nie istnieje', 'id')
    return row
  }

  const setStatus = (tx: WriteTx, call: StaffWrite, row: CaseRow, to: CaseStatus, patch: Partial<typeof cases.$inferInsert> = {}, text: string | null = null) => {
    const after = tx.update(cases, row.id, { status: to, ...patch })
    if (row.status !== to) event(tx, call, row.id, 'status', text, { from: row.status, to, label: CASE_STATUS_LABELS[to] })
    return after
  }

  const refuseClosed = (row: CaseRow) => {
    if (row.status === 'closed') throw new ApiError('CONFLICT', `Sprawa ${row.caseNo} jest zamknięta — najpierw otwórz ją ponownie`)
  }

  const activeStaff = (id: string, field: string) => {
    const member = s.db.read.select().from(staff).where(eq(staff.id, id)).get()
    if (!member || !member.active) throw new ApiError('VALIDATION', 'Prowadzący: nie ma takiego aktywnego pracownika', field)
    return member
  }

  /** Files go to the store before the transaction (content-addressed: a rollback leaves only an unreferenced file). */
  const storeFiles = (files: readonly CaseFile[]) => files.map((f) => ({ ...f, ...putFile(s.dataDir, f.data) }))
  const insertAttachments = (tx: WriteTx, call: WriteContext, id: string, stored: ReturnType<typeof storeFiles>) => {
    for (const f of stored) {
      const attachment = tx.insert(caseAttachments, { id: newId(), caseId: id, fileName: f.fileName, mimeType: f.mimeType, bytes: f.bytes, sha256: f.sha256, createdBy: call.staffId, createdAt: tx.now })
      event(tx, call, id, 'attachment', f.fileName, { attachmentId: attachment.id, bytes: f.bytes, sha256: f.sha256 })
    }
  }

  return {
    /**
     * Also the portal's (station WW, no staff member): a customer's message or failure report, with
     * its photos (checked by the caller) as attachments in the same transaction.
     */
    create(call: WriteContext, data: CaseData, files: readonly CaseFile[] = []): string {
      const office = s.office()
      if (!office) throw new ApiError('SETUP_REQUIRED', 'Biuro nie jest jeszcze skonfigurowane')
      const now = today()
      const receivedOn = data.receivedOn ?? now
      if (receivedOn > now) throw new ApiError('VALIDATION', 'Data wpływu: nie może być późniejsza niż dziś', 'receivedOn')
      if (receivedOn < addDays(now, -MAX_BACKDATE_DAYS)) throw new ApiError('VALIDATION', 'Data wpływu: najwyżej rok wstecz — sprawdź rok', 'receivedOn')
      if (data.customerId) {
        const customer = s.db.read.select().from(customers).where(eq(customers.id, data.customerId)).get()
        if (!customer || customer.deletedAt) throw new ApiError('VALIDATION', 'Klient: nie istnieje', 'customerId')
        if (customer.mergedInto) throw new ApiError('VALIDATION', `Klient: ${customer.customerNo} został scalony z innym klientem — wybierz klienta zachowanego`, 'customerId')
      }
      if (data.assigneeId) activeStaff(data.assigneeId, 'assigneeId')
      const dueOn = dueDateFor(CASE_TYPE_INFO[data.type].term, receivedOn)
      const failure = data.type === 'failure'
      const stored = storeFiles(files)
      return s.db.write(call, (tx) => {
        const caseNo = formatCaseNo(office.stationCode, now.slice(0, 4), takeNext(tx, 'case', office.stationCode, now.slice(0, 4)))
        const row = tx.insert(cases, {
          id: newId(),
          caseNo,
          type: data.type,
          channel: data.channel,
          status: 'new',
          customerId: data.customerId ?? null,
          subject: data.subject ?? defaultSubject(data),
          description: data.description,
          location: data.location,
          callbackPhone: data.callbackPhone,
          reporterName: data.reporterName,
          urgency: failure ? (data.urgency ?? 'normal') : null,
          receivedOn,
          receivedAt: tx.now,
          dueOn,
          originalDueOn: dueOn,
          department: data.department ?? defaultDepartment(data.type),
          assigneeId: data.assigneeId ?? null,
          createdBy: call.staffId,
          createdAt: tx.now,
          updatedAt: tx.now,
        })
        event(tx, call, row.id, 'created', null, { type: row.type, channel: row.channel, receivedOn, dueOn })
        insertAttachments(tx, call, row.id, stored)
        return row.id
      })
    },

    /** Take the case: in progress, with me as the one handling it unless someone already is. */
    start(call: StaffWrite, id: string): void {
      s.db.write(call, (tx) => {
        const row = caseIn(tx, id)
        if (row.status !== 'new') throw new ApiError('CONFLICT', `Sprawa ${row.caseNo} jest już ${CASE_STATUS_LABELS[row.status].toLowerCase()}`)
        setStatus(tx, call, row, 'in_progress', { assigneeId: row.assigneeId ?? call.staffId })
      })
    },

    assign(call: StaffWrite, id: string, department: Department, assigneeId: string | null, note: string | null): void {
      const member = assigneeId ? activeStaff(assigneeId, 'assigneeId') : null
      s.db.write(call, (tx) => {
        const row = caseIn(tx, id)
        refuseClosed(row)
        tx.update(cases, id, { department, assigneeId })
        event(tx, call, id, 'assigned', note, { department, departmentLabel: DEPARTMENT_LABELS[department], assigneeId, assigneeName: member?.fullName ?? null })
        if (row.status === 'new') setStatus(tx, call, { ...row, department, assigneeId }, 'in_progress')
      })
    },

    /**
     * Passes a failure report to the crew: the first routing is the moment that counts against
     * "at once". The dispatch sheet can go by e-mail to the crew's address through the outbox.
     */
    async route(call: StaffWrite, id: string, department: Department, note: string | null, sendTo: string | null): Promise<void> {
      const before = s.db.read.select().from(cases).where(eq(cases.id, id)).get()
      if (!before) throw new ApiError('NOT_FOUND', 'Sprawa: nie istnieje', 'id')
      if (before.type !== 'failure') throw new ApiError('VALIDATION', 'Przekazać ekipie można tylko zgłoszenie awarii — inną sprawę przydziel do działu', 'id')
      refuseClosed(before)
      if (sendTo && !queueMail) throw new ApiError('CONFLICT', 'E-mail ekipy: poczta wychodząca nie jest dostępna na tym stanowisku — wydrukuj kartę zgłoszenia', 'sendTo')
      const routedAt = before.routedAt ?? s.now().toISOString()
      // The PDF is made before the transaction (pdf-lib is async; SQLite transactions are not).
      const earlier = routingOf(s, id)
      const me = s.db.read.select({ n: staff.fullName }).from(staff).where(eq(staff.id, call.staffId)).get()?.n ?? null
      const routing = { routedBy: earlier.routedBy ?? me, notes: note ? [...earlier.notes, note] : earlier.notes }
      const sheet = sendTo ? await dispatchSheetFor(s, { ...before, department, routedAt }, routing) : null
      s.db.write(call, (tx) => {
        const row = caseIn(tx, id)
        refuseClosed(row)
        const first = row.routedAt === null
        const mailId = sheet
          ? queueMail!(tx, {
              to: sendTo!,
              subject: `Zgłoszenie awarii ${row.caseNo}${row.urgency === 'urgent' ? ' — PILNE' : ''}: ${row.location ?? ''}`,
              text: [
                `Zgłoszenie awarii nr ${row.caseNo}${row.urgency === 'urgent' ? ' (PILNE)' : ''}`,
                `Miejsce: ${row.location ?? '—'}`,
                `Opis: ${row.description}`,
                `Telefon do zgłaszającego: ${row.callbackPhone ?? '—'}`,
                note ? `Uwagi: ${note}` : null,
                '',
                'Karta zgłoszenia w załączniku.',
              ]
                .filter((l) => l !== null)
                .join('\n'),
              attachments: [{ fileName: sheet.fileName, content: sheet.bytes }],
              customerId: row.customerId,
              caseId: row.id,
              createdBy: call.staffId,
            }).id
          : null
        tx.update(cases, id, { department, routedAt: row.routedAt ?? routedAt, answeredOn: row.answeredOn ?? today() })
        event(tx, call, id, 'routed', note, { department, departmentLabel: DEPARTMENT_LABELS[department], first, sendTo, mailId })
        if (row.status === 'new') setStatus(tx, call, { ...row, department }, 'in_progress')
      })
    },

    addNote(call: StaffWrite, id: string, text: string): void {
      s.db.write(call, (tx) => {
        caseIn(tx, id)
        event(tx, call, id, 'note', text)
      })
    },

    close(call: StaffWrite, id: string, resolution: string): void {
      s.db.write(call, (tx) => {
        const row = caseIn(tx, id)
        if (row.status === 'closed') throw new ApiError('CONFLICT', `Sprawa ${row.caseNo} jest już zamknięta`)
        setStatus(tx, call, row, 'closed', { closedAt: tx.now })
        event(tx, call, id, 'closed', resolution)
      })
    },

    reopen(call: StaffWrite, id: string, reason: string): void {
      s.db.write(call, (tx) => {
        const row = caseIn(tx, id)
        if (row.status !== 'closed') throw new ApiError('CONFLICT', `Sprawa ${row.caseNo} nie jest zamknięta`)
        setStatus(tx, call, row, 'in_progress', { closedAt: null })
        event(tx, call, id, 'reopened', reason)
      })
    },

    addAttachment(call: StaffWrite, id: string, fileName: string, contentBase64: string): void {
      const bytes = Buffer.from(contentBase64, 'base64')
      // What the bytes are, not what the name says: a renamed .exe is refused.
      const mimeType = sniffContentType(bytes)
      if (!mimeType) throw new ApiError('VALIDATION', 'Załącznik: dozwolone są tylko pliki PDF i JPG', 'contentBase64')
      const extensions = mimeType === 'application/pdf' ? ['pdf'] : ['jpg', 'jpeg']
      const name = extensions.includes(fileName.split('.').pop()?.toLowerCase() ?? '') ? fileName : `${fileName}.${extensions[0]}`
      if (!s.db.read.select({ id: cases.id }).from(cases).where(eq(cases.id, id)).get()) throw new ApiError('NOT_FOUND', 'Sprawa: nie istnieje', 'id')
      const stored = storeFiles([{ fileName: name, mimeType, data: bytes }])
      s.db.write(call, (tx) => {
        caseIn(tx, id)
        insertAttachments(tx, call, id, stored)
      })
    },


    attachment(id: string): FileContent {
      const row = s.db.read.select().from(caseAttachments).where(eq(caseAttachments.id, id)).get()
      if (!row) throw new ApiError('NOT_FOUND', 'Załącznik: nie istnieje', 'id')
      return { fileName: row.fileName, mimeType: row.mimeType, contentBase64: readSyncedFile(s, row.sha256).toString('base64') }
    },

    async dispatchSheet(id: string) {
      const row = s.db.read.select().from(cases).where(eq(cases.id, id)).get()
      if (!row) throw new ApiError('NOT_FOUND', 'Sprawa: nie istnieje', 'id')
      if (row.type !== 'failure') throw new ApiError('VALIDATION', 'Karta zgłoszenia jest tylko dla zgłoszeń awarii', 'id')
      const sheet = await dispatchSheetFor(s, row, routingOf(s, id))
      return { fileName: sheet.fileName, pdfBase64: Buffer.from(sheet.bytes).toString('base64') }
    },
  }
}

/** Who passed the failure to the crew first, and the notes given with each routing. */
function routingOf(s: Services, caseId: string) {
  const routed = s.db.read
    .select({ text: caseEvents.text, name: staff.fullName })
    .from(caseEvents)
    .leftJoin(staff, eq(staff.id, caseEvents.staffId))
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, 'routed')))
    .orderBy(caseEvents.at, caseEvents.id)
    .all()
  return { routedBy: routed[0]?.name ?? null, notes: routed.map((e) => e.text).filter((t): t is string => Boolean(t)) }
}

/** Builds the dispatch sheet of a failure report as it stands (or will stand once routed). */
async function dispatchSheetFor(s: Services, row: CaseRow, routing: { routedBy: string | null; notes: string[] }) {
  const office = s.office()
  if (!office) throw new ApiError('SETUP_REQUIRED', 'Biuro nie jest jeszcze skonfigurowane')
  const takenBy = row.createdBy ? (s.db.read.select({ n: staff.fullName }).from(staff).where(eq(staff.id, row.createdBy)).get()?.n ?? null) : null
  const customer = row.customerId ? s.db.read.select().from(customers).where(eq(customers.id, row.customerId)).get() : undefined
  const bytes = await dispatchSheetPdf(s.resourcesDir, office, {
    caseNo: row.caseNo,
    urgent: row.urgency === 'urgent',
    receivedAt: row.receivedAt,
    takenBy,
    channel: CASE_CHANNEL_LABELS[row.channel],
    location: row.location ?? '—',
    description: row.description,
    callbackPhone: row.callbackPhone,
    reporterName: row.reporterName,
    customer: customer
      ? `${customerDisplayName(customer)}, nr ${customer.customerNo}, ${formatAddressLine({ street: customer.corrStreet, houseNo: customer.corrHouseNo, flatNo: customer.corrFlatNo, postalCode: customer.corrPostalCode, city: customer.corrCity })}${customer.phone ? `, tel. ${customer.phone}` : ''}`
      : null,
    department: DEPARTMENT_LABELS[row.department],
    routedAt: row.routedAt,
    routedBy: routing.routedBy,
    notes: routing.notes,
  })
  return { fileName: `karta-awarii-${row.caseNo.replaceAll('/', '-')}.pdf`, bytes }
}
