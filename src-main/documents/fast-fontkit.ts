// A fontkit for pdf-lib that makes many documents cheap: each TTF is parsed once per process (not
// once per document), and text layout is a per-character glyph lookup instead of OpenType shaping.
// pdf-lib only reads glyph ids, advance widths and code points from a layout (it never draws
// kerning or positions), so shaping cost time and bought nothing for Polish text; it also turned
// "fi" into a ligature glyph that pdftotext reads back badly. Text is NFC-normalised first, so a
// decomposed "ó" (o + combining accent) still maps to the one precomposed glyph.
import fontkit from '@pdf-lib/fontkit'
import { deflateOnce } from './fast-deflate'

type Font = ReturnType<typeof fontkit.create>
type Glyph = ReturnType<Font['glyphForCodePoint']>

/** Encoded subsets kept per font (the shared base, and a few with extra characters). */
const ENCODED_KEPT = 32

const parsed = new Map<Uint8Array, Font>()

function fastFont(font: Font): Font {
  const glyphs = new Map<number, Glyph>()
  const layouts = new Map<string, { glyphs: Glyph[] }>()
  // What pdf-lib reads of a glyph (id, advance width, code points — the last become the PDF's
  // ToUnicode map, i.e. its text layer), as a frozen record made from the code point asked for.
  // Never fontkit's own glyph object: fontkit caches one object per glyph id for the whole process,
  // and a glyph first fetched by id — a component of a composite such as "C" in "Ć" or "O" in "Ó",
  // fetched while a subset is written — is cached with no code points, so every later document
  // would map that glyph to nothing ("Faktura V T"). A record depends only on the font and the
  // code point, never on which documents this process made before.
  const glyphFor = (codePoint: number): Glyph => {
    let g = glyphs.get(codePoint)
    if (!g) {
      const source = font.glyphForCodePoint(codePoint)
      g = Object.freeze({ id: source.id, advanceWidth: source.advanceWidth, codePoints: Object.freeze([codePoint]) }) as unknown as Glyph
      glyphs.set(codePoint, g)
    }
    return g
  }
  // What a subset copies of each glyph, read once per process instead of once per PDF (fontkit
  // decodes the whole outline of every glyph of every subset only to see whether it is compound).
  const outlines = new Map<number, { buffer: Uint8Array; components: Array<{ glyphID: number; pos: number }> | null; advance: number; bearing: number }>()
  const outline = (gid: number) => {
    let o = outlines.get(gid)
    if (!o) {
      const f = font as unknown as TtfInternals
      const glyph = f.getGlyph(gid)
      const glyf = glyph._decode()
      const stream = f._getTableStream('glyf')
      stream.pos += f.loca.offsets[gid]
      const read = stream.readBuffer(f.loca.offsets[gid + 1] - f.loca.offsets[gid])
      const buffer = glyf && glyf.numberOfContours >= 0 ? withoutHinting(read, glyf.numberOfContours) : read
      const components = glyf && glyf.numberOfContours < 0 ? glyf.components.map((c) => ({ glyphID: c.glyphID, pos: c.pos })) : null
      outlines.set(gid, (o = { buffer, components, advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing }))
    }
    return o
  }
  // TTFSubset._addGlyph with the per-glyph part cached; a compound glyph gets its own copy whose
  // component ids point into this subset.
  function addGlyphCached(this: TtfSubsetInternals, gid: number): number {
    const o = outline(gid)
    let buffer = o.buffer
    if (o.components) {
      const copy = Buffer.from(buffer)
      for (const c of o.components) copy.writeUInt16BE(this.includeGlyph(c.glyphID), c.pos)
      buffer = copy
    }
    this.glyf.push(buffer)
    this.loca.offsets.push(this.offset)
    this.hmtx.metrics.push({ advance: o.advance, bearing: o.bearing })
    this.offset += buffer.length
    return this.glyf.length - 1
  }
  const encoded = new Map<string, Uint8Array>()
  const fast = Object.create(font) as Font
  Object.defineProperty(fast, 'createSubset', {
    value() {
      const subset = font.createSubset()
      const variable = Boolean((font as unknown as { _variationProcessor?: unknown })._variationProcessor)
      // fontkit's encodeStream() defers the encoding through a browser nextTick shim built on
      // setTimeout, so every embedded font cost a timer wait (~1 ms idle per font per PDF). Encode
      // synchronously instead and hand pdf-lib the bytes on the next microtask, as the events it listens to.
      Object.defineProperty(subset, 'encodeStream', { value: () => syncEncode(subset, variable ? null : encoded) })
      if (!variable) Object.defineProperty(subset, '_addGlyph', { value: addGlyphCached })
      return subset
    },
  })
  Object.defineProperty(fast, 'glyphForCodePoint', { value: glyphFor })
  Object.defineProperty(fast, 'layout', {
    value(text: string) {
      let run = layouts.get(text)
      if (!run) {
        const list: Glyph[] = []
        for (const ch of text.normalize('NFC')) list.push(glyphFor(ch.codePointAt(0)!))
        run = { glyphs: list }
        // Labels and amounts repeat across thousands of invoices; unique strings are not kept forever.
        if (layouts.size > 50_000) layouts.clear()
        layouts.set(text, run)
      }
      return run
    },
  })
  return fast
}

