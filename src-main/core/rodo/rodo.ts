// Data-subject requests (RODO/GDPR): export everything held about a customer, and anonymise a
// former customer unless a retention rule still applies — naming the rule and its end date.
//
// Tables holding a customer's personal data, and what anonymisation does to each (it runs only
// when no rule below applies any more, so nothing is kept "for later"):
//   customers                 names, identifiers, contact, correspondence address → erased
//   invoices (buyer, KSeF XML) snapshot of the buyer → replaced (tax retention over)
//   invoice_deliveries        e-mail the invoice went to → erased
//   payments                  payer's name, account, title, note → erased (accounting retention over)
//   bank_transactions         counterparty name, account, title → erased
//   consent_events            e-mail, phone, representative, authorisation, IP, note → erased;
//                             the event itself (what was accepted when) stays, as the triggers demand
//   scans                     file name → replaced; the file is removed from the file store
//   mails                     recipient and bodies → erased (subject and Message-ID are fixed by
//                             triggers and hold no personal data); queued ones are cancelled;
//                             attached files are removed from the file store
//   registration_applications applicant, e-mail, phone, correspondence address, remarks → erased
//   portal_accounts           e-mail and password hash → erased; the account is locked for good
//   cases, case_events, case_replies, case_attachments
//                             descriptions, caller, phone, notes, reply bodies and recipients →
//                             erased; attachment and letter files removed from the file store
//   sync_conflicts            the two sides' values → erased
//   audit_log, change_log     every earlier copy of the erased fields → "[zanonimizowano]"
//   free text anywhere        her identifiers (PESEL, phone, e-mail, full name; in her rows also
//                             surname and address) in notes, generated texts, mail errors, bank
//                             transfers, audit and change log → blanked (rodo-scrub.ts)
//   rodo_erasures             a record of the rows and fields rewritten and the files removed
// Kept: contracts, supply points, meters and readings — they describe the property (the supply
// point), not the person, and stop pointing at anyone once the customer row is anonymised.
// Every desk, when the anonymisation commits there (made locally or pulled from the hub), scrubs
// its own audit/change-log copies and free text, deletes the files, merges the search indexes and
// checkpoints (eraseLocalCopies); the sync file fetcher never fetches files of anonymised
// customers back. The hub scrubs its log and file store when the rodo_erasures row arrives
// (hub/rodo.ts).
import { unlinkSync } from 'node:fs'
import { join } from 'node:path'
import { and, eq, getTableName, inArray, or, sql, type SQL } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { contract } from '../../../shared/api/contract'
import { ApiError } from '../../../shared/api/errors'
import { RODO_EXPORT_SECTIONS as SECTION, type CustomerDataExport, type ExportFile } from '../../../shared/api/rodo-export'
import type { AnonymisationCheck, CustomerSummary, DataExport, RetentionBlock } from '../../../shared/api/types'
import { CASE_STATUS_LABELS, CASE_TYPE_INFO } from '../../../shared/domain/cases'
import { CONSENT_ACTION_LABELS, CONSENT_TYPE_LABELS } from '../../../shared/domain/consents'
import { businessDate, formatDate, formatDateTime } from '../../../shared/domain/dates'
import { formatGrosze } from '../../../shared/domain/money'
import { formatAddressLine } from '../../../shared/domain/customer-format'
import { PORTAL_ACCOUNT_STATE_LABELS } from '../../../shared/domain/portal'
import { invoiceRetentionEnd } from '../../../shared/domain/retention'
import {
  bankTransactions,
  caseAttachments,
  caseEvents,
  caseReplies,
  cases,
  consentEvents,
  contracts,
  customers,
  invoiceDeliveries,
  invoiceLines,
  invoices,
  mails,
  meters,
  payments,
  portalAccounts,
  readings,
  registrationApplications,
  rodoErasures,
  scans,
  supplyPoints,
  syncConflicts,
} from '../../db/schema'
import { newId, type AnyTable, type RowChange, type WriteTx } from '../../db/write'
import { tablesByName } from '../../db/tables'
import { ERASED_MARK, scrubText } from '../../../shared/domain/rodo-scrub'
import { markErased, matchersFor, purgeFreedPages, scrubFreeText, scrubHistoryCopies, type ErasedRows } from './scrub'
import { deadFiles } from './live-files'
import { loadFontFiles, PdfBuilder } from '../../documents/pdf-kit'
import type { Services } from '../services'
import type { StaffSession } from '../staff/sessions'
import { toCustomerSummary } from '../customers/queries'
import { customerFamily } from '../customers/family'

/** The marker the evidence triggers accept in place of a mail's recipient and body. */
const ERASED = ERASED_MARK
const ANONYMOUS_NAME = 'Klient zanonimizowany'
const ERASED_ADDRESS = { street: '—', houseNo: '—', flatNo: null, postalCode: '00-000', city: '—' }

const yearOf = (iso: string) => Number(iso.slice(0, 4))
/** Claims from the contract (periodic performance) are time-barred after 3 years, at a year's end (art. 118 KC). */
const claimsEnd = (iso: string) => `${yearOf(iso) + 3}-12-31`
const latest = (dates: (string | null | undefined)[]) => dates.filter((d): d is string => Boolean(d)).sort().at(-1)
const idsIn = (column: SQLiteColumn, ids: readonly string[]): SQL => (ids.length ? inArray(column, [...ids]) : sql`0`)

interface MailAttachment {
  fileName: string
  contentType: string
  sha256: string
  bytes: number
}
const mailAttachments = (json: string) => JSON.parse(json) as MailAttachment[]

