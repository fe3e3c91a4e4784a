// Verifying a Wniosek against the register: the customer number and a recent invoice number
// must point at the same customer, who has an active contract and no portal account yet.
// Problems block (with a Polish reason per field); warnings only ask the clerk to look.
import { and, eq, inArray } from 'drizzle-orm'
import type { Address, ApplicationProblem } from '../../../shared/api/types'
import { customerDisplayName, formatAddressLine } from '../../../shared/domain/customer-format'
import { addDays, formatDate } from '../../../shared/domain/dates'
import { PORTAL_ACCOUNT_STATE_LABELS } from '../../../shared/domain/portal'
import { formatGrosze } from '../../../shared/domain/money'
import { foldText } from '../../../shared/domain/text'
import type { ReadOrm } from '../../db/database'
import { contracts, customers, invoices, portalAccounts, supplyPoints } from '../../db/schema'
import { customerFamily } from '../customers/family'

type CustomerRow = typeof customers.$inferSelect

/** "Recent invoice": issued within the last 12 months (the form says so). */
export const RECENT_INVOICE_DAYS = 366

export interface ApplicationData {
  customerNo: string
  applicantName: string
  supplyAddress: Address
  email: string | null
  phone: string | null
  invoiceNo: string
  acceptRegulamin: boolean
  acceptEInvoice: boolean
  acceptSms: boolean
  /** The invoice's gross amount in grosze, as given online (the portal's proof); the paper form has none. */
  invoiceGross?: number
}

export interface Verification {
  customer: CustomerRow | null
  problems: ApplicationProblem[]
  warnings: string[]
}

const words = (v: string) => foldText(v).replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/).filter(Boolean).sort().join(' ')
const sameAddress = (a: Address, b: Address) =>
  foldText(a.street).replace(/^(ul|al|pl)\.?\s+/, '') === foldText(b.street).replace(/^(ul|al|pl)\.?\s+/, '') &&
  foldText(a.houseNo) === foldText(b.houseNo) &&
  foldText(a.flatNo ?? '') === foldText(b.flatNo ?? '') &&
  a.postalCode === b.postalCode

export function verifyApplication(orm: ReadOrm, data: ApplicationData, today: string, ownAccountId: string | null = null): Verification {
  const problems: ApplicationProblem[] = []
  const warnings: string[] = []

  let customer = orm.select().from(customers).where(eq(customers.customerNo, data.customerNo)).get() ?? null
  if (customer?.mergedInto) {
    const kept = orm.select().from(customers).where(eq(customers.id, customer.mergedInto)).get() ?? null
    if (kept) warnings.push(`Numer ${customer.customerNo} należał do klienta scalonego z klientem ${kept.customerNo} — konto zostanie założone dla klienta ${kept.customerNo}.`)
    customer = kept
  }
  if (!customer || customer.deletedAt) {
    problems.push({ field: 'customerNo', message: `Nr klienta: nie ma klienta o numerze ${data.customerNo} — sprawdź numer na fakturze` })
    customer = null
  } else if (customer.anonymisedAt) {
    problems.push({ field: 'customerNo', message: 'Nr klienta: dane tego klienta zostały zanonimizowane — konta nie można założyć' })
  }

  const invoice = orm.select().from(invoices).where(eq(invoices.number, data.invoiceNo)).get() ?? null
  if (!invoice) {
    problems.push({ field: 'invoiceNo', message: `Nr faktury: nie ma faktury o numerze ${data.invoiceNo} — sprawdź numer w nagłówku faktury` })
  } else if (customer) {
    const family = customerFamily(orm, customer.id)
    if (!family.includes(invoice.customerId)) {
      // Says nothing about whose invoice it is: the applicant has not proved anything yet.
      problems.push({ field: 'invoiceNo', message: `Nr faktury: faktura ${data.invoiceNo} nie została wystawiona klientowi nr ${customer.customerNo} — numer klienta i numer faktury muszą pochodzić z faktur tego samego klienta` })
    } else if (invoice.issueDate < addDays(today, -RECENT_INVOICE_DAYS)) {
      problems.push({ field: 'invoiceNo', message: `Nr faktury: faktura ${data.invoiceNo} z ${formatDate(invoice.issueDate)} jest starsza niż 12 miesięcy — poproś o numer jednej z ostatnich faktur` })
    } else if (data.invoiceGross !== undefined && data.invoiceGross !== invoice.grossTotal) {
      problems.push({ field: 'invoiceNo', message: `Kwota faktury: podana kwota ${formatGrosze(data.invoiceGross)} nie zgadza się z kwotą faktury ${data.invoiceNo}` })
    }
  }

  if (customer) {
    const family = customerFamily(orm, customer.id)
    const points = orm
      .select({ p: supplyPoints })
      .from(contracts)
      .innerJoin(supplyPoints, eq(supplyPoints.id, contracts.supplyPointId))
      .where(and(inArray(contracts.customerId, family), eq(contracts.status, 'active')))
      .all()
      .map((r) => r.p)
    if (points.length === 0) {
      problems.push({ field: null, message: `Klient nr ${customer.customerNo} nie ma czynnej umowy — konto iBOK zakłada się tylko odbiorcom z czynną umową` })
    } else if (!points.some((p) => sameAddress(p, data.supplyAddress))) {
      warnings.push(`Adres punktu poboru we wniosku (${formatAddressLine(data.supplyAddress)}) różni się od adresu w umowie (${points.map((p) => formatAddressLine(p)).join('; ')}).`)
    }
    const account = orm.select().from(portalAccounts).where(eq(portalAccounts.customerId, customer.id)).get()
    if (account && account.id !== ownAccountId) {
      problems.push({ field: null, message: `Klient ma już konto iBOK (login ${account.login}, ${PORTAL_ACCOUNT_STATE_LABELS[account.state]}) — zamiast nowego konta nadaj nowe hasło w koncie klienta` })
    }
    const registered = customerDisplayName(customer)
    if (words(registered) !== words(data.applicantName)) {
      warnings.push(`Wnioskodawca „${data.applicantName}” — w danych klienta: „${registered}”. Sprawdź dokument tożsamości lub pełnomocnictwo.`)
    }
    if (data.email && customer.email && customer.email !== data.email.toLowerCase()) {
      warnings.push(`Adres e-mail we wniosku (${data.email}) różni się od zapisanego w danych klienta (${customer.email}); dane logowania pójdą na adres z wniosku.`)
    }
  }

  if (!data.acceptRegulamin) {
    problems.push({ field: 'acceptRegulamin', message: 'Akceptacja Regulaminu: wnioskodawca nie zaznaczył akceptacji Regulaminu — bez niej nie można założyć konta (odrzuć wniosek albo poproś o uzupełnienie)' })
  }
  if (data.acceptEInvoice && !data.email) problems.push({ field: 'email', message: 'E-mail: zgoda na fakturę elektroniczną wymaga adresu e-mail' })
  if (data.acceptSms && !data.phone) problems.push({ field: 'phone', message: 'Telefon: zgoda na powiadomienia SMS wymaga numeru telefonu' })

  return { customer, problems, warnings }
}
