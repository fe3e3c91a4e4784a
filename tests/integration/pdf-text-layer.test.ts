// The text layer of every PDF the desk makes, read back with pdftotext, is exactly the text drawn on
// its pages — whatever documents the same process made before (issue 15, defect 1: after one
// document with "Ć", "Ó", "Ą"… every later PDF read "Faktura V T", " kres rozliczeniowy"). Fonts
// and glyphs are cached for the whole process, so every document type is rendered here in ONE
// process after a "poisoning" letter, then again in other orders; and in a PDF worker thread.
//
// The intended text is taken from the drawing itself: every string handed to pdf-lib's drawText or to
// the layout kit's own text run (PdfBuilder.showText, which puts the same operators on the page),
// page by page, in drawing order. pdftotext -raw reads a page in content-stream order, i.e. the
// same order, so the two must be equal (whitespace aside) — one lost letter fails the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PDFPage } from 'pdf-lib'
import type { ConsentEventView, CustomerConsents, OfficeSettings, PaymentView, SettlementView } from '../../shared/api/types'
import type { DueMetersList, ReplacementView } from '../../shared/api/types/meters'
import { computeInvoice } from '../../shared/domain/billing'
import { findResourcesDir } from '../../src-main/platform/paths'
import { caseLetterPdf } from '../../src-main/documents/case-letter'
import { consentProofPdf, consentSlipPdf } from '../../src-main/documents/consent-documents'
import { consentFormPdf, type FormCustomer, type FormKind, type FormText, type FormTexts } from '../../src-main/documents/consent-forms'
import { dispatchSheetPdf } from '../../src-main/documents/dispatch-sheet'
import { renderInvoiceBatch, renderInvoicePdf, type PrintableInvoice } from '../../src-main/documents/invoice-pdf'
import { meterProtocolPdf } from '../../src-main/documents/meter-protocol'
import { dueListPdf } from '../../src-main/documents/meters-due-list'
import { loadFontFiles, PdfBuilder } from '../../src-main/documents/pdf-kit'
import { PdfPool } from '../../src-main/documents/pdf-pool'
import { credentialsLetterPdf, rejectionLetterPdf } from '../../src-main/documents/portal-letters'
import { renderReceiptPdf, renderStatementPdf } from '../../src-main/documents/statement-pdf'
import { makeSetUpDesk, TEST_OFFICE, type TestDesk } from '../support/desk'
import { sampleInvoice } from '../support/invoices'

const resourcesDir = findResourcesDir()
const fonts = loadFontFiles(resourcesDir)
const office = { ...TEST_OFFICE, bankSortCode: '12401372' } as OfficeSettings
/** Every Polish capital with a diacritic, and the words the issue saw broken. */
const CAPITALS = 'ĄĆĘŁŃÓŚŹŻ'

// --- What is drawn: every drawText and showText call, per page ------------------------------------
let capture: Map<PDFPage, string[]> | null = null
const record = (page: PDFPage, text: string) => capture?.set(page, [...(capture.get(page) ?? []), text])
const originalDrawText = PDFPage.prototype.drawText
const originalShowText = PdfBuilder.showText
/** Inside showText, which hands text with line breaks or tabs on to drawText: recorded once. */
let inShowText = false
beforeAll(() => {
  PDFPage.prototype.drawText = function (this: PDFPage, text: string, options?: Parameters<PDFPage['drawText']>[1]) {
    if (!inShowText) record(this, text)
    return originalDrawText.call(this, text, options)
  }
  PdfBuilder.showText = (page, text, options) => {
    record(page, text)
    inShowText = true
    try {
      originalShowText(page, text, options)
    } finally {
      inShowText = false
    }
  }
})
afterAll(() => {
  PDFPage.prototype.drawText = originalDrawText
  PdfBuilder.showText = originalShowText
})

/** Renders with drawText recorded; returns the bytes and the drawn text of each page, in page order. */
async function drawn(render: () => Promise<Uint8Array>): Promise<{ bytes: Uint8Array; pages: string[] }> {
  capture = new Map()
  try {
    const bytes = await render()
    const byPage = [...capture.entries()]
    const order = byPage[0]?.[0].doc.getPages() ?? []
    const pages = order.map((page) => (capture!.get(page) ?? []).join('\n'))
    return { bytes, pages }
  } finally {
    capture = null
  }
}