/** Everything about one customer family, as plain rows (the check, the anonymisation and the export read this). */
function collect(s: Services, id: string) {
  const orm = s.db.orm
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
    customers: family,
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
type Collected = ReturnType<typeof collect>

/** The retention rules still in force on `today`, each with its end date (null: until a decision ends it). */
function retentionBlocks(data: Collected, today: string): RetentionBlock[] {
  const blocks: RetentionBlock[] = []
  for (const c of data.customers.filter((x) => x.anonymisedAt)) {
    blocks.push({ rule: 'Dane już zanonimizowane', until: null, detail: `Anonimizacja wykonana ${formatDateTime(c.anonymisedAt)}.` })
  }
  for (const k of data.contracts.filter((c) => c.status === 'active')) {
    blocks.push({
      rule: 'Umowa w toku — art. 6 ust. 1 lit. b RODO',
      until: null,
      detail: `Umowa ${k.contractNo} jest czynna; dane są potrzebne do jej wykonania. Najpierw rozwiąż umowę.`,
    })
  }
  const invoiced = data.invoices.reduce((sum, i) => sum + i.grossTotal, 0)
  const paid = data.payments.reduce((sum, p) => sum + p.amount, 0)
  if (invoiced !== paid) {
    blocks.push({
      rule: 'Nierozliczone saldo — art. 6 ust. 1 lit. f RODO',
      until: null,
      detail: `Saldo ${formatGrosze(paid - invoiced)}: dane są potrzebne do ${paid < invoiced ? 'dochodzenia należności' : 'zwrotu nadpłaty'}.`,
    })
  }
  for (const c of data.cases.filter((x) => x.status !== 'closed')) {
    blocks.push({
      rule: 'Sprawa w toku — art. 6 ust. 1 lit. c RODO',
      until: null,
      detail: `Sprawa ${c.caseNo} (${CASE_TYPE_INFO[c.type].label.toLowerCase()}) nie jest zamknięta; dane są potrzebne do jej załatwienia. Najpierw zamknij sprawę.`,
    })
  }
  for (const a of data.registrationApplications.filter((x) => x.state === 'received' || x.state === 'verified')) {
    blocks.push({
      rule: 'Wniosek rejestracyjny w toku — art. 6 ust. 1 lit. b RODO',
      until: null,
      detail: `Wniosek ${a.applicationNo} czeka na rozpatrzenie. Najpierw załóż konto albo odrzuć wniosek.`,
    })
  }
  for (const m of data.mails.filter((x) => x.state === 'sending')) {
    blocks.push({
      rule: 'Wiadomość w trakcie wysyłania',
      until: null,
      detail: `Wiadomość „${m.subject}” jest właśnie wysyłana; spróbuj ponownie za chwilę.`,
    })
  }
  // Tax records: 5 years from the end of the year in which the tax fell due.
  const lastInvoice = data.invoices.at(-1)
  if (lastInvoice) {
    const until = invoiceRetentionEnd(lastInvoice.issueDate)
    if (today <= until) {
      blocks.push({
        rule: 'Faktury — art. 112 ustawy o VAT i art. 70 § 1 Ordynacji podatkowej',
        until,
        detail: `Ostatnia faktura ${lastInvoice.number} z ${formatDate(lastInvoice.issueDate)}: faktury (z danymi nabywcy i adresem doręczenia e-faktury) przechowuje się do upływu terminu przedawnienia zobowiązania podatkowego, tj. do ${formatDate(until)}.`,
      })
    }
  }
  // Accounting proofs of payment: 5 years from the start of the year after the financial year.
  const lastPayment = data.payments.at(-1)
  if (lastPayment) {
    const until = `${yearOf(lastPayment.paidOn) + 5}-12-31`
    if (today <= until) {
      blocks.push({
        rule: 'Dowody księgowe — art. 74 ust. 2 pkt 4 ustawy o rachunkowości',
        until,
        detail: `Ostatnia wpłata z ${formatDate(lastPayment.paidOn)}: dowody wpłat (z danymi wpłacającego i wyciągami bankowymi) przechowuje się do ${formatDate(until)}.`,
      })
    }
  }
  // Claims from a supply contract (periodic performance): 3 years, to the end of a calendar year.
  const lastEnd = latest(data.contracts.map((c) => c.endDate))
  if (lastEnd) {
    const until = claimsEnd(lastEnd)
    if (today <= until) {
      blocks.push({
        rule: 'Przedawnienie roszczeń z umowy — art. 118 Kodeksu cywilnego',
        until,
        detail: `Umowa rozwiązana ${formatDate(lastEnd)}: dane są potrzebne do ewentualnych roszczeń do ${formatDate(until)}.`,
      })
    }
  }
  // Consent proofs: kept while processing relies on them, plus the claims period. An acceptance
  // never withdrawn was relied on until the last contract ended.
  if (data.consentEvents.length) {
    const revoked = new Set(data.consentEvents.filter((e) => e.action === 'withdraw' || e.action === 'annul').map((e) => e.refersTo))
    const standing = data.consentEvents.some((e) => e.action === 'accept' && !revoked.has(e.id))
    const reliedUntil = latest([...data.consentEvents.map((e) => e.effectiveOn), standing ? lastEnd : null])!
    const until = claimsEnd(reliedUntil)
    if (today <= until) {
      const last = data.consentEvents.at(-1)!
      blocks.push({
        rule: 'Dowody zgód i oświadczeń — art. 5 ust. 2 i art. 7 ust. 1 RODO w zw. z art. 118 Kodeksu cywilnego',
        until,
        detail: `Zgody i akceptacje (ostatni dokument ${last.documentNo} z ${formatDate(last.signedOn)}, wraz ze skanami) są dowodem podstawy przetwarzania do ${formatDate(reliedUntil)}; przechowuje się je do upływu terminu przedawnienia roszczeń, tj. do ${formatDate(until)}.`,
      })
    }
  }
  // Complaints and other cases: the answer and its evidence may be needed in a dispute until the claims are time-barred.
  const closed = data.cases.filter((c) => c.status === 'closed')
  const lastClosed = latest(closed.map((c) => c.closedAt?.slice(0, 10)))
  if (lastClosed) {
    const until = claimsEnd(lastClosed)
    if (today <= until) {
      const c = closed.find((x) => x.closedAt?.startsWith(lastClosed))!
      blocks.push({
        rule: 'Reklamacje i sprawy — przedawnienie roszczeń, art. 118 Kodeksu cywilnego',
        until,
        detail: `Ostatnia sprawa ${c.caseNo} zamknięta ${formatDate(lastClosed)}: akta spraw (opisy, odpowiedzi, załączniki) przechowuje się do ${formatDate(until)}.`,
      })
    }
  }
  return blocks
}

/** What anonymisation will do, per kind of record, for the supervisor to read before confirming. */
function effectsOf(data: Collected): string[] {
  const n = (rows: unknown[], what: string) => (rows.length ? [`${what}: ${rows.length}`] : [])
  return [
    'Dane osobowe klienta (imię i nazwisko lub nazwa, PESEL, NIP, REGON, e-mail, telefon, adres korespondencyjny) zostaną usunięte — także z historii zmian.',
    'Te same dane zostaną usunięte z notatek i opisów wpisanych ręcznie (odczyty, wpłaty, sprawy, przelewy) oraz z serwera synchronizacji i pozostałych stanowisk.',
    ...n(data.invoices, 'Faktury: dane nabywcy zastąpione, adresy doręczeń e-faktur usunięte'),
    ...n(data.payments, 'Wpłaty i przelewy: dane wpłacającego usunięte'),
    ...n(data.consentEvents, 'Zgody i oświadczenia: e-mail, telefon, pełnomocnik i adres IP usunięte (sam fakt i data zgody zostają)'),
    ...n(data.scans, 'Skany: pliki usunięte z magazynu dokumentów'),
    ...n(data.mails, 'Wiadomości e-mail: adresat i treść usunięte, niewysłane anulowane, załączniki usunięte'),
    ...n(data.registrationApplications, 'Wnioski rejestracyjne iBOK: dane wnioskodawcy usunięte'),
    ...n(data.portalAccounts, 'Konto iBOK: zablokowane na stałe, e-mail i hasło usunięte'),
    ...n(data.cases, 'Sprawy i reklamacje: opisy, notatki, odpowiedzi i dane zgłaszającego usunięte, załączniki usunięte'),
    'Umowy, punkty poboru, wodomierze i odczyty zostają — dotyczą nieruchomości, nie osoby.',
  ]
}

/**
 * Erases the given fields from a row and from every audit and change-log copy of them — earlier
 * ones and this write's own "before"; the anonymised values themselves stay and sync as usual.
 */
function erase(tx: WriteTx, table: AnyTable, id: string, patch: Record<string, unknown>) {
  const entity = getTableName(table)
  const fields = Object.keys(patch)
  tx.update(table, id, patch as never)
  tx.scrubHistory(entity, id, fields, patch)
}

/** Anonymises every record in `data`, inside the caller's write. */
function anonymiseAll(tx: WriteTx, data: Collected): void {
  const owner = data.family[0]
  for (const member of data.customers) {
    erase(tx, customers, member.id, {
      firstName: null,
      lastName: member.kind === 'person' ? ANONYMOUS_NAME : null,
      companyName: member.kind === 'company' ? ANONYMOUS_NAME : null,
      pesel: null,
      nip: null,
      regon: null,
      email: null,
      phone: null,
      corrStreet: '—',
      corrHouseNo: '—',
      corrFlatNo: null,
      corrPostalCode: '00-000',
      corrCity: '—',
    })
    tx.update(customers, member.id, { anonymisedAt: tx.now })
  }
  for (const i of data.invoices) {
    erase(tx, invoices, i.id, { buyer: { ...i.buyer, name: ANONYMOUS_NAME, nip: null, address: ERASED_ADDRESS }, ksefXml: null })
  }
  for (const d of data.invoiceDeliveries.filter((x) => x.email)) erase(tx, invoiceDeliveries, d.id, { email: null })
  for (const p of data.payments) erase(tx, payments, p.id, { payerName: null, title: null, account: null, note: null })
  for (const b of data.bankTransactions) erase(tx, bankTransactions, b.id, { counterpartyName: null, counterpartyAccount: null, title: null })
  for (const e of data.consentEvents) {
    erase(tx, consentEvents, e.id, { email: null, phone: null, representativeName: null, authorisation: null, ipAddress: null, note: null })
  }
  data.scans.forEach((x, n) => {
    // A scan typed in before its customer was known gets one now: its file goes with her data.
    erase(tx, scans, x.id, { fileName: `skan-${n + 1}.${x.contentType === 'image/jpeg' ? 'jpg' : 'pdf'}`, customerId: x.customerId ?? owner })
  })
  for (const m of data.mails) {
    const unsent = m.state === 'queued' || m.state === 'failed' || m.state === 'uncertain'
    erase(tx, mails, m.id, { toAddress: ERASED, textBody: ERASED, htmlBody: null, customerId: m.customerId ?? owner })
    if (unsent) tx.update(mails, m.id, { state: 'cancelled', decisionNote: 'Anulowano: anonimizacja danych klienta (RODO)' })
  }
  for (const a of data.registrationApplications) {
    erase(tx, registrationApplications, a.id, {
      applicantName: ANONYMOUS_NAME,
      correspondenceAddress: null,
      email: null,
      phone: null,
      problems: null,
      warnings: null,
      rejectionReason: a.rejectionReason === null ? null : ERASED,
    })
  }
  for (const a of data.portalAccounts) {
    erase(tx, portalAccounts, a.id, { email: null, passwordHash: null, lockReason: 'Konto zamknięte: dane klienta zanonimizowano (RODO)' })
    if (a.state !== 'locked') tx.update(portalAccounts, a.id, { state: 'locked', stateBeforeLock: null, lockedAt: tx.now })
  }
  for (const c of data.cases) {
    erase(tx, cases, c.id, {
      subject: `${CASE_TYPE_INFO[c.type].label} — ${ERASED}`,
      description: ERASED,
      location: c.location === null ? null : ERASED,
      callbackPhone: null,
      reporterName: null,
    })
  }
  for (const e of data.caseEvents.filter((x) => x.text !== null)) erase(tx, caseEvents, e.id, { text: ERASED })
  for (const a of data.caseAttachments) {
    erase(tx, caseAttachments, a.id, { fileName: `zalacznik.${a.mimeType === 'image/jpeg' ? 'jpg' : 'pdf'}` })
  }
  for (const r of data.caseReplies) {
    erase(tx, caseReplies, r.id, { body: ERASED, recipientName: ANONYMOUS_NAME, recipientEmail: null, recipientAddress: null })
  }
  for (const c of data.syncConflicts) erase(tx, syncConflicts, c.id, { hubValues: JSON.stringify({ erased: true }), deskValues: JSON.stringify({ erased: true }) })
}

/** Every stored file the customer's rows refer to (their hashes outlive anonymisation, the bytes do not). */
function fileHashesOf(data: Collected): string[] {
  return [
    ...data.scans.map((x) => x.sha256),
    ...data.caseAttachments.map((a) => a.sha256),
    ...data.caseReplies.map((r) => r.pdfSha256),
    ...data.mails.flatMap((m) => mailAttachments(m.attachments).map((a) => a.sha256)),
  ]
}

/** The fields anonymisation erases, per table (the same keys as the patches in anonymiseAll). */
export const ERASED_FIELDS: Record<string, readonly string[]> = {
  customers: ['firstName', 'lastName', 'companyName', 'pesel', 'nip', 'regon', 'email', 'phone', 'corrStreet', 'corrHouseNo', 'corrFlatNo', 'corrPostalCode', 'corrCity'],
  invoices: ['buyer', 'ksefXml'],
  invoice_deliveries: ['email'],
  payments: ['payerName', 'title', 'account', 'note'],
  bank_transactions: ['counterpartyName', 'counterpartyAccount', 'title'],
  consent_events: ['email', 'phone', 'representativeName', 'authorisation', 'ipAddress', 'note'],
  scans: ['fileName'],
  mails: ['toAddress', 'textBody', 'htmlBody'],
  registration_applications: ['applicantName', 'correspondenceAddress', 'email', 'phone', 'problems', 'warnings', 'rejectionReason'],
  portal_accounts: ['email', 'passwordHash', 'lockReason'],
  cases: ['subject', 'description', 'location', 'callbackPhone', 'reporterName'],
  case_events: ['text'],
  case_attachments: ['fileName'],
  case_replies: ['body', 'recipientName', 'recipientEmail', 'recipientAddress'],
  sync_conflicts: ['hubValues', 'deskValues'],
}

const rowsByTable = (data: Collected): [string, { id: string }[]][] => [
  ['customers', data.customers],
  ['invoices', data.invoices],
  ['invoice_deliveries', data.invoiceDeliveries],
  ['payments', data.payments],
  ['bank_transactions', data.bankTransactions],
  ['consent_events', data.consentEvents],
  ['scans', data.scans],
  ['mails', data.mails],
  ['registration_applications', data.registrationApplications],
  ['portal_accounts', data.portalAccounts],
  ['cases', data.cases],
  ['case_events', data.caseEvents],
  ['case_attachments', data.caseAttachments],
  ['case_replies', data.caseReplies],
  ['sync_conflicts', data.syncConflicts],
]

/** Her rows by table: where the scoped pattern applies (readings too: a clerk's note on her meter). */
function mineOf(data: Collected): Map<string, Set<string>> {
  const mine = new Map<string, Set<string>>(rowsByTable(data).map(([entity, rows]) => [entity, new Set(rows.map((r) => r.id))]))
  mine.set('readings', new Set(data.readings.map((r) => r.id)))
  return mine
}

/** Every row holding her identifiers in known fields, with its earlier versions from the audit trail. */
function personalRows(data: Collected): [string, Record<string, unknown> | null][] {
  return [
    ...rowsByTable(data).flatMap(([entity, rows]) => rows.map((r) => [entity, r as Record<string, unknown>] as [string, Record<string, unknown>])),
    ...data.history.flatMap((h) => [[h.entity, h.before] as [string, Record<string, unknown> | null], [h.entity, h.after] as [string, Record<string, unknown> | null]]),
  ]
}

/** The rows erased field by field (anonymiseAll), as "table/id" → fields. */
function fieldErasures(data: Collected): ErasedRows {
  const erased: ErasedRows = new Map()
  for (const [entity, rows] of rowsByTable(data)) for (const row of rows) markErased(erased, entity, row.id, ERASED_FIELDS[entity])
  return erased
}

const erasedJson = (erased: ErasedRows) => JSON.stringify(Object.fromEntries([...erased].map(([key, fields]) => [key, [...fields]])))

/** Erasures pulled from another desk: their rows and files. */
function pulledErasures(changes: readonly RowChange[]): { rows: [string, string, string[]][]; files: string[] } {
  const records = changes.filter((c) => c.entity === 'rodo_erasures' && c.op === 'insert' && c.after).map((c) => c.after!)
  return {
    rows: records.flatMap((r) => Object.entries(JSON.parse(String(r.rows)) as Record<string, string[]>).map(([key, fields]) => [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1), fields] as [string, string, string[]])),
    files: records.flatMap((r) => JSON.parse(String(r.files)) as string[]),
  }
}

