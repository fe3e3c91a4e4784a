// The Pulpit's counts from other areas (meters, sync, readings, cases): one read, refreshed on entry.
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { DashboardCounts } from '../../shared/api/types'
import { api } from '../api/client'
import { useAsyncAction } from '../composables/useAsyncAction'

export const useDashboardStore = defineStore('dashboard', () => {
  const counts = shallowRef<DashboardCounts | null>(null)
  const load = useAsyncAction(async () => (counts.value = await api.call('dashboard.counts', {})))
  return { counts, state: load.status, error: load.error, load: load.run }
})
