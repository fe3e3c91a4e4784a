// What is held about a customer and their family of merged records, collected once for a RODO
// request: the retention check, the anonymisation and the export all read this.
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { bankTransactions, caseAttachments, caseEvents, caseReplies, cases, consentEvents, contracts, customers, invoiceDeliveries, invoiceLines, invoices, mails, meters, payments, portalAccounts, readings, registrationApplications, scans, supplyPoints, syncConflicts } from '../../db/schema'
import type { Services } from '../services'
import { customerFamily } from '../customers/family'

const idsIn = (column: SQLiteColumn, ids: readonly string[]): SQL => (ids.length ? inArray(column, [...ids]) : sql`0`)

interface MailAttachment {
  fileName: string
  contentType: string
  sha256: string
  bytes: number
}
export const mailAttachments = (json: string) => JSON.parse(json) as MailAttachment[]

/** Everything about one customer family, as plain rows (the check, the anonymisation and the export read this). */
export function collect(s: Services, id: string) {
  const orm = s.db.read
  const family = customerFamily(orm, id)
  const customerRows = orm.select().from(customers).where(inArray(customers.id, family)).all()
  const contractRows = orm.select().from(contracts).where(inArray(contracts.customerId, family)).all()
  const pointIds = [...new Set(contractRows.map((c) => c.supplyPointId))]
  const pointRows = orm.select().from(supplyPoints).where(idsIn(supplyPoints.id, pointIds)).all()
  const meterRows = orm.select().from(meters).where(idsIn(meters.supplyPointId, pointIds)).all()
  const readingRows = orm.select().from(readings).where(idsIn(readings.meterId, meterRows.map((m) => m.id))).orderBy(readings.readOn).all()
  const invoiceRows = orm.select().from(invoices).where(inArray(invoices.customerId, family)).orderBy(invoices.issueDate).all()
  const invoiceIds = invoiceRows.map((i) => i.id)
  const lineRows = orm.select().from(invoiceLines).where(idsIn(invoiceLines.invoiceId, invoiceIds)).all()
  const deliveryRows = orm.select().from(invoiceDeliveries).where(idsIn(invoiceDeliveries.invoiceId, invoiceIds)).orderBy(invoiceDeliveries.createdAt).all()
  const paymentRows = orm.select().from(payments).where(inArray(payments.customerId, family)).orderBy(payments.paidOn).all()
  const bankRows = orm.select().from(bankTransactions).where(inArray(bankTransactions.customerId, family)).orderBy(bankTransactions.bookedOn).all()
  const consentRows = orm.select().from(consentEvents).where(inArray(consentEvents.customerId, family)).orderBy(consentEvents.registeredAt).all()
  // A Wniosek is linked to the customer once verified; one that failed verification only names the number.
  const customerNos = customerRows.map((c) => c.customerNo.toUpperCase())
  const applicationRows = orm
    .select()
    .from(registrationApplications)
    .where(or(inArray(registrationApplications.customerId, family), sql`upper(${registrationApplications.customerNo}) IN (${sql.join(customerNos.map((n) => sql`${n}`), sql`, `)})`))
    .orderBy(registrationApplications.createdAt)
    .all()
  const accountRows = orm.select().from(portalAccounts).where(inArray(portalAccounts.customerId, family)).all()
  const caseRows = orm.select().from(cases).where(inArray(cases.customerId, family)).orderBy(cases.receivedAt).all()
  const caseIds = caseRows.map((c) => c.id)
  const eventRows = orm.select().from(caseEvents).where(idsIn(caseEvents.caseId, caseIds)).orderBy(caseEvents.at, caseEvents.id).all()
  const attachmentRows = orm.select().from(caseAttachments).where(idsIn(caseAttachments.caseId, caseIds)).orderBy(caseAttachments.createdAt).all()
  const replyRows = orm.select().from(caseReplies).where(idsIn(caseReplies.caseId, caseIds)).orderBy(caseReplies.createdAt).all()
  const scanIds = [...consentRows.map((e) => e.scanId), ...applicationRows.map((a) => a.scanId)].filter((x): x is string => Boolean(x))
  const scanRows = orm.select().from(scans).where(or(inArray(scans.customerId, family), idsIn(scans.id, scanIds))).orderBy(scans.createdAt).all()
  const mailIds = [...replyRows.map((r) => r.mailId), ...deliveryRows.map((d) => d.mailId)].filter((x): x is string => Boolean(x))
  const related = (entity: string, ids: string[]) => and(eq(mails.relatedEntity, entity), idsIn(mails.relatedId, ids))
  const mailRows = orm
    .select()
    .from(mails)
    .where(
      or(
        inArray(mails.customerId, family),
        idsIn(mails.id, mailIds),
        related('portal_accounts', accountRows.map((a) => a.id)),
        related('registration_applications', applicationRows.map((a) => a.id)),
      ),
    )
    .orderBy(mails.createdAt)
    .all()
  const conflictRows = orm.select().from(syncConflicts).where(idsIn(syncConflicts.entityId, [...family, ...accountRows.map((a) => a.id)])).all()
  // Per table, so the lookup uses the audit index on (entity, entity_id).
  const entityIds: Record<string, string[]> = {
    customers: [...family],
    contracts: contractRows.map((c) => c.id),
    supply_points: pointIds,
    payments: paymentRows.map((p) => p.id),
    consent_events: consentRows.map((e) => e.id),
    scans: scanRows.map((x) => x.id),
    mails: mailRows.map((m) => m.id),
    registration_applications: applicationRows.map((a) => a.id),
    portal_accounts: accountRows.map((a) => a.id),
    cases: caseIds,
    case_attachments: attachmentRows.map((a) => a.id),
    case_replies: replyRows.map((r) => r.id),
  }
  const byEntity = Object.entries(entityIds)
    .filter(([, ids]) => ids.length)
    .map(([entity, ids]) => sql`(a.entity = ${entity} AND a.entity_id IN (${sql.join(ids.map((e) => sql`${e}`), sql`, `)}))`)
  const auditRows = orm.all<{ at: string; operation: string; entity: string; entity_id: string; staff_name: string | null; before: string | null; after: string | null }>(sql`
    SELECT a.at, a.operation, a.entity, a.entity_id, st.full_name AS staff_name, a.before, a.after
    FROM audit_log a LEFT JOIN staff st ON st.id = a.staff_id
    WHERE ${sql.join(byEntity, sql` OR `)} ORDER BY a.at, a.id`)
  return {
    family,
    customers: customerRows,
    contracts: contractRows,
    supplyPoints: pointRows,
    meters: meterRows,
    readings: readingRows,
    invoices: invoiceRows,
    invoiceLines: lineRows,
    invoiceDeliveries: deliveryRows,
    payments: paymentRows,
    bankTransactions: bankRows,
    consentEvents: consentRows,
    scans: scanRows,
    mails: mailRows,
    registrationApplications: applicationRows,
    portalAccounts: accountRows,
    cases: caseRows,
    caseEvents: eventRows,
    caseAttachments: attachmentRows,
    caseReplies: replyRows,
    syncConflicts: conflictRows,
    history: auditRows.map((a) => ({ ...a, before: a.before && JSON.parse(a.before), after: a.after && JSON.parse(a.after) })),
  }
}
export type Collected = ReturnType<typeof collect>