const squeeze = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, '')

function readBack(bytes: Uint8Array): { pages: string[]; check: string; uncompressed: string; fonts: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'ibok-text-layer-'))
  try {
    const file = join(dir, 'doc.pdf')
    writeFileSync(file, bytes)
    const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
    const check = execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })
    // The streams (ToUnicode maps among them) decompressed, to read them as text.
    execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, join(dir, 'qdf.pdf')])
    const uncompressed = readFileSync(join(dir, 'qdf.pdf'), 'latin1')
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2)
    return { pages: text.split('\f').slice(0, -1), check, uncompressed, fonts }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** pdftotext reads back exactly what was drawn, page by page, and qpdf finds the file sound; returns the text (whitespace dropped). */
function expectTextLayer(name: string, bytes: Uint8Array, intended: string[]): string {
  const back = readBack(bytes)
  expect(back.check, name).toContain('No syntax or stream encoding errors found')
  expect(back.pages.length, `${name}: pages`).toBe(intended.length)
  intended.forEach((page, i) => expect(squeeze(back.pages[i]), `${name}, page ${i + 1}`).toBe(squeeze(page)))
  // Every font embedded, with a ToUnicode map (pdffonts: emb yes … uni yes) that has no empty entries ("<0016> <>").
  expect(back.fonts.length, name).toBeGreaterThan(0)
  for (const font of back.fonts) expect(font, name).toMatch(/ yes +(yes|no) +yes +\d+ +\d+$/)
  expect(back.uncompressed, name).toMatch(/beginbfchar/)
  expect(back.uncompressed.match(/^<[0-9A-Fa-f]+> <>$/gm), `${name}: empty ToUnicode entries`).toBeNull()
  return squeeze(back.pages.join(''))
}

// --- One of each document ---------------------------------------------------------------------------
const address = { street: 'Śródmiejska', houseNo: '12', flatNo: '3', postalCode: '22-400', city: 'Zamość' }
const addressLines = ['ul. Śródmiejska 12/3', '22-400 Zamość']

function invoice(n: number, buyerName: string): PrintableInvoice {
  return sampleInvoice(
    {
      no: n,
      lines: [
        { name: 'Dostawa wody', unit: 'm³', quantity: 12, unitNet: 355, vatBasisPoints: 800 },
        { name: 'Odprowadzanie ścieków', unit: 'm³', quantity: 12, unitNet: 460, vatBasisPoints: 800 },
        { name: 'Opłata abonamentowa (mar–kwi 2026)', unit: 'okres', quantity: 1, unitNet: 1230, vatBasisPoints: 800 },
        { name: 'Usługa dodatkowa — ŻURAW', unit: 'szt.', quantity: 1, unitNet: 10_000, vatBasisPoints: 2300 },
      ],
      buyer: { kind: 'company', name: buyerName, nip: '7671325342' },
      address,
      tariffGroupName: 'Odbiorcy przemysłowi — ŁĄKA',
      readings: [
        { meterSerial: 'ZM70000001', meterKind: 'main', fromDate: '2026-02-27', fromValue: 1000, fromKind: 'reader', toDate: '2026-04-28', toValue: 1012, toKind: 'estimated', consumptionM3: 12, estimated: true },
        { meterSerial: 'ZM70000002', meterKind: 'additional', fromDate: '2026-02-27', fromValue: 10, fromKind: 'customer', toDate: '2026-04-28', toValue: 12, toKind: 'radio', consumptionM3: 2, estimated: false },
      ],
    },
    office,
  )
}

