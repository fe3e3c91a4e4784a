// Consent paperwork: the confirmation slip handed to the customer when a consent event is
// recorded, and the proof export listing every event with its text version and evidence (for
// a complaint or an audit), with the full text of every version referred to.
import type { ConsentEventView, CustomerConsents, OfficeSettings } from '../../shared/api/types'
import { CONSENT_ACTION_LABELS, CONSENT_TYPE_LABELS, E_INVOICE_SCOPE_LABELS } from '../../shared/domain/consents'
import { formatDate, formatDateTime } from '../../shared/domain/dates'
import { formSignatures } from './form-kit'
import { loadFontFiles, PdfBuilder } from './pdf-kit'

const scopeText = (e: ConsentEventView) => (e.scope.length ? e.scope.map((s) => E_INVOICE_SCOPE_LABELS[s]).join(', ') : '—')
const signerText = (e: ConsentEventView) =>
  e.signerKind === 'customer'
    ? 'klient osobiście'
    : e.signerKind === 'staff'
      ? `pracownik: ${e.staffName ?? '—'}`
      : `pełnomocnik: ${e.representativeName ?? '—'} (umocowanie: ${e.authorisation ?? '—'})`
const channelText = (e: ConsentEventView) =>
  e.channel === 'paper'
    ? `formularz papierowy w ${e.workstation}${e.scan ? `; skan ${e.scan.fileName}` : '; bez skanu'}`
    : e.channel === 'electronic'
      ? `elektronicznie, adres IP ${e.ipAddress ?? '—'}`
      : `wpis pracownika biura (${e.workstation})`
const textText = (e: ConsentEventView) => (e.text ? `${e.text.title ?? e.text.textId}, wersja ${e.text.version}` : '—')
const signedText = (e: ConsentEventView) => (e.signedAt ? formatDateTime(e.signedAt) : formatDate(e.signedOn))

export function consequenceOf(e: ConsentEventView): string {
  if (e.type === 'e_invoice') {
    if (e.action === 'accept') return `Od ${formatDate(e.effectiveOn)} faktury będą przesyłane wyłącznie e-mailem na adres ${e.email}; faktury papierowe nie będą wysyłane.`
    if (e.action === 'withdraw') return `Od ${formatDate(e.effectiveOn)} faktury będą przesyłane w formie papierowej na adres korespondencyjny.`
    if (e.action === 'change_email') return `Od ${formatDate(e.effectiveOn)} faktury będą przesyłane na nowy adres ${e.email}.`
  }
  if (e.type === 'regulamin') return e.action === 'accept' ? 'Zawarto umowę o świadczenie usług drogą elektroniczną (iBOK).' : 'Umowa o świadczenie usług drogą elektroniczną (iBOK) została wypowiedziana.'
  if (e.type === 'sms') return e.action === 'accept' ? `Powiadomienia SMS będą wysyłane na numer ${e.phone}.` : 'Powiadomienia SMS nie będą wysyłane.'
  return ''
}

export async function consentSlipPdf(resourcesDir: string, office: OfficeSettings | null, e: ConsentEventView): Promise<Uint8Array> {
  const title = `Potwierdzenie ${e.documentNo}`
  const pdf = await PdfBuilder.create(loadFontFiles(resourcesDir), { title, office })
  pdf.heading('Potwierdzenie przyjęcia oświadczenia', 13)
  pdf.text(`Nr rejestracyjny ${e.documentNo}`, { size: 10.5, bold: true, gapAfter: 6 })
  pdf.keyValues([
    ['Klient', `${e.customerName} (nr klienta ${e.customerNo})`],
    ['Oświadczenie', `${CONSENT_TYPE_LABELS[e.type]} — ${CONSENT_ACTION_LABELS[e.action]}`],
    ...(e.type === 'e_invoice' && e.action === 'accept' ? [['Zakres', scopeText(e)] as [string, string]] : []),
    ...(e.email ? [['Adres e-mail', e.email] as [string, string]] : []),
    ...(e.phone ? [['Telefon', e.phone] as [string, string]] : []),
    ['Treść', textText(e)],
    ['Podpisano', signedText(e)],
    ['Podpisał', signerText(e)],
    ['Obowiązuje od', formatDate(e.effectiveOn)],
    ['Przyjęto', `${formatDateTime(e.registeredAt)}, ${e.workstation}`],
    ['Przyjął', e.staffName ?? '—'],
  ])
  pdf.text(consequenceOf(e), { size: 10.5, bold: true, gapAfter: 8 })
  pdf.text(
    'Zgodę lub akceptację można w każdej chwili wycofać, składając oświadczenie w Biurze Obsługi Klienta albo pisemnie. Wycofanie nie wpływa na zgodność z prawem działań podjętych przed wycofaniem.',
    { size: 8.8, gapAfter: 14 },
  )
  formSignatures(pdf, ['Data i podpis pracownika Biura Obsługi Klienta'])
  return pdf.save()
}

export interface ProofText {
  textId: string
  version: string
  title: string
  sha256: string
  content: string
  /** The stored text still hashes to the recorded value. */
  intact: boolean
}

