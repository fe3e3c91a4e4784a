// Account life in the portal: sign-in with the customer number and password (the desk's scrypt
// hashing), the forced change of the one-time password that ACTIVATES the account, and later
// password changes. Writes go through the desk's single write path as this station (WW), with no
// staff member: audited, synced, and shown at every desk ("aktywne od …").
import { eq } from 'drizzle-orm'
import { ApiError } from '../../shared/api/errors'
import { newPassword } from '../../shared/validation/fields'
import { portalLogin } from '../../shared/domain/portal'
import { customers, portalAccounts } from '../db/schema'
import type { Services } from '../core/services'
import { hashPassword, verifyAgainstNothing, verifyPassword } from '../core/staff/passwords'
import { LoginThrottle, waitText, type ThrottlePolicy } from '../core/staff/throttle'
import { limiter } from './limit'
import { jobContext } from '../db/write'

export type AccountRow = typeof portalAccounts.$inferSelect

/** Password hashing and checks: two at a time (128 MiB each in production), 100 waiting at most. */
const hashing = limiter(2, 100)

/** The one answer for an unknown customer number, a wrong password and an account without a password. */
export const BAD_CREDENTIALS = 'Nieprawidłowy numer klienta lub hasło.'

export interface SignedIn {
  account: AccountRow
  customerNo: string
  /** The desk's one-time password is still in use (state credentials_sent). */
  mustChangePassword: boolean
}

export const accountRow = (s: Services, accountId: string): AccountRow | undefined =>
  s.db.read.select().from(portalAccounts).where(eq(portalAccounts.id, accountId)).get()

/**
 * Checks a login. Throttled per login at the source and per source (the desk's LoginThrottle,
 * counted before the slow check so parallel guesses cannot slip through); unknown logins cost and
 * count exactly like real ones, and get the same answer.
 */
export interface PortalThrottles {
  /** Per login at a source and per source (the desk's policy). */
  bySource: LoginThrottle
  /** Per account over all sources: guesses spread over many addresses slow down too, never for longer than its cap. */
  byAccount: LoginThrottle
}

/** Per account over every address: more room than per source, the same growth and the same 15-minute cap. */
export const PER_ACCOUNT: ThrottlePolicy = { free: 10, baseMs: 30_000, capMs: 15 * 60_000 }
const EVERYWHERE = '*'

export const portalThrottles = (now: () => number): PortalThrottles => ({
  bySource: new LoginThrottle(now),
  byAccount: new LoginThrottle(now, { perLogin: PER_ACCOUNT, perSource: null }),
})

export async function signIn(s: Services, throttles: PortalThrottles, input: { login: string; password: string; source: string }): Promise<SignedIn> {
  const login = portalLogin(input.login ?? '')
  const password = input.password ?? ''
  if (!login || !password || login.length > 40 || password.length > 200) throw new ApiError('INVALID_CREDENTIALS', BAD_CREDENTIALS)
  // Both counts are taken before the slow check; a wait at either answers before the password is looked at.
  const wait = throttles.bySource.begin(login, input.source) || throttles.byAccount.begin(login, EVERYWHERE)
  if (wait > 0) throw new ApiError('TOO_MANY_ATTEMPTS', `Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za ${waitText(wait)}.`)
  const account = s.db.read.select().from(portalAccounts).where(eq(portalAccounts.login, login)).get()
  const stored = account?.passwordHash
  const ok = await hashing(() => (stored ? verifyPassword(password, stored) : verifyAgainstNothing(password)))
  if (!account || !ok) throw new ApiError('INVALID_CREDENTIALS', BAD_CREDENTIALS)
  throttles.bySource.succeeded(login, input.source)
  throttles.byAccount.succeeded(login, EVERYWHERE)
  if (account.state === 'locked') throw new ApiError('ACCOUNT_LOCKED', 'Konto jest zablokowane. Skontaktuj się z Biurem Obsługi Klienta.')
  const customer = s.db.read.select({ customerNo: customers.customerNo, anonymisedAt: customers.anonymisedAt }).from(customers).where(eq(customers.id, account.customerId)).get()
  if (!customer || customer.anonymisedAt) throw new ApiError('INVALID_CREDENTIALS', BAD_CREDENTIALS)
  if (account.state === 'active') {
    s.db.write(jobContext('portal.login', s.stationCode()), (tx) => tx.update(portalAccounts, account.id, { lastPortalLoginAt: tx.now }))
  }
  return { account: accountRow(s, account.id)!, customerNo: customer.customerNo, mustChangePassword: account.state !== 'active' }
}

/** The rules for a password the customer chooses (first login, change, reset by e-mail). */
export function checkNewPassword(next: string, repeat: string): void {
  const parsed = newPassword('Nowe hasło').safeParse(next ?? '')
  if (!parsed.success) throw new ApiError('VALIDATION', parsed.error.issues[0].message, 'next')
  if (next !== repeat) throw new ApiError('VALIDATION', 'Powtórz nowe hasło: hasła nie są takie same', 'repeat')
}

/** A password hash made in the portal's hashing queue (two at a time). */
export const hashInQueue = (password: string): Promise<string> => hashing(() => hashPassword(password))

/**
 * The customer sets their own password. The first time (the desk's one-time password still in
 * use) this activates the account: state 'active' with the time, synced to the desks.
 */
export async function changePassword(s: Services, accountId: string, input: { current: string; next: string; repeat: string }): Promise<AccountRow> {
  const account = accountRow(s, accountId)
  if (!account || !account.passwordHash) throw new ApiError('UNAUTHENTICATED', 'Sesja wygasła — zaloguj się ponownie.')
  if (account.state === 'locked') throw new ApiError('ACCOUNT_LOCKED', 'Konto jest zablokowane. Skontaktuj się z Biurem Obsługi Klienta.')
  checkNewPassword(input.next, input.repeat)
  if (input.next === input.current) throw new ApiError('VALIDATION', 'Nowe hasło: musi różnić się od obecnego', 'next')
  const stored = account.passwordHash
  if (!(await hashing(() => verifyPassword(input.current ?? '', stored)))) throw new ApiError('VALIDATION', 'Obecne hasło: nieprawidłowe', 'current')
  const hash = await hashing(() => hashPassword(input.next))
  s.db.write(jobContext(account.state === 'active' ? 'portal.changePassword' : 'portal.activate', s.stationCode()), (tx) => {
    // Re-read inside the write: a desk's lock or reset that arrived meanwhile wins.
    const now = tx.read.select().from(portalAccounts).where(eq(portalAccounts.id, accountId)).get()
    if (!now || now.passwordHash !== account.passwordHash) throw new ApiError('CONFLICT', 'Hasło zmieniono w międzyczasie w Biurze Obsługi Klienta — zaloguj się ponownie.')
    if (now.state === 'locked') throw new ApiError('ACCOUNT_LOCKED', 'Konto jest zablokowane. Skontaktuj się z Biurem Obsługi Klienta.')
    const activation = now.state === 'active' ? {} : { state: 'active' as const, activatedAt: tx.now, lastPortalLoginAt: tx.now }
    tx.update(portalAccounts, accountId, { passwordHash: hash, passwordSetAt: tx.now, ...activation })
  })
  return accountRow(s, accountId)!
}
