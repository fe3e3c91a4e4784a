// Delivering issued invoices. With an e-invoice acceptance in force that covers the document, the
// PDF goes through the mail outbox to the address the acceptance covers, queued on the day of
// issue; every other invoice goes into a print batch (one PDF, in delivery order). Which channel
// applies is derived from the consent events (shared/domain/consents.ts) — never from the
// customer's e-mail field. Each delivery is a row; a resend adds one.
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import { ApiError } from '../../../shared/api/errors'
import type { PdfDocument, PrintBatchView } from '../../../shared/api/types'
import type { EInvoiceScope } from '../../../shared/domain/consents'
import { businessDate, formatDate } from '../../../shared/domain/dates'
import { formatGrosze } from '../../../shared/domain/money'
import { formatNrb } from '../../../shared/validation/identifiers'
import { invoiceDeliveries, invoices, printBatches, staff } from '../../db/schema'
import { newId, type WriteContext } from '../../db/write'
import { renderInvoicePdf, type PrintableInvoice } from '../../documents/invoice-pdf'
import { loadFontFiles } from '../../documents/pdf-kit'
import { pdfPool } from '../../documents/pdf-pool'
import { invoiceDelivery } from '../consents/delivery'
import { queueMail } from '../mail/outbox'
import type { Services } from '../services'
import { printableInvoices } from './read'

export interface DeliveryDecision {
  channel: 'email' | 'paper'
  email: string | null
  /** Why, in Polish: kept with the delivery. */
  basis: string
}

/** E-mails rendered and queued per transaction. */
const MAIL_CHUNK = 50

export const invoiceFileName = (number: string, kind: 'invoice' | 'correction' = 'invoice') =>
  `${kind === 'correction' ? 'Korekta' : 'Faktura'}_${number.replace(/[^A-Za-z0-9]+/g, '_')}.pdf`

/** Delivery order for the postman: postal code, town, street, house and flat number (numerically). */
export function deliveryOrder(a: PrintableInvoice, b: PrintableInvoice): number {
  const x = a.buyer.address
  const y = b.buyer.address
  const num = (v: string | null) => {
    const m = /^(\d+)(.*)$/.exec(v ?? '')
    return m ? [Number(m[1]), m[2]] : [Number.MAX_SAFE_INTEGER, v ?? '']
  }
  const [hx, hxs] = num(x.houseNo)
  const [hy, hys] = num(y.houseNo)
  const [fx, fxs] = num(x.flatNo)
  const [fy, fys] = num(y.flatNo)
  return (
    x.postalCode.localeCompare(y.postalCode) ||
    x.city.localeCompare(y.city, 'pl') ||
    x.street.localeCompare(y.street, 'pl') ||
    (hx as number) - (hy as number) ||
    String(hxs).localeCompare(String(hys), 'pl') ||
    (fx as number) - (fy as number) ||
    String(fxs).localeCompare(String(fys), 'pl') ||
    a.number.localeCompare(b.number)
  )
}

