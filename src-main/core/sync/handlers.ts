import type { Services } from '../services'
import { staffOf, type HandlersOf } from '../calls'
import { createSyncService } from './service'

export function syncHandlers(s: Services): HandlersOf<'sync'> {
  const sync = createSyncService(s)
  return {
    'sync.status': () => sync.status(),
    'sync.syncNow': () => sync.syncNow(),
    'sync.configure': (input, call) => sync.configure(staffOf(call), input.hubUrl, input.deskToken, input),
    'sync.conflicts': () => sync.conflicts(),
    'sync.resolveConflict': (input, call) => sync.resolve(staffOf(call), input.id, input.choice),
    'sync.problems': () => sync.problems(),
    'sync.resetFromSnapshot': () => sync.resetFromSnapshot(),
  }
}
