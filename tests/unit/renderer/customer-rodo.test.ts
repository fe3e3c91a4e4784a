// @vitest-environment happy-dom
// The RODO panel: once anonymisation is allowed, the supervisor reads — next to the button — how
// long the erased data still lives in the desk's backups.
import { afterEach, expect, it, vi } from 'vitest'
import { createPinia } from 'pinia'
import { createApp, h, nextTick } from 'vue'
import { BACKUPS_KEPT } from '../../../shared/domain/backups'
import { api } from '../../../src-renderer/api/client'
import CustomerRodoPanel from '../../../src-renderer/features/customers/CustomerRodoPanel.vue'

let host: HTMLElement
afterEach(() => {
  host.remove()
  vi.restoreAllMocks()
})

it('says before the anonymise button that backups keep the data for their retention, then lose it', async () => {
  vi.spyOn(api, 'call').mockImplementation(async (name) => {
    if (name !== 'customers.anonymisationCheck') throw new Error(`unexpected ${name}`)
    return { allowed: true, blocks: [], effects: ['Dane osobowe klienta zostaną usunięte.'] } as never
  })
  host = document.createElement('div')
  document.body.append(host)
  createApp({ render: () => h(CustomerRodoPanel, { customerId: '0190a0a0-0000-7000-8000-000000000001', displayName: 'Jan Nowak', anonymised: false }) })
    .use(createPinia())
    .mount(host)
  const check = [...host.querySelectorAll('button')].find((b) => b.textContent?.includes('Sprawdź'))!
  check.click()
  await vi.waitFor(() => expect(host.querySelector('[data-testid="anonymisation-backups"]')).not.toBeNull())
  await nextTick()
  const note = host.querySelector('[data-testid="anonymisation-backups"]')!
  expect(note.textContent).toBe(`Kopie zapasowe bazy są przechowywane przez ${BACKUPS_KEPT} dni pracy stanowiska: po tym czasie zanonimizowane dane znikają także z kopii.`)
  // Right before the action it concerns.
  expect(note.nextElementSibling?.textContent).toContain('Zanonimizuj dane')
})
