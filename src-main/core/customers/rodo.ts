// Data-subject requests (RODO/GDPR): export everything held about a customer, and anonymise a
// former customer unless a retention rule still applies — naming the rule and its end date.
import { eq, inArray, sql } from 'drizzle-orm'
import { ApiError } from '../../../shared/api/errors'
import type { AnonymisationCheck, CustomerSummary, DataExport, RetentionBlock } from '../../../shared/api/types'
import { businessDate, formatDate, formatDateTime } from '../../../shared/domain/dates'
import { formatGrosze } from '../../../shared/domain/money'
import { formatAddressLine } from '../../../shared/domain/customer-format'
import { contracts, customers, invoiceLines, invoices, meters, payments, readings, supplyPoints } from '../../db/schema'
import { loadFontFiles, PdfBuilder } from '../../documents/pdf-kit'
import type { Services } from '../services'
import type { StaffSession } from '../staff/sessions'
import { toCustomerSummary } from './card'
import { customerFamily } from './family'

/** Personal fields erased by anonymisation (in the row and in every earlier audit copy). */
const PERSONAL_FIELDS = ['firstName', 'lastName', 'companyName', 'pesel', 'nip', 'regon', 'email', 'phone', 'corrStreet', 'corrHouseNo', 'corrFlatNo', 'corrPostalCode', 'corrCity'] as const

const yearOf = (iso: string) => Number(iso.slice(0, 4))

/** Everything about one customer family, as plain rows (the JSON export and the PDF read this). */
function collect(s: Services, id: string) {
  const orm = s.db.orm
  const family = customerFamily(orm, id)
  const customerRows = orm.select().from(customers).where(inArray(customers.id, family)).all()
  const contractRows = orm.select().from(contracts).where(inArray(contracts.customerId, family)).all()
  const pointIds = [...new Set(contractRows.map((c) => c.supplyPointId))]
  const pointRows = pointIds.length ? orm.select().from(supplyPoints).where(inArray(supplyPoints.id, pointIds)).all() : []
  const meterRows = pointIds.length ? orm.select().from(meters).where(inArray(meters.supplyPointId, pointIds)).all() : []
  const meterIds = meterRows.map((m) => m.id)
  const readingRows = meterIds.length ? orm.select().from(readings).where(inArray(readings.meterId, meterIds)).orderBy(readings.readOn).all() : []
  const invoiceRows = orm.select().from(invoices).where(inArray(invoices.customerId, family)).orderBy(invoices.issueDate).all()
  const invoiceIds = invoiceRows.map((i) => i.id)
  const lineRows = invoiceIds.length ? orm.select().from(invoiceLines).where(inArray(invoiceLines.invoiceId, invoiceIds)).all() : []
  const paymentRows = orm.select().from(payments).where(inArray(payments.customerId, family)).orderBy(payments.paidOn).all()
  const entityIds = [...family, ...contractRows.map((c) => c.id), ...pointIds]
  const auditRows = orm.all<{ at: string; operation: string; entity: string; entity_id: string; staff_name: string | null; before: string | null; after: string | null }>(sql`
    SELECT a.at, a.operation, a.entity, a.entity_id, st.full_name AS staff_name, a.before, a.after
    FROM audit_log a LEFT JOIN staff st ON st.id = a.staff_id
    WHERE a.entity_id IN (${sql.join(entityIds.map((e) => sql`${e}`), sql`, `)}) ORDER BY a.at`)
  return {
    customers: customerRows,
    contracts: contractRows,
    supplyPoints: pointRows,
    meters: meterRows,
    readings: readingRows,
    invoices: invoiceRows.map((i) => ({ ...i, lines: lineRows.filter((l) => l.invoiceId === i.id) })),
    payments: paymentRows,
    history: auditRows.map((a) => ({ ...a, before: a.before && JSON.parse(a.before), after: a.after && JSON.parse(a.after) })),
  }
}

