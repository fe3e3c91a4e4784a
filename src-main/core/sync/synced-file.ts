// A file a synced row refers to, read on this desk: here, or still on its way from another desk.
import { ApiError } from '../../../shared/api/errors'
import { FILE_HASH } from '../../../shared/sync/protocol'
import { readStoredFile } from '../../platform/attachments/file-store'
import type { Services } from '../services'

export const FILE_NOT_ARRIVED = 'Plik jeszcze nie dotarł z serwera synchronizacji — spróbuj ponownie za chwilę'

/**
 * Reads a file a synced row refers to. On a desk that syncs, a file not here yet is one still on
 * its way from another desk: say so (and fetch it next round) instead of reporting it lost.
 */
export function readSyncedFile(s: Services, sha256: string): Buffer {
  if (s.sync.files && s.sync.isConfigured() && FILE_HASH.test(sha256) && !s.sync.files.has(sha256)) {
    s.sync.files.want(sha256)
    throw new ApiError('NOT_FOUND', FILE_NOT_ARRIVED)
  }
  return readStoredFile(s.dataDir, sha256)
}
