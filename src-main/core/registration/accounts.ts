// iBOK portal accounts: states pending → credentials_sent → active → locked, credentials by
// e-mail (password made when the mail is sent) or by letter (password made now, in the PDF only),
// reset (new password, the old one stops working at once), lock/unlock, activation from the portal.
import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import { ApiError } from '../../../shared/api/errors'
import type { CredentialsIssued, MailListItem, PdfFile, PortalAccountView } from '../../../shared/api/types'
import { customerDisplayName, formatAddressLine } from '../../../shared/domain/customer-format'
import { businessDate, formatDate } from '../../../shared/domain/dates'
import { portalLogin, PORTAL_ACCOUNT_STATE_LABELS } from '../../../shared/domain/portal'
import { customers, mails, portalAccounts, registrationApplications } from '../../db/schema'
import { preparedOnce, type ReadOrm } from '../../db/database'
import type { WriteTx, StaffWrite } from '../../db/write'
import { credentialsLetterPdf } from '../../documents/portal-letters'
import { cancelPendingMails, mailDetail, mailListItem, queueMail } from '../mail/outbox'
import type { Services } from '../services'
import { hashPassword } from '../staff/passwords'
import { credentialsMail, newInitialPassword } from './credentials-mail'
import { readPortalSettings } from './settings'

export type AccountRow = typeof portalAccounts.$inferSelect
type CustomerRow = typeof customers.$inferSelect

const relatedTo = (accountId: string) => ({ entity: 'portal_accounts', id: accountId })

function lastCredentialsMail(orm: ReadOrm, accountId: string) {
  return orm
    .select({ id: mails.id, state: mails.state, lastError: mails.lastError })
    .from(mails)
    .where(and(eq(mails.kind, 'credentials'), eq(mails.relatedEntity, 'portal_accounts'), eq(mails.relatedId, accountId)))
    .orderBy(desc(mails.createdAt), desc(mails.id))
    .limit(1)
    .get()
}

export function accountView(orm: ReadOrm, account: AccountRow): PortalAccountView {
  const customer = orm.select().from(customers).where(eq(customers.id, account.customerId)).get()!
  const last = lastCredentialsMail(orm, account.id)
  const pendingMail: MailListItem | null = last && ['queued', 'sending', 'failed', 'uncertain'].includes(last.state) ? mailListItem(orm, last.id) : null
  // A new password for an active account keeps the account active (the customer activated it);
  // until the customer signs in with the new password the state says what happened to it.
  const resetMailPending = account.state === 'active' && account.credentialsChannel === 'email' && account.credentialsSentAt === null
  const bounced = (account.state === 'pending' || resetMailPending) && last?.state === 'failed'
  let stateLabel = PORTAL_ACCOUNT_STATE_LABELS[account.state]
  if (resetMailPending) {
    const mailState =
      last?.state === 'failed'
        ? `nowe hasło nie doręczone: ${last.lastError ?? 'serwer odrzucił wiadomość'}`
        : last?.state === 'uncertain'
          ? 'wysyłka nowego hasła przerwana — zdecyduj w Poczcie wychodzącej'
          : 'nowe hasło czeka na wysłanie e-mailem'
    stateLabel = `aktywne od ${formatDate(account.activatedAt)} · ${mailState}; dotychczasowe hasło już nie działa`
  } else if (account.state === 'active' && account.credentialsSentAt && account.activatedAt && account.credentialsSentAt > account.activatedAt) {
    stateLabel = `aktywne od ${formatDate(account.activatedAt)} · nowe hasło wysłane ${account.credentialsChannel === 'letter' ? 'listem' : 'e-mailem'} ${formatDate(account.credentialsSentAt)}`
  } else if (account.state === 'pending' && last) {
    if (last.state === 'failed') stateLabel = `dane logowania nie doręczone: ${last.lastError ?? 'serwer odrzucił wiadomość'}`
    else if (last.state === 'uncertain') stateLabel = 'wysyłka danych logowania przerwana — zdecyduj w Poczcie wychodzącej'
    else if (last.state === 'queued' || last.state === 'sending') stateLabel = 'dane logowania czekają na wysłanie e-mailem'
  } else if (account.state === 'credentials_sent') {
    stateLabel = `dane logowania wysłane ${account.credentialsChannel === 'letter' ? 'listem' : 'e-mailem'} ${formatDate(account.credentialsSentAt)}`
  } else if (account.state === 'active') {
    stateLabel = `aktywne od ${formatDate(account.activatedAt)}`
  } else if (account.state === 'locked') {
    stateLabel = `zablokowane: ${account.lockReason ?? ''}`
  }
  return {
    id: account.id,
    customerId: account.customerId,
    customerNo: customer.customerNo,
    customerName: customerDisplayName(customer),
    login: account.login,
    state: account.state,
    stateLabel,
    email: account.email,
    credentialsChannel: account.credentialsChannel,
    passwordSetAt: account.passwordSetAt,
    credentialsSentAt: account.credentialsSentAt,
    activatedAt: account.activatedAt,
    lockedAt: account.lockedAt,
    lockReason: account.lockReason,
    pendingMail,
    bounced,
    applicationId: account.applicationId,
    createdAt: account.createdAt,
  }
}

