// pdf-lib compresses every content stream and embedded font with pako, a pure-JS deflate: about a
// fifth of the time of each invoice PDF. Node's zlib (native) writes the same format (a zlib
// stream, default level 6) several times faster. pdf-lib calls `pako.deflate(data)` through the
// module object at each use, so replacing that one function in this process is enough — from the
// sources and in the bundle alike, this import is the very pako module pdf-lib uses. A call with
// options (pdf-lib passes none) keeps pako's own implementation.
import pako from 'pako'
import { deflateSync } from 'node:zlib'

let installed = false

export function useNativeDeflate(): void {
  if (installed) return
  installed = true
  const original = pako.deflate.bind(pako)
  pako.deflate = (data, options) => (options === undefined && data instanceof Uint8Array ? deflateSync(data) : original(data, options))
}
