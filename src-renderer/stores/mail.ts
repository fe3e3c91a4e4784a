// Poczta wychodząca: the outbox state for the top bar (pushed by the desk: the `mail.status`
// event), the list with its filters, one mail's detail with the staff decisions, and the SMTP
// settings.
import { defineStore } from 'pinia'
import { shallowRef, watch } from 'vue'
import type { InputOf } from '../../shared/api/contract'
import type { MailDetail, MailOutboxStatus, MailPage, SmtpSettingsView } from '../../shared/api/types'
import { CARD_PAGES } from '../../shared/api/operations/customers'
import { api } from '../api/client'
import { useAsyncAction } from '../composables/useAsyncAction'
import { useSessionStore } from './session'

export const useMailStore = defineStore('mail', () => {
  const session = useSessionStore()

  const status = shallowRef<MailOutboxStatus | null>(null)
  const statusLoad = useAsyncAction(async () => (status.value = await api.call('mail.status', {})))
  // Asked once when the screens become usable and when the event stream reopens; pushed in between.
  const active = () => session.isSignedIn && !session.locked
  watch(active, (now) => now && void statusLoad.run(), { immediate: true })
  api.onEventsOpened(() => active() && void statusLoad.run())
  api.onEvent('mail.status', (s) => (status.value = s))

  const page = shallowRef<MailPage | null>(null)
  let lastFilter: InputOf<'mail.list'> = {}
  const listLoad = useAsyncAction(async (filter: InputOf<'mail.list'>) => {
    lastFilter = filter
    return (page.value = await api.call('mail.list', filter))
  })
  const customerMail = shallowRef<MailPage | null>(null)
  let customerMailOf: string | null = null
  const customerLoad = useAsyncAction(async (customerId: string) => {
    customerMailOf = customerId
    return (customerMail.value = await api.call('mail.list', { customerId, limit: CARD_PAGES.mail }))
  })
  /** The card's mail, from the card's one request. */
  function showCustomerMail(customerId: string, page: MailPage): void {
    customerMailOf = customerId
    customerMail.value = page
    customerLoad.done()
  }

  const detail = shallowRef<MailDetail | null>(null)
  const detailLoad = useAsyncAction(async (id: string) => (detail.value = await api.call('mail.get', { id })))
  /** A staff decision about one mail; the list and the top bar follow. */
  const act = useAsyncAction(async (action: () => Promise<MailDetail>) => {
    const d = await action()
    detail.value = d
    if (page.value) void listLoad.run(lastFilter)
    return d
  })

  const settings = shallowRef<SmtpSettingsView | null>(null)
  const settingsLoad = useAsyncAction(async () => (settings.value = await api.call('mail.getSettings', {})))
  const settingsSave = useAsyncAction(async (input: InputOf<'mail.updateSettings'>) => {
    settings.value = await api.call('mail.updateSettings', input)
    return settings.value
  })
  const test = useAsyncAction(async (to: string) => {
    const d = await api.call('mail.sendTest', { to })
    return d
  })

  return {
    status,
    refreshStatus: statusLoad.run,
    page,
    listState: listLoad.status,
    listError: listLoad.error,
    loadList: listLoad.run,
    customerMail,
    customerMailState: customerLoad.status,
    customerMailError: customerLoad.error,
    loadCustomerMail: customerLoad.run,
    showCustomerMail,
    hasCustomerMail: (customerId: string) => customerMailOf === customerId && customerMail.value !== null,
    detail,
    detailState: detailLoad.status,
    detailError: detailLoad.error,
    loadDetail: detailLoad.run,
    closeDetail: () => {
      detail.value = null
      act.reset()
    },
    actState: act.status,
    actError: act.error,
    resend: (input: InputOf<'mail.resend'>) => act.run(() => api.call('mail.resend', input)),
    cancel: (input: InputOf<'mail.cancel'>) => act.run(() => api.call('mail.cancel', input)),
    resolveUncertain: (input: InputOf<'mail.resolveUncertain'>) => act.run(() => api.call('mail.resolveUncertain', input)),
    attachment: (input: InputOf<'mail.attachment'>) => api.call('mail.attachment', input),
    settings,
    settingsState: settingsLoad.status,
    settingsError: settingsLoad.error,
    loadSettings: settingsLoad.run,
    settingsSaveState: settingsSave.status,
    settingsSaveError: settingsSave.error,
    saveSettings: settingsSave.run,
    testState: test.status,
    testError: test.error,
    sendTest: test.run,
  }
})
