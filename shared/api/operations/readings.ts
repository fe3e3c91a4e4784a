// Operations: reading history, recording a reading at the counter or from a call with the
// plausibility checks, the supervisor's review of flagged readings, and consumption analysis.
import { z } from 'zod'
import * as f from '../../validation/fields'
import type * as T from '../types'
import { returns, type OperationDef } from '../define'

/** Kinds a clerk records; installation and removal readings come only with a meter's protocol. */
export const RECORDABLE_READING_KINDS = ['customer', 'reader', 'control', 'estimated', 'radio'] as const
/** How a customer's own reading reached the office (as in the demo data and the portal). */
export const READING_SOURCES = ['okienko', 'telefon', 'e-mail', 'portal'] as const

export const readingInput = z
  .object({
    meterId: f.uuid('Wodomierz'),
    readOn: f.isoDate('Data odczytu'),
    valueM3: f.wholeNumber('Stan wodomierza', 0, 99_999_999, 'm³'),
    kind: z.enum(RECORDABLE_READING_KINDS, { error: 'Rodzaj odczytu: wybierz z listy' }),
    source: z.enum(READING_SOURCES, { error: 'Sposób podania: wybierz z listy' }).nullable().optional(),
    note: f.optionalNote('Uwagi', 500),
  })
  .refine((v) => v.kind !== 'customer' || v.source, { message: 'Sposób podania: wybierz, jak klient podał stan', path: ['source'] })

/** Import files: at most 10 MB of CSV text (the browser-mode request limit is 25 MB; 100,000 readings are ~4 MB). */
export const IMPORT_MAX_CHARS = 10_000_000

/** A CSV file to import (readings.importFile, customers.importFile); a dry run only checks it. */
export const importFileInput = z.object({
  fileName: f.fileName('Plik'),
  text: z
    .string({ error: 'Plik: wybierz plik CSV' })
    .min(1, 'Plik: plik jest pusty')
    .max(IMPORT_MAX_CHARS, `Plik: większy niż ${IMPORT_MAX_CHARS / 1_000_000} MB`),
  dryRun: z.boolean({ error: 'Tylko sprawdzenie: tak albo nie' }).default(true),
})

const analysisInput = z.object({
  customerId: f.uuid('Klient'),
  supplyPointId: f.uuid('Punkt poboru').nullable().optional(),
  months: f.wholeNumber('Zakres (miesiące)', 6, 60, 'mies.').default(24),
})

export const readingsOperations = {
  'readings.history': {
    summary: 'Historia odczytów wodomierza: rodzaj, źródło, zużycie, oznaczenia i decyzje',
    access: 'clerk',
    input: z.object({ meterId: f.uuid('Wodomierz') }),
    output: returns<T.ReadingView[]>(),
    writes: false,
  },
  'readings.check': {
    summary: 'Sprawdzenie odczytu przed zapisem: powód ostrzeżenia (niższy stan, skok zużycia, długi brak zużycia, data)',
    access: 'clerk',
    input: readingInput,
    output: returns<T.ReadingCheck>(),
    writes: false,
  },
  'readings.record': {
    summary: 'Zapis odczytu (w okienku, z telefonu, inkasent, kontrolny, szacunkowy); nieprawdopodobny trafia do wyjaśnienia',
    access: 'clerk',
    input: readingInput,
    output: returns<T.RecordedReading>(),
    writes: true,
  },
  'readings.flagged': {
    summary: 'Odczyty do wyjaśnienia w całym biurze (czekają na decyzję kierownika)',
    access: 'clerk',
    input: z.object({}).strict(),
    output: returns<T.FlaggedReading[]>(),
    writes: false,
  },
  'readings.review': {
    summary: 'Decyzja kierownika o odczycie do wyjaśnienia: przyjęcie (także jako przekręcenie licznika) albo odrzucenie, z uzasadnieniem',
    access: 'supervisor',
    input: z
      .object({
        id: f.uuid('Odczyt'),
        decision: z.enum(['accepted', 'rejected'], { error: 'Decyzja: przyjmij albo odrzuć' }),
        rollover: z.boolean().default(false),
        note: f.requiredNote('Uzasadnienie', 500),
      })
      .refine((v) => v.decision === 'accepted' || !v.rollover, { message: 'Przekręcenie licznika: dotyczy tylko przyjętego odczytu', path: ['rollover'] }),
    output: returns<T.ReadingView>(),
    writes: true,
  },
  'readings.importFile': {
    summary:
      'Import odczytów z pliku CSV (terminale inkasentów, odczyty radiowe): kolumny Nr wodomierza; Data odczytu; Stan; Rodzaj; Sposób podania; Uwagi. ' +
      'Sprawdzenie (dryRun) zwraca błędy z numerem wiersza i kolumną; import zapisuje wszystko albo nic, odczyty już zapisane pomija z informacją',
    access: 'supervisor',
    input: importFileInput,
    output: returns<T.ImportReport>(),
    writes: true,
  },
  'readings.analysis': {
    summary: 'Analiza zużycia punktu poboru: okresy rozliczeniowe, średnia dobowa, rok wcześniej, średnia grupy taryfowej, wskazówka wycieku',
    access: 'clerk',
    input: analysisInput,
    output: returns<T.ConsumptionAnalysis>(),
    writes: false,
  },
  'readings.analysisPdf': {
    summary: 'Analiza zużycia do wręczenia klientowi: dokument A4 z nagłówkiem biura, wykresem i tabelą okresów',
    access: 'clerk',
    input: analysisInput,
    output: returns<T.PdfFile>(),
    writes: false,
  },
} satisfies Record<string, OperationDef>
