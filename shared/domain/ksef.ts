// KSeF (the national e-invoice system) rules shared by the desk and the screens: the number KSeF
// assigns to an invoice, the verification link (KOD I) printed as a QR code on every
// visualisation handed over outside KSeF, and the workflow state of an invoice to a buyer with a
// NIP. Sources: CIRFMF/ksef-api "faktury/numer-ksef.md" (structure and CRC-8 of the number) and
// "kody-qr.md" (the link and the marking under the code).

/** Issuing in KSeF is mandatory for the office (not among the largest taxpayers) from this day. */
export const KSEF_MANDATORY_FROM = '2026-04-01'

/**
 * A KSeF number: seller NIP (10 digits) - date KSeF accepted the invoice (YYYYMMDD) - 12
 * upper-case hex digits - CRC-8 of the first 32 characters (2 hex digits); 35 characters.
 */
export const KSEF_NUMBER_PATTERN = /^(\d{10})-(\d{4})(\d{2})(\d{2})-([0-9A-F]{12})-([0-9A-F]{2})$/

/** CRC-8 as KSeF computes it: polynomial 0x07, initial value 0x00, over the UTF-8 (ASCII) bytes. */
export function crc8(text: string): number {
  let crc = 0
  for (let i = 0; i < text.length; i++) {
    crc ^= text.charCodeAt(i) & 0xff
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff
  }
  return crc
}

const hex2 = (n: number) => n.toString(16).toUpperCase().padStart(2, '0')

/** The number for a seller, a date and a 12-digit technical part, with its checksum (demo data, tests). */
export function makeKsefNumber(sellerNip: string, acceptedOn: string, technical: string): string {
  const data = `${sellerNip}-${acceptedOn.replace(/-/g, '')}-${technical.toUpperCase().padStart(12, '0').slice(-12)}`
  return `${data}-${hex2(crc8(data))}`
}

/** The canonical form of a typed number: no surrounding space, upper case. */
export const canonicalKsefNumber = (value: string): string => value.trim().toUpperCase()

/**
 * What is wrong with a KSeF number (a Polish sentence without the field label), or null. Checks
 * the structure, that the date exists and the CRC-8 checksum — a mistyped character is caught.
 */
export function ksefNumberProblem(value: string): string | null {
  const m = KSEF_NUMBER_PATTERN.exec(canonicalKsefNumber(value))
  if (!m) return 'w formacie NIP-RRRRMMDD-XXXXXXXXXXXX-XX (35 znaków, jak nadał KSeF)'
  const [, , y, mo, d, , check] = m
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)))
  if (Number(y) < 2022 || date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return `data ${d}.${mo}.${y} w numerze nie istnieje`
  if (hex2(crc8(canonicalKsefNumber(value).slice(0, 32))) !== check) return 'suma kontrolna się nie zgadza — sprawdź, czy numer przepisano bez błędu'
  return null
}

/** The date KSeF accepted the invoice, from its number (YYYY-MM-DD). */
export const ksefNumberDate = (ksefNumber: string): string => `${ksefNumber.slice(11, 15)}-${ksefNumber.slice(15, 17)}-${ksefNumber.slice(17, 19)}`

/** Addresses of the verification service per KSeF environment (kody-qr.md, "Środowiska"). */
export const KSEF_QR_BASE = {
  prod: 'https://qr.ksef.mf.gov.pl',
  demo: 'https://qr-demo.ksef.mf.gov.pl',
  test: 'https://qr-test.ksef.mf.gov.pl',
} as const
export type KsefEnvironment = keyof typeof KSEF_QR_BASE

/** Standard Base64 → Base64URL without padding. */
export const base64Url = (base64: string): string => base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

/**
 * KOD I: {base}/invoice/{seller NIP}/{issue date P_1 as DD-MM-YYYY}/{SHA-256 of the XML file, Base64URL}.
 */
export function ksefVerificationUrl(environment: KsefEnvironment, sellerNip: string, issueDate: string, xmlSha256Base64: string): string {
  const [y, m, d] = issueDate.split('-')
  return `${KSEF_QR_BASE[environment]}/invoice/${sellerNip}/${d}-${m}-${y}/${base64Url(xmlSha256Base64)}`
}

/** The text under the QR code: the KSeF number once known, else OFFLINE (kody-qr.md). */
export const ksefQrLabel = (ksefNumber: string | null): string => ksefNumber || 'OFFLINE'

/**
 * Where an invoice stands in KSeF. none: outside KSeF (a consumer, or issued before KSeF without
 * a file); xml: the FA(3) file is ready and awaits its KSeF number — not handed to the buyer yet;
 * number: the number is recorded, delivery follows; delivered: handed over with the QR code.
 */
export type KsefState = 'none' | 'xml' | 'number' | 'delivered'

export function ksefStateOf(inv: { hasXml: boolean; ksefNumber: string | null; delivered: boolean }): KsefState {
  if (!inv.hasXml) return 'none'
  if (!inv.ksefNumber) return 'xml'
  return inv.delivered ? 'delivered' : 'number'
}
