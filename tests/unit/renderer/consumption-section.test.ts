// @vitest-environment happy-dom
// The card's consumption section for a customer without a contract (every new customer): it used
// to ask the desk for an analysis anyway, which answered "not found" — a 404 in the console on
// every new customer's card (issue 16, defect 9). Now it asks nothing and says why it is empty.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp, h, nextTick } from 'vue'
import { createPinia } from 'pinia'
import ConsumptionSection from '../../../src-renderer/features/readings/ConsumptionSection.vue'
import { api } from '../../../src-renderer/api/client'

let host: HTMLElement
afterEach(() => {
  host?.remove()
  vi.restoreAllMocks()
})

async function mount(hasContract: boolean) {
  const call = vi.spyOn(api, 'call').mockImplementation(() => new Promise(() => {})) // never answers: only the asking matters
  host = document.createElement('div')
  document.body.append(host)
  createApp({ render: () => h(ConsumptionSection, { customerId: '0190a0b0-0000-7000-8000-000000000001', hasContract }) })
    .use(createPinia())
    .mount(host)
  await nextTick()
  return call
}

describe('ConsumptionSection', () => {
  it('does not ask for an analysis of a customer without a contract, and says why the section is empty', async () => {
    const call = await mount(false)
    expect(call.mock.calls.filter(([name]) => name === 'readings.analysis')).toEqual([])
    expect(host.querySelector('[data-testid="consumption-no-contract"]')?.textContent).toContain('nie ma jeszcze umowy')
  })

  it('asks for it once the customer has a contract', async () => {
    const call = await mount(true)
    expect(call).toHaveBeenCalledWith('readings.analysis', { customerId: '0190a0b0-0000-7000-8000-000000000001', supplyPointId: null, months: 24 })
    expect(host.querySelector('[data-testid="consumption-no-contract"]')).toBeNull()
  })
})
