// Sync with the hub: the state for the top bar (pushed by the desk after every round and every
// save — the `sync.status` event — so "w kolejce" shows a change and then its sending), conflicts,
// problems and the admin actions.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { InputOf } from '../../shared/api/contract'
import type { SyncConflictView, SyncProblem, SyncStatus } from '../../shared/api/types'
import { api } from '../api/client'
import { useAsyncAction } from '../composables/useAsyncAction'
import { useSessionStore } from './session'

export const useSyncStore = defineStore('sync', () => {
  const session = useSessionStore()

  const status = shallowRef<SyncStatus | null>(null)
  /** True while this screen asked for a round and waits for it ("Synchronizacja…"). */
  const syncing = ref(false)
  const statusLoad = useAsyncAction(async () => (status.value = await api.call('sync.status', {})))
  const refreshStatus = () => statusLoad.run()

  // Asked once when the screens become usable (sign-in, unlock) and when the event stream
  // reopens (changes pushed while it was down are missed); pushed in between.
  const active = () => session.isSignedIn && !session.locked
  watch(active, (now) => now && void refreshStatus(), { immediate: true })
  api.onEventsOpened(() => active() && void refreshStatus())
  api.onEvent('sync.status', (s) => (status.value = s))

  const conflicts = shallowRef<SyncConflictView[]>([])
  const conflictsLoad = useAsyncAction(async () => (conflicts.value = await api.call('sync.conflicts', {})))

  const problems = shallowRef<SyncProblem[]>([])
  const problemsLoad = useAsyncAction(async () => (problems.value = await api.call('sync.problems', {})))

  /** Runs an action that returns the new state, showing "Synchronizacja…" meanwhile. */
  async function withRound(action: () => Promise<SyncStatus>): Promise<SyncStatus> {
    syncing.value = true
    try {
      status.value = await action()
      return status.value
    } finally {
      syncing.value = false
    }
  }

  const syncNowAction = useAsyncAction(async () => {
    const s = await withRound(() => api.call('sync.syncNow', {}))
    void conflictsLoad.run()
    return s
  })
  const configureAction = useAsyncAction((input: InputOf<'sync.configure'>) => withRound(() => api.call('sync.configure', input)))
  const resetAction = useAsyncAction(async () => {
    const s = await withRound(() => api.call('sync.resetFromSnapshot', {}))
    void conflictsLoad.run()
    return s
  })
  const resolveAction = useAsyncAction(async (input: InputOf<'sync.resolveConflict'>) => {
    const resolved = await api.call('sync.resolveConflict', input)
    conflicts.value = conflicts.value.filter((c) => c.id !== resolved.id)
    void refreshStatus()
    return resolved
  })

  /** What the top bar shows, in order of urgency. */
  const phase = computed<'unknown' | 'local' | 'syncing' | 'clock' | 'conflicts' | 'offline' | 'error' | 'behind' | 'online'>(() => {
    const s = status.value
    if (!s) return 'unknown'
    if (!s.configured) return 'local'
    if (syncing.value) return 'syncing'
    if (s.lastErrorCode === 'CLOCK_AHEAD') return 'clock'
    // A desk that cannot sync says so first: conflicts wait for a clerk, an error for someone to act.
    if (s.phase === 'error') return 'error'
    if (s.openConflicts > 0) return 'conflicts'
    if (s.phase === 'offline') return 'offline'
    if (s.phase === 'behind') return 'behind'
    return 'online'
  })

  return {
    status,
    phase,
    syncing,
    statusState: statusLoad.status,
    refreshStatus,
    conflicts,
    conflictsState: conflictsLoad.status,
    conflictsError: conflictsLoad.error,
    loadConflicts: conflictsLoad.run,
    problems,
    problemsState: problemsLoad.status,
    problemsError: problemsLoad.error,
    loadProblems: problemsLoad.run,
    syncNowState: syncNowAction.status,
    syncNowError: syncNowAction.error,
    syncNow: syncNowAction.run,
    configureState: configureAction.status,
    configureError: configureAction.error,
    configure: configureAction.run,
    resetState: resetAction.status,
    resetError: resetAction.error,
    reset: resetAction.run,
    resolveState: resolveAction.status,
    resolveError: resolveAction.error,
    resolve: resolveAction.run,
  }
})
