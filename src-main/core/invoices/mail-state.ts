// The state of invoice mails in the mail outbox (src-main/core/mail owns the outbox; this only reads it).
import { inArray } from 'drizzle-orm'
import type { MailState } from '../../../shared/api/types'
import type { ReadOrm } from '../../db/database'
import { mails } from '../../db/schema'

export interface MailStateInfo {
  state: MailState
  /** When it was sent, or last tried. */
  at: string | null
  error: string | null
}

export function mailStates(orm: ReadOrm, mailIds: readonly string[]): Map<string, MailStateInfo> {
  const out = new Map<string, MailStateInfo>()
  const ids = [...new Set(mailIds)]
  for (let i = 0; i < ids.length; i += 500) {
    const rows = orm
      .select({ id: mails.id, state: mails.state, sentAt: mails.sentAt, lastAttemptAt: mails.lastAttemptAt, lastError: mails.lastError })
      .from(mails)
      .where(inArray(mails.id, ids.slice(i, i + 500)))
      .all()
    for (const r of rows) out.set(r.id, { state: r.state, at: r.sentAt ?? r.lastAttemptAt, error: r.lastError })
  }
  return out
}
