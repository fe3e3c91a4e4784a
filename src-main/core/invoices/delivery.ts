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
import { preparedSql, type ReadOrm } from '../../db/database'
import { invoiceDeliveries, invoices, printBatches, staff } from '../../db/schema'
import { newId, type BulkAudit, type WriteContext } from '../../db/write'
import { renderInvoicePdf, type PrintableInvoice } from '../../documents/invoice-pdf'
import { loadFontFiles } from '../../documents/pdf-kit'
import { pdfPool, type StoredPdf } from '../../documents/pdf-pool'
import { deliveryChannels } from '../consents/delivery'
import { queueMail, queueMails } from '../mail/outbox'
import type { Services } from '../services'
import { printableInvoices } from './queries'

export interface DeliveryDecision {
  channel: 'email' | 'paper'
  email: string | null
  /** Why, in Polish: kept with the delivery. */
  basis: string
}

/**
 * E-mails rendered and queued per transaction: 200 (a small billing run's issuing chunk), fewer for
 * a small set — at least four chunks, so the PDF workers draw the next chunks while one is written
 * and progress moves — but not fewer than 50.
 */
const mailChunkFor = (count: number) => Math.min(200, Math.max(50, Math.ceil(count / 4)))
/** Chunks of e-mails on the PDF workers while one is written: they never wait for the main thread. */
const CHUNKS_AHEAD = 2

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

/** A B2B invoice sent to KSeF whose number is not recorded yet: not handed to the buyer. */
export const awaitsKsefNumber = (d: PrintableInvoice): boolean => Boolean(d.ksefQr) && !d.ksefNumber

/**
 * Invoices a crash may have left without delivery (parameters: the run to leave out, the station
 * twice). Two index searches (by run, and the corrections' index as a range), not a scan of the
 * office's million invoices at every start: hence no OR and no ORDER BY in SQL. Those waiting for
 * their KSeF number are not left over: recording the number delivers them. The unary + keeps
 * SQLite off the run index for "billing_run_id IS NULL" (every seed invoice: a scan of the office's
 * history, 0.4 s at a tenth of Zamość), so the corrections' index is the one used.
 */
const LEFTOVER_OF_STATION = `i.station_code = ? AND i.created_by IS NOT NULL AND NOT (i.ksef_xml IS NOT NULL AND i.ksef_number IS NULL) AND NOT EXISTS (SELECT 1 FROM invoice_deliveries d WHERE d.invoice_id = i.id)`
export const LEFTOVERS_SQL = `SELECT i.id, i.number, i.billing_run_id AS runId FROM invoices i
     WHERE i.billing_run_id IN (SELECT id FROM billing_runs WHERE status != 'done' AND id IS NOT ?) AND ${LEFTOVER_OF_STATION}
   UNION ALL
   SELECT i.id, i.number, NULL FROM invoices i WHERE i.corrects_id > '' AND +i.billing_run_id IS NULL AND ${LEFTOVER_OF_STATION}`

/** Those of the given invoices that have no delivery yet: one statement (the ids as a JSON array), however many. */
function withoutDelivery<T extends { id: string }>(orm: ReadOrm, docs: readonly T[]): T[] {
  if (!docs.length) return []
  const delivered = new Set(
    preparedSql<[string], { id: string }>(orm, 'SELECT j.value AS id FROM json_each(?) j WHERE EXISTS (SELECT 1 FROM invoice_deliveries d WHERE d.invoice_id = j.value)')
      .all(JSON.stringify(docs.map((d) => d.id)))
      .map((r) => r.id),
  )
  return delivered.size ? docs.filter((d) => !delivered.has(d.id)) : [...docs]
}

/** What choosing the channel needs of an invoice; the whole document is read only for those e-mailed. */
interface DeliveryFacts {
  id: string
  customerId: string
  kind: 'invoice' | 'correction'
  /** Sent to KSeF, its number not recorded yet (awaitsKsefNumber, decided in SQL). */
  awaitsKsef: number
}

