// Search as you type, without a debounce: each keystroke is searched at once when no search is
// on its way; typed while one is, only the newest text follows when it returns. So results keep
// up with the keyboard (a debounce would add its delay to every keystroke) while one search box
// never has more than one search running. A slow answer to an old query never replaces the
// answer to a newer one. The spinner waits: most answers come within a few frames, and a spinner
// shown and hidden on every keystroke only costs the page (and the machine it shares) a repaint and
// an animation while the answer is on its way.
import { ref, shallowRef, watch, type Ref } from 'vue'
import type { ApiError } from '../../shared/api/errors'
import type { CustomerSearchHit } from '../../shared/api/types'
import { api } from '../api/client'
import { toApiError, type AsyncStatus } from '../composables/useAsyncAction'

/** A search still on its way after this long shows that it is (`slow`). */
export const SLOW_SEARCH_MS = 300

export function useCustomerSearch(options: { limit: number; query?: Ref<string> }) {
  const query = options.query ?? ref('')
  const hits = shallowRef<CustomerSearchHit[]>([])
  const status = ref<AsyncStatus>('idle')
  const error = shallowRef<ApiError | null>(null)
  /** The query the shown hits answer (may lag `query` while typing). */
  const answered = ref('')
  /** A search has been on its way for SLOW_SEARCH_MS or more: time to show a spinner. */
  const slow = ref(false)
  let slowTimer: ReturnType<typeof setTimeout> | undefined
  const settle = (next: AsyncStatus) => {
    status.value = next
    clearTimeout(slowTimer)
    slow.value = false
  }
  let latest = 0
  /** A search for typing is on its way; typing meanwhile only updates `query`. */
  let following = false

  async function runNow(text: string): Promise<void> {
    const mine = ++latest
    if (!text.trim()) {
      hits.value = []
      answered.value = ''
      settle('idle')
      return
    }
    status.value = 'loading'
    if (!slow.value) {
      clearTimeout(slowTimer)
      slowTimer = setTimeout(() => (slow.value = status.value === 'loading'), SLOW_SEARCH_MS)
    }
    try {
      const found = await api.call('customers.search', { query: text, limit: options.limit })
      if (mine !== latest) return
      hits.value = found
      answered.value = text
      error.value = null
      settle('done')
    } catch (err) {
      if (mine !== latest) return
      error.value = toApiError(err)
      settle('error')
    }
  }

  /** Searches the current text, then again while typing has moved on meanwhile. */
  function follow(): void {
    if (following) return
    following = true
    void (async () => {
      try {
        let text: string
        do {
          text = query.value
          await runNow(text)
        } while (query.value !== text)
      } finally {
        // Cleared in the same step as the last check: no keystroke can fall in between.
        following = false
      }
    })()
  }

  watch(query, follow)

  /** Forgets the results (e.g. on sign-out) and drops any answer still on its way. */
  function clear(): void {
    latest++
    query.value = ''
    hits.value = []
    answered.value = ''
    settle('idle')
    error.value = null
  }

  return { query, hits, status, slow, error, answered, runNow, clear }
}