/**
 * A simple TrueType glyph without its hinting instructions (the byte code that snaps outlines to the
 * pixel grid of small screen sizes): over half of DejaVu's glyph data, so half of every embedded font
 * and a third of an invoice PDF, which is printed or read at a zoom where viewers ignore hinting or
 * hint by themselves. The outline is unchanged. Padded to an even length (the short loca format).
 */
function withoutHinting(glyph: Uint8Array, contours: number): Uint8Array {
  const at = 10 + 2 * contours // numberOfContours, bounding box, endPtsOfContours
  const length = (glyph[at] << 8) | glyph[at + 1]
  if (length === 0) return glyph
  const rest = glyph.subarray(at + 2 + length)
  const out = Buffer.alloc(at + 2 + rest.length + ((at + rest.length) % 2))
  out.set(glyph.subarray(0, at))
  out.set(rest, at + 2) // instructionLength stays 0
  return out
}

/** The fontkit internals TTFSubset._addGlyph uses (fontkit 1.x, TrueType fonts). */
interface TtfInternals {
  getGlyph(gid: number): {
    _decode(): { numberOfContours: number; components: Array<{ glyphID: number; pos: number }> } | null
    _getMetrics(): { leftBearing: number }
    advanceWidth: number
  }
  _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array }
  loca: { offsets: number[] }
}
interface TtfSubsetInternals {
  includeGlyph(gid: number): number
  glyf: Uint8Array[]
  loca: { offsets: number[] }
  hmtx: { metrics: Array<{ advance: number; bearing: number }> }
  offset: number
}

type Subset = ReturnType<Font['createSubset']>
interface EncodeSink {
  push(chunk: Uint8Array | null): boolean
  end(): void
}
/** restructure's EncodeStream class, taken from the one stream fontkit makes (it is not exported). */
let EncodeStreamClass: (new () => EncodeSink) | null = null

/**
 * Encodes a subset without fontkit's stream machinery. With `cache`, a subset of the same glyph ids
 * in the same order (the encoding depends on nothing else) is encoded and deflated once and its bytes
 * reused: every document starts its subsets with the same characters (SUBSET_BASE in pdf-kit.ts), so
 * most documents carry a byte-identical font.
 */
function syncEncode(subset: Subset, cache: Map<string, Uint8Array> | null): { on(event: string, listener: (arg?: Uint8Array) => void): unknown } {
  const key = cache && (subset as unknown as { glyphs: number[] }).glyphs.join(',')
  let bytes = key !== null ? cache!.get(key) : undefined
  if (bytes) {
    // Most recently used last: the shared base subset is never the one evicted.
    cache!.delete(key!)
    cache!.set(key!, bytes)
  } else {
    bytes = encodeNow(subset)
    if (key !== null) {
      if (cache!.size >= ENCODED_KEPT) cache!.delete(cache!.keys().next().value!)
      cache!.set(key, bytes)
      deflateOnce(bytes)
    }
  }
  const out = bytes
  const listeners = {
    on(event: string, listener: (arg?: Uint8Array) => void) {
      if (event === 'data') queueMicrotask(() => listener(out))
      else if (event === 'end') queueMicrotask(() => listener())
      return listeners
    },
  }
  return listeners
}

function encodeNow(subset: Subset): Uint8Array {
  if (!EncodeStreamClass) {
    const probe = Object.getPrototypeOf(subset) as { encodeStream(this: Subset): EncodeSink }
    // The probe stream's deferred encode of an empty subset is harmless.
    EncodeStreamClass = probe.encodeStream.call(font0(subset)).constructor as new () => EncodeSink
  }
  const stream = new EncodeStreamClass()
  const parts: Uint8Array[] = []
  // Collect what the encoder pushes instead of going through the stream machinery.
  stream.push = (chunk) => {
    if (chunk) parts.push(chunk)
    return true
  }
  ;(subset as unknown as { encode(s: EncodeSink): void }).encode(stream)
  stream.end()
  return parts.length === 1 ? parts[0] : Buffer.concat(parts)
}

/** A fresh, empty subset of the same font (for taking the stream class without touching a real one). */
const font0 = (subset: Subset): Subset => (subset as unknown as { font: Font }).font.createSubset()

export const fastFontkit = {
  create(data: Uint8Array, postscriptName?: string): Font {
    let font = parsed.get(data)
    if (!font) parsed.set(data, (font = fastFont(fontkit.create(data as Buffer, postscriptName))))
    return font
  },
} as unknown as typeof fontkit
