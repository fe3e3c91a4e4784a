// Consents and acceptances: the current state is DERIVED from the append-only events, never
// stored as a flag that could drift from the evidence. Pure: the desk and the screens both use it.

/** E-invoice acceptance (VAT act art. 106n), iBOK Regulamin (e-services contract), SMS notices (RODO consent). */
export type ConsentType = 'e_invoice' | 'regulamin' | 'sms'
/** Giving, withdrawing and changing the covered e-mail are events; `annul` voids an event registered by mistake. */
export type ConsentAction = 'accept' | 'withdraw' | 'change_email' | 'annul'
/** What an e-invoice acceptance covers (the boxes on the Oświadczenie). */
export type EInvoiceScope = 'invoices' | 'duplicates' | 'corrections' | 'reminders'

export const CONSENT_TYPES = ['e_invoice', 'regulamin', 'sms'] as const satisfies readonly ConsentType[]
export const E_INVOICE_SCOPES = ['invoices', 'duplicates', 'corrections', 'reminders'] as const satisfies readonly EInvoiceScope[]

export const CONSENT_TYPE_LABELS: Record<ConsentType, string> = {
  e_invoice: 'Akceptacja faktur elektronicznych',
  regulamin: 'Regulamin iBOK',
  sms: 'Powiadomienia SMS',
}

export const CONSENT_ACTION_LABELS: Record<ConsentAction, string> = {
  accept: 'udzielenie',
  withdraw: 'wycofanie',
  change_email: 'zmiana adresu e-mail',
  annul: 'anulowanie wpisu',
}

export const E_INVOICE_SCOPE_LABELS: Record<EInvoiceScope, string> = {
  invoices: 'faktury',
  duplicates: 'duplikaty faktur',
  corrections: 'faktury korygujące',
  reminders: 'wezwania i przypomnienia o zapłacie',
}

/** The shipped text each type of acceptance refers to (resources/texts/<id>/). */
export const CONSENT_TEXT_OF: Record<ConsentType, string> = {
  e_invoice: 'oswiadczenie-efaktura',
  regulamin: 'regulamin-ibok',
  sms: 'zgoda-sms',
}
export const INFO_CLAUSE_TEXT_ID = 'klauzula-informacyjna'

/** The fields of an event that the derivation reads. */
export interface ConsentFact {
  id: string
  type: ConsentType
  action: ConsentAction
  scope: EInvoiceScope[] | null
  email: string | null
  phone: string | null
  textVersion: string | null
  effectiveOn: string
  registeredAt: string
  /** For `annul`: the event voided. */
  refersTo: string | null
}

export interface ConsentStatus {
  type: ConsentType
  active: boolean
  /** Effective date of the acceptance in force (active), or of the withdrawal (inactive after one). */
  since: string | null
  email: string | null
  phone: string | null
  scope: EInvoiceScope[]
  textVersion: string | null
  /** The acceptance in force. */
  acceptanceId: string | null
  /** The first registered event that takes effect after `asOf` (e.g. a withdrawal from next month). */
  upcoming: { id: string; action: ConsentAction; effectiveOn: string } | null
}

const inactive = (type: ConsentType): ConsentStatus => ({
  type,
  active: false,
  since: null,
  email: null,
  phone: null,
  scope: [],
  textVersion: null,
  acceptanceId: null,
  upcoming: null,
})

/** Order in which events take effect: effective date, then registration, then id (UUIDv7 = time order). */
export function byEffect(a: ConsentFact, b: ConsentFact): number {
  return a.effectiveOn.localeCompare(b.effectiveOn) || a.registeredAt.localeCompare(b.registeredAt) || a.id.localeCompare(b.id)
}

/** Events that count: annulled events and the annulments themselves drop out. */
export function effectiveFacts<F extends ConsentFact>(events: readonly F[]): F[] {
  const voided = new Set(events.filter((e) => e.action === 'annul' && e.refersTo).map((e) => e.refersTo!))
  return events.filter((e) => e.action !== 'annul' && !voided.has(e.id))
}

/** The state of one customer's consents on a business date (ISO), from all their events. */
export function deriveConsents(events: readonly ConsentFact[], asOf: string): Record<ConsentType, ConsentStatus> {
  const result = Object.fromEntries(CONSENT_TYPES.map((t) => [t, inactive(t)])) as Record<ConsentType, ConsentStatus>
  for (const e of effectiveFacts(events).sort(byEffect)) {
    const s = result[e.type]
    if (e.effectiveOn > asOf) {
      s.upcoming ??= { id: e.id, action: e.action, effectiveOn: e.effectiveOn }
      continue
    }
    switch (e.action) {
      case 'accept':
        Object.assign(s, { active: true, since: e.effectiveOn, email: e.email, phone: e.phone, scope: e.scope ?? [], textVersion: e.textVersion, acceptanceId: e.id })
        break
      case 'withdraw':
        Object.assign(s, { active: false, since: e.effectiveOn, email: null, phone: null, scope: [], textVersion: null, acceptanceId: null })
        break
      case 'change_email':
        // Only an acceptance in force has an address to change; the desk refuses the rest.
        if (s.active) s.email = e.email
        break
    }
  }
  return result
}

export interface InvoiceDelivery {
  channel: 'email' | 'paper'
  /** The address covered by the acceptance; null on paper, whatever the customer's e-mail field says. */
  email: string | null
  /** Since when this channel applies (the acceptance's or the withdrawal's effective date). */
  since: string | null
  acceptanceId: string | null
  scope: EInvoiceScope[]
}

/**
 * How a document of the given kind goes to the customer: by e-mail only under an e-invoice
 * acceptance in force that covers that kind of document, otherwise on paper.
 */
export function deliveryOf(status: ConsentStatus, document: EInvoiceScope = 'invoices'): InvoiceDelivery {
  if (status.type !== 'e_invoice') throw new Error('deliveryOf needs the e-invoice status')
  if (status.active && status.email && status.scope.includes(document)) {
    return { channel: 'email', email: status.email, since: status.since, acceptanceId: status.acceptanceId, scope: status.scope }
  }
  return { channel: 'paper', email: null, since: status.since, acceptanceId: null, scope: [] }
}
