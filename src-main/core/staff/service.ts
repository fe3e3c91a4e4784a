// Staff accounts: sign-in slowed down after repeated failures (staff/throttle.ts), password
// change, and the admin's tools over the office's accounts: new account, deactivate/reactivate,
// role, one-time password, unlock. The office always keeps an active administrator.
import { randomInt } from 'node:crypto'
import { and, eq, ne } from 'drizzle-orm'
import { ApiError } from '../../../shared/api/errors'
import type { PasswordReset, Role, SessionInfo, StaffMember } from '../../../shared/api/types'
import { staff } from '../../db/schema'
import { newId, type WriteTx } from '../../db/write'
import type { Services } from '../services'
import { hashPassword, needsRehash, verifyAgainstNothing, verifyPassword } from './passwords'
import type { StaffSession } from './sessions'
import { waitText } from './throttle'

type StaffRow = typeof staff.$inferSelect

/** One answer for an unknown login, a wrong password and an account that may not sign in. */
const invalidCredentials = () => new ApiError('INVALID_CREDENTIALS', 'Nieprawidłowy login lub hasło', 'password')
const tooManyAttempts = (waitMs: number) =>
  new ApiError('TOO_MANY_ATTEMPTS', `Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za ${waitText(waitMs)}.`)
const sessionEnded = () => new ApiError('UNAUTHENTICATED', 'Sesja wygasła, zaloguj się ponownie')
const notFound = () => new ApiError('NOT_FOUND', 'Pracownik: nie istnieje', 'staffId')

type AccountState = Pick<StaffRow, 'active' | 'role' | 'mustChangePassword'>
const accountStatements = new WeakMap<object, (id: string) => AccountState | undefined>()

/**
 * What the dispatcher checks on every call: a deactivated account, a new role, a password to
 * change. A prepared statement per database: this runs before every operation.
 */
export function accountState(s: Services, staffId: string): AccountState | undefined {
  let read = accountStatements.get(s.db.readSql)
  if (!read) {
    const statement = s.db.readSql.prepare<[string], { active: number; role: Role; must_change_password: number }>(
      'SELECT active, role, must_change_password FROM staff WHERE id = ?',
    )
    read = (id) => {
      const row = statement.get(id)
      return row && { active: row.active === 1, role: row.role, mustChangePassword: row.must_change_password === 1 }
    }
    accountStatements.set(s.db.readSql, read)
  }
  return read(staffId)
}

// No 0/O, 1/l/I: read aloud or from a note at the counter without doubt.
const ONE_TIME_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'
/** "kmrt-4h7p-xw2c": 60 random bits, letters and digits, easy to pass on by phone. */
export function oneTimePassword(): string {
  for (;;) {
    const chars = Array.from({ length: 12 }, () => ONE_TIME_ALPHABET[randomInt(ONE_TIME_ALPHABET.length)])
    const text = [0, 4, 8].map((i) => chars.slice(i, i + 4).join('')).join('-')
    if (/\d/.test(text) && /[a-z]/.test(text)) return text
  }
}

