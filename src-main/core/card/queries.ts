// The customer card in one read (customers.card): every section the signed-in role may see, each
// built by its own domain's query, so the card and a section reloading alone answer alike.
import { contract, roleRank, type OperationName } from '../../../shared/api/contract'
import { CARD_PAGES } from '../../../shared/api/operations/customers'
import type { CustomerCardView, Role } from '../../../shared/api/types'
import { businessDate } from '../../../shared/domain/dates'
import { auditOfEntity } from '../audit/queries'
import { caseList } from '../cases/queries'
import { createConsentService } from '../consents/service'
import { customerCard } from '../customers/queries'
import { createCustomerService } from '../customers/service'
import { listInvoices } from '../invoices/queries'
import { listMails } from '../mail/outbox'
import { createMeterService } from '../meters/service'
import { createReadingService } from '../readings/service'
import { createAccountService } from '../registration/accounts'
import { withReadMemo } from '../../db/database'
import type { Services } from '../services'
import { accountFacts, accountSumsOf } from '../settlements/settlement'
import { createPaymentService } from '../settlements/service'

type SectionTimer = (section: string, ms: number) => void
let timer: SectionTimer | null = null

/** Benchmarks: reports how long each section of every card read while `run` runs took. */
export async function cardSectionTimes<T>(report: SectionTimer, run: () => Promise<T>): Promise<T> {
  timer = report
  try {
    return await run()
  } finally {
    timer = null
  }
}

function section<T>(name: string, read: () => T): T {
  if (!timer) return read()
  const started = performance.now()
  const value = read()
  timer(name, performance.now() - started)
  return value
}

/** The role check the dispatcher makes for the section's own operation. */
const may = (role: Role, name: OperationName) => {
  const access = contract[name].access
  return access === 'public' || roleRank[role] >= roleRank[access]
}

export function createCardQuery(s: Services) {
  const customers = createCustomerService(s)
  const meters = createMeterService(s)
  const readings = createReadingService(s)
  const payments = createPaymentService(s)
  const consents = createConsentService(s)
  const accounts = createAccountService(s)

  // The sections share their lookups (the customer's family, account, meters' readings): read once.
  return (id: string, role: Role): CustomerCardView => withReadMemo(() => customerCardView(id, role))

  function customerCardView(id: string, role: Role): CustomerCardView {
    const today = businessDate(s.now())
    const orm = s.db.read
    // First: an unknown customer is NOT_FOUND before any section is read.
    // The balance's sums from the account rows the invoice list and the settlement read anyway.
    const card = section('customers.get', () => customerCard(orm, id, today, () => accountSumsOf(accountFacts(orm, id, today), today)))
    const view: CustomerCardView = {
      card,
      meters: section('meters.forCustomer', () => meters.forCustomer(id)),
      replacements: section('meters.replacements', () => meters.replacements(id)),
      // A customer without a contract has nothing to analyse (the section says so itself).
      analysis: card.contracts.length ? section('readings.analysis', () => readings.analysis({ customerId: id, supplyPointId: null, months: CARD_PAGES.analysisMonths })) : null,
      invoices: section('invoices.list', () => listInvoices(orm, { customerId: id, limit: CARD_PAGES.invoices }, today)),
      settlement: section('payments.settlement', () => payments.settlement(id)),
      consents: section('consents.overview', () => consents.overview(id)),
      portalAccount: section('registration.account', () => accounts.ofCustomer(id)),
      mail: section('mail.list', () => listMails(orm, { customerId: id, limit: CARD_PAGES.mail, offset: 0 })),
      cases: section('cases.search', () => caseList(orm, { customerId: id, limit: CARD_PAGES.cases, offset: 0 }, today)),
    }
    if (may(role, 'customers.history')) view.history = section('customers.history', () => customers.history(id))
    if (may(role, 'audit.forEntity')) view.audit = section('audit.forEntity', () => auditOfEntity(orm, 'customers', id))
    return view
  }
}
