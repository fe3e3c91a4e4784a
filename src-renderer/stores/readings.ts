// Readings: recording one (checked first, so the clerk sees why it is doubtful before it is
// saved), the history of a meter, the office-wide list waiting for a supervisor, and the
// consumption analysis behind the card's chart.
import { defineStore } from 'pinia'
import { shallowRef, watch } from 'vue'
import type { InputOf } from '../../shared/api/contract'
import type { ConsumptionAnalysis, FlaggedReading, ReadingView } from '../../shared/api/types'
import { api } from '../api/client'
import { useAsyncAction } from '../composables/useAsyncAction'
import { useSessionStore } from './session'

export const useReadingsStore = defineStore('readings', () => {
  const session = useSessionStore()

  const analysis = shallowRef<ConsumptionAnalysis | null>(null)
  let analysisFor: InputOf<'readings.analysis'> | null = null
  const analysisLoad = useAsyncAction(async (input: InputOf<'readings.analysis'>) => {
    if (analysisFor?.customerId !== input.customerId) analysis.value = null
    analysisFor = input
    const result = await api.call('readings.analysis', input)
    if (analysisFor === input) analysis.value = result
    return result
  })

  /**
   * The card's analysis (first supply point, the card's months), from the card's one request. When
   * the card is read again (after a payment, a contract …) while the section shows another point or
   * range of the same customer, that choice stays and is asked for again instead.
   */
  function showAnalysis(input: InputOf<'readings.analysis'>, result: ConsumptionAnalysis | null): void {
    const chosen = analysisFor
    if (chosen && chosen.customerId === input.customerId && ((chosen.supplyPointId ?? null) !== (input.supplyPointId ?? null) || chosen.months !== input.months)) {
      void analysisLoad.run(chosen)
      return
    }
    analysisFor = input
    analysis.value = result
    analysisLoad.done()
  }
  /** Whether the analysis asked for with `input` is held, so the section need not ask. */
  const hasAnalysis = (input: InputOf<'readings.analysis'>) =>
    analysis.value !== null &&
    analysisFor?.customerId === input.customerId &&
    (analysisFor.supplyPointId ?? null) === (input.supplyPointId ?? null) &&
    analysisFor.months === input.months

  const history = shallowRef<{ meterId: string; items: ReadingView[] } | null>(null)
  const historyLoad = useAsyncAction(async (meterId: string) => {
    if (history.value?.meterId !== meterId) history.value = null
    history.value = { meterId, items: await api.call('readings.history', { meterId }) }
  })

  const checkAction = useAsyncAction((input: InputOf<'readings.check'>) => api.call('readings.check', input))
  const recordAction = useAsyncAction((input: InputOf<'readings.record'>) => api.call('readings.record', input))

  const flagged = shallowRef<FlaggedReading[] | null>(null)
  const flaggedLoad = useAsyncAction(async () => (flagged.value = await api.call('readings.flagged', {})))
  const reviewAction = useAsyncAction((input: InputOf<'readings.review'>) => api.call('readings.review', input))
  const analysisPdfAction = useAsyncAction((input: InputOf<'readings.analysisPdf'>) => api.call('readings.analysisPdf', input))

  watch(
    () => session.staff?.id,
    (id) => {
      if (!id) {
        analysis.value = null
        analysisFor = null
        history.value = null
        flagged.value = null
      }
    },
  )

  return {
    importFile: (input: InputOf<'readings.importFile'>) => api.call('readings.importFile', input),
    analysis,
    analysisState: analysisLoad.status,
    analysisError: analysisLoad.error,
    loadAnalysis: analysisLoad.run,
    showAnalysis,
    hasAnalysis,
    reloadAnalysis: () => (analysisFor ? analysisLoad.run(analysisFor) : Promise.resolve(undefined)),
    analysisPdfState: analysisPdfAction.status,
    analysisPdfError: analysisPdfAction.error,
    analysisPdf: analysisPdfAction.run,

    history,
    historyState: historyLoad.status,
    historyError: historyLoad.error,
    loadHistory: historyLoad.run,

    checkState: checkAction.status,
    checkError: checkAction.error,
    check: checkAction.run,
    recordState: recordAction.status,
    recordError: recordAction.error,
    record: recordAction.run,
    resetEntry: () => {
      checkAction.reset()
      recordAction.reset()
    },

    flagged,
    flaggedState: flaggedLoad.status,
    flaggedError: flaggedLoad.error,
    loadFlagged: flaggedLoad.run,
    reviewState: reviewAction.status,
    reviewError: reviewAction.error,
    review: reviewAction.run,
    resetReview: reviewAction.reset,
  }
})