export function accountById(orm: ReadOrm, id: string): AccountRow {
  const row = orm.select().from(portalAccounts).where(eq(portalAccounts.id, id)).get()
  if (!row) throw new ApiError('NOT_FOUND', 'Konto iBOK: nie istnieje', 'accountId')
  return row
}

/** The letter recipient: the customer's name and correspondence address. */
export function recipientOf(c: CustomerRow) {
  const line = formatAddressLine({ street: c.corrStreet, houseNo: c.corrHouseNo, flatNo: c.corrFlatNo, postalCode: c.corrPostalCode, city: c.corrCity })
  const [street, city] = line.split(', ')
  return { name: customerDisplayName(c), address: [street, city] }
}

export function requirePortalUrl(orm: ReadOrm): string {
  const url = readPortalSettings(orm).portalUrl
  if (!url) throw new ApiError('CONFLICT', 'Nie ustawiono adresu iBOK podawanego klientom — administrator ustawia go w Ustawieniach (iBOK)')
  return url
}

export interface CredentialsPlan {
  delivery: 'email' | 'letter'
  /** Letter only: the password, made before the write (hashing is slow), and its hash. */
  password: string | null
  passwordHash: string | null
}

/** Makes the password for a letter before the transaction (scrypt is asynchronous). */
export async function planCredentials(delivery: 'email' | 'letter'): Promise<CredentialsPlan> {
  if (delivery === 'email') return { delivery, password: null, passwordHash: null }
  const password = newInitialPassword()
  return { delivery, password, passwordHash: await hashPassword(password) }
}

/**
 * Inside the write: supersede any credentials mail not yet sent, invalidate the old password,
 * then either queue the credentials mail or store the letter's password hash.
 */
/** A new password does not undo an activation: an active account stays active. */
function keptState(account: AccountRow, fresh: 'pending' | 'credentials_sent'): AccountRow['state'] {
  return account.state === 'active' ? 'active' : fresh
}

export function issueCredentials(
  s: Services,
  tx: WriteTx,
  account: AccountRow,
  plan: CredentialsPlan,
  staffId: string,
  context: { applicationNo: string | null; applicationDate: string | null; reset: boolean },
): { mailId: string | null } {
  const customer = tx.read.select().from(customers).where(eq(customers.id, account.customerId)).get()!
  cancelPendingMails(tx, 'credentials', relatedTo(account.id), 'Zastąpiona nowymi danymi logowania')
  if (plan.delivery === 'email') {
    if (!account.email) throw new ApiError('VALIDATION', 'Sposób przekazania: konto nie ma adresu e-mail — wybierz list', 'delivery')
    tx.update(portalAccounts, account.id, { state: keptState(account, 'pending'), passwordHash: null, passwordSetAt: null, credentialsChannel: 'email', credentialsSentAt: null })
    const mail = queueMail(
      s,
      tx,
      credentialsMail(s.office(), {
        to: account.email,
        customerId: customer.id,
        customerNo: customer.customerNo,
        login: account.login,
        portalUrl: requirePortalUrl(tx.read),
        accountId: account.id,
        ...context,
      }),
      staffId,
    )
    return { mailId: mail.id }
  }
  tx.update(portalAccounts, account.id, { state: keptState(account, 'credentials_sent'), passwordHash: plan.passwordHash, passwordSetAt: tx.now, credentialsChannel: 'letter', credentialsSentAt: tx.now })
  return { mailId: null }
}

/** After the write: the letter (the password's only copy) and the result for the screen. */
export async function credentialsResult(s: Services, accountId: string, plan: CredentialsPlan, mailId: string | null, context: { applicationNo: string | null; applicationDate: string | null; reset: boolean }): Promise<Omit<CredentialsIssued, 'application'>> {
  const orm = s.db.read
  const account = accountById(orm, accountId)
  let letter: PdfFile | null = null
  if (plan.delivery === 'letter') {
    const office = s.office()
    if (!office) throw new ApiError('SETUP_REQUIRED', 'Biuro nie jest jeszcze skonfigurowane')
    const customer = orm.select().from(customers).where(eq(customers.id, account.customerId)).get()!
    const pdf = await credentialsLetterPdf(s.resourcesDir, office, {
      recipient: recipientOf(customer),
      customerNo: customer.customerNo,
      login: account.login,
      password: plan.password!,
      portalUrl: requirePortalUrl(orm),
      issuedOn: businessDate(s.now()),
      ...context,
    })
    letter = { fileName: `dane-logowania-ibok-${customer.customerNo}.pdf`, pdfBase64: Buffer.from(pdf).toString('base64') }
  }
  return { account: accountView(orm, account), mail: mailId ? mailDetail(orm, mailId) : null, letter }
}

