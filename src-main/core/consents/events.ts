// Consent events: reading them (views, facts for the derivation) and appending them. Nothing
// here updates or deletes an event — the database refuses it anyway (custom-sql guards).
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { ApiError } from '../../../shared/api/errors'
import type { ConsentEventView, ScanView } from '../../../shared/api/types'
import { CONSENT_ACTION_LABELS, CONSENT_TYPE_LABELS, type ConsentAction, type ConsentFact, type ConsentType, type EInvoiceScope } from '../../../shared/domain/consents'
import { customerDisplayName } from '../../../shared/domain/customer-format'
import { businessDate, formatDate, officeInstant } from '../../../shared/domain/dates'
import { listParams, preparedForList, preparedOnce, type ReadOrm } from '../../db/database'
import { consentEvents, contracts, customers, registrationApplications, scans, staff } from '../../db/schema'
import { newId, type WriteTx } from '../../db/write'
import { takeNext } from '../../platform/numbering'
import type { Services } from '../services'
import { findText, type TextVersion } from './texts'

export type ConsentEventRow = typeof consentEvents.$inferSelect
type ScanRow = typeof scans.$inferSelect

export const toScanView = (r: ScanRow): ScanView => ({ id: r.id, fileName: r.fileName, contentType: r.contentType, bytes: r.bytes, sha256: r.sha256, createdAt: r.createdAt })

export function toFact(r: ConsentEventRow): ConsentFact {
  return {
    id: r.id,
    type: r.type,
    action: r.action,
    scope: r.scope ? (JSON.parse(r.scope) as EInvoiceScope[]) : null,
    email: r.email,
    phone: r.phone,
    textVersion: r.textVersion,
    effectiveOn: r.effectiveOn,
    registeredAt: r.registeredAt,
    refersTo: r.refersTo,
  }
}

export function eventRowsOf(orm: ReadOrm, customerIds: readonly string[]): ConsentEventRow[] {
  if (customerIds.length === 0) return []
  return preparedForList(orm, 'consents.eventRowsOf', customerIds.length, (list) =>
    orm.select().from(consentEvents).where(inArray(consentEvents.customerId, list)).orderBy(consentEvents.registeredAt, consentEvents.id).prepare(),
  ).all(listParams(customerIds))
}

const eventSelect = (orm: ReadOrm) =>
  orm
    .select({
      e: consentEvents,
      customerNo: customers.customerNo,
      kind: customers.kind,
      firstName: customers.firstName,
      lastName: customers.lastName,
      companyName: customers.companyName,
      contractNo: contracts.contractNo,
      staffName: staff.fullName,
      scan: scans,
      applicationNo: registrationApplications.applicationNo,
    })
    .from(consentEvents)
    .innerJoin(customers, eq(customers.id, consentEvents.customerId))
    .leftJoin(contracts, eq(contracts.id, consentEvents.contractId))
    .leftJoin(staff, eq(staff.id, consentEvents.staffId))
    .leftJoin(scans, eq(scans.id, consentEvents.scanId))
    .leftJoin(registrationApplications, eq(registrationApplications.id, consentEvents.applicationId))
type EventJoinRow = ReturnType<ReturnType<typeof eventSelect>['all']>[number]
const newestFirst = [desc(consentEvents.registeredAt), desc(consentEvents.id)]

/** Events as staff and auditors see them, newest registration first. */
export function eventViews(orm: ReadOrm, resourcesDir: string, where: SQL | undefined, page?: { limit: number; offset: number }): ConsentEventView[] {
  const query = eventSelect(orm)
    .where(where)
    .orderBy(...newestFirst)
  return toEventViews(orm, resourcesDir, page ? query.limit(page.limit).offset(page.offset).all() : query.all())
}

/** eventViews of these customers' events (a customer's family): prepared once per family size (the customer card). */
export function customerEventViews(orm: ReadOrm, resourcesDir: string, customerIds: readonly string[]): ConsentEventView[] {
  if (customerIds.length === 0) return []
  const rows = preparedForList(orm, 'consents.customerEventViews', customerIds.length, (list) =>
    eventSelect(orm)
      .where(inArray(consentEvents.customerId, list))
      .orderBy(...newestFirst)
      .prepare(),
  ).all(listParams(customerIds))
  return toEventViews(orm, resourcesDir, rows)
}

function toEventViews(orm: ReadOrm, resourcesDir: string, rows: readonly EventJoinRow[]): ConsentEventView[] {
  const titles = new Map<string, string | null>()
  const titleOf = (textId: string, version: string) => {
    const key = `${textId}/${version}`
    if (!titles.has(key)) titles.set(key, findText(orm, resourcesDir, textId, version)?.title ?? null)
    return titles.get(key)!
  }
  const annulments = new Map<string, ConsentEventRow>()
  if (rows.length) {
    // An annulment is registered for the customer of the event it annuls (annul() in the service;
    // events are never updated): looked up through the customer index, not a scan of every event.
    const query = preparedOnce(orm, 'consents.annulments', () =>
      orm
        .select()
        .from(consentEvents)
        .where(
          and(
            eq(consentEvents.action, 'annul'),
            inArray(consentEvents.customerId, sql`(SELECT value FROM json_each(${sql.placeholder('customers')}))`),
            inArray(consentEvents.refersTo, sql`(SELECT value FROM json_each(${sql.placeholder('ids')}))`),
          ),
        )
        .prepare(),
    )
    const customerIds = [...new Set(rows.map((r) => r.e.customerId))]
    for (const a of query.all({ customers: JSON.stringify(customerIds), ids: JSON.stringify(rows.map((r) => r.e.id)) })) annulments.set(a.refersTo!, a)
  }
  return rows.map((r) => {
    const e = r.e
    const annul = annulments.get(e.id)
    return {
      id: e.id,
      documentNo: e.documentNo,
      customerId: e.customerId,
      customerNo: r.customerNo,
      customerName: customerDisplayName({ kind: r.kind, firstName: r.firstName, lastName: r.lastName, companyName: r.companyName }),
      contractNo: r.contractNo,
      type: e.type,
      action: e.action,
      label: `${CONSENT_TYPE_LABELS[e.type]} — ${CONSENT_ACTION_LABELS[e.action]}`,
      scope: e.scope ? (JSON.parse(e.scope) as EInvoiceScope[]) : [],
      refersTo: e.refersTo,
      text: e.textId && e.textVersion && e.textSha256 ? { textId: e.textId, version: e.textVersion, sha256: e.textSha256, title: titleOf(e.textId, e.textVersion) } : null,
      infoClause: e.infoClauseVersion && e.infoClauseSha256 ? { version: e.infoClauseVersion, sha256: e.infoClauseSha256 } : null,
      email: e.email,
      phone: e.phone,
      signedOn: e.signedOn,
      signedAt: e.signedAt,
      effectiveOn: e.effectiveOn,
      registeredAt: e.registeredAt,
      channel: e.channel,
      scan: r.scan ? toScanView(r.scan) : null,
      staffName: r.staffName,
      stationCode: e.stationCode,
      workstation: e.workstation,
      ipAddress: e.ipAddress,
      signerKind: e.signerKind,
      representativeName: e.representativeName,
      authorisation: e.authorisation,
      applicationNo: r.applicationNo,
      note: e.note,
      annulledBy: annul ? { documentNo: annul.documentNo, reason: annul.note, at: annul.registeredAt } : null,
    }
  })
}

export function eventView(orm: ReadOrm, resourcesDir: string, id: string): ConsentEventView {
  const view = eventViews(orm, resourcesDir, eq(consentEvents.id, id))[0]
  if (!view) throw new ApiError('NOT_FOUND', 'Zdarzenie: nie istnieje', 'eventId')
  return view
}

export const countEvents = (orm: ReadOrm, where: SQL | undefined): number =>
  orm
    .select({ n: sql<number>`count(*)` })
    .from(consentEvents)
    .innerJoin(customers, eq(customers.id, consentEvents.customerId))
    .where(where)
    .get()?.n ?? 0

