// Operations: the meter registry, status at a glance, replacements with their protocol, and the
// office-wide list of meters due for replacement.
import { z } from 'zod'
import { DEFAULT_EXPIRY_WARNING_DAYS, METER_REPLACEMENT_REASONS } from '../../domain/meters'
import * as f from '../../validation/fields'
import type * as T from '../types'
import { returns, type OperationDef } from '../define'

const warnDays = (label = 'Okres ostrzegania (dni)') => f.wholeNumber(label, 0, 730, 'dni').default(DEFAULT_EXPIRY_WARNING_DAYS)
const serialNo = (label = 'Numer wodomierza') =>
  f.requiredText(label, 40).refine((v) => /^[\p{L}\d][\p{L}\d/.\- ]*$/u.test(v), `${label}: tylko litery, cyfry, spacje, kropki, myślniki i ukośniki`)
const sealNo = (label = 'Numer plomby') => f.requiredText(label, 40)
const thisCentury = (label: string) => f.wholeNumber(label, 1990, 2100)

/** A meter as the fitter writes it on the protocol. */
export const newMeterInput = z.object({
  serialNo: serialNo(),
  diameterMm: f.wholeNumber('Średnica', 15, 500, 'mm'),
  legalisationYear: thisCentury('Rok legalizacji'),
  sealNo: sealNo(),
  radioId: f.optionalText('Nr modułu radiowego', 40),
  counterDigits: f.wholeNumber('Liczba cyfr liczydła', 4, 8).default(5),
})

export const metersOperations = {
  'meters.forCustomer': {
    summary: 'Wodomierze klienta ze statusem (ważny / wygasa / po terminie / zerwana plomba / zdjęty) i ostatnim odczytem',
    access: 'clerk',
    input: z.object({ customerId: f.uuid('Klient'), warnDays: warnDays().optional() }),
    output: returns<T.MeterDetail[]>(),
    writes: false,
  },
  'meters.get': {
    summary: 'Jeden wodomierz ze statusem',
    access: 'clerk',
    input: z.object({ id: f.uuid('Wodomierz'), warnDays: warnDays().optional() }),
    output: returns<T.MeterDetail>(),
    writes: false,
  },
  'meters.install': {
    summary: 'Montaż wodomierza w punkcie poboru (pierwszy albo dodatkowy, np. ogrodowy) ze stanem początkowym',
    access: 'clerk',
    input: newMeterInput.extend({
      supplyPointId: f.uuid('Punkt poboru'),
      kind: z.enum(['main', 'additional'], { error: 'Rodzaj wodomierza: główny albo dodatkowy' }),
      installedOn: f.isoDate('Data montażu'),
      initialM3: f.wholeNumber('Stan początkowy', 0, 99_999_999, 'm³'),
    }),
    output: returns<T.MeterDetail>(),
    writes: true,
  },
  'meters.replace': {
    summary: 'Wymiana wodomierza: protokół ze stanem końcowym starego, stanem początkowym i plombą nowego',
    access: 'clerk',
    input: z.object({
      oldMeterId: f.uuid('Wodomierz wymieniany'),
      replacedOn: f.isoDate('Data wymiany'),
      reason: z.enum(METER_REPLACEMENT_REASONS, { error: 'Przyczyna wymiany: wybierz z listy' }),
      oldFinalM3: f.wholeNumber('Stan końcowy starego wodomierza', 0, 99_999_999, 'm³'),
      oldSealState: z.enum(['intact', 'broken'], { error: 'Plomba starego wodomierza: nienaruszona albo zerwana' }),
      newMeter: newMeterInput,
      newInitialM3: f.wholeNumber('Stan początkowy nowego wodomierza', 0, 99_999_999, 'm³'),
      fitterName: f.requiredText('Monter', 120),
      note: f.optionalNote('Uwagi', 500),
    }),
    output: returns<T.ReplacementView>(),
    writes: true,
  },
  'meters.replacements': {
    summary: 'Protokoły wymian wodomierzy w punktach poboru klienta',
    access: 'clerk',
    input: z.object({ customerId: f.uuid('Klient') }),
    output: returns<T.ReplacementView[]>(),
    writes: false,
  },
  'meters.protocolPdf': {
    summary: 'Protokół wymiany wodomierza do druku (PDF)',
    access: 'clerk',
    input: z.object({ id: f.uuid('Protokół') }),
    output: returns<T.PdfFile>(),
    writes: false,
  },
  'meters.setSeal': {
    summary: 'Stan plomby: zgłoszenie zerwania albo nałożenie nowej plomby',
    access: 'clerk',
    input: z
      .object({
        id: f.uuid('Wodomierz'),
        sealState: z.enum(['intact', 'broken'], { error: 'Plomba: nienaruszona albo zerwana' }),
        sealNo: f.optionalText('Numer plomby', 40),
        note: f.requiredText('Okoliczności', 500),
      })
      .refine((v) => v.sealState === 'broken' || v.sealNo, { message: 'Numer plomby: podaj numer nowej plomby', path: ['sealNo'] }),
    output: returns<T.MeterDetail>(),
    writes: true,
  },
  'meters.due': {
    summary: 'Wodomierze do wymiany w całym biurze: po terminie legalizacji, wygasające w ciągu N dni, z zerwaną plombą',
    access: 'clerk',
    input: z.object({ days: warnDays('Wygasające w ciągu (dni)') }),
    output: returns<T.DueMetersList>(),
    writes: false,
  },
  'meters.dueCsv': {
    summary: 'Wodomierze do wymiany — plik CSV (Excel)',
    access: 'clerk',
    input: z.object({ days: warnDays('Wygasające w ciągu (dni)') }),
    output: returns<T.CsvFile>(),
    writes: false,
  },
  'meters.duePdf': {
    summary: 'Wodomierze do wymiany — wykaz do druku (PDF)',
    access: 'clerk',
    input: z.object({ days: warnDays('Wygasające w ciągu (dni)') }),
    output: returns<T.PdfFile>(),
    writes: false,
  },
} satisfies Record<string, OperationDef>
