// Operations: Office and station settings.
import { z } from 'zod'
import * as f from '../../validation/fields'
import type * as T from '../types'
import { noInput, returns, type OperationDef } from '../define'

/** How long a staff session lasts at most, unless the office sets otherwise. */
export const DEFAULT_SESSION_HOURS = 12

export const officeSettingsInput = z.object({
  name: f.requiredText('Nazwa firmy', 200),
  nip: f.nip(),
  address: f.address(),
  phone: f.optionalPhone(),
  email: f.optionalEmail(),
  bankName: f.requiredText('Nazwa banku', 120),
  bankAccount: f.nrb('Rachunek bankowy biura'),
  invoiceSeries: f.requiredText('Seria faktur', 10).regex(/^[A-Z0-9]+$/, 'Seria faktur: wielkie litery i cyfry'),
  // Two characters: the station's part of every number it issues (and of customer account numbers).
  stationCode: f.requiredText('Kod stanowiska', 2).regex(/^[A-Z0-9]{2}$/, 'Kod stanowiska: dokładnie dwa znaki — wielkie litery lub cyfry, np. K1'),
  stationName: f.requiredText('Nazwa stanowiska', 60),
  idleLockMinutes: z.number({ error: 'Blokada po bezczynności: podaj liczbę minut' }).int().min(1, 'Blokada po bezczynności: od 1 do 120 minut').max(120, 'Blokada po bezczynności: od 1 do 120 minut'),
  // Absolute session lifetime: after it the clerk signs in again, whatever the activity.
  sessionHours: z
    .number({ error: 'Czas trwania sesji: podaj liczbę godzin' })
    .int('Czas trwania sesji: pełne godziny, od 1 do 24')
    .min(1, 'Czas trwania sesji: od 1 do 24 godzin')
    .max(24, 'Czas trwania sesji: od 1 do 24 godzin')
    .default(DEFAULT_SESSION_HOURS),
})

export const officeOperations = {
  'office.get': {
    summary: 'Dane biura i stanowiska (nagłówki dokumentów, rachunek, seria faktur)',
    access: 'clerk',
    input: noInput,
    output: returns<T.OfficeSettings>(),
    writes: false,
  },
  'office.update': {
    summary: 'Zmiana danych biura',
    access: 'admin',
    input: officeSettingsInput,
    output: returns<T.OfficeSettings>(),
    writes: true,
  },
} satisfies Record<string, OperationDef>