/** Desks where an anonymisation is being written right now: their commit listener only removes files. */
const erasingHere = new WeakSet<Services>()
const erasingWrite =
  (s: Services): typeof s.db.write =>
  (ctx, fn) => {
    erasingHere.add(s)
    try {
      return s.db.write(ctx, fn)
    } finally {
      erasingHere.delete(s)
    }
  }

/**
 * After a commit that anonymised a customer — here, or on another desk and pulled from the hub —
 * erases this desk's own copies of her data: the audit and change-log history (per desk), her
 * identifiers in this desk's free text (a pulled anonymisation: notes typed here), the files only
 * her rows referred to, old search-index segments and freed pages. Files never inside the
 * anonymising transaction: a rolled-back erasure must not lose evidence. (The sync file fetcher
 * skips such files too.)
 */
export function eraseLocalCopies(s: Services): (changes: readonly RowChange[]) => void {
  return (changes) => {
    const anonymised = changes.filter((c) => c.entity === 'customers' && c.after?.anonymisedAt && !c.before?.anonymisedAt)
    const pulled = pulledErasures(changes)
    if (!anonymised.length && !pulled.rows.length) return
    const collected = anonymised.map((c) => collect(s, c.id))
    if (!erasingHere.has(s)) {
      s.db.write({ staffId: null, stationCode: s.stationCode(), operation: 'customers.anonymise' }, (tx) => {
        for (const [entity, id, fields] of pulled.rows) {
          const table = tablesByName.get(entity) as AnyTable | undefined
          const row = table && tx.orm.select().from(table).where(eq(table.id, id)).get()
          tx.scrubHistory(entity, id, fields, (row ?? {}) as Record<string, unknown>)
        }
        for (const data of collected) {
          for (const [entity, rows] of rowsByTable(data)) for (const row of rows) tx.scrubHistory(entity, row.id, ERASED_FIELDS[entity], row)
          // Her values as this desk held them before the pulled erasure, for the free text typed here.
          const mine = mineOf(data)
          const before = changes.filter((c) => c.before && mine.get(c.entity)?.has(c.id)).map((c) => [c.entity, c.before] as [string, Record<string, unknown>])
          const matchers = matchersFor([...before, ...personalRows(data)])
          if (!matchers) continue
          const erased: ErasedRows = new Map()
          scrubFreeText(tx, s.db.sqlite, matchers, mine, erased, data.customers.map((c) => c.customerNo))
          // Text typed here that the hub may already hold (pushed before this desk heard of the
          // erasure): a record of its own, so the hub scrubs those log entries too.
          if (erased.size) tx.insert(rodoErasures, { id: newId(), customerId: data.family[0], rows: erasedJson(erased), files: '[]', createdBy: null, createdAt: tx.now })
          scrubHistoryCopies(s.db.sqlite, matchers, mine, erased)
        }
      })
    }
    for (const sha of deadFiles(s.db.orm, [...collected.flatMap(fileHashesOf), ...pulled.files])) {
      try {
        unlinkSync(join(s.dataDir, 'attachments', sha))
      } catch (err) {
        // The row is erased either way; a file that cannot go now is no longer fetched or served.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') console.warn(`RODO: nie udało się usunąć pliku ${sha}: ${(err as Error).message}`)
      }
    }
    purgeFreedPages(s.db.sqlite)
  }
}

