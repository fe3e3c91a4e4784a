// Letters of the iBOK registration, A4 for a DL/C5 window envelope: the credentials letter (the
// alternative to the credentials e-mail — the only copy of the initial password) and the letter
// rejecting an application with its reason.
import { rgb } from 'pdf-lib'
import type { OfficeSettings } from '../../shared/api/types'
import { formatDate } from '../../shared/domain/dates'
import { loadFontFiles, PdfBuilder } from './pdf-kit'

export interface Recipient {
  name: string
  /** Address lines under the name, e.g. ["ul. Partyzantów 12/3", "22-400 Zamość"]. */
  address: string[]
}

export interface CredentialsLetter {
  recipient: Recipient
  customerNo: string
  login: string
  password: string
  portalUrl: string
  issuedOn: string
  applicationNo: string | null
  applicationDate: string | null
  /** A reset of an existing account rather than a new one. */
  reset: boolean
}

const BOX = rgb(0.55, 0.55, 0.6)
const INK = rgb(0.1, 0.1, 0.12)

export async function credentialsLetterPdf(resourcesDir: string, office: OfficeSettings, l: CredentialsLetter): Promise<Uint8Array> {
  const pdf = await PdfBuilder.create(loadFontFiles(resourcesDir), { title: 'Dane logowania do iBOK', office })
  pdf.addressWindow([l.recipient.name, ...l.recipient.address])
  pdf.text(`${office.address.city}, dnia ${formatDate(l.issuedOn)}`, { gapAfter: 6 })
  const reference: Array<[string, string]> = [['Numer klienta', l.customerNo]]
  if (l.applicationNo) reference.push(['Wniosek', `${l.applicationNo}${l.applicationDate ? ` z ${formatDate(l.applicationDate)}` : ''}`])
  pdf.keyValues(reference, 0.22)
  pdf.heading('Dane logowania do Internetowego Biura Obsługi Klienta', 12)
  pdf.text('Szanowni Państwo,', { size: 10.5, gapAfter: 5 })
  pdf.text(
    l.reset
      ? 'na Państwa prośbę nadaliśmy nowe hasło do konta w Internetowym Biurze Obsługi Klienta (iBOK). Dotychczasowe hasło przestało działać.'
      : 'na podstawie Państwa wniosku założyliśmy konto w Internetowym Biurze Obsługi Klienta (iBOK). Poniżej przekazujemy dane do pierwszego logowania.',
    { size: 10.5, gapAfter: 8 },
  )
  pdf.block(66, ({ page, x, top, width, regular, bold }) => {
    page.drawRectangle({ x, y: top - 62, width, height: 62, borderColor: BOX, borderWidth: 0.8 })
    page.drawText('Adres iBOK', { x: x + 10, y: top - 16, size: 9, font: regular, color: INK })
    page.drawText(l.portalUrl, { x: x + 120, y: top - 16, size: 10.5, font: bold, color: INK })
    page.drawText('Login', { x: x + 10, y: top - 34, size: 9, font: regular, color: INK })
    page.drawText(l.login, { x: x + 120, y: top - 34, size: 12, font: bold, color: INK })
    page.drawText('Hasło jednorazowe', { x: x + 10, y: top - 53, size: 9, font: regular, color: INK })
    page.drawText(l.password, { x: x + 120, y: top - 53, size: 13, font: bold, color: INK })
  })
  pdf.spacer(6)
  for (const line of [
    '1. Prosimy wejść na stronę iBOK podaną wyżej i zalogować się: login to numer klienta z faktury, hasło — jak wyżej (wielkość liter w haśle ma znaczenie).',
    '2. Przy pierwszym logowaniu prosimy ustalić własne hasło. Dopiero wtedy konto staje się aktywne.',
    '3. Hasło jednorazowe zostało wylosowane i nie jest przechowywane przez Przedsiębiorstwo — nie możemy go odczytać ani przypomnieć. Jeżeli ten list zaginie, prosimy zwrócić się o nowe hasło do Biura Obsługi Klienta.',
    '4. Prosimy nie przekazywać hasła innym osobom. Pracownicy Przedsiębiorstwa nigdy nie proszą o podanie hasła.',
  ])
    pdf.text(line, { size: 9.5, gapAfter: 3 })
  pdf.spacer(10)
  pdf.text('Z poważaniem', { size: 10.5, gapAfter: 2 })
  pdf.text(`Biuro Obsługi Klienta\n${office.name}`, { size: 10.5 })
  return pdf.save()
}

export interface RejectionLetter {
  recipient: Recipient
  applicationNo: string
  applicationDate: string
  customerNo: string
  reason: string
  issuedOn: string
}

export async function rejectionLetterPdf(resourcesDir: string, office: OfficeSettings, l: RejectionLetter): Promise<Uint8Array> {
  const pdf = await PdfBuilder.create(loadFontFiles(resourcesDir), { title: `Wniosek ${l.applicationNo} — odmowa`, office })
  pdf.addressWindow([l.recipient.name, ...l.recipient.address])
  pdf.text(`${office.address.city}, dnia ${formatDate(l.issuedOn)}`, { gapAfter: 6 })
  pdf.keyValues(
    [
      ['Wniosek', `${l.applicationNo} z ${formatDate(l.applicationDate)}`],
      ['Numer klienta we wniosku', l.customerNo],
    ],
    0.28,
  )
  pdf.heading('Odmowa założenia konta w Internetowym Biurze Obsługi Klienta', 12)
  pdf.text('Szanowni Państwo,', { size: 10.5, gapAfter: 5 })
  pdf.text('uprzejmie informujemy, że nie mogliśmy założyć konta w iBOK na podstawie Państwa wniosku rejestracyjnego. Przyczyna:', { size: 10.5, gapAfter: 5 })
  pdf.text(l.reason, { size: 10.5, bold: true, gapAfter: 8 })
  pdf.text(
    'Prosimy o złożenie nowego wniosku. Numer klienta oraz numer faktury znajdą Państwo w górnej części każdej faktury; podany we wniosku numer faktury musi dotyczyć faktury wystawionej w ostatnich 12 miesiącach. Wniosek można złożyć w Biurze Obsługi Klienta albo przesłać pocztą.',
    { size: 10.5, gapAfter: 6 },
  )
  const contact = [office.phone && `tel. ${office.phone}`, office.email && `e-mail ${office.email}`].filter(Boolean).join(', ')
  if (contact) pdf.text(`W razie pytań prosimy o kontakt: ${contact}.`, { size: 10.5, gapAfter: 10 })
  pdf.text('Z poważaniem', { size: 10.5, gapAfter: 2 })
  pdf.text(`Biuro Obsługi Klienta\n${office.name}`, { size: 10.5 })
  return pdf.save()
}