export function createAccountService(s: Services) {
  const orm = () => s.db.read

  return {
    ofCustomer(customerId: string): PortalAccountView | null {
      const read = orm()
      const row = preparedOnce(read, 'registration.accountOf', () => read.select().from(portalAccounts).where(eq(portalAccounts.customerId, sql.placeholder('id'))).prepare()).get({ id: customerId })
      return row ? accountView(orm(), row) : null
    },

    async resetPassword(call: StaffWrite, accountId: string, delivery: 'email' | 'letter'): Promise<CredentialsIssued> {
      const account = accountById(orm(), accountId)
      if (account.state === 'locked') throw new ApiError('CONFLICT', 'Konto jest zablokowane — najpierw je odblokuj, potem nadaj nowe hasło')
      if (delivery === 'email' && !account.email) throw new ApiError('VALIDATION', 'Sposób przekazania: konto nie ma adresu e-mail — wybierz list', 'delivery')
      if (delivery === 'email') requirePortalUrl(orm())
      const plan = await planCredentials(delivery)
      const context = { applicationNo: null, applicationDate: null, reset: true }
      const { mailId } = s.db.write(call, (tx) => issueCredentials(s, tx, accountById(tx.read, accountId), plan, call.staffId, context))
      return { ...(await credentialsResult(s, accountId, plan, mailId, context)), application: null }
    },

    lock(call: StaffWrite, accountId: string, reason: string): PortalAccountView {
      s.db.write(call, (tx) => {
        const a = accountById(tx.read, accountId)
        if (a.state === 'locked') throw new ApiError('CONFLICT', 'Konto jest już zablokowane')
        tx.update(portalAccounts, accountId, { state: 'locked', stateBeforeLock: a.state, lockReason: reason, lockedAt: tx.now })
      })
      return accountView(orm(), accountById(orm(), accountId))
    },

    unlock(call: StaffWrite, accountId: string): PortalAccountView {
      s.db.write(call, (tx) => {
        const a = accountById(tx.read, accountId)
        if (a.state !== 'locked') throw new ApiError('CONFLICT', 'Konto nie jest zablokowane')
        // Anonymisation (RODO) closes the account for good: there is no one left to give it back to.
        const owner = tx.read.select({ anonymisedAt: customers.anonymisedAt }).from(customers).where(eq(customers.id, a.customerId)).get()
        if (owner?.anonymisedAt) throw new ApiError('CONFLICT', 'Konto zamknięto przy anonimizacji danych klienta (RODO) — nie można go odblokować')
        tx.update(portalAccounts, accountId, { state: a.stateBeforeLock ?? 'pending', stateBeforeLock: null, lockReason: null, lockedAt: null })
      })
      return accountView(orm(), accountById(orm(), accountId))
    },

    /** The portal reports a successful login: the first one activates the account. Idempotent. */
    recordActivation(call: StaffWrite, login: string, at: string): PortalAccountView {
      const normalized = portalLogin(login)
      const account = orm().select().from(portalAccounts).where(eq(portalAccounts.login, normalized)).get()
      if (!account) throw new ApiError('NOT_FOUND', `Login: nie ma konta iBOK ${normalized}`, 'login')
      if (account.state === 'locked') throw new ApiError('CONFLICT', 'Konto jest zablokowane — portal nie powinien był wpuścić klienta')
      if (!account.passwordHash) throw new ApiError('CONFLICT', 'Konto nie ma jeszcze hasła — dane logowania nie zostały wysłane')
      const iso = new Date(at).toISOString()
      s.db.write(call, (tx) => {
        if (account.state === 'active') tx.update(portalAccounts, account.id, { lastPortalLoginAt: iso })
        else tx.update(portalAccounts, account.id, { state: 'active', activatedAt: iso, lastPortalLoginAt: iso })
      })
      return accountView(orm(), accountById(orm(), account.id))
    },

    /** Account states by id, for lists. */
    statesOf(ids: string[]): Map<string, AccountRow['state']> {
      if (ids.length === 0) return new Map()
      return new Map(orm().select({ id: portalAccounts.id, state: portalAccounts.state }).from(portalAccounts).where(inArray(portalAccounts.id, ids)).all().map((r) => [r.id, r.state]))
    },
  }
}

export const applicationOfAccount = (orm: ReadOrm, account: AccountRow) =>
  account.applicationId ? (orm.select().from(registrationApplications).where(eq(registrationApplications.id, account.applicationId)).get() ?? null) : null
