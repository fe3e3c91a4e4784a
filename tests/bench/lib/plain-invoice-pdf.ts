// The PDF bench's anchor (issue 19): the same invoice drawn the straightforward way with pdf-lib —
// @pdf-lib/fontkit, both fonts embedded (subset) in every document, one drawText per line of text,
// pdf-lib's own deflate — with the same text as the app's: header facts, seller and buyer, every
// line, the VAT rates, the amount due, the readings. No layout engine, no caches, no QR code.
import fontkit from '@pdf-lib/fontkit'
import { PDFDocument } from 'pdf-lib'
import { formatDate } from '../../../shared/domain/dates'
import { formatGrosze } from '../../../shared/domain/money'
import type { FontFiles } from '../../../src-main/documents/pdf-kit'
import type { PrintableInvoice } from '../../../src-main/documents/invoice-pdf'

const A4: [number, number] = [595.28, 841.89]
const MARGIN = 40
const amount = (grosze: number) => formatGrosze(grosze)

export async function plainInvoicePdf(fonts: FontFiles, inv: PrintableInvoice): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  doc.registerFontkit(fontkit)
  doc.setTitle(`Faktura ${inv.number}`)
  const regular = await doc.embedFont(fonts.regular, { subset: true })
  const bold = await doc.embedFont(fonts.bold, { subset: true })
  let page = doc.addPage(A4)
  let y = A4[1] - MARGIN
  const line = (text: string, size = 9, isBold = false) => {
    if (y < MARGIN + size) {
      page = doc.addPage(A4)
      y = A4[1] - MARGIN
    }
    y -= size * 1.4
    page.drawText(text, { x: MARGIN, y, size, font: isBold ? bold : regular, maxWidth: A4[0] - 2 * MARGIN })
  }
  const address = (a: PrintableInvoice['seller']['address']) => `${a.street} ${a.houseNo}${a.flatNo ? `/${a.flatNo}` : ''}, ${a.postalCode} ${a.city}`
  line(`${inv.kind === 'correction' ? 'FAKTURA KORYGUJĄCA' : 'Faktura VAT'} nr ${inv.number}`, 15, true)
  line(`Data wystawienia: ${formatDate(inv.issueDate)}, ${inv.placeOfIssue}`)
  line(`Okres rozliczeniowy: ${formatDate(inv.periodFrom)} – ${formatDate(inv.periodTo)}`)
  line(`Termin płatności: ${formatDate(inv.dueDate)}`)
  line(`Numer klienta / umowa: ${inv.buyer.customerNo} / ${inv.contractNo}`)
  line(`Grupa taryfowa: ${inv.tariffGroupName}`)
  line(`Sprzedawca: ${inv.seller.name}, ${address(inv.seller.address)}, NIP ${inv.seller.nip}`)
  line(`Nabywca: ${inv.buyer.name}, ${address(inv.buyer.address)}`)
  for (const l of inv.lines) line(`${l.position}. ${l.name} ${l.quantity} ${l.unit} × ${amount(l.unitNet)} = ${amount(l.net)} netto, VAT ${l.vatBasisPoints / 100}%`)
  for (const r of inv.byRate) line(`VAT ${r.vatBasisPoints / 100}%: netto ${amount(r.net)}, VAT ${amount(r.vat)}, brutto ${amount(r.gross)}`)
  line(`Do zapłaty: ${amount(inv.gross)}`, 13, true)
  line(`Rachunek: ${inv.paymentAccount} (${inv.seller.bankName})`, 11, true)
  for (const r of inv.readings) line(`${r.meterSerial}: ${r.fromValue} (${formatDate(r.fromDate)}) → ${r.toValue} (${formatDate(r.toDate)}), zużycie ${r.consumptionM3} m³`)
  return doc.save()
}