const fileOf = (f: { fileName: string; contentType?: string; mimeType?: string; bytes: number | null; sha256: string; createdAt?: string | null }): ExportFile => ({
  fileName: f.fileName,
  contentType: f.contentType ?? f.mimeType ?? 'application/pdf',
  bytes: f.bytes,
  sha256: f.sha256,
  createdAt: f.createdAt ?? null,
})

/** The export's JSON, shaped by the shared declaration (secrets such as password hashes left out). */
function toExport(data: Collected, base: Pick<CustomerDataExport, 'generatedAt' | 'office' | 'customer'>): CustomerDataExport {
  const account = data.portalAccounts[0]
  return {
    ...base,
    customers: data.customers.map(({ deletedAt: _deleted, ...c }) => c),
    contracts: data.contracts.map((k) => ({ id: k.id, contractNo: k.contractNo, customerId: k.customerId, supplyPointId: k.supplyPointId, services: k.services, billingCycle: k.billingCycle, startDate: k.startDate, endDate: k.endDate, status: k.status })),
    supplyPoints: data.supplyPoints.map((p) => ({ id: p.id, street: p.street, houseNo: p.houseNo, flatNo: p.flatNo, postalCode: p.postalCode, city: p.city })),
    meters: data.meters.map((m) => ({ id: m.id, serialNo: m.serialNo, supplyPointId: m.supplyPointId, kind: m.kind, installedOn: m.installedOn, removedOn: m.removedOn })),
    readings: data.readings.map((r) => ({ id: r.id, meterId: r.meterId, readOn: r.readOn, valueM3: r.valueM3, kind: r.kind, source: r.source, note: r.note, status: r.status })),
    invoices: data.invoices.map((i) => ({
      id: i.id,
      number: i.number,
      kind: i.kind,
      issueDate: i.issueDate,
      periodFrom: i.periodFrom,
      periodTo: i.periodTo,
      dueDate: i.dueDate,
      netTotal: i.netTotal,
      vatTotal: i.vatTotal,
      grossTotal: i.grossTotal,
      buyer: i.buyer,
      supplyPoint: i.supplyPoint,
      paymentAccount: i.paymentAccount,
      lines: data.invoiceLines
        .filter((l) => l.invoiceId === i.id)
        .sort((a, b) => a.position - b.position)
        .map((l) => ({ position: l.position, name: l.name, unit: l.unit, quantity: l.quantity, unitNet: l.unitNet, net: l.net, vatBasisPoints: l.vatBasisPoints })),
      deliveries: data.invoiceDeliveries.filter((d) => d.invoiceId === i.id).map((d) => ({ channel: d.channel, email: d.email, basis: d.basis, createdAt: d.createdAt })),
    })),
    payments: data.payments.map((p) => ({ id: p.id, paidOn: p.paidOn, amount: p.amount, method: p.method, reference: p.reference, payerName: p.payerName, title: p.title, account: p.account, note: p.note })),
    bankTransactions: data.bankTransactions.map((b) => ({ id: b.id, bookedOn: b.bookedOn, amount: b.amount, counterpartyName: b.counterpartyName, counterpartyAccount: b.counterpartyAccount, title: b.title, status: b.status })),
    consentEvents: data.consentEvents.map((e) => ({
      id: e.id,
      documentNo: e.documentNo,
      type: e.type,
      action: e.action,
      scope: e.scope ? (JSON.parse(e.scope) as string[]) : null,
      textId: e.textId,
      textVersion: e.textVersion,
      email: e.email,
      phone: e.phone,
      signedOn: e.signedOn,
      effectiveOn: e.effectiveOn,
      registeredAt: e.registeredAt,
      channel: e.channel,
      signerKind: e.signerKind,
      representativeName: e.representativeName,
      authorisation: e.authorisation,
      ipAddress: e.ipAddress,
      note: e.note,
      scanId: e.scanId,
    })),
    scans: data.scans.map((x) => ({ id: x.id, ...fileOf(x) })),
    mails: data.mails.map((m) => ({
      id: m.id,
      kind: m.kind,
      toAddress: m.toAddress,
      subject: m.subject,
      textBody: m.textBody,
      state: m.state,
      createdAt: m.createdAt,
      sentAt: m.sentAt,
      relatedEntity: m.relatedEntity,
      attachments: mailAttachments(m.attachments).map((a) => fileOf({ ...a, createdAt: m.createdAt })),
    })),
    registrationApplications: data.registrationApplications.map((a) => ({
      id: a.id,
      applicationNo: a.applicationNo,
      state: a.state,
      customerNo: a.customerNo,
      applicantName: a.applicantName,
      supplyAddress: { street: a.supplyStreet, houseNo: a.supplyHouseNo, flatNo: a.supplyFlatNo, postalCode: a.supplyPostalCode, city: a.supplyCity },
      correspondenceAddress: a.correspondenceAddress,
      email: a.email,
      phone: a.phone,
      invoiceNo: a.invoiceNo,
      acceptRegulamin: a.acceptRegulamin,
      acceptEInvoice: a.acceptEInvoice,
      acceptSms: a.acceptSms,
      signedOn: a.signedOn,
      rejectionReason: a.rejectionReason,
      createdAt: a.createdAt,
      scanId: a.scanId,
    })),
    portalAccount: account
      ? {
          id: account.id,
          login: account.login,
          state: account.state,
          email: account.email,
          credentialsChannel: account.credentialsChannel,
          credentialsSentAt: account.credentialsSentAt,
          activatedAt: account.activatedAt,
          lastPortalLoginAt: account.lastPortalLoginAt,
          lockReason: account.lockReason,
          createdAt: account.createdAt,
        }
      : null,
    cases: data.cases.map((c) => ({
      id: c.id,
      caseNo: c.caseNo,
      type: c.type,
      channel: c.channel,
      status: c.status,
      subject: c.subject,
      description: c.description,
      location: c.location,
      callbackPhone: c.callbackPhone,
      reporterName: c.reporterName,
      receivedOn: c.receivedOn,
      closedAt: c.closedAt,
      events: data.caseEvents.filter((e) => e.caseId === c.id).map((e) => ({ at: e.at, kind: e.kind, text: e.text })),
      attachments: data.caseAttachments.filter((a) => a.caseId === c.id).map((a) => ({ id: a.id, ...fileOf(a) })),
      replies: data.caseReplies
        .filter((r) => r.caseId === c.id)
        .map((r) => ({
          id: r.id,
          kind: r.kind,
          channel: r.channel,
          subject: r.subject,
          body: r.body,
          recipientName: r.recipientName,
          recipientEmail: r.recipientEmail,
          recipientAddress: r.recipientAddress,
          sentOn: r.sentOn,
          letter: fileOf({ fileName: `pismo-${c.caseNo.replaceAll('/', '-')}.pdf`, bytes: null, sha256: r.pdfSha256, createdAt: r.createdAt }),
        })),
    })),
    history: data.history,
  }
}

