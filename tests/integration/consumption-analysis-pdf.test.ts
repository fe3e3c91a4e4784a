// "Drukuj analizę": a proper A4 document for the customer — the office's header, whose supply
// point, the figures in Polish format, the chart drawn as vectors and the table of periods — read
// back with pdftotext. Nothing internal on it (no PESEL, no iBOK account state).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TestDesk } from '../support/desk'
import { nbsp, pdfText, qpdfCheck } from '../support/documents'
import { bimonthlyHistory, makeMeterOffice, officeTemplate, seedCustomer, seedReadings, type SeededCustomer } from '../support/meter-office'

let desk: TestDesk
let token: string
let c: SeededCustomer
const office = officeTemplate()

beforeEach(async () => {
  const made = await makeMeterOffice(office)
  desk = made.desk
  token = made.token
  c = await seedCustomer(desk, token, made.groupId, { since: '2024-01-02', legalisationYear: 2023 })
  // A block of flats on one meter: 2 500 m³ every two months.
  seedReadings(desk, c.meterId, bimonthlyHistory('2024-02-01', '2026-10-31', 2500, 2500))
})
afterEach(() => desk.dispose())

describe('the consumption analysis printout', () => {
  it('is one A4 document with the office header, the customer, the chart and the table in Polish numbers', async () => {
    const file = await desk.call('readings.analysisPdf', { customerId: c.customerId, months: 24 }, token)
    expect(file.fileName).toBe(`analiza-zuzycia-${c.customerNo}-20261125.pdf`)
    qpdfCheck(file.pdfBase64)
    const dir = mkdtempSync(join(tmpdir(), 'ibok-analysis-'))
    writeFileSync(join(dir, 'a.pdf'), Buffer.from(file.pdfBase64, 'base64'))
    const info = execFileSync('pdfinfo', [join(dir, 'a.pdf')], { encoding: 'utf8' })
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/)
    expect(info).toMatch(/Title:\s+Analiza zużycia wody — ul\. Partyzantów/)

    const settings = await desk.call('office.get', {}, token)
    const text = nbsp(pdfText(file.pdfBase64))
    expect(text).toContain(settings.name)
    expect(text).toContain(`NIP ${settings.nip}`)
    expect(text).toContain('Analiza zużycia wody')
    expect(text).toContain(`Grażyna Żółkiewska (nr klienta ${c.customerNo})`)
    expect(text).toMatch(/Punkt poboru ul\. Partyzantów \d+, 22-400 Zamość/)
    expect(text).toContain('Stan na 25.11.2026')
    // Figures grouped the Polish way, in the table and on the chart's axis and bars.
    expect(text).toContain('Ostatnie 12 miesięcy 15 000 m³')
    expect(text).toMatch(/wrz–paź 2026 2 500 m³ 40 984 l 2 500 m³/)
    expect(text).toContain('2 500')
    expect(text).not.toMatch(/\d,\d{3}/)
    // The legend names the lighter bars.
    expect(text).toContain('Okres w toku (niepełny)')
    expect(text).toContain('Zużycie w okresach rozliczeniowych')
    // Nothing internal.
    expect(text).not.toMatch(/PESEL|iBOK|konto/i)
  })
})
