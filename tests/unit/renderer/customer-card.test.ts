// @vitest-environment happy-dom
// Opening the customer card costs one request (issue 19): customers.card brings every section, and
// no section asks the desk for its own part on opening. A section still asks alone after its own
// filter (another range of the consumption analysis) — and only that section.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp, defineComponent, h, nextTick } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import type { CustomerCardView, Role } from '../../../shared/api/types'
import { api } from '../../../src-renderer/api/client'
import { useCustomersStore } from '../../../src-renderer/stores/customers'
import { useMailStore } from '../../../src-renderer/stores/mail'
import { useSessionStore } from '../../../src-renderer/stores/session'
import fixture from './fixtures/customer-card.json'

// The chart (echarts on a canvas) is not what is counted here.
vi.mock('../../../src-renderer/features/readings/ConsumptionChart.vue', () => ({ default: defineComponent({ render: () => h('div') }) }))

const view = fixture as unknown as CustomerCardView
const id = view.card.customer.id
const flush = async () => {
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 0))
    await nextTick()
  }
}

let host: HTMLElement | undefined
afterEach(() => {
  host?.remove()
  vi.restoreAllMocks()
  sessionStorage.clear()
})

/** The card as the app opens it, signed in with `role`; returns the requests made from the moment the card opens. */
async function openCard(role: Role, answer: CustomerCardView = view) {
  const calls: string[] = []
  const fake = async (name: string): Promise<unknown> => {
    calls.push(name)
    if (name === 'staff.login') return { token: 't', staff: { id: 's1', login: 'x', fullName: 'X', role, mustChangePassword: false }, idleLockMinutes: 5, expiresAt: '2026-11-25T22:00:00Z' }
    if (name === 'customers.card') return structuredClone(answer)
    if (name === 'mail.status') return { configured: false, paused: false, queued: 0, failed: 0, uncertain: 0, sending: 0, lastSentAt: null, serverProblem: null }
    return new Promise(() => {}) // any other request would never answer: only the asking matters
  }
  vi.spyOn(api, 'call').mockImplementation(fake as never)
  vi.spyOn(api, 'setSession').mockImplementation(() => {}) // no event stream in this test
  const pinia = createPinia()
  setActivePinia(pinia)
  await useSessionStore().login('x', 'y')
  useMailStore() // the top bar's outbox status exists before any card opens
  await flush()
  calls.length = 0

  const Stub = defineComponent({ render: () => h('div') })
  const names = ['customers', 'customer-new', 'customer-edit', 'customer-merge', 'invoices', 'invoice', 'billing', 'case', 'case-new', 'case-new-failure', 'application-new', 'mail']
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/klienci/:id', name: 'customer', component: () => import('../../../src-renderer/features/customers/CustomerDetailView.vue'), props: true },
      ...names.map((name) => ({ path: `/${name}/:id?`, name, component: Stub })),
    ],
  })
  await router.push(`/klienci/${id}`)
  host = document.createElement('div')
  document.body.append(host)
  createApp({ render: () => h(RouterView) })
    .use(pinia)
    .use(router)
    .mount(host)
  await flush()
  return calls
}

describe('the customer card', () => {
  it('opens with one request and fills every section from it (supervisor: history and audit too)', async () => {
    const calls = await openCard('supervisor')
    expect(calls).toEqual(['customers.card'])
    const text = host!.textContent!.replace(/\s+/g, ' ')
    expect(host!.querySelector('[data-testid="customer-name"]')?.textContent).toBe(view.card.customer.displayName)
    // Sections shown from the one answer: an invoice number, the field history table.
    expect(text).toContain(view.invoices[0].number)
    expect(host!.querySelector('[data-testid="field-history"]')?.textContent).toContain('600100200')
    expect(host!.querySelector('#card-history')).not.toBeNull()
  })

  it('opens with one request for a clerk too, who has no history section', async () => {
    const { history: _h, audit: _a, ...clerkView } = view
    const calls = await openCard('clerk', clerkView)
    expect(calls).toEqual(['customers.card'])
    expect(host!.querySelector('#card-history')).toBeNull()
  })

  it('asks the consumption section alone when its range changes', async () => {
    const calls = await openCard('clerk')
    const range = host!.querySelector<HTMLSelectElement>('#consumption-range')!
    range.value = '36'
    range.dispatchEvent(new Event('change'))
    await flush()
    expect(calls).toEqual(['customers.card', 'readings.analysis'])

    // The card read again (as after a payment) keeps the chosen range: that one is asked for again.
    await useCustomersStore().openCard(id)
    await flush()
    expect(calls).toEqual(['customers.card', 'readings.analysis', 'customers.card', 'readings.analysis'])
    expect(vi.mocked(api.call).mock.calls.at(-1)).toEqual(['readings.analysis', { customerId: id, supplyPointId: null, months: 36 }])
    expect(host!.querySelector<HTMLSelectElement>('#consumption-range')!.value).toBe('36')
  })
})
