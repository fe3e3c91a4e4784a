// Meter status at a glance: the legalisation rule (5 years from 1 January after the mark) at the
// year boundary, the warning window, a broken seal and a removed meter.
import { describe, expect, it } from 'vitest'
import { addDays, daysBetween } from '../../shared/domain/dates'
import { legalisationExpiry, meterStatus, type MeterStatusInput } from '../../shared/domain/meters'

const meter = (over: Partial<MeterStatusInput> = {}): MeterStatusInput => ({ legalisationYear: 2021, sealState: 'intact', state: 'active', removedOn: null, ...over })

describe('legalisation expiry', () => {
  it('counts 5 years from 1 January of the year after the mark', () => {
    expect(legalisationExpiry(2021)).toBe('2026-12-31')
    expect(legalisationExpiry(2019)).toBe('2024-12-31')
  })

  it('is valid on 31 December of the fifth year and expired on 1 January', () => {
    expect(meterStatus(meter(), '2026-12-31', 0)).toMatchObject({ code: 'expiring', daysLeft: 0, label: 'Legalizacja wygasa dziś (31.12.2026)' })
    expect(meterStatus(meter(), '2027-01-01')).toMatchObject({ code: 'expired', daysLeft: -1, label: 'Legalizacja wygasła 31.12.2026' })
    // A meter marked late in 2021 is not worse off than one marked on 2 January: the year counts.
    expect(meterStatus(meter({ legalisationYear: 2020 }), '2026-01-01').code).toBe('expired')
    expect(meterStatus(meter({ legalisationYear: 2021 }), '2026-01-01', 90).code).toBe('valid')
  })

  it('warns within the chosen number of days, not a day earlier', () => {
    expect(daysBetween('2026-10-02', '2026-12-31')).toBe(90)
    expect(meterStatus(meter(), '2026-10-02', 90)).toMatchObject({ code: 'expiring', daysLeft: 90, label: 'Legalizacja wygasa za 90 dni (31.12.2026)' })
    expect(meterStatus(meter(), '2026-10-01', 90)).toMatchObject({ code: 'valid', label: 'Ważny do 31.12.2026' })
    expect(meterStatus(meter(), '2026-12-30', 90).label).toBe('Legalizacja wygasa za 1 dzień (31.12.2026)')
    expect(meterStatus(meter(), '2026-06-01', 365).code).toBe('expiring')
  })

  it('a broken seal ends validity early; a removed meter is history', () => {
    expect(meterStatus(meter({ sealState: 'broken' }), '2024-05-01')).toMatchObject({ code: 'seal_broken', label: 'Zerwana plomba — odczyty niewiarygodne' })
    expect(meterStatus(meter({ sealState: 'broken', state: 'removed', removedOn: '2025-03-14' }), '2027-05-01')).toMatchObject({ code: 'removed', label: 'Zdjęty 14.03.2025' })
  })
})

describe('day arithmetic', () => {
  it('crosses month, leap-day and year boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31')
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2) // across the DST change
    expect(daysBetween('2027-01-01', '2026-12-31')).toBe(-1)
  })
})
