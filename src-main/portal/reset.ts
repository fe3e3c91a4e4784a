// "Nie pamiętam hasła": a password reset by e-mail, with a single-use link that expires.
// - The request (customer number + the e-mail address on record) gets ONE answer whatever happens,
//   so nobody learns which customers have accounts or which address they gave.
// - When they match an account that has a password (active or credentials sent), a mail is queued in
//   the desk's durable outbox (kind 'other', about the account) as station WW, with the link's token
//   as a secret slot: the stored (and synced) mail never holds a working link. The token is made by
//   the portal station's own mail sender at the moment of sending (hook `prepare`), and only its
//   SHA-256 is kept — in this process's memory, like the sessions: a link lives 1 h and dies with a
//   restart (the customer asks again), and a newer link for the account voids the older one.
// - Using the link sets the customer's password through the single write path (operation
//   'portal.resetPassword'); passwordSetAt changes, which ends every session of the account.
import { createHash, randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { ApiError } from '../../shared/api/errors'
import { portalLogin } from '../../shared/domain/portal'
import { email as emailRule } from '../../shared/validation/fields'
import { secretSlot } from '../core/mail/message'
import { queueMail } from '../core/mail/outbox'
import type { MailKindHooks } from '../core/mail/sender'
import { readPortalSettings } from '../core/registration/settings'
import type { Services } from '../core/services'
import { LoginThrottle, waitText, type ThrottlePolicy } from '../core/staff/throttle'
import { customers, portalAccounts } from '../db/schema'
import { checkNewPassword, hashInQueue } from './account'

export const RESET_LINK_MS = 60 * 60_000
export const RESET_ENTITY = 'portal_password_reset'
const TOKEN_SLOT = 'token'

/** The one answer to a reset request. */
export const RESET_ANSWER = 'Jeśli podane dane zgadzają się z kontem iBOK, na ten adres e-mail wysłaliśmy link do ustawienia nowego hasła. Link jest ważny przez godzinę i działa jeden raz.'
export const RESET_LINK_INVALID = 'Link do ustawienia hasła jest nieprawidłowy, został już użyty albo wygasł. Poproś o nowy link.'

/** Public forms (reset request, registration): every sending counts, per source; 5 free, then 1 min doubling up to 15 min. */
export const PUBLIC_FORMS: ThrottlePolicy = { free: 5, baseMs: 60_000, capMs: 15 * 60_000 }
export const publicFormThrottle = (now: () => number) => new LoginThrottle(now, { perLogin: PUBLIC_FORMS, perSource: null })

/** Counts a sending of a public form from a source; refuses with the wait when it is due. */
export function throttlePublicForm(throttle: LoginThrottle, form: string, source: string): void {
  const wait = throttle.begin(form, source)
  if (wait > 0) throw new ApiError('TOO_MANY_ATTEMPTS', `Zbyt wiele prób z tego adresu. Spróbuj ponownie za ${waitText(wait)}.`)
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex')

export class PasswordResets {
  /** token hash → the account and the link's end; one live link per account. */
  private readonly links = new Map<string, { accountId: string; expiresAt: number }>()

  constructor(private readonly now: () => number) {}

  issue(accountId: string): string {
    for (const [h, l] of this.links) if (l.accountId === accountId || l.expiresAt <= this.now()) this.links.delete(h)
    const token = randomBytes(32).toString('base64url')
    this.links.set(digest(token), { accountId, expiresAt: this.now() + RESET_LINK_MS })
    return token
  }

  /** The account of a live link (the link stays live). */
  peek(token: string): string | null {
    const link = this.links.get(digest(token ?? ''))
    if (!link) return null
    if (link.expiresAt <= this.now()) {
      this.links.delete(digest(token))
      return null
    }
    return link.accountId
  }

  /** Uses the link up: its account, or null. */
  take(token: string): string | null {
    const accountId = this.peek(token)
    if (accountId) this.links.delete(digest(token))
    return accountId
  }

  /** The portal station's sender: the link's token is made at the moment of sending. */
  mailHooks(): MailKindHooks {
    return {
      prepare: async (mail) => {
        const values: Record<string, string> = {}
        if (mail.relatedEntity === RESET_ENTITY && mail.relatedId) values[TOKEN_SLOT] = this.issue(mail.relatedId)
        return { values, commit: () => {} }
      },
    }
  }
}

/** Queues the reset mail when the number and the address match an account with a password; says nothing either way. */
export function requestReset(s: Services, input: { customerNo: string; email: string }): void {
  const login = portalLogin(input.customerNo ?? '')
  const email = emailRule('E-mail').safeParse((input.email ?? '').trim())
  if (!login || login.length > 40 || !email.success) return
  const account = s.db.orm.select().from(portalAccounts).where(eq(portalAccounts.login, login)).get()
  if (!account?.passwordHash || (account.state !== 'active' && account.state !== 'credentials_sent')) return
  const customer = s.db.orm.select().from(customers).where(eq(customers.id, account.customerId)).get()
  if (!customer?.email || customer.anonymisedAt || customer.email.toLowerCase() !== email.data.toLowerCase()) return
  const portalUrl = (readPortalSettings(s.db.orm).portalUrl ?? '').replace(/\/+$/, '')
  if (!portalUrl) return
  const link = `${portalUrl}/nowe-haslo?token=${secretSlot(TOKEN_SLOT)}`
  s.db.write({ staffId: null, stationCode: s.stationCode(), operation: 'portal.requestPasswordReset' }, (tx) =>
    queueMail(
      s,
      tx,
      {
        kind: 'other',
        to: customer.email!,
        subject: 'iBOK — ustawienie nowego hasła',
        text: [
          'Szanowni Państwo,',
          '',
          `ktoś (zapewne Państwo) poprosił o ustawienie nowego hasła do iBOK dla numeru klienta ${customer.customerNo}.`,
          `Aby ustawić nowe hasło, otwórz link (ważny przez godzinę, działa jeden raz):`,
          link,
          '',
          'Jeśli to nie Państwo prosili o zmianę hasła, zignoruj tę wiadomość — dotychczasowe hasło nadal działa.',
        ].join('\n'),
        customerId: customer.id,
        related: { entity: RESET_ENTITY, id: account.id },
      },
      null,
    ),
  )
}

/** Sets the password chosen through a reset link; the link is used up. Returns the account id. */
export async function completeReset(s: Services, resets: PasswordResets, input: { token: string; next: string; repeat: string }): Promise<string> {
  if (!resets.peek(input.token)) throw new ApiError('VALIDATION', RESET_LINK_INVALID)
  checkNewPassword(input.next, input.repeat)
  const accountId = resets.take(input.token)
  if (!accountId) throw new ApiError('VALIDATION', RESET_LINK_INVALID)
  const hash = await hashInQueue(input.next)
  s.db.write({ staffId: null, stationCode: s.stationCode(), operation: 'portal.resetPassword' }, (tx) => {
    const account = tx.orm.select().from(portalAccounts).where(eq(portalAccounts.id, accountId)).get()
    if (!account || account.state === 'locked' || account.state === 'pending') throw new ApiError('ACCOUNT_LOCKED', 'Tego konta nie można teraz odblokować linkiem — skontaktuj się z Biurem Obsługi Klienta.')
    // The customer's own password: like the first login, it activates an account still waiting for it.
    const activation = account.state === 'active' ? {} : { state: 'active' as const, activatedAt: tx.now }
    tx.update(portalAccounts, accountId, { passwordHash: hash, passwordSetAt: tx.now, ...activation })
  })
  return accountId
}
