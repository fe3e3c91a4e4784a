// Meters: the customer card's meters with their status, the replacement protocols, the
// office-wide list of meters due for replacement, and the files (protocol, list) to print.
import { defineStore } from 'pinia'
import { shallowRef, watch } from 'vue'
import type { InputOf } from '../../shared/api/contract'
import type { DueMetersList, MeterDetail, ReplacementView } from '../../shared/api/types'
import { api } from '../api/client'
import { useAsyncAction } from '../composables/useAsyncAction'
import { useSessionStore } from './session'

export const useMetersStore = defineStore('meters', () => {
  const session = useSessionStore()

  const customerMeters = shallowRef<MeterDetail[] | null>(null)
  const replacements = shallowRef<ReplacementView[]>([])
  let customerId: string | null = null
  const customerLoad = useAsyncAction(async (id: string) => {
    if (customerId !== id) {
      customerMeters.value = null
      replacements.value = []
    }
    customerId = id
    const [meters, protocols] = await Promise.all([api.call('meters.forCustomer', { customerId: id }), api.call('meters.replacements', { customerId: id })])
    if (customerId === id) {
      customerMeters.value = meters
      replacements.value = protocols
    }
  })

  /** The card's meters and protocols, from the card's one request. */
  function showCustomer(id: string, meters: MeterDetail[], protocols: ReplacementView[]): void {
    customerId = id
    customerMeters.value = meters
    replacements.value = protocols
    customerLoad.done()
  }

  const due = shallowRef<DueMetersList | null>(null)
  const dueLoad = useAsyncAction(async (days: number) => (due.value = await api.call('meters.due', { days })))

  const replaceAction = useAsyncAction((input: InputOf<'meters.replace'>) => api.call('meters.replace', input))

  /** Files to save or print: one state for all of them, the screen shows one message. */
  const fileAction = useAsyncAction(async (what: { protocol: string } | { dueCsv: number } | { duePdf: number }) => {
    if ('protocol' in what) {
      const pdf = await api.call('meters.protocolPdf', { id: what.protocol })
      return { fileName: pdf.fileName, mimeType: 'application/pdf', base64: pdf.pdfBase64 }
    }
    if ('dueCsv' in what) {
      const file = await api.call('meters.dueCsv', { days: what.dueCsv })
      // UTF-8 text (with its BOM) as base64, so every file leaves the same way.
      const bytes = new TextEncoder().encode(file.csv)
      let binary = ''
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
      return { fileName: file.fileName, mimeType: 'text/csv;charset=utf-8', base64: btoa(binary) }
    }
    const pdf = await api.call('meters.duePdf', { days: what.duePdf })
    return { fileName: pdf.fileName, mimeType: 'application/pdf', base64: pdf.pdfBase64 }
  })

  // Nothing of one clerk's work stays on screen for the next one.
  watch(
    () => session.staff?.id,
    (id) => {
      if (!id) {
        customerMeters.value = null
        replacements.value = []
        due.value = null
        customerId = null
      }
    },
  )

  return {
    customerMeters,
    replacements,
    customerState: customerLoad.status,
    customerError: customerLoad.error,
    loadCustomer: customerLoad.run,
    showCustomer,
    /** Whether this customer's meters are held (filled by the card, or loaded), so a section need not ask. */
    hasCustomer: (id: string) => customerId === id && customerMeters.value !== null,
    reloadCustomer: () => (customerId ? customerLoad.run(customerId) : Promise.resolve()),

    due,
    dueState: dueLoad.status,
    dueError: dueLoad.error,
    loadDue: dueLoad.run,

    replaceState: replaceAction.status,
    replaceError: replaceAction.error,
    replace: replaceAction.run,
    resetReplace: replaceAction.reset,

    fileState: fileAction.status,
    fileError: fileAction.error,
    fetchFile: fileAction.run,
  }
})
