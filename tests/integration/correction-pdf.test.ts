// A correction invoice prints, per VAT rate, the amounts before the correction, after it and the
// difference (issue 15, defect 8; art. 106j ust. 2 pkt 5) — read back with pdftotext -layout.
// The correction here drops a 23% line entirely and lowers the 8% lines, so one rate is only
// "before" and the other changes; amounts are the app's own arithmetic (computeCorrection).
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { OfficeSettings } from '../../shared/api/types'
import { computeCorrection, type InvoiceLineInput } from '../../shared/domain/billing'
import { findResourcesDir } from '../../src-main/platform/paths'
import { renderInvoicePdf, type PrintableInvoice } from '../../src-main/documents/invoice-pdf'
import { loadFontFiles } from '../../src-main/documents/pdf-kit'
import { pdfText, qpdfCheck } from '../support/documents'
import { TEST_OFFICE } from '../support/desk'

const office = { ...TEST_OFFICE, bankSortCode: '12401372' } as OfficeSettings
const address = { street: 'Grecka', houseNo: '6', flatNo: null, postalCode: '22-400', city: 'Zamość' }

const before: InvoiceLineInput[] = [
  { name: 'Dostawa wody', unit: 'm³', quantity: 300, unitNet: 355, vatBasisPoints: 800 },
  { name: 'Odprowadzanie ścieków', unit: 'm³', quantity: 300, unitNet: 460, vatBasisPoints: 800 },
  { name: 'Wymiana plomby', unit: 'szt.', quantity: 1, unitNet: 5_000, vatBasisPoints: 2300 },
]
const after: InvoiceLineInput[] = [
  { name: 'Dostawa wody', unit: 'm³', quantity: 280, unitNet: 355, vatBasisPoints: 800 },
  { name: 'Odprowadzanie ścieków', unit: 'm³', quantity: 280, unitNet: 460, vatBasisPoints: 800 },
]

function correction(): PrintableInvoice {
  const c = computeCorrection(before, after)
  return {
    number: 'KOR/K1/2026/000001',
    kind: 'correction',
    issueDate: '2026-05-12',
    placeOfIssue: 'Zamość',
    periodFrom: '2026-04-01',
    periodTo: '2026-04-30',
    dueDate: '2026-05-26',
    seller: { name: office.name, nip: office.nip, address: office.address, bankName: office.bankName },
    buyer: { customerNo: '100200', kind: 'company', name: 'Hotel „Renesans” Sp. z o.o.', nip: '9226504837', address },
    supplyPoint: address,
    paymentAccount: '68124013721111000010000036',
    tariffGroupName: 'Pozostali odbiorcy',
    contractNo: 'U/K1/2024/00017',
    lines: c.after.lines,
    byRate: c.byRate.map((r) => ({ vatBasisPoints: r.vatBasisPoints, net: r.net, vat: r.vat, gross: r.gross })),
    net: c.net,
    vat: c.vat,
    gross: c.gross,
    readings: [],
    corrects: { ...c.before, id: 'x', number: 'FW/K1/2026/000123', issueDate: '2026-05-04', ksefNumber: null },
    correctionReason: 'Błędnie odczytany stan wodomierza',
    ksefNumber: null,
  } as PrintableInvoice
}

describe('correction invoice PDF', () => {
  it('prints before, after and the difference per VAT rate, each with its total', async () => {
    const { bytes } = await renderInvoicePdf(loadFontFiles(findResourcesDir()), office, correction())
    const base64 = Buffer.from(bytes).toString('base64')
    expect(qpdfCheck(base64)).toContain('No syntax or stream encoding errors found')
    const lines = pdfText(base64, true).replace(/[\u00a0\u202f]/g, ' ').split('\n')
    const at = (line: string, from = 0) => {
      const i = lines.indexOf(line, from)
      expect(i, `"${line}" after line ${from} in:\n${lines.join('\n')}`).toBeGreaterThanOrEqual(from)
      return i
    }
    // Before: 8% net 2445,00 (VAT 195,60), 23% net 50,00 (VAT 11,50).
    let i = at('Przed korektą — według stawek VAT')
    i = at('23% 50,00 11,50 61,50', i)
    i = at('8% 2 445,00 195,60 2 640,60', i)
    i = at('Razem 2 495,00 207,10 2 702,10', i)
    // After: the 23% line is gone (0), 8% net 2282,00 (VAT 182,56).
    i = at('Po korekcie — według stawek VAT', i)
    i = at('23% 0,00 0,00 0,00', i)
    i = at('8% 2 282,00 182,56 2 464,56', i)
    i = at('Razem 2 282,00 182,56 2 464,56', i)
    // The difference, as before.
    i = at('Różnica (kwoty korekty) według stawek VAT', i)
    i = at('23% -50,00 -11,50 -61,50', i)
    i = at('8% -163,00 -13,04 -176,04', i)
    i = at('Razem -213,00 -24,54 -237,54', i)
    at('Do zwrotu albo zaliczenia na poczet kolejnych faktur: 237,54 zł', i)

    // A picture of the page to look at (test-results/correction/*.png).
    const out = join('test-results', 'correction')
    mkdirSync(out, { recursive: true })
    writeFileSync(join(out, 'correction.pdf'), bytes)
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', join(out, 'correction.pdf'), join(out, 'correction')])
  })
})
