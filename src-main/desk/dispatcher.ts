// The one dispatcher every transport calls: validate → authorise → service → errors as
// { code, message, field? }. Invalid input never reaches a service.
import type { z } from 'zod'
import { contract, roleRank, type OperationName } from '../../shared/api/contract'
import { ApiError, errorCodes, type ApiErrorBody } from '../../shared/api/errors'
import { knownFailure } from '../platform/errors'
import { accountState } from '../core/staff/service'
import type { Handler, Handlers } from '../core/calls'
import type { StaffSession } from '../core/staff/sessions'
import type { Services } from '../core/services'

export type { CallContext, Handler, Handlers, HandlersOf } from '../core/calls'

export type DispatchResult = { ok: true; value: unknown } | { ok: false; status: number; error: ApiErrorBody }

/** Operations a locked session may still call. */
const ALLOWED_WHEN_LOCKED = new Set<string>(['staff.unlock', 'staff.logout', 'system.status'])
/** Operations open to a session whose password must be changed first (a new account, a reset). */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set<string>(['staff.changePassword', 'staff.me', 'staff.logout', 'staff.lock', 'staff.unlock', 'system.status'])

export function validationError(error: z.ZodError): ApiError {
  const issue = error.issues[0]
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : []
  const path = [...issue.path, ...keys.slice(0, 1)].map(String)
  const message = issue.code === 'unrecognized_keys' ? `Nieznane pole: ${keys.join(', ')}` : issue.message
  return new ApiError('VALIDATION', message, path.length ? path.join('.') : undefined)
}

const TYPE_NAMES: Record<string, string> = {
  string: 'tekstu',
  number: 'liczby',
  int: 'liczby całkowitej',
  boolean: 'wartości tak/nie',
  object: 'obiektu',
  array: 'listy',
  date: 'daty',
  null: 'wartości pustej',
}

/**
 * Polish fallback for zod's built-in messages (zod would answer in English). Schemas that give
 * their own message, as the field helpers in shared/validation do, keep it: this map only fills
 * the gaps, e.g. a schema with no message or a body that is not an object at all.
 */
export function polishIssueMessage(issue: z.core.$ZodRawIssue): string {
  const path = issue.path ?? []
  const where = path.length ? `Pole „${path.join('.')}”` : 'Dane wejściowe'
  switch (issue.code) {
    case 'invalid_type':
      return path.length || issue.expected !== 'object'
        ? `${where}: oczekiwano ${TYPE_NAMES[issue.expected] ?? 'innego rodzaju wartości'}`
        : 'Dane wejściowe: oczekiwano obiektu JSON z polami operacji'
    case 'too_small':
      return issue.origin === 'string' ? `${where}: co najmniej ${String(issue.minimum)} znaków` : `${where}: wartość za mała (najmniej ${String(issue.minimum)})`
    case 'too_big':
      return issue.origin === 'string' ? `${where}: najwyżej ${String(issue.maximum)} znaków` : `${where}: wartość za duża (najwyżej ${String(issue.maximum)})`
    case 'invalid_value':
      return `${where}: niedozwolona wartość`
    case 'invalid_format':
      return `${where}: niepoprawny format`
    case 'unrecognized_keys':
      return `Nieznane pole: ${issue.keys.join(', ')}`
    default:
      return `${where}: niepoprawna wartość`
  }
}

function fail(err: unknown, log: (e: unknown) => void): DispatchResult {
  // Domain errors, and failures of the disk, the database, the hub or the mail server: a code and
  // a Polish sentence (./errors.ts). Those that are not the program's fault are still logged.
  const known = knownFailure(err)
  if (known) {
    if (!(err instanceof ApiError)) log(err)
    return { ok: false, status: errorCodes[known.code], error: known.toBody() }
  }
  log(err)
  return { ok: false, status: 500, error: { code: 'INTERNAL', message: 'Błąd wewnętrzny programu; szczegóły zapisano w dzienniku' } }
}

export function createDispatcher(services: Services, handlers: Handlers, log: (e: unknown) => void = console.error) {
  return async function dispatch(name: string, rawInput: unknown, sessionToken: string | null, source = 'desk'): Promise<DispatchResult> {
    try {
      if (!Object.hasOwn(contract, name)) throw new ApiError('UNKNOWN_OPERATION', `Nieznana operacja: ${name}`)
      const op = contract[name as OperationName]
      // Only a missing input means "no parameters"; null or any other non-object is refused.
      const parsed = op.input.safeParse(rawInput === undefined ? {} : rawInput, { error: polishIssueMessage })
      if (!parsed.success) throw validationError(parsed.error)

      let session: StaffSession | null = null
      if (op.access !== 'public') {
        session = services.sessions.find(sessionToken, services.idleLockMinutes(), services.sessionHours())
        if (!session) throw new ApiError('UNAUTHENTICATED', 'Zaloguj się, aby kontynuować')
        // The account as it is now (changed by an admin here, or on another desk and synced).
        const account = accountState(services, session.staffId)
        if (!account?.active) {
          services.sessions.close(session.token)
          throw new ApiError('UNAUTHENTICATED', 'Zaloguj się, aby kontynuować')
        }
        session.role = account.role
        if (session.locked && !ALLOWED_WHEN_LOCKED.has(name)) {
          throw new ApiError('SESSION_LOCKED', 'Stanowisko zablokowane — podaj hasło, aby odblokować')
        }
        if (account.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(name)) {
          throw new ApiError('PASSWORD_CHANGE_REQUIRED', 'Najpierw zmień hasło jednorazowe na własne')
        }
        if (roleRank[session.role] < roleRank[op.access]) {
          throw new ApiError('FORBIDDEN', 'Ta czynność wymaga wyższych uprawnień')
        }
        if (!session.locked) services.sessions.touch(session)
      }
      const handler = handlers[name as OperationName] as Handler<OperationName>
      const value = await handler(parsed.data as never, { session, source })
      return { ok: true, value: value ?? null }
    } catch (err) {
      return fail(err, log)
    }
  }
}

export type Dispatch = ReturnType<typeof createDispatcher>
