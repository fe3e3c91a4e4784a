// pdf-lib compresses every content stream and embedded font with pako, a pure-JS deflate: about a
// fifth of the time of each invoice PDF. Node's zlib (native) writes the same format (a zlib
// stream, default level 6) several times faster. pdf-lib calls `pako.deflate(data)` through the
// module object at each use, so replacing that one function in this process is enough — from the
// sources and in the bundle alike, this import is the very pako module pdf-lib uses. A call with
// options (pdf-lib passes none) keeps pako's own implementation.
import pako from 'pako'
import { deflateSync } from 'node:zlib'

let installed = false

/**
 * Bytes deflated once per process and embedded again and again (the fonts' shared subsets, see
 * fast-fontkit.ts), by length. pdf-lib copies the bytes before it deflates them, so a copy is
 * recognised by its content (a memcmp), never assumed.
 */
const reused = new Map<number, Array<{ raw: Buffer; deflated: Uint8Array }>>()
/** Entries kept (the oldest go first): a long-running desk meets many subsets with extra letters. */
const REUSED_KEPT = 64
const reusedOrder: Array<{ length: number; raw: Buffer }> = []

/** Remembers `bytes` as embedded many times: their deflated form is computed once. */
export function deflateOnce(bytes: Uint8Array): void {
  const same = reused.get(bytes.length) ?? []
  if (same.some((r) => r.raw.equals(bytes))) return
  if (reusedOrder.length >= REUSED_KEPT) {
    const old = reusedOrder.shift()!
    const rest = reused.get(old.length)?.filter((r) => r.raw !== old.raw) ?? []
    if (rest.length) reused.set(old.length, rest)
    else reused.delete(old.length)
  }
  const raw = Buffer.from(bytes)
  // Deflated once per process, so at the smallest size: every document carries it.
  same.push({ raw, deflated: deflateSync(bytes, { level: 9 }) })
  reused.set(bytes.length, same)
  reusedOrder.push({ length: bytes.length, raw })
}

function deflate(data: Uint8Array): Uint8Array {
  const same = reused.get(data.length)
  if (same) for (const r of same) if (r.raw.equals(data)) return r.deflated
  return deflateSync(data)
}

export function useNativeDeflate(): void {
  if (installed) return
  installed = true
  const original = pako.deflate.bind(pako)
  pako.deflate = (data, options) => (options === undefined && data instanceof Uint8Array ? deflate(data) : original(data, options))
}
