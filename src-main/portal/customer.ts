// What a signed-in customer may read and do, always scoped to the session's customer: every id a
// request names (an invoice, a meter) is looked up among THIS customer's own, and anything else
// answers "not found" — the same answer as a nonexistent id, so another customer's ids reveal
// nothing. The data and the rules are the desk's own services (invoices, PDFs, meters, readings
// with their plausibility checks, settlements), never copies.
import type { OperationName, ParsedInputOf } from '../../shared/api/contract'
import { ApiError } from '../../shared/api/errors'
import { caseInput } from '../../shared/api/operations/cases'
import { consentAcceptInput, consentWithdrawInput } from '../../shared/api/operations/consents'
import { readingInput } from '../../shared/api/operations/readings'
import type { CaseListItem, ConsentStatusView, ConsumptionAnalysis, InvoiceListItem, MeterDetail, ReadingCheck, ReadingView, RecordedReading, SettlementView } from '../../shared/api/types'
import { and, eq } from 'drizzle-orm'
import { CONSENT_TEXT_OF } from '../../shared/domain/consents'
import { businessDate, formatDate, OFFICE_TIME_ZONE } from '../../shared/domain/dates'
import { cases, contracts, customers } from '../db/schema'
import { jobContext } from '../db/write'
import { createCaseService } from '../core/cases/service'
import { caseDetail, caseList } from '../core/cases/queries'
import type { ConsentEventRow } from '../core/consents/events'
import { createConsentService } from '../core/consents/service'
import { currentText, type TextVersion } from '../core/consents/texts'
import { listInvoices } from '../core/invoices/queries'
import { queueMail } from '../core/mail/outbox'
import { createInvoiceService } from '../core/invoices/service'
import { createMeterService } from '../core/meters/service'
import { settlementView } from '../core/settlements/settlement'
import { analysisPdfFile } from '../core/readings/analysis-pdf'
import { createReadingService } from '../core/readings/service'
import type { Services } from '../core/services'
import type { WriteTx } from '../db/write'
import type { Photo } from './uploads'

