// The forms the counter prints (issue 5): the iBOK registration application (Wniosek), the
// e-invoice acceptance (Oświadczenie), its withdrawal and the change of e-mail — blank, or
// pre-filled from the customer's data for signature at the counter. Each form prints the
// version of every text on it, so the clerk records the version the customer actually signed.
import type { Address, OfficeSettings } from '../../shared/api/types'
import { E_INVOICE_SCOPE_LABELS, E_INVOICE_SCOPES } from '../../shared/domain/consents'
import { formatDate } from '../../shared/domain/dates'
import { PORTAL_LOGIN_RULE } from '../../shared/domain/portal'
import { formCheck, formCheckGrid, formFields, formFootnote, formOfficeUse, formSection, formSignatures, formTitle } from './form-kit'
import { loadFontFiles, PdfBuilder } from './pdf-kit'

export type FormKind = 'registration' | 'e_invoice' | 'e_invoice_withdrawal' | 'e_invoice_email_change'

export interface FormText {
  textId: string
  version: string
  title: string
  validFrom: string
  content: string
  sha256: string
}

export interface FormTexts {
  regulamin: FormText
  infoClause: FormText
  eInvoice: FormText
  sms: FormText
}

export interface FormCustomer {
  customerNo: string
  kind: 'person' | 'company'
  name: string
  nip: string | null
  email: string | null
  phone: string | null
  correspondenceAddress: Address
  supplyAddress: Address | null
  /** The address an e-invoice acceptance in force covers (withdrawal and change-of-e-mail forms). */
  eInvoiceEmail: string | null
}

export const FORM_CODES: Record<FormKind, { code: string; fileName: string; title: string; subtitle: string }> = {
  registration: { code: 'F-IBOK-01', fileName: 'wniosek-ibok', title: 'WNIOSEK REJESTRACYJNY', subtitle: 'do Internetowego Biura Obsługi Klienta (iBOK)' },
  e_invoice: { code: 'F-EF-01', fileName: 'oswiadczenie-e-faktura', title: 'OŚWIADCZENIE', subtitle: 'o akceptacji przesyłania faktur w formie elektronicznej' },
  e_invoice_withdrawal: { code: 'F-EF-02', fileName: 'wycofanie-e-faktury', title: 'OŚWIADCZENIE', subtitle: 'o wycofaniu akceptacji faktur elektronicznych' },
  e_invoice_email_change: { code: 'F-EF-03', fileName: 'zmiana-adresu-e-mail', title: 'ZGŁOSZENIE', subtitle: 'zmiany adresu e-mail do przesyłania faktur elektronicznych' },
}

const versionNote = (t: FormText) => `${t.title} — wersja ${t.version} z ${formatDate(t.validFrom)}, SHA-256 ${t.sha256.slice(0, 16)}…`

function addressFields(a: Address | null | undefined) {
  return [
    { label: 'Ulica', value: a?.street, share: 3.2 },
    { label: 'Nr domu', value: a?.houseNo, share: 0.9 },
    { label: 'Nr lokalu', value: a?.flatNo, share: 0.9 },
    { label: 'Kod pocztowy', value: a?.postalCode, share: 1.2 },
    { label: 'Miejscowość', value: a?.city, share: 2.4 },
  ]
}

const sameAddress = (a: Address | null, b: Address | null) =>
  Boolean(a && b) && ['street', 'houseNo', 'flatNo', 'postalCode', 'city'].every((k) => (a as unknown as Record<string, unknown>)[k] === (b as unknown as Record<string, unknown>)[k])

function customerBlock(pdf: PdfBuilder, c: FormCustomer | null, withNip: boolean): void {
  formSection(pdf, '1. Dane klienta')
  formFields(pdf, [
    { label: 'Numer klienta (z faktury)', value: c?.customerNo, share: 1.3 },
    { label: 'Imię i nazwisko albo nazwa firmy', value: c?.name, share: 3.2 },
    ...(withNip ? [{ label: 'NIP (firmy)', value: c?.nip, share: 1.3 }] : []),
  ])
}

