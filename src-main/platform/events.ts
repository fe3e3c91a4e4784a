// The desk's pushed events (shared/api/events.ts). A domain only says that something changed
// (`changed('sync.status')`); the bus reads the new value a moment later — so a burst of changes
// (a billing chunk, an import) makes one event — and hands it to every listener unless it equals
// the value sent last. Nothing is read while nobody listens. Delivery to the screens (IPC, SSE)
// is the listeners' business (src-main/desk/event-feed.ts).
import type { EventName } from '../../shared/api/events'

export type EventListener = (name: EventName, payload: unknown) => void
/** Reads the current value of an event (the desk wires the read operation of the same name). */
export type EventProducer = (name: EventName) => unknown

/** How long changes are gathered before the value is read: well under what a person notices. */
export const EVENT_GATHER_MS = 100

export class DeskEvents {
  private readonly listeners = new Set<EventListener>()
  private readonly pending = new Set<EventName>()
  private readonly last = new Map<EventName, string>()
  private timer: ReturnType<typeof setTimeout> | null = null
  private producer: EventProducer | null = null

  constructor(
    private readonly log: (err: unknown) => void = console.error,
    private readonly gatherMs = EVENT_GATHER_MS,
  ) {}

  /** Set once by the desk, when the read operations exist. */
  produceWith(producer: EventProducer): void {
    this.producer = producer
  }

  /** Something behind this event changed: its listeners get the new value shortly. */
  changed(name: EventName): void {
    if (!this.listeners.size || !this.producer) return
    this.pending.add(name)
    this.timer ??= setTimeout(() => void this.flush(), this.gatherMs)
  }

  listen(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
      // A listener coming later fetches the state itself; it must not miss the next value.
      if (!this.listeners.size) this.last.clear()
    }
  }

  /** Reads and sends what changed (called by the timer; tests may call it at once). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const names = [...this.pending]
    this.pending.clear()
    for (const name of names) {
      try {
        const payload = (await this.producer?.(name)) ?? null
        const json = JSON.stringify(payload)
        if (this.last.get(name) === json) continue
        this.last.set(name, json)
        for (const listener of this.listeners) listener(name, payload)
      } catch (err) {
        this.log(err)
      }
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.pending.clear()
    this.listeners.clear()
  }
}
