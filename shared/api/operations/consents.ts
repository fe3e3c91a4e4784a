// Operations: consents and acceptances with evidence (Zgody), versioned texts, scans, printed forms.
import { z } from 'zod'
import { E_INVOICE_SCOPES } from '../../domain/consents'
import * as f from '../../validation/fields'
import type * as T from '../types'
import { noInput, returns, type OperationDef } from '../define'

/** Scans of signed forms: PDF or JPG (checked by content, not by name), at most 10 MB. */
export const SCAN_MAX_BYTES = 10 * 1024 * 1024

const consentType = z.enum(['e_invoice', 'regulamin', 'sms'], { error: 'Rodzaj zgody: wybierz e-faktura, Regulamin iBOK albo SMS' })
const textVersion = (label: string) => f.requiredText(label, 40)
const signedTime = f
  .verbatim('Godzina podpisu')
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Godzina podpisu: w formacie GG:MM')
  .nullable()
  .optional()
  .transform((v) => v || null)
const ipAddress = f
  .verbatim('Adres IP')
  .refine((v) => z.ipv4().safeParse(v).success || z.ipv6().safeParse(v).success, 'Adres IP: niepoprawny adres IPv4 ani IPv6')

/** Who signed, how it reached the office, when — the evidence every event carries. */
const evidence = {
  signedOn: f.isoDate('Data podpisu'),
  signedTime,
  /** Default: today (the registration's business date). */
  effectiveOn: f.isoDate('Obowiązuje od').nullable().optional(),
  channel: z.enum(['paper', 'electronic'], { error: 'Kanał: wybierz formularz papierowy albo elektronicznie' }),
  scanId: f.uuid('Skan formularza').nullable().optional(),
  ipAddress: ipAddress.nullable().optional(),
  signerKind: z.enum(['customer', 'representative'], { error: 'Podpisał: wybierz klient albo pełnomocnik' }),
  representativeName: f.optionalText('Pełnomocnik — imię i nazwisko', 120),
  authorisation: f.optionalText('Umocowanie pełnomocnika', 300),
  note: f.optionalText('Uwagi', 500),
}

type Evidence = {
  channel: 'paper' | 'electronic'
  ipAddress?: string | null
  signedTime?: string | null
  signerKind: 'customer' | 'representative'
  representativeName: string | null
  authorisation: string | null
}

/** Rules between evidence fields: a representative needs a name and an authorisation; electronic events an IP and time. */
function checkEvidence(v: Evidence, ctx: z.RefinementCtx): void {
  if (v.signerKind === 'representative') {
    if (!v.representativeName) ctx.addIssue({ code: 'custom', message: 'Pełnomocnik — imię i nazwisko: pole wymagane, gdy podpisał pełnomocnik', path: ['representativeName'] })
    if (!v.authorisation) ctx.addIssue({ code: 'custom', message: 'Umocowanie pełnomocnika: podaj podstawę (np. pełnomocnictwo z dnia…, odpis KRS)', path: ['authorisation'] })
  }
  if (v.channel === 'electronic') {
    if (!v.ipAddress) ctx.addIssue({ code: 'custom', message: 'Adres IP: pole wymagane dla zgody złożonej elektronicznie', path: ['ipAddress'] })
    if (!v.signedTime) ctx.addIssue({ code: 'custom', message: 'Godzina podpisu: pole wymagane dla zgody złożonej elektronicznie', path: ['signedTime'] })
  }
}

