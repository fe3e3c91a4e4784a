// The FA(3) producer on its own: amounts as KSeF decimals, rates in their P_13_x/P_14_x groups,
// names escaped, corrections of invoices issued in and outside KSeF — every shape the desk makes
// checked by xmllint against the official schema as shipped with the app (resources/ksef/fa3);
// the KSeF number (structure, CRC-8) and the verification link (KOD I) against the official docs.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ksefNumberProblem, ksefVerificationUrl, makeKsefNumber } from '../../shared/domain/ksef'
import { ksefNumber as ksefNumberField } from '../../shared/validation/fields'
import { buildFa3Xml, decimal, FA3_FACETS, Fa3ValueError } from '../../src-main/documents/ksef-fa3'
import type { PrintableInvoice } from '../../src-main/documents/invoice-pdf'
import { fa3Sha256Base64, ksefEnvironment, ksefQrUrlOf } from '../../src-main/documents/ksef-qr'
import { SHARED, SHIPPED_FA3, xmllintFa3 } from '../support/documents'

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

const at = { createdAt: '2026-06-12T08:00:00.000Z' }
const KSEF_OF_INVOICE = makeKsefNumber('9220003560', '2026-05-04', '0100001AF629')
const corrects = (inv: PrintableInvoice, ksefNumber: string | null, id = 'x') => ({
  id,
  number: inv.number,
  issueDate: inv.issueDate,
  ksefNumber,
  lines: inv.lines,
  byRate: inv.byRate,
  net: inv.net,
  vat: inv.vat,
  gross: inv.gross,
})
const water = (quantity: number) => ({ position: 1, name: 'Dostawa wody', unit: 'm³', quantity, unitNet: 355, net: quantity * 355, vatBasisPoints: 800 })

