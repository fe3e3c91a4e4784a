// The data-subject export (art. 15 and 20): everything held about a customer as JSON, and the
// same as a PDF for the customer to read.
import { eq } from 'drizzle-orm'
import { contract } from '../../../shared/api/contract'
import { ApiError } from '../../../shared/api/errors'
import { RODO_EXPORT_SECTIONS as SECTION, type CustomerDataExport, type ExportFile } from '../../../shared/api/types/rodo'
import type { DataExport } from '../../../shared/api/types'
import { CASE_STATUS_LABELS, CASE_TYPE_INFO } from '../../../shared/domain/cases'
import { CONSENT_ACTION_LABELS, CONSENT_TYPE_LABELS } from '../../../shared/domain/consents'
import { formatDate, formatDateTime } from '../../../shared/domain/dates'
import { formatGrosze } from '../../../shared/domain/money'
import { formatAddressLine } from '../../../shared/domain/customer-format'
import { PORTAL_ACCOUNT_STATE_LABELS } from '../../../shared/domain/portal'
import { customers } from '../../db/schema'
import { loadFontFiles, PdfBuilder } from '../../documents/pdf-kit'
import type { Services } from '../services'
import { toCustomerSummary } from '../customers/queries'
import { collect, mailAttachments, type Collected } from './collection'

const fileOf = (f: { fileName: string; contentType?: string; mimeType?: string; bytes: number | null; sha256: string; createdAt?: string | null }): ExportFile => ({
  fileName: f.fileName,
  contentType: f.contentType ?? f.mimeType ?? 'application/pdf',
  bytes: f.bytes,
  sha256: f.sha256,
  createdAt: f.createdAt ?? null,
})

