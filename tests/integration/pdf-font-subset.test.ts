// Invoice PDFs embed font subsets that start with the same glyphs (SUBSET_BASE in pdf-kit.ts), so the
// fonts of two invoices whose text stays within them are byte-identical (encoded and deflated once per
// process: the cost of a run's PDFs halves), whatever letter each buyer's name starts with; a letter
// outside the base still prints and reads back, in a font of its own. The glyphs carry no hinting
// instructions (half of the font data; fast-fontkit.ts).
import { describe, expect, it } from 'vitest'
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib'
import { findResourcesDir } from '../../src-main/platform/paths'
import { renderInvoicePdf, type PrintableInvoice } from '../../src-main/documents/invoice-pdf'
import { loadFontFiles } from '../../src-main/documents/pdf-kit'
import { pdfText } from '../support/documents'
import { PRINT_OFFICE, sampleInvoice } from '../support/invoices'

const office = PRINT_OFFICE
const fonts = loadFontFiles(findResourcesDir())

function invoice(buyerName: string, no: number): PrintableInvoice {
  const address = { street: 'Partyzantów', houseNo: String(no), flatNo: null, postalCode: '22-400', city: 'Zamość' }
  const lines = [{ name: 'Dostawa wody', unit: 'm³', quantity: 7, unitNet: 355, vatBasisPoints: 800 }]
  return sampleInvoice({ no, lines, buyer: { kind: 'person', name: buyerName, nip: null }, address }, office)
}

/** The embedded font programs (FontFile2 streams, as stored) of a PDF, in object order. */
async function fontPrograms(bytes: Uint8Array): Promise<Buffer[]> {
  const doc = await PDFDocument.load(bytes)
  const out: Buffer[] = []
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.get(PDFName.of('Type')) !== PDFName.of('FontDescriptor')) continue
    const stream = doc.context.lookup(obj.get(PDFName.of('FontFile2')) as PDFRef)
    if (stream instanceof PDFRawStream) out.push(Buffer.from(stream.contents))
  }
  return out
}

describe('invoice PDF fonts', () => {
  it('are byte-identical for buyers whose names start differently, and a letter outside the base still reads back', async () => {
    const a = await renderInvoicePdf(fonts, office, invoice('Żaneta Wiśniewska', 1))
    const b = await renderInvoicePdf(fonts, office, invoice('Xawery Ćwikła', 2))
    const c = await renderInvoicePdf(fonts, office, invoice('Jürgen Müller', 3))
    const [fa, fb, fc] = await Promise.all([fontPrograms(a.bytes), fontPrograms(b.bytes), fontPrograms(c.bytes)])
    expect(fa).toHaveLength(2)
    expect(fb).toEqual(fa)
    // "ü" is outside the base: that document's regular and bold fonts carry it as well.
    expect(fc).toHaveLength(2)
    expect(fc[0].equals(fa[0]) && fc[1].equals(fa[1])).toBe(false)
    expect(pdfText(a.bytes)).toContain('Żaneta Wiśniewska')
    expect(pdfText(b.bytes)).toContain('Xawery Ćwikła')
    expect(pdfText(c.bytes)).toContain('Jürgen Müller')
    expect(pdfText(c.bytes)).toContain('Do zapłaty')
  })

  it('carry the outlines without hinting instructions: both fonts of an invoice under 20 KB (31 KB with them)', async () => {
    const { bytes } = await renderInvoicePdf(fonts, office, invoice('Żaneta Wiśniewska', 4))
    const programs = await fontPrograms(bytes)
    expect(programs).toHaveLength(2)
    expect(programs.reduce((sum, p) => sum + p.length, 0)).toBeLessThan(20_000)
    expect(pdfText(bytes)).toContain('Żaneta Wiśniewska')
  })
})