/** HH:MM of an instant in the office's time zone (the evidence's time of signing). */
const officeTime = new Intl.DateTimeFormat('en-GB', { timeZone: OFFICE_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/** Where a signed-in customer's e-invoice acceptance stands, and the text in force to be shown in full. */
export interface EInvoiceState {
  status: ConsentStatusView
  text: TextVersion | null
  email: string | null
}

/** Evidence of an electronic statement made in the portal: the account, the address it came from. */
export interface PortalEvidence {
  login: string
  ip: string
}

/** A case as its customer sees it in the portal. */
export interface PortalCaseView {
  caseNo: string
  type: CaseListItem['type']
  subject: string
  description: string
  location: string | null
  receivedOn: string
  dueOn: string
  status: CaseListItem['status']
  attachments: { fileName: string; bytes: number }[]
  replies: { kind: 'answer' | 'extension'; subject: string; body: string; sentOn: string; channel: 'email' | 'letter'; newDueOn: string | null }[]
}

const NOT_FOUND = (what: string) => new ApiError('NOT_FOUND', `${what}: nie znaleziono`)

/** The portal performs the desk's operations as its station, for no staff member. */
const asPortal = (s: Services, operation: OperationName) => jobContext(operation, s.stationCode())

/** The contract's rules (zod) turned into the first problem's Polish message and field. */
export function parsed<T>(result: { success: true; data: T } | { success: false; error: { issues: { message: string; path: PropertyKey[] }[] } }): T {
  if (result.success) return result.data
  const issue = result.error.issues[0]
  throw new ApiError('VALIDATION', issue.message, String(issue.path[0] ?? ''))
}

export function createCustomerArea(s: Services) {
  const invoicesService = createInvoiceService(s)
  const meterService = createMeterService(s)
  const readingService = createReadingService(s)
  const caseService = createCaseService(s, null)
  const consentService = createConsentService(s)
  const today = () => businessDate(s.now())

  const invoicesOf = (customerId: string): InvoiceListItem[] => listInvoices(s.db.read, { customerId, limit: 500 }, today())
  const metersOf = (customerId: string): MeterDetail[] => meterService.forCustomer(customerId)

  /** A meter of this customer that is still in use (readings are given only for those). */
  function ownMeter(customerId: string, meterId: string, inUse = false): MeterDetail {
    const meter = metersOf(customerId).find((m) => m.id === meterId)
    if (!meter || (inUse && meter.status.code === 'removed')) throw NOT_FOUND('Wodomierz')
    return meter
  }

  function readingRequest(customerId: string, input: { meterId: string; valueM3: string; note: string }): ParsedInputOf<'readings.record'> {
    ownMeter(customerId, input.meterId, true)
    return parsed(
      readingInput.safeParse({
        meterId: input.meterId,
        readOn: today(),
        valueM3: input.valueM3.trim(),
        kind: 'customer',
        source: 'portal',
        note: input.note.trim() || null,
      }),
    )
  }

  /**
   * The analysis request for one of the customer's supply points (the desk's default range); a
   * point that is not theirs is "not found". Null: no contract yet.
   */
  function analysisInputOf(customerId: string, supplyPointId: string | null): ParsedInputOf<'readings.analysis'> | null {
    const own = s.db.read.select({ id: contracts.supplyPointId }).from(contracts).where(eq(contracts.customerId, customerId)).all()
    if (!own.length) return null
    if (supplyPointId && !own.some((k) => k.id === supplyPointId)) throw NOT_FOUND('Punkt poboru')
    return { customerId, supplyPointId, months: 24 }
  }

  /** The evidence every electronic event carries: today, the minute in the office's zone, the IP, the account. */
  const electronic = (by: PortalEvidence) => {
    const at = s.now()
    return { signedOn: businessDate(at), signedTime: officeTime.format(at), channel: 'electronic' as const, ipAddress: by.ip, signerKind: 'customer' as const, note: `Złożone w iBOK z konta ${by.login}` }
  }

  /**
   * The confirmation of an acceptance or a withdrawal made in the portal, to the address it covers,
   * queued in the consent event's own transaction (the mail exists exactly when the statement does)
   * through the outbox (kind consent, synced): what was done, when, from which account, the
   * document number, the text's version and SHA-256.
   */
  const confirmByMail = (by: PortalEvidence, title: string | null) => (tx: WriteTx, e: ConsentEventRow) => {
    if (!e.email) return
    const accepted = e.action === 'accept'
    const when = `${formatDate(e.signedOn)}${e.signedAt ? ` o ${officeTime.format(new Date(e.signedAt))}` : ''}`
    const text = accepted
      ? [
          'Szanowni Państwo,',
          '',
          `potwierdzamy akceptację przesyłania faktur w formie elektronicznej, złożoną w iBOK z konta ${by.login} dnia ${when} (dokument ${e.documentNo}).`,
          `Faktury będą wysyłane na adres: ${e.email}.`,
          '',
          `Zaakceptowana treść: ${title ?? 'Oświadczenie o akceptacji faktur elektronicznych'}, wersja ${e.textVersion ?? '—'}`,
          `Skrót SHA-256 treści: ${e.textSha256 ?? '—'}`,
          '',
          'Akceptację można wycofać w iBOK (zakładka E-faktura) albo w Biurze Obsługi Klienta.',
        ]
      : [
          'Szanowni Państwo,',
          '',
          `potwierdzamy wycofanie akceptacji faktur elektronicznych, złożone w iBOK z konta ${by.login} dnia ${when} (dokument ${e.documentNo}).`,
          `Od ${formatDate(e.effectiveOn)} faktury będą wysyłane pocztą, w wersji papierowej, na adres korespondencyjny.`,
        ]
    queueMail(
      s,
      tx,
      {
        kind: 'consent',
        to: e.email,
        subject: accepted ? 'iBOK — potwierdzenie akceptacji e-faktur' : 'iBOK — wycofanie akceptacji e-faktur',
        text: text.join('\n'),
        customerId: e.customerId,
        related: { entity: 'consent_events', id: e.id },
      },
      null,
    )
  }

  return {
    invoices: invoicesOf,

    /** The very PDF the desk makes, of this customer's invoice only. */
    async invoicePdf(customerId: string, invoiceId: string) {
      if (!invoicesOf(customerId).some((i) => i.id === invoiceId)) throw NOT_FOUND('Faktura')
      return invoicesService.pdf(invoiceId)
    },

    meters: metersOf,

    /** Readings of the customer's meters, newest first — only those of the customer's own time at the point. */
    readings(customerId: string): { meter: MeterDetail; readings: ReadingView[] }[] {
      const own = s.db.read.select({ pointId: contracts.supplyPointId, from: contracts.startDate, to: contracts.endDate }).from(contracts).where(eq(contracts.customerId, customerId)).all()
      const theirs = (meter: MeterDetail, r: ReadingView) => own.some((k) => k.pointId === meter.supplyPointId && r.readOn >= k.from && r.readOn <= (k.to ?? '9999-12-31'))
      return metersOf(customerId).map((meter) => ({ meter, readings: readingService.history(meter.id).filter((r) => theirs(meter, r)).reverse() }))
    },

    meterInUse: (customerId: string, meterId: string) => ownMeter(customerId, meterId, true),

    /** The desk's plausibility check of a reading the customer is about to give (today's date). */
    checkReading(customerId: string, input: { meterId: string; valueM3: string; note: string }): ReadingCheck {
      return readingService.check(readingRequest(customerId, input))
    },

    /**
     * Records the customer's reading through the readings service: a plausible one counts at once,
     * an implausible one is stored flagged for the supervisor's review with the customer's note.
     */
    giveReading(customerId: string, input: { meterId: string; valueM3: string; note: string }): RecordedReading {
      return readingService.record(asPortal(s, 'readings.record'), readingRequest(customerId, input))
    },

    settlement: (customerId: string): SettlementView => settlementView(s.db.read, customerId, today()),

    eInvoice(customerId: string): EInvoiceState {
      const status = consentService.overview(customerId).statuses.find((x) => x.type === 'e_invoice')!
      const email = s.db.read.select({ email: customers.email }).from(customers).where(eq(customers.id, customerId)).get()?.email ?? null
      return { status, text: currentText(s.db.read, s.resourcesDir, CONSENT_TEXT_OF.e_invoice, today()), email: status.email ?? email }
    },

    /**
     * Accepts the Oświadczenie the customer was shown (its version comes back with the form; a
     * version no longer in force is refused by the consents service), with the evidence.
     */
    async acceptEInvoice(customerId: string, input: { textVersion: string; email: string }, by: PortalEvidence) {
      const data = parsed(consentAcceptInput.safeParse({ customerId, type: 'e_invoice', scope: ['invoices'], textVersion: input.textVersion, email: input.email.trim(), ...electronic(by) }))
      const shown = currentText(s.db.read, s.resourcesDir, CONSENT_TEXT_OF.e_invoice, today())
      return consentService.accept(asPortal(s, 'consents.accept'), data, confirmByMail(by, shown?.version === data.textVersion ? shown.title : null))
    },

    async withdrawEInvoice(customerId: string, by: PortalEvidence) {
      return consentService.withdraw(asPortal(s, 'consents.withdraw'), parsed(consentWithdrawInput.safeParse({ customerId, type: 'e_invoice', ...electronic(by) })), confirmByMail(by, null))
    },

    /**
     * The desk's consumption analysis of one of the customer's supply points (the customer's own
     * time there only); a point that is not theirs is "not found". Null: no contract yet.
     */
    analysis(customerId: string, supplyPointId: string | null): ConsumptionAnalysis | null {
      const input = analysisInputOf(customerId, supplyPointId)
      return input && readingService.analysis(input)
    },

    /** The very consumption-analysis PDF the desk makes, of the customer's own supply point only. */
    async analysisPdf(customerId: string, supplyPointId: string | null) {
      const input = analysisInputOf(customerId, supplyPointId)
      if (!input) throw NOT_FOUND('Analiza zużycia')
      return analysisPdfFile(s, input)
    },

    /** The customer's cases (messages, failure reports, complaints from any channel), newest first. */
    cases: (customerId: string): CaseListItem[] => caseList(s.db.read, { customerId, limit: 200, offset: 0 }, today()).items,

    /**
     * A message or a failure report → a case at the desk through the cases service (channel
     * "portal", the customer's, with the term the desk's rules give it), synced to every desk.
     */
    report(customerId: string, input: { kind: string; description: string; location: string; phone: string; urgent: boolean }, photos: readonly Photo[] = []): string {
      const failure = input.kind === 'failure'
      const data = parsed(
        caseInput.safeParse({
          type: failure ? 'failure' : 'general',
          channel: 'portal',
          customerId,
          description: input.description.trim(),
          location: failure ? input.location.trim() || null : null,
          callbackPhone: input.phone.trim() || null,
          urgency: failure ? (input.urgent ? 'urgent' : 'normal') : null,
        }),
      )
      // The photos become the case's attachments the desk's way (files in the store, synced by hash), in the case's own transaction.
      return caseService.create(asPortal(s, 'cases.create'), data, photos)
    },

    /**
     * One of the customer's cases as the customer may see it: what they wrote, the state and term,
     * the attachments' names and the desk's replies ("Korespondencja") — no staff names or notes.
     */
    caseView(customerId: string, caseId: string): PortalCaseView {
      const own = s.db.read.select({ id: cases.id }).from(cases).where(and(eq(cases.id, caseId), eq(cases.customerId, customerId))).get()
      if (!own) throw NOT_FOUND('Sprawa')
      const d = caseDetail(s.db.read, caseId, today(), () => null)
      return {
        caseNo: d.caseNo,
        type: d.type,
        subject: d.subject,
        description: d.description,
        location: d.location,
        receivedOn: d.receivedOn,
        dueOn: d.dueOn,
        status: d.status,
        attachments: d.attachments.map((a) => ({ fileName: a.fileName, bytes: a.bytes })),
        replies: d.replies.map((r) => ({ kind: r.kind, subject: r.subject, body: r.body, sentOn: r.sentOn, channel: r.channel, newDueOn: r.newDueOn })),
      }
    },
  }
}

export type CustomerArea = ReturnType<typeof createCustomerArea>
