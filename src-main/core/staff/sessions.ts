// Signed-in staff sessions, held in memory by the process that serves the UI. A session idle
// for longer than the office's limit becomes locked: the counter PC is shared.
import { randomBytes } from 'node:crypto'
import type { Role } from '../../../shared/api/types'

export interface StaffSession {
  token: string
  staffId: string
  role: Role
  lastActivity: number
  locked: boolean
}

export class SessionStore {
  private readonly sessions = new Map<string, StaffSession>()

  constructor(private readonly now: () => number = Date.now) {}

  open(staffId: string, role: Role): StaffSession {
    const session = { token: randomBytes(24).toString('base64url'), staffId, role, lastActivity: this.now(), locked: false }
    this.sessions.set(session.token, session)
    return session
  }

  /** Looks a session up and applies the idle lock; does not count as activity. */
  find(token: string | null, idleLockMinutes: number): StaffSession | null {
    const session = token ? this.sessions.get(token) : undefined
    if (!session) return null
    if (!session.locked && this.now() - session.lastActivity > idleLockMinutes * 60_000) session.locked = true
    return session
  }

  touch(session: StaffSession): void {
    session.lastActivity = this.now()
  }

  close(token: string): void {
    this.sessions.delete(token)
  }

  /** Ends every session of a staff member (e.g. after a password change elsewhere). */
  closeAllFor(staffId: string, except?: string): void {
    for (const [token, s] of this.sessions) if (s.staffId === staffId && token !== except) this.sessions.delete(token)
  }
}
