// A reply the desk sends is shown to the customer in the iBOK portal (the case page's
// "Korespondencja"); a customer with an active portal account is told so by e-mail, queued in the
// reply's own transaction through the outbox. The notice carries a link, never the reply itself.
// No notice when the reply itself went by e-mail to the customer's address: that mail is the news.
import { and, eq } from 'drizzle-orm'
import { customers, portalAccounts } from '../../db/schema'
import type { WriteTx } from '../../db/write'
import { readPortalSettings } from '../registration/settings'
import type { CaseMail } from './mail-port'
import type { CaseRow } from './service'

type CustomerRow = typeof customers.$inferSelect

export function portalReplyNotice(tx: WriteTx, row: CaseRow, customer: CustomerRow | undefined, sentTo: string | null, createdBy: string): CaseMail | null {
  if (!customer || customer.anonymisedAt) return null
  const account = tx.read
    .select({ id: portalAccounts.id, email: portalAccounts.email })
    .from(portalAccounts)
    .where(and(eq(portalAccounts.customerId, customer.id), eq(portalAccounts.state, 'active')))
    .get()
  // The account's own address (where its credentials went), else the customer's.
  const to = account?.email ?? customer.email
  const portalUrl = (readPortalSettings(tx.read).portalUrl ?? '').replace(/\/+$/, '')
  if (!account || !to || !portalUrl) return null
  if (sentTo && sentTo.trim().toLowerCase() === to.trim().toLowerCase()) return null
  return {
    to,
    subject: `iBOK — odpowiedź w sprawie ${row.caseNo}`,
    text: [
      'Szanowni Państwo,',
      '',
      `w sprawie ${row.caseNo} („${row.subject}”) Biuro Obsługi Klienta udzieliło odpowiedzi.`,
      'Treść odpowiedzi jest w iBOK, w zakładce Zgłoszenia:',
      `${portalUrl}/zgloszenia/${row.id}`,
      '',
      'Ta wiadomość została wysłana automatycznie — prosimy na nią nie odpowiadać.',
    ].join('\n'),
    attachments: [],
    customerId: customer.id,
    caseId: row.id,
    createdBy,
  }
}
