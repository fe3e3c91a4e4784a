// Background sync for a running desk: a round every interval and soon after each local change;
// backs off while the hub is unreachable (up to 5 minutes), and never overlaps rounds.
import type { DeskDb } from '../../db/write'
import type { DeskSync } from './desk-sync'

export function startSyncLoop(db: DeskDb, sync: DeskSync, intervalMs = 15_000, log: (e: unknown) => void = console.error): () => void {
  const MAX_DELAY = 5 * 60_000
  let delay = intervalMs
  let timer: NodeJS.Timeout | null = null
  let stopped = false

  const schedule = (ms: number) => {
    if (stopped) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => void round(), ms)
    timer.unref()
  }
  const round = async () => {
    if (!sync.isConfigured()) return schedule(intervalMs)
    try {
      const outcome = await sync.syncOnce()
      delay = outcome.phase === 'offline' ? Math.min(delay * 2, MAX_DELAY) : intervalMs
    } catch (err) {
      log(err)
      delay = Math.min(delay * 2, MAX_DELAY)
    }
    schedule(delay)
  }
  // A local change goes out within a second or so (when the hub is reachable).
  db.onCommit(() => {
    if (delay === intervalMs) schedule(1000)
  })
  schedule(1000)
  return () => {
    stopped = true
    if (timer) clearTimeout(timer)
  }
}
