// Hybrid logical clock (wall millis + counter + node), as Actual Budget uses for sync ordering.
// The string form sorts in time order: 15-digit millis, 5-digit counter, node id.
export class HybridClock {
  private lastMillis = 0
  private counter = 0

  constructor(private readonly wallClock: () => number = Date.now) {}

  next(node: string): string {
    const wall = this.wallClock()
    if (wall > this.lastMillis) {
      this.lastMillis = wall
      this.counter = 0
    } else {
      this.counter++
    }
    return formatHlc(this.lastMillis, this.counter, node)
  }

  /**
   * Forgets stamps taken while the wall clock ran ahead (after staff corrected it). A desk's own
   * changes are ordered by its change counter, so this never reorders them.
   */
  resetToWallClock(): void {
    this.lastMillis = 0
    this.counter = 0
  }

  /** Merges a timestamp seen from elsewhere so that our next stamp sorts after it. */
  observe(remote: string): void {
    const { millis, counter } = parseHlc(remote)
    if (millis > this.lastMillis || (millis === this.lastMillis && counter > this.counter)) {
      this.lastMillis = millis
      this.counter = counter
    }
  }
}

export function formatHlc(millis: number, counter: number, node: string): string {
  return `${String(millis).padStart(15, '0')}-${String(counter).padStart(5, '0')}-${node}`
}

export function parseHlc(hlc: string): { millis: number; counter: number; node: string } {
  const [millis, counter, ...node] = hlc.split('-')
  return { millis: Number(millis), counter: Number(counter), node: node.join('-') }
}
