// A small A4 layout kit over pdf-lib: embedded DejaVu fonts (Polish letters), the office's header
// and footer on every page, wrapped text, key/value blocks and tables that break across pages.
// Every printable document (letters, forms, invoices, exports) is built with it.
import { beginText, endText, moveText, PDFDocument, popGraphicsState, pushGraphicsState, rgb, setFillingColor, setFontAndSize, showText, type PDFFont, type PDFName, type PDFPage } from 'pdf-lib'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { OfficeSettings } from '../../shared/api/types'
import { formatAddressLine } from '../../shared/domain/customer-format'
import { formatNrb } from '../../shared/validation/identifiers'
import { useNativeDeflate } from './fast-deflate'

export const A4: [number, number] = [595.28, 841.89]
export const MM = 72 / 25.4
const MARGIN = 20 * MM
const HEADER_HEIGHT = 22 * MM
const FOOTER_HEIGHT = 16 * MM
const INK = rgb(0.1, 0.1, 0.12)
const MUTED = rgb(0.38, 0.38, 0.42)
const RULE = rgb(0.75, 0.75, 0.78)

/**
 * The characters every document's font subsets start with, in this order: printable ASCII, the Polish
 * letters and the symbols the documents print (dashes, ×, m³, the spaces in amounts). pdf-lib numbers
 * a subset's glyphs in order of first use, so a subset depended on the order of the document's text
 * (an invoice starts with the buyer's name) and every PDF's fonts were encoded and deflated anew:
 * half of an invoice's CPU. Starting from the same glyphs, a document whose text stays within them
 * carries byte-identical fonts, encoded and deflated once per process (fast-fontkit.ts); a character
 * outside them is added after them, as before, and that document's fonts are encoded on their own.
 * The price, the whole set's glyphs in every document, is paid back by embedding them without hinting
 * (fast-fontkit.ts): an invoice is 23 KB, 28 KB before both changes.
 */
export const SUBSET_BASE = `${Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('')}ĄĆĘŁŃÓŚŹŻąćęłńóśźż–—×³·„”§°\u00a0\u202f`

export interface FontFiles {
  regular: Uint8Array
  bold: Uint8Array
}

let cachedFonts: FontFiles | null = null
/** The TTF bytes are read once per process; WOFF2 is avoided on purpose (see TOOLCHAIN.md). */
export function loadFontFiles(resourcesDir: string): FontFiles {
  cachedFonts ??= {
    regular: readFileSync(join(resourcesDir, 'fonts', 'DejaVuSans.ttf')),
    bold: readFileSync(join(resourcesDir, 'fonts', 'DejaVuSans-Bold.ttf')),
  }
  return cachedFonts
}

let fastFontkit: Promise<typeof import('./fast-fontkit')['fastFontkit']> | null = null
/** Imported once: a dynamic import per document went through the module loader each time. */
const loadFastFontkit = () => (fastFontkit ??= import('./fast-fontkit').then((m) => m.fastFontkit))

/** What pdf-lib's drawText cleans (tabs, control characters) or splits lines on. */
const NOT_PLAIN = /[\t\n\v\f\r\b\u0085\u2028\u2029]/
/** Each page's resource name of each font. */
const fontKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>()

export interface Column {
  header: string
  /** Share of the usable width (the shares of all columns are normalised). */
  width: number
  align?: 'left' | 'right'
}

export interface TextOptions {
  size?: number
  bold?: boolean
  color?: ReturnType<typeof rgb>
  gapAfter?: number
}

export class PdfBuilder {
  private page!: PDFPage
  private y = 0
  private readonly pages: PDFPage[] = []
  /** Index of the first page of each section (a batch of letters or invoices in one file). */
  private readonly sectionStarts: number[] = [0]
  /** The office printed in the header and footer, from the page where a section starts. */
  private readonly sectionOffices = new Map<number, OfficeSettings | null>()

  private constructor(
    readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
    private office: OfficeSettings | null,
    private readonly title: string,
  ) {
    this.sectionOffices.set(0, office)
    this.newPage()
  }

  static async create(fonts: FontFiles, options: { title: string; office: OfficeSettings | null; fontkit?: Parameters<PDFDocument['registerFontkit']>[0] }): Promise<PdfBuilder> {
    useNativeDeflate()
    const doc = await PDFDocument.create()
    // Fonts parsed once per process, cheap text layout: see fast-fontkit.ts (another fontkit only for benchmarks).
    // Loaded with the first PDF, not at every start: fontkit decompresses its Unicode tables as it
    // loads, which delayed browser mode's first page by a third of a second (issue 10).
    doc.registerFontkit(options.fontkit ?? (await loadFastFontkit()))
    // The viewer's tab shows the document's title (a browser-mode preview would show a blob id).
    doc.setTitle(options.title, { showInWindowTitleBar: true })
    doc.setLanguage('pl-PL')
    doc.setProducer('ibok-desk')
    doc.setCreator(options.office?.name ?? 'ibok-desk')
    const regular = await doc.embedFont(fonts.regular, { subset: true })
    const bold = await doc.embedFont(fonts.bold, { subset: true })
    regular.encodeText(SUBSET_BASE)
    bold.encodeText(SUBSET_BASE)
    return new PdfBuilder(doc, regular, bold, options.office, options.title)
  }

