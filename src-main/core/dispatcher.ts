// The one dispatcher every transport calls: validate → authorise → service → errors as
// { code, message, field? }. Invalid input never reaches a service.
import type { z } from 'zod'
import { contract, roleRank, type OperationName, type OutputOf, type ParsedInputOf } from '../../shared/api/contract'
import { ApiError, errorCodes, type ApiErrorBody } from '../../shared/api/errors'
import type { StaffSession } from './staff/sessions'
import type { Services } from './services'

export interface CallContext {
  /** The signed-in staff session; null only for public operations. */
  session: StaffSession | null
}

export type Handler<N extends OperationName> = (input: ParsedInputOf<N>, call: CallContext) => OutputOf<N> | Promise<OutputOf<N>>
export type Handlers = { [N in OperationName]: Handler<N> }
/** The handlers of one domain, e.g. HandlersOf<'customers'> for every "customers.*" operation. */
export type HandlersOf<D extends string> = { [N in OperationName as N extends `${D}.${string}` ? N : never]: Handler<N> }

export type DispatchResult = { ok: true; value: unknown } | { ok: false; status: number; error: ApiErrorBody }

/** Operations a locked session may still call. */
const ALLOWED_WHEN_LOCKED = new Set<string>(['staff.unlock', 'staff.logout', 'system.status'])

export function validationError(error: z.ZodError): ApiError {
  const issue = error.issues[0]
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : []
  const path = [...issue.path, ...keys.slice(0, 1)].map(String)
  const message = issue.code === 'unrecognized_keys' ? `Nieznane pole: ${keys.join(', ')}` : issue.message
  return new ApiError('VALIDATION', message, path.length ? path.join('.') : undefined)
}

function fail(err: unknown, log: (e: unknown) => void): DispatchResult {
  if (err instanceof ApiError) return { ok: false, status: errorCodes[err.code], error: err.toBody() }
  log(err)
  return { ok: false, status: 500, error: { code: 'INTERNAL', message: 'Błąd wewnętrzny programu; szczegóły zapisano w dzienniku' } }
}

export function createDispatcher(services: Services, handlers: Handlers, log: (e: unknown) => void = console.error) {
  return async function dispatch(name: string, rawInput: unknown, sessionToken: string | null): Promise<DispatchResult> {
    try {
      if (!Object.hasOwn(contract, name)) throw new ApiError('UNKNOWN_OPERATION', `Nieznana operacja: ${name}`)
      const op = contract[name as OperationName]
      const parsed = op.input.safeParse(rawInput ?? {})
      if (!parsed.success) throw validationError(parsed.error)

      let session: StaffSession | null = null
      if (op.access !== 'public') {
        session = services.sessions.find(sessionToken, services.idleLockMinutes())
        if (!session) throw new ApiError('UNAUTHENTICATED', 'Zaloguj się, aby kontynuować')
        if (session.locked && !ALLOWED_WHEN_LOCKED.has(name)) {
          throw new ApiError('SESSION_LOCKED', 'Stanowisko zablokowane — podaj hasło, aby odblokować')
        }
        if (roleRank[session.role] < roleRank[op.access]) {
          throw new ApiError('FORBIDDEN', 'Ta czynność wymaga wyższych uprawnień')
        }
        if (!session.locked) services.sessions.touch(session)
      }
      const handler = handlers[name as OperationName] as Handler<OperationName>
      const value = await handler(parsed.data as never, { session })
      return { ok: true, value: value ?? null }
    } catch (err) {
      return fail(err, log)
    }
  }
}

export type Dispatch = ReturnType<typeof createDispatcher>