/** The export's JSON, shaped by the shared declaration (secrets such as password hashes left out). */
function toExport(data: Collected, base: Pick<CustomerDataExport, 'generatedAt' | 'office' | 'customer'>): CustomerDataExport {
  const account = data.portalAccounts[0]
  return {
    ...base,
    customers: data.customers.map(({ deletedAt: _deleted, ...c }) => c),
    contracts: data.contracts.map((k) => ({ id: k.id, contractNo: k.contractNo, customerId: k.customerId, supplyPointId: k.supplyPointId, services: k.services, billingCycle: k.billingCycle, startDate: k.startDate, endDate: k.endDate, status: k.status })),
    supplyPoints: data.supplyPoints.map((p) => ({ id: p.id, street: p.street, houseNo: p.houseNo, flatNo: p.flatNo, postalCode: p.postalCode, city: p.city })),
    meters: data.meters.map((m) => ({ id: m.id, serialNo: m.serialNo, supplyPointId: m.supplyPointId, kind: m.kind, installedOn: m.installedOn, removedOn: m.removedOn })),
    readings: data.readings.map((r) => ({ id: r.id, meterId: r.meterId, readOn: r.readOn, valueM3: r.valueM3, kind: r.kind, source: r.source, note: r.note, status: r.status })),
    invoices: data.invoices.map((i) => ({
      id: i.id,
      number: i.number,
      kind: i.kind,
      issueDate: i.issueDate,
      periodFrom: i.periodFrom,
      periodTo: i.periodTo,
      dueDate: i.dueDate,
      netTotal: i.netTotal,
      vatTotal: i.vatTotal,
      grossTotal: i.grossTotal,
      buyer: i.buyer,
      supplyPoint: i.supplyPoint,
      paymentAccount: i.paymentAccount,
      lines: data.invoiceLines
        .filter((l) => l.invoiceId === i.id)
        .sort((a, b) => a.position - b.position)
        .map((l) => ({ position: l.position, name: l.name, unit: l.unit, quantity: l.quantity, unitNet: l.unitNet, net: l.net, vatBasisPoints: l.vatBasisPoints })),
      deliveries: data.invoiceDeliveries.filter((d) => d.invoiceId === i.id).map((d) => ({ channel: d.channel, email: d.email, basis: d.basis, createdAt: d.createdAt })),
    })),
    payments: data.payments.map((p) => ({ id: p.id, paidOn: p.paidOn, amount: p.amount, method: p.method, reference: p.reference, payerName: p.payerName, title: p.title, account: p.account, note: p.note })),
    bankTransactions: data.bankTransactions.map((b) => ({ id: b.id, bookedOn: b.bookedOn, amount: b.amount, counterpartyName: b.counterpartyName, counterpartyAccount: b.counterpartyAccount, title: b.title, status: b.status })),
    consentEvents: data.consentEvents.map((e) => ({
      id: e.id,
      documentNo: e.documentNo,
      type: e.type,
      action: e.action,
      scope: e.scope ? (JSON.parse(e.scope) as string[]) : null,
      textId: e.textId,
      textVersion: e.textVersion,
      email: e.email,
      phone: e.phone,
      signedOn: e.signedOn,
      effectiveOn: e.effectiveOn,
      registeredAt: e.registeredAt,
      channel: e.channel,
      signerKind: e.signerKind,
      representativeName: e.representativeName,
      authorisation: e.authorisation,
      ipAddress: e.ipAddress,
      note: e.note,
      scanId: e.scanId,
    })),
    scans: data.scans.map((x) => ({ id: x.id, ...fileOf(x) })),
    mails: data.mails.map((m) => ({
      id: m.id,
      kind: m.kind,
      toAddress: m.toAddress,
      subject: m.subject,
      textBody: m.textBody,
      state: m.state,
      createdAt: m.createdAt,
      sentAt: m.sentAt,
      relatedEntity: m.relatedEntity,
      attachments: mailAttachments(m.attachments).map((a) => fileOf({ ...a, createdAt: m.createdAt })),
    })),
    registrationApplications: data.registrationApplications.map((a) => ({
      id: a.id,
      applicationNo: a.applicationNo,
      state: a.state,
      customerNo: a.customerNo,
      applicantName: a.applicantName,
      supplyAddress: { street: a.supplyStreet, houseNo: a.supplyHouseNo, flatNo: a.supplyFlatNo, postalCode: a.supplyPostalCode, city: a.supplyCity },
      correspondenceAddress: a.correspondenceAddress,
      email: a.email,
      phone: a.phone,
      invoiceNo: a.invoiceNo,
      acceptRegulamin: a.acceptRegulamin,
      acceptEInvoice: a.acceptEInvoice,
      acceptSms: a.acceptSms,
      signedOn: a.signedOn,
      rejectionReason: a.rejectionReason,
      createdAt: a.createdAt,
      scanId: a.scanId,
    })),
    portalAccount: account
      ? {
          id: account.id,
          login: account.login,
          state: account.state,
          email: account.email,
          credentialsChannel: account.credentialsChannel,
          credentialsSentAt: account.credentialsSentAt,
          activatedAt: account.activatedAt,
          lastPortalLoginAt: account.lastPortalLoginAt,
          lockReason: account.lockReason,
          createdAt: account.createdAt,
        }
      : null,
    cases: data.cases.map((c) => ({
      id: c.id,
      caseNo: c.caseNo,
      type: c.type,
      channel: c.channel,
      status: c.status,
      subject: c.subject,
      description: c.description,
      location: c.location,
      callbackPhone: c.callbackPhone,
      reporterName: c.reporterName,
      receivedOn: c.receivedOn,
      closedAt: c.closedAt,
      events: data.caseEvents.filter((e) => e.caseId === c.id).map((e) => ({ at: e.at, kind: e.kind, text: e.text })),
      attachments: data.caseAttachments.filter((a) => a.caseId === c.id).map((a) => ({ id: a.id, ...fileOf(a) })),
      replies: data.caseReplies
        .filter((r) => r.caseId === c.id)
        .map((r) => ({
          id: r.id,
          kind: r.kind,
          channel: r.channel,
          subject: r.subject,
          body: r.body,
          recipientName: r.recipientName,
          recipientEmail: r.recipientEmail,
          recipientAddress: r.recipientAddress,
          sentOn: r.sentOn,
          letter: fileOf({ fileName: `pismo-${c.caseNo.replaceAll('/', '-')}.pdf`, bytes: null, sha256: r.pdfSha256, createdAt: r.createdAt }),
        })),
    })),
    history: data.history,
  }
}

