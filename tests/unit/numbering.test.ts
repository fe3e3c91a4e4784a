// Number series per issuing station: gap-free within a series (a failed transaction gives its
// numbers back), a block for a chunk of invoices, and two offline desks never issuing the same number.
import { afterEach, describe, expect, it } from 'vitest'
import { formatInvoiceNumber } from '../../shared/domain/billing'
import { invoiceSeriesKind, takeBlock, takeNext } from '../../src-main/platform/numbering'
import { makeTestDesk, type TestDesk } from '../support/desk'

const desks: TestDesk[] = []
afterEach(() => desks.splice(0).forEach((d) => d.dispose()))

function desk(): TestDesk {
  const d = makeTestDesk()
  desks.push(d)
  return d
}

const ctx = (stationCode: string) => ({ staffId: null, stationCode, operation: 'test.numbering' })

describe('number series', () => {
  it('counts 1, 2, 3 … per kind, station and period, independently', () => {
    const d = desk()
    const take = (kind: Parameters<typeof takeNext>[1], station: string, period: string) => d.services.db.write(ctx(station), (tx) => takeNext(tx, kind, station, period))
    expect([take(invoiceSeriesKind('FW'), 'K1', '2026'), take(invoiceSeriesKind('FW'), 'K1', '2026'), take(invoiceSeriesKind('FW'), 'K1', '2026')]).toEqual([1, 2, 3])
    expect(take(invoiceSeriesKind('FW'), 'K1', '2027')).toBe(1)
    expect(take(invoiceSeriesKind('KOR'), 'K1', '2026')).toBe(1)
    expect(take(invoiceSeriesKind('FW'), 'K2', '2026')).toBe(1)
    expect(take('receipt', 'K1', '2026')).toBe(1)
  })

  it('gives a whole block to a chunk, and a failed transaction takes no numbers at all', () => {
    const d = desk()
    const kind = invoiceSeriesKind('FW')
    expect(d.services.db.write(ctx('K1'), (tx) => takeBlock(tx, kind, 'K1', '2026', 200))).toBe(1)
    expect(() =>
      d.services.db.write(ctx('K1'), (tx) => {
        takeBlock(tx, kind, 'K1', '2026', 50)
        throw new Error('the chunk failed half-way')
      }),
    ).toThrow('half-way')
    expect(d.services.db.write(ctx('K1'), (tx) => takeNext(tx, kind, 'K1', '2026'))).toBe(201)
    expect(() => d.services.db.write(ctx('K1'), (tx) => takeBlock(tx, kind, 'K1', '2026', 0))).toThrow(RangeError)
  })

  it('two desks working offline never issue the same invoice number', () => {
    // Each desk has its own database (no sync between them here): only the station code differs.
    const k1 = desk()
    const k2 = desk()
    const issue = (d: TestDesk, station: string, n: number) =>
      Array.from({ length: n }, () => d.services.db.write(ctx(station), (tx) => formatInvoiceNumber('FW', station, 2026, takeNext(tx, invoiceSeriesKind('FW'), station, '2026'))))
    const a = issue(k1, 'K1', 40)
    const b = issue(k2, 'K2', 40)
    expect(new Set([...a, ...b]).size).toBe(80)
    expect(a.slice(0, 2)).toEqual(['FW/K1/2026/000001', 'FW/K1/2026/000002'])
    expect(b.at(-1)).toBe('FW/K2/2026/000040')
    // Gap-free within each series.
    for (const list of [a, b]) expect(list.map((n) => Number(n.slice(-6)))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
  })
})
