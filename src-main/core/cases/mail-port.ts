// What cases need from the mail outbox (core/mail): queue a mail inside the caller's write
// transaction — so the reply row and its mail commit together or not at all — and read its state.
import type { WriteTx } from '../../db/write'

export interface CaseMail {
  to: string
  subject: string
  text: string
  attachments: Array<{ fileName: string; content: Uint8Array }>
  customerId: string | null
  caseId: string
  createdBy: string
}

export type QueueMail = (tx: WriteTx, mail: CaseMail) => { id: string }
/** The outbox state of a mail (queued, sending, sent, failed …), or null when unknown. */
export type MailStateOf = (mailId: string) => string | null
