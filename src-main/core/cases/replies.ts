// Replies from templates: the draft filled with the customer's and the case's data, checked and
// sent — by e-mail through the outbox (the letter PDF attached) or printed as a window-envelope
// letter. What was sent is kept with the case: the exact text, the PDF (by hash) and the mail.
// An extension notice is a reply too: sending it moves the term, never silently.
import { eq } from 'drizzle-orm'
import type { ParsedInputOf } from '../../../shared/api/contract'
import { ApiError } from '../../../shared/api/errors'
import type { ReplyDraft, ReplyTemplateView } from '../../../shared/api/types'
import { CASE_STATUS_LABELS, CASE_TYPE_INFO, DEPARTMENT_LABELS } from '../../../shared/domain/cases'
import { customerDisplayName, formatAddressLine } from '../../../shared/domain/customer-format'
import { businessDate, formatDate } from '../../../shared/domain/dates'
import { extensionProblem, suggestedExtension } from '../../../shared/domain/deadlines'
import { caseEvents, caseReplies, cases, customers, staff } from '../../db/schema'
import { newId, type StaffWrite } from '../../db/write'
import { caseLetterPdf } from '../../documents/case-letter'
import type { Services } from '../services'
import { putFile } from '../../platform/attachments/file-store'
import { readSyncedFile } from '../sync/synced-file'
import type { QueueMail } from './mail-port'
import { portalReplyNotice } from './portal-notice'
import type { CaseRow } from './service'
import { fillTemplate, GAP, loadTemplates, type ReplyTemplate, type TemplateValues } from './templates'

type CustomerRow = typeof customers.$inferSelect

const isOpen = (row: CaseRow) => row.status === 'new' || row.status === 'in_progress'

function addressLines(c: CustomerRow): string[] {
  const street = formatAddressLine({ street: c.corrStreet, houseNo: c.corrHouseNo, flatNo: c.corrFlatNo, postalCode: c.corrPostalCode, city: c.corrCity })
  // "ul. Krucza 10, 22-400 Zamość" → two lines for the envelope window.
  const comma = street.lastIndexOf(', ')
  return [street.slice(0, comma), street.slice(comma + 2)]
}

