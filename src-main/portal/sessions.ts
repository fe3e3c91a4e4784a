// Portal sessions, in this process's memory (they do not sync: a session is this server's, and a
// restart signs customers out). Before login a visitor has an anonymous session that carries only
// the CSRF token of the login form; a successful login ends it and opens a NEW session id, so an
// id planted by someone else (fixation) never becomes a signed-in one. Every session also holds
// its synchronizer CSRF token, checked on each POST.
import { randomBytes, timingSafeEqual } from 'node:crypto'

export interface PortalSession {
  id: string
  csrf: string
  /** null: not signed in (the login form's session). */
  accountId: string | null
  customerId: string | null
  customerNo: string | null
  /** The one-time password from the desk is still the account's: only the password change is open. */
  mustChangePassword: boolean
  /** The account's passwordSetAt at sign-in: a reset at a desk (a new password) ends the session. */
  passwordSetAt: string | null
  openedAt: number
  lastSeen: number
}

export interface SessionLimits {
  idleMs: number
  absoluteMs: number
}

export const DEFAULT_LIMITS: SessionLimits = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 }

const token = () => randomBytes(32).toString('base64url')

export class PortalSessions {
  private readonly sessions = new Map<string, PortalSession>()

  constructor(
    private readonly now: () => number = Date.now,
    private readonly limits: SessionLimits = DEFAULT_LIMITS,
  ) {}

  /** A fresh anonymous session (the login form). */
  anonymous(): PortalSession {
    return this.store({ accountId: null, customerId: null, customerNo: null, mustChangePassword: false, passwordSetAt: null })
  }

  /** Sign-in: the old session (if any) is ended and a new id and CSRF token are issued. */
  signIn(previous: PortalSession | null, who: Pick<PortalSession, 'accountId' | 'customerId' | 'customerNo' | 'mustChangePassword' | 'passwordSetAt'>): PortalSession {
    if (previous) this.sessions.delete(previous.id)
    return this.store(who)
  }

  private store(who: Pick<PortalSession, 'accountId' | 'customerId' | 'customerNo' | 'mustChangePassword' | 'passwordSetAt'>): PortalSession {
    const at = this.now()
    const session: PortalSession = { id: token(), csrf: token(), ...who, openedAt: at, lastSeen: at }
    this.sessions.set(session.id, session)
    return session
  }

  /** Looks a session up; an idle or too old one is ended. Counts as activity. */
  find(id: string | null | undefined): PortalSession | null {
    const session = id ? this.sessions.get(id) : undefined
    if (!session) return null
    const at = this.now()
    if (at - session.lastSeen > this.limits.idleMs || at - session.openedAt > this.limits.absoluteMs) {
      this.sessions.delete(session.id)
      return null
    }
    session.lastSeen = at
    return session
  }

  end(id: string): void {
    this.sessions.delete(id)
  }

  /** "Wyloguj wszędzie": every session of the account but `except`. */
  endAllOf(accountId: string, except?: string): void {
    for (const [id, s] of this.sessions) if (s.accountId === accountId && id !== except) this.sessions.delete(id)
  }

  /** Anonymous sessions are cheap to make: forget old ones so a flood of visits cannot grow memory for ever. */
  sweep(): void {
    const at = this.now()
    for (const [id, s] of this.sessions) if (at - s.lastSeen > this.limits.idleMs || at - s.openedAt > this.limits.absoluteMs) this.sessions.delete(id)
  }

  get size(): number {
    return this.sessions.size
  }
}

/** Constant-time comparison of the submitted CSRF token with the session's. */
export function csrfMatches(session: PortalSession, submitted: string | null | undefined): boolean {
  if (!submitted) return false
  const a = Buffer.from(session.csrf)
  const b = Buffer.from(submitted)
  return a.length === b.length && timingSafeEqual(a, b)
}
