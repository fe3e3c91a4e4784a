// The reply letter of a case (answer or extension notice): A4 for a DL/C5 window envelope, the
// office's header and footer, the place and date, the case reference, the subject and the text.
// The same PDF is printed for a letter and attached to an e-mail reply.
import type { OfficeSettings } from '../../shared/api/types'
import { formatDate } from '../../shared/domain/dates'
import { loadFontFiles, PdfBuilder } from './pdf-kit'

export interface CaseLetter {
  caseNo: string
  customerNo: string | null
  receivedOn: string
  sentOn: string
  recipientName: string
  /** Address lines under the name, e.g. ["ul. Partyzantów 12/3", "22-400 Zamość"]. */
  recipientAddress: string[]
  subject: string
  body: string
}

export async function caseLetterPdf(resourcesDir: string, office: OfficeSettings, letter: CaseLetter): Promise<Uint8Array> {
  const pdf = await PdfBuilder.create(loadFontFiles(resourcesDir), { title: `${letter.subject}`, office })
  pdf.addressWindow([letter.recipientName, ...letter.recipientAddress])
  pdf.text(`${office.address.city}, dnia ${formatDate(letter.sentOn)}`, { gapAfter: 6 })
  const reference: Array<[string, string]> = [
    ['Znak sprawy', letter.caseNo],
    ['Data wpływu', formatDate(letter.receivedOn)],
  ]
  if (letter.customerNo) reference.push(['Numer klienta', letter.customerNo])
  pdf.keyValues(reference, 0.22)
  pdf.heading(letter.subject, 11.5)
  for (const paragraph of letter.body.split(/\n{2,}/)) pdf.text(paragraph, { size: 10.5, gapAfter: 7 })
  return pdf.save()
}
