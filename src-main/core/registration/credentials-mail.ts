// The credentials e-mail (Polish, HTML + text). The password is not in the stored body: the
// body holds a secret slot that the sender fills with a password generated at the moment of
// sending, whose hash is stored in the same transaction that claims the mail (see hooks below).
import { randomInt } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { OfficeSettings } from '../../../shared/api/types'
import { formatAddressLine } from '../../../shared/domain/customer-format'
import { formatDate } from '../../../shared/domain/dates'
import { makeInitialPassword } from '../../../shared/domain/portal'
import { escapeHtml } from '../../../shared/markup/html'
import { portalAccounts } from '../../db/schema'
import type { DeskDb } from '../../db/write'
import { secretSlot } from '../mail/message'
import type { MailDraft } from '../mail/outbox'
import type { MailKindHooks } from '../mail/sender'
import { hashPassword } from '../staff/passwords'

export const PASSWORD_SLOT = 'haslo'

/** A fresh initial password from the unambiguous alphabet, drawn with the OS's CSPRNG. */
export const newInitialPassword = (): string => makeInitialPassword((n) => randomInt(n))

export interface CredentialsMailData {
  to: string
  customerId: string
  customerNo: string
  login: string
  portalUrl: string
  accountId: string
  applicationNo: string | null
  applicationDate: string | null
  reset: boolean
}

export function credentialsMail(office: OfficeSettings | null, d: CredentialsMailData): MailDraft {
  const subject = d.reset ? 'Nowe hasło do iBOK — dane logowania' : 'Założenie konta w iBOK — dane logowania'
  const intro = d.reset
    ? `na Państwa prośbę nadaliśmy nowe hasło do konta w Internetowym Biurze Obsługi Klienta (iBOK) klienta nr ${d.customerNo}. Dotychczasowe hasło przestało działać.`
    : `${d.applicationNo ? `na podstawie wniosku nr ${d.applicationNo}${d.applicationDate ? ` z dnia ${formatDate(d.applicationDate)}` : ''} ` : ''}założyliśmy konto w Internetowym Biurze Obsługi Klienta (iBOK) dla klienta nr ${d.customerNo}.`
  const advice = [
    'Przy pierwszym logowaniu prosimy ustalić własne hasło — dopiero wtedy konto stanie się aktywne.',
    'Hasło jednorazowe zostało wylosowane i nie przechowujemy go w postaci jawnej, dlatego nie możemy go przypomnieć; w razie potrzeby prosimy zwrócić się o nowe do Biura Obsługi Klienta.',
    'Prosimy nie przekazywać hasła innym osobom. Pracownicy Przedsiębiorstwa nigdy nie proszą o podanie hasła.',
  ]
  const signature = office
    ? [`Biuro Obsługi Klienta`, office.name, formatAddressLine(office.address), [office.phone && `tel. ${office.phone}`, office.email].filter(Boolean).join(', ')].filter(Boolean)
    : ['Biuro Obsługi Klienta']
  // Formal throughout, as the letter: "Szanowni Państwo" and "prosimy …", never "ustal", "poproś".
  const text = [
    'Szanowni Państwo,',
    '',
    intro,
    '',
    `Adres iBOK: ${d.portalUrl}`,
    `Login: ${d.login}`,
    `Hasło jednorazowe: ${secretSlot(PASSWORD_SLOT)}`,
    '',
    ...advice.flatMap((a) => [a, '']),
    'Z poważaniem',
    ...signature,
  ].join('\n')
  const html = `<!doctype html>
<html lang="pl"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;color:#1a1a1f;line-height:1.45">
<p>Szanowni Państwo,</p>
<p>${escapeHtml(intro)}</p>
<table style="border-collapse:collapse;margin:12px 0;border:1px solid #b5b5bc" cellpadding="8">
<tr><td>Adres iBOK</td><td><a href="${escapeHtml(d.portalUrl)}">${escapeHtml(d.portalUrl)}</a></td></tr>
<tr><td>Login</td><td><strong>${escapeHtml(d.login)}</strong></td></tr>
<tr><td>Hasło jednorazowe</td><td><strong style="font-family:'DejaVu Sans Mono',Consolas,monospace;font-size:17px;letter-spacing:1px">${secretSlot(PASSWORD_SLOT)}</strong></td></tr>
</table>
${advice.map((a) => `<p>${escapeHtml(a)}</p>`).join('\n')}
<p>Z poważaniem<br>${signature.map(escapeHtml).join('<br>')}</p>
</body></html>`
  return { kind: 'credentials', to: d.to, subject, text, html, customerId: d.customerId, related: { entity: 'portal_accounts', id: d.accountId } }
}

/**
 * The credentials mail's hooks: the password is made just before the claim, its hash stored in
 * the claim's transaction (so a crash after the claim leaves an "uncertain" mail whose password
 * works, and a resend makes a new one); when the server accepts the mail the account moves to
 * "credentials sent".
 */
export function credentialsMailHooks(db: DeskDb): MailKindHooks {
  return {
    async prepare(mail) {
      const account = db.read.select().from(portalAccounts).where(eq(portalAccounts.id, mail.relatedId ?? '')).get()
      if (!account) throw new Error('konto iBOK, którego dotyczy wiadomość, nie istnieje')
      if (account.state === 'locked') throw new Error('konto iBOK jest zablokowane — odblokuj je i nadaj nowe hasło')
      const password = newInitialPassword()
      const passwordHash = await hashPassword(password)
      return {
        values: { [PASSWORD_SLOT]: password },
        commit(tx) {
          tx.update(portalAccounts, account.id, { passwordHash, passwordSetAt: tx.now })
        },
      }
    },
    onSent(tx, mail) {
      const account = tx.read.select().from(portalAccounts).where(eq(portalAccounts.id, mail.relatedId ?? '')).get()
      if (account && account.state === 'pending') tx.update(portalAccounts, account.id, { state: 'credentials_sent', credentialsSentAt: mail.sentAt ?? tx.now, credentialsChannel: 'email' })
      // A new password for an active account: it stays active; the sending is recorded.
      else if (account && account.state === 'active') tx.update(portalAccounts, account.id, { credentialsSentAt: mail.sentAt ?? tx.now, credentialsChannel: 'email' })
    },
  }
}