export const consentAcceptInput = z
  .object({
    customerId: f.uuid('Klient'),
    contractId: f.uuid('Umowa').nullable().optional(),
    type: consentType,
    scope: z.array(z.enum(E_INVOICE_SCOPES, { error: 'Zakres: niedozwolona wartość' })).max(4).optional(),
    textVersion: textVersion('Wersja tekstu'),
    infoClauseVersion: textVersion('Wersja klauzuli informacyjnej').nullable().optional(),
    email: f.optionalEmail('E-mail do faktur'),
    phone: f.optionalPhone('Telefon do SMS'),
    /** E-invoice acceptance: also move the contracts to the e-invoice tariff group from the next billing period. */
    moveToEInvoiceGroup: z.boolean({ error: 'Przeniesienie do grupy z e-fakturą: tak albo nie' }).optional(),
    ...evidence,
  })
  .superRefine((v, ctx) => {
    checkEvidence(v, ctx)
    if (v.type === 'e_invoice') {
      if (!v.email) ctx.addIssue({ code: 'custom', message: 'E-mail do faktur: akceptacja e-faktur wymaga adresu e-mail', path: ['email'] })
      if (!v.scope?.length) ctx.addIssue({ code: 'custom', message: 'Zakres: zaznacz co najmniej jeden rodzaj dokumentów', path: ['scope'] })
      else if (!v.scope.includes('invoices')) ctx.addIssue({ code: 'custom', message: 'Zakres: akceptacja obejmuje zawsze faktury (pozostałe pozycje są dodatkowe)', path: ['scope'] })
    }
    if (v.type === 'sms' && !v.phone) ctx.addIssue({ code: 'custom', message: 'Telefon do SMS: zgoda na SMS wymaga numeru telefonu', path: ['phone'] })
  })

export const consentWithdrawInput = z
  .object({ customerId: f.uuid('Klient'), type: consentType, ...evidence })
  .superRefine(checkEvidence)

export const consentChangeEmailInput = z
  .object({ customerId: f.uuid('Klient'), email: f.email('Nowy e-mail do faktur'), ...evidence })
  .superRefine(checkEvidence)

export const FORM_KINDS = ['registration', 'e_invoice', 'e_invoice_withdrawal', 'e_invoice_email_change'] as const