function signatureBlock(pdf: PdfBuilder, office: OfficeSettings | null, c: FormCustomer | null, printedOn: string, who: string): void {
  // The representative's box and the signature stay on one page with each other.
  pdf.ensure(100)
  pdf.spacer(4)
  formFields(pdf, [
    { label: 'W imieniu klienta podpisuje (pełnomocnik, reprezentant)', value: null, share: 2 },
    { label: 'Podstawa umocowania (pełnomocnictwo z dnia…, KRS)', value: null, share: 2 },
  ], 26)
  pdf.text('Wypełnić tylko wtedy, gdy nie podpisuje sam klient; do formularza dołącza się pełnomocnictwo lub odpis.', { size: 7, gapAfter: 6 })
  formSignatures(pdf, ['Miejscowość i data', who], [c ? `${office?.address.city ?? ''}, ${formatDate(printedOn)}` : null, null])
}

function officeUse(pdf: PdfBuilder): void {
  formOfficeUse(pdf, [
    { label: 'Data wpływu', share: 1 },
    { label: 'Nr rejestracyjny', share: 1.4 },
    { label: 'Przyjął (imię, nazwisko, podpis)', share: 1.8 },
  ])
}

export async function consentFormPdf(
  resourcesDir: string,
  office: OfficeSettings | null,
  kind: FormKind,
  texts: FormTexts,
  customer: FormCustomer | null,
  printedOn: string,
): Promise<Uint8Array> {
  const meta = FORM_CODES[kind]
  const pdf = await PdfBuilder.create(loadFontFiles(resourcesDir), { title: `${meta.title} ${meta.subtitle}`, office })
  const c = customer
  const note = c ? `Formularz wypełniony danymi z rejestru klientów ${formatDate(printedOn)} — sprawdź dane przed podpisaniem.` : undefined
  formTitle(pdf, meta.code, meta.title, meta.subtitle, note)

  switch (kind) {
    case 'registration': {
      customerBlock(pdf, c, false)
      formSection(pdf, '2. Adres punktu poboru wody')
      formFields(pdf, addressFields(c?.supplyAddress))
      formSection(pdf, '3. Adres korespondencyjny (jeżeli jest inny niż adres punktu poboru)')
      formFields(pdf, addressFields(c && !sameAddress(c.correspondenceAddress, c.supplyAddress) ? c.correspondenceAddress : null))
      formSection(pdf, '4. Dane kontaktowe')
      formFields(pdf, [
        { label: 'Adres e-mail — na ten adres zostaną przesłane login i hasło', value: c?.email, share: 3 },
        { label: 'Telefon (nieobowiązkowo)', value: c?.phone, share: 1.5 },
      ])
      formSection(pdf, '5. Potwierdzenie tożsamości')
      formFields(pdf, [{ label: 'Numer jednej z faktur wystawionych w ostatnich 12 miesiącach', value: null, share: 1 }])
      formSection(pdf, '6. Oświadczenia')
      formCheck(pdf, null, `Zapoznałem(-am) się z Regulaminem Internetowego Biura Obsługi Klienta (wersja ${texts.regulamin.version} z ${formatDate(texts.regulamin.validFrom)}) i akceptuję go. (wymagane)`)
      formCheck(
        pdf,
        null,
        `Akceptuję przesyłanie faktur, duplikatów, faktur korygujących oraz wezwań i przypomnień o zapłacie w formie elektronicznej na podany wyżej adres e-mail, na zasadach oświadczenia ${texts.eInvoice.version} (art. 106n ustawy o VAT). Faktury papierowe przestaną być wysyłane. (nieobowiązkowo)`,
      )
      formCheck(pdf, null, `Wyrażam zgodę na powiadomienia SMS na podany numer telefonu (treść zgody — wersja ${texts.sms.version}). (nieobowiązkowo)`)
      pdf.text(`${PORTAL_LOGIN_RULE} Hasło jednorazowe wyślemy e-mailem; przy pierwszym logowaniu prosimy ustalić własne.`, { size: 8, gapAfter: 4 })
      formSignatures(pdf, ['Miejscowość i data', 'Czytelny podpis wnioskodawcy'], [c ? `${office?.address.city ?? ''}, ${formatDate(printedOn)}` : null, null])
      officeUse(pdf)
      formFootnote(pdf, `${meta.code}. Teksty: ${versionNote(texts.regulamin)}; ${versionNote(texts.eInvoice)}; ${versionNote(texts.sms)}; ${versionNote(texts.infoClause)}.`)
      break
    }
    case 'e_invoice': {
      customerBlock(pdf, c, true)
      formSection(pdf, '2. Adres korespondencyjny')
      formFields(pdf, addressFields(c?.correspondenceAddress))
      formSection(pdf, '3. Adres e-mail do przesyłania faktur')
      formFields(pdf, [{ label: 'Adres e-mail (faktury będą wysyłane wyłącznie na ten adres)', value: c?.eInvoiceEmail ?? c?.email, share: 1 }])
      formSection(pdf, '4. Zakres (zaznacz)')
      formCheckGrid(
        pdf,
        E_INVOICE_SCOPES.map((scope) => ({
          checked: scope === 'invoices' && c ? true : null,
          label: E_INVOICE_SCOPE_LABELS[scope][0].toUpperCase() + E_INVOICE_SCOPE_LABELS[scope].slice(1) + (scope === 'invoices' ? ' (obowiązkowo)' : ''),
        })),
      )
      formSection(pdf, `5. Treść oświadczenia (wersja ${texts.eInvoice.version})`)
      for (const para of texts.eInvoice.content.split('\n').filter(Boolean)) pdf.text(para, { size: 7.8, gapAfter: 1.5 })
      signatureBlock(pdf, office, c, printedOn, 'Czytelny podpis klienta')
      officeUse(pdf)
      formFootnote(pdf, `${meta.code}. ${versionNote(texts.eInvoice)}; ${versionNote(texts.infoClause)}.`)
      break
    }
    case 'e_invoice_withdrawal': {
      customerBlock(pdf, c, true)
      formSection(pdf, '2. Adres korespondencyjny (na ten adres będą wysyłane faktury papierowe)')
      formFields(pdf, addressFields(c?.correspondenceAddress))
      formSection(pdf, '3. Oświadczenie')
      formFields(pdf, [{ label: 'Adres e-mail, na który dotąd przesyłano faktury', value: c?.eInvoiceEmail, share: 1 }])
      pdf.text(
        'Wycofuję akceptację przesyłania faktur w formie elektronicznej. Proszę o przesyłanie faktur w formie papierowej na wskazany wyżej adres korespondencyjny, począwszy od najbliższej faktury wystawionej po dniu złożenia tego oświadczenia.',
        { size: 9.5, gapAfter: 4 },
      )
      pdf.text('Przyjmuję do wiadomości, że wycofanie akceptacji może oznaczać powrót do grupy taryfowej z fakturą papierową (wyższa opłata abonamentowa) od następnego okresu rozliczeniowego.', { size: 8.6, gapAfter: 6 })
      signatureBlock(pdf, office, c, printedOn, 'Czytelny podpis klienta')
      officeUse(pdf)
      formFootnote(pdf, `${meta.code}. ${versionNote(texts.infoClause)}.`)
      break
    }
    case 'e_invoice_email_change': {
      customerBlock(pdf, c, true)
      formSection(pdf, '2. Adres korespondencyjny')
      formFields(pdf, addressFields(c?.correspondenceAddress))
      formSection(pdf, '3. Zmiana adresu e-mail')
      formFields(pdf, [{ label: 'Dotychczasowy adres e-mail do faktur', value: c?.eInvoiceEmail, share: 1 }])
      formFields(pdf, [{ label: 'NOWY adres e-mail do faktur (wpisz czytelnie, drukowanymi literami)', value: null, share: 1 }], 34)
      pdf.text(
        `Proszę o przesyłanie faktur w formie elektronicznej na nowy adres e-mail wskazany wyżej. Pozostałe warunki akceptacji faktur elektronicznych (oświadczenie ${texts.eInvoice.version}) nie zmieniają się.`,
        { size: 9.5, gapAfter: 6 },
      )
      signatureBlock(pdf, office, c, printedOn, 'Czytelny podpis klienta')
      officeUse(pdf)
      formFootnote(pdf, `${meta.code}. ${versionNote(texts.eInvoice)}; ${versionNote(texts.infoClause)}.`)
      break
    }
  }

  // The information clause goes with every form, on its own page (the back of the sheet).
  pdf.ensure(pdf.remaining + 1)
  pdf.heading(texts.infoClause.title, 12)
  for (const para of texts.infoClause.content.split('\n').filter(Boolean)) pdf.text(para, { size: 8.8, gapAfter: 3 })
  formFootnote(pdf, `${meta.code} — załącznik. ${versionNote(texts.infoClause)}.`)
  if (kind === 'registration') {
    pdf.spacer(8)
    pdf.heading(`${texts.regulamin.title} — wersja ${texts.regulamin.version}`, 11)
    for (const para of texts.regulamin.content.split('\n').filter(Boolean)) pdf.text(para, { size: 8, gapAfter: 2 })
  }
  return pdf.save()
}
