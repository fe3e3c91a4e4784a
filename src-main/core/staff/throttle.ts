// Slowing down password guessing without a lock that anyone could put on the admin.
//
// Failed attempts are counted per login at one source (the desk, or a transport's client) and per
// source over all logins. The first few mistakes cost nothing; after that each one doubles the
// wait before the next attempt, up to a cap — never a lock that outlasts the cap, and never one
// that reaches other sources: whoever hammers the admin's login at one desk slows down only that
// desk's attempts, and an admin can clear the count. Unknown logins are counted exactly like
// real ones, so the answers never tell whether a login exists.
//
// The count lives in this process's memory: it is the desk's own defence (each desk is a source),
// and it does not sync — a lock must not travel to every desk of the office.

export interface ThrottlePolicy {
  /** Mistakes that cost nothing. */
  free: number
  /** The wait after the first costly mistake; it doubles with each further one. */
  baseMs: number
  capMs: number
}

/** Per login at one source: 4 free mistakes, then 30 s, 1, 2, 4, 8 min, capped at 15 min. */
export const PER_LOGIN: ThrottlePolicy = { free: 4, baseMs: 30_000, capMs: 15 * 60_000 }
/** Per source over all logins (trying many logins; a busy desk's typos): more room, the same growth and cap. */
export const PER_SOURCE: ThrottlePolicy = { free: 20, baseMs: 30_000, capMs: 15 * 60_000 }

interface Count {
  failures: number
  lastFailureAt: number
  /** lastFailureAt before the attempt under way, restored if it turns out right. */
  previousFailureAt: number
}

const delayAfter = (failures: number, policy: ThrottlePolicy): number =>
  failures < policy.free ? 0 : Math.min(policy.baseMs * 2 ** (failures - policy.free), policy.capMs)

export class LoginThrottle {
  private readonly counts = new Map<string, Count>()

  /**
   * `policies` (default PER_LOGIN / PER_SOURCE): the iBOK portal keeps a second throttle whose
   * "source" is the whole internet — one count per account over all addresses, no count per source.
   */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly policies: { perLogin: ThrottlePolicy; perSource: ThrottlePolicy | null } = { perLogin: PER_LOGIN, perSource: PER_SOURCE },
  ) {}

  private keys(login: string, source: string): [string, ThrottlePolicy][] {
    const keys: [string, ThrottlePolicy][] = [[`login\u0000${login.toLowerCase()}\u0000${source}`, this.policies.perLogin]]
    if (this.policies.perSource) keys.push([`source\u0000${source}`, this.policies.perSource])
    return keys
  }

  private waitFor(key: string, policy: ThrottlePolicy): number {
    const c = this.counts.get(key)
    if (!c) return 0
    const wait = c.lastFailureAt + delayAfter(c.failures, policy) - this.now()
    // Long quiet after the cap: forgotten, so a count does not live for ever in memory.
    if (wait <= -policy.capMs * 4) this.counts.delete(key)
    return Math.max(0, wait)
  }

  /**
   * Starts an attempt: answers the wait in ms if one is due, else counts the attempt as failed
   * straight away — before the slow password check — so that guesses sent in parallel cannot
   * all pass the same check. `succeeded` takes the count back.
   */
  begin(login: string, source: string): number {
    const keys = this.keys(login, source)
    const wait = Math.max(...keys.map(([k, p]) => this.waitFor(k, p)))
    if (wait > 0) return wait
    const at = this.now()
    for (const [k] of keys) {
      const c = this.counts.get(k)
      this.counts.set(k, { failures: (c?.failures ?? 0) + 1, lastFailureAt: at, previousFailureAt: c?.lastFailureAt ?? at })
    }
    return 0
  }

  /** The right password: this login's count at this source starts again; the source's is taken back. */
  succeeded(login: string, source: string): void {
    const [[loginKey], sourceEntry] = this.keys(login, source)
    this.counts.delete(loginKey)
    if (!sourceEntry) return
    const [sourceKey] = sourceEntry
    const c = this.counts.get(sourceKey)
    if (c && c.failures > 1) this.counts.set(sourceKey, { ...c, failures: c.failures - 1, lastFailureAt: c.previousFailureAt })
    else this.counts.delete(sourceKey)
  }

  /** Admin unlock: the login's counts at every source are cleared. */
  clear(login: string): void {
    const prefix = `login\u0000${login.toLowerCase()}\u0000`
    for (const k of [...this.counts.keys()]) if (k.startsWith(prefix)) this.counts.delete(k)
  }

  /** Until when the login must wait at its slowest source (for the admin's list), or null. */
  waitingUntil(login: string): string | null {
    const prefix = `login\u0000${login.toLowerCase()}\u0000`
    let until = 0
    for (const [k, c] of this.counts) {
      if (!k.startsWith(prefix)) continue
      const at = c.lastFailureAt + delayAfter(c.failures, this.policies.perLogin)
      if (at > this.now()) until = Math.max(until, at)
    }
    return until ? new Date(until).toISOString() : null
  }
}

/** "30 s", "2 min" — how long to wait, for the message. */
export function waitText(ms: number): string {
  const seconds = Math.ceil(ms / 1000)
  return seconds < 60 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`
}
