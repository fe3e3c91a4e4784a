// Search as you type: a slow answer to an old query never replaces the answer to the newest one.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick } from 'vue'
import type { CustomerSearchHit } from '../../../shared/api/types'
import { api } from '../../../src-renderer/api/client'
import { SEARCH_DEBOUNCE_MS, useCustomerSearch } from '../../../src-renderer/composables/useCustomerSearch'

const hit = (name: string): CustomerSearchHit => ({ id: name, customerNo: '1', kind: 'person', displayName: name, address: '', exactMatch: null })

afterEach(() => {
  vi.restoreAllMocks()
  vi.useRealTimers()
})

describe('useCustomerSearch', () => {
  it('debounces typing into one call', async () => {
    vi.useFakeTimers()
    const call = vi.spyOn(api, 'call').mockResolvedValue([hit('Kowalski')] as never)
    const scope = effectScope()
    const search = scope.run(() => useCustomerSearch({ limit: 10 }))!
    for (const text of ['k', 'ko', 'kow']) {
      search.query.value = text
      await nextTick()
      await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS / 3)
    }
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS)
    expect(call).toHaveBeenCalledTimes(1)
    expect(call).toHaveBeenCalledWith('customers.search', { query: 'kow', limit: 10 })
    expect(search.hits.value.map((h) => h.displayName)).toEqual(['Kowalski'])
    scope.stop()
  })

  it('ignores a stale answer that arrives after a newer one', async () => {
    const pending = new Map<string, (hits: CustomerSearchHit[]) => void>()
    vi.spyOn(api, 'call').mockImplementation(((_name: string, input: { query: string }) => new Promise((resolve) => pending.set(input.query, resolve))) as never)
    const search = useCustomerSearch({ limit: 10 })

    const old = search.runNow('ko')
    const fresh = search.runNow('kowal')
    pending.get('kowal')!([hit('Kowalski')])
    await fresh
    pending.get('ko')!([hit('Kozieł'), hit('Kowalski')])
    await old

    expect(search.hits.value.map((h) => h.displayName)).toEqual(['Kowalski'])
    expect(search.answered.value).toBe('kowal')
    expect(search.status.value).toBe('done')
  })
})