describe('every FA(3) shape the desk produces validates against the schema shipped with the app', () => {
  const original = invoice()
  const decrease = invoice({
    number: 'KOR/K1/2026/000001',
    kind: 'correction',
    issueDate: '2026-06-12',
    lines: [original.lines[0]],
    byRate: [{ vatBasisPoints: 2300, net: -10_000, vat: -2300, gross: -12_300 }],
    net: -10_000,
    vat: -2300,
    gross: -12_300,
    corrects: corrects(original, KSEF_OF_INVOICE),
    correctionReason: 'Usługa dodatkowa nie została wykonana',
  })
  const KSEF_OF_DECREASE = makeKsefNumber('9220003560', '2026-06-12', '0100001B0001')
  const shapes: Record<string, PrintableInvoice> = {
    invoice: original,
    'invoice, buyer a housing community (NIP starting 9, flat-less address)': invoice({ buyer: { customerNo: '100001', kind: 'company', name: 'Wspólnota Mieszkaniowa ul. Partyzantów 12', nip: '9222811236', address } }),
    'invoice, buyer a cooperative (NIP starting 1)': invoice({ buyer: { customerNo: '100002', kind: 'company', name: 'Spółdzielnia Mieszkaniowa „Zamojszczyzna” w Zamościu', nip: '1234563218', address } }),
    'invoice, one rate only (water, sewage, abonament at 8%)': invoice({ lines: [water(120)], byRate: [{ vatBasisPoints: 800, net: 42_600, vat: 3408, gross: 46_008 }], net: 42_600, vat: 3408, gross: 46_008 }),
    'correction (decrease) of an invoice with a KSeF number': decrease,
    'correction (increase) of an invoice with a KSeF number': invoice({
      number: 'KOR/K1/2026/000002',
      kind: 'correction',
      issueDate: '2026-06-12',
      lines: [water(130), original.lines[1]],
      byRate: [{ vatBasisPoints: 800, net: 3550, vat: 284, gross: 3834 }],
      net: 3550,
      vat: 284,
      gross: 3834,
      corrects: corrects(original, KSEF_OF_INVOICE),
      correctionReason: 'Odczyt zaniżony',
    }),
    'correction of a correction (references the correction’s KSeF number)': invoice({
      number: 'KOR/K1/2026/000003',
      kind: 'correction',
      issueDate: '2026-06-20',
      lines: [water(110)],
      byRate: [{ vatBasisPoints: 800, net: -3550, vat: -284, gross: -3834 }],
      net: -3550,
      vat: -284,
      gross: -3834,
      corrects: corrects(decrease, KSEF_OF_DECREASE),
      correctionReason: 'Korekta korekty: zużycie 110 m³',
    }),
    'correction of an invoice issued before KSeF (no file, no number)': invoice({
      number: 'KOR/K1/2026/000004',
      kind: 'correction',
      issueDate: '2026-06-12',
      lines: [water(100)],
      byRate: [{ vatBasisPoints: 800, net: -7100, vat: -568, gross: -7668 }],
      net: -7100,
      vat: -568,
      gross: -7668,
      corrects: { ...corrects(invoice({ number: 'FW/K1/2026/000007', issueDate: '2026-03-04', lines: [water(120)] }), null), issueDate: '2026-03-04' },
      correctionReason: 'Błędny odczyt',
    }),
  }
  for (const [name, shape] of Object.entries(shapes)) {
    it(name, () => {
      const xml = buildFa3Xml(shape, at)
      expect(xmllintFa3(xml)).toMatchObject({ ok: true })
      if (shape.corrects?.ksefNumber) {
        expect(xml).toContain(`<NrKSeF>1</NrKSeF>`)
        expect(xml).toContain(`<NrKSeFFaKorygowanej>${shape.corrects.ksefNumber}</NrKSeFFaKorygowanej>`)
        expect(xml).not.toContain('<NrKSeFN>')
      }
    })
  }

  it('a value the schema refuses stops the file from being made (a doubled PL prefix, an empty or overlong name, a control character)', () => {
    const make = (over: Partial<PrintableInvoice['buyer']>) => () => buildFa3Xml(invoice({ buyer: { ...invoice().buyer, ...over } }), at)
    for (const bad of ['PL7671325342', '767-132-53-42', '0671325342']) {
      expect(make({ nip: bad })).toThrow(Fa3ValueError)
      // The same value really is refused by the schema: the guard only refuses what xmllint would.
      const unguarded = buildFa3Xml(invoice(), at).replace('<NIP>9226504837</NIP>', `<NIP>${bad}</NIP>`)
      expect(xmllintFa3(unguarded).ok).toBe(false)
    }
    expect(make({ nip: 'PL7671325342' })).toThrow('Faktura FW/K1/2026/000123: NIP „PL7671325342” — niezgodny format; plik FA(3) nie byłby zgodny ze schematem')
    expect(make({ name: '   ' })).toThrow(/pusta wartość/)
    expect(make({ name: 'x'.repeat(513) })).toThrow(/dłuższe niż 512 znaków/)
    expect(make({ name: 'Firma\u0001' })).toThrow(/niedozwolony znak/)
    expect(() => buildFa3Xml(invoice({ number: 'F'.repeat(257) }), at)).toThrow(/dłuższe niż 256/)
  })

  it('the facets the producer checks are the shipped schema’s own, and the shipped schema is the official one', () => {
    const xsd = [join(SHIPPED_FA3, 'schemat_FA(3)_v1-0E.xsd'), join(SHIPPED_FA3, 'bazowe/ElementarneTypyDanych_v10-0E.xsd')].map((f) => readFileSync(f, 'utf8')).join('\n')
    const pattern = (type: string) => new RegExp(`simpleType name="${type}"[\\s\\S]*?<xsd:pattern value="([^"]+)"`).exec(xsd)![1]
    const source = (r: RegExp) => r.source.replace(/^\^/, '').replace(/\$$/, '')
    expect(source(FA3_FACETS.nip)).toBe(pattern('TNrNIP'))
    expect(source(FA3_FACETS.amount)).toBe(pattern('TKwotowy'))
    expect(source(FA3_FACETS.unitPrice)).toBe(pattern('TKwotowy2'))
    expect(source(FA3_FACETS.quantity)).toBe(pattern('TIlosci'))
    const maxLength = (type: string) => Number(new RegExp(`simpleType name="${type}"[\\s\\S]*?<xsd:maxLength value="(\\d+)"`).exec(xsd)![1])
    expect([maxLength('TZnakowy'), maxLength('TZnakowy512'), maxLength('TNrRB')]).toEqual([FA3_FACETS.textMax, FA3_FACETS.longTextMax, 34])
    // resources/ksef/fa3 is byte for byte ../shared/ksef/fa3 (the Ministry's files).
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)).map((f) => `${d.name}/${f}`) : [d.name]))
    for (const f of files(SHIPPED_FA3)) expect(readFileSync(join(SHIPPED_FA3, f)).equals(readFileSync(join(SHARED, 'ksef/fa3', f))), f).toBe(true)
    expect(files(SHIPPED_FA3).sort()).toEqual(['bazowe/ElementarneTypyDanych_v10-0E.xsd', 'bazowe/KodyKrajow_v10-0E.xsd', 'bazowe/StrukturyDanych_v10-0E.xsd', 'catalog.xml', 'schemat_FA(3)_v1-0E.xsd'])
  })
})

