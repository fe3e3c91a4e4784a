// Protokół wymiany wodomierza: what the fitter found and left — the old meter's final reading and
// seal, the new meter's initial reading, seal and legalisation — with the consumption the old
// meter still owes, and signatures of the fitter and the customer.
import type { OfficeSettings, ReplacementView } from '../../shared/api/types'
import { formatAddressLine } from '../../shared/domain/customer-format'
import { formatDate, formatDateTime } from '../../shared/domain/dates'
import { legalisationExpiry } from '../../shared/domain/meters'
import { loadFontFiles, PdfBuilder } from './pdf-kit'

export interface ProtocolParty {
  customer: string | null
  customerNo: string | null
  contractNo: string | null
}

const m3 = (v: number) => `${new Intl.NumberFormat('pl-PL', { useGrouping: 'always' }).format(v)} m³`
const SEAL = { intact: 'nienaruszona', broken: 'zerwana' } as const

export async function meterProtocolPdf(resourcesDir: string, office: OfficeSettings | null, r: ReplacementView, party: ProtocolParty): Promise<Uint8Array> {
  const pdf = await PdfBuilder.create(loadFontFiles(resourcesDir), { title: `Protokół wymiany wodomierza ${r.protocolNo}`, office })
  pdf.heading(`Protokół wymiany wodomierza nr ${r.protocolNo}`, 15)
  pdf.keyValues([
    ['Data wymiany', formatDate(r.replacedOn)],
    ['Punkt poboru', formatAddressLine(r.address)],
    ['Odbiorca', party.customer ? `${party.customer}${party.customerNo ? ` (nr klienta ${party.customerNo})` : ''}` : '—'],
    ['Umowa', party.contractNo ?? '—'],
    ['Przyczyna wymiany', r.reasonLabel],
  ])
  pdf.table(
    [
      { header: '', width: 1.2 },
      { header: 'Wodomierz zdemontowany', width: 1.4 },
      { header: 'Wodomierz zamontowany', width: 1.4 },
    ],
    [
      ['Numer fabryczny', r.old.serialNo, r.new.serialNo],
      ['Średnica', `${r.old.diameterMm} mm`, `${r.new.diameterMm} mm`],
      ['Legalizacja', `${r.old.legalisationYear} r.`, `${r.new.legalisationYear} r., ważna do ${formatDate(legalisationExpiry(r.new.legalisationYear))}`],
      ['Plomba', `stan: ${SEAL[r.old.sealState]}`, `nr ${r.new.sealNo}, założona`],
      ['Stan liczydła', `${m3(r.old.finalM3)} (końcowy)`, `${m3(r.new.initialM3)} (początkowy)`],
      ['Moduł radiowy', '—', r.new.radioId ?? 'brak'],
    ],
    10,
  )
  if (r.old.previous) {
    const owed = r.old.finalM3 - r.old.previous.valueM3
    pdf.text(
      `Zużycie na wodomierzu zdemontowanym od ostatniego odczytu (${m3(r.old.previous.valueM3)} z ${formatDate(r.old.previous.readOn)}): ${m3(owed)}. ` +
        'W rozliczeniu okresu: (stan końcowy starego − poprzedni odczyt starego) + (stan bieżący nowego − stan początkowy nowego).',
      { size: 9.5 },
    )
  }
  if (r.finalReadingFlags.length) {
    pdf.text('Stan końcowy do wyjaśnienia:', { bold: true, size: 10 })
    for (const f of r.finalReadingFlags) pdf.text(`• ${f.message}`, { size: 9.5 })
  }
  pdf.keyValues([
    ['Monter', r.fitterName],
    ['Uwagi', r.note ?? '—'],
    ['Wprowadził(a)', `${r.createdByName ?? '—'}, ${formatDateTime(r.createdAt)}`],
  ])
  pdf.spacer(28)
  pdf.text('......................................................                    ......................................................', { size: 10 })
  pdf.text('             podpis montera                                                               podpis odbiorcy', { size: 8.5 })
  return pdf.save()
}