function correction(n: number, buyerName: string): PrintableInvoice {
  const base = invoice(n - 1, buyerName)
  const after = computeInvoice([
    { name: 'Dostawa wody', unit: 'm³', quantity: 10, unitNet: 355, vatBasisPoints: 800 },
    { name: 'Odprowadzanie ścieków', unit: 'm³', quantity: 10, unitNet: 460, vatBasisPoints: 800 },
    { name: 'Opłata abonamentowa (mar–kwi 2026)', unit: 'okres', quantity: 1, unitNet: 1230, vatBasisPoints: 800 },
  ])
  return {
    ...base,
    kind: 'correction',
    number: `KOR/K1/2026/${String(n).padStart(6, '0')}`,
    corrects: { number: base.number, issueDate: base.issueDate, ksefNumber: '9220003560-20260504-0100A0B1C2D3-E4', lines: base.lines },
    correctionReason: 'ZAWYŻONE ZUŻYCIE — błędny odczyt; ŚCIEKI ŹLE NALICZONE',
    lines: after.lines,
    byRate: after.byRate,
    net: after.net - base.net,
    vat: after.vat - base.vat,
    gross: after.gross - base.gross,
  } as PrintableInvoice
}

const formText = (textId: string, title: string): FormText => ({
  textId,
  version: '2026.1',
  title,
  validFrom: '2026-01-01',
  content: `${title}. § 1. ŚWIADCZENIE USŁUG — Ósemka, Ćwiczenie, Żuraw, Źródło, Łąka, Ńę.\n\n§ 2. Klient oświadcza, że zapoznał się z treścią.`,
  sha256: 'a'.repeat(64),
})
const texts: FormTexts = {
  regulamin: formText('regulamin', 'Regulamin iBOK'),
  infoClause: formText('klauzula', 'Klauzula informacyjna RODO'),
  eInvoice: formText('e-faktura', 'Akceptacja faktur elektronicznych'),
  sms: formText('sms', 'Zgoda na powiadomienia SMS'),
}
const formCustomer: FormCustomer = {
  customerNo: '100321',
  kind: 'company',
  name: 'ŻÓŁĆ I ŚLĘZAK Sp. z o.o.',
  nip: '7671325342',
  email: 'biuro@zolc.example.pl',
  phone: '+48 601 234 567',
  correspondenceAddress: { ...address, street: 'Ółtarzewska' },
  supplyAddress: address,
  eInvoiceEmail: 'faktury@zolc.example.pl',
}

const consentEvent: ConsentEventView = {
  id: 'e1',
  documentNo: 'ZG/K1/2026/000017',
  customerId: 'c1',
  customerNo: '100321',
  customerName: 'ŁUCJA ŚLĘZAK-ŻÓŁĆ',
  contractNo: 'U/K1/2024/00017',
  type: 'e_invoice',
  action: 'accept',
  label: 'Akceptacja faktur elektronicznych — udzielenie',
  scope: ['invoices', 'corrections'],
  refersTo: null,
  text: { textId: 'e-faktura', version: '2026.1', sha256: 'a'.repeat(64), title: 'Akceptacja faktur elektronicznych' },
  infoClause: { version: '2026.1', sha256: 'b'.repeat(64) },
  email: 'lucja@example.pl',
  phone: null,
  signedOn: '2026-05-04',
  signedAt: '2026-05-04T08:15:00Z',
  effectiveOn: '2026-06-01',
  registeredAt: '2026-05-04T08:16:00Z',
  channel: 'paper',
  scan: null,
  staffName: 'Ewa Ćwiklińska',
  stationCode: 'K1',
  workstation: 'Okienko 1',
  ipAddress: null,
  signerKind: 'representative',
  representativeName: 'Ów Źdźbło',
  authorisation: 'pełnomocnictwo z 02.05.2026',
  applicationNo: null,
  note: null,
  annulledBy: null,
}
const consents: CustomerConsents = {
  customerId: 'c1',
  asOf: '2026-05-04',
  statuses: [
    { type: 'e_invoice', label: 'Akceptacja faktur elektronicznych', active: true, since: '2026-06-01', email: 'lucja@example.pl', phone: null, scope: ['invoices'], textVersion: '2026.1', acceptanceId: 'e1', upcoming: null },
    { type: 'sms', label: 'Powiadomienia SMS', active: false, since: null, email: null, phone: null, scope: [], textVersion: null, acceptanceId: null, upcoming: null },
  ],
  delivery: { channel: 'email', email: 'lucja@example.pl', since: '2026-06-01', acceptanceId: 'e1', scope: ['invoices'], summary: 'Faktury e-mailem na lucja@example.pl od 01.06.2026' },
  tariffHints: [],
  eInvoiceMoves: [],
  history: [consentEvent, { ...consentEvent, id: 'e2', documentNo: 'ZG/K1/2026/000018', action: 'change_email', email: 'ŻÓŁW@example.pl' }],
}