const FILE_COLUMNS = [
  { header: 'Plik', width: 2.4 },
  { header: 'Dodano', width: 1.4 },
  { header: 'SHA-256', width: 5.4 },
]
const fileRow = (f: ExportFile) => [f.fileName, formatDateTime(f.createdAt), f.sha256]

/** Everything held about the customer (art. 15 and 20): the JSON export and its PDF rendering. */
export async function exportCustomerData(s: Services, id: string): Promise<DataExport> {
  const customer = s.db.orm.select().from(customers).where(eq(customers.id, id)).get()
  if (!customer) throw new ApiError('NOT_FOUND', 'Klient: nie istnieje', 'id')
  const data = collect(s, id)
  const summary = toCustomerSummary(customer)
  const generatedAt = s.now().toISOString()
  const json = toExport(data, { generatedAt, office: s.office()?.name ?? null, customer: summary })

  const pdf = await PdfBuilder.create(loadFontFiles(s.resourcesDir), { title: `Dane klienta ${customer.customerNo}`, office: s.office() })
  const section = (title: string, columns: Parameters<PdfBuilder['table']>[0], rows: string[][], size?: number) => {
    pdf.heading(title, 12)
    if (rows.length) pdf.table(columns, rows, size)
    else pdf.text('Brak zapisów.', { size: 9, gapAfter: 8 })
  }
  pdf.heading('Informacja o przetwarzanych danych osobowych')
  pdf.text(
    `Zestawienie wszystkich danych klienta nr ${customer.customerNo} przechowywanych w systemie obsługi klienta, sporządzone ${formatDateTime(generatedAt)} (art. 15 RODO). Pliki (skany, załączniki, pisma) są wymienione z nazwą, datą i skrótem SHA-256; ich kopie wydajemy na żądanie.`,
    { size: 9.5 },
  )
  pdf.heading(SECTION.customers, 12)
  pdf.keyValues([
    ['Klient', summary.displayName],
    ['Nr klienta', customer.customerNo],
    ['PESEL', customer.pesel ?? '—'],
    ['NIP / REGON', [customer.nip, customer.regon].filter(Boolean).join(' / ') || '—'],
    ['E-mail', customer.email ?? '—'],
    ['Telefon', customer.phone ?? '—'],
    ['Adres korespondencyjny', formatAddressLine(summary.correspondenceAddress)],
    ['Rachunek do wpłat', customer.bankAccount],
    ['W rejestrze od', formatDateTime(customer.createdAt)],
  ])
  section(
    SECTION.contracts,
    [{ header: 'Umowa', width: 2 }, { header: 'Punkt poboru', width: 4 }, { header: 'Od', width: 1.4 }, { header: 'Do', width: 1.4 }, { header: 'Stan', width: 1.2 }],
    json.contracts.map((k) => {
      const p = json.supplyPoints.find((sp) => sp.id === k.supplyPointId)!
      return [k.contractNo, formatAddressLine(p), formatDate(k.startDate), formatDate(k.endDate), k.status === 'active' ? 'czynna' : 'rozwiązana']
    }),
  )
  section(
    SECTION.readings,
    [{ header: 'Wodomierz', width: 2 }, { header: 'Data odczytu', width: 2 }, { header: 'Stan [m³]', width: 1.5, align: 'right' }, { header: 'Rodzaj', width: 2 }],
    json.readings.map((r) => [json.meters.find((m) => m.id === r.meterId)!.serialNo, formatDate(r.readOn), String(r.valueM3), r.kind]),
  )
  section(
    SECTION.invoices,
    [{ header: 'Numer', width: 3 }, { header: 'Data', width: 1.6 }, { header: 'Okres', width: 3 }, { header: 'Brutto', width: 2, align: 'right' }, { header: 'Doręczenie', width: 3 }],
    json.invoices.map((i) => [
      i.number,
      formatDate(i.issueDate),
      `${formatDate(i.periodFrom)} – ${formatDate(i.periodTo)}`,
      formatGrosze(i.grossTotal),
      i.deliveries.map((d) => (d.channel === 'email' ? `e-mail ${d.email ?? ''}` : 'papier')).join(', ') || '—',
    ]),
  )
  section(
    SECTION.payments,
    [{ header: 'Data', width: 1.6 }, { header: 'Kwota', width: 2, align: 'right' }, { header: 'Wpłacający', width: 3 }, { header: 'Tytuł', width: 4 }],
    json.payments.map((p) => [formatDate(p.paidOn), formatGrosze(p.amount), p.payerName ?? '', p.title ?? p.reference ?? '']),
  )
  section(
    SECTION.bankTransactions,
    [{ header: 'Data', width: 1.6 }, { header: 'Kwota', width: 2, align: 'right' }, { header: 'Zleceniodawca', width: 3 }, { header: 'Rachunek', width: 3.4 }, { header: 'Tytuł', width: 3 }],
    json.bankTransactions.map((b) => [formatDate(b.bookedOn), formatGrosze(b.amount), b.counterpartyName ?? '', b.counterpartyAccount ?? '', b.title ?? '']),
  )
  pdf.heading(SECTION.consentEvents, 12)
  if (!json.consentEvents.length) pdf.text('Brak zapisów.', { size: 9, gapAfter: 8 })
  for (const e of json.consentEvents) {
    pdf.text(`${e.documentNo} — ${CONSENT_TYPE_LABELS[e.type]}${e.textVersion ? ` (wersja ${e.textVersion})` : ''}: ${CONSENT_ACTION_LABELS[e.action]}`, { size: 9.5, bold: true })
    const signer = e.signerKind === 'representative' ? `pełnomocnik ${e.representativeName ?? ''}${e.authorisation ? ` (${e.authorisation})` : ''}` : e.signerKind === 'staff' ? 'pracownik biura' : 'klient'
    pdf.keyValues([
      ['E-mail', e.email ?? '—'],
      ['Telefon', e.phone ?? '—'],
      ['Podpisano / obowiązuje od', `${formatDate(e.signedOn)} / ${formatDate(e.effectiveOn)}`],
      ['Podpisał', signer],
      ['Sposób złożenia', e.channel === 'electronic' ? `elektronicznie${e.ipAddress ? `, adres IP ${e.ipAddress}` : ''}` : e.channel === 'paper' ? 'formularz papierowy' : 'korekta biura'],
      ['Skan', json.scans.find((x) => x.id === e.scanId)?.fileName ?? '—'],
      ...(e.note ? [['Uwagi', e.note] as [string, string]] : []),
    ])
  }
  section(SECTION.scans, FILE_COLUMNS, json.scans.map(fileRow), 7)
  pdf.heading(SECTION.mails, 12)
  if (!json.mails.length) pdf.text('Brak zapisów.', { size: 9, gapAfter: 8 })
  for (const m of json.mails) {
    pdf.keyValues([
      ['Utworzono', formatDateTime(m.createdAt)],
      ['Do', m.toAddress],
      ['Temat', m.subject],
      ['Stan', m.sentAt ? `wysłano ${formatDateTime(m.sentAt)}` : (MAIL_STATE_LABELS[m.state] ?? m.state)],
      ['Załączniki', m.attachments.map((a) => `${a.fileName} (SHA-256 ${a.sha256})`).join('\n') || '—'],
    ])
    pdf.text(m.textBody, { size: 8.5, gapAfter: 10 })
  }
  section(
    SECTION.registrationApplications,
    [{ header: 'Wniosek', width: 2.2 }, { header: 'Wnioskodawca', width: 2.6 }, { header: 'E-mail / telefon', width: 3 }, { header: 'Data', width: 1.5 }, { header: 'Stan', width: 1.8 }],
    json.registrationApplications.map((a) => [a.applicationNo, a.applicantName, [a.email, a.phone].filter(Boolean).join('\n') || '—', formatDate(a.signedOn), APPLICATION_STATE_LABELS[a.state] ?? a.state]),
  )
  pdf.heading(SECTION.portalAccount, 12)
  if (json.portalAccount) {
    const a = json.portalAccount
    pdf.keyValues([
      ['Login', a.login],
      ['Stan', PORTAL_ACCOUNT_STATE_LABELS[a.state as keyof typeof PORTAL_ACCOUNT_STATE_LABELS] ?? a.state],
      ['E-mail do logowania', a.email ?? '—'],
      ['Dane logowania wysłano', formatDateTime(a.credentialsSentAt)],
      ['Pierwsze logowanie', formatDateTime(a.activatedAt)],
      ['Ostatnie logowanie', formatDateTime(a.lastPortalLoginAt)],
    ])
  } else pdf.text('Brak konta.', { size: 9, gapAfter: 8 })
  pdf.heading(SECTION.cases, 12)
  if (!json.cases.length) pdf.text('Brak zapisów.', { size: 9, gapAfter: 8 })
  for (const c of json.cases) {
    pdf.text(`${c.caseNo} — ${CASE_TYPE_INFO[c.type as keyof typeof CASE_TYPE_INFO]?.label ?? c.type}, wpłynęła ${formatDate(c.receivedOn)}, ${CASE_STATUS_LABELS[c.status as keyof typeof CASE_STATUS_LABELS] ?? c.status}`, { size: 9.5, bold: true })
    pdf.keyValues([
      ['Temat', c.subject],
      ['Opis', c.description],
      ...(c.location ? [['Miejsce', c.location] as [string, string]] : []),
      ...(c.reporterName || c.callbackPhone ? [['Zgłaszający', [c.reporterName, c.callbackPhone].filter(Boolean).join(', ')] as [string, string]] : []),
    ])
    const notes = c.events.filter((e) => e.text)
    if (notes.length) pdf.table([{ header: 'Kiedy', width: 1.6 }, { header: 'Wpis', width: 6 }], notes.map((e) => [formatDateTime(e.at), e.text!]))
    for (const r of c.replies) {
      pdf.keyValues([
        [r.kind === 'extension' ? 'Zawiadomienie o przedłużeniu' : 'Odpowiedź', `${formatDate(r.sentOn)}, ${r.channel === 'email' ? `e-mail do ${r.recipientEmail ?? ''}` : 'list'} — ${r.recipientName}`],
        ['Temat', r.subject],
      ])
      pdf.text(r.body, { size: 8.5, gapAfter: 6 })
    }
    const files = [...c.attachments, ...c.replies.map((r) => r.letter)]
    if (files.length) pdf.table(FILE_COLUMNS, files.map(fileRow), 7)
  }
  section(
    SECTION.history,
    [{ header: 'Kiedy', width: 1.8 }, { header: 'Kto', width: 2 }, { header: 'Czynność', width: 4.4 }, { header: 'Rekord', width: 2 }],
    json.history.map((h) => [formatDateTime(h.at), h.staff_name ?? 'system', operationLabel(h.operation), ENTITY_LABELS[h.entity] ?? h.entity]),
  )
  const bytes = await pdf.save()
  return { fileBaseName: `dane-klienta-${customer.customerNo}`, json, pdfBase64: Buffer.from(bytes).toString('base64') }
}

