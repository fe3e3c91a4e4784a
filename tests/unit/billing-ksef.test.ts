// The FA(3) producer on its own: amounts as KSeF decimals, rates in their P_13_x/P_14_x groups,
// names escaped, corrections of invoices issued outside KSeF — every file checked by xmllint
// against the official schema in ../shared/ksef/fa3.
import { describe, expect, it } from 'vitest'
import { buildFa3Xml, decimal } from '../../src-main/documents/ksef-fa3'
import type { PrintableInvoice } from '../../src-main/documents/invoice-pdf'
import { xmllintFa3 } from '../support/documents'

const address = { street: 'Hrubieszowska', houseNo: '45', flatNo: null, postalCode: '22-400', city: 'Zamość' }
const invoice = (over: Partial<PrintableInvoice> = {}): PrintableInvoice => ({
  number: 'FW/K1/2026/000123',
  kind: 'invoice',
  issueDate: '2026-05-04',
  placeOfIssue: 'Zamość',
  periodFrom: '2026-04-01',
  periodTo: '2026-04-30',
  dueDate: '2026-05-18',
  seller: { name: 'Przedsiębiorstwo Gospodarki Komunalnej Sp. z o.o. w Zamościu', nip: '9220003560', address: { ...address, street: 'Krucza', houseNo: '10' }, bankName: 'Bank Pekao S.A.' },
  buyer: { customerNo: '100283', kind: 'company', name: 'Kowalski & Syn <Hurtownia> „Pod Lipami”', nip: '9226504837', address: { ...address, flatNo: '2' } },
  supplyPoint: address,
  paymentAccount: '68124013721111000010000036',
  tariffGroupName: 'Pozostali odbiorcy',
  contractNo: 'U/K1/2024/00003',
  lines: [
    { position: 1, name: 'Dostawa wody', unit: 'm³', quantity: 120, unitNet: 355, net: 42_600, vatBasisPoints: 800 },
    { position: 2, name: 'Usługa dodatkowa', unit: 'szt.', quantity: 1, unitNet: 10_000, net: 10_000, vatBasisPoints: 2300 },
  ],
  byRate: [
    { vatBasisPoints: 2300, net: 10_000, vat: 2300, gross: 12_300 },
    { vatBasisPoints: 800, net: 42_600, vat: 3408, gross: 46_008 },
  ],
  net: 52_600,
  vat: 5708,
  gross: 58_308,
  readings: [],
  corrects: null,
  correctionReason: null,
  ksefNumber: null,
  ...over,
})

describe('FA(3) XML', () => {
  it('writes amounts as KSeF decimals', () => {
    expect([decimal(0), decimal(5), decimal(123_456), decimal(-1304), decimal(-5)]).toEqual(['0.00', '0.05', '1234.56', '-13.04', '-0.05'])
  })

  it('puts each rate in its group, escapes names, and validates', () => {
    const xml = buildFa3Xml(invoice(), { createdAt: '2026-05-04T07:30:00.000Z' })
    expect(xml).toContain('<DataWytworzeniaFa>2026-05-04T07:30:00Z</DataWytworzeniaFa>')
    expect(xml).toContain('<P_13_1>100.00</P_13_1>')
    expect(xml).toContain('<P_14_1>23.00</P_14_1>')
    expect(xml).toContain('<P_13_2>426.00</P_13_2>')
    expect(xml).toContain('<P_15>583.08</P_15>')
    expect(xml).toContain('<Nazwa>Kowalski &amp; Syn &lt;Hurtownia&gt; „Pod Lipami”</Nazwa>')
    expect(xml).toContain('<AdresL1>ul. Hrubieszowska 45/2</AdresL1>')
    expect(xml).toContain('<P_8A>m3</P_8A>')
    expect(xml.indexOf('<P_13_1>')).toBeLessThan(xml.indexOf('<P_13_2>'))
    expect(xmllintFa3(xml)).toMatchObject({ ok: true })
  })

  it('a correction of an invoice issued outside KSeF is marked NrKSeFN, with the lines before and after', () => {
    const before = invoice()
    const xml = buildFa3Xml(
      invoice({
        number: 'KOR/K1/2026/000001',
        kind: 'correction',
        issueDate: '2026-06-12',
        lines: [before.lines[0]],
        byRate: [
          { vatBasisPoints: 2300, net: -10_000, vat: -2300, gross: -12_300 },
          { vatBasisPoints: 800, net: 0, vat: 0, gross: 0 },
        ],
        net: -10_000,
        vat: -2300,
        gross: -12_300,
        corrects: { id: 'x', number: before.number, issueDate: before.issueDate, ksefNumber: null, lines: before.lines, byRate: before.byRate, net: before.net, vat: before.vat, gross: before.gross },
        correctionReason: 'Usługa dodatkowa nie została wykonana',
      }),
      { createdAt: '2026-06-12T08:00:00.000Z' },
    )
    expect(xml).toContain('<RodzajFaktury>KOR</RodzajFaktury>')
    expect(xml).toContain('<NrKSeFN>1</NrKSeFN>')
    expect(xml).not.toContain('<NrKSeF>')
    expect(xml).toContain('<TypKorekty>2</TypKorekty>')
    expect(xml.match(/<StanPrzed>1<\/StanPrzed>/g)).toHaveLength(2)
    expect(xml.match(/<NrWierszaFa>/g)).toHaveLength(3)
    // A decrease asks for no payment.
    expect(xml).not.toContain('<Platnosc>')
    expect(xmllintFa3(xml)).toMatchObject({ ok: true })
  })

  it('refuses a consumer (no NIP) and a rate FA(3) cannot express', () => {
    expect(() => buildFa3Xml(invoice({ buyer: { ...invoice().buyer, nip: null } }), { createdAt: '2026-05-04T07:30:00.000Z' })).toThrow(/bez NIP/)
    expect(() => buildFa3Xml(invoice({ byRate: [{ vatBasisPoints: 650, net: 100, vat: 7, gross: 107 }] }), { createdAt: '2026-05-04T07:30:00.000Z' })).toThrow('Stawka VAT 6.5%')
  })
})