export function createDeliveryService(s: Services) {
  const fonts = () => loadFontFiles(s.resourcesDir)

  /**
   * The channel for each customer's documents of one kind, as of a business date: asked of the
   * consents domain (derived from the acceptance events, never from the customer's e-mail field).
   */
  function decide(customerIds: readonly string[], document: EInvoiceScope = 'invoices', asOf = businessDate(s.now())): Map<string, DeliveryDecision> {
    const out = new Map<string, DeliveryDecision>()
    for (const id of new Set(customerIds)) {
      const d = invoiceDelivery(s.db.orm, id, asOf, document)
      out.set(id, { channel: d.channel, email: d.channel === 'email' ? d.email : null, basis: d.summary })
    }
    return out
  }

  function mailText(inv: PrintableInvoice): { subject: string; text: string } {
    const correction = inv.kind === 'correction'
    const subject = `${correction ? 'Faktura korygująca' : 'Faktura'} ${inv.number} — ${inv.seller.name}`
    const lines = [
      'Dzień dobry,',
      '',
      `w załączniku przesyłamy ${correction ? 'fakturę korygującą' : 'fakturę'} nr ${inv.number} z dnia ${formatDate(inv.issueDate)} za okres ${formatDate(inv.periodFrom)}–${formatDate(inv.periodTo)} (nr klienta ${inv.buyer.customerNo}).`,
    ]
    if (!correction || inv.gross > 0) {
      lines.push('', `Kwota do zapłaty: ${formatGrosze(inv.gross)}, termin płatności: ${formatDate(inv.dueDate)}.`, `Indywidualny rachunek do wpłat: ${formatNrb(inv.paymentAccount)}.`)
    } else if (inv.gross < 0) {
      lines.push('', `Kwota korekty: ${formatGrosze(inv.gross)} — zostanie zaliczona na poczet kolejnych należności albo zwrócona na wniosek.`)
    }
    lines.push(
      '',
      'Faktura jest wysyłana w formie elektronicznej zgodnie z akceptacją przesyłania faktur w formie elektronicznej (art. 106n ustawy o VAT).',
      '',
      'Z poważaniem',
      inv.seller.name,
    )
    return { subject, text: lines.join('\n') }
  }

  /**
   * Sends or queues for print the given issued invoices (a run's, or ones a crash left without
   * delivery). Paper invoices share one new print batch; e-mails are rendered and queued in chunks.
   */
  async function deliver(
    ctx: WriteContext,
    invoiceIds: readonly string[],
    options: { billingRunId?: string | null; onProgress?: (done: number) => void } = {},
  ): Promise<{ emailed: number; paper: number; printBatchId: string | null; pdfCount: number; pdfMs: number }> {
    const docs = printableInvoices(s.db.orm, invoiceIds)
    const byKind = (d: PrintableInvoice): EInvoiceScope => (d.kind === 'correction' ? 'corrections' : 'invoices')
    const invoiceDecisions = decide([...docs.values()].filter((d) => byKind(d) === 'invoices').map((d) => d.customerId), 'invoices')
    const correctionDecisions = decide([...docs.values()].filter((d) => byKind(d) === 'corrections').map((d) => d.customerId), 'corrections')
    const decisionOf = (d: PrintableInvoice & { customerId: string }) => (byKind(d) === 'corrections' ? correctionDecisions : invoiceDecisions).get(d.customerId)!
    const email = invoiceIds.map((id) => docs.get(id)!).filter((d) => decisionOf(d).channel === 'email')
    const paper = invoiceIds.map((id) => docs.get(id)!).filter((d) => decisionOf(d).channel === 'paper')

    let printBatchId: string | null = null
    if (paper.length) {
      printBatchId = newId()
      s.db.write(ctx, (tx) => {
        tx.insert(printBatches, { id: printBatchId!, billingRunId: options.billingRunId ?? null, invoiceCount: paper.length, createdBy: ctx.staffId, createdAt: tx.now })
        // One prepared multi-row insert for a run's thousands of paper invoices.
        tx.insertMany(
          invoiceDeliveries,
          paper.map((d) => ({ id: newId(), invoiceId: d.id, channel: 'paper' as const, email: null, mailId: null, printBatchId, basis: decisionOf(d).basis, createdBy: ctx.staffId, createdAt: tx.now })),
        )
      })
    }
    let done = paper.length
    options.onProgress?.(done)

    let pdfMs = 0
    const office = s.office()
    // PDFs on the worker pool (all cores), one chunk ahead: the next chunk renders while this one
    // is written. pdfMs is the time spent waiting for PDFs.
    const pool = pdfPool(s.resourcesDir)
    const render = (from: number) => {
      const pending = pool.renderInvoices(office, email.slice(from, from + MAIL_CHUNK))
      pending.catch(() => undefined) // awaited below; not an unhandled rejection meanwhile
      return pending
    }
    let next = email.length ? render(0) : null
    for (let i = 0; i < email.length; i += MAIL_CHUNK) {
      const chunk = email.slice(i, i + MAIL_CHUNK)
      const started = performance.now()
      const pdfs = (await next!).map((p) => p.bytes)
      pdfMs += performance.now() - started
      next = i + MAIL_CHUNK < email.length ? render(i + MAIL_CHUNK) : null
      s.db.write(ctx, (tx) => {
        chunk.forEach((d, k) => {
          const decision = decisionOf(d)
          const { subject, text } = mailText(d)
          const mail = queueMail(
            s,
            tx,
            {
              kind: 'invoice',
              to: decision.email!,
              subject,
              text,
              customerId: d.customerId,
              related: { entity: 'invoices', id: d.id },
              attachments: [{ fileName: invoiceFileName(d.number, d.kind), contentType: 'application/pdf', data: pdfs[k] }],
            },
            ctx.staffId,
          )
          tx.insert(invoiceDeliveries, { id: newId(), invoiceId: d.id, channel: 'email', email: decision.email, mailId: mail.id, printBatchId: null, basis: decision.basis, createdBy: ctx.staffId, createdAt: tx.now })
        })
      })
      done += chunk.length
      options.onProgress?.(done)
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    return { emailed: email.length, paper: paper.length, printBatchId, pdfCount: email.length, pdfMs: Math.round(pdfMs) }
  }

  /** Issued invoices that have no delivery yet (e.g. the desk stopped between issuing and sending). */
  function undelivered(limit = 10_000): string[] {
    return s.db.orm
      .select({ id: invoices.id })
      .from(invoices)
      .leftJoin(invoiceDeliveries, eq(invoiceDeliveries.invoiceId, invoices.id))
      // Issued here (seed history has no author and was delivered before it was imported).
      .where(and(isNull(invoiceDeliveries.id), sql`${invoices.createdBy} IS NOT NULL`))
      .orderBy(asc(invoices.number))
      .limit(limit)
      .all()
      .map((r) => r.id)
  }

  /** Sends an issued invoice again by e-mail, to the address the acceptance covers today. */
  async function resend(ctx: WriteContext, invoiceId: string): Promise<void> {
    const doc = printableInvoices(s.db.orm, [invoiceId]).get(invoiceId)
    if (!doc) throw new ApiError('NOT_FOUND', 'Faktura: nie istnieje', 'id')
    const decision = decide([doc.customerId], doc.kind === 'correction' ? 'corrections' : 'invoices').get(doc.customerId)!
    if (decision.channel !== 'email') {
      throw new ApiError('CONFLICT', 'Klient nie ma akceptacji faktur elektronicznych — fakturę można przekazać tylko na papierze (wydrukuj duplikat)')
    }
    const { bytes: pdf } = await renderInvoicePdf(fonts(), s.office(), doc)
    const { subject, text } = mailText(doc)
    s.db.write(ctx, (tx) => {
      const mail = queueMail(
        s,
        tx,
        {
          kind: 'invoice',
          to: decision.email!,
          subject,
          text,
          customerId: doc.customerId,
          related: { entity: 'invoices', id: doc.id },
          attachments: [{ fileName: invoiceFileName(doc.number, doc.kind), contentType: 'application/pdf', data: pdf }],
        },
        ctx.staffId,
      )
      tx.insert(invoiceDeliveries, { id: newId(), invoiceId: doc.id, channel: 'email', email: decision.email, mailId: mail.id, printBatchId: null, basis: `Ponowna wysyłka. ${decision.basis}`, createdBy: ctx.staffId, createdAt: tx.now })
    })
  }

  async function printBatchPdf(batchId: string): Promise<PdfDocument> {
    const batch = s.db.orm.select().from(printBatches).where(eq(printBatches.id, batchId)).get()
    if (!batch) throw new ApiError('NOT_FOUND', 'Paczka do druku: nie istnieje', 'id')
    const ids = s.db.orm.select({ id: invoiceDeliveries.invoiceId }).from(invoiceDeliveries).where(eq(invoiceDeliveries.printBatchId, batchId)).all().map((r) => r.id)
    const docs = [...printableInvoices(s.db.orm, ids).values()].sort(deliveryOrder)
    const title = `Faktury do wysyłki pocztą z ${formatDate(batch.createdAt)} (${docs.length})`
    // On a worker thread: a batch of thousands of invoices takes seconds the main thread stays free for.
    const { bytes, pages } = await pdfPool(s.resourcesDir).renderBatch(s.office(), docs, title)
    return { fileName: `Paczka_faktur_${businessDate(new Date(batch.createdAt))}_${docs.length}.pdf`, pdfBase64: Buffer.from(bytes).toString('base64'), pages }
  }

  function markPrinted(ctx: WriteContext, batchId: string): PrintBatchView {
    const batch = s.db.orm.select().from(printBatches).where(eq(printBatches.id, batchId)).get()
    if (!batch) throw new ApiError('NOT_FOUND', 'Paczka do druku: nie istnieje', 'id')
    if (!batch.printedAt) s.db.write(ctx, (tx) => tx.update(printBatches, batchId, { printedAt: tx.now, printedBy: ctx.staffId }))
    return listBatches(1, batchId)[0]
  }

  function listBatches(limit: number, onlyId?: string): PrintBatchView[] {
    return s.db.orm
      .select({ b: printBatches, name: staff.fullName })
      .from(printBatches)
      .leftJoin(staff, eq(staff.id, printBatches.printedBy))
      .where(onlyId ? eq(printBatches.id, onlyId) : undefined)
      .orderBy(desc(printBatches.createdAt))
      .limit(limit)
      .all()
      .map(({ b, name }) => ({ id: b.id, billingRunId: b.billingRunId, invoiceCount: b.invoiceCount, createdAt: b.createdAt, printedAt: b.printedAt, printedByName: name }))
  }

  return { decide, deliver, undelivered, resend, printBatchPdf, markPrinted, listBatches }
}

export type DeliveryService = ReturnType<typeof createDeliveryService>
