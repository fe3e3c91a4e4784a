// Search as you type: lightly debounced, and a slow answer to an old query never replaces the
// answer to the newest one.
import { ref, shallowRef, watch, type Ref } from 'vue'
import type { ApiError } from '../../shared/api/errors'
import type { CustomerSearchHit } from '../../shared/api/types'
import { api, toApiError } from '../api/client'
import type { AsyncStatus } from './useAsyncAction'

export const SEARCH_DEBOUNCE_MS = 120

export function useCustomerSearch(options: { limit: number; query?: Ref<string> }) {
  const query = options.query ?? ref('')
  const hits = shallowRef<CustomerSearchHit[]>([])
  const status = ref<AsyncStatus>('idle')
  const error = shallowRef<ApiError | null>(null)
  /** The query the shown hits answer (may lag `query` while typing). */
  const answered = ref('')
  let latest = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  async function runNow(text: string): Promise<void> {
    clearTimeout(timer)
    const mine = ++latest
    if (!text.trim()) {
      hits.value = []
      answered.value = ''
      status.value = 'idle'
      return
    }
    status.value = 'loading'
    try {
      const found = await api.call('customers.search', { query: text, limit: options.limit })
      if (mine !== latest) return
      hits.value = found
      answered.value = text
      error.value = null
      status.value = 'done'
    } catch (err) {
      if (mine !== latest) return
      error.value = toApiError(err)
      status.value = 'error'
    }
  }

  watch(query, (text) => {
    clearTimeout(timer)
    timer = setTimeout(() => void runNow(text), SEARCH_DEBOUNCE_MS)
  })

  /** Forgets the results (e.g. on sign-out) and drops any answer still on its way. */
  function clear(): void {
    clearTimeout(timer)
    latest++
    query.value = ''
    hits.value = []
    answered.value = ''
    status.value = 'idle'
    error.value = null
  }

  return { query, hits, status, error, answered, runNow, clear }
}