const payment: PaymentView = {
  id: 'p1',
  customerId: 'c1',
  paidOn: '2026-05-10',
  amount: 25_000,
  method: 'cash',
  reference: 'KP/K1/2026/000042',
  payerName: 'ŁUCJA ŚLĘZAK-ŻÓŁĆ',
  title: 'Opłata za wodę — ŚCIEKI',
  reversesId: null,
  reversedById: null,
  statementId: null,
  note: null,
  createdByName: 'Ewa Ćwiklińska',
  createdAt: '2026-05-10T09:00:00Z',
  allocations: [{ invoiceId: 'i1', invoiceNumber: 'FW/K1/2026/000001', amount: 20_000 }],
  unallocated: 5_000,
}
const settlement: SettlementView = {
  customerId: 'c1',
  customerNo: '100321',
  customerName: 'ŁUCJA ŚLĘZAK-ŻÓŁĆ',
  bankAccount: '68124013721111000010000036',
  today: '2026-05-20',
  balance: -12_345,
  overdue: 2_000,
  overpayment: 0,
  openInvoices: [{ id: 'i2', number: 'FW/K1/2026/000002', issueDate: '2026-04-04', dueDate: '2026-04-18', gross: 14_345, open: 12_345, overdue: true, daysOverdue: 32 }],
  payments: [payment],
  ledger: [
    { date: '2026-04-04', kind: 'invoice', documentId: 'i2', document: 'FW/K1/2026/000002', description: 'Faktura — OKRES MAR–KWI', debit: 14_345, credit: 0, balance: -14_345 },
    { date: '2026-05-10', kind: 'payment', documentId: 'p1', document: 'KP/K1/2026/000042', description: 'Wpłata — ŁĄCZNIE', debit: 0, credit: 2_000, balance: -12_345 },
  ],
}

const replacement: ReplacementView = {
  id: 'r1',
  protocolNo: 'PW/K1/2026/000005',
  replacedOn: '2026-05-12',
  supplyPointId: 'sp1',
  address,
  reason: 'seal_broken',
  reasonLabel: 'Zerwana plomba — ŚLADY INGERENCJI',
  fitterName: 'Żaneta Ćwik',
  note: 'Óśmy lokal, wejście od podwórza (ŁĄCZNIK)',
  old: { meterId: 'm1', serialNo: 'ZM70000001', diameterMm: 15, legalisationYear: 2019, finalM3: 1_234, previous: { readOn: '2026-02-27', valueM3: 1_200 }, sealState: 'broken' },
  new: { meterId: 'm2', serialNo: 'ZM80000001', initialM3: 0, sealNo: 'P-ŻÓŁ-001', legalisationYear: 2026, diameterMm: 15, radioId: 'RF-ĆĘ-77' },
  finalReadingFlags: [{ code: 'future_date', severity: 'warning', message: 'Ósmy odczyt: ZUŻYCIE WYŻSZE NIŻ ŚREDNIA' } as ReplacementView['finalReadingFlags'][number]],
  createdByName: 'Ewa Ćwiklińska',
  createdAt: '2026-05-12T10:00:00Z',
}

const dueList: DueMetersList = {
  asOf: '2026-05-20',
  days: 90,
  rows: [
    {
      meterId: 'm1',
      serialNo: 'ZM70000001',
      kind: 'main',
      diameterMm: 15,
      legalisationYear: 2020,
      sealNo: 'P-ŻÓŁ-002',
      radioId: 'RF-ĆĘ-78',
      state: 'active',
      status: { code: 'expired', expires: '2025-12-31', daysLeft: -140, label: 'Legalizacja wygasła' },
      address: 'ul. Śródmiejska 12/3, 22-400 Zamość',
      customer: { customerId: 'c1', customerNo: '100321', displayName: 'ŁUCJA ŚLĘZAK-ŻÓŁĆ' },
      lastReading: { readOn: '2026-04-28', valueM3: 1_212 },
    },
  ],
  counts: { expired: 1, expiring: 0, seal_broken: 0 },
}

