// Idle auto-lock: after the office's idle minutes without keyboard or mouse, lock the desk.
// While the clerk is active but not calling the API (reading a card), a light heartbeat keeps
// the server's own idle timer from locking the session under them.
import { onBeforeUnmount, onMounted, type Ref } from 'vue'

const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart', 'pointerdown'] as const
const CHECK_EVERY_MS = 5_000

export interface IdleLockOptions {
  minutes: Ref<number>
  /** True while locked or signed out: no lock or heartbeat then. */
  paused: Ref<boolean>
  lastServerCallAt: () => number
  lock: () => void
  heartbeat: () => void
}

export function useIdleLock(options: IdleLockOptions) {
  let lastActivity = Date.now()
  let timer: ReturnType<typeof setInterval> | undefined

  const onActivity = () => {
    lastActivity = Date.now()
    if (options.paused.value) return
    // Refresh the server's idle clock well before it would run out (half the limit, at most 1 min).
    const refreshAfter = Math.min(60_000, (options.minutes.value * 60_000) / 2)
    if (lastActivity - options.lastServerCallAt() > refreshAfter) options.heartbeat()
  }

  const check = () => {
    if (options.paused.value) {
      lastActivity = Date.now()
      return
    }
    if (Date.now() - lastActivity >= options.minutes.value * 60_000) options.lock()
  }

  onMounted(() => {
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { passive: true, capture: true })
    timer = setInterval(check, CHECK_EVERY_MS)
  })
  onBeforeUnmount(() => {
    for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true })
    clearInterval(timer)
  })
}
