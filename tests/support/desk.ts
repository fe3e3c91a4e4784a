// Test helpers: a real desk on a real SQLite file in a fresh temp directory.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { InputOf, OperationName, OutputOf } from '../../shared/api/contract'
import { openDesk, type Desk, type DeskOptions } from '../../src-main/desk/desk'
import { TEST_OFFICE } from './office'

export interface TestDesk extends Desk {
  dir: string
  /** Calls an operation through the real dispatcher; throws on an API error. */
  call<N extends OperationName>(name: N, input: InputOf<N>, session?: string | null): Promise<OutputOf<N>>
  dispose(): void
}

export { TEST_OFFICE }

export const ADMIN = { login: 'admin', fullName: 'Anna Administratorka', password: 'Admin-haslo-2026' }

export function makeTestDesk(options: Partial<DeskOptions> = {}): TestDesk {
  const dir = mkdtempSync(join(tmpdir(), 'ibok-test-'))
  const desk = openDesk({ dataDir: dir, log: () => {}, ...options })
  return {
    ...desk,
    dir,
    async call(name, input, session = null) {
      const result = await desk.dispatch(name, input, session)
      if (!result.ok) throw Object.assign(new Error(`${result.error.code}: ${result.error.message}`), result.error)
      return result.value as never
    },
    dispose() {
      desk.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A desk with the office set up and the admin signed in; returns the admin's session token. */
export async function makeSetUpDesk(options: Partial<DeskOptions> = {}): Promise<{ desk: TestDesk; token: string }> {
  const desk = makeTestDesk(options)
  await desk.call('system.setup', { office: TEST_OFFICE, admin: ADMIN })
  const session = await desk.call('staff.login', { login: ADMIN.login, password: ADMIN.password })
  return { desk, token: session.token }
}

/**
 * A new staff account as the office would have it in use: created by the admin, signed in, and
 * its admin-set start password already replaced by `password` (until then the dispatcher opens
 * nothing but the password change). Returns the account's id and the signed-in session.
 */
export async function signInNewStaff(
  desk: Pick<TestDesk, 'call'>,
  adminToken: string,
  input: { login: string; fullName: string; role: 'clerk' | 'supervisor' | 'admin'; password: string },
): Promise<{ id: string; token: string }> {
  const start = `Start-${input.password}`
  const member = await desk.call('staff.create', { ...input, password: start }, adminToken)
  const { token } = await desk.call('staff.login', { login: input.login, password: start })
  await desk.call('staff.changePassword', { currentPassword: start, newPassword: input.password }, token)
  return { id: member.id, token }
}