/** The poisoning document of the issue: a reply letter to "Ćwik", with every Polish capital. */
const poison = () =>
  caseLetterPdf(resourcesDir, office, {
    caseNo: 'SP/K1/2026/000001',
    customerNo: '100001',
    receivedOn: '2026-05-01',
    sentOn: '2026-05-04',
    recipientName: 'Zofia Ćwik',
    recipientAddress: ['ul. Óśma 1', '22-400 Zamość'],
    subject: `Odpowiedź na reklamację — ${CAPITALS}`,
    body: `Szanowna Pani,\n\nÓWCZESNY ODCZYT ĆWIERĆ, ĘĄŃŚŹŻ — ${CAPITALS}.`,
  })

const DOCUMENTS: Array<{ name: string; render: () => Promise<Uint8Array>; mustRead: string[] }> = [
  { name: 'invoice', render: async () => (await renderInvoicePdf(fonts, office, invoice(1, 'Ósemka Nieruchomości Sp. z o.o.'))).bytes, mustRead: ['Faktura VAT nr', 'Okres rozliczeniowy', 'Nabywca', 'Ilość', 'Ósemka'] },
  { name: 'duplicate', render: async () => (await renderInvoicePdf(fonts, office, invoice(2, 'ĆMA i ŻUK s.c.'), { duplicateOn: '2026-06-10' })).bytes, mustRead: ['DUPLIKAT', 'ĆMA i ŻUK'] },
  { name: 'correction', render: async () => (await renderInvoicePdf(fonts, office, correction(4, 'ŁĄKA ŚWIĘTA Sp. j.'))).bytes, mustRead: ['FAKTURA KORYGUJĄCA', 'ŁĄKA ŚWIĘTA', 'Przyczyna korekty'] },
  { name: 'print batch', render: async () => (await renderInvoiceBatch(fonts, office, [invoice(5, 'Ńa Ńa'), correction(7, 'ŹRÓDŁO Ęko')], 'Wydruk')).bytes, mustRead: ['ŹRÓDŁO Ęko', 'Faktura VAT nr'] },
  { name: 'case letter', render: poison, mustRead: ['Zofia Ćwik', CAPITALS] },
  {
    name: 'dispatch sheet',
    render: () =>
      dispatchSheetPdf(resourcesDir, office, {
        caseNo: 'AW/K1/2026/000003',
        urgent: true,
        receivedAt: '2026-05-04T06:00:00Z',
        takenBy: 'Ewa Ćwiklińska',
        channel: 'telefon',
        location: 'ul. Łąkowa 4, ZAMOŚĆ — ŚLUZA',
        description: 'WYCIEK PRZY ZASUWIE, ŻWIR NA JEZDNI, ÓSMA ROZPORA',
        callbackPhone: '+48 601 234 567',
        reporterName: 'Ćwik Żaneta',
        customer: null,
        department: 'Dział sieci — ŁĄCZNOŚĆ',
        routedAt: '2026-05-04T06:05:00Z',
        routedBy: 'Ęwa Ńowak',
        notes: ['ŹRÓDŁO WYCIEKU: ŚWIEŻY ŁUK'],
      }),
    mustRead: ['PILNE', 'ŻWIR NA JEZDNI, ÓSMA ROZPORA'],
  },
  ...(['registration', 'e_invoice', 'e_invoice_withdrawal', 'e_invoice_email_change'] as FormKind[]).flatMap((kind) => [
    { name: `form ${kind} (blank)`, render: () => consentFormPdf(resourcesDir, office, kind, texts, null, '2026-05-04'), mustRead: ['ŚWIADCZENIE USŁUG'] },
    { name: `form ${kind} (filled)`, render: () => consentFormPdf(resourcesDir, office, kind, texts, formCustomer, '2026-05-04'), mustRead: ['ŻÓŁĆ I ŚLĘZAK'] },
  ]),
  { name: 'consent slip', render: () => consentSlipPdf(resourcesDir, office, consentEvent), mustRead: ['ŁUCJA ŚLĘZAK-ŻÓŁĆ', 'Ów Źdźbło'] },
  {
    name: 'consent proof',
    render: () =>
      consentProofPdf(resourcesDir, office, {
        customerNo: '100321',
        customerName: 'ŁUCJA ŚLĘZAK-ŻÓŁĆ',
        consents,
        texts: [{ textId: 'e-faktura', version: '2026.1', title: 'Akceptacja faktur elektronicznych', sha256: 'a'.repeat(64), content: `TREŚĆ — ${CAPITALS}`, intact: true }],
        generatedAt: '2026-05-20T10:00:00Z',
        generatedBy: 'Ewa Ćwiklińska',
      }),
    mustRead: ['ŁUCJA ŚLĘZAK-ŻÓŁĆ', `TREŚĆ — ${CAPITALS}`],
  },
  {
    name: 'credentials letter',
    render: () =>
      credentialsLetterPdf(resourcesDir, office, {
        recipient: { name: 'ŁUCJA ŚLĘZAK-ŻÓŁĆ', address: addressLines },
        customerNo: '100321',
        login: 'lucja.slezak',
        password: 'Óż-7Ćkq',
        portalUrl: 'https://ibok.pgk.zamosc.pl',
        issuedOn: '2026-05-04',
        applicationNo: 'WN/K1/2026/000004',
        applicationDate: '2026-05-02',
        reset: false,
      }),
    mustRead: ['ŁUCJA ŚLĘZAK-ŻÓŁĆ', 'Óż-7Ćkq'],
  },
  {
    name: 'rejection letter',
    render: () =>
      rejectionLetterPdf(resourcesDir, office, {
        recipient: { name: 'Ćwik Żaneta', address: addressLines },
        applicationNo: 'WN/K1/2026/000005',
        applicationDate: '2026-05-02',
        customerNo: '100999',
        reason: 'NUMER KLIENTA NIE ODPOWIADA NAZWISKU — ĆWIK ŻANETA',
        issuedOn: '2026-05-04',
      }),
    mustRead: ['NUMER KLIENTA NIE ODPOWIADA NAZWISKU — ĆWIK ŻANETA'],
  },
  { name: 'statement', render: async () => (await renderStatementPdf(fonts, office, settlement, { address, from: '2026-04-01' })).bytes, mustRead: ['Zestawienie rozliczeń', 'ŁĄCZNIE'] },
  { name: 'receipt', render: async () => (await renderReceiptPdf(fonts, office, { payment, customerNo: '100321', customerName: 'ŁUCJA ŚLĘZAK-ŻÓŁĆ', clerk: 'Ewa Ćwiklińska', balance: -12_345 })).bytes, mustRead: ['Potwierdzenie wpłaty KP'] },
  { name: 'meter protocol', render: () => meterProtocolPdf(resourcesDir, office, replacement, { customer: 'ŁUCJA ŚLĘZAK-ŻÓŁĆ', customerNo: '100321', contractNo: 'U/K1/2024/00017' }), mustRead: ['Protokół wymiany wodomierza', 'ZUŻYCIE WYŻSZE NIŻ ŚREDNIA'] },
  { name: 'meters due list', render: () => dueListPdf(resourcesDir, office, dueList), mustRead: ['Wodomierze do wymiany', 'ŁUCJA ŚLĘZAK-ŻÓŁĆ'] },
]

