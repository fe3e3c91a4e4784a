// @vitest-environment happy-dom
// The list views' filters kept in the address (composables/useRouteQueryFilters): read on every
// change of the query, written back after the typing pause, defaults and junk kept out of it.
import { afterEach, expect, it, vi } from 'vitest'
import { createApp, defineComponent, h, nextTick } from 'vue'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { filtersFromQuery, queryFromFilters, useRouteQueryFilters, type FilterFields } from '../../../src-renderer/composables/useRouteQueryFilters'

type F = { q: string; status: 'open' | 'all' | 'closed' }
const fields: FilterFields<F> = { q: { default: '' }, status: { default: 'open', allowed: ['open', 'all', 'closed'] } }

let host: HTMLElement | undefined
afterEach(() => {
  host?.remove()
  vi.useRealTimers()
})

it('reads a query (unknown values fall back to the default) and writes a clean one', () => {
  expect(filtersFromQuery(fields, { q: ' kow ', status: 'bogus' })).toEqual({ q: 'kow', status: 'open' })
  expect(filtersFromQuery(fields, { q: ['a', 'b'], status: 'all' })).toEqual({ q: 'a', status: 'all' })
  expect(queryFromFilters(fields, { q: '  ', status: 'open' })).toEqual({})
  expect(queryFromFilters(fields, { q: ' jan ', status: 'closed' })).toEqual({ q: 'jan', status: 'closed' })
})

it('loads on every change of the address and puts typed filters there once the typing pauses', async () => {
  vi.useFakeTimers()
  const loads: F[] = []
  let api!: ReturnType<typeof useRouteQueryFilters<F>>
  const List = defineComponent({
    setup() {
      api = useRouteQueryFilters<F>(fields, (f) => loads.push({ ...f }))
      return () => h('p')
    },
  })
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/sprawy', component: List }] })
  await router.push('/sprawy?status=all&q=nowak')
  host = document.createElement('div')
  document.body.append(host)
  createApp({ render: () => h(RouterView) }).use(router).mount(host)
  await nextTick()
  expect(loads).toEqual([{ q: 'nowak', status: 'all' }])
  expect(api.filters).toMatchObject({ q: 'nowak', status: 'all' })

  // Typing: nothing happens until the pause is over, then one replace and one load.
  api.filters.q = 'jan '
  api.apply(250)
  api.filters.q = 'jan k'
  api.apply(250)
  await vi.advanceTimersByTimeAsync(200)
  expect(router.currentRoute.value.query).toEqual({ q: 'nowak', status: 'all' })
  await vi.advanceTimersByTimeAsync(100)
  await nextTick()
  expect(router.currentRoute.value.query).toEqual({ q: 'jan k', status: 'all' })
  expect(loads).toEqual([
    { q: 'nowak', status: 'all' },
    { q: 'jan k', status: 'all' },
  ])

  // The address catching up keeps a trailing space being typed; the default leaves the address.
  api.filters.q = 'jan k '
  api.filters.status = 'open'
  api.apply()
  await vi.advanceTimersByTimeAsync(0)
  await nextTick()
  expect(router.currentRoute.value.query).toEqual({ q: 'jan k' })
  expect(api.filters.q).toBe('jan k ')
  expect(loads.at(-1)).toEqual({ q: 'jan k', status: 'open' })
})
