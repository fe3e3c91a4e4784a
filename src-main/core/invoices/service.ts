// Issued invoices after issue: PDF, duplicates (art. 106l), corrections (art. 106j), the KSeF
// number, resending and print batches. An issued invoice is never edited; a correction is a new
// invoice, a duplicate a new fact.
import { eq } from 'drizzle-orm'
import type { ParsedInputOf } from '../../../shared/api/contract'
import { ApiError } from '../../../shared/api/errors'
import type { InvoiceView, PdfDocument, XmlDocument } from '../../../shared/api/types'
import { computeCorrection, CORRECTION_SERIES, formatInvoiceNumber, PAYMENT_TERM_DAYS } from '../../../shared/domain/billing'
import { addDays, businessDate, formatDate } from '../../../shared/domain/dates'
import { ksefNumberDate } from '../../../shared/domain/ksef'
import { contracts, invoiceDeliveries, invoiceDuplicates, invoices } from '../../db/schema'
import { newId, type WriteContext } from '../../db/write'
import { renderInvoicePdf } from '../../documents/invoice-pdf'
import { loadFontFiles } from '../../documents/pdf-kit'
import { writeInvoice } from './issue'
import { invoiceSeriesKind, takeNext } from '../../platform/numbering'
import type { Services } from '../services'
import type { StaffSession } from '../staff/sessions'
import { createDeliveryService, invoiceFileName } from './delivery'
import { asLineInputs, invoiceRow, invoiceView, linesOf, printableInvoices, rateViews } from './queries'

