// Consents and acceptances with evidence: record, withdraw, change the covered e-mail, annul a
// mistaken entry; the customer's derived state and delivery; scans; texts; printed documents.
import { and, eq, gte, lte, sql, type SQL } from 'drizzle-orm'
import type { ParsedInputOf } from '../../../shared/api/contract'
import { ApiError } from '../../../shared/api/errors'
import type { ConsentEventPage, ConsentTextContent, ConsentTextVersion, CustomerConsents, FileContent, PdfFile, RecordedConsent, ScanView } from '../../../shared/api/types'
import { CONSENT_TEXT_OF, CONSENT_TYPE_LABELS, CONSENT_TYPES, INFO_CLAUSE_TEXT_ID, type ConsentType } from '../../../shared/domain/consents'
import { customerDisplayName } from '../../../shared/domain/customer-format'
import { businessDate, formatDate } from '../../../shared/domain/dates'
import { SCAN_MAX_BYTES } from '../../../shared/api/operations/consents'
import { containsAny } from '../../db/like'
import { consentEvents, consentTexts, contracts, customers, scans, staff, supplyPoints } from '../../db/schema'
import { newId, type WriteTx, type StaffWrite, type WriteContext } from '../../db/write'
import { consentFormPdf, FORM_CODES, type FormCustomer, type FormKind, type FormTexts } from '../../documents/consent-forms'
import { consentProofPdf, consentSlipPdf, type ProofText } from '../../documents/consent-documents'
import { putFile, sniffContentType } from '../../platform/attachments/file-store'
import { readSyncedFile } from '../sync/synced-file'
import { preparedOnce } from '../../db/database'
import { customerFamily } from '../customers/family'
import { activeContractsWithGroups, applyMoves, plannedMoves, tariffGroupRows, toMoveView, type PlannedMove, type TariffMoveReason } from '../tariffs/moves'
import { createCustomerService } from '../customers/service'
import type { Services } from '../services'
import { consentStatesOf, describeDelivery } from './delivery'
import { appendConsentEvent, countEvents, customerEventViews, eventRowsOf, eventView, eventViews, toScanView, type ConsentEventRow, type NewConsentEvent } from './events'
import { allTexts, canonicalText, currentText, findText, textHash, toVersionView, type TextVersion } from './texts'

type CustomerRow = typeof customers.$inferSelect

/** A customer consents can be recorded for: the register's live customer, and not anonymised. */
export function consentCustomer(s: Services, id: string, field = 'customerId'): CustomerRow {
  const c = createCustomerService(s).liveCustomer(id, field)
  if (c.anonymisedAt) throw new ApiError('CONFLICT', 'Klient został zanonimizowany — nie można rejestrować nowych oświadczeń', field)
  return c
}

/** The text version an event refers to; refused when it does not exist or did not exist yet when signed. */
export function textForEvent(s: Services, textId: string, version: string, signedOn: string, field: string, label: string): TextVersion {
  const text = findText(s.db.read, s.resourcesDir, textId, version)
  if (!text) {
    const known = allTexts(s.db.read, s.resourcesDir)
      .filter((t) => t.textId === textId)
      .map((t) => t.version)
    throw new ApiError('VALIDATION', `${label}: nie ma wersji „${version}” (są: ${known.join(', ') || 'brak'})`, field)
  }
  if (!text.intact) throw new ApiError('CONFLICT', `${label}: treść wersji ${version} nie zgadza się z zapisaną sumą kontrolną — nie można jej użyć; zgłoś to administratorowi`, field)
  if (text.validFrom > signedOn) {
    throw new ApiError('VALIDATION', `${label}: wersja ${version} obowiązuje od ${formatDate(text.validFrom)}, a dokument podpisano ${formatDate(signedOn)}`, field)
  }
  return text
}