/** Everything one new event carries; checked here against the clock and the evidence rules. */
export interface NewConsentEvent {
  customerId: string
  contractId?: string | null
  type: ConsentType
  action: ConsentAction
  scope?: EInvoiceScope[] | null
  refersTo?: string | null
  text?: TextVersion | null
  infoClause?: TextVersion | null
  email?: string | null
  phone?: string | null
  signedOn: string
  signedTime?: string | null
  effectiveOn?: string | null
  channel: 'paper' | 'electronic' | 'office'
  scanId?: string | null
  ipAddress?: string | null
  signerKind: 'customer' | 'representative' | 'staff'
  representativeName?: string | null
  authorisation?: string | null
  applicationId?: string | null
  note?: string | null
}

export const formatConsentNo = (stationCode: string, year: string, n: number): string => `ZG/${stationCode}/${year}/${String(n).padStart(6, '0')}`

/**
 * Appends one event in the caller's transaction. Refuses a signature in the future, an effective
 * date before the signature, and a scan of another customer.
 */
export function appendConsentEvent(s: Services, tx: WriteTx, input: NewConsentEvent, staffId: string | null): ConsentEventRow {
  const now = new Date(tx.now)
  const today = businessDate(now)
  if (input.signedOn > today) throw new ApiError('VALIDATION', `Data podpisu: ${formatDate(input.signedOn)} jest datą przyszłą — podpis nie mógł jeszcze zostać złożony`, 'signedOn')
  const signedAt = input.signedTime ? officeInstant(input.signedOn, input.signedTime) : null
  if (signedAt && signedAt > tx.now) throw new ApiError('VALIDATION', 'Godzina podpisu: jest późniejsza niż teraz', 'signedTime')
  const effectiveOn = input.effectiveOn ?? today
  if (effectiveOn < input.signedOn) throw new ApiError('VALIDATION', `Obowiązuje od: nie wcześniej niż data podpisu (${formatDate(input.signedOn)})`, 'effectiveOn')
  if (input.scanId) {
    const scan = tx.read.select().from(scans).where(eq(scans.id, input.scanId)).get()
    if (!scan) throw new ApiError('VALIDATION', 'Skan formularza: nie ma takiego pliku — dołącz skan ponownie', 'scanId')
    if (scan.customerId && scan.customerId !== input.customerId) throw new ApiError('VALIDATION', 'Skan formularza: ten skan dołączono do innego klienta', 'scanId')
  }
  const office = s.office()
  const stationCode = s.stationCode()
  const year = today.slice(0, 4)
  return tx.insert(consentEvents, {
    id: newId(),
    documentNo: formatConsentNo(stationCode, year, takeNext(tx, 'consent', stationCode, year)),
    customerId: input.customerId,
    contractId: input.contractId ?? null,
    type: input.type,
    action: input.action,
    scope: input.scope?.length ? JSON.stringify(input.scope) : null,
    refersTo: input.refersTo ?? null,
    textId: input.text?.textId ?? null,
    textVersion: input.text?.version ?? null,
    textSha256: input.text?.sha256 ?? null,
    infoClauseVersion: input.infoClause?.version ?? null,
    infoClauseSha256: input.infoClause?.sha256 ?? null,
    email: input.email?.toLowerCase() ?? null,
    phone: input.phone ?? null,
    signedOn: input.signedOn,
    signedAt,
    effectiveOn,
    registeredAt: tx.now,
    channel: input.channel,
    scanId: input.scanId ?? null,
    staffId,
    stationCode,
    workstation: office?.stationName ?? stationCode,
    ipAddress: input.ipAddress ?? null,
    signerKind: input.signerKind,
    representativeName: input.signerKind === 'representative' ? (input.representativeName ?? null) : null,
    authorisation: input.signerKind === 'representative' ? (input.authorisation ?? null) : null,
    applicationId: input.applicationId ?? null,
    note: input.note ?? null,
  })
}
