// Background sync for a running desk: a round every interval and soon after each local change;
// backs off while the hub is unreachable (up to 5 minutes), and never overlaps rounds.
// Live: the desk follows the hub's event stream (GET /v1/sync/events) and pulls as soon as another
// desk's change was accepted; the stream reconnects with backoff, and polling stays as the fallback.
import { setTimeout as sleep } from 'node:timers/promises'
import type { DeskDb } from '../../db/write'
import type { DeskSync } from './desk-sync'

export interface SyncLoopOptions {
  /** How soon a local change goes out (a short pause gathers a burst of writes into one push). */
  pushDelayMs?: number
  /** Reconnecting the event stream: first wait, doubling up to the last. */
  reconnectMinMs?: number
  reconnectMaxMs?: number
}

export function startSyncLoop(db: DeskDb, sync: DeskSync, intervalMs = 15_000, log: (e: unknown) => void = console.error, options: SyncLoopOptions = {}): () => void {
  const MAX_DELAY = 5 * 60_000
  const pushDelay = options.pushDelayMs ?? 300
  const reconnectMin = options.reconnectMinMs ?? 1000
  const reconnectMax = options.reconnectMaxMs ?? 60_000
  let delay = intervalMs
  let timer: NodeJS.Timeout | null = null
  let stopped = false
  let inRound = false
  /** The hub announced a head while a round ran (its pull may have missed it): go again. */
  let again = false
  /** A write committed while a round ran (it may have missed the push). */
  let wroteDuringRound = false
  const stop = new AbortController()

  const schedule = (ms: number) => {
    if (stopped) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => void round(), ms)
    timer.unref()
  }
  const round = async () => {
    if (!sync.isConfigured()) return schedule(intervalMs)
    inRound = true
    again = false
    wroteDuringRound = false
    try {
      const outcome = await sync.syncOnce()
      delay = outcome.phase === 'offline' ? Math.min(delay * 2, MAX_DELAY) : intervalMs
    } catch (err) {
      log(err)
      delay = Math.min(delay * 2, MAX_DELAY)
    } finally {
      inRound = false
    }
    if (delay !== intervalMs) schedule(delay)
    else if (again) schedule(0)
    else if (wroteDuringRound && sync.pendingCount() > 0) schedule(pushDelay)
    else schedule(delay)
  }
  /** Pull now (or right after the round under way). */
  const wake = () => {
    if (inRound) again = true
    else schedule(0)
  }
  // A local change goes out within a moment (when the hub is reachable).
  db.onCommit(() => {
    if (inRound) wroteDuringRound = true
    else if (delay === intervalMs) schedule(pushDelay)
  })
  schedule(1000)

  const follow = async () => {
    let backoff = reconnectMin
    while (!stopped) {
      const events = sync.hubTransport()?.events
      let opened = false
      if (events) {
        try {
          await events((headSeq) => {
            opened = true
            backoff = reconnectMin
            // A head beyond ours, or a hub back after an outage (this desk was backing off): sync now.
            if (headSeq > sync.state().cursor || delay !== intervalMs) {
              delay = intervalMs
              wake()
            }
          }, stop.signal)
        } catch {
          // The hub is unreachable, refuses the stream or is busy: polling carries on meanwhile.
        }
      }
      if (stopped) return
      await sleep(events ? (opened ? reconnectMin : backoff) : intervalMs, undefined, { ref: false, signal: stop.signal }).catch(() => {})
      if (!opened) backoff = Math.min(backoff * 2, reconnectMax)
    }
  }
  void follow()

  return () => {
    stopped = true
    stop.abort()
    if (timer) clearTimeout(timer)
  }
}