export function createRodoService(s: Services) {
  return {
    check(id: string): AnonymisationCheck {
      const customer = s.db.orm.select().from(customers).where(eq(customers.id, id)).get()
      if (!customer) throw new ApiError('NOT_FOUND', 'Klient: nie istnieje', 'id')
      const today = businessDate(s.now())
      const data = collect(s, id)
      const blocks: RetentionBlock[] = []
      if (customer.anonymisedAt) {
        blocks.push({ rule: 'Dane już zanonimizowane', until: null, detail: `Anonimizacja wykonana ${formatDateTime(customer.anonymisedAt)}.` })
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
      // Tax records: 5 years from the end of the year in which the tax fell due.
      const lastInvoice = data.invoices.at(-1)
      if (lastInvoice) {
        const until = `${yearOf(lastInvoice.issueDate) + 5}-12-31`
        if (today <= until) {
          blocks.push({
            rule: 'Faktury — art. 112 ustawy o VAT i art. 70 § 1 Ordynacji podatkowej',
            until,
            detail: `Ostatnia faktura ${lastInvoice.number} z ${formatDate(lastInvoice.issueDate)}: faktury przechowuje się do upływu terminu przedawnienia zobowiązania podatkowego, tj. do ${formatDate(until)}.`,
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
            detail: `Ostatnia wpłata z ${formatDate(lastPayment.paidOn)}: dowody wpłat przechowuje się do ${formatDate(until)}.`,
          })
        }
      }
      // Claims from a supply contract (periodic performance): 3 years, to the end of a calendar year.
      const lastEnd = data.contracts.map((c) => c.endDate).filter((d): d is string => Boolean(d)).sort().at(-1)
      if (lastEnd) {
        const until = `${yearOf(lastEnd) + 3}-12-31`
        if (today <= until) {
          blocks.push({
            rule: 'Przedawnienie roszczeń z umowy — art. 118 Kodeksu cywilnego',
            until,
            detail: `Umowa rozwiązana ${formatDate(lastEnd)}: dane są potrzebne do ewentualnych roszczeń do ${formatDate(until)}.`,
          })
        }
      }
      return { allowed: blocks.length === 0, blocks }
    },

    anonymise(session: StaffSession, id: string, reason: string): CustomerSummary {
      const check = this.check(id)
      if (!check.allowed) {
        const first = check.blocks[0]
        throw new ApiError('CONFLICT', `Nie można zanonimizować: ${first.rule}. ${first.detail}`)
      }
      const family = customerFamily(s.db.orm, id)
      s.db.write({ staffId: session.staffId, stationCode: s.stationCode(), operation: 'customers.anonymise' }, (tx) => {
        for (const memberId of family) {
          const member = tx.orm.select().from(customers).where(eq(customers.id, memberId)).get()!
          tx.scrubHistory('customers', memberId, PERSONAL_FIELDS)
          tx.update(customers, memberId, {
            firstName: null,
            lastName: member.kind === 'person' ? 'Klient zanonimizowany' : null,
            companyName: member.kind === 'company' ? 'Klient zanonimizowany' : null,
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
            anonymisedAt: tx.now,
          })
          // The update's own audit entry must not keep the erased values either.
          tx.scrubHistory('customers', memberId, PERSONAL_FIELDS)
        }
        tx.note('customers', id, { reason })
      })
      return toCustomerSummary(s.db.orm.select().from(customers).where(eq(customers.id, id)).get()!)
    },

    async exportData(id: string): Promise<DataExport> {
      const customer = s.db.orm.select().from(customers).where(eq(customers.id, id)).get()
      if (!customer) throw new ApiError('NOT_FOUND', 'Klient: nie istnieje', 'id')
      const data = collect(s, id)
      const summary = toCustomerSummary(customer)
      const generatedAt = s.now().toISOString()
      const json = { generatedAt, office: s.office()?.name ?? null, customer: summary, ...data }

      const pdf = await PdfBuilder.create(loadFontFiles(s.resourcesDir), { title: `Dane klienta ${customer.customerNo}`, office: s.office() })
      pdf.heading('Informacja o przetwarzanych danych osobowych')
      pdf.text(`Zestawienie wszystkich danych klienta nr ${customer.customerNo} przechowywanych w systemie obsługi klienta, sporządzone ${formatDateTime(generatedAt)} (art. 15 RODO).`, { size: 9.5 })
      pdf.heading('Dane klienta', 12)
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
      pdf.heading('Umowy i punkty poboru', 12)
      pdf.table(
        [{ header: 'Umowa', width: 2 }, { header: 'Punkt poboru', width: 4 }, { header: 'Od', width: 1.4 }, { header: 'Do', width: 1.4 }, { header: 'Stan', width: 1.2 }],
        data.contracts.map((k) => {
          const p = data.supplyPoints.find((sp) => sp.id === k.supplyPointId)!
          return [k.contractNo, formatAddressLine(p), formatDate(k.startDate), formatDate(k.endDate), k.status === 'active' ? 'czynna' : 'rozwiązana']
        }),
      )
      pdf.heading('Wodomierze i odczyty', 12)
      pdf.table(
        [{ header: 'Wodomierz', width: 2 }, { header: 'Data odczytu', width: 2 }, { header: 'Stan [m³]', width: 1.5, align: 'right' }, { header: 'Rodzaj', width: 2 }],
        data.readings.map((r) => [data.meters.find((m) => m.id === r.meterId)!.serialNo, formatDate(r.readOn), String(r.valueM3), r.kind]),
      )
      pdf.heading('Faktury', 12)
      pdf.table(
        [{ header: 'Numer', width: 3 }, { header: 'Data', width: 1.6 }, { header: 'Okres', width: 3 }, { header: 'Brutto', width: 2, align: 'right' }],
        data.invoices.map((i) => [i.number, formatDate(i.issueDate), `${formatDate(i.periodFrom)} – ${formatDate(i.periodTo)}`, formatGrosze(i.grossTotal)]),
      )
      pdf.heading('Wpłaty', 12)
      pdf.table(
        [{ header: 'Data', width: 1.6 }, { header: 'Kwota', width: 2, align: 'right' }, { header: 'Tytuł', width: 4 }],
        data.payments.map((p) => [formatDate(p.paidOn), formatGrosze(p.amount), p.reference ?? '']),
      )
      pdf.heading('Historia zmian', 12)
      pdf.table(
        [{ header: 'Kiedy', width: 2 }, { header: 'Kto', width: 2 }, { header: 'Czynność', width: 3 }, { header: 'Rekord', width: 1.6 }],
        data.history.map((h) => [formatDateTime(h.at), h.staff_name ?? 'system', h.operation, h.entity]),
      )
      const bytes = await pdf.save()
      return { fileBaseName: `dane-klienta-${customer.customerNo}`, json, pdfBase64: Buffer.from(bytes).toString('base64') }
    },
  }
}
