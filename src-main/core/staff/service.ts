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

  return {
    async login(login: string, password: string): Promise<SessionInfo> {
      const row = byLogin(login)
      const nowMs = s.now().getTime()
      if (!row || !row.active) {
        await hashPassword(password) // same cost as a real check: no timing hint that the login exists
        throw new ApiError('INVALID_CREDENTIALS', 'Nieprawidłowy login lub hasło', 'password')
      }
      if (row.lockedUntil && Date.parse(row.lockedUntil) > nowMs) {
        throw new ApiError(
          'ACCOUNT_LOCKED',
          `Konto zablokowane do ${formatDateTime(row.lockedUntil)} po ${MAX_FAILED_LOGINS} nieudanych próbach logowania. Administrator może je odblokować wcześniej.`,
          'login',
        )
      }
      const ok = await verifyPassword(password, row.passwordHash)
      const ctx = { staffId: row.id, stationCode: s.stationCode(), operation: 'staff.login' }
      if (!ok) {
        const failed = row.failedAttempts + 1
        const lock = failed >= MAX_FAILED_LOGINS
        s.db.write(ctx, (tx) =>
          tx.update(staff, row.id, {
            failedAttempts: lock ? 0 : failed,
            lockedUntil: lock ? new Date(nowMs + LOCKOUT_MINUTES * 60_000).toISOString() : row.lockedUntil,
          }),
        )
        const left = MAX_FAILED_LOGINS - failed
        throw lock
          ? new ApiError('ACCOUNT_LOCKED', `Konto zablokowane na ${LOCKOUT_MINUTES} minut po ${MAX_FAILED_LOGINS} nieudanych próbach logowania`, 'login')
          : new ApiError('INVALID_CREDENTIALS', `Nieprawidłowy login lub hasło (pozostało prób: ${left})`, 'password')
      }
      if (row.failedAttempts > 0 || row.lockedUntil) {
        s.db.write(ctx, (tx) => tx.update(staff, row.id, { failedAttempts: 0, lockedUntil: null }))
      }
      return sessionInfo(s.sessions.open(row.id, row.role), row)
    },

    async unlock(session: StaffSession, password: string): Promise<SessionInfo> {
      const row = byId(session.staffId)
      if (!row || !row.active || !(await verifyPassword(password, row.passwordHash))) {
        throw new ApiError('INVALID_CREDENTIALS', 'Nieprawidłowe hasło', 'password')
      }
      session.locked = false
      s.sessions.touch(session)
      return sessionInfo(session, row)
    },

    me(session: StaffSession): SessionInfo {
      const row = byId(session.staffId)
      if (!row) throw new ApiError('UNAUTHENTICATED', 'Sesja wygasła, zaloguj się ponownie')
      return sessionInfo(session, row)
    },

    async changePassword(session: StaffSession, current: string, next: string): Promise<void> {
      const row = byId(session.staffId)
      if (!row || !(await verifyPassword(current, row.passwordHash))) {
        throw new ApiError('INVALID_CREDENTIALS', 'Obecne hasło: nieprawidłowe', 'currentPassword')
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
      if (byLogin(input.login)) throw new ApiError('CONFLICT', `Login: „${input.login}” jest już zajęty`, 'login')
      const passwordHash = await hashPassword(input.password)
      const now = s.now().toISOString()
      const row = s.db.write({ staffId: actor?.staffId ?? null, stationCode: s.stationCode(), operation }, (tx) =>
        tx.insert(staff, {
          id: newId(),
          login: input.login.toLowerCase(),
          fullName: input.fullName,
          role: input.role,
          passwordHash,
          mustChangePassword: actor !== null,
          createdAt: now,
          updatedAt: now,
        }),
      )
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
