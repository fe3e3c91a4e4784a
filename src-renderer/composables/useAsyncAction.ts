// Explicit async state for one action: idle → loading → done | error, instead of scattered booleans.
import { ref, shallowRef } from 'vue'
import { ApiError } from '../../shared/api/errors'

/** Any thrown value as an ApiError, so screens show one kind of message. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  console.error(err)
  return new ApiError('INTERNAL', err instanceof Error ? err.message : String(err))
}

export type AsyncStatus = 'idle' | 'loading' | 'done' | 'error'

export function useAsyncAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const status = ref<AsyncStatus>('idle')
  const error = shallowRef<ApiError | null>(null)
  let latest = 0

  /** Runs the action; resolves to its result, or undefined when it failed (see `error`). */
  async function run(...args: A): Promise<R | undefined> {
    const mine = ++latest
    status.value = 'loading'
    error.value = null
    try {
      const result = await action(...args)
      if (mine === latest) status.value = 'done'
      return result
    } catch (err) {
      // A newer run owns the state; an older failure must not overwrite it.
      if (mine === latest) {
        error.value = toApiError(err)
        status.value = 'error'
      }
      return undefined
    }
  }

  function reset(): void {
    latest++
    status.value = 'idle'
    error.value = null
  }

  /** The result arrived another way (the customer card fills its sections from one request): done, nothing asked. */
  function done(): void {
    latest++
    status.value = 'done'
    error.value = null
  }

  return { status, error, run, reset, done }
}