export function createReplyService(s: Services, queueMail: QueueMail | null) {
  const today = () => businessDate(s.now())

  const load = (id: string) => {
    const row = s.db.read.select().from(cases).where(eq(cases.id, id)).get()
    if (!row) throw new ApiError('NOT_FOUND', 'Sprawa: nie istnieje', 'id')
    const customer = row.customerId ? s.db.read.select().from(customers).where(eq(customers.id, row.customerId)).get() : undefined
    return { row, customer }
  }

  /** Answers fit the case's type; extension notices only while the term runs and may be extended. */
  const applicable = (row: CaseRow): ReplyTemplate[] => {
    const term = CASE_TYPE_INFO[row.type].term
    return loadTemplates(s.resourcesDir).filter(
      (t) => t.types.includes(row.type) && (t.kind === 'answer' || (term.kind === 'days' && term.extendable && isOpen(row))),
    )
  }

  const templateFor = (row: CaseRow, templateId: string): ReplyTemplate => {
    const template = applicable(row).find((t) => t.id === templateId)
    if (!template) throw new ApiError('VALIDATION', 'Wzór: nie pasuje do tej sprawy albo nie istnieje', 'templateId')
    return template
  }

  const values = (call: StaffWrite, row: CaseRow, customer: CustomerRow | undefined, newDueOn: string | null): TemplateValues => {
    const office = s.office()
    if (!office) throw new ApiError('SETUP_REQUIRED', 'Biuro nie jest jeszcze skonfigurowane')
    const clerk = s.db.read.select({ name: staff.fullName }).from(staff).where(eq(staff.id, call.staffId)).get()
    return {
      klient: customer ? customerDisplayName(customer) : (row.reporterName ?? 'Zgłaszający'),
      nr_klienta: customer?.customerNo ?? '—',
      adres_klienta: customer ? addressLines(customer).join(', ') : '—',
      nr_sprawy: row.caseNo,
      rodzaj_sprawy: CASE_TYPE_INFO[row.type].label.toLowerCase(),
      temat: row.subject,
      data_wplywu: formatDate(row.receivedOn),
      termin: formatDate(row.dueOn),
      nowy_termin: newDueOn ? formatDate(newDueOn) : '—',
      miejsce: row.location ?? '—',
      data: formatDate(today()),
      pracownik: clerk?.name ?? '',
      dzial: DEPARTMENT_LABELS[row.department],
      biuro: office.name,
      adres_biura: formatAddressLine(office.address),
      telefon_biura: office.phone ?? '—',
      email_biura: office.email ?? '—',
    }
  }

  return {
    templates(id: string): ReplyTemplateView[] {
      return applicable(load(id).row).map((t) => ({ id: t.id, title: t.title, kind: t.kind }))
    },

    draft(call: StaffWrite, id: string, templateId: string, newDueOn: string | undefined): ReplyDraft {
      const { row, customer } = load(id)
      const template = templateFor(row, templateId)
      const due = template.kind === 'extension' ? (newDueOn ?? suggestedExtension(row.receivedOn, row.dueOn)) : null
      const v = values(call, row, customer, due)
      return {
        templateId,
        kind: template.kind,
        subject: fillTemplate(template.subject, v),
        body: fillTemplate(template.body, v),
        recipientName: v.klient,
        recipientEmail: customer?.email ?? null,
        recipientAddress: customer ? addressLines(customer) : [],
        newDueOn: due,
      }
    },

    /** Sends the reviewed reply; returns the reply's id and the letter PDF. */
    async send(call: StaffWrite, input: ParsedInputOf<'cases.sendReply'>): Promise<{ replyId: string; fileName: string; pdf: Uint8Array }> {
      const office = s.office()
      if (!office) throw new ApiError('SETUP_REQUIRED', 'Biuro nie jest jeszcze skonfigurowane')
      const { row, customer } = load(input.id)
      if (row.status === 'closed') throw new ApiError('CONFLICT', `Sprawa ${row.caseNo} jest zamknięta — najpierw otwórz ją ponownie`)
      const template = templateFor(row, input.templateId)
      const now = today()
      const extension = template.kind === 'extension'
      if (extension) {
        if (!input.newDueOn) throw new ApiError('VALIDATION', 'Nowy termin: pole wymagane', 'newDueOn')
        const problem = extensionProblem({ rule: CASE_TYPE_INFO[row.type].term, receivedOn: row.receivedOn, currentDue: row.dueOn, newDue: input.newDueOn, today: now })
        if (problem) throw new ApiError('VALIDATION', problem, 'newDueOn')
      }
      const newDueOn = extension ? input.newDueOn! : null
      // Fields the clerk left as {{…}} are filled now; gaps [[…]] must have been written by hand.
      const v = values(call, row, customer, newDueOn)
      const subject = fillTemplate(input.subject, v)
      const body = fillTemplate(input.body, v)
      if (GAP.test(subject)) throw new ApiError('VALIDATION', 'Temat: uzupełnij miejsca oznaczone [[…]]', 'subject')
      if (GAP.test(body)) throw new ApiError('VALIDATION', 'Treść: uzupełnij miejsca oznaczone [[…]]', 'body')
      if (extension && !body.includes(formatDate(newDueOn))) {
        throw new ApiError('VALIDATION', `Treść: zawiadomienie musi podawać nowy termin ${formatDate(newDueOn)} — przygotuj treść ponownie ze wzoru`, 'body')
      }

      let to: string | null = null
      if (input.channel === 'email') {
        to = input.email ?? customer?.email ?? null
        if (!to) throw new ApiError('VALIDATION', 'E-mail adresata: klient nie ma adresu e-mail — podaj adres albo wyślij list', 'email')
        if (!queueMail) throw new ApiError('CONFLICT', 'Poczta wychodząca nie jest dostępna na tym stanowisku — wyślij odpowiedź listem', 'channel')
      } else if (!customer) {
        throw new ApiError('VALIDATION', 'Sposób wysyłki: list wymaga adresu klienta — to zgłoszenie nie ma klienta, wyślij e-mail', 'channel')
      }
      const recipientName = customer ? customerDisplayName(customer) : (row.reporterName ?? to!)
      const recipientAddress = customer ? addressLines(customer) : []

      // The letter is made (and stored by its hash) before the transaction: pdf-lib is async.
      const pdf = await caseLetterPdf(s.resourcesDir, office, {
        caseNo: row.caseNo,
        customerNo: customer?.customerNo ?? null,
        receivedOn: row.receivedOn,
        sentOn: now,
        recipientName,
        recipientAddress,
        subject,
        body,
      })
      const pdfSha256 = putFile(s.dataDir, pdf).sha256
      const fileName = `${extension ? 'przedluzenie' : 'odpowiedz'}-${row.caseNo.replaceAll('/', '-')}.pdf`

      const replyId = s.db.write(call, (tx) => {
        const current = tx.read.select().from(cases).where(eq(cases.id, row.id)).get()!
        if (current.status === 'closed') throw new ApiError('CONFLICT', `Sprawa ${row.caseNo} jest zamknięta — najpierw otwórz ją ponownie`)
        if (extension && current.dueOn !== row.dueOn) throw new ApiError('CONFLICT', 'Termin sprawy zmienił się w międzyczasie — przygotuj zawiadomienie ponownie', 'newDueOn')
        const mailId =
          to && queueMail
            ? queueMail(tx, { to, subject, text: body, attachments: [{ fileName, content: pdf }], customerId: row.customerId, caseId: row.id, createdBy: call.staffId }).id
            : null
        // The customer with an active iBOK account is told the reply is there (not when it was itself e-mailed to them).
        const notice = queueMail ? portalReplyNotice(tx, row, customer, to, call.staffId) : null
        if (notice) queueMail!(tx, notice)
        const reply = tx.insert(caseReplies, {
          id: newId(),
          caseId: row.id,
          kind: extension ? 'extension' : 'answer',
          templateId: template.id,
          channel: input.channel,
          subject,
          body,
          recipientName,
          recipientEmail: to,
          recipientAddress: recipientAddress.length ? recipientAddress.join('\n') : null,
          pdfSha256,
          mailId,
          newDueOn,
          sentOn: now,
          createdBy: call.staffId,
          createdAt: tx.now,
        })
        const how = input.channel === 'email' ? `e-mailem na ${to}` : 'listem'
        if (extension) {
          tx.update(cases, row.id, { dueOn: newDueOn!, status: current.status === 'new' ? 'in_progress' : current.status })
          tx.insert(caseEvents, {
            id: newId(),
            caseId: row.id,
            at: tx.now,
            staffId: call.staffId,
            kind: 'extension',
            text: `Zawiadomienie o przedłużeniu terminu do ${formatDate(newDueOn)} wysłane ${how}`,
            data: JSON.stringify({ replyId: reply.id, from: current.dueOn, to: newDueOn, mailId }),
          })
        } else {
          tx.update(cases, row.id, { status: 'answered', answeredOn: current.answeredOn ?? now })
          tx.insert(caseEvents, {
            id: newId(),
            caseId: row.id,
            at: tx.now,
            staffId: call.staffId,
            kind: 'reply',
            text: `${subject} — wysłano ${how}`,
            data: JSON.stringify({ replyId: reply.id, templateId: template.id, channel: input.channel, mailId }),
          })
          if (current.status !== 'answered') {
            tx.insert(caseEvents, {
              id: newId(),
              caseId: row.id,
              at: tx.now,
              staffId: call.staffId,
              kind: 'status',
              text: null,
              data: JSON.stringify({ from: current.status, to: 'answered', label: CASE_STATUS_LABELS.answered }),
            })
          }
        }
        return reply.id
      })
      return { replyId, fileName, pdf }
    },

    /** The letter exactly as sent (read back from the store, hash checked). */
    letter(replyId: string): { fileName: string; pdfBase64: string } {
      const reply = s.db.read.select().from(caseReplies).where(eq(caseReplies.id, replyId)).get()
      if (!reply) throw new ApiError('NOT_FOUND', 'Odpowiedź: nie istnieje', 'replyId')
      const row = s.db.read.select({ caseNo: cases.caseNo }).from(cases).where(eq(cases.id, reply.caseId)).get()!
      const fileName = `${reply.kind === 'extension' ? 'przedluzenie' : 'odpowiedz'}-${row.caseNo.replaceAll('/', '-')}.pdf`
      return { fileName, pdfBase64: readSyncedFile(s, reply.pdfSha256).toString('base64') }
    },
  }
}