/** A fixed shuffle (a linear congruential generator), so a failing order can be replayed. */
function shuffled<T>(list: readonly T[], seed: number): T[] {
  const out = [...list]
  let s = seed
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

async function renderAndCheck(doc: (typeof DOCUMENTS)[number], round: string) {
  const { bytes, pages } = await drawn(doc.render)
  const text = expectTextLayer(`${doc.name} (${round})`, bytes, pages)
  for (const phrase of doc.mustRead) expect(text, `${doc.name} (${round})`).toContain(squeeze(phrase))
}

let desk: TestDesk | null = null
afterAll(() => desk?.dispose())

describe('the text layer of every document, in one process, after a document with Polish capitals', () => {
  it('a reply letter to "Ćwik" first, then every document type in order, reversed and shuffled', async () => {
    // The poisoning document comes first in this process (the fonts are parsed with it).
    await renderAndCheck(DOCUMENTS.find((d) => d.name === 'case letter')!, 'first')
    const orders: Array<[string, typeof DOCUMENTS]> = [
      ['in order', DOCUMENTS],
      ['reversed', [...DOCUMENTS].reverse()],
      ['shuffled 1', shuffled(DOCUMENTS, 15)],
      ['shuffled 2', shuffled(DOCUMENTS, 2026)],
    ]
    for (const [round, docs] of orders) {
      for (const doc of docs) {
        await renderAndCheck(doc, round)
        // A poisoning letter between any two documents changes nothing.
        if (round === 'shuffled 2') await renderAndCheck(DOCUMENTS.find((d) => d.name === 'case letter')!, `${round}, after ${doc.name}`)
      }
    }
  }, 120_000)

  it('the RODO data export of a customer (made by the desk) reads back as drawn, between other documents', async () => {
    const setUp = await makeSetUpDesk({ now: () => new Date('2026-05-20T08:00:00Z') })
    desk = setUp.desk
    const customer = await desk.call(
      'customers.create',
      { kind: 'person', firstName: 'Łucja', lastName: 'Ślęzak-Żółć', pesel: null, email: 'lucja@example.pl', correspondenceAddress: { street: 'Ółtarzewska', houseNo: '4', flatNo: null, postalCode: '22-400', city: 'Zamość' } },
      setUp.token,
    )
    for (const doc of [DOCUMENTS[0], ...shuffled(DOCUMENTS, 7).slice(0, 3)]) {
      const { bytes, pages } = await drawn(async () => Buffer.from((await desk!.call('customers.exportData', { id: customer.id }, setUp.token)).pdfBase64, 'base64'))
      expect(expectTextLayer('RODO export', bytes, pages)).toContain(squeeze('Ślęzak-Żółć'))
      await renderAndCheck(doc, 'between exports')
    }
  }, 60_000)
})

describe('the text layer in the PDF worker pool', () => {
  let pool: PdfPool | null = null
  afterAll(() => pool?.close())

  it('a worker thread that made a document with Polish capitals first makes every later invoice with its full text', async () => {
    // One worker, so every job runs in the same thread after the poisoning batch.
    pool = new PdfPool(resourcesDir, 1)
    // An invoice's own labels use most capitals ("VAT", "Nabywca", "Cena", "Okres"…) but no "E":
    // the "E" of "Ę" is fetched as a bare component and, before the fix, lost for every later "E".
    const first = [invoice(11, `Zofia Ćwik ${CAPITALS}`)]
    expect(JSON.stringify(first)).not.toMatch(/E/)
    const later = [invoice(21, 'EKO-ENERGIA Ósemka'), correction(23, 'ŁĄKA ŚWIĘTA'), invoice(25, 'Ńa ĘĄ'), invoice(27, 'Zwykła Nazwa'), correction(29, 'ŻUK')]
    const poisoned = await pool.renderBatch(office, first, 'Wydruk')
    const batch = await pool.renderBatch(office, [...later].reverse(), 'Wydruk 2')
    const single = await pool.renderInvoices(office, later)
    expect(pool.usesWorkers).toBe(true)
    // What each invoice should read: drawn here, in the main thread, with the same code.
    const intended = async (invoices: PrintableInvoice[]) => (await drawn(async () => (await renderInvoiceBatch(fonts, office, invoices, 'x')).bytes)).pages
    expectTextLayer('worker: first batch', poisoned.bytes, await intended(first))
    expectTextLayer('worker: later batch', batch.bytes, await intended([...later].reverse()))
    for (const [i, pdf] of single.entries()) {
      const text = expectTextLayer(`worker: ${later[i].number}`, pdf.bytes, (await drawn(async () => (await renderInvoicePdf(fonts, office, later[i])).bytes)).pages)
      for (const phrase of ['Okres rozliczeniowy', 'Nabywca', later[i].buyer.name]) expect(text).toContain(squeeze(phrase))
    }
  }, 180_000)
})
