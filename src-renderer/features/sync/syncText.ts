// Plain-Polish wording of the sync state, shared by the top bar and the Synchronizacja screen.
import type { SyncStatus } from '../../../shared/api/types'
import { isMessageKey, t } from '../../i18n'

/** The last problem in words a clerk understands; the hub's own message when we have no better one. */
export function syncErrorText(s: SyncStatus | null): string | null {
  if (!s?.lastError && !s?.lastErrorCode) return null
  const key = `sync.error.${s.lastErrorCode ?? ''}`
  return isMessageKey(key) ? t(key) : s.lastError
}
