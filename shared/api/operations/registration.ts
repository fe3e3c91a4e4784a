// Operations: iBOK registration from the paper Wniosek (Wnioski iBOK) and portal accounts.
import { z } from 'zod'
import * as f from '../../validation/fields'
import type * as T from '../types'
import { noInput, returns, type OperationDef } from '../define'

export const APPLICATION_STATES = ['received', 'verified', 'account_created', 'rejected'] as const

/** The paper "Wniosek rejestracyjny", field by field in the paper's order. */
export const applicationInput = z.object({
  customerNo: f.requiredText('Nr klienta', 20).transform((v) => v.toUpperCase().replace(/\s+/g, '')),
  applicantName: f.requiredText('Imię i nazwisko / nazwa firmy', 200),
  supplyAddress: f.address(),
  /** Null: the same as the supply point. */
  correspondenceAddress: f.address().nullable(),
  email: f.optionalEmail('E-mail'),
  phone: f.optionalPhone('Telefon'),
  invoiceNo: f.requiredText('Nr faktury', 40).transform((v) => v.toUpperCase().replace(/\s+/g, '')),
  acceptRegulamin: z.boolean({ error: 'Akceptacja Regulaminu: zaznacz tak albo nie' }),
  regulaminVersion: f.requiredText('Wersja Regulaminu', 40),
  acceptEInvoice: z.boolean({ error: 'Zgoda na e-fakturę: zaznacz tak albo nie' }),
  acceptSms: z.boolean({ error: 'Powiadomienia SMS: zaznacz tak albo nie' }),
  signedOn: f.isoDate('Data wniosku'),
  scanId: f.uuid('Skan wniosku').nullable().optional(),
})

const delivery = z.enum(['email', 'letter'], { error: 'Sposób przekazania: wybierz e-mail albo list' })

export const registrationOperations = {
  'registration.list': {
    summary: 'Wnioski iBOK: lista ze stanami (przyjęty, zweryfikowany, konto założone, odrzucony)',
    access: 'clerk',
    input: z.object({
      states: z.array(z.enum(APPLICATION_STATES, { error: 'Stan: niedozwolona wartość' })).max(4).optional(),
      query: z.string().trim().max(200, 'Szukaj: najwyżej 200 znaków').optional(),
      limit: z.number().int().min(1).max(200).default(50),
      offset: z.number().int().min(0).default(0),
    }),
    output: returns<T.ApplicationPage>(),
    writes: false,
  },
  'registration.get': {
    summary: 'Wniosek iBOK z wynikiem weryfikacji i kontem',
    access: 'clerk',
    input: z.object({ id: f.uuid('Wniosek') }),
    output: returns<T.ApplicationDetail>(),
    writes: false,
  },
  'registration.submit': {
    summary: 'Przyjęcie wniosku z formularza papierowego i od razu jego weryfikacja (nr klienta + nr faktury)',
    access: 'clerk',
    input: applicationInput,
    output: returns<T.ApplicationDetail>(),
    writes: true,
  },
  'registration.update': {
    summary: 'Poprawienie danych przepisanych z wniosku (przed założeniem konta) i ponowna weryfikacja',
    access: 'clerk',
    input: z.object({ id: f.uuid('Wniosek'), data: applicationInput }),
    output: returns<T.ApplicationDetail>(),
    writes: true,
  },
  'registration.verify': {
    summary: 'Ponowna weryfikacja wniosku z umową i fakturami',
    access: 'clerk',
    input: z.object({ id: f.uuid('Wniosek') }),
    output: returns<T.ApplicationDetail>(),
    writes: true,
  },
  'registration.reject': {
    summary: 'Odrzucenie wniosku z podaniem powodu; zwraca pismo do klienta',
    access: 'clerk',
    input: z.object({ id: f.uuid('Wniosek'), reason: f.requiredNote('Powód odrzucenia', 1000) }),
    output: returns<T.RejectedApplication>(),
    writes: true,
  },
  'registration.rejectionLetter': {
    summary: 'Ponowny wydruk pisma o odrzuceniu wniosku',
    access: 'clerk',
    input: z.object({ id: f.uuid('Wniosek') }),
    output: returns<T.PdfFile>(),
    writes: false,
  },
  'registration.createAccount': {
    summary: 'Założenie konta iBOK ze zweryfikowanego wniosku i przekazanie danych logowania e-mailem albo listem',
    access: 'clerk',
    input: z.object({ id: f.uuid('Wniosek'), delivery }),
    output: returns<T.CredentialsIssued>(),
    writes: true,
  },
  'registration.account': {
    summary: 'Konto iBOK klienta (stan, wysłane dane logowania) albo null',
    access: 'clerk',
    input: z.object({ customerId: f.uuid('Klient') }),
    output: returns<T.PortalAccountView | null>(),
    writes: false,
  },
  'registration.resetPassword': {
    summary: 'Nowe hasło do iBOK (dotychczasowe przestaje działać) — e-mailem albo listem',
    access: 'clerk',
    input: z.object({ accountId: f.uuid('Konto'), delivery }),
    output: returns<T.CredentialsIssued>(),
    writes: true,
  },
  'registration.lockAccount': {
    summary: 'Zablokowanie konta iBOK',
    access: 'clerk',
    input: z.object({ accountId: f.uuid('Konto'), reason: f.requiredNote('Powód blokady', 500) }),
    output: returns<T.PortalAccountView>(),
    writes: true,
  },
  'registration.unlockAccount': {
    summary: 'Odblokowanie konta iBOK',
    access: 'clerk',
    input: z.object({ accountId: f.uuid('Konto') }),
    output: returns<T.PortalAccountView>(),
    writes: true,
  },
  'registration.recordActivation': {
    summary: 'Zdarzenie z portalu: pierwsze logowanie klienta aktywuje konto',
    access: 'supervisor',
    input: z.object({
      login: f.requiredText('Login', 40),
      activatedAt: z.iso.datetime({ offset: true, error: 'Czas aktywacji: data i godzina w formacie ISO 8601' }),
    }),
    output: returns<T.PortalAccountView>(),
    writes: true,
  },
  'registration.getSettings': {
    summary: 'Ustawienia iBOK podawane klientom (adres portalu)',
    access: 'clerk',
    input: noInput,
    output: returns<T.PortalSettingsView>(),
    writes: false,
  },
  'registration.updateSettings': {
    summary: 'Zmiana ustawień iBOK (adres portalu w listach i wiadomościach)',
    access: 'admin',
    input: z.object({
      portalUrl: f
        .requiredText('Adres iBOK', 200)
        .refine((v) => /^https:\/\/[^\s/]+(\/\S*)?$/.test(v), 'Adres iBOK: pełny adres zaczynający się od https://'),
    }),
    output: returns<T.PortalSettingsView>(),
    writes: true,
  },
} satisfies Record<string, OperationDef>
