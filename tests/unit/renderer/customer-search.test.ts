// Search as you type: no waiting for a pause in typing, one search at a time, and a slow answer
// to an old query never replaces the answer to the newest one.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick } from 'vue'
import type { CustomerSearchHit } from '../../../shared/api/types'
import { api } from '../../../src-renderer/api/client'
import { SLOW_SEARCH_MS, useCustomerSearch } from '../../../src-renderer/stores/customerSearch'

const hit = (name: string): CustomerSearchHit => ({ id: name, customerNo: '1', kind: 'person', displayName: name, address: '', exactMatch: null })

afterEach(() => {
  vi.restoreAllMocks()
  vi.useRealTimers()
})

describe('useCustomerSearch', () => {
  it('searches the first keystroke at once and, typed during a search, only the newest text after it', async () => {
    const pending: { query: string; resolve: (hits: CustomerSearchHit[]) => void }[] = []
    const call = vi.spyOn(api, 'call').mockImplementation(((_name: string, input: { query: string }) => new Promise((resolve) => pending.push({ query: input.query, resolve }))) as never)
    const scope = effectScope()
    const search = scope.run(() => useCustomerSearch({ limit: 10 }))!

    search.query.value = 'k'
    await nextTick()
    expect(call).toHaveBeenCalledTimes(1) // no waiting for a pause in typing
    for (const text of ['ko', 'kow', 'kowa']) {
      search.query.value = text
      await nextTick()
    }
    expect(call).toHaveBeenCalledTimes(1) // one search at a time

    pending[0].resolve([hit('Kozieł'), hit('Kowalski')])
    await vi.waitFor(() => expect(call).toHaveBeenCalledTimes(2))
    expect(call).toHaveBeenLastCalledWith('customers.search', { query: 'kowa', limit: 10 })
    expect(search.answered.value).toBe('k') // the answer so far is shown meanwhile
    pending[1].resolve([hit('Kowalski')])
    await vi.waitFor(() => expect(search.answered.value).toBe('kowa'))
    expect(search.hits.value.map((h) => h.displayName)).toEqual(['Kowalski'])
    expect(call).toHaveBeenCalledTimes(2)
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

  it('shows that it is searching only when an answer is slow to come, not on every keystroke', async () => {
    vi.useFakeTimers()
    const pending: ((hits: CustomerSearchHit[]) => void)[] = []
    vi.spyOn(api, 'call').mockImplementation((() => new Promise((resolve) => pending.push(resolve))) as never)
    const search = useCustomerSearch({ limit: 10 })

    // A quick answer: no spinner at any moment.
    const quick = search.runNow('ko')
    await vi.advanceTimersByTimeAsync(SLOW_SEARCH_MS / 3)
    expect(search.slow.value).toBe(false)
    pending[0]([hit('Kowalski')])
    await quick
    await vi.advanceTimersByTimeAsync(SLOW_SEARCH_MS)
    expect(search.slow.value).toBe(false)

    // A slow one: the spinner once it has been on its way SLOW_SEARCH_MS, gone with the answer.
    const slow = search.runNow('kow')
    await vi.advanceTimersByTimeAsync(SLOW_SEARCH_MS - 1)
    expect(search.slow.value).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(search.slow.value).toBe(true)
    expect(search.status.value).toBe('loading')
    pending[1]([hit('Kowalski')])
    await slow
    expect(search.slow.value).toBe(false)
    expect(search.status.value).toBe('done')
  })
})
