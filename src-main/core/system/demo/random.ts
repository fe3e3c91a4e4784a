// A small seeded PRNG of our own (mulberry32), so demo data is identical on every machine and
// Node version. Every customer and contract gets its own stream (mixSeed), so what is generated
// for one does not shift when another draws a different number of values.

/** murmur3's finaliser over the parts: a well-spread 32-bit seed for an independent stream. */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9
  for (const part of parts) {
    h = Math.imul(h ^ (part | 0), 0x85ebca6b)
    h ^= h >>> 13
    h = Math.imul(h, 0xc2b2ae35)
    h ^= h >>> 16
  }
  return h >>> 0
}

export class Rng {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** Whole number in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** Uniform in [min, max). */
  real(min: number, max: number): number {
    return min + this.next() * (max - min)
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }

  /** Picks by relative weight: weighted([['a', 3], ['b', 1]]) gives 'a' three times as often. */
  weighted<T>(options: readonly (readonly [T, number])[]): T {
    let total = 0
    for (const [, w] of options) total += w
    let r = this.next() * total
    for (const [value, w] of options) {
      if ((r -= w) < 0) return value
    }
    return options[options.length - 1][0]
  }

  /** A string of random decimal digits. */
  digits(count: number): string {
    let s = ''
    for (let i = 0; i < count; i++) s += Math.floor(this.next() * 10)
    return s
  }
}
