// The signed-in staff member, the desk lock and password changes. The session token lives in
// this tab's sessionStorage so a reload keeps the clerk signed in (and locked, if locked).
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { roleRank } from '../../shared/api/roles'
import type { Role, SessionInfo, StaffMember } from '../../shared/api/types'
import { api } from '../api/client'
import { toApiError, useAsyncAction } from '../composables/useAsyncAction'

const STORAGE_KEY = 'ibok.session'

interface StoredSession {
  token: string
  staff: StaffMember
  idleLockMinutes: number
  expiresAt: string
  locked: boolean
}

function readStored(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY)
    return raw ? (JSON.parse(raw) as StoredSession) : null
  } catch {
    return null
  }
}

export const useSessionStore = defineStore('session', () => {
  const info = shallowRef<SessionInfo | null>(null)
  const locked = ref(false)
  /** The restore from sessionStorage has run (the router waits for it once). */
  const restored = ref(false)

  const staff = computed(() => info.value?.staff ?? null)
  const isSignedIn = computed(() => info.value !== null)
  const idleLockMinutes = computed(() => info.value?.idleLockMinutes ?? 5)
  const mustChangePassword = computed(() => info.value?.staff.mustChangePassword === true)
  const hasRole = (role: Role) => staff.value !== null && roleRank[staff.value.role] >= roleRank[role]

  function persist(): void {
    if (!info.value) sessionStorage.removeItem(STORAGE_KEY)
    else sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ ...info.value, locked: locked.value } satisfies StoredSession))
  }

  function adopt(next: SessionInfo): void {
    info.value = next
    locked.value = false
    api.setSession(next.token)
    persist()
  }

  /** Forgets the session locally (after logout, or when the server no longer knows it). */
  function forget(): void {
    info.value = null
    locked.value = false
    api.setSession(null)
    persist()
  }

  function markLocked(): void {
    if (!info.value || locked.value) return
    locked.value = true
    persist()
  }

  async function restore(): Promise<void> {
    const stored = readStored()
    restored.value = true
    if (!stored) return
    api.setSession(stored.token)
    info.value = { token: stored.token, staff: stored.staff, idleLockMinutes: stored.idleLockMinutes, expiresAt: stored.expiresAt }
    locked.value = stored.locked
    if (stored.locked) return
    try {
      adopt(await api.call('staff.me', {}))
    } catch (err) {
      // A locked session stays (the lock screen shows); any other failure means sign in again.
      if (toApiError(err).code !== 'SESSION_LOCKED') forget()
    }
  }

  const loginAction = useAsyncAction(async (login: string, password: string) => {
    adopt(await api.call('staff.login', { login, password }))
  })

  const unlockAction = useAsyncAction(async (password: string) => {
    adopt(await api.call('staff.unlock', { password }))
  })

  const lockAction = useAsyncAction(async () => {
    markLocked()
    try {
      await api.call('staff.lock', {})
    } catch (err) {
      // Already locked on the server is what we wanted.
      if (toApiError(err).code !== 'SESSION_LOCKED') throw err
    }
  })

  const changePasswordAction = useAsyncAction(async (currentPassword: string, newPassword: string) => {
    await api.call('staff.changePassword', { currentPassword, newPassword })
    if (info.value) {
      info.value = { ...info.value, staff: { ...info.value.staff, mustChangePassword: false } }
      persist()
    }
  })

  async function logout(): Promise<void> {
    try {
      if (info.value) await api.call('staff.logout', {})
    } catch {
      // Signing out locally is what matters; the server session dies with the process anyway.
    } finally {
      forget()
    }
  }

  /** Keeps the server's idle clock in step while the clerk works without calling the API. */
  async function heartbeat(): Promise<void> {
    if (!info.value || locked.value) return
    try {
      const me = await api.call('staff.me', {})
      info.value = { ...me }
      persist()
    } catch {
      // SESSION_LOCKED / UNAUTHENTICATED are handled by the client's listeners.
    }
  }

  return {
    /** When the last call to the desk completed (ms): the idle lock keeps the server session alive. */
    lastServerCallAt: () => api.lastCallAt,
    info,
    staff,
    locked,
    restored,
    isSignedIn,
    idleLockMinutes,
    mustChangePassword,
    hasRole,
    restore,
    forget,
    markLocked,
    logout,
    heartbeat,

    loginState: loginAction.status,
    loginError: loginAction.error,
    login: loginAction.run,
    resetLogin: loginAction.reset,

    unlockState: unlockAction.status,
    unlockError: unlockAction.error,
    unlock: unlockAction.run,
    resetUnlock: unlockAction.reset,

    lockState: lockAction.status,
    lock: lockAction.run,

    changePasswordState: changePasswordAction.status,
    changePasswordError: changePasswordAction.error,
    changePassword: changePasswordAction.run,
    resetChangePassword: changePasswordAction.reset,
  }
})
