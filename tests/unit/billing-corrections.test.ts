// Issuing rules on top of the invoice arithmetic: corrections as "after − before" per rate (each
// state's VAT rounded once per rate), m³ split over price periods, invoice numbers.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeCorrection, computeInvoice, formatInvoiceNumber, formatVatRate, splitQuantity, type InvoiceLineInput } from '../../shared/domain/billing'

const line = (name: string, quantity: number, unitNet: number, vatBasisPoints = 800, unit = 'm³'): InvoiceLineInput => ({ name, unit, quantity, unitNet, vatBasisPoints })

describe('computeCorrection', () => {
  it('charges the difference per rate, each state rounded once per rate', () => {
    // Billed 12 m³ on a misread meter; really 9 m³.
    const before = [line('Dostawa wody', 12, 355), line('Odprowadzanie ścieków', 12, 460), line('Opłata abonamentowa', 1, 1230, 800, 'okres')]
    const after = [line('Dostawa wody', 9, 355), line('Odprowadzanie ścieków', 9, 460), line('Opłata abonamentowa', 1, 1230, 800, 'okres')]
    const c = computeCorrection(before, after)
    expect(c.before).toMatchObject({ net: 11_010, vat: 881, gross: 11_891 }) // 880.8 → 881
    expect(c.after).toMatchObject({ net: 8565, vat: 685, gross: 9250 }) // 685.2 → 685
    expect(c.byRate).toEqual([
      { vatBasisPoints: 800, before: { vatBasisPoints: 800, net: 11_010, vat: 881, gross: 11_891 }, after: { vatBasisPoints: 800, net: 8565, vat: 685, gross: 9250 }, net: -2445, vat: -196, gross: -2641 },
    ])
    expect(c).toMatchObject({ net: -2445, vat: -196, gross: -2641 })
  })

  it('takes the VAT difference of the two rounded states, not the VAT of the net difference', () => {
    // 2012 gr → 160.96 → 161; 1006 gr → 80.48 → 80. VAT of the −1006 difference would be −80.
    const c = computeCorrection([line('Dostawa wody', 4, 503)], [line('Dostawa wody', 2, 503)])
    expect(c).toMatchObject({ net: -1006, vat: -81, gross: -1087 })
  })

  it('keeps a rate that disappears or appears in the correction', () => {
    const c = computeCorrection([line('Woda', 10, 355), line('Usługa', 1, 5000, 2300, 'szt.')], [line('Woda', 10, 355)])
    expect(c.byRate.map((r) => [r.vatBasisPoints, r.net, r.vat])).toEqual([
      [2300, -5000, -1150],
      [800, 0, 0],
    ])
    expect(c.gross).toBe(-6150)
  })

  it('the difference always equals after − before, rate by rate and in total (property)', () => {
    const lineArb = fc.record({
      name: fc.constantFrom('Dostawa wody', 'Odprowadzanie ścieków', 'Opłata abonamentowa'),
      unit: fc.constantFrom('m³', 'okres'),
      quantity: fc.integer({ min: 0, max: 3000 }),
      unitNet: fc.integer({ min: 0, max: 100_000 }),
      vatBasisPoints: fc.constantFrom(500, 800, 2300),
    })
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 6 }), fc.array(lineArb, { maxLength: 6 }), (before, after) => {
        const c = computeCorrection(before, after)
        const b = computeInvoice(before)
        const a = computeInvoice(after)
        expect(c.net).toBe(a.net - b.net)
        expect(c.vat).toBe(a.vat - b.vat)
        expect(c.gross).toBe(a.gross - b.gross)
        expect(c.gross).toBe(c.net + c.vat)
        expect(c.byRate.reduce((s, r) => s + r.vat, 0)).toBe(c.vat)
        for (const r of c.byRate) {
          expect(r.net).toBe(r.after.net - r.before.net)
          expect(r.vat).toBe(r.after.vat - r.before.vat)
        }
      }),
      { numRuns: 300 },
    )
  })
})

describe('splitQuantity', () => {
  it('splits m³ over the days each price was valid, by the largest remainder', () => {
    // 10 m³ over December (31 days) and January (31 days) of a two-month period.
    expect(splitQuantity(10, [31, 31])).toEqual([5, 5])
    expect(splitQuantity(11, [31, 31])).toEqual([6, 5]) // a tie goes to the earlier part
    expect(splitQuantity(7, [10, 51])).toEqual([1, 6]) // 1.15 / 5.85
    expect(splitQuantity(0, [30, 31])).toEqual([0, 0])
    expect(splitQuantity(-5, [1, 1])).toEqual([-3, -2])
  })

  it('never loses or invents a cubic metre (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000, max: 100_000 }), fc.array(fc.integer({ min: 1, max: 62 }), { minLength: 1, maxLength: 4 }), (q, days) => {
        const parts = splitQuantity(q, days)
        expect(parts.reduce((s, p) => s + p, 0)).toBe(q)
        const total = days.reduce((s, d) => s + d, 0)
        parts.forEach((p, i) => expect(Math.abs(p - (q * days[i]) / total)).toBeLessThan(1))
      }),
    )
  })

  it('refuses weights that add up to nothing', () => {
    expect(() => splitQuantity(5, [])).toThrow(RangeError)
    expect(() => splitQuantity(5, [0, 0])).toThrow(RangeError)
  })
})

describe('invoice numbers and rates', () => {
  it('numbers by series, station and year with a six-digit sequence', () => {
    expect(formatInvoiceNumber('FW', 'K1', 2026, 123)).toBe('FW/K1/2026/000123')
    expect(formatInvoiceNumber('KOR', 'K2', 2027, 1)).toBe('KOR/K2/2027/000001')
  })

  it('prints VAT rates as the law writes them', () => {
    expect(formatVatRate(800)).toBe('8%')
    expect(formatVatRate(2300)).toBe('23%')
    expect(formatVatRate(550)).toBe('5,5%')
  })
})
