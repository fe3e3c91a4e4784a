// Operations: First start, status and backups.
import { z } from 'zod'
import * as f from '../../validation/fields'
import type * as T from '../types'
import { noInput, returns, type OperationDef } from '../define'
import { officeSettingsInput } from './office'
import { hubUrl } from './sync'

export const systemOperations = {
  'system.status': {
    summary: 'Stan stanowiska: czy biuro jest skonfigurowane, nazwa biura i stanowiska, wersje',
    access: 'public',
    input: noInput,
    output: returns<T.SystemStatus>(),
    writes: false,
  },
  'system.setup': {
    summary: 'Pierwsze uruchomienie: dane biura i konto administratora',
    access: 'public',
    input: z.object({
      office: officeSettingsInput,
      admin: z.object({
        login: f.requiredText('Login', 40).regex(/^[a-z0-9._-]+$/, 'Login: małe litery, cyfry, kropka, myślnik'),
        fullName: f.requiredText('Imię i nazwisko', 120),
        password: f.newPassword('Hasło administratora'),
      }),
    }),
    output: returns<{ ok: true }>(),
    writes: true,
  },
  'system.loadDemo': {
    summary: 'Pierwsze uruchomienie: wczytanie danych demonstracyjnych (biuro w Zamościu)',
    access: 'public',
    input: z.object({
      seed: z.number({ error: 'Ziarno: podaj liczbę' }).int().min(0).max(2 ** 31).default(1),
      customers: z.number({ error: 'Liczba klientów: podaj liczbę' }).int().min(10, 'Liczba klientów: co najmniej 10').max(500_000).default(2000),
    }),
    output: returns<{ customers: number; meters: number; readings: number; invoices: number }>(),
    writes: true,
  },
  'system.joinOffice': {
    summary: 'Pierwsze uruchomienie: dołączenie stanowiska do biura przez serwer synchronizacji (dane z migawki)',
    access: 'public',
    input: z.object({
      hubUrl: hubUrl(),
      deskToken: f.requiredText('Token stanowiska', 200),
      stationCode: officeSettingsInput.shape.stationCode,
      stationName: officeSettingsInput.shape.stationName,
    }),
    output: returns<T.SyncStatus>(),
    writes: true,
  },
  'system.backupNow': {
    summary: 'Kopia zapasowa bazy teraz',
    access: 'admin',
    input: noInput,
    output: returns<T.BackupInfo>(),
    writes: false,
  },
  'system.listBackups': {
    summary: 'Lista kopii zapasowych',
    access: 'admin',
    input: noInput,
    output: returns<T.BackupInfo[]>(),
    writes: false,
  },
} satisfies Record<string, OperationDef>