/** The given invoices' delivery facts, in one statement (the ids as a JSON array), in the order given. */
function deliveryFacts(orm: ReadOrm, ids: readonly string[]): DeliveryFacts[] {
  if (!ids.length) return []
  const rows = preparedSql<[string], DeliveryFacts>(
    orm,
    `SELECT i.id, i.customer_id AS customerId, i.kind, (coalesce(i.ksef_xml, '') != '' AND coalesce(i.ksef_number, '') = '') AS awaitsKsef
     FROM invoices i WHERE i.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(ids))
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}

export function createDeliveryService(s: Services) {
  const fonts = () => loadFontFiles(s.resourcesDir)

  /**
   * The channel for each customer's documents of one kind, as of a business date: asked of the
   * consents domain (derived from the acceptance events, never from the customer's e-mail field).
   */
  function decide(customerIds: readonly string[], document: EInvoiceScope = 'invoices', asOf = businessDate(s.now())): Map<string, DeliveryDecision> {
    const out = new Map<string, DeliveryDecision>()
    for (const [id, d] of deliveryChannels(s.db.read, customerIds, asOf, document)) {
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
   * delivery). Paper invoices share one new print batch; e-mails are rendered, stored and queued in
   * chunks. Only the e-mailed invoices are read whole (for their PDF and text). Each e-mail's PDF is
   * drawn and written into the file store by a PDF worker before its mail row is written (the row
   * never points at nothing; a crash in between leaves only an unreferenced file); this thread
   * does no file I/O. pdfMs: the time spent waiting for PDFs drawn and stored.
   */
  async function deliver(
    ctx: WriteContext,
    invoiceIds: readonly string[],
    /** audit 'summarised': a billing run's records and mails, audited by the run's one entry (billing/audit.ts). */
    options: { billingRunId?: string | null; audit?: BulkAudit; onProgress?: (done: number) => void } = {},
  ): Promise<{ emailed: number; paper: number; awaitingKsef: number; printBatchId: string | null; pdfCount: number; pdfMs: number }> {
    const all = deliveryFacts(s.db.read, invoiceIds)
    // An invoice to a buyer with a NIP is issued in KSeF: it reaches the buyer (print, e-mail) only
    // with its KSeF number and verification code; until the number is recorded it waits.
    const ready = all.filter((d) => !d.awaitsKsef)
    const awaitingKsef = all.length - ready.length
    const byKind = (d: { kind: string }): EInvoiceScope => (d.kind === 'correction' ? 'corrections' : 'invoices')
    const invoiceDecisions = decide(ready.filter((d) => byKind(d) === 'invoices').map((d) => d.customerId), 'invoices')
    const correctionDecisions = decide(ready.filter((d) => byKind(d) === 'corrections').map((d) => d.customerId), 'corrections')
    const decisionOf = (d: DeliveryFacts) => (byKind(d) === 'corrections' ? correctionDecisions : invoiceDecisions).get(d.customerId)!
    const paper = ready.filter((d) => decisionOf(d).channel === 'paper')
    const emailFacts = ready.filter((d) => decisionOf(d).channel === 'email')
    const printable = printableInvoices(s.db.read, emailFacts.map((d) => d.id))
    const email = emailFacts.map((d) => ({ doc: printable.get(d.id)!, decision: decisionOf(d) }))

    let printBatchId: string | null = null
    let paperCount = 0
    if (paper.length) {
      s.db.write(ctx, (tx) => {
        // Idempotent: an invoice that has a delivery by now (another pass after a crash got there
        // first) is left alone; checked in the transaction that would add one.
        const fresh = withoutDelivery(tx.read, paper)
        if (!fresh.length) return
        printBatchId = newId()
        paperCount = fresh.length
        tx.insert(printBatches, { id: printBatchId, billingRunId: options.billingRunId ?? null, invoiceCount: fresh.length, createdBy: ctx.staffId, createdAt: tx.now })
        // One prepared multi-row insert for a run's thousands of paper invoices.
        tx.insertMany(
          invoiceDeliveries,
          fresh.map((d) => ({ id: newId(), invoiceId: d.id, channel: 'paper' as const, email: null, mailId: null, printBatchId, basis: decisionOf(d).basis, createdBy: ctx.staffId, createdAt: tx.now })),
          options.audit,
        )
      })
    }
    let done = paper.length
    let emailed = 0
    options.onProgress?.(done)

    let pdfMs = 0
    const office = s.office()
    // PDFs on the worker pool (all cores), drawn and stored CHUNKS_AHEAD chunks ahead: the next
    // chunks render while this one is written.
    const pool = pdfPool(s.resourcesDir)
    const perChunk = mailChunkFor(email.length)
    const store = (from: number) => {
      const pending = pool.storeInvoices(office, email.slice(from, from + perChunk).map((e) => e.doc), s.dataDir)
      pending.catch(() => undefined) // awaited below; not an unhandled rejection meanwhile
      return pending
    }
    const ahead: Promise<StoredPdf[]>[] = []
    for (let from = 0; from < email.length && ahead.length < CHUNKS_AHEAD; from += perChunk) ahead.push(store(from))
    for (let i = 0; i < email.length; i += perChunk) {
      const chunk = email.slice(i, i + perChunk)
      const started = performance.now()
      const pdfs = await ahead.shift()!
      pdfMs += performance.now() - started
      const following = i + CHUNKS_AHEAD * perChunk
      if (following < email.length) ahead.push(store(following))
      s.db.write(ctx, (tx) => {
        const fresh = new Set(withoutDelivery(tx.read, chunk.map((e) => e.doc)).map((d) => d.id))
        const sending = chunk.flatMap((e, k) => (fresh.has(e.doc.id) ? [{ ...e, pdf: pdfs[k] }] : []))
        emailed += sending.length
        const queued = queueMails(
          s,
          tx,
          sending.map(({ doc, decision, pdf }) => ({
            kind: 'invoice' as const,
            to: decision.email!,
            ...mailText(doc),
            customerId: doc.customerId,
            related: { entity: 'invoices', id: doc.id },
            attachments: [{ fileName: invoiceFileName(doc.number, doc.kind), contentType: 'application/pdf' as const, stored: pdf }],
          })),
          ctx.staffId,
          options.audit,
        )
        const records = sending.map(({ doc, decision }, k) => ({
          id: newId(),
          invoiceId: doc.id,
          channel: 'email' as const,
          email: decision.email,
          mailId: queued[k].id,
          printBatchId: null,
          basis: decision.basis,
          createdBy: ctx.staffId,
          createdAt: tx.now,
        }))
        tx.insertMany(invoiceDeliveries, records, options.audit)
      })
      done += chunk.length
      options.onProgress?.(done)
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    return { emailed, paper: paperCount, awaitingKsef, printBatchId, pdfCount: email.length, pdfMs: Math.round(pdfMs) }
  }

  /**
   * What a crash may have left without delivery, cheaply enough for every start: invoices this
   * station issued in its billing runs that did not finish ('running' or 'failed'), and its
   * corrections (delivered right after they are written). By run (null: corrections), oldest first.
   */
  function leftovers(stationCode: string, exceptRunId: string | null = null): Map<string | null, string[]> {
    const rows = s.db.readSql
      .prepare(LEFTOVERS_SQL)
      .all(exceptRunId, stationCode, stationCode) as { id: string; number: string; runId: string | null }[]
    rows.sort((a, b) => a.number.localeCompare(b.number))
    const out = new Map<string | null, string[]>()
    for (const r of rows) out.set(r.runId, [...(out.get(r.runId) ?? []), r.id])
    return out
  }

  /** Issued invoices that have no delivery yet (e.g. the desk stopped between issuing and sending). */
  function undelivered(limit = 10_000): string[] {
    return s.db.read
      .select({ id: invoices.id })
      .from(invoices)
      .leftJoin(invoiceDeliveries, eq(invoiceDeliveries.invoiceId, invoices.id))
      // Issued here (seed history has no author and was delivered before it was imported).
      // Not those waiting for their KSeF number: recording the number delivers them.
      .where(and(isNull(invoiceDeliveries.id), sql`${invoices.createdBy} IS NOT NULL`, sql`NOT (${invoices.ksefXml} IS NOT NULL AND ${invoices.ksefNumber} IS NULL)`))
      .orderBy(asc(invoices.number))
      .limit(limit)
      .all()
      .map((r) => r.id)
  }

  /** Sends an issued invoice again by e-mail, to the address the acceptance covers today. */
  async function resend(ctx: WriteContext, invoiceId: string): Promise<void> {
    const doc = printableInvoices(s.db.read, [invoiceId]).get(invoiceId)
    if (!doc) throw new ApiError('NOT_FOUND', 'Faktura: nie istnieje', 'id')
    if (awaitsKsefNumber(doc)) throw new ApiError('CONFLICT', `Faktura ${doc.number} czeka na numer KSeF — nabywca otrzyma ją z numerem KSeF i kodem QR, gdy numer zostanie wpisany`, 'id')
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
    const batch = s.db.read.select().from(printBatches).where(eq(printBatches.id, batchId)).get()
    if (!batch) throw new ApiError('NOT_FOUND', 'Paczka do druku: nie istnieje', 'id')
    const ids = s.db.read.select({ id: invoiceDeliveries.invoiceId }).from(invoiceDeliveries).where(eq(invoiceDeliveries.printBatchId, batchId)).all().map((r) => r.id)
    const docs = [...printableInvoices(s.db.read, ids).values()].sort(deliveryOrder)
    const title = `Faktury do wysyłki pocztą z ${formatDate(batch.createdAt)} (${docs.length})`
    // On a worker thread: a batch of thousands of invoices takes seconds the main thread stays free for.
    const { bytes, pages } = await pdfPool(s.resourcesDir).renderBatch(s.office(), docs, title)
    return { fileName: `Paczka_faktur_${businessDate(new Date(batch.createdAt))}_${docs.length}.pdf`, pdfBase64: Buffer.from(bytes).toString('base64'), pages }
  }

  function markPrinted(ctx: WriteContext, batchId: string): PrintBatchView {
    const batch = s.db.read.select().from(printBatches).where(eq(printBatches.id, batchId)).get()
    if (!batch) throw new ApiError('NOT_FOUND', 'Paczka do druku: nie istnieje', 'id')
    if (!batch.printedAt) s.db.write(ctx, (tx) => tx.update(printBatches, batchId, { printedAt: tx.now, printedBy: ctx.staffId }))
    return listBatches(1, batchId)[0]
  }

  function listBatches(limit: number, onlyId?: string): PrintBatchView[] {
    return s.db.read
      .select({ b: printBatches, name: staff.fullName })
      .from(printBatches)
      .leftJoin(staff, eq(staff.id, printBatches.printedBy))
      .where(onlyId ? eq(printBatches.id, onlyId) : undefined)
      .orderBy(desc(printBatches.createdAt))
      .limit(limit)
      .all()
      .map(({ b, name }) => ({ id: b.id, billingRunId: b.billingRunId, invoiceCount: b.invoiceCount, createdAt: b.createdAt, printedAt: b.printedAt, printedByName: name }))
  }

  return { decide, deliver, undelivered, leftovers, resend, printBatchPdf, markPrinted, listBatches }
}

export type DeliveryService = ReturnType<typeof createDeliveryService>