export async function consentProofPdf(
  resourcesDir: string,
  office: OfficeSettings | null,
  data: { customerNo: string; customerName: string; consents: CustomerConsents; texts: ProofText[]; generatedAt: string; generatedBy: string | null },
): Promise<Uint8Array> {
  const pdf = await PdfBuilder.create(loadFontFiles(resourcesDir), { title: `Zgody klienta ${data.customerNo}`, office })
  pdf.heading('Dowód udzielenia zgód i akceptacji', 13)
  pdf.text(
    `Zestawienie wszystkich zarejestrowanych zdarzeń dotyczących zgód i akceptacji klienta ${data.customerName} (nr klienta ${data.customerNo}), sporządzone ${formatDateTime(data.generatedAt)}${data.generatedBy ? ` przez ${data.generatedBy}` : ''}. Zdarzenia nie są nigdy zmieniane ani usuwane; wycofanie, zmiana adresu i anulowanie omyłkowego wpisu są osobnymi zdarzeniami.`,
    { size: 9, gapAfter: 6 },
  )
  pdf.heading(`Stan na ${formatDate(data.consents.asOf)}`, 11)
  pdf.table(
    [
      { header: 'Rodzaj', width: 3 },
      { header: 'Stan', width: 1.3 },
      { header: 'Od', width: 1.3 },
      { header: 'Adres / telefon', width: 3 },
      { header: 'Wersja tekstu', width: 1.4 },
    ],
    data.consents.statuses.map((s) => [s.label, s.active ? 'udzielona' : 'brak', formatDate(s.since), s.email ?? s.phone ?? '—', s.textVersion ?? '—']),
  )
  pdf.text(data.consents.delivery.summary, { size: 9.5, bold: true, gapAfter: 6 })

  pdf.heading('Zdarzenia', 11)
  const events = [...data.consents.history].reverse()
  pdf.table(
    [
      { header: 'Nr', width: 2.3 },
      { header: 'Rejestracja', width: 1.7 },
      { header: 'Rodzaj i czynność', width: 2.8 },
      { header: 'Podpisano', width: 1.6 },
      { header: 'Od dnia', width: 1.3 },
      { header: 'Pracownik', width: 1.9 },
    ],
    events.map((e) => [
      e.documentNo,
      formatDateTime(e.registeredAt),
      `${CONSENT_TYPE_LABELS[e.type]} — ${CONSENT_ACTION_LABELS[e.action]}${e.annulledBy ? ' (ANULOWANE)' : ''}`,
      signedText(e),
      formatDate(e.effectiveOn),
      e.staffName ?? 'portal',
    ]),
  )

  pdf.heading('Szczegóły i dowody', 11)
  for (const e of events) {
    pdf.ensure(150) // one event's evidence on one page
    pdf.text(`${e.documentNo} — ${CONSENT_TYPE_LABELS[e.type]}, ${CONSENT_ACTION_LABELS[e.action]}`, { size: 9.5, bold: true, gapAfter: 2 })
    const pairs: Array<[string, string]> = [
      ['Treść', textText(e)],
      ['Klauzula informacyjna', e.infoClause ? `wersja ${e.infoClause.version}` : '—'],
      ['Zakres', scopeText(e)],
      ['Adres e-mail / telefon', e.email ?? e.phone ?? '—'],
      ['Podpisał', signerText(e)],
      ['Kanał i dowód', channelText(e)],
      ['Stanowisko', `${e.stationCode} — ${e.workstation}`],
    ]
    if (e.applicationNo) pairs.push(['Z wniosku iBOK', e.applicationNo])
    if (e.contractNo) pairs.push(['Umowa', e.contractNo])
    if (e.note) pairs.push(['Uwagi', e.note])
    if (e.annulledBy) pairs.push(['Anulowane', `${e.annulledBy.documentNo} z ${formatDateTime(e.annulledBy.at)}: ${e.annulledBy.reason ?? ''}`])
    pdf.keyValues(pairs, 0.26)
    // Hashes in full, each on one line, so they can be compared character by character.
    const hashes = [
      e.text && `SHA-256 treści: ${e.text.sha256}`,
      e.infoClause && `SHA-256 klauzuli: ${e.infoClause.sha256}`,
      e.scan && `SHA-256 skanu: ${e.scan.sha256}`,
    ].filter((h): h is string => Boolean(h))
    if (hashes.length) pdf.text(hashes.join('\n'), { size: 7.5, gapAfter: 6 })
  }

  if (data.texts.length) {
    pdf.ensure(pdf.remaining + 1)
    pdf.heading('Treść zaakceptowanych wersji tekstów', 12)
    for (const t of data.texts) {
      pdf.text(`${t.title} — wersja ${t.version}`, { size: 10, bold: true, gapAfter: 1 })
      pdf.text(`SHA-256 ${t.sha256}${t.intact ? '' : ' — UWAGA: przechowywana treść nie zgadza się z sumą kontrolną'}`, { size: 7.5, gapAfter: 3 })
      for (const para of t.content.split('\n').filter(Boolean)) pdf.text(para, { size: 8, gapAfter: 2 })
      pdf.spacer(6)
    }
  }
  return pdf.save()
}
