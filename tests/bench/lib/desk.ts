// A desk on a bench office, called the way the screens call it: through the real dispatcher
// (validation, session and role checks included), signed in as one of the demo staff.
import type { InputOf, OperationName, OutputOf } from '../../../shared/api/contract'
import { openDesk, type Desk } from '../../../src-main/desk/desk'
import { BENCH_TODAY } from './offices'

export const DEMO_PASSWORD = 'Demo-Krucza-10'
export type DemoLogin = 'admin' | 'kierownik' | 'urzednik'

export interface BenchDesk {
  desk: Desk
  /** Calls an operation as the signed-in staff member; throws on an API error. */
  call<N extends OperationName>(name: N, input: InputOf<N>): Promise<OutputOf<N>>
  close(): void
}

/** The clock the desk sees; by default the demo's "today" at 10:00. Change `at` to move it. */
export const benchClock = (day = BENCH_TODAY) => {
  const clock = { at: new Date(`${day}T10:00:00Z`), now: () => clock.at }
  return clock
}

/**
 * Opens the desk on `dataDir` and signs in. Signing in writes nothing when the password is
 * right, so this is safe on the golden (read-only) offices as long as only reads are called.
 */
export async function benchDesk(dataDir: string, login: DemoLogin, now: () => Date = benchClock().now): Promise<BenchDesk> {
  const desk = openDesk({ dataDir, mailSender: 'manual', now, log: () => {} })
  const signIn = await desk.dispatch('staff.login', { login, password: DEMO_PASSWORD }, null)
  if (!signIn.ok) throw new Error(`${login}: ${signIn.error.code} ${signIn.error.message}`)
  const token = (signIn.value as OutputOf<'staff.login'>).token
  return {
    desk,
    async call(name, input) {
      const result = await desk.dispatch(name, input, token)
      if (!result.ok) throw Object.assign(new Error(`${name}: ${result.error.code}: ${result.error.message}`), result.error)
      return result.value as never
    },
    close: () => desk.close(),
  }
}
