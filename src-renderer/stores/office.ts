// Office and station settings (document headers, bank account, invoice series, idle lock).
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { InputOf } from '../../shared/api/contract'
import type { OfficeSettings } from '../../shared/api/types'
import { api } from '../api/client'
import { useAsyncAction } from '../composables/useAsyncAction'
import { useSystemStore } from './system'

export const useOfficeStore = defineStore('office', () => {
  const office = shallowRef<OfficeSettings | null>(null)
  const system = useSystemStore()

  const load = useAsyncAction(async () => {
    office.value = await api.call('office.get', {})
    return office.value
  })

  const update = useAsyncAction(async (input: InputOf<'office.update'>) => {
    office.value = await api.call('office.update', input)
    // The top bar and login screen show the office and station names from system.status.
    await system.refresh()
    return office.value
  })

  return {
    office,
    loadState: load.status,
    loadError: load.error,
    load: load.run,
    saveState: update.status,
    saveError: update.error,
    save: update.run,
    resetSave: update.reset,
  }
})
