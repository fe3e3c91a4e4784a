// The desk itself: first-start state, office and station names, demo load, backups.
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { InputOf, OutputOf } from '../../shared/api/contract'
import type { BackupInfo, SystemStatus } from '../../shared/api/types'
import { api } from '../api/client'
import { useAsyncAction } from '../composables/useAsyncAction'

export const useSystemStore = defineStore('system', () => {
  const status = shallowRef<SystemStatus | null>(null)
  const demoResult = shallowRef<OutputOf<'system.loadDemo'> | null>(null)
  const backups = shallowRef<BackupInfo[]>([])

  const statusLoad = useAsyncAction(async () => {
    status.value = await api.call('system.status', {})
    return status.value
  })

  const setupAction = useAsyncAction(async (input: InputOf<'system.setup'>) => {
    await api.call('system.setup', input)
    status.value = await api.call('system.status', {})
  })

  const demoAction = useAsyncAction(async (customers: number) => {
    demoResult.value = await api.call('system.loadDemo', { customers })
    status.value = await api.call('system.status', {})
    return demoResult.value
  })

  const backupsLoad = useAsyncAction(async () => {
    backups.value = await api.call('system.listBackups', {})
  })

  const backupAction = useAsyncAction(async () => {
    const made = await api.call('system.backupNow', {})
    backups.value = await api.call('system.listBackups', {})
    return made
  })

  /** Joining an office: the hub's snapshot becomes this desk's data; the desk state follows. */
  async function joinOffice(input: InputOf<'system.joinOffice'>) {
    const joined = await api.call('system.joinOffice', input)
    await statusLoad.run()
    return joined
  }

  return {
    joinOffice,
    status,
    statusState: statusLoad.status,
    statusError: statusLoad.error,
    refresh: statusLoad.run,

    setupState: setupAction.status,
    setupError: setupAction.error,
    setup: setupAction.run,

    demoResult,
    demoState: demoAction.status,
    demoError: demoAction.error,
    loadDemo: demoAction.run,

    backups,
    backupsState: backupsLoad.status,
    backupsError: backupsLoad.error,
    loadBackups: backupsLoad.run,
    backupState: backupAction.status,
    backupError: backupAction.error,
    backupNow: backupAction.run,
  }
})