export function createConsentService(s: Services) {
  const orm = () => s.db.read
  const today = () => businessDate(s.now())

  function overview(customerId: string, asOf = today()): CustomerConsents {
    const read = orm()
    const customer = preparedOnce(read, 'consents.customer', () => read.select({ id: customers.id }).from(customers).where(eq(customers.id, sql.placeholder('id'))).prepare()).get({ id: customerId })
    if (!customer) throw new ApiError('NOT_FOUND', 'Klient: nie istnieje', 'customerId')
    const states = consentStatesOf(read, customerId, asOf)
    const delivery = describeDelivery(states.e_invoice)
    const family = customerFamily(read, customerId)
    const history = customerEventViews(read, s.resourcesDir, family)
    // Tariff: e-invoice customers may be in the cheaper group; without an acceptance they may not.
    const active = activeContractsWithGroups(read, family)
    const eGroups = tariffGroupRows(read).filter((g) => g.eInvoice)
    const tariffHints = active.flatMap((k) => {
      if (k.group.eInvoice && delivery.channel === 'paper') {
        return [{ contractId: k.id, contractNo: k.no, tariffGroupName: k.group.name, message: `Umowa ${k.no} jest w grupie „${k.group.name}” dla e-faktur, a klient nie ma akceptacji e-faktur — przenieś umowę do grupy z fakturą papierową od następnego okresu rozliczeniowego.` }]
      }
      if (!k.group.eInvoice && delivery.channel === 'email' && eGroups.some((g) => g.billingCycle === k.cycle)) {
        return [{ contractId: k.id, contractNo: k.no, tariffGroupName: k.group.name, message: `Klient akceptuje e-faktury: umowę ${k.no} można przenieść z grupy „${k.group.name}” do grupy z e-fakturą (niższy abonament).` }]
      }
      return []
    })
    return {
      customerId,
      asOf,
      statuses: CONSENT_TYPES.map((t) => ({ ...states[t], label: CONSENT_TYPE_LABELS[t] })),
      delivery,
      tariffHints,
      eInvoiceMoves: plannedMoves(orm(), family, true, asOf).map(toMoveView),
      history,
    }
  }

  async function recorded(eventId: string, customerId: string, moves: readonly PlannedMove[] = []): Promise<RecordedConsent> {
    const event = eventView(orm(), s.resourcesDir, eventId)
    const slip = await consentSlipPdf(s.resourcesDir, s.office(), event)
    return {
      event,
      consents: overview(customerId),
      slip: { fileName: `potwierdzenie-${event.documentNo.replace(/\//g, '-')}.pdf`, pdfBase64: Buffer.from(slip).toString('base64') },
      tariffMoves: moves.map(toMoveView),
    }
  }

  /**
   * Contracts moved between the paper and e-invoice groups with the event that causes it, in its
   * transaction: from the billing period after the later of today and the event's effective date,
   * so periods already running are billed in the group they started in.
   */
  function moveContracts(tx: WriteTx, customerId: string, toEInvoice: boolean, effectiveOn: string, reason: TariffMoveReason, eventId: string, staffId: string | null): PlannedMove[] {
    const after = effectiveOn > today() ? effectiveOn : today()
    const moves = plannedMoves(tx.read, customerFamily(tx.read, customerId), toEInvoice, after)
    applyMoves(tx, moves, reason, eventId, staffId)
    return moves
  }

  type Evidence = Pick<ParsedInputOf<'consents.withdraw'>, 'signedOn' | 'signedTime' | 'effectiveOn' | 'channel' | 'scanId' | 'ipAddress' | 'signerKind' | 'representativeName' | 'authorisation' | 'note'>
  const evidenceOf = (v: Evidence): Omit<NewConsentEvent, 'customerId' | 'type' | 'action'> => ({
    signedOn: v.signedOn,
    signedTime: v.signedTime,
    effectiveOn: v.effectiveOn ?? null,
    channel: v.channel,
    scanId: v.scanId ?? null,
    ipAddress: v.channel === 'electronic' ? (v.ipAddress ?? null) : null,
    signerKind: v.signerKind,
    representativeName: v.representativeName,
    authorisation: v.authorisation,
    note: v.note,
  })

  /** The acceptance in force on the date the new event takes effect; refused if there is none. */
  function acceptanceInForce(customerId: string, type: ConsentType, on: string, what: string) {
    const state = consentStatesOf(orm(), customerId, on)[type]
    if (!state.active) throw new ApiError('CONFLICT', `Klient nie ma udzielonej zgody „${CONSENT_TYPE_LABELS[type]}” na dzień ${formatDate(on)} — ${what}`)
    return state
  }

  return {
    overview,
    delivery: (customerId: string, document: 'invoices' | 'duplicates' | 'corrections' | 'reminders', asOf?: string | null) => {
      consentCustomerExists(customerId)
      return describeDelivery(consentStatesOf(orm(), customerId, asOf ?? today()).e_invoice, document)
    },

    /** Also the portal's (station WW, no staff member): an electronic acceptance with its evidence. */
    /** `alsoWrite`: more the caller writes in the same transaction (the portal's confirmation mail). */
    async accept(call: WriteContext, input: ParsedInputOf<'consents.accept'>, alsoWrite?: (tx: WriteTx, event: ConsentEventRow) => void): Promise<RecordedConsent> {
      const customer = consentCustomer(s, input.customerId)
      if (input.contractId) contractOf(customer.id, input.contractId)
      const text = textForEvent(s, CONSENT_TEXT_OF[input.type], input.textVersion, input.signedOn, 'textVersion', 'Wersja tekstu')
      const infoClause = input.infoClauseVersion
        ? textForEvent(s, INFO_CLAUSE_TEXT_ID, input.infoClauseVersion, input.signedOn, 'infoClauseVersion', 'Wersja klauzuli informacyjnej')
        : currentText(orm(), s.resourcesDir, INFO_CLAUSE_TEXT_ID, input.signedOn)
      const { event, moves } = s.db.write(call, (tx) => {
        const event = appendConsentEvent(
          s,
          tx,
          {
            customerId: customer.id,
            contractId: input.contractId ?? null,
            type: input.type,
            action: 'accept',
            scope: input.type === 'e_invoice' ? (input.scope ?? []) : null,
            text,
            infoClause,
            email: input.type === 'e_invoice' ? input.email : null,
            phone: input.type === 'sms' ? input.phone : null,
            ...evidenceOf(input),
          },
          call.staffId,
        )
        const moves = input.type === 'e_invoice' && input.moveToEInvoiceGroup ? moveContracts(tx, customer.id, true, event.effectiveOn, 'e_invoice_accept', event.id, call.staffId) : []
        alsoWrite?.(tx, event)
        return { event, moves }
      })
      return recorded(event.id, customer.id, moves)
    },

    async withdraw(call: WriteContext, input: ParsedInputOf<'consents.withdraw'>, alsoWrite?: (tx: WriteTx, event: ConsentEventRow) => void): Promise<RecordedConsent> {
      const customer = consentCustomer(s, input.customerId)
      const on = input.effectiveOn ?? today()
      const state = acceptanceInForce(customer.id, input.type, on, 'nie ma czego wycofać')
      const { event, moves } = s.db.write(call, (tx) => {
        const event = appendConsentEvent(s, tx, { customerId: customer.id, type: input.type, action: 'withdraw', refersTo: state.acceptanceId, email: state.email, phone: state.phone, ...evidenceOf(input) }, call.staffId)
        // Not optional: the cheaper e-invoice group requires the acceptance.
        const moves = input.type === 'e_invoice' ? moveContracts(tx, customer.id, false, event.effectiveOn, 'e_invoice_withdraw', event.id, call.staffId) : []
        alsoWrite?.(tx, event)
        return { event, moves }
      })
      return recorded(event.id, customer.id, moves)
    },

    async changeEmail(call: StaffWrite, input: ParsedInputOf<'consents.changeEmail'>): Promise<RecordedConsent> {
      const customer = consentCustomer(s, input.customerId)
      const on = input.effectiveOn ?? today()
      const state = acceptanceInForce(customer.id, 'e_invoice', on, 'najpierw trzeba przyjąć oświadczenie o akceptacji e-faktur')
      if (state.email === input.email.toLowerCase()) throw new ApiError('VALIDATION', 'Nowy e-mail do faktur: to ten sam adres, który obejmuje akceptacja', 'email')
      const event = s.db.write(call, (tx) =>
        appendConsentEvent(s, tx, { customerId: customer.id, type: 'e_invoice', action: 'change_email', refersTo: state.acceptanceId, email: input.email, ...evidenceOf(input) }, call.staffId),
      )
      return recorded(event.id, customer.id)
    },

    annul(call: StaffWrite, eventId: string, reason: string): CustomerConsents {
      const target = orm().select().from(consentEvents).where(eq(consentEvents.id, eventId)).get()
      if (!target) throw new ApiError('NOT_FOUND', 'Zdarzenie: nie istnieje', 'eventId')
      if (target.action === 'annul') throw new ApiError('CONFLICT', 'Anulowania nie można anulować — w razie pomyłki zarejestruj oświadczenie ponownie')
      const already = orm().select({ id: consentEvents.id }).from(consentEvents).where(and(eq(consentEvents.action, 'annul'), eq(consentEvents.refersTo, eventId))).get()
      if (already) throw new ApiError('CONFLICT', 'To zdarzenie jest już anulowane')
      s.db.write(call, (tx) => {
        const event = appendConsentEvent(
          s,
          tx,
          { customerId: target.customerId, type: target.type, action: 'annul', refersTo: target.id, signedOn: today(), channel: 'office', signerKind: 'staff', note: reason },
          call.staffId,
        )
        // A mistaken acceptance voided: without an acceptance left, e-invoice groups go back to paper.
        if (target.type === 'e_invoice' && !consentStatesOf(tx.read, target.customerId, today()).e_invoice.active) {
          moveContracts(tx, target.customerId, false, today(), 'e_invoice_annul', event.id, call.staffId)
        }
      })
      return overview(target.customerId)
    },

    recent(input: ParsedInputOf<'consents.recent'>): ConsentEventPage {
      const where: SQL[] = []
      if (input.type) where.push(eq(consentEvents.type, input.type))
      if (input.action) where.push(eq(consentEvents.action, input.action))
      if (input.from) where.push(gte(consentEvents.registeredAt, input.from))
      if (input.to) where.push(lte(sql`substr(${consentEvents.registeredAt}, 1, 10)`, input.to))
      if (input.query) {
        where.push(containsAny([consentEvents.documentNo, consentEvents.email, customers.customerNo, customers.lastName, customers.companyName], input.query))
      }
      const filter = where.length ? and(...where) : undefined
      return { items: eventViews(orm(), s.resourcesDir, filter, { limit: input.limit, offset: input.offset }), total: countEvents(orm(), filter) }
    },

    uploadScan(call: StaffWrite, input: ParsedInputOf<'consents.uploadScan'>): ScanView {
      if (input.customerId) consentCustomer(s, input.customerId)
      const data = Buffer.from(input.contentBase64, 'base64')
      if (data.length === 0) throw new ApiError('VALIDATION', 'Skan formularza: plik jest pusty', 'contentBase64')
      if (data.length > SCAN_MAX_BYTES) throw new ApiError('VALIDATION', `Skan formularza: plik większy niż ${SCAN_MAX_BYTES / 1024 / 1024} MB`, 'contentBase64')
      const contentType = sniffContentType(data)
      if (!contentType) throw new ApiError('VALIDATION', 'Skan formularza: dozwolone są tylko pliki PDF i JPG (rozpoznane po zawartości, nie po nazwie)', 'contentBase64')
      const stored = putFile(s.dataDir, data)
      const row = s.db.write(call, (tx) =>
        tx.insert(scans, { id: newId(), customerId: input.customerId ?? null, fileName: input.fileName, contentType, bytes: stored.bytes, sha256: stored.sha256, createdBy: call.staffId, createdAt: tx.now }),
      )
      return toScanView(row)
    },

    scan(id: string): FileContent {
      const row = orm().select().from(scans).where(eq(scans.id, id)).get()
      if (!row) throw new ApiError('NOT_FOUND', 'Skan: nie istnieje', 'id')
      return { fileName: row.fileName, mimeType: row.contentType, contentBase64: readSyncedFile(s, row.sha256).toString('base64') }
    },

    texts(): ConsentTextVersion[] {
      const all = allTexts(orm(), s.resourcesDir)
      return all.map((t) => toVersionView(t, today(), all))
    },

    text(textId: string, version: string): ConsentTextContent {
      const t = findText(orm(), s.resourcesDir, textId, version)
      if (!t) throw new ApiError('NOT_FOUND', `Tekst ${textId} w wersji ${version}: nie istnieje`, 'version')
      return { ...toVersionView(t, today(), allTexts(orm(), s.resourcesDir)), content: t.content }
    },

    publishText(call: StaffWrite, input: ParsedInputOf<'consents.publishText'>): ConsentTextVersion {
      const known = allTexts(orm(), s.resourcesDir)
      if (!known.some((t) => t.textId === input.textId)) {
        throw new ApiError('VALIDATION', `Tekst: nieznany tekst „${input.textId}” (są: ${[...new Set(known.map((t) => t.textId))].join(', ')})`, 'textId')
      }
      if (known.some((t) => t.textId === input.textId && t.version === input.version)) {
        throw new ApiError('CONFLICT', `Wersja ${input.version} już istnieje — opublikowanej wersji nie zmienia się; nadaj nowy numer wersji`, 'version')
      }
      const content = canonicalText(input.content)
      s.db.write(call, (tx) =>
        tx.insert(consentTexts, { id: newId(), textId: input.textId, version: input.version, title: input.title, content, sha256: textHash(content), validFrom: input.validFrom, createdBy: call.staffId, createdAt: tx.now }),
      )
      const all = allTexts(orm(), s.resourcesDir)
      return toVersionView(all.find((t) => t.textId === input.textId && t.version === input.version)!, today(), all)
    },

    async slip(eventId: string): Promise<PdfFile> {
      const event = eventView(orm(), s.resourcesDir, eventId)
      const pdf = await consentSlipPdf(s.resourcesDir, s.office(), event)
      return { fileName: `potwierdzenie-${event.documentNo.replace(/\//g, '-')}.pdf`, pdfBase64: Buffer.from(pdf).toString('base64') }
    },

    async proof(call: StaffWrite, customerId: string): Promise<PdfFile> {
      const customer = orm().select().from(customers).where(eq(customers.id, customerId)).get()
      if (!customer) throw new ApiError('NOT_FOUND', 'Klient: nie istnieje', 'customerId')
      const consents = overview(customerId)
      const rows = eventRowsOf(orm(), customerFamily(orm(), customerId))
      const refs = new Map<string, { textId: string; version: string; sha256: string }>()
      for (const r of rows) {
        if (r.textId && r.textVersion && r.textSha256) refs.set(`${r.textId}/${r.textVersion}`, { textId: r.textId, version: r.textVersion, sha256: r.textSha256 })
        if (r.infoClauseVersion && r.infoClauseSha256) refs.set(`${INFO_CLAUSE_TEXT_ID}/${r.infoClauseVersion}`, { textId: INFO_CLAUSE_TEXT_ID, version: r.infoClauseVersion, sha256: r.infoClauseSha256 })
      }
      const texts: ProofText[] = [...refs.values()].map((ref) => {
        const t = findText(orm(), s.resourcesDir, ref.textId, ref.version)
        return { textId: ref.textId, version: ref.version, title: t?.title ?? ref.textId, sha256: ref.sha256, content: t?.content ?? '(treść niedostępna na tym stanowisku)', intact: Boolean(t && t.sha256 === ref.sha256) }
      })
      const by = orm().select({ name: staff.fullName }).from(staff).where(eq(staff.id, call.staffId)).get()
      const pdf = await consentProofPdf(s.resourcesDir, s.office(), {
        customerNo: customer.customerNo,
        customerName: customerDisplayName(customer),
        consents,
        texts,
        generatedAt: s.now().toISOString(),
        generatedBy: by?.name ?? null,
      })
      return { fileName: `zgody-klienta-${customer.customerNo}.pdf`, pdfBase64: Buffer.from(pdf).toString('base64') }
    },

    async form(kind: FormKind, customerId: string | null | undefined): Promise<PdfFile> {
      const on = today()
      const need = (textId: string) => {
        const t = currentText(orm(), s.resourcesDir, textId, on)
        if (!t) throw new ApiError('CONFLICT', `Brak obowiązującej wersji tekstu ${textId}`)
        return t
      }
      const texts: FormTexts = { regulamin: need(CONSENT_TEXT_OF.regulamin), infoClause: need(INFO_CLAUSE_TEXT_ID), eInvoice: need(CONSENT_TEXT_OF.e_invoice), sms: need(CONSENT_TEXT_OF.sms) }
      let formCustomer: FormCustomer | null = null
      if (customerId) {
        const c = consentCustomer(s, customerId)
        const point = orm()
          .select({ p: supplyPoints })
          .from(contracts)
          .innerJoin(supplyPoints, eq(supplyPoints.id, contracts.supplyPointId))
          .where(and(eq(contracts.customerId, c.id), eq(contracts.status, 'active')))
          .orderBy(contracts.startDate)
          .get()?.p
        const state = consentStatesOf(orm(), c.id, on).e_invoice
        formCustomer = {
          customerNo: c.customerNo,
          kind: c.kind,
          name: customerDisplayName(c),
          nip: c.nip,
          email: c.email,
          phone: c.phone,
          correspondenceAddress: { street: c.corrStreet, houseNo: c.corrHouseNo, flatNo: c.corrFlatNo, postalCode: c.corrPostalCode, city: c.corrCity },
          supplyAddress: point ? { street: point.street, houseNo: point.houseNo, flatNo: point.flatNo, postalCode: point.postalCode, city: point.city } : null,
          eInvoiceEmail: state.active ? state.email : null,
        }
      }
      const pdf = await consentFormPdf(s.resourcesDir, s.office(), kind, texts, formCustomer, on)
      const meta = FORM_CODES[kind]
      return { fileName: `${meta.fileName}${formCustomer ? `-${formCustomer.customerNo}` : ''}.pdf`, pdfBase64: Buffer.from(pdf).toString('base64') }
    },
  }

  function consentCustomerExists(id: string) {
    if (!orm().select({ id: customers.id }).from(customers).where(eq(customers.id, id)).get()) throw new ApiError('NOT_FOUND', 'Klient: nie istnieje', 'customerId')
  }

  function contractOf(customerId: string, contractId: string) {
    const k = orm().select().from(contracts).where(eq(contracts.id, contractId)).get()
    if (!k || !customerFamily(orm(), customerId).includes(k.customerId)) throw new ApiError('VALIDATION', 'Umowa: to nie jest umowa tego klienta', 'contractId')
    return k
  }
}
