// Staff accounts as the office sees them: lockout after failed logins, the idle lock of a shared
// counter PC, password changes, roles, first-start setup — on a real desk with an injected clock.
import { afterEach, describe, expect, it } from 'vitest'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { contract, operationNames, roleRank, type InputOf, type OperationName } from '../../shared/api/contract'
import type { DispatchResult } from '../../src-main/desk/dispatcher'
import { currentScryptParams, hashPassword } from '../../src-main/core/staff/passwords'
import { ADMIN, TEST_OFFICE } from '../support/desk'
import { dbState } from '../support/db-state'
import { looksPolish, makeSpyDesk, type SpyDesk } from '../support/spy-desk'

const MINUTE = 60_000

/** The office's wall clock, moved by the test. */
function testClock(start = '2026-03-02T08:00:00.000Z') {
  let t = Date.parse(start)
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) }
}

let spy: SpyDesk | undefined
afterEach(() => {
  spy?.desk.dispose()
  spy = undefined
})

type Err = Extract<DispatchResult, { ok: false }>

async function setUp() {
  const clock = testClock()
  spy = await makeSpyDesk({ now: clock.now })
  const s = spy
  const call = <N extends OperationName>(name: N, input: InputOf<N>, session: string | null = null) => s.dispatch(name, input, session)
  const ok = async <N extends OperationName>(name: N, input: InputOf<N>, session: string | null = null) => {
    const r = await call(name, input, session)
    if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`)
    return r.value as any
  }
  const fails = async <N extends OperationName>(name: N, input: InputOf<N>, session: string | null, code: string): Promise<Err['error'] & { status: number }> => {
    const r = await call(name, input, session)
    expect(r.ok, `${name} should fail with ${code}`).toBe(false)
    const e = r as Err
    expect(e.error.code, `${name}: ${e.error.message}`).toBe(code)
    expect(looksPolish(e.error.message), e.error.message).toBe(true)
    return { ...e.error, status: e.status }
  }
  /** A new account, signed in; unless `fresh`, the person has already replaced the admin-set password. */
  const makeStaff = async (login: string, role: 'clerk' | 'supervisor' | 'admin', options: { fresh?: boolean } = {}) => {
    const initial = `Start-${login}-2026`
    const member = await ok('staff.create', { login, fullName: `Pracownik ${login}`, role, password: initial }, s.token)
    const session = await ok('staff.login', { login, password: initial })
    const password = options.fresh ? initial : `Haslo-${login}-2026`
    if (!options.fresh) await ok('staff.changePassword', { currentPassword: initial, newPassword: password }, session.token)
    return { id: member.id as string, login, password, token: session.token as string }
  }
  return { spy: s, clock, call, ok, fails, makeStaff, sqlite: s.desk.services.db.sqlite }
}

describe('signing in: one answer, growing waits, no lock anyone can put on an account', () => {
  const WRONG = 'zle-haslo-123'
  /** What a caller sees of an answer: the HTTP status and the whole error body. */
  const seen = (r: DispatchResult) => (r.ok ? 'OK' : JSON.stringify({ status: r.status, ...r.error }))

  it('answers an unknown login, a wrong password and a deactivated account exactly alike, also once they must wait', async () => {
    const t = await setUp()
    const jan = await t.makeStaff('jan.kowalski', 'clerk')
    const ewa = await t.makeStaff('ewa.nowak', 'clerk')
    await t.ok('staff.setActive', { staffId: ewa.id, active: false }, t.spy.token)
    const attempts = async (login: string, password: string) => {
      const answers: string[] = []
      for (let i = 0; i < 6; i++) answers.push(seen(await t.call('staff.login', { login, password }, null)))
      return answers
    }
    const wrongPassword = await attempts(jan.login, WRONG)
    const unknownLogin = await attempts('nie.ma.takiego', WRONG)
    const deactivated = await attempts(ewa.login, ewa.password) // even with the right password
    expect(unknownLogin).toEqual(wrongPassword)
    expect(deactivated).toEqual(wrongPassword)
    for (const a of wrongPassword.slice(0, 4)) expect(JSON.parse(a)).toEqual({ status: 401, code: 'INVALID_CREDENTIALS', message: 'Nieprawidłowy login lub hasło', field: 'password' })
    expect(JSON.parse(wrongPassword[4])).toEqual({ status: 429, code: 'TOO_MANY_ATTEMPTS', message: 'Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za 30 s.' })
    expect(wrongPassword.join('\n')).not.toMatch(/zablokowane|pozostało/i)
  })

  it('makes each further mistake wait twice as long, up to 15 minutes, and lets the right password in once the wait is over', async () => {
    const t = await setUp()
    const jan = await t.makeStaff('jan.kowalski', 'clerk')
    for (let i = 0; i < 4; i++) await t.fails('staff.login', { login: jan.login, password: WRONG }, null, 'INVALID_CREDENTIALS')
    const waits: string[] = []
    for (let i = 0; i < 8; i++) {
      const e = await t.fails('staff.login', { login: jan.login, password: jan.password }, null, 'TOO_MANY_ATTEMPTS')
      expect(e.status).toBe(429)
      waits.push(/za (.*)\.$/.exec(e.message)![1])
      const seconds = Number(/(\d+)/.exec(waits.at(-1)!)![1]) * (waits.at(-1)!.endsWith('min') ? 60 : 1)
      t.clock.advance(seconds * 1000 - 1000)
      await t.fails('staff.login', { login: jan.login, password: jan.password }, null, 'TOO_MANY_ATTEMPTS')
      t.clock.advance(1000)
      await t.fails('staff.login', { login: jan.login, password: WRONG }, null, 'INVALID_CREDENTIALS')
    }
    expect(waits).toEqual(['30 s', '1 min', '2 min', '4 min', '8 min', '15 min', '15 min', '15 min'])
    t.clock.advance(15 * MINUTE)
    const session = await t.ok('staff.login', { login: jan.login, password: jan.password })
    expect(session.staff.lockedUntil).toBeNull()
    // The right password started the count again: four free mistakes.
    for (let i = 0; i < 4; i++) await t.fails('staff.login', { login: jan.login, password: WRONG }, null, 'INVALID_CREDENTIALS')
  })

  it('slows down only the source that guesses: the admin still signs in from another place', async () => {
    const t = await setUp()
    const fromBrowser = (input: InputOf<'staff.login'>) => t.spy.dispatch('staff.login', input, null, 'http:127.0.0.1')
    for (let i = 0; i < 30; i++) await fromBrowser({ login: ADMIN.login, password: WRONG })
    const r = await fromBrowser({ login: ADMIN.login, password: ADMIN.password })
    expect(r.ok || r.error.code).toBe('TOO_MANY_ATTEMPTS')
    expect((await t.spy.dispatch('staff.login', { login: ADMIN.login, password: ADMIN.password }, null, 'desk')).ok).toBe(true)
  })

  it('slows down a source trying many logins (one guess each)', async () => {
    const t = await setUp()
    const jan = await t.makeStaff('jan.kowalski', 'clerk')
    const from = (login: string, password = WRONG) => t.spy.dispatch('staff.login', { login, password }, null, 'http:intruz')
    for (let i = 0; i < 20; i++) expect(seen(await from(`login${i}`))).toContain('INVALID_CREDENTIALS')
    expect(seen(await from(jan.login, jan.password))).toContain('TOO_MANY_ATTEMPTS')
    expect((await t.spy.dispatch('staff.login', { login: jan.login, password: jan.password }, null, 'desk')).ok).toBe(true)
  })

  it('counts guesses sent in parallel: four are checked, the rest wait', async () => {
    const t = await setUp()
    const jan = await t.makeStaff('jan.kowalski', 'clerk')
    const results = await Promise.all(Array.from({ length: 10 }, () => t.call('staff.login', { login: jan.login, password: WRONG })))
    const codes = results.map((r) => (r.ok ? 'OK' : r.error.code))
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(4)
    expect(codes.filter((c) => c === 'TOO_MANY_ATTEMPTS')).toHaveLength(6)
    await t.fails('staff.login', { login: jan.login, password: jan.password }, null, 'TOO_MANY_ATTEMPTS')
  })

  it('lets an admin clear the wait at once (audited); only an admin', async () => {
    const t = await setUp()
    const jan = await t.makeStaff('jan.kowalski', 'clerk')
    const clerk = await t.makeStaff('ewa.nowak', 'clerk')
    for (let i = 0; i < 5; i++) await t.call('staff.login', { login: jan.login, password: WRONG })
    await t.fails('staff.login', { login: jan.login, password: jan.password }, null, 'TOO_MANY_ATTEMPTS')
    expect((await t.ok('staff.list', {}, t.spy.token)).find((m: { id: string }) => m.id === jan.id).lockedUntil).toBe('2026-03-02T08:00:30.000Z')

    await t.fails('staff.unlockAccount', { staffId: jan.id }, clerk.token, 'FORBIDDEN')
    await t.fails('staff.login', { login: jan.login, password: jan.password }, null, 'TOO_MANY_ATTEMPTS')

    const unlocked = await t.ok('staff.unlockAccount', { staffId: jan.id }, t.spy.token)
    expect(unlocked.lockedUntil).toBeNull()
    await t.ok('staff.login', { login: jan.login, password: jan.password })
    const audit = await t.ok('audit.forEntity', { entity: 'staff', entityId: jan.id }, t.spy.token)
    expect(audit[0].operation).toBe('staff.unlockAccount')
    expect(audit[0].staffName).toBe(ADMIN.fullName)
  })
})

describe('session lifetime', () => {
  it('ends a session after 12 hours however busy the clerk was, and after the office’s own limit once set', async () => {
    const t = await setUp()
    const jan = await t.makeStaff('jan.kowalski', 'clerk')
    const me = await t.ok('staff.me', {}, jan.token)
    expect(me.expiresAt).toBe('2026-03-02T20:00:00.000Z')
    for (let i = 0; i < 12 * 15 - 1; i++) {
      t.clock.advance(4 * MINUTE)
      await t.ok('customers.search', { query: 'kowal', limit: 5 }, jan.token)
    }
    t.clock.advance(4 * MINUTE)
    const ended = await t.fails('customers.search', { query: 'kowal', limit: 5 }, jan.token, 'UNAUTHENTICATED')
    expect(ended.status).toBe(401)
    await t.fails('staff.me', {}, jan.token, 'UNAUTHENTICATED')

    const admin = (await t.ok('staff.login', { login: ADMIN.login, password: ADMIN.password })).token
    expect((await t.ok('office.get', {}, admin)).sessionHours).toBe(12)
    const { bankSortCode: _, ...office } = await t.ok('office.get', {}, admin)
    await t.fails('office.update', { ...office, sessionHours: 0 }, admin, 'VALIDATION')
    await t.ok('office.update', { ...office, sessionHours: 2 }, admin)
    const short = (await t.ok('staff.login', { login: jan.login, password: jan.password })).token
    t.clock.advance(2 * 60 * MINUTE - 1000)
    await t.fails('staff.me', {}, short, 'SESSION_LOCKED') // idle: locked, not yet ended
    t.clock.advance(1000)
    await t.fails('staff.me', {}, short, 'UNAUTHENTICATED')
  })
})

describe('idle lock of the counter PC', () => {
  it('locks a session after the idle limit; the right password resumes it, a wrong one does not', async () => {
    const t = await setUp()
    const jan = await t.makeStaff('jan.kowalski', 'clerk')
    expect(TEST_OFFICE.idleLockMinutes).toBe(5)

    t.clock.advance(5 * MINUTE)
    await t.ok('staff.me', {}, jan.token) // exactly the limit: still open, and this call counts as activity
    t.clock.advance(5 * MINUTE + 1000)
    const locked = await t.fails('staff.me', {}, jan.token, 'SESSION_LOCKED')
    expect(locked.status).toBe(423)
    await t.fails('office.get', {}, jan.token, 'SESSION_LOCKED')
    await t.fails('customers.search', { query: 'kowal', limit: 5 }, jan.token, 'SESSION_LOCKED')
    // The locked screen still knows which office it is.
    expect((await t.ok('system.status', {})).setupDone).toBe(true)
    // The admin's session idled just as long.
    await t.fails('staff.me', {}, t.spy.token, 'SESSION_LOCKED')

    // Another person's password does not open it, nor does a wrong one.
    await t.fails('staff.unlock', { password: ADMIN.password }, jan.token, 'INVALID_CREDENTIALS')
    const wrong = await t.fails('staff.unlock', { password: 'zle-haslo-123' }, jan.token, 'INVALID_CREDENTIALS')
    expect(wrong.field).toBe('password')
    await t.fails('staff.me', {}, jan.token, 'SESSION_LOCKED')

    const resumed = await t.ok('staff.unlock', { password: jan.password }, jan.token)
    expect(resumed.token).toBe(jan.token)
    expect((await t.ok('staff.me', {}, jan.token)).staff.login).toBe(jan.login)
  })

  it('locks on request (break at the counter) until the password is given', async () => {
    const t = await setUp()
    const jan = await t.makeStaff('jan.kowalski', 'clerk')
    await t.ok('staff.lock', {}, jan.token)
    await t.fails('office.get', {}, jan.token, 'SESSION_LOCKED')
    await t.fails('staff.unlock', { password: ADMIN.password }, jan.token, 'INVALID_CREDENTIALS')
    await t.ok('staff.unlock', { password: jan.password }, jan.token)
    await t.ok('office.get', {}, jan.token)
  })

  it('does not allow unlimited guessing at the lock screen: after 4 wrong passwords the session ends and sign-in waits', async () => {
    const t = await setUp()
    const jan = await t.makeStaff('jan.kowalski', 'clerk')
    await t.ok('staff.lock', {}, jan.token)
    for (let i = 0; i < 4; i++) await t.fails('staff.unlock', { password: 'zle-haslo-123' }, jan.token, 'INVALID_CREDENTIALS')
    await t.fails('staff.unlock', { password: jan.password }, jan.token, 'TOO_MANY_ATTEMPTS')
    await t.fails('staff.unlock', { password: jan.password }, jan.token, 'UNAUTHENTICATED')
    await t.fails('staff.login', { login: jan.login, password: jan.password }, null, 'TOO_MANY_ATTEMPTS')
    t.clock.advance(30_000)
    await t.ok('staff.login', { login: jan.login, password: jan.password })
  })
})

describe('changing one’s password', () => {
  it('retires the old password and ends the person’s other sessions, not this one nor anyone else’s', async () => {
    const t = await setUp()
    const jan = await t.makeStaff('jan.kowalski', 'clerk', { fresh: true })
    const janElsewhere = (await t.ok('staff.login', { login: jan.login, password: jan.password })).token as string
    expect((await t.ok('staff.me', {}, jan.token)).staff.mustChangePassword).toBe(true)

    const wrong = await t.fails('staff.changePassword', { currentPassword: 'zle-haslo-123', newPassword: 'Nowe-haslo-2026' }, jan.token, 'INVALID_CREDENTIALS')
    expect(wrong.field).toBe('currentPassword')
    await t.ok('staff.me', {}, janElsewhere)

    await t.ok('staff.changePassword', { currentPassword: jan.password, newPassword: 'Nowe-haslo-2026' }, jan.token)
    await t.fails('staff.me', {}, janElsewhere, 'UNAUTHENTICATED')
    const me = await t.ok('staff.me', {}, jan.token)
    expect(me.staff.mustChangePassword).toBe(false)
    await t.ok('staff.me', {}, t.spy.token)

    await t.fails('staff.login', { login: jan.login, password: jan.password }, null, 'INVALID_CREDENTIALS')
    await t.ok('staff.login', { login: jan.login, password: 'Nowe-haslo-2026' })
  })
})

describe('roles', () => {
  it('refuses admin operations to a clerk and a supervisor, and supervisor ones to a clerk', async () => {
    const t = await setUp()
    const clerk = await t.makeStaff('jan.kowalski', 'clerk')
    const supervisor = await t.makeStaff('maria.kierownik', 'supervisor')
    const backups = join(t.spy.desk.dir, 'backups')
    const adminCalls: [OperationName, unknown][] = [
      ['staff.list', {}],
      ['office.update', { ...TEST_OFFICE, name: 'Przejęte biuro' }],
      ['system.backupNow', {}],
      ['system.listBackups', {}],
      ['staff.create', { login: 'intruz', fullName: 'Intruz', role: 'admin', password: 'Intruz-haslo-1' }],
      ['staff.unlockAccount', { staffId: clerk.id }],
      ['staff.setActive', { staffId: clerk.id, active: false }],
      ['staff.setRole', { staffId: clerk.id, role: 'admin' }],
      ['staff.resetPassword', { staffId: clerk.id }],
    ]
    const before = dbState(t.sqlite)
    t.spy.handled.length = 0
    for (const who of [clerk, supervisor]) {
      for (const [name, input] of adminCalls) {
        const e = await t.fails(name, input as never, who.token, 'FORBIDDEN')
        expect(e.status).toBe(403)
      }
    }
    await t.fails('audit.forEntity', { entity: 'staff', entityId: clerk.id }, clerk.token, 'FORBIDDEN')
    expect(t.spy.handled).toEqual([])
    expect(dbState(t.sqlite).hash).toBe(before.hash)
    expect(existsSync(backups) ? readdirSync(backups) : []).toEqual([])
    expect(t.spy.desk.services.office()?.name).toBe(TEST_OFFICE.name)

    // What each role may do, it can.
    expect(await t.ok('audit.forEntity', { entity: 'staff', entityId: clerk.id }, supervisor.token)).not.toHaveLength(0)
    await t.ok('office.get', {}, clerk.token)
    await t.ok('staff.list', {}, t.spy.token)
    await t.ok('system.backupNow', {}, t.spy.token)
  })

  it('enforces every operation’s declared access (generated from the contract)', async () => {
    const t = await setUp()
    const sessions = { clerk: (await t.makeStaff('jan.kowalski', 'clerk')).token, supervisor: (await t.makeStaff('maria.kierownik', 'supervisor')).token }
    for (const name of operationNames) {
      const { access } = contract[name]
      // Without parameters the call passes validation, so the answer must be about access.
      const noParams = contract[name].input.safeParse({}).success
      for (const role of ['clerk', 'supervisor'] as const) {
        if (access === 'public' || roleRank[role] >= roleRank[access]) continue
        t.spy.handled.length = 0
        const r = await t.call(name, {} as never, sessions[role])
        expect(r.ok, `${role} ran ${name}`).toBe(false)
        expect(t.spy.handled, `${role} reached ${name}`).toEqual([])
        if (noParams) expect((r as Err).error.code, `${role} → ${name}`).toBe('FORBIDDEN')
      }
    }
  })
})

describe('sessions', () => {
  it('serves public operations without a session and nothing else', async () => {
    const t = await setUp()
    expect((await t.ok('system.status', {})).setupDone).toBe(true)
    expect((await t.ok('staff.login', { login: ADMIN.login, password: ADMIN.password })).staff.role).toBe('admin')

    const jan = await t.makeStaff('jan.kowalski', 'clerk')
    await t.ok('staff.logout', {}, jan.token)
    for (const name of operationNames) {
      if (contract[name].access === 'public') continue
      const noParams = contract[name].input.safeParse({}).success
      for (const token of [null, 'nie-ma-takiej-sesji', jan.token]) {
        t.spy.handled.length = 0
        const r = await t.call(name, {} as never, token)
        expect(r.ok, `${name} without a session`).toBe(false)
        expect(t.spy.handled, `${name} reached without a session`).toEqual([])
        if (noParams) {
          expect((r as Err).error.code, name).toBe('UNAUTHENTICATED')
          expect((r as Err).status, name).toBe(401)
        }
      }
    }
  })
})

describe('staff accounts', () => {
  it('gives a login to one person only, also when two admins create it at the same moment', async () => {
    const t = await setUp()
    const input = { login: 'jan.kowalski', fullName: 'Jan Kowalski', role: 'clerk' as const, password: 'Haslo-jana-2026' }
    const results = await Promise.all([t.call('staff.create', input, t.spy.token), t.call('staff.create', { ...input, fullName: 'Jan Kowalski (drugi)' }, t.spy.token)])
    expect(results.map((r) => (r.ok ? 'OK' : r.error.code)).sort()).toEqual(['CONFLICT', 'OK'])
    const conflict = results.find((r) => !r.ok) as Err
    expect(conflict.error.field).toBe('login')
    expect(t.sqlite.prepare(`SELECT count(*) AS n FROM staff WHERE login = 'jan.kowalski'`).get()).toEqual({ n: 1 })
  })
})

describe('a password to change first (new account, reset by the admin)', () => {
  it('opens nothing but the password change through the API until the admin-set password is replaced', async () => {
    const t = await setUp()
    const jan = await t.makeStaff('jan.kowalski', 'clerk', { fresh: true })
    const before = dbState(t.sqlite)
    t.spy.handled.length = 0
    const search = await t.fails('customers.search', { query: 'kowal', limit: 5 }, jan.token, 'PASSWORD_CHANGE_REQUIRED')
    expect(search.status).toBe(403)
    const person = { kind: 'person', firstName: 'Jan', lastName: 'Nowy', email: null, phone: '600 000 001', correspondenceAddress: { street: 'Grecka', houseNo: '5', postalCode: '22-400', city: 'Zamość' } }
    await t.fails('customers.create', person as never, jan.token, 'PASSWORD_CHANGE_REQUIRED')
    // Every operation but the few needed to change the password, generated from the contract.
    const open = new Set(['staff.changePassword', 'staff.me', 'staff.logout', 'staff.lock', 'staff.unlock'])
    for (const name of operationNames) {
      if (contract[name].access === 'public' || open.has(name) || roleRank.clerk < roleRank[contract[name].access]) continue
      if (!contract[name].input.safeParse({}).success) continue
      const r = await t.call(name, {} as never, jan.token)
      expect(r.ok ? 'OK' : r.error.code, name).toBe('PASSWORD_CHANGE_REQUIRED')
    }
    expect(t.spy.handled).toEqual([])
    expect(dbState(t.sqlite).hash).toBe(before.hash)

    expect((await t.ok('staff.me', {}, jan.token)).staff.mustChangePassword).toBe(true)
    await t.ok('staff.changePassword', { currentPassword: jan.password, newPassword: 'Nowe-haslo-2026' }, jan.token)
    await t.ok('customers.search', { query: 'kowal', limit: 5 }, jan.token)
  })

  it('gives the admin a one-time password for a forgotten one: old password and sessions end, the new one must be changed', async () => {
    const t = await setUp()
    const jan = await t.makeStaff('jan.kowalski', 'clerk')
    const reset = await t.ok('staff.resetPassword', { staffId: jan.id }, t.spy.token)
    expect(reset.oneTimePassword).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/)
    expect(reset.staff.mustChangePassword).toBe(true)
    await t.fails('staff.me', {}, jan.token, 'UNAUTHENTICATED')
    await t.fails('staff.login', { login: jan.login, password: jan.password }, null, 'INVALID_CREDENTIALS')
    const session = (await t.ok('staff.login', { login: jan.login, password: reset.oneTimePassword })).token
    await t.fails('customers.search', { query: 'kowal', limit: 5 }, session, 'PASSWORD_CHANGE_REQUIRED')
    await t.ok('staff.changePassword', { currentPassword: reset.oneTimePassword, newPassword: 'Nowe-haslo-2026' }, session)
    await t.ok('customers.search', { query: 'kowal', limit: 5 }, session)
    await t.fails('staff.login', { login: jan.login, password: reset.oneTimePassword }, null, 'INVALID_CREDENTIALS')
    // One's own password is changed, not reset.
    const own = await t.fails('staff.resetPassword', { staffId: (await t.ok('staff.me', {}, t.spy.token)).staff.id }, t.spy.token, 'CONFLICT')
    expect(own.field).toBe('staffId')
    const audit = await t.ok('audit.forEntity', { entity: 'staff', entityId: jan.id }, t.spy.token)
    expect(audit.map((a: { operation: string }) => a.operation)).toContain('staff.resetPassword')
  })
})

describe('staff lifecycle', () => {
  it('deactivates a leaver: their sessions end at once, sign-in answers as for a wrong password; reactivation restores it; audited', async () => {
    const t = await setUp()
    const jan = await t.makeStaff('jan.kowalski', 'clerk')
    const off = await t.ok('staff.setActive', { staffId: jan.id, active: false }, t.spy.token)
    expect(off.active).toBe(false)
    await t.fails('customers.search', { query: 'kowal', limit: 5 }, jan.token, 'UNAUTHENTICATED')
    const e = await t.fails('staff.login', { login: jan.login, password: jan.password }, null, 'INVALID_CREDENTIALS')
    expect(e.message).toBe('Nieprawidłowy login lub hasło')
    expect((await t.ok('staff.list', {}, t.spy.token)).find((m: { id: string }) => m.id === jan.id).active).toBe(false)

    await t.ok('staff.setActive', { staffId: jan.id, active: true }, t.spy.token)
    await t.ok('customers.search', { query: 'kowal', limit: 5 }, (await t.ok('staff.login', { login: jan.login, password: jan.password })).token)
    const audit = await t.ok('audit.forEntity', { entity: 'staff', entityId: jan.id }, t.spy.token)
    const changes = audit.filter((a: { operation: string }) => a.operation === 'staff.setActive')
    expect(changes).toHaveLength(2)
    expect(changes.every((a: { staffName: string }) => a.staffName === ADMIN.fullName)).toBe(true)
  })

  it('changes a role, effective on the person’s very next call', async () => {
    const t = await setUp()
    const jan = await t.makeStaff('jan.kowalski', 'clerk')
    await t.fails('audit.forEntity', { entity: 'staff', entityId: jan.id }, jan.token, 'FORBIDDEN')
    expect((await t.ok('staff.setRole', { staffId: jan.id, role: 'supervisor' }, t.spy.token)).role).toBe('supervisor')
    await t.ok('audit.forEntity', { entity: 'staff', entityId: jan.id }, jan.token)
    await t.ok('staff.setRole', { staffId: jan.id, role: 'clerk' }, t.spy.token)
    await t.fails('audit.forEntity', { entity: 'staff', entityId: jan.id }, jan.token, 'FORBIDDEN')
    await t.fails('staff.setRole', { staffId: jan.id, role: 'kierownik' as never }, t.spy.token, 'VALIDATION')
    await t.fails('staff.setRole', { staffId: '01900000-0000-7000-8000-000000000000', role: 'clerk' }, t.spy.token, 'NOT_FOUND')
  })

  it('never leaves the office without an active administrator', async () => {
    const t = await setUp()
    const adminId = (await t.ok('staff.me', {}, t.spy.token)).staff.id as string
    const self = await t.fails('staff.setActive', { staffId: adminId, active: false }, t.spy.token, 'CONFLICT')
    expect(self.field).toBe('staffId')
    const demote = await t.fails('staff.setRole', { staffId: adminId, role: 'supervisor' }, t.spy.token, 'CONFLICT')
    expect(demote.message).toContain('ostatniego aktywnego administratora')

    // A deactivated admin does not count.
    const second = await t.makeStaff('ewa.admin', 'admin')
    await t.ok('staff.setActive', { staffId: second.id, active: false }, t.spy.token)
    await t.fails('staff.setRole', { staffId: adminId, role: 'clerk' }, t.spy.token, 'CONFLICT')
    await t.ok('staff.setActive', { staffId: second.id, active: true }, t.spy.token)
    const secondToken = (await t.ok('staff.login', { login: second.login, password: second.password })).token as string

    // Two admins demoting each other at the same moment: one of them stays (the other is no admin any more).
    const results = await Promise.all([
      t.call('staff.setRole', { staffId: second.id, role: 'clerk' }, t.spy.token),
      t.call('staff.setRole', { staffId: adminId, role: 'clerk' }, secondToken),
    ])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(t.sqlite.prepare(`SELECT count(*) AS n FROM staff WHERE role = 'admin' AND active = 1`).get()).toEqual({ n: 1 })
  })
})

describe('password hashes', () => {
  it('replaces a hash made at an older cost on the next successful sign-in, and keeps the password working', async () => {
    const t = await setUp()
    const jan = await t.makeStaff('jan.kowalski', 'clerk')
    const old = await hashPassword(jan.password, { N: 2 ** 14, r: 8, p: 1 }) // the desk's cost before
    t.sqlite.prepare('UPDATE staff SET password_hash = ? WHERE id = ?').run(old, jan.id)
    const hashOf = () => (t.sqlite.prepare('SELECT password_hash AS h FROM staff WHERE id = ?').get(jan.id) as { h: string }).h
    await t.fails('staff.login', { login: jan.login, password: 'zle-haslo-123' }, null, 'INVALID_CREDENTIALS')
    expect(hashOf()).toBe(old)
    await t.ok('staff.login', { login: jan.login, password: jan.password })
    const { N, r, p } = currentScryptParams()
    expect(hashOf()).toMatch(new RegExp(`^scrypt\\$${N}\\$${r}\\$${p}\\$`))
    await t.ok('staff.login', { login: jan.login, password: jan.password })
  })
})

describe('first start', () => {
  it('refuses a second setup and leaves the office and admin as they were', async () => {
    const t = await setUp()
    const before = dbState(t.sqlite)
    const e = await t.fails('system.setup', { office: { ...TEST_OFFICE, name: 'Inne biuro' }, admin: { ...ADMIN, login: 'drugi.admin' } }, null, 'SETUP_DONE')
    expect(e.status).toBe(409)
    expect(dbState(t.sqlite).hash).toBe(before.hash)
    expect(t.spy.desk.services.office()?.name).toBe(TEST_OFFICE.name)
  })

  it('accepts exactly one of two setups sent at the same time', async () => {
    const { makeTestDesk } = await import('../support/desk')
    const desk = makeTestDesk()
    try {
      const results = await Promise.all(
        ['pierwszy', 'drugi'].map((login) => desk.dispatch('system.setup', { office: TEST_OFFICE, admin: { ...ADMIN, login } }, null)),
      )
      expect(results.map((r) => (r.ok ? 'OK' : r.error.code)).sort()).toEqual(['OK', 'SETUP_DONE'])
      expect(desk.services.db.sqlite.prepare('SELECT count(*) AS n FROM staff').get()).toEqual({ n: 1 })
    } finally {
      desk.dispose()
    }
  })
})

describe('the audit log', () => {
  it('never holds a password hash, whatever happened to the accounts', async () => {
    const t = await setUp()
    const jan = await t.makeStaff('jan.kowalski', 'clerk', { fresh: true })
    for (let i = 0; i < 5; i++) await t.call('staff.login', { login: jan.login, password: 'zle-haslo-123' })
    await t.ok('staff.unlockAccount', { staffId: jan.id }, t.spy.token)
    await t.ok('staff.resetPassword', { staffId: jan.id }, t.spy.token)
    await t.ok('staff.setRole', { staffId: jan.id, role: 'supervisor' }, t.spy.token)
    await t.ok('staff.setActive', { staffId: jan.id, active: false }, t.spy.token)
    await t.ok('staff.setActive', { staffId: jan.id, active: true }, t.spy.token)
    const otp = (await t.ok('staff.resetPassword', { staffId: jan.id }, t.spy.token)).oneTimePassword as string
    await t.ok('staff.changePassword', { currentPassword: otp, newPassword: jan.password }, (await t.ok('staff.login', { login: jan.login, password: otp })).token)
    const session = (await t.ok('staff.login', { login: jan.login, password: jan.password })).token
    await t.ok('staff.changePassword', { currentPassword: jan.password, newPassword: 'Nowe-haslo-2026' }, session)
    await t.ok('staff.changePassword', { currentPassword: ADMIN.password, newPassword: 'Nowe-haslo-admina-1' }, t.spy.token)

    // Every hash the accounts ever had: the current ones, and older ones kept in the sync log.
    const hashes = new Set<string>()
    for (const r of t.sqlite.prepare('SELECT password_hash FROM staff').all() as { password_hash: string }[]) hashes.add(r.password_hash)
    for (const r of t.sqlite.prepare(`SELECT fields FROM change_log WHERE entity = 'staff'`).all() as { fields: string }[]) {
      const h = (JSON.parse(r.fields) as { passwordHash?: string }).passwordHash
      if (h) hashes.add(h)
    }
    expect(hashes.size).toBe(7) // admin ×2, jan ×5 (initial, two resets, own, new)

    const audit = t.sqlite.prepare(`SELECT entity, operation, before, after FROM audit_log`).all() as { entity: string; operation: string; before: string | null; after: string | null }[]
    expect(audit.filter((a) => a.entity === 'staff').map((a) => a.operation)).toEqual(
      expect.arrayContaining(['system.setup', 'staff.create', 'staff.unlockAccount', 'staff.resetPassword', 'staff.setRole', 'staff.setActive', 'staff.changePassword']),
    )
    const text = audit.map((a) => `${a.before ?? ''} ${a.after ?? ''}`).join('\n')
    expect(text).not.toContain('scrypt$')
    expect(text).not.toContain(otp)
    for (const h of hashes) expect(text).not.toContain(h.split('$').at(-1)!)
    // The change is still visible to an auditor, without the value.
    const change = audit.find((a) => a.operation === 'staff.changePassword')!
    expect(JSON.parse(change.after!).passwordHash).toBe('[ukryte]')

    const viaApi = JSON.stringify(await t.ok('audit.forEntity', { entity: 'staff', entityId: jan.id }, (await t.ok('staff.login', { login: ADMIN.login, password: 'Nowe-haslo-admina-1' })).token))
    expect(viaApi).not.toContain('scrypt$')
  })
})
