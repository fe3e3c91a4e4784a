// Staff accounts (admin): list, new account with a role, unlock after failed logins.
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { InputOf } from '../../shared/api/contract'
import type { StaffMember } from '../../shared/api/types'
import { api } from '../api/client'
import { useAsyncAction } from '../composables/useAsyncAction'

export const useStaffStore = defineStore('staff', () => {
  const members = shallowRef<StaffMember[]>([])

  const load = useAsyncAction(async () => {
    members.value = await api.call('staff.list', {})
  })

  const create = useAsyncAction(async (input: InputOf<'staff.create'>) => {
    const created = await api.call('staff.create', input)
    members.value = await api.call('staff.list', {})
    return created
  })

  const unlock = useAsyncAction(async (staffId: string) => {
    const updated = await api.call('staff.unlockAccount', { staffId })
    members.value = members.value.map((m) => (m.id === updated.id ? updated : m))
    return updated
  })

  return {
    members,
    loadState: load.status,
    loadError: load.error,
    load: load.run,
    createState: create.status,
    createError: create.error,
    create: create.run,
    resetCreate: create.reset,
    unlockState: unlock.status,
    unlockError: unlock.error,
    unlockAccount: unlock.run,
  }
})
