// Output shape of customers.card: the whole customer card in one answer. Each section is exactly
// what its own operation returns (named beside it), so a section that reloads itself alone later
// (after its own write, paging, a filter) gets the same shape it was first filled with.
import type { AuditEntry } from './audit'
import type { CaseSearchResult } from './cases'
import type { CustomerConsents } from './consents'
import type { CustomerCard, FieldChange } from './customers'
import type { InvoiceListItem } from './invoices'
import type { MailPage } from './mail'
import type { ConsumptionAnalysis, MeterDetail, ReplacementView } from './meters'
import type { SettlementView } from './payments'
import type { PortalAccountView } from './registration'

export interface CustomerCardView {
  /** customers.get */
  card: CustomerCard
  /** meters.forCustomer */
  meters: MeterDetail[]
  /** meters.replacements */
  replacements: ReplacementView[]
  /** readings.analysis of the first supply point over CARD_PAGES.analysisMonths; null for a customer without a contract. */
  analysis: ConsumptionAnalysis | null
  /** invoices.list, CARD_PAGES.invoices */
  invoices: InvoiceListItem[]
  /** payments.settlement */
  settlement: SettlementView
  /** consents.overview */
  consents: CustomerConsents
  /** registration.account */
  portalAccount: PortalAccountView | null
  /** mail.list, CARD_PAGES.mail */
  mail: MailPage
  /** cases.search, CARD_PAGES.cases */
  cases: CaseSearchResult
  /** customers.history: supervisors only (absent for a clerk, as the operation refuses a clerk). */
  history?: FieldChange[]
  /** audit.forEntity of the customer: supervisors only. */
  audit?: AuditEntry[]
}