const MAIL_STATE_LABELS: Record<string, string> = {
  queued: 'czeka w kolejce do wysłania',
  sending: 'w trakcie wysyłania',
  sent: 'wysłano',
  failed: 'nie wysłano (błąd)',
  uncertain: 'niepewne — do wyjaśnienia',
  cancelled: 'anulowano',
}

const ENTITY_LABELS: Record<string, string> = {
  customers: 'klient',
  contracts: 'umowa',
  supply_points: 'punkt poboru',
  payments: 'wpłata',
  consent_events: 'zgoda',
  scans: 'skan',
  mails: 'e-mail',
  registration_applications: 'wniosek iBOK',
  portal_accounts: 'konto iBOK',
  cases: 'sprawa',
  case_attachments: 'załącznik',
  case_replies: 'odpowiedź',
}

/** The operation as staff know it: its Polish summary from the API contract, up to the first clause. */
function operationLabel(operation: string): string {
  const def = (contract as Record<string, { summary: string } | undefined>)[operation]
  return def ? def.summary.split(/[:;(]/)[0].trim() : operation
}

const APPLICATION_STATE_LABELS: Record<string, string> = {
  received: 'przyjęty',
  verified: 'sprawdzony',
  account_created: 'konto założone',
  rejected: 'odrzucony',
}