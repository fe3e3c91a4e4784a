// Signed-in staff sessions, held in memory by the process that serves the UI. A session idle
// for longer than the office's limit becomes locked: the counter PC is shared. Whatever the
// activity, a session ends after the office's absolute lifetime (default 12 h): sign in again.
import { randomBytes } from 'node:crypto'
import { DEFAULT_SESSION_HOURS } from '../../../shared/api/operations/office'
import type { Role } from '../../../shared/api/types'

export interface StaffSession {
  token: string
  staffId: string
  role: Role
  lastActivity: number
  locked: boolean
  /** When the person signed in; the session ends `sessionHours` later. */
  openedAt: number
}

/**
 * Who writes: a signed-in staff member, or (staffId null) a station acting for a customer — the
 * iBOK portal (src-main/portal) — or a background job. Services that only record who acted take this.
 */
export type Actor = Pick<StaffSession, 'staffId'> | { staffId: null }

export class SessionStore {
  private readonly sessions = new Map<string, StaffSession>()
  private readonly endedListeners = new Set<(token: string) => void>()

  constructor(private readonly now: () => number = Date.now) {}

  open(staffId: string, role: Role): StaffSession {
    const at = this.now()
    const session = { token: randomBytes(24).toString('base64url'), staffId, role, lastActivity: at, locked: false, openedAt: at }
    this.sessions.set(session.token, session)
    return session
  }

  /** Looks a session up, ends it past its lifetime and applies the idle lock; does not count as activity. */
  find(token: string | null, idleLockMinutes: number, sessionHours = DEFAULT_SESSION_HOURS): StaffSession | null {
    const session = token ? this.sessions.get(token) : undefined
    if (!session) return null
    if (this.now() - session.openedAt >= sessionHours * 3_600_000) {
      this.end(session.token)
      return null
    }
    if (!session.locked && this.now() - session.lastActivity > idleLockMinutes * 60_000) session.locked = true
    return session
  }

  touch(session: StaffSession): void {
    session.lastActivity = this.now()
  }

  close(token: string): void {
    this.end(token)
  }

  /** Ends every session of a staff member (e.g. after a password change elsewhere). */
  closeAllFor(staffId: string, except?: string): void {
    for (const [token, s] of this.sessions) if (s.staffId === staffId && token !== except) this.end(token)
  }

  /** Hears every session that ends (sign-out, password change, deactivation, lifetime over): its event feed closes. */
  onEnded(listener: (token: string) => void): () => void {
    this.endedListeners.add(listener)
    return () => this.endedListeners.delete(listener)
  }

  private end(token: string): void {
    if (this.sessions.delete(token)) for (const listener of this.endedListeners) listener(token)
  }
}
