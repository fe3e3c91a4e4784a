// Which retention rules still keep a customer's data (tax, accounting, claims, open matters),
// each named with its end date: anonymisation waits until none applies.
import type { RetentionBlock } from '../../../shared/api/types'
import { CASE_TYPE_INFO } from '../../../shared/domain/cases'
import { formatDate, formatDateTime } from '../../../shared/domain/dates'
import { formatGrosze } from '../../../shared/domain/money'
import { invoiceRetentionEnd } from '../../../shared/domain/retention'
import type { Collected } from './collection'

const yearOf = (iso: string) => Number(iso.slice(0, 4))
/** Claims from the contract (periodic performance) are time-barred after 3 years, at a year's end (art. 118 KC). */
const claimsEnd = (iso: string) => `${yearOf(iso) + 3}-12-31`
const latest = (dates: (string | null | undefined)[]) => dates.filter((d): d is string => Boolean(d)).sort().at(-1)

/** The retention rules still in force on `today`, each with its end date (null: until a decision ends it). */
export function retentionBlocks(data: Collected, today: string): RetentionBlock[] {
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