export function createStaffService(s: Services) {
  const byLogin = (login: string) => s.db.read.select().from(staff).where(eq(staff.login, login.toLowerCase())).get()
  const byId = (id: string) => s.db.read.select().from(staff).where(eq(staff.id, id)).get()
  const toStaffMember = (row: StaffRow): StaffMember => ({
    id: row.id,
    login: row.login,
    fullName: row.fullName,
    role: row.role,
    active: row.active,
    lockedUntil: s.loginThrottle.waitingUntil(row.login),
    mustChangePassword: row.mustChangePassword,
  })
  const sessionInfo = (session: StaffSession, row: StaffRow): SessionInfo => ({
    token: session.token,
    staff: toStaffMember(row),
    idleLockMinutes: s.idleLockMinutes(),
    expiresAt: new Date(session.openedAt + s.sessionHours() * 3_600_000).toISOString(),
  })
  const write = <T>(staffId: string | null, operation: string, fn: (tx: WriteTx) => T): T =>
    s.db.write({ staffId, stationCode: s.stationCode(), operation }, fn)

  /**
   * Checks a password of an existing, active account (or spends the same time when there is
   * none), under the throttle of its login at this source.
   */
  const checkPassword = async (login: string, row: StaffRow | undefined, password: string, source: string, wrong: ApiError): Promise<StaffRow> => {
    const wait = s.loginThrottle.begin(login, source)
    if (wait > 0) throw tooManyAttempts(wait)
    const right = row && row.active ? await verifyPassword(password, row.passwordHash) : await verifyAgainstNothing(password)
    // Read again: an admin may have deactivated the account while the password was being checked.
    const current = right && row ? byId(row.id) : undefined
    if (!current?.active) throw wrong
    s.loginThrottle.succeeded(login, source)
    return current
  }

  /** A hash made at an older cost is replaced with the password just proven right. */
  const rehashIfNeeded = async (row: StaffRow, password: string, operation: string): Promise<StaffRow> => {
    if (!needsRehash(row.passwordHash)) return row
    const passwordHash = await hashPassword(password)
    return write(row.id, operation, (tx) => tx.update(staff, row.id, { passwordHash }))
  }

  /** Counted within the transaction: two admins acting at once cannot both remove the last one. */
  const otherActiveAdmins = (tx: WriteTx, exceptId: string) =>
    tx.read
      .select({ id: staff.id })
      .from(staff)
      .where(and(eq(staff.role, 'admin'), eq(staff.active, true), ne(staff.id, exceptId)))
      .all().length
  const lastAdmin = (what: string) =>
    new ApiError('CONFLICT', `Nie można ${what} ostatniego aktywnego administratora — najpierw nadaj rolę administratora innej osobie`, 'staffId')

  return {
    async login(login: string, password: string, source: string): Promise<SessionInfo> {
      const row = await checkPassword(login.toLowerCase(), byLogin(login), password, source, invalidCredentials())
      const current = await rehashIfNeeded(row, password, 'staff.login')
      return sessionInfo(s.sessions.open(current.id, current.role), current)
    },

    /**
     * Reopens an idle-locked session. Wrong passwords count like failed logins, so the lock
     * screen is no way around the throttle; once it says wait, the session ends.
     */
    async unlock(session: StaffSession, password: string, source: string): Promise<SessionInfo> {
      const row = byId(session.staffId)
      if (!row || !row.active) {
        s.sessions.close(session.token)
        throw sessionEnded()
      }
      try {
        const current = await rehashIfNeeded(await checkPassword(row.login, row, password, source, new ApiError('INVALID_CREDENTIALS', 'Nieprawidłowe hasło', 'password')), password, 'staff.unlock')
        session.locked = false
        s.sessions.touch(session)
        return sessionInfo(session, current)
      } catch (err) {
        if (err instanceof ApiError && err.code === 'TOO_MANY_ATTEMPTS') s.sessions.close(session.token)
        throw err
      }
    },

    me(session: StaffSession): SessionInfo {
      const row = byId(session.staffId)
      if (!row) throw sessionEnded()
      return sessionInfo(session, row)
    },

    async changePassword(session: StaffSession, current: string, next: string, source: string): Promise<void> {
      const row = byId(session.staffId)
      if (!row) throw sessionEnded()
      // A PC left signed in must not become a place to guess the password: wrong ones count too.
      try {
        await checkPassword(row.login, row, current, source, new ApiError('INVALID_CREDENTIALS', 'Obecne hasło: nieprawidłowe', 'currentPassword'))
      } catch (err) {
        if (err instanceof ApiError && err.code === 'TOO_MANY_ATTEMPTS') s.sessions.close(session.token)
        throw err
      }
      const passwordHash = await hashPassword(next)
      write(row.id, 'staff.changePassword', (tx) => tx.update(staff, row.id, { passwordHash, mustChangePassword: false }))
      s.sessions.closeAllFor(row.id, session.token)
    },

    list(): StaffMember[] {
      return s.db.read.select().from(staff).orderBy(staff.fullName).all().map(toStaffMember)
    },

    async create(actor: StaffSession | null, input: { login: string; fullName: string; role: Role; password: string }, operation = 'staff.create'): Promise<StaffMember> {
      const taken = () => new ApiError('CONFLICT', `Login: „${input.login}” jest już zajęty`, 'login')
      if (byLogin(input.login)) throw taken()
      const passwordHash = await hashPassword(input.password)
      const now = s.now().toISOString()
      const row = write(actor?.staffId ?? null, operation, (tx) => {
        // Checked again in the transaction: a parallel request may have taken it while hashing.
        if (tx.read.select({ id: staff.id }).from(staff).where(eq(staff.login, input.login.toLowerCase())).get()) throw taken()
        return tx.insert(staff, {
          id: newId(),
          login: input.login.toLowerCase(),
          fullName: input.fullName,
          role: input.role,
          passwordHash,
          mustChangePassword: actor !== null,
          createdAt: now,
          updatedAt: now,
        })
      })
      return toStaffMember(row)
    },

    /** A leaver's account is switched off (never deleted: the audit names them); their sessions end at once. */
    setActive(actor: StaffSession, staffId: string, active: boolean): StaffMember {
      if (!byId(staffId)) throw notFound()
      if (!active && staffId === actor.staffId) throw new ApiError('CONFLICT', 'Nie można wyłączyć własnego konta', 'staffId')
      const row = write(actor.staffId, 'staff.setActive', (tx) => {
        const before = tx.read.select().from(staff).where(eq(staff.id, staffId)).get()!
        if (!active && before.active && before.role === 'admin' && otherActiveAdmins(tx, staffId) === 0) throw lastAdmin('wyłączyć')
        return tx.update(staff, staffId, { active })
      })
      if (!active) s.sessions.closeAllFor(staffId)
      return toStaffMember(row)
    },

    /** Takes effect on the person's next call: the dispatcher reads the role from the account. */
    setRole(actor: StaffSession, staffId: string, role: Role): StaffMember {
      if (!byId(staffId)) throw notFound()
      const row = write(actor.staffId, 'staff.setRole', (tx) => {
        const before = tx.read.select().from(staff).where(eq(staff.id, staffId)).get()!
        if (role !== 'admin' && before.role === 'admin' && before.active && otherActiveAdmins(tx, staffId) === 0) throw lastAdmin('odebrać roli')
        return tx.update(staff, staffId, { role })
      })
      return toStaffMember(row)
    },

    /** A forgotten password: a one-time one, shown to the admin once; the person must change it at sign-in. */
    async resetPassword(actor: StaffSession, staffId: string): Promise<PasswordReset> {
      const target = byId(staffId)
      if (!target) throw notFound()
      if (staffId === actor.staffId) throw new ApiError('CONFLICT', 'Własne hasło zmienisz poleceniem „Zmień hasło” w górnym pasku', 'staffId')
      const password = oneTimePassword()
      const passwordHash = await hashPassword(password)
      const row = write(actor.staffId, 'staff.resetPassword', (tx) => tx.update(staff, staffId, { passwordHash, mustChangePassword: true }))
      s.sessions.closeAllFor(staffId)
      s.loginThrottle.clear(row.login)
      return { staff: toStaffMember(row), oneTimePassword: password }
    },

    /** Clears the waits of a login after failed attempts (at this desk), with an audit entry. */
    unlockAccount(actor: StaffSession, staffId: string): StaffMember {
      const target = byId(staffId)
      if (!target) throw notFound()
      const row = write(actor.staffId, 'staff.unlockAccount', (tx) => {
        tx.note('staff', staffId, { unlocked: target.login, waitingUntil: s.loginThrottle.waitingUntil(target.login) })
        // Accounts locked by an older version of the desk kept the lock in the row.
        return tx.update(staff, staffId, { failedAttempts: 0, lockedUntil: null })
      })
      s.loginThrottle.clear(target.login)
      return toStaffMember(row)
    },
  }
}
