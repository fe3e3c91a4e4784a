// Wnioski iBOK and portal accounts: the list with its state counts, the open application with its
// verification result, and the account actions. Every action answers with what now stands.
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { InputOf } from '../../shared/api/contract'
import type { ApplicationDetail, ApplicationPage, CredentialsIssued, PortalAccountView, PortalSettingsView } from '../../shared/api/types'
import { api } from '../api/client'
import { useAsyncAction } from '../composables/useAsyncAction'

export const useRegistrationStore = defineStore('registration', () => {
  const list = shallowRef<ApplicationPage | null>(null)
  const listLoad = useAsyncAction(async (filter: InputOf<'registration.list'>) => (list.value = await api.call('registration.list', filter)))

  const current = shallowRef<ApplicationDetail | null>(null)
  /** The last credentials handed out here: a letter's password exists only in this PDF. */
  const issued = shallowRef<CredentialsIssued | null>(null)
  const load = useAsyncAction(async (id: string) => {
    if (current.value?.id !== id) issued.value = null
    return (current.value = await api.call('registration.get', { id }))
  })
  const save = useAsyncAction(async (id: string | null, data: InputOf<'registration.submit'>) =>
    (current.value = id ? await api.call('registration.update', { id, data }) : await api.call('registration.submit', data)),
  )
  const reject = useAsyncAction(async (id: string, reason: string) => {
    const r = await api.call('registration.reject', { id, reason })
    current.value = r.application
    return r.letter
  })
  const createAccount = useAsyncAction(async (id: string, delivery: 'email' | 'letter') => {
    const r = await api.call('registration.createAccount', { id, delivery })
    issued.value = r
    if (r.application) current.value = r.application
    return r
  })
  function startNew(): void {
    current.value = null
    issued.value = null
    save.reset()
  }

  const account = shallowRef<PortalAccountView | null>(null)
  const accountLoad = useAsyncAction(async (customerId: string) => {
    account.value = null
    accountOf = customerId
    return (account.value = await api.call('registration.account', { customerId }))
  })
  let accountOf: string | null = null
  /** The card's portal account (null: none), from the card's one request. */
  function showAccount(customerId: string, view: PortalAccountView | null): void {
    accountOf = customerId
    account.value = view
    accountLoad.done()
  }

  const accountAction = useAsyncAction(async (action: () => Promise<PortalAccountView | CredentialsIssued>) => {
    const r = await action()
    if ('account' in r) {
      account.value = r.account
      issued.value = r
    } else account.value = r
    return r
  })

  const settings = shallowRef<PortalSettingsView | null>(null)
  const settingsLoad = useAsyncAction(async () => (settings.value = await api.call('registration.getSettings', {})))
  const settingsSave = useAsyncAction(async (portalUrl: string) => (settings.value = await api.call('registration.updateSettings', { portalUrl })))

  return {
    list,
    listState: listLoad.status,
    listError: listLoad.error,
    loadList: listLoad.run,
    current,
    issued,
    loadState: load.status,
    loadError: load.error,
    load: load.run,
    saveState: save.status,
    saveError: save.error,
    save: save.run,
    rejectState: reject.status,
    rejectError: reject.error,
    reject: reject.run,
    createState: createAccount.status,
    createError: createAccount.error,
    createAccount: createAccount.run,
    startNew,
    account,
    accountState: accountLoad.status,
    accountError: accountLoad.error,
    loadAccount: accountLoad.run,
    showAccount,
    /** Whether this customer's account (or that there is none) is known, so the section need not ask. */
    hasAccount: (customerId: string) => accountOf === customerId && accountLoad.status.value === 'done',
    accountActionState: accountAction.status,
    accountActionError: accountAction.error,
    resetPassword: (input: InputOf<'registration.resetPassword'>) => accountAction.run(() => api.call('registration.resetPassword', input)),
    lockAccount: (input: InputOf<'registration.lockAccount'>) => accountAction.run(() => api.call('registration.lockAccount', input)),
    unlockAccount: (input: InputOf<'registration.unlockAccount'>) => accountAction.run(() => api.call('registration.unlockAccount', input)),
    rejectionLetter: (input: InputOf<'registration.rejectionLetter'>) => api.call('registration.rejectionLetter', input),
    settings,
    loadSettings: settingsLoad.run,
    settingsSaveState: settingsSave.status,
    settingsSaveError: settingsSave.error,
    saveSettings: settingsSave.run,
  }
})
