// Wykaz wodomierzy do wymiany: the office-wide list a manager hands to the fitters — as a printed
// A4 list and as CSV for Excel (semicolons, UTF-8 with a BOM, as a Polish Excel expects).
import type { DueMetersList, OfficeSettings } from '../../shared/api/types'
import { writeCsv } from '../../shared/domain/csv-export'
import { formatDate } from '../../shared/domain/dates'
import { loadFontFiles, PdfBuilder } from './pdf-kit'

const KIND = { main: 'główny', additional: 'dodatkowy' } as const

const STATUS_SHORT = { expired: 'po terminie', expiring: 'wygasa', seal_broken: 'zerwana plomba', valid: 'do wymiany', removed: 'zdjęty' } as const

function rowsOf(list: DueMetersList) {
  return list.rows.map((r) => ({
    serialNo: r.serialNo,
    kind: KIND[r.kind],
    diameter: String(r.diameterMm),
    legalisationYear: String(r.legalisationYear),
    expires: formatDate(r.status.expires),
    status: r.state === 'to_replace' && r.status.code === 'valid' ? 'oznaczony do wymiany' : STATUS_SHORT[r.status.code],
    daysLeft: String(r.status.daysLeft),
    seal: r.sealNo ?? '',
    radio: r.radioId ?? '',
    customer: r.customer?.displayName ?? '',
    customerNo: r.customer?.customerNo ?? '',
    address: r.address,
    lastReading: r.lastReading ? String(r.lastReading.valueM3) : '',
    lastReadOn: r.lastReading ? formatDate(r.lastReading.readOn) : '',
  }))
}

export function dueListCsv(list: DueMetersList): string {
  const header = ['Nr wodomierza', 'Rodzaj', 'Średnica [mm]', 'Rok legalizacji', 'Ważny do', 'Status', 'Dni do końca', 'Nr plomby', 'Moduł radiowy', 'Odbiorca', 'Nr klienta', 'Adres punktu poboru', 'Ostatni odczyt [m³]', 'Data odczytu']
  const lines = rowsOf(list).map((r) => [r.serialNo, r.kind, r.diameter, r.legalisationYear, r.expires, r.status, r.daysLeft, r.seal, r.radio, r.customer, r.customerNo, r.address, r.lastReading, r.lastReadOn])
  return writeCsv([header, ...lines])
}

export async function dueListPdf(resourcesDir: string, office: OfficeSettings | null, list: DueMetersList): Promise<Uint8Array> {
  const title = `Wodomierze do wymiany — stan na ${formatDate(list.asOf)}`
  const pdf = await PdfBuilder.create(loadFontFiles(resourcesDir), { title, office })
  pdf.heading(title, 14)
  pdf.text(
    `Legalizacja po terminie: ${list.counts.expired} · wygasa w ciągu ${list.days} dni: ${list.counts.expiring} · zerwana plomba: ${list.counts.seal_broken} · razem: ${list.rows.length}`,
    { size: 9.5, gapAfter: 8 },
  )
  if (!list.rows.length) pdf.text('Żaden wodomierz nie wymaga wymiany w tym okresie.', { size: 10 })
  else {
    pdf.table(
      [
        { header: 'Nr wodomierza', width: 1.15 },
        { header: 'Adres punktu poboru', width: 2.1 },
        { header: 'Odbiorca', width: 1.7 },
        { header: 'Śr.', width: 0.4, align: 'right' },
        { header: 'Ważny do', width: 0.9 },
        { header: 'Status', width: 1 },
        { header: 'Ostatni odczyt', width: 1 },
      ],
      rowsOf(list).map((r) => [
        r.serialNo,
        r.address,
        r.customer ? `${r.customer} (${r.customerNo})` : '—',
        r.diameter,
        r.expires,
        r.status,
        r.lastReading ? `${r.lastReading} m³, ${r.lastReadOn}` : '—',
      ]),
      8,
    )
  }
  return pdf.save()
}
