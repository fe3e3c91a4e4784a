// Zgody: one customer's derived consents and history, the office-wide register, the texts.
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { InputOf } from '../../shared/api/contract'
import type { ConsentEventPage, ConsentTextVersion, CustomerConsents } from '../../shared/api/types'
import { api } from '../api/client'
import { useAsyncAction } from '../composables/useAsyncAction'

export type ConsentEventInput =
  | { accept: InputOf<'consents.accept'> }
  | { withdraw: InputOf<'consents.withdraw'> }
  | { changeEmail: InputOf<'consents.changeEmail'> }

export const useConsentsStore = defineStore('consents', () => {
  const overview = shallowRef<CustomerConsents | null>(null)
  const overviewLoad = useAsyncAction(async (customerId: string) => {
    if (overview.value?.customerId !== customerId) overview.value = null
    return (overview.value = await api.call('consents.overview', { customerId }))
  })

  /** The card's consents, from the card's one request. */
  function showOverview(view: CustomerConsents): void {
    overview.value = view
    overviewLoad.done()
  }

  const texts = shallowRef<ConsentTextVersion[]>([])
  const textsLoad = useAsyncAction(async () => (texts.value = await api.call('consents.texts', {})))

  /** Records one event (accept, withdraw, change of e-mail); the overview follows. */
  const record = useAsyncAction(async (event: ConsentEventInput) => {
    const r =
      'accept' in event
        ? await api.call('consents.accept', event.accept)
        : 'withdraw' in event
          ? await api.call('consents.withdraw', event.withdraw)
          : await api.call('consents.changeEmail', event.changeEmail)
    overview.value = r.consents
    return r
  })
  const annul = useAsyncAction(async (eventId: string, reason: string) => (overview.value = await api.call('consents.annul', { eventId, reason })))

  const register = shallowRef<ConsentEventPage | null>(null)
  const registerLoad = useAsyncAction(async (filter: InputOf<'consents.recent'>) => (register.value = await api.call('consents.recent', filter)))

  return {
    overview,
    overviewState: overviewLoad.status,
    overviewError: overviewLoad.error,
    loadOverview: overviewLoad.run,
    showOverview,
    hasOverview: (customerId: string) => overview.value?.customerId === customerId,
    texts,
    loadTexts: textsLoad.run,
    recordState: record.status,
    recordError: record.error,
    record: record.run,
    resetRecord: record.reset,
    annulState: annul.status,
    annulError: annul.error,
    annul: annul.run,
    uploadScan: (input: InputOf<'consents.uploadScan'>) => api.call('consents.uploadScan', input),
    /** Printable documents: a form (blank or filled in), the proof of consents, one event's slip. */
    formPdf: (input: InputOf<'consents.form'>) => api.call('consents.form', input),
    proofPdf: (input: InputOf<'consents.proof'>) => api.call('consents.proof', input),
    slipPdf: (input: InputOf<'consents.slip'>) => api.call('consents.slip', input),
    register,
    registerState: registerLoad.status,
    registerError: registerLoad.error,
    loadRegister: registerLoad.run,
  }
})