const FILE_COLUMNS = [
  { header: 'Plik', width: 2.4 },
  { header: 'Dodano', width: 1.4 },
  { header: 'SHA-256', width: 5.4 },
]
const fileRow = (f: ExportFile) => [f.fileName, formatDateTime(f.createdAt), f.sha256]

export function createRodoService(s: Services) {
  return {
    check(id: string): AnonymisationCheck {
      const customer = s.db.orm.select().from(customers).where(eq(customers.id, id)).get()
      if (!customer) throw new ApiError('NOT_FOUND', 'Klient: nie istnieje', 'id')
      const data = collect(s, id)
      const blocks = retentionBlocks(data, businessDate(s.now()))
      return { allowed: blocks.length === 0, blocks, effects: effectsOf(data) }
    },

    anonymise(session: StaffSession, id: string, reason: string): CustomerSummary {
      const customer = s.db.orm.select().from(customers).where(eq(customers.id, id)).get()
      if (!customer) throw new ApiError('NOT_FOUND', 'Klient: nie istnieje', 'id')
      // Checked again inside the write: nothing may slip in between the check and the erasure.
      erasingWrite(s)({ staffId: session.staffId, stationCode: s.stationCode(), operation: 'customers.anonymise' }, (tx) => {
        const data = collect(s, id)
        const blocks = retentionBlocks(data, businessDate(s.now()))
        if (blocks.length) {
          const first = blocks[0]
          throw new ApiError('CONFLICT', `Nie można zanonimizować: ${first.rule}. ${first.detail}`)
        }
        const matchers = matchersFor(personalRows(data))
        anonymiseAll(tx, data)
        const erased = fieldErasures(data)
        const mine = mineOf(data)
        if (matchers) scrubFreeText(tx, s.db.sqlite, matchers, mine, erased, data.customers.map((c) => c.customerNo))
        tx.note('customers', id, { reason: matchers ? scrubText(reason, matchers.scoped) : reason })
        // The record every other desk and the hub scrub their own copies from (no personal data in it).
        tx.insert(rodoErasures, {
          id: newId(),
          customerId: data.family[0],
          rows: erasedJson(erased),
          files: JSON.stringify(deadFiles(tx.orm, fileHashesOf(data))),
          createdBy: session.staffId,
          createdAt: tx.now,
        })
        // Last: the audit entries of this very transaction hold the values before, too.
        if (matchers) scrubHistoryCopies(s.db.sqlite, matchers, mine, erased)
      })
      // The files go after the commit, in eraseLocalCopies (registered by openDesk).
      return toCustomerSummary(s.db.orm.select().from(customers).where(eq(customers.id, id)).get()!)
    },

    async exportData(id: string): Promise<DataExport> {
      const customer = s.db.orm.select().from(customers).where(eq(customers.id, id)).get()
      if (!customer) throw new ApiError('NOT_FOUND', 'Klient: nie istnieje', 'id')
      const data = collect(s, id)
      const summary = toCustomerSummary(customer)
      const generatedAt = s.now().toISOString()
      const json = toExport(data, { generatedAt, office: s.office()?.name ?? null, customer: summary })

      const pdf = await PdfBuilder.create(loadFontFiles(s.resourcesDir), { title: `Dane klienta ${customer.customerNo}`, office: s.office() })
      const section = (title: string, columns: Parameters<PdfBuilder['table']>[0], rows: string[][], size?: number) => {
        pdf.heading(title, 12)
        if (rows.length) pdf.table(columns, rows, size)
        else pdf.text('Brak zapisów.', { size: 9, gapAfter: 8 })
      }
      pdf.heading('Informacja o przetwarzanych danych osobowych')
      pdf.text(
        `Zestawienie wszystkich danych klienta nr ${customer.customerNo} przechowywanych w systemie obsługi klienta, sporządzone ${formatDateTime(generatedAt)} (art. 15 RODO). Pliki (skany, załączniki, pisma) są wymienione z nazwą, datą i skrótem SHA-256; ich kopie wydajemy na żądanie.`,
        { size: 9.5 },
      )
      pdf.heading(SECTION.customers, 12)
      pdf.keyValues([
        ['Klient', summary.displayName],
        ['Nr klienta', customer.customerNo],
        ['PESEL', customer.pesel ?? '—'],
        ['NIP / REGON', [customer.nip, customer.regon].filter(Boolean).join(' / ') || '—'],
        ['E-mail', customer.email ?? '—'],
        ['Telefon', customer.phone ?? '—'],
        ['Adres korespondencyjny', formatAddressLine(summary.correspondenceAddress)],
        ['Rachunek do wpłat', customer.bankAccount],
        ['W rejestrze od', formatDateTime(customer.createdAt)],
      ])
      section(
        SECTION.contracts,
        [{ header: 'Umowa', width: 2 }, { header: 'Punkt poboru', width: 4 }, { header: 'Od', width: 1.4 }, { header: 'Do', width: 1.4 }, { header: 'Stan', width: 1.2 }],
        json.contracts.map((k) => {
          const p = json.supplyPoints.find((sp) => sp.id === k.supplyPointId)!
          return [k.contractNo, formatAddressLine(p), formatDate(k.startDate), formatDate(k.endDate), k.status === 'active' ? 'czynna' : 'rozwiązana']
        }),
      )
      section(
        SECTION.readings,
        [{ header: 'Wodomierz', width: 2 }, { header: 'Data odczytu', width: 2 }, { header: 'Stan [m³]', width: 1.5, align: 'right' }, { header: 'Rodzaj', width: 2 }],
        json.readings.map((r) => [json.meters.find((m) => m.id === r.meterId)!.serialNo, formatDate(r.readOn), String(r.valueM3), r.kind]),
      )
      section(
        SECTION.invoices,
        [{ header: 'Numer', width: 3 }, { header: 'Data', width: 1.6 }, { header: 'Okres', width: 3 }, { header: 'Brutto', width: 2, align: 'right' }, { header: 'Doręczenie', width: 3 }],
        json.invoices.map((i) => [
          i.number,
          formatDate(i.issueDate),
          `${formatDate(i.periodFrom)} – ${formatDate(i.periodTo)}`,
          formatGrosze(i.grossTotal),
          i.deliveries.map((d) => (d.channel === 'email' ? `e-mail ${d.email ?? ''}` : 'papier')).join(', ') || '—',
        ]),
      )
      section(
        SECTION.payments,
        [{ header: 'Data', width: 1.6 }, { header: 'Kwota', width: 2, align: 'right' }, { header: 'Wpłacający', width: 3 }, { header: 'Tytuł', width: 4 }],
        json.payments.map((p) => [formatDate(p.paidOn), formatGrosze(p.amount), p.payerName ?? '', p.title ?? p.reference ?? '']),
      )
      section(
        SECTION.bankTransactions,
        [{ header: 'Data', width: 1.6 }, { header: 'Kwota', width: 2, align: 'right' }, { header: 'Zleceniodawca', width: 3 }, { header: 'Rachunek', width: 3.4 }, { header: 'Tytuł', width: 3 }],
        json.bankTransactions.map((b) => [formatDate(b.bookedOn), formatGrosze(b.amount), b.counterpartyName ?? '', b.counterpartyAccount ?? '', b.title ?? '']),
      )
      pdf.heading(SECTION.consentEvents, 12)
      if (!json.consentEvents.length) pdf.text('Brak zapisów.', { size: 9, gapAfter: 8 })
      for (const e of json.consentEvents) {
        pdf.text(`${e.documentNo} — ${CONSENT_TYPE_LABELS[e.type]}${e.textVersion ? ` (wersja ${e.textVersion})` : ''}: ${CONSENT_ACTION_LABELS[e.action]}`, { size: 9.5, bold: true })
        const signer = e.signerKind === 'representative' ? `pełnomocnik ${e.representativeName ?? ''}${e.authorisation ? ` (${e.authorisation})` : ''}` : e.signerKind === 'staff' ? 'pracownik biura' : 'klient'
        pdf.keyValues([
          ['E-mail', e.email ?? '—'],
          ['Telefon', e.phone ?? '—'],
          ['Podpisano / obowiązuje od', `${formatDate(e.signedOn)} / ${formatDate(e.effectiveOn)}`],
          ['Podpisał', signer],
          ['Sposób złożenia', e.channel === 'electronic' ? `elektronicznie${e.ipAddress ? `, adres IP ${e.ipAddress}` : ''}` : e.channel === 'paper' ? 'formularz papierowy' : 'korekta biura'],
          ['Skan', json.scans.find((x) => x.id === e.scanId)?.fileName ?? '—'],
          ...(e.note ? [['Uwagi', e.note] as [string, string]] : []),
        ])
      }
      section(SECTION.scans, FILE_COLUMNS, json.scans.map(fileRow), 7)
      pdf.heading(SECTION.mails, 12)
      if (!json.mails.length) pdf.text('Brak zapisów.', { size: 9, gapAfter: 8 })
      for (const m of json.mails) {
        pdf.keyValues([
          ['Utworzono', formatDateTime(m.createdAt)],
          ['Do', m.toAddress],
          ['Temat', m.subject],
          ['Stan', m.sentAt ? `wysłano ${formatDateTime(m.sentAt)}` : (MAIL_STATE_LABELS[m.state] ?? m.state)],
          ['Załączniki', m.attachments.map((a) => `${a.fileName} (SHA-256 ${a.sha256})`).join('\n') || '—'],
        ])
        pdf.text(m.textBody, { size: 8.5, gapAfter: 10 })
      }
      section(
        SECTION.registrationApplications,
        [{ header: 'Wniosek', width: 2.2 }, { header: 'Wnioskodawca', width: 2.6 }, { header: 'E-mail / telefon', width: 3 }, { header: 'Data', width: 1.5 }, { header: 'Stan', width: 1.8 }],
        json.registrationApplications.map((a) => [a.applicationNo, a.applicantName, [a.email, a.phone].filter(Boolean).join('\n') || '—', formatDate(a.signedOn), APPLICATION_STATE_LABELS[a.state] ?? a.state]),
      )
      pdf.heading(SECTION.portalAccount, 12)
      if (json.portalAccount) {
        const a = json.portalAccount
        pdf.keyValues([
          ['Login', a.login],
          ['Stan', PORTAL_ACCOUNT_STATE_LABELS[a.state as keyof typeof PORTAL_ACCOUNT_STATE_LABELS] ?? a.state],
          ['E-mail do logowania', a.email ?? '—'],
          ['Dane logowania wysłano', formatDateTime(a.credentialsSentAt)],
          ['Pierwsze logowanie', formatDateTime(a.activatedAt)],
          ['Ostatnie logowanie', formatDateTime(a.lastPortalLoginAt)],
        ])
      } else pdf.text('Brak konta.', { size: 9, gapAfter: 8 })
      pdf.heading(SECTION.cases, 12)
      if (!json.cases.length) pdf.text('Brak zapisów.', { size: 9, gapAfter: 8 })
      for (const c of json.cases) {
        pdf.text(`${c.caseNo} — ${CASE_TYPE_INFO[c.type as keyof typeof CASE_TYPE_INFO]?.label ?? c.type}, wpłynęła ${formatDate(c.receivedOn)}, ${CASE_STATUS_LABELS[c.status as keyof typeof CASE_STATUS_LABELS] ?? c.status}`, { size: 9.5, bold: true })
        pdf.keyValues([
          ['Temat', c.subject],
          ['Opis', c.description],
          ...(c.location ? [['Miejsce', c.location] as [string, string]] : []),
          ...(c.reporterName || c.callbackPhone ? [['Zgłaszający', [c.reporterName, c.callbackPhone].filter(Boolean).join(', ')] as [string, string]] : []),
        ])
        const notes = c.events.filter((e) => e.text)
        if (notes.length) pdf.table([{ header: 'Kiedy', width: 1.6 }, { header: 'Wpis', width: 6 }], notes.map((e) => [formatDateTime(e.at), e.text!]))
        for (const r of c.replies) {
          pdf.keyValues([
            [r.kind === 'extension' ? 'Zawiadomienie o przedłużeniu' : 'Odpowiedź', `${formatDate(r.sentOn)}, ${r.channel === 'email' ? `e-mail do ${r.recipientEmail ?? ''}` : 'list'} — ${r.recipientName}`],
            ['Temat', r.subject],
          ])
          pdf.text(r.body, { size: 8.5, gapAfter: 6 })
        }
        const files = [...c.attachments, ...c.replies.map((r) => r.letter)]
        if (files.length) pdf.table(FILE_COLUMNS, files.map(fileRow), 7)
      }
      section(
        SECTION.history,
        [{ header: 'Kiedy', width: 1.8 }, { header: 'Kto', width: 2 }, { header: 'Czynność', width: 4.4 }, { header: 'Rekord', width: 2 }],
        json.history.map((h) => [formatDateTime(h.at), h.staff_name ?? 'system', operationLabel(h.operation), ENTITY_LABELS[h.entity] ?? h.entity]),
      )
      const bytes = await pdf.save()
      return { fileBaseName: `dane-klienta-${customer.customerNo}`, json, pdfBase64: Buffer.from(bytes).toString('base64') }
    },
  }
}

