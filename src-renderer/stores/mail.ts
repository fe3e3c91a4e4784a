// Poczta wychodząca: the outbox state for the top bar (refreshed while signed in), the list with
// its filters, one mail's detail with the staff decisions, and the SMTP settings.
import { defineStore } from 'pinia'
import { shallowRef, watch } from 'vue'
import type { InputOf } from '../../shared/api/contract'
import type { MailDetail, MailOutboxStatus, MailPage, SmtpSettingsView } from '../../shared/api/types'
import { api } from '../api/client'
import { useAsyncAction } from '../composables/useAsyncAction'
import { useSessionStore } from './session'

const STATUS_EVERY_MS = 30_000

export const useMailStore = defineStore('mail', () => {
  const session = useSessionStore()

  const status = shallowRef<MailOutboxStatus | null>(null)
  const statusLoad = useAsyncAction(async () => (status.value = await api.call('mail.status', {})))
  let timer: ReturnType<typeof setInterval> | undefined
  watch(
    () => session.isSignedIn && !session.locked,
    (active) => {
      clearInterval(timer)
      if (!active) return
      void statusLoad.run()
      timer = setInterval(() => void statusLoad.run(), STATUS_EVERY_MS)
    },
    { immediate: true },
  )

  const page = shallowRef<MailPage | null>(null)
  let lastFilter: InputOf<'mail.list'> = {}
  const listLoad = useAsyncAction(async (filter: InputOf<'mail.list'>) => {
    lastFilter = filter
    // The top bar follows what the outbox shows (it would otherwise wait up to 30 s).
    void statusLoad.run()
    return (page.value = await api.call('mail.list', filter))
  })
  const customerMail = shallowRef<MailPage | null>(null)
  const customerLoad = useAsyncAction(async (customerId: string) => (customerMail.value = await api.call('mail.list', { customerId, limit: 50 })))

  const detail = shallowRef<MailDetail | null>(null)
  const detailLoad = useAsyncAction(async (id: string) => (detail.value = await api.call('mail.get', { id })))
  /** A staff decision about one mail; the list and the top bar follow. */
  const act = useAsyncAction(async (action: () => Promise<MailDetail>) => {
    const d = await action()
    detail.value = d
    void statusLoad.run()
    if (page.value) void listLoad.run(lastFilter)
    return d
  })

  const settings = shallowRef<SmtpSettingsView | null>(null)
  const settingsLoad = useAsyncAction(async () => (settings.value = await api.call('mail.getSettings', {})))
  const settingsSave = useAsyncAction(async (input: InputOf<'mail.updateSettings'>) => {
    settings.value = await api.call('mail.updateSettings', input)
    void statusLoad.run()
    return settings.value
  })
  const test = useAsyncAction(async (to: string) => {
    const d = await api.call('mail.sendTest', { to })
    void statusLoad.run()
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
