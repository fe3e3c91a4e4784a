// Staff accounts: login with lockout after repeated failures, password change, admin tools.
import { eq } from 'drizzle-orm'
import { ApiError } from '../../../shared/api/errors'
import type { Role, SessionInfo, StaffMember } from '../../../shared/api/types'
import { formatDateTime } from '../../../shared/domain/dates'
import { staff } from '../../db/schema'
import { newId } from '../../db/write'
import type { Services } from '../services'
import { hashPassword, verifyPassword } from './passwords'
import type { StaffSession } from './sessions'

export const MAX_FAILED_LOGINS = 5
export const LOCKOUT_MINUTES = 15

type StaffRow = typeof staff.$inferSelect

export function toStaffMember(row: StaffRow): StaffMember {
  return {
    id: row.id,
    login: row.login,
    fullName: row.fullName,
    role: row.role,
    active: row.active,
    lockedUntil: row.lockedUntil,
    mustChangePassword: row.mustChangePassword,
  }
}

export function createStaffService(s: Services) {
  const byLogin = (login: string) => s.db.orm.select().from(staff).where(eq(staff.login, login.toLowerCase())).get()
  const byId = (id: string) => s.db.orm.select().from(staff).where(eq(staff.id, id)).get()
  const sessionInfo = (session: StaffSession, row: StaffRow): SessionInfo => ({
    token: session.token,
    staff: toStaffMember(row),
    idleLockMinutes: s.idleLockMinutes(),
  })

  const lockedMessage = (until: string) =>
    `Konto zablokowane do ${formatDateTime(until)} po ${MAX_FAILED_LOGINS} nieudanych próbach logowania. Administrator może je odblokować wcześniej.`
  const isLocked = (row: StaffRow, nowMs: number) => row.lockedUntil !== null && Date.parse(row.lockedUntil) > nowMs

  /**
   * Counts one wrong password and throws the answer. The row is read again inside the write
   * transaction: guesses sent in parallel all passed the first check with the same count, and
   * each must still count, or the lockout could be bypassed by sending many at once.
   */
  const failedAttempt = (id: string, operation: string, wrongPassword: ApiError): never => {
    const nowMs = s.now().getTime()
    const outcome = s.db.write({ staffId: id, stationCode: s.stationCode(), operation }, (tx) => {
      const row = tx.orm.select().from(staff).where(eq(staff.id, id)).get()!
      if (isLocked(row, nowMs)) return { lockedUntil: row.lockedUntil!, left: 0, justLocked: false }
      const failed = row.failedAttempts + 1
      const lock = failed >= MAX_FAILED_LOGINS
      const lockedUntil = lock ? new Date(nowMs + LOCKOUT_MINUTES * 60_000).toISOString() : null
      tx.update(staff, id, { failedAttempts: lock ? 0 : failed, lockedUntil: lock ? lockedUntil : row.lockedUntil })
      return { lockedUntil, left: MAX_FAILED_LOGINS - failed, justLocked: lock }
    })
    if (outcome.justLocked) {
      throw new ApiError('ACCOUNT_LOCKED', `Konto zablokowane na ${LOCKOUT_MINUTES} minut po ${MAX_FAILED_LOGINS} nieudanych próbach logowania`, 'login')
    }
    if (outcome.lockedUntil) throw new ApiError('ACCOUNT_LOCKED', lockedMessage(outcome.lockedUntil), 'login')
    throw new ApiError(wrongPassword.code, `${wrongPassword.message} (pozostało prób: ${outcome.left})`, wrongPassword.field)
  }

  /** A right password: clears earlier failures, unless a parallel guess locked the account meanwhile. */
  const succeededAttempt = (id: string, operation: string): StaffRow => {
    const nowMs = s.now().getTime()
    const row = byId(id)!
    if (isLocked(row, nowMs)) throw new ApiError('ACCOUNT_LOCKED', lockedMessage(row.lockedUntil!), 'login')
    if (row.failedAttempts === 0 && row.lockedUntil === null) return row
    return s.db.write({ staffId: id, stationCode: s.stationCode(), operation }, (tx) => tx.update(staff, id, { failedAttempts: 0, lockedUntil: null }))
  }

  return {
    async login(login: string, password: string): Promise<SessionInfo> {
      const row = byLogin(login)
      if (!row || !row.active) {
        await hashPassword(password) // same cost as a real check: no timing hint that the login exists
        throw new ApiError('INVALID_CREDENTIALS', 'Nieprawidłowy login lub hasło', 'password')
      }
      if (isLocked(row, s.now().getTime())) throw new ApiError('ACCOUNT_LOCKED', lockedMessage(row.lockedUntil!), 'login')
      if (!(await verifyPassword(password, row.passwordHash))) {
        failedAttempt(row.id, 'staff.login', new ApiError('INVALID_CREDENTIALS', 'Nieprawidłowy login lub hasło', 'password'))
      }
      const current = succeededAttempt(row.id, 'staff.login')
      return sessionInfo(s.sessions.open(current.id, current.role), current)
    },

    /**
     * Reopens an idle-locked session. Wrong passwords count like failed logins, so the lock
     * screen is no way around the lockout; when the account locks, its sessions end.
     */
    async unlock(session: StaffSession, password: string): Promise<SessionInfo> {
      const row = byId(session.staffId)
      if (!row || !row.active) {
        s.sessions.close(session.token)
        throw new ApiError('UNAUTHENTICATED', 'Sesja wygasła, zaloguj się ponownie')
      }
      try {
        if (isLocked(row, s.now().getTime())) throw new ApiError('ACCOUNT_LOCKED', lockedMessage(row.lockedUntil!), 'login')
        if (!(await verifyPassword(password, row.passwordHash))) {
          failedAttempt(row.id, 'staff.unlock', new ApiError('INVALID_CREDENTIALS', 'Nieprawidłowe hasło', 'password'))
        }
        const current = succeededAttempt(row.id, 'staff.unlock')
        session.locked = false
        s.sessions.touch(session)
        return sessionInfo(session, current)
      } catch (err) {
        if (err instanceof ApiError && err.code === 'ACCOUNT_LOCKED') s.sessions.closeAllFor(row.id)
        throw err
      }
    },

    me(session: StaffSession): SessionInfo {
      const row = byId(session.staffId)
      if (!row) throw new ApiError('UNAUTHENTICATED', 'Sesja wygasła, zaloguj się ponownie')
      return sessionInfo(session, row)
    },

    async changePassword(session: StaffSession, current: string, next: string): Promise<void> {
      const row = byId(session.staffId)
      if (!row) throw new ApiError('UNAUTHENTICATED', 'Sesja wygasła, zaloguj się ponownie')
      // A PC left signed in must not become a place to guess the password: wrong ones count too.
      if (!(await verifyPassword(current, row.passwordHash))) {
        try {
          failedAttempt(row.id, 'staff.changePassword', new ApiError('INVALID_CREDENTIALS', 'Obecne hasło: nieprawidłowe', 'currentPassword'))
        } catch (err) {
          if (err instanceof ApiError && err.code === 'ACCOUNT_LOCKED') s.sessions.closeAllFor(row.id)
          throw err
        }
      }
      const passwordHash = await hashPassword(next)
      s.db.write({ staffId: row.id, stationCode: s.stationCode(), operation: 'staff.changePassword' }, (tx) =>
        tx.update(staff, row.id, { passwordHash, mustChangePassword: false }),
      )
      s.sessions.closeAllFor(row.id, session.token)
    },

    list(): StaffMember[] {
      return s.db.orm.select().from(staff).orderBy(staff.fullName).all().map(toStaffMember)
    },

    async create(actor: StaffSession | null, input: { login: string; fullName: string; role: Role; password: string }, operation = 'staff.create'): Promise<StaffMember> {
      const taken = () => new ApiError('CONFLICT', `Login: „${input.login}” jest już zajęty`, 'login')
      if (byLogin(input.login)) throw taken()
      const passwordHash = await hashPassword(input.password)
      const now = s.now().toISOString()
      const row = s.db.write({ staffId: actor?.staffId ?? null, stationCode: s.stationCode(), operation }, (tx) => {
        // Checked again in the transaction: a parallel request may have taken it while hashing.
        if (tx.orm.select({ id: staff.id }).from(staff).where(eq(staff.login, input.login.toLowerCase())).get()) throw taken()
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

    unlockAccount(actor: StaffSession, staffId: string): StaffMember {
      if (!byId(staffId)) throw new ApiError('NOT_FOUND', 'Pracownik: nie istnieje', 'staffId')
      const row = s.db.write({ staffId: actor.staffId, stationCode: s.stationCode(), operation: 'staff.unlockAccount' }, (tx) =>
        tx.update(staff, staffId, { failedAttempts: 0, lockedUntil: null }),
      )
      return toStaffMember(row)
    },
  }
}
