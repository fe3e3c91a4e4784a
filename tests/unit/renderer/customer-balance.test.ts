// @vitest-environment happy-dom
// The balance on the customer card: what a clerk reads at a glance.
import { afterEach, describe, expect, it } from 'vitest'
import { createApp, h } from 'vue'
import CustomerBalance from '../../../src-renderer/features/customers/CustomerBalance.vue'

let host: HTMLElement
const mount = (balanceGrosze: number, overdueGrosze: number) => {
  host = document.createElement('div')
  document.body.append(host)
  createApp({ render: () => h(CustomerBalance, { balanceGrosze, overdueGrosze }) }).mount(host)
  return host.querySelector('[data-testid="customer-balance"]')!
}
const text = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim()

afterEach(() => host.remove())

describe('CustomerBalance', () => {
  it('shows an overdue debt in red with the overdue amount', () => {
    const el = mount(-123456, 50000)
    expect(text(el)).toContain('Do zapłaty')
    expect(text(el)).toMatch(/1 234,56 zł/)
    expect(text(el)).toMatch(/Zaległość po terminie: 500,00 zł/)
    expect(el.classList).toContain('balance--overdue')
  })

  it('does not alarm about a debt that is not yet due', () => {
    const el = mount(-9000, 0)
    expect(text(el)).toContain('Brak zaległości po terminie')
    expect(el.classList).not.toContain('balance--overdue')
  })

  it('shows an overpayment as such', () => {
    const el = mount(2550, 0)
    expect(text(el)).toContain('Nadpłata')
    expect(text(el)).toMatch(/25,50 zł/)
    expect(el.classList).toContain('balance--overpaid')
  })
})
