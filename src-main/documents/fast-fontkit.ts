// A fontkit for pdf-lib that makes many documents cheap: each TTF is parsed once per process (not
// once per document), and text layout is a per-character glyph lookup instead of OpenType shaping.
// pdf-lib only reads glyph ids, advance widths and code points from a layout (it never draws
// kerning or positions), so shaping cost time and bought nothing for Polish text; it also turned
// "fi" into a ligature glyph that pdftotext reads back badly. Text is NFC-normalised first, so a
// decomposed "ó" (o + combining accent) still maps to the one precomposed glyph.
import fontkit from '@pdf-lib/fontkit'

type Font = ReturnType<typeof fontkit.create>
type Glyph = ReturnType<Font['glyphForCodePoint']>

const parsed = new Map<Uint8Array, Font>()

function fastFont(font: Font): Font {
  const glyphs = new Map<number, Glyph>()
  const layouts = new Map<string, { glyphs: Glyph[] }>()
  const glyphFor = (codePoint: number): Glyph => {
    let g = glyphs.get(codePoint)
    if (!g) glyphs.set(codePoint, (g = font.glyphForCodePoint(codePoint)))
    return g
  }
  const fast = Object.create(font) as Font
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

export const fastFontkit = {
  create(data: Uint8Array, postscriptName?: string): Font {
    let font = parsed.get(data)
    if (!font) parsed.set(data, (font = fastFont(fontkit.create(data as Buffer, postscriptName))))
    return font
  },
} as unknown as typeof fontkit