const MAIL_STATE_LABELS: Record<string, string> = {
  queued: 'czeka w kolejce do wysłania',
  sending: 'w trakcie wysyłania',
  sent: 'wysłano',
  failed: 'nie wysłano (błąd)',
  uncertain: 'niepewne — do wyjaśnienia',
  cancelled: 'anulowano',
}

const ENTITY_LABELS: Record<string, string> = {
  customers: 'klient',
  contracts: 'umowa',
  supply_points: 'punkt poboru',
  payments: 'wpłata',
  consent_events: 'zgoda',
  scans: 'skan',
  mails: 'e-mail',
  registration_applications: 'wniosek iBOK',
  portal_accounts: 'konto iBOK',
  cases: 'sprawa',
  case_attachments: 'załącznik',
  case_replies: 'odpowiedź',
}

/** The operation as staff know it: its Polish summary from the API contract, up to the first clause. */
function operationLabel(operation: string): string {
  const def = (contract as Record<string, { summary: string } | undefined>)[operation]
  return def ? def.summary.split(/[:;(]/)[0].trim() : operation
}

const APPLICATION_STATE_LABELS: Record<string, string> = {
  received: 'przyjęty',
  verified: 'sprawdzony',
  account_created: 'konto założone',
  rejected: 'odrzucony',
}