  /**
   * One run of text, as pdf-lib's drawText draws it (the same operators but the text matrix: a move)
   * without what made drawText a third of an invoice's CPU: a fresh font resource name on the page at
   * every call (~85 a page), argument checks, line splitting. The page's name for each font is made
   * once. Text with a tab, a line break or a control character goes through drawText, which cleans it.
   */
  static showText(page: PDFPage, text: string, options: { x: number; y: number; size: number; font: PDFFont; color: ReturnType<typeof rgb> }): void {
    if (NOT_PLAIN.test(text)) {
      page.drawText(text, options)
      return
    }
    let keys = fontKeys.get(page)
    if (!keys) fontKeys.set(page, (keys = new Map()))
    let key = keys.get(options.font)
    if (!key) keys.set(options.font, (key = page.node.newFontDictionary(options.font.name, options.font.ref)))
    page.pushOperators(
      pushGraphicsState(),
      beginText(),
      setFillingColor(options.color),
      setFontAndSize(key, options.size),
      moveText(options.x, options.y),
      showText(options.font.encodeText(text)),
      endText(),
      popGraphicsState(),
    )
  }

  get usableWidth(): number {
    return A4[0] - 2 * MARGIN
  }

  private newPage(): void {
    this.page = this.doc.addPage(A4)
    this.pages.push(this.page)
    this.y = A4[1] - MARGIN - (this.office ? HEADER_HEIGHT : 0)
    if (this.office) this.drawHeader()
  }

  private drawHeader(): void {
    const o = this.office!
    const top = A4[1] - MARGIN
    PdfBuilder.showText(this.page, o.name, { x: MARGIN, y: top - 9, size: 9, font: this.bold, color: INK })
    PdfBuilder.showText(this.page, `${formatAddressLine(o.address)} · NIP ${o.nip}`, { x: MARGIN, y: top - 20, size: 8, font: this.regular, color: MUTED })
    const contact = [o.phone && `tel. ${o.phone}`, o.email].filter(Boolean).join(' · ')
    if (contact) PdfBuilder.showText(this.page, contact, { x: MARGIN, y: top - 30, size: 8, font: this.regular, color: MUTED })
    this.page.drawLine({ start: { x: MARGIN, y: top - HEADER_HEIGHT + 18 }, end: { x: A4[0] - MARGIN, y: top - HEADER_HEIGHT + 18 }, thickness: 0.5, color: RULE })
  }

  /** Makes room for `height` points, starting a new page when the current one is full. */
  ensure(height: number): void {
    if (this.y - height < MARGIN + FOOTER_HEIGHT) this.newPage()
  }

