// The KSeF verification code (KOD I) on invoice visualisations: the link to KSeF's verification
// service (shared/domain/ksef.ts) as a QR code, drawn as vector rectangles with pdf-lib (crisp at
// any print resolution, no image), with the KSeF number — or OFFLINE before it exists — under it.
import { createHash } from 'node:crypto'
import { fill, popGraphicsState, pushGraphicsState, rectangle, rgb, setFillingRgbColor, type PDFFont, type PDFPage } from 'pdf-lib'
import QRCode from 'qrcode'
import { KSEF_QR_BASE, ksefQrLabel, ksefVerificationUrl, type KsefEnvironment } from '../../shared/domain/ksef'

/**
 * The KSeF environment invoices are sent to: production unless IBOK_KSEF_ENV says test or demo
 * (a training office). The link of each code points there.
 */
export function ksefEnvironment(value = process.env.IBOK_KSEF_ENV): KsefEnvironment {
  return value && value in KSEF_QR_BASE ? (value as KsefEnvironment) : 'prod'
}

/** SHA-256 of the FA(3) file exactly as stored (UTF-8, no BOM) — the bytes sent to KSeF. */
export const fa3Sha256Base64 = (xml: string): string => createHash('sha256').update(xml, 'utf8').digest('base64')

/** KOD I for an invoice with an FA(3) file; null for one outside KSeF. */
export function ksefQrUrlOf(inv: { seller: { nip: string }; issueDate: string; ksefXml: string | null }, environment = ksefEnvironment()): string | null {
  return inv.ksefXml ? ksefVerificationUrl(environment, inv.seller.nip, inv.issueDate, fa3Sha256Base64(inv.ksefXml)) : null
}

/** The dark modules of the QR code (error correction M), row by row. */
export function qrModules(text: string): { size: number; dark: (row: number, col: number) => boolean } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  return { size: modules.size, dark: (row, col) => Boolean(modules.get(row, col)) }
}

/**
 * Draws the code with its top-left corner at (x, top), `side` points wide (without the quiet zone,
 * which the caller leaves blank): one filled path of a rectangle per horizontal run of dark modules.
 */
export function drawQrCode(page: PDFPage, text: string, x: number, top: number, side: number): void {
  const { size, dark } = qrModules(text)
  const m = side / size
  const ops = [pushGraphicsState(), setFillingRgbColor(0, 0, 0)]
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; ) {
      if (!dark(row, col)) {
        col++
        continue
      }
      const start = col
      while (col < size && dark(row, col)) col++
      ops.push(rectangle(x + start * m, top - (row + 1) * m, (col - start) * m, m))
    }
  }
  ops.push(fill(), popGraphicsState())
  page.pushOperators(...ops)
}

/** Side of the printed code: 25 mm, modules of ~0.5 mm for the ~41×41 code of a KSeF link. */
export const KSEF_QR_SIDE = (25 * 72) / 25.4

/**
 * The code block: the QR code on the left with the KSeF number (or OFFLINE) under it, and what it
 * is for on the right. Returns the height used.
 */
export function drawKsefCodeBlock(
  band: { page: PDFPage; x: number; top: number; width: number; regular: PDFFont; bold: PDFFont },
  url: string,
  ksefNumber: string | null,
): void {
  const color = { ink: rgb(0.1, 0.1, 0.12), muted: rgb(0.38, 0.38, 0.42) }
  const { page, x, top, regular, bold } = band
  const quiet = 4 * (KSEF_QR_SIDE / 41)
  drawQrCode(page, url, x + quiet, top - quiet, KSEF_QR_SIDE)
  const label = ksefQrLabel(ksefNumber)
  const labelSize = ksefNumber ? 7 : 9
  page.drawText(label, { x: x + quiet, y: top - quiet - KSEF_QR_SIDE - labelSize - 3, size: labelSize, font: bold, color: color.ink })
  const textX = x + 2 * quiet + KSEF_QR_SIDE + 18
  page.drawText('Kod weryfikujący KSeF (KOD I)', { x: textX, y: top - quiet - 10, size: 9.5, font: bold, color: color.ink })
  const lines = ksefNumber
    ? ['Zeskanuj kod, aby sprawdzić fakturę w Krajowym Systemie e-Faktur', 'i pobrać jej plik XML. Pod kodem: numer KSeF faktury.']
    : ['OFFLINE: faktura przekazana przed nadaniem numeru KSeF;', 'po jej przyjęciu w KSeF kod pozwoli ją sprawdzić i pobrać.']
  lines.forEach((line, i) => page.drawText(line, { x: textX, y: top - quiet - 24 - i * 11, size: 8, font: regular, color: color.muted }))
}

/** Height of the code block (quiet zone, code, label). */
export const KSEF_CODE_BLOCK_HEIGHT = KSEF_QR_SIDE + 2 * 4 * (KSEF_QR_SIDE / 41) + 14
