// Building blocks of printed office forms on top of PdfBuilder: labelled boxes to fill in by
// hand (or pre-filled from the customer's data), checkboxes with their statement, signature
// lines and the "filled in by the office" box. Used by every form the counter prints.
import { rgb } from 'pdf-lib'
import type { PdfBuilder } from './pdf-kit'

const INK = rgb(0.1, 0.1, 0.12)
const MUTED = rgb(0.38, 0.38, 0.42)
const LINE = rgb(0.55, 0.55, 0.6)
const SHADE = rgb(0.93, 0.94, 0.96)
/** Pre-filled values in a dark blue, as if typed onto the form: the clerk sees what was filled in. */
const FILLED = rgb(0.05, 0.15, 0.45)

export interface FormField {
  label: string
  /** Null/undefined: an empty box to fill in by hand. */
  value?: string | null
  /** Share of the row's width (normalised). */
  share?: number
}

/** A shaded section heading, e.g. "1. Dane klienta". */
export function formSection(pdf: PdfBuilder, title: string): PdfBuilder {
  return pdf.spacer(2).block(17, ({ page, x, top, width, bold }) => {
    page.drawRectangle({ x, y: top - 15, width, height: 15, color: SHADE })
    page.drawText(title, { x: x + 4, y: top - 11, size: 9.5, font: bold, color: INK })
  })
}

/** One row of labelled boxes side by side. */
export function formFields(pdf: PdfBuilder, fields: FormField[], height = 27): PdfBuilder {
  const total = fields.reduce((sum, f) => sum + (f.share ?? 1), 0)
  return pdf.block(height + 3, ({ page, x, top, width, regular }) => {
    let left = x
    for (const f of fields) {
      const w = ((f.share ?? 1) / total) * width
      page.drawRectangle({ x: left, y: top - height, width: w - 3, height, borderColor: LINE, borderWidth: 0.6 })
      let labelSize = 6.8
      while (labelSize > 5 && regular.widthOfTextAtSize(f.label, labelSize) > w - 8) labelSize -= 0.2
      page.drawText(f.label, { x: left + 3, y: top - 8.5, size: labelSize, font: regular, color: MUTED })
      if (f.value) {
        let size = 10.5
        while (size > 6.5 && regular.widthOfTextAtSize(f.value, size) > w - 10) size -= 0.5
        page.drawText(f.value, { x: left + 4, y: top - height + 6, size, font: regular, color: FILLED })
      }
      left += w
    }
  })
}

/** A checkbox with its statement; `checked` null leaves it empty for the customer to tick. */
export function formCheck(pdf: PdfBuilder, checked: boolean | null, statement: string, size = 8.8): PdfBuilder {
  const indent = 18
  const lines = pdf.wrap(statement, pdf.usableWidth - indent, size)
  const height = Math.max(14, lines.length * size * 1.3 + 5)
  return pdf.block(height, ({ page, x, top, regular, bold }) => {
    page.drawRectangle({ x, y: top - 11.5, width: 10, height: 10, borderColor: INK, borderWidth: 0.8 })
    if (checked) page.drawText('X', { x: x + 2.2, y: top - 9.6, size: 9, font: bold, color: FILLED })
    lines.forEach((line, i) => page.drawText(line, { x: x + indent, y: top - 9 - i * size * 1.3, size, font: regular, color: INK }))
  })
}

/** Several short checkboxes side by side (e.g. the scope of an acceptance), `columns` per row. */
export function formCheckGrid(pdf: PdfBuilder, items: { checked: boolean | null; label: string }[], columns = 2, size = 8.8): PdfBuilder {
  for (let i = 0; i < items.length; i += columns) {
    const row = items.slice(i, i + columns)
    pdf.block(15, ({ page, x, top, width, regular, bold }) => {
      row.forEach((item, k) => {
        const left = x + (k * width) / columns
        page.drawRectangle({ x: left, y: top - 11.5, width: 10, height: 10, borderColor: INK, borderWidth: 0.8 })
        if (item.checked) page.drawText('X', { x: left + 2.2, y: top - 9.6, size: 9, font: bold, color: FILLED })
        page.drawText(item.label, { x: left + 18, y: top - 9, size, font: regular, color: INK })
      })
    })
  }
  return pdf
}

/** Lines to sign on, with captions under them (e.g. place and date, legible signature). */
export function formSignatures(pdf: PdfBuilder, captions: string[], values: (string | null)[] = [], height = 44): PdfBuilder {
  return pdf.block(height, ({ page, x, top, width, regular }) => {
    const gap = 24
    const w = (width - gap * (captions.length - 1)) / captions.length
    captions.forEach((caption, i) => {
      const left = x + i * (w + gap)
      const lineY = top - height + 14
      page.drawLine({ start: { x: left, y: lineY }, end: { x: left + w, y: lineY }, thickness: 0.6, color: INK, dashArray: [1.5, 1.5] })
      page.drawText(caption, { x: left, y: lineY - 9, size: 7, font: regular, color: MUTED })
      const value = values[i]
      if (value) page.drawText(value, { x: left + 2, y: lineY + 4, size: 10, font: regular, color: FILLED })
    })
  })
}

/** The box the office fills in when it receives the form. */
export function formOfficeUse(pdf: PdfBuilder, fields: FormField[]): PdfBuilder {
  pdf.spacer(6)
  pdf.block(12, ({ page, x, top, regular }) => page.drawText('WYPEŁNIA PRZEDSIĘBIORSTWO', { x, y: top - 9, size: 7.5, font: regular, color: MUTED }))
  return formFields(pdf, fields, 26)
}

/** Small print under a form: the form's code and the versions of the texts printed on it. */
export function formFootnote(pdf: PdfBuilder, text: string): PdfBuilder {
  return pdf.spacer(4).text(text, { size: 7, color: MUTED })
}

/** The form's title block: a code at the right ("F-IBOK-01"), the title, its second line, and an optional note. */
export function formTitle(pdf: PdfBuilder, code: string, title: string, subtitle: string, note?: string): PdfBuilder {
  pdf.block(10, ({ page, x, width, top, regular }) => {
    const w = regular.widthOfTextAtSize(code, 7.5)
    page.drawText(code, { x: x + width - w, y: top - 8, size: 7.5, font: regular, color: MUTED })
  })
  pdf.text(title, { size: 14, bold: true, gapAfter: 0 })
  pdf.text(subtitle, { size: 11, bold: true, gapAfter: note ? 1 : 6 })
  if (note) pdf.text(note, { size: 8.5, color: MUTED, gapAfter: 6 })
  return pdf
}
