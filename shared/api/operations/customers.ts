// Operations: the customer register, contracts, duplicates, merge, search and data-subject requests.
import { z } from 'zod'
import * as f from '../../validation/fields'
import type * as T from '../types'
import { returns, type OperationDef } from '../define'
import { importFileInput } from './readings'

const required = (label: string) => ({ code: 'custom' as const, message: `${label}: pole wymagane` })

/** A customer as typed from paper: what is required depends on person vs company. */
export const customerInput = z
  .object({
    kind: z.enum(['person', 'company'], { error: 'Rodzaj klienta: wybierz osobę albo firmę' }),
    firstName: f.optionalText('Imię', 60),
    lastName: f.optionalText('Nazwisko', 80),
    companyName: f.optionalText('Nazwa firmy', 200),
    pesel: f.optionalPesel(),
    nip: f.optionalNip(),
    regon: f.optionalRegon(),
    email: f.optionalEmail(),
    phone: f.optionalPhone(),
    correspondenceAddress: f.address(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'person') {
      if (!v.firstName) ctx.addIssue({ ...required('Imię'), path: ['firstName'] })
      if (!v.lastName) ctx.addIssue({ ...required('Nazwisko'), path: ['lastName'] })
    } else {
      if (!v.companyName) ctx.addIssue({ ...required('Nazwa firmy'), path: ['companyName'] })
      if (!v.nip) ctx.addIssue({ code: 'custom', message: 'NIP: pole wymagane dla firmy', path: ['nip'] })
    }
  })

/**
 * What the customer card shows of each paged section on opening (customers.card); the section's
 * own operation asks for the same page when it reloads alone, so both come from here.
 */
export const CARD_PAGES = { invoices: 200, mail: 50, cases: 50, analysisMonths: 24 } as const

export const customersOperations = {
  'customers.search': {
    summary: 'Wyszukiwanie klientów: nazwa, nr klienta, adres, PESEL/NIP, nr wodomierza',
    access: 'clerk',
    input: z.object({
      query: z.string({ error: 'Szukaj: podaj tekst' }).max(200, 'Szukaj: najwyżej 200 znaków'),
      limit: z.number().int().min(1).max(100).default(20),
    }),
    output: returns<T.CustomerSearchHit[]>(),
    writes: false,
  },
  'customers.get': {
    summary: 'Karta klienta: dane, umowy, punkty poboru, wodomierze, saldo',
    access: 'clerk',
    input: z.object({ id: f.uuid('Klient') }),
    output: returns<T.CustomerCard>(),
    writes: false,
  },
  'customers.card': {
    summary:
      'Cała karta klienta jednym zapytaniem: dane i saldo, wodomierze z protokołami wymian, analiza zużycia, faktury, rozliczenia, zgody, konto iBOK, poczta, sprawy; ' +
      'kierownik także historię zmian i dziennik',
    access: 'clerk',
    input: z.object({ id: f.uuid('Klient') }),
    output: returns<T.CustomerCardView>(),
    writes: false,
  },
  'customers.create': {
    summary: 'Nowy klient (osoba albo firma) z indywidualnym rachunkiem do wpłat',
    access: 'clerk',
    input: customerInput,
    output: returns<T.CustomerSummary>(),
    writes: true,
  },
  'customers.update': {
    summary: 'Zmiana danych klienta (z historią zmian)',
    access: 'clerk',
    input: z.object({ id: f.uuid('Klient'), data: customerInput }),
    output: returns<T.CustomerSummary>(),
    writes: true,
  },
  'customers.findDuplicates': {
    summary: 'Podobni klienci: ten sam PESEL/NIP, e-mail, telefon albo podobne nazwisko pod tym samym adresem',
    access: 'clerk',
    input: z.object({
      excludeId: f.uuid('Klient').nullable().optional(),
      pesel: z.string().max(20).nullable().optional(),
      nip: z.string().max(20).nullable().optional(),
      email: z.string().max(254).nullable().optional(),
      phone: z.string().max(30).nullable().optional(),
      name: z.string().max(200).nullable().optional(),
      street: z.string().max(120).nullable().optional(),
      houseNo: z.string().max(20).nullable().optional(),
      city: z.string().max(80).nullable().optional(),
    }),
    output: returns<T.DuplicateCandidate[]>(),
    writes: false,
  },
  'customers.merge': {
    summary: 'Scalenie zdublowanych klientów: umowy przechodzą na klienta zachowanego, wystawione faktury pozostają bez zmian',
    access: 'supervisor',
    input: z
      .object({
        keepId: f.uuid('Klient zachowany'),
        mergeId: f.uuid('Klient scalany'),
        reason: f.requiredNote('Powód scalenia', 500),
      })
      .refine((v) => v.keepId !== v.mergeId, { message: 'Klient scalany: musi być innym klientem niż zachowany', path: ['mergeId'] }),
    output: returns<T.CustomerSummary>(),
    writes: true,
  },
  'customers.history': {
    summary: 'Historia zmian klienta pole po polu (kto, kiedy, przed/po), także umów i punktów poboru',
    access: 'supervisor',
    input: z.object({ id: f.uuid('Klient') }),
    output: returns<T.FieldChange[]>(),
    writes: false,
  },
  'customers.exportData': {
    summary: 'RODO: wszystkie dane klienta — JSON do odczytu maszynowego i czytelny PDF',
    access: 'supervisor',
    input: z.object({ id: f.uuid('Klient') }),
    output: returns<T.DataExport>(),
    writes: false,
  },
  'customers.anonymisationCheck': {
    summary: 'RODO: czy dane byłego klienta można zanonimizować, a jeśli nie — który przepis na to nie pozwala',
    access: 'supervisor',
    input: z.object({ id: f.uuid('Klient') }),
    output: returns<T.AnonymisationCheck>(),
    writes: false,
  },
  'customers.importFile': {
    summary:
      'Import klientów z pliku CSV (przejście z poprzedniego systemu): w wierszu klient z formularza, punkt poboru, umowa i opcjonalnie wodomierz główny. ' +
      'Sprawdzenie (dryRun) zwraca błędy z numerem wiersza i kolumną; import zapisuje wszystko albo nic',
    access: 'supervisor',
    input: importFileInput,
    output: returns<T.ImportReport>(),
    writes: true,
  },
  'customers.anonymise': {
    summary: 'RODO: anonimizacja byłego klienta (gdy żaden okres przechowywania nie trwa)',
    access: 'supervisor',
    input: z.object({ id: f.uuid('Klient'), reason: f.requiredText('Podstawa (np. nr wniosku)', 500) }),
    output: returns<T.CustomerSummary>(),
    writes: true,
  },
} satisfies Record<string, OperationDef>
