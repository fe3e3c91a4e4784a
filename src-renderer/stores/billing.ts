// The monthly billing run (supervisor): the preview, the run with its progress (pushed by the desk
// at every step while the run call is pending: the `billing.progress` event), past runs, tariffs.
import { defineStore } from 'pinia'
import { shallowRef, watch } from 'vue'
import type { InputOf } from '../../shared/api/contract'
import type { BillingPreview, BillingProgress, BillingRunView, TariffGroupWithPrices } from '../../shared/api/types'
import { api } from '../api/client'
import { useAsyncAction } from '../composables/useAsyncAction'
import { useSessionStore } from './session'

export const useBillingStore = defineStore('billing', () => {
  const session = useSessionStore()

  const preview = shallowRef<BillingPreview | null>(null)
  const previewAction = useAsyncAction(async (input: InputOf<'billing.preview'>) => (preview.value = await api.call('billing.preview', input)))

  const progress = shallowRef<BillingProgress | null>(null)
  const lastRun = shallowRef<BillingRunView | null>(null)
  api.onEvent('billing.progress', (p) => (progress.value = p))
  const runAction = useAsyncAction(async (input: InputOf<'billing.run'>) => {
    progress.value = null
    try {
      lastRun.value = await api.call('billing.run', input)
      preview.value = null
      return lastRun.value
    } finally {
      runs.value = await api.call('billing.runs', { limit: 12 }).catch(() => runs.value)
    }
  })

  // Steps pushed while the stream was down are missed: a run still going is asked once.
  api.onEventsOpened(() => {
    if (runAction.status.value === 'loading') void api.call('billing.progress', {}).then((p) => (progress.value = p), () => {})
  })

  const runs = shallowRef<BillingRunView[]>([])
  const runsLoad = useAsyncAction(async () => (runs.value = await api.call('billing.runs', { limit: 12 })))

  const tariffs = shallowRef<TariffGroupWithPrices[]>([])
  const tariffsLoad = useAsyncAction(async () => (tariffs.value = await api.call('tariffs.list', {})))
  const priceAction = useAsyncAction(async (input: InputOf<'tariffs.addPrice'>) => {
    await api.call('tariffs.addPrice', input)
    tariffs.value = await api.call('tariffs.list', {})
  })

  watch(
    () => session.staff?.id,
    (id) => {
      if (!id) {
        preview.value = null
        lastRun.value = null
        runs.value = []
      }
    },
  )

  return {
    preview,
    previewState: previewAction.status,
    previewError: previewAction.error,
    loadPreview: previewAction.run,

    progress,
    lastRun,
    runState: runAction.status,
    runError: runAction.error,
    run: runAction.run,

    runs,
    runsState: runsLoad.status,
    loadRuns: runsLoad.run,

    /** The groups a new contract can be put in (the contract form). */
    tariffGroups: () => api.call('tariffs.groups', {}),
    tariffs,
    tariffsState: tariffsLoad.status,
    tariffsError: tariffsLoad.error,
    loadTariffs: tariffsLoad.run,
    priceState: priceAction.status,
    priceError: priceAction.error,
    addPrice: priceAction.run,
    resetPrice: priceAction.reset,
  }
})