  /** Wraps text to a width; keeps words whole unless one is longer than the line. */
  wrap(text: string, width: number, size: number, bold = false): string[] {
    const font = bold ? this.bold : this.regular
    const lines: string[] = []
    for (const paragraph of text.split('\n')) {
      let line = ''
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        const candidate = line ? `${line} ${word}` : word
        if (font.widthOfTextAtSize(candidate, size) <= width) line = candidate
        else {
          if (line) lines.push(line)
          line = word
          while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
            let cut = line.length - 1
            while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut--
            lines.push(line.slice(0, cut))
            line = line.slice(cut)
          }
        }
      }
      lines.push(line)
    }
    return lines
  }

  text(text: string, options: TextOptions = {}): this {
    const size = options.size ?? 10
    const font = options.bold ? this.bold : this.regular
    for (const line of this.wrap(text, this.usableWidth, size, options.bold)) {
      this.ensure(size * 1.4)
      this.y -= size * 1.25
      PdfBuilder.showText(this.page, line, { x: MARGIN, y: this.y, size, font, color: options.color ?? INK })
      this.y -= size * 0.15
    }
    this.y -= options.gapAfter ?? 4
    return this
  }

  heading(text: string, size = 14): this {
    this.ensure(size * 3)
    this.y -= 4
    return this.text(text, { size, bold: true, gapAfter: 6 })
  }

  spacer(points: number): this {
    this.y -= points
    return this
  }

  /** Label/value pairs in two columns; long values wrap. */
  keyValues(pairs: Array<[string, string]>, labelShare = 0.32): this {
    const size = 9.5
    const labelWidth = this.usableWidth * labelShare
    for (const [label, value] of pairs) {
      const lines = this.wrap(value || '—', this.usableWidth - labelWidth - 6, size)
      this.ensure(lines.length * size * 1.4 + 2)
      PdfBuilder.showText(this.page, label, { x: MARGIN, y: this.y - size * 1.25, size, font: this.regular, color: MUTED })
      for (const line of lines) {
        this.y -= size * 1.25
        PdfBuilder.showText(this.page, line, { x: MARGIN + labelWidth, y: this.y, size, font: this.regular, color: INK })
        this.y -= size * 0.15
      }
      this.y -= 2
    }
    this.y -= 4
    return this
  }

  /** A table with a header row repeated on every page it spans. */
  table(columns: Column[], rows: string[][], size = 8.5): this {
    const total = columns.reduce((sum, c) => sum + c.width, 0)
    const widths = columns.map((c) => (c.width / total) * this.usableWidth)
    const drawRow = (cells: string[], font: PDFFont, color = INK) => {
      const wrapped = cells.map((cell, i) => this.wrap(cell ?? '', widths[i] - 4, size, font === this.bold))
      const height = Math.max(...wrapped.map((w) => w.length)) * size * 1.3 + 3
      return { wrapped, height, font, color }
    }
    const header = drawRow(columns.map((c) => c.header), this.bold)
    const paint = (row: ReturnType<typeof drawRow>) => {
      let x = MARGIN
      row.wrapped.forEach((lines, i) => {
        lines.forEach((line, li) => {
          const w = row.font.widthOfTextAtSize(line, size)
          const lx = columns[i].align === 'right' ? x + widths[i] - 2 - w : x + 2
          PdfBuilder.showText(this.page, line, { x: lx, y: this.y - size * 1.15 - li * size * 1.3, size, font: row.font, color: row.color })
        })
        x += widths[i]
      })
      this.y -= row.height
      this.page.drawLine({ start: { x: MARGIN, y: this.y + 1 }, end: { x: MARGIN + this.usableWidth, y: this.y + 1 }, thickness: 0.3, color: RULE })
    }
    this.ensure(header.height * 2)
    paint(header)
    for (const cells of rows) {
      const row = drawRow(cells, this.regular)
      if (this.y - row.height < MARGIN + FOOTER_HEIGHT) {
        this.newPage()
        paint(header)
      }
      paint(row)
    }
    this.y -= 8
    return this
  }

  /**
   * Free drawing for layouts the helpers do not cover (form boxes, checkboxes, signature lines):
   * reserves `height` points (on a new page if this one is full), calls `draw` with the page, the
   * left edge, the top of the band, the usable width and the fonts, then moves below the band.
   */
  block(height: number, draw: (band: { page: PDFPage; x: number; top: number; width: number; regular: PDFFont; bold: PDFFont }) => void): this {
    this.ensure(height)
    draw({ page: this.page, x: MARGIN, top: this.y, width: this.usableWidth, regular: this.regular, bold: this.bold })
    this.y -= height
    return this
  }

  /** Points left on the current page above the footer. */
  get remaining(): number {
    return this.y - MARGIN - FOOTER_HEIGHT
  }

  /** Recipient block placed in the window of a DL/C5 envelope (left window, 20 mm × 45 mm from the corner). */
  addressWindow(lines: string[]): this {
    const top = A4[1] - 45 * MM
    lines.forEach((line, i) => PdfBuilder.showText(this.page, line, { x: 20 * MM, y: top - i * 13, size: 11, font: i === 0 ? this.bold : this.regular, color: INK }))
    this.y = Math.min(this.y, top - lines.length * 13 - 20 * MM)
    return this
  }

  /**
   * Starts a new document within the same file (e.g. the next invoice of a print batch) on a new
   * page, with its own header data and "Strona i z n" numbering; the fonts stay embedded once.
   */
  startSection(office: OfficeSettings | null = this.office): this {
    this.office = office
    this.sectionStarts.push(this.pages.length)
    this.newPage()
    this.sectionOffices.set(this.pages.length - 1, office)
    return this
  }

  get pageCount(): number {
    return this.pages.length
  }

  async save(): Promise<Uint8Array> {
    const starts = this.sectionStarts
    let office = this.sectionOffices.get(0) ?? null
    let section = 0
    this.pages.forEach((page, i) => {
      if (this.sectionOffices.has(i)) office = this.sectionOffices.get(i)!
      while (section + 1 < starts.length && starts[section + 1] <= i) section++
      const first = starts[section]
      const count = (starts[section + 1] ?? this.pages.length) - first
      const y = MARGIN
      const left = office ? `${office.bankName}: ${formatNrb(office.bankAccount)}` : this.title
      PdfBuilder.showText(page, left, { x: MARGIN, y, size: 7.5, font: this.regular, color: MUTED })
      const pageNo = `Strona ${i - first + 1} z ${count}`
      PdfBuilder.showText(page, pageNo, { x: A4[0] - MARGIN - this.regular.widthOfTextAtSize(pageNo, 7.5), y, size: 7.5, font: this.regular, color: MUTED })
    })
    return this.doc.save()
  }
}
