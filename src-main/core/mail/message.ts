// What a stored mail is: its row, its attachment references and the secret slots its body may
// hold. The sender reads these without the outbox (which needs the desk's services).
import type { mails } from '../../db/schema'
import type { StoredContentType } from '../../platform/attachments/file-store'

export type MailRow = typeof mails.$inferSelect

export interface MailAttachmentRef {
  fileName: string
  contentType: StoredContentType
  sha256: string
  bytes: number
}

/**
 * A one-time secret (an initial password) is never stored: the stored body holds this slot, and
 * the sender fills it in at the moment of sending (see MailKindHooks.prepare).
 */
export const secretSlot = (name: string): string => `{{sekret:${name}}}`
const SECRET_SLOTS = /\{\{sekret:([a-z]+)\}\}/g
export const MASKED_SECRET = '••••••••••••'

export const fillSecrets = (body: string, values: Record<string, string>): string =>
  body.replace(SECRET_SLOTS, (slot, name: string) => values[name] ?? slot)
export const maskSecrets = (body: string): string => body.replace(SECRET_SLOTS, MASKED_SECRET)

export const attachmentsOf = (row: MailRow): MailAttachmentRef[] => JSON.parse(row.attachments) as MailAttachmentRef[]
