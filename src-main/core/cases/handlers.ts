import { eq } from 'drizzle-orm'
import { businessDate } from '../../../shared/domain/dates'
import { mails, staff } from '../../db/schema'
import type { Services } from '../services'
import { staffOf, type HandlersOf } from '../calls'
import { queueMail } from '../mail/outbox'
import type { MailStateOf, QueueMail } from './mail-port'
import { createReplyService } from './replies'
import { createCaseService } from './service'
import { caseDashboard, caseDetail, caseList } from './queries'

/** Replies and dispatch sheets go out through the desk's one mail outbox (core/mail). */
export function outboxPort(s: Services): { queue: QueueMail; stateOf: MailStateOf } {
  return {
    queue: (tx, m) =>
      queueMail(
        s,
        tx,
        {
          kind: 'case_reply',
          to: m.to,
          subject: m.subject,
          text: m.text,
          customerId: m.customerId,
          related: { entity: 'cases', id: m.caseId },
          attachments: m.attachments.map((a) => ({ fileName: a.fileName, contentType: 'application/pdf', data: a.content })),
        },
        m.createdBy,
      ),
    stateOf: (id) => s.db.orm.select({ state: mails.state }).from(mails).where(eq(mails.id, id)).get()?.state ?? null,
  }
}

export function casesHandlers(s: Services, mail: { queue: QueueMail; stateOf: MailStateOf } | null = outboxPort(s)): HandlersOf<'cases'> {
  const service = createCaseService(s, mail?.queue ?? null)
  const replies = createReplyService(s, mail?.queue ?? null)
  const today = () => businessDate(s.now())
  const detail = (id: string) => caseDetail(s.db.orm, id, today(), mail?.stateOf ?? (() => null))
  return {
    'cases.create': (input, call) => detail(service.create(staffOf(call), input)),
    'cases.get': (input) => detail(input.id),
    'cases.search': (input) => caseList(s.db.orm, input, today()),
    'cases.dashboard': () => caseDashboard(s.db.orm, today()),
    'cases.start': (input, call) => {
      service.start(staffOf(call), input.id)
      return detail(input.id)
    },
    'cases.assign': (input, call) => {
      service.assign(staffOf(call), input.id, input.department, input.assigneeId, input.note)
      return detail(input.id)
    },
    'cases.assignees': () =>
      s.db.orm.select({ id: staff.id, fullName: staff.fullName }).from(staff).where(eq(staff.active, true)).orderBy(staff.fullName).all(),
    'cases.route': async (input, call) => {
      await service.route(staffOf(call), input.id, input.department, input.note, input.sendTo)
      return detail(input.id)
    },
    'cases.addNote': (input, call) => {
      service.addNote(staffOf(call), input.id, input.text)
      return detail(input.id)
    },
    'cases.close': (input, call) => {
      service.close(staffOf(call), input.id, input.resolution)
      return detail(input.id)
    },
    'cases.reopen': (input, call) => {
      service.reopen(staffOf(call), input.id, input.reason)
      return detail(input.id)
    },
    'cases.addAttachment': (input, call) => {
      service.addAttachment(staffOf(call), input.id, input.fileName, input.contentBase64)
      return detail(input.id)
    },
    'cases.attachment': (input) => service.attachment(input.id),
    'cases.templates': (input) => replies.templates(input.id),
    'cases.draftReply': (input, call) => replies.draft(staffOf(call), input.id, input.templateId, input.newDueOn),
    'cases.sendReply': async (input, call) => {
      const sent = await replies.send(staffOf(call), input)
      const after = detail(input.id)
      return {
        reply: after.replies.find((r) => r.id === sent.replyId)!,
        letter: { fileName: sent.fileName, pdfBase64: Buffer.from(sent.pdf).toString('base64') },
        case: after,
      }
    },
    'cases.replyLetter': (input) => replies.letter(input.replyId),
    'cases.dispatchSheet': (input) => service.dispatchSheet(input.id),
  }
}