export function createInvoiceService(s: Services) {
  const delivery = createDeliveryService(s)
  const today = () => businessDate(s.now())
  const ctx = (session: StaffSession, operation: string): WriteContext => ({ staffId: session.staffId, stationCode: s.stationCode(), operation })

  function printable(id: string) {
    const doc = printableInvoices(s.db.orm, [id]).get(id)
    if (!doc) throw new ApiError('NOT_FOUND', 'Faktura: nie istnieje', 'id')
    return doc
  }

  async function pdf(id: string): Promise<PdfDocument> {
    const doc = printable(id)
    const { bytes, pages } = await renderInvoicePdf(loadFontFiles(s.resourcesDir), s.office(), doc)
    return { fileName: invoiceFileName(doc.number, doc.kind), pdfBase64: Buffer.from(bytes).toString('base64'), pages }
  }

  async function duplicate(session: StaffSession, input: ParsedInputOf<'invoices.duplicate'>): Promise<PdfDocument> {
    const doc = printable(input.id)
    const issuedOn = today()
    // Rendered before anything is written: a failure leaves no duplicate on record.
    const { bytes, pages } = await renderInvoicePdf(loadFontFiles(s.resourcesDir), s.office(), doc, { duplicateOn: issuedOn })
    s.db.write(ctx(session, 'invoices.duplicate'), (tx) =>
      tx.insert(invoiceDuplicates, { id: newId(), invoiceId: doc.id, issuedOn, reason: input.reason, createdBy: session.staffId, createdAt: tx.now }),
    )
    return {
      fileName: invoiceFileName(doc.number, doc.kind).replace(/\.pdf$/, `_duplikat_${issuedOn}.pdf`),
      pdfBase64: Buffer.from(bytes).toString('base64'),
      pages,
    }
  }

  async function correct(session: StaffSession, input: ParsedInputOf<'invoices.correct'>): Promise<InvoiceView> {
    const office = s.office()
    if (!office) throw new ApiError('SETUP_REQUIRED', 'Biuro nie jest jeszcze skonfigurowane')
    const target = invoiceRow(s.db.orm, input.id)
    // A correction's FA(3) names the corrected invoice by its KSeF number (art. 106j, NrKSeF):
    // an invoice sent to KSeF but without its number yet cannot be corrected truthfully.
    if (target.ksefXml && !target.ksefNumber) {
      throw new ApiError(
        'CONFLICT',
        `Faktura ${target.number} czeka na numer KSeF — korekta musi wskazać numer KSeF faktury korygowanej. Wpisz najpierw numer KSeF tej faktury, potem wystaw korektę`,
        'id',
      )
    }
    const issueDate = input.issueDate ?? today()
    if (issueDate < target.issueDate) throw new ApiError('VALIDATION', `Data wystawienia korekty: nie może być wcześniejsza niż data faktury korygowanej (${formatDate(target.issueDate)})`, 'issueDate')
    const beforeLines = linesOf(s.db.orm, target.id)
    const afterLines = input.lines.map((l) => ({ name: l.name, unit: l.unit, quantity: l.quantity, unitNet: l.unitNet, vatBasisPoints: l.vatRate, tariffPriceId: null }))
    const same =
      afterLines.length === beforeLines.length &&
      afterLines.every((l, i) => {
        const b = beforeLines[i]
        return l.name === b.name && l.unit === b.unit && l.quantity === b.quantity && l.unitNet === b.unitNet && l.vatBasisPoints === b.vatBasisPoints
      })
    if (same) throw new ApiError('VALIDATION', 'Pozycje: nie różnią się od faktury korygowanej — nie ma czego korygować', 'lines')
    const diff = computeCorrection(asLineInputs(beforeLines), afterLines)
    const contract = s.db.orm.select({ contractNo: contracts.contractNo }).from(contracts).where(eq(contracts.id, target.contractId)).get()

    const id = s.db.write(ctx(session, 'invoices.correct'), (tx) => {
      // Checked in the transaction: two clerks correcting the same invoice at once.
      const newer = tx.orm.select({ number: invoices.number }).from(invoices).where(eq(invoices.correctsId, target.id)).get()
      if (newer) throw new ApiError('CONFLICT', `Faktura ${target.number} ma już korektę ${newer.number} — skoryguj ostatnią korektę`, 'id')
      const year = Number(issueDate.slice(0, 4))
      const number = formatInvoiceNumber(CORRECTION_SERIES, office.stationCode, year, takeNext(tx, invoiceSeriesKind(CORRECTION_SERIES), office.stationCode, String(year)))
      return writeInvoice(tx, {
        kind: 'correction',
        series: CORRECTION_SERIES,
        stationCode: office.stationCode,
        number,
        customerId: target.customerId,
        contractId: target.contractId,
        contractNo: contract?.contractNo ?? '',
        issueDate,
        periodFrom: target.periodFrom,
        periodTo: target.periodTo,
        dueDate: addDays(issueDate, PAYMENT_TERM_DAYS),
        // The parties and the place of supply are those of the corrected invoice.
        snapshot: {
          placeOfIssue: office.address.city,
          seller: target.seller,
          buyer: target.buyer,
          supplyPoint: target.supplyPoint,
          paymentAccount: target.paymentAccount,
          tariffGroupName: target.tariffGroupName,
        },
        lines: afterLines,
        amounts: { net: diff.net, vat: diff.vat, gross: diff.gross, byRate: diff.byRate.map((r) => ({ vatBasisPoints: r.vatBasisPoints, net: r.net, vat: r.vat, gross: r.gross })) },
        readings: [],
        correctsId: target.id,
        correctionReason: input.reason,
        corrects: { id: target.id, number: target.number, issueDate: target.issueDate, ksefNumber: target.ksefNumber, lines: beforeLines, ...rateViews(beforeLines) },
        createdBy: session.staffId,
      })
    })
    await delivery.deliver(ctx(session, 'invoices.correct'), [id])
    return invoiceView(s.db.orm, id, today())
  }

  function ksefXml(id: string): XmlDocument {
    const inv = invoiceRow(s.db.orm, id)
    if (!inv.ksefXml) throw new ApiError('NOT_FOUND', `Faktura ${inv.number} dla nabywcy bez NIP nie ma pliku KSeF (faktury dla konsumentów są poza KSeF)`, 'id')
    return { fileName: `${inv.number.replace(/[^A-Za-z0-9]+/g, '_')}_FA3.xml`, xml: inv.ksefXml }
  }

  /**
   * Records the number KSeF gave the invoice (its format and checksum are checked by the contract),
   * then hands the invoice over: a B2B invoice waits for its number before it is e-mailed or printed.
   */
  async function recordKsefNumber(session: StaffSession, input: ParsedInputOf<'invoices.recordKsefNumber'>): Promise<InvoiceView> {
    const inv = invoiceRow(s.db.orm, input.id)
    if (!inv.ksefXml) throw new ApiError('CONFLICT', `Faktura ${inv.number} nie była wystawiana w KSeF (nabywca bez NIP)`, 'id')
    if (inv.ksefNumber) throw new ApiError('CONFLICT', `Faktura ${inv.number} ma już numer KSeF ${inv.ksefNumber}`, 'ksefNumber')
    if (!input.ksefNumber.startsWith(`${inv.seller.nip}-`)) throw new ApiError('VALIDATION', `Numer KSeF: musi zaczynać się od NIP sprzedawcy (${inv.seller.nip})`, 'ksefNumber')
    const acceptedOn = ksefNumberDate(input.ksefNumber)
    if (acceptedOn < inv.issueDate) {
      throw new ApiError('VALIDATION', `Numer KSeF: data w numerze (${formatDate(acceptedOn)}) jest wcześniejsza niż data wystawienia faktury (${formatDate(inv.issueDate)})`, 'ksefNumber')
    }
    if (acceptedOn > today()) throw new ApiError('VALIDATION', `Numer KSeF: data w numerze (${formatDate(acceptedOn)}) jest datą przyszłą`, 'ksefNumber')
    const taken = s.db.orm.select({ number: invoices.number }).from(invoices).where(eq(invoices.ksefNumber, input.ksefNumber)).get()
    if (taken) throw new ApiError('CONFLICT', `Numer KSeF: ten numer zapisano już przy fakturze ${taken.number}`, 'ksefNumber')
    const c = ctx(session, 'invoices.recordKsefNumber')
    s.db.write(c, (tx) => tx.update(invoices, inv.id, { ksefNumber: input.ksefNumber, ksefNumberAt: tx.now }))
    // Delivery proceeds now, unless the invoice was already handed over (recorded late).
    const delivered = s.db.orm.select({ id: invoiceDeliveries.id }).from(invoiceDeliveries).where(eq(invoiceDeliveries.invoiceId, inv.id)).get()
    if (!delivered && inv.createdBy) await delivery.deliver(c, [inv.id])
    return invoiceView(s.db.orm, inv.id, today())
  }

  async function resend(session: StaffSession, id: string): Promise<InvoiceView> {
    await delivery.resend(ctx(session, 'invoices.resend'), id)
    return invoiceView(s.db.orm, id, today())
  }

  async function deliverPending(session: StaffSession) {
    const ids = delivery.undelivered()
    const r = await delivery.deliver(ctx(session, 'invoices.deliverPending'), ids)
    return { emailed: r.emailed, paper: r.paper, printBatchId: r.printBatchId, awaitingKsef: r.awaitingKsef }
  }

  return {
    get: (id: string) => invoiceView(s.db.orm, id, today()),
    pdf,
    duplicate,
    correct,
    ksefXml,
    recordKsefNumber,
    resend,
    deliverPending,
    delivery,
  }
}
