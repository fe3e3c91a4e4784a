// The dispatch sheet of a failure report for the emergency crew: what, where, whom to call back,
// how urgent, who took it and when — and a block the crew fills in on site. Printed or e-mailed.
import { rgb } from 'pdf-lib'
import type { OfficeSettings } from '../../shared/api/types'
import { formatDateTime } from '../../shared/domain/dates'
import { loadFontFiles, PdfBuilder } from './pdf-kit'

export interface DispatchSheet {
  caseNo: string
  urgent: boolean
  receivedAt: string
  takenBy: string | null
  channel: string
  location: string
  description: string
  callbackPhone: string | null
  reporterName: string | null
  customer: string | null
  department: string
  routedAt: string | null
  routedBy: string | null
  notes: string[]
}

const ALERT = rgb(0.72, 0.07, 0.07)

export async function dispatchSheetPdf(resourcesDir: string, office: OfficeSettings, sheet: DispatchSheet): Promise<Uint8Array> {
  const pdf = await PdfBuilder.create(loadFontFiles(resourcesDir), { title: `Karta zgłoszenia awarii ${sheet.caseNo}`, office })
  pdf.heading(`Karta zgłoszenia awarii nr ${sheet.caseNo}`, 15)
  if (sheet.urgent) pdf.text('PILNE — wyjazd natychmiast', { size: 14, bold: true, color: ALERT, gapAfter: 8 })
  pdf.keyValues([
    ['Miejsce awarii', sheet.location],
    ['Opis zgłoszenia', sheet.description],
    ['Telefon do zgłaszającego', sheet.callbackPhone ?? '—'],
    ['Zgłaszający', sheet.reporterName ?? '—'],
    ['Klient', sheet.customer ?? '— (zgłoszenie bez klienta)'],
  ])
  pdf.keyValues([
    ['Przyjęto', `${formatDateTime(sheet.receivedAt)} (${sheet.channel})`],
    ['Przyjął(-ęła)', sheet.takenBy ?? '—'],
    ['Przekazano do', sheet.department],
    ['Przekazano', sheet.routedAt ? `${formatDateTime(sheet.routedAt)}${sheet.routedBy ? `, ${sheet.routedBy}` : ''}` : 'jeszcze nie przekazano'],
  ])
  if (sheet.notes.length) {
    pdf.text('Uwagi dla ekipy', { bold: true, size: 10.5 })
    for (const note of sheet.notes) pdf.text(`• ${note}`, { size: 10 })
  }
  pdf.spacer(6)
  pdf.text('Wypełnia ekipa na miejscu', { bold: true, size: 10.5 })
  pdf.table(
    [
      { header: 'Pozycja', width: 1 },
      { header: 'Wpis ekipy', width: 2.6 },
    ],
    [
      ['Godzina przyjazdu', '\n'],
      ['Stwierdzono', '\n\n\n'],
      ['Wykonane prace i użyte materiały', '\n\n\n\n'],
      ['Godzina zakończenia', '\n'],
      ['Czy odcięto dostawę wody? Komu?', '\n\n'],
      ['Brygadzista (imię, nazwisko, podpis)', '\n\n'],
    ],
    10,
  )
  return pdf.save()
}
