// Anonymising a former customer (RODO/GDPR art. 17) once no retention rule applies any more
// (retention.ts names the rule and its end date), on this desk and, through sync, on every other.
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
//                             transfers, audit and change log → blanked (scrub.ts)
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
import { eq, getTableName } from 'drizzle-orm'
import { CASE_TYPE_INFO } from '../../../shared/domain/cases'
import { bankTransactions, caseAttachments, caseEvents, caseReplies, cases, consentEvents, customers, invoiceDeliveries, invoices, mails, payments, portalAccounts, registrationApplications, rodoErasures, scans, syncConflicts } from '../../db/schema'
import { newId, type AnyTable, type RowChange, type WriteTx } from '../../db/write'
import { tablesByName } from '../../db/tables'
import { ERASED_MARK } from '../../../shared/domain/rodo-scrub'
import { markErased, matchersFor, purgeFreedPages, scrubFreeText, scrubHistoryCopies, type ErasedRows } from './scrub'
import { deadFiles } from './live-files'
import type { Services } from '../services'
import { collect, mailAttachments, type Collected } from './collection'

/** The marker the evidence triggers accept in place of a mail's recipient and body. */
const ERASED = ERASED_MARK
const ANONYMOUS_NAME = 'Klient zanonimizowany'
const ERASED_ADDRESS = { street: '—', houseNo: '—', flatNo: null, postalCode: '00-000', city: '—' }

/** What anonymisation will do, per kind of record, for the supervisor to read before confirming. */
export function effectsOf(data: Collected): string[] {
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
export function anonymiseAll(tx: WriteTx, data: Collected): void {
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
export function fileHashesOf(data: Collected): string[] {
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
export function mineOf(data: Collected): Map<string, Set<string>> {
  const mine = new Map<string, Set<string>>(rowsByTable(data).map(([entity, rows]) => [entity, new Set(rows.map((r) => r.id))]))
  mine.set('readings', new Set(data.readings.map((r) => r.id)))
  return mine
}

/** Every row holding her identifiers in known fields, with its earlier versions from the audit trail. */
export function personalRows(data: Collected): [string, Record<string, unknown> | null][] {
  return [
    ...rowsByTable(data).flatMap(([entity, rows]) => rows.map((r) => [entity, r as Record<string, unknown>] as [string, Record<string, unknown>])),
    ...data.history.flatMap((h) => [[h.entity, h.before] as [string, Record<string, unknown> | null], [h.entity, h.after] as [string, Record<string, unknown> | null]]),
  ]
}

/** The rows erased field by field (anonymiseAll), as "table/id" → fields. */
export function fieldErasures(data: Collected): ErasedRows {
  const erased: ErasedRows = new Map()
  for (const [entity, rows] of rowsByTable(data)) for (const row of rows) markErased(erased, entity, row.id, ERASED_FIELDS[entity])
  return erased
}

export const erasedJson = (erased: ErasedRows) => JSON.stringify(Object.fromEntries([...erased].map(([key, fields]) => [key, [...fields]])))

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
export const erasingWrite =
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