describe('KSeF number', () => {
  it('is checked like KSeF does: 35 characters, a real date and the CRC-8 (the official example passes)', () => {
    expect(ksefNumberProblem('5265877635-20250826-0100001AF629-AF')).toBeNull()
    expect(makeKsefNumber('5265877635', '2025-08-26', '0100001AF629')).toBe('5265877635-20250826-0100001AF629-AF')
    expect(ksefNumberProblem('5265877635-20250826-0100001AF629-AE')).toMatch(/suma kontrolna/)
    expect(ksefNumberProblem('5265877635-20250826-0100001AF639-AF')).toMatch(/suma kontrolna/)
    expect(ksefNumberProblem('5265877635-20250231-0100001AF629-AF')).toMatch(/nie istnieje/)
    expect(ksefNumberProblem('9220003560-20260505-0A1B2C-3D4E5F-6A')).toMatch(/w formacie NIP-RRRRMMDD-XXXXXXXXXXXX-XX/)
    expect(ksefNumberProblem('9220003560-2026-0504')).toMatch(/w formacie/)
  })

  it('the input field takes it in lower case with spaces around and gives the canonical form', () => {
    expect(ksefNumberField().parse('  5265877635-20250826-0100001af629-af ')).toBe('5265877635-20250826-0100001AF629-AF')
    const r = ksefNumberField().safeParse('5265877635-20250826-0100001AF629-00')
    expect(r.success ? null : r.error.issues[0].message).toBe('Numer KSeF: suma kontrolna się nie zgadza — sprawdź, czy numer przepisano bez błędu')
  })
})

describe('KSeF verification link (KOD I)', () => {
  it('is {environment}/invoice/{seller NIP}/{issue date DD-MM-YYYY}/{SHA-256 of the file in Base64URL} (the official example)', () => {
    // kody-qr.md: NIP 1111111111, issued 01-02-2026, hash UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE.
    const standardBase64 = 'UtQp9Gpc51y+u3xApZjIjgkpZ01js+J8KflSPW8WzIE='
    expect(ksefVerificationUrl('test', '1111111111', '2026-02-01', standardBase64)).toBe(
      'https://qr-test.ksef.mf.gov.pl/invoice/1111111111/01-02-2026/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE',
    )
    expect(ksefVerificationUrl('prod', '1111111111', '2026-02-01', standardBase64)).toMatch(/^https:\/\/qr\.ksef\.mf\.gov\.pl\/invoice\//)
    expect([ksefEnvironment(undefined), ksefEnvironment('test'), ksefEnvironment('bogus')]).toEqual(['prod', 'test', 'prod'])
  })

  it('hashes the stored file’s UTF-8 bytes, as openssl does', () => {
    const xml = buildFa3Xml(invoice(), at)
    const openssl = execFileSync('sh', ['-c', 'openssl dgst -sha256 -binary | base64'], { input: Buffer.from(xml, 'utf8'), encoding: 'utf8' }).trim()
    expect(fa3Sha256Base64(xml)).toBe(openssl)
    const url = ksefQrUrlOf({ seller: { nip: '9220003560' }, issueDate: '2026-05-04', ksefXml: xml }, 'prod')!
    expect(url).toBe(`https://qr.ksef.mf.gov.pl/invoice/9220003560/04-05-2026/${openssl.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`)
    expect(ksefQrUrlOf({ seller: { nip: '9220003560' }, issueDate: '2026-05-04', ksefXml: null })).toBeNull()
  })
})
