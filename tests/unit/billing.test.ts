// Invoice arithmetic: VAT per rate on the sum of nets (rounded once), totals equal to the sum of
// their parts, correction lines with negative amounts.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeInvoice, lineNet, vatOf, type InvoiceLineInput } from '../../shared/domain/billing'

const line = (name: string, quantity: number, unitNet: number, vatBasisPoints = 800, unit = 'm³'): InvoiceLineInput => ({ name, unit, quantity, unitNet, vatBasisPoints })

describe('vatOf', () => {
  it('takes the rate in basis points and rounds to a whole grosz', () => {
    expect(vatOf(10_000, 800)).toBe(800)
    expect(vatOf(2422, 800)).toBe(194) // 193.76
    expect(vatOf(1006, 800)).toBe(80) // 80.48
    expect(vatOf(0, 800)).toBe(0)
    expect(vatOf(12_345, 0)).toBe(0)
  })

  it('rounds half a grosz away from zero, the same for corrections', () => {
    // 50 gr at 23% = 11.5 gr exactly (8% never lands on a half).
    expect(vatOf(50, 2300)).toBe(12)
    expect(vatOf(-50, 2300)).toBe(-12)
    expect(vatOf(-1006, 800)).toBe(-80)
  })

  it('is exact for large amounts (no floating-point drift)', () => {
    expect(vatOf(9_007_199_254_740, 2300)).toBe(2_071_655_828_590) // 2 071 655 828 590.2
    expect(vatOf(150, 2300)).toBe(35) // 34.5 → 35
  })
})

describe('computeInvoice', () => {
  it('computes VAT on the sum of the nets of a rate, not as a sum of rounded line taxes', () => {
    // Each line's tax would be 80.48 gr → 80, giving 160; on the sum (2012 gr) it is 160.96 → 161.
    const lines = [line('Woda', 2, 503), line('Ścieki', 2, 503)]
    const invoice = computeInvoice(lines)
    const sumOfRoundedLineTaxes = invoice.lines.reduce((s, l) => s + vatOf(l.net, l.vatBasisPoints), 0)
    expect(sumOfRoundedLineTaxes).toBe(160)
    expect(invoice.vat).toBe(161)
    expect(invoice.byRate).toEqual([{ vatBasisPoints: 800, net: 2012, vat: 161, gross: 2173 }])
    expect(invoice).toMatchObject({ net: 2012, vat: 161, gross: 2173 })
  })

  it('prices a water invoice line by line: net = quantity × unit net price', () => {
    const invoice = computeInvoice([line('Woda', 7, 346), line('Ścieki', 7, 446), line('Abonament', 1, 1190, 800, 'okres')])
    expect(invoice.lines.map((l) => [l.position, l.name, l.net])).toEqual([
      [1, 'Woda', 2422],
      [2, 'Ścieki', 3122],
      [3, 'Abonament', 1190],
    ])
    expect(invoice).toMatchObject({ net: 6734, vat: 539, gross: 7273 })
  })

  it('keeps one total per rate, highest rate first, and adds them up', () => {
    const invoice = computeInvoice([line('Woda', 10, 355), line('Usługa', 1, 10_000, 2300, 'szt.'), line('Ścieki', 10, 460), line('Zwolnione', 1, 500, 0, 'szt.')])
    expect(invoice.byRate).toEqual([
      { vatBasisPoints: 2300, net: 10_000, vat: 2300, gross: 12_300 },
      { vatBasisPoints: 800, net: 8150, vat: 652, gross: 8802 },
      { vatBasisPoints: 0, net: 500, vat: 0, gross: 500 },
    ])
    expect(invoice).toMatchObject({ net: 18_650, vat: 2952, gross: 21_602 })
  })

  it('handles correction lines with negative quantities', () => {
    // Correction of a reading: 3 m³ of water and sewage too many were billed.
    const correction = computeInvoice([line('Woda', -3, 346), line('Ścieki', -3, 446)])
    expect(correction.lines.map((l) => l.net)).toEqual([-1038, -1338])
    expect(correction).toMatchObject({ net: -2376, vat: -190, gross: -2566 }) // −190.08
    // A correction that also adds something nets the rate first: −2376 + 1190 = −1186 → −94.88 → −95.
    const mixed = computeInvoice([line('Woda', -3, 346), line('Ścieki', -3, 446), line('Abonament', 1, 1190, 800, 'okres')])
    expect(mixed).toMatchObject({ net: -1186, vat: -95, gross: -1281 })
  })

  it('an empty invoice is all zeros', () => {
    expect(computeInvoice([])).toEqual({ lines: [], byRate: [], net: 0, vat: 0, gross: 0 })
  })

  it('refuses fractional quantities or prices: money is whole grosze', () => {
    expect(() => lineNet(1.5, 346)).toThrow(RangeError)
    expect(() => computeInvoice([line('Woda', 2, 345.5)])).toThrow(RangeError)
  })

  it('totals always equal the sum of their parts (property)', () => {
    const lineArb = fc.record({
      name: fc.constantFrom('Woda', 'Ścieki', 'Abonament', 'Korekta'),
      unit: fc.constantFrom('m³', 'okres'),
      quantity: fc.integer({ min: -2000, max: 5000 }),
      unitNet: fc.integer({ min: 0, max: 200_000 }),
      vatBasisPoints: fc.constantFrom(0, 500, 800, 2300),
    })
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 12 }), (lines) => {
        const invoice = computeInvoice(lines)
        const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0)
        invoice.lines.forEach((l, i) => {
          expect(l.position).toBe(i + 1)
          expect(l.net).toBe(lines[i].quantity * lines[i].unitNet)
        })
        expect(invoice.net).toBe(sum(invoice.lines.map((l) => l.net)))
        expect(invoice.net).toBe(sum(invoice.byRate.map((r) => r.net)))
        expect(invoice.vat).toBe(sum(invoice.byRate.map((r) => r.vat)))
        expect(invoice.gross).toBe(invoice.net + invoice.vat)
        expect(invoice.gross).toBe(sum(invoice.byRate.map((r) => r.gross)))
        expect(new Set(invoice.byRate.map((r) => r.vatBasisPoints)).size).toBe(invoice.byRate.length)
        for (const rate of invoice.byRate) {
          expect(rate.net).toBe(sum(invoice.lines.filter((l) => l.vatBasisPoints === rate.vatBasisPoints).map((l) => l.net)))
          // Rounded once: within half a grosz of the exact tax on the rate's net.
          expect(Math.abs(rate.vat - (rate.net * rate.vatBasisPoints) / 10_000)).toBeLessThanOrEqual(0.5)
          expect(rate.gross).toBe(rate.net + rate.vat)
        }
      }),
      { numRuns: 500 },
    )
  })
})