export const consentsOperations = {
  'consents.overview': {
    summary: 'Zgody klienta: stan na dziś wyliczony ze zdarzeń, sposób doręczania faktur, pełna historia',
    access: 'clerk',
    input: z.object({ customerId: f.uuid('Klient') }),
    output: returns<T.CustomerConsents>(),
    writes: false,
  },
  'consents.delivery': {
    summary: 'Jak doręczamy klientowi dokument danego rodzaju w danym dniu: e-mailem (na jaki adres) czy papierowo',
    access: 'clerk',
    input: z.object({
      customerId: f.uuid('Klient'),
      document: z.enum(E_INVOICE_SCOPES, { error: 'Rodzaj dokumentu: niedozwolona wartość' }).default('invoices'),
      asOf: f.isoDate('Na dzień').nullable().optional(),
    }),
    output: returns<T.ConsentDeliveryView>(),
    writes: false,
  },
  'consents.recent': {
    summary: 'Rejestr zgód: ostatnie zdarzenia wszystkich klientów z filtrami',
    access: 'clerk',
    input: z.object({
      type: consentType.optional(),
      action: z.enum(['accept', 'withdraw', 'change_email', 'annul']).optional(),
      from: f.isoDate('Od dnia').optional(),
      to: f.isoDate('Do dnia').optional(),
      query: z.string().trim().max(200, 'Szukaj: najwyżej 200 znaków').optional(),
      limit: z.number().int().min(1).max(200).default(50),
      offset: z.number().int().min(0).default(0),
    }),
    output: returns<T.ConsentEventPage>(),
    writes: false,
  },
  'consents.accept': {
    summary: 'Rejestracja udzielenia zgody lub akceptacji (e-faktura, Regulamin iBOK, SMS) z dowodem',
    access: 'clerk',
    input: consentAcceptInput,
    output: returns<T.RecordedConsent>(),
    writes: true,
  },
  'consents.withdraw': {
    summary: 'Rejestracja wycofania zgody — faktury wracają do wersji papierowej od daty wycofania',
    access: 'clerk',
    input: consentWithdrawInput,
    output: returns<T.RecordedConsent>(),
    writes: true,
  },
  'consents.changeEmail': {
    summary: 'Rejestracja zmiany adresu e-mail do e-faktur',
    access: 'clerk',
    input: consentChangeEmailInput,
    output: returns<T.RecordedConsent>(),
    writes: true,
  },
  'consents.annul': {
    summary: 'Anulowanie wpisu zarejestrowanego omyłkowo (nowe zdarzenie; wpis pozostaje w historii)',
    access: 'supervisor',
    input: z.object({ eventId: f.uuid('Zdarzenie'), reason: f.requiredNote('Powód anulowania', 500) }),
    output: returns<T.CustomerConsents>(),
    writes: true,
  },
  'consents.texts': {
    summary: 'Wersje tekstów zgód, Regulaminu i klauzuli informacyjnej, z sumami kontrolnymi',
    access: 'clerk',
    input: noInput,
    output: returns<T.ConsentTextVersion[]>(),
    writes: false,
  },
  'consents.text': {
    summary: 'Treść jednej wersji tekstu',
    access: 'clerk',
    input: z.object({ textId: f.requiredText('Tekst', 60), version: textVersion('Wersja') }),
    output: returns<T.ConsentTextContent>(),
    writes: false,
  },
  'consents.publishText': {
    summary: 'Publikacja nowej wersji tekstu (Regulamin, klauzula, oświadczenie); dotychczasowe akceptacje zostają przy swojej wersji',
    access: 'admin',
    input: z.object({
      textId: f.requiredText('Tekst', 60),
      version: textVersion('Wersja').regex(/^[0-9A-Za-z.-]+$/, 'Wersja: cyfry, litery, kropka i myślnik, np. 2026.1'),
      title: f.requiredText('Tytuł', 200),
      validFrom: f.isoDate('Obowiązuje od'),
      content: f.requiredNote('Treść', 100_000),
    }),
    output: returns<T.ConsentTextVersion>(),
    writes: true,
  },
  'consents.uploadScan': {
    summary: 'Dołączenie skanu podpisanego formularza (PDF lub JPG, do 10 MB)',
    access: 'clerk',
    input: z.object({
      customerId: f.uuid('Klient').nullable().optional(),
      fileName: f.fileName('Skan formularza'),
      contentBase64: f.base64File('Skan formularza', SCAN_MAX_BYTES),
    }),
    output: returns<T.ScanView>(),
    writes: true,
  },
  'consents.scan': {
    summary: 'Skan formularza (do podglądu lub zapisu)',
    access: 'clerk',
    input: z.object({ id: f.uuid('Skan') }),
    output: returns<T.FileContent>(),
    writes: false,
  },
  'consents.slip': {
    summary: 'Potwierdzenie przyjęcia oświadczenia dla klienta (PDF)',
    access: 'clerk',
    input: z.object({ eventId: f.uuid('Zdarzenie') }),
    output: returns<T.PdfFile>(),
    writes: false,
  },
  'consents.proof': {
    summary: 'Dowód zgód klienta: wszystkie zdarzenia z wersją tekstu i dowodami (PDF, na reklamację lub kontrolę)',
    access: 'clerk',
    input: z.object({ customerId: f.uuid('Klient') }),
    output: returns<T.PdfFile>(),
    writes: false,
  },
  'consents.form': {
    summary: 'Formularz do druku: wniosek iBOK, oświadczenie o e-fakturze, wycofanie, zmiana e-maila — pusty albo wypełniony danymi klienta',
    access: 'clerk',
    input: z.object({
      form: z.enum(FORM_KINDS, { error: 'Formularz: niedozwolony rodzaj' }),
      customerId: f.uuid('Klient').nullable().optional(),
    }),
    output: returns<T.PdfFile>(),
    writes: false,
  },
} satisfies Record<string, OperationDef>
