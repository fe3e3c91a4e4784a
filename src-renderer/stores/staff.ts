// Staff accounts (admin): list, new account with a role; for each account: role, deactivate /
// reactivate, one-time password, unlock sign-in after failed attempts.
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { InputOf } from '../../shared/api/contract'
import type { Role, StaffMember } from '../../shared/api/types'
import { api } from '../api/client'
import { useAsyncAction } from '../composables/useAsyncAction'

export const useStaffStore = defineStore('staff', () => {
  const members = shallowRef<StaffMember[]>([])
  const replace = (updated: StaffMember) => (members.value = members.value.map((m) => (m.id === updated.id ? updated : m)))

  const load = useAsyncAction(async () => {
    members.value = await api.call('staff.list', {})
  })

  const create = useAsyncAction(async (input: InputOf<'staff.create'>) => {
    const created = await api.call('staff.create', input)
    members.value = await api.call('staff.list', {})
    return created
  })

  /** One account change at a time (role, active, unlock): one state and one error to show. */
  const change = useAsyncAction(async (call: () => Promise<StaffMember>) => {
    const updated = await call()
    replace(updated)
    return updated
  })

  const reset = useAsyncAction(async (staffId: string) => {
    const result = await api.call('staff.resetPassword', { staffId })
    replace(result.staff)
    return result
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
    changeState: change.status,
    changeError: change.error,
    resetChange: change.reset,
    unlockAccount: (staffId: string) => change.run(() => api.call('staff.unlockAccount', { staffId })),
    setActive: (staffId: string, active: boolean) => change.run(() => api.call('staff.setActive', { staffId, active })),
    setRole: (staffId: string, role: Role) => change.run(() => api.call('staff.setRole', { staffId, role })),
    resetState: reset.status,
    resetError: reset.error,
    resetPassword: reset.run,
    clearReset: reset.reset,
  }
})
