// The API contract: every operation declared once. The renderer's client, the Electron IPC
// handlers, the HTTP adapter and `GET /api` are all derived from this map.
import { z } from 'zod'
import * as f from '../validation/fields'
import type * as T from './types'

/** Who may call: anyone (login screen), any signed-in staff member, or at least the given role. */
export type Access = 'public' | T.Role

export interface OperationDef<I extends z.ZodType = z.ZodType, O = unknown> {
  summary: string
  access: Access
  input: I
  /** Type-only marker of what the operation returns. */
  output: O
  /** Operations that change data; read-only ones may be retried freely by transports. */
  writes: boolean
}

const returns = <O>() => undefined as unknown as O
const none = z.object({}).strict()

export const officeSettingsInput = z.object({
  name: requiredOffice(),
  nip: f.nip(),
  address: f.address(),
  phone: f.optionalPhone(),
  email: f.optionalEmail(),
  bankName: f.requiredText('Nazwa banku', 120),
  bankAccount: f.nrb('Rachunek bankowy biura'),
  invoiceSeries: f.requiredText('Seria faktur', 10).regex(/^[A-Z0-9]+$/, 'Seria faktur: wielkie litery i cyfry'),
  stationCode: f.requiredText('Kod stanowiska', 6).regex(/^[A-Z0-9]+$/, 'Kod stanowiska: wielkie litery i cyfry'),
  stationName: f.requiredText('Nazwa stanowiska', 60),
  idleLockMinutes: z.number({ error: 'Blokada po bezczynności: podaj liczbę minut' }).int().min(1, 'Blokada po bezczynności: od 1 do 120 minut').max(120, 'Blokada po bezczynności: od 1 do 120 minut'),
})

function requiredOffice() {
  return f.requiredText('Nazwa firmy', 200)
}

const role = z.enum(['clerk', 'supervisor', 'admin'], { error: 'Rola: wybierz urzędnik, kierownik albo administrator' })

export const contract = {
  'system.status': {
    summary: 'Stan stanowiska: czy biuro jest skonfigurowane, nazwa biura i stanowiska, wersje',
    access: 'public',
    input: none,
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
  'system.backupNow': {
    summary: 'Kopia zapasowa bazy teraz',
    access: 'admin',
    input: none,
    output: returns<T.BackupInfo>(),
    writes: false,
  },
  'system.listBackups': {
    summary: 'Lista kopii zapasowych',
    access: 'admin',
    input: none,
    output: returns<T.BackupInfo[]>(),
    writes: false,
  },
  'staff.login': {
    summary: 'Logowanie pracownika',
    access: 'public',
    input: z.object({ login: f.requiredText('Login', 40), password: f.password() }),
    output: returns<T.SessionInfo>(),
    writes: true,
  },
  'staff.logout': {
    summary: 'Wylogowanie',
    access: 'clerk',
    input: none,
    output: returns<{ ok: true }>(),
    writes: false,
  },
  'staff.lock': {
    summary: 'Zablokowanie stanowiska (przerwa, odejście od okienka)',
    access: 'clerk',
    input: none,
    output: returns<{ ok: true }>(),
    writes: false,
  },
  'staff.unlock': {
    summary: 'Odblokowanie stanowiska hasłem zalogowanego pracownika',
    access: 'clerk',
    input: z.object({ password: f.password() }),
    output: returns<T.SessionInfo>(),
    writes: false,
  },
  'staff.me': {
    summary: 'Zalogowany pracownik',
    access: 'clerk',
    input: none,
    output: returns<T.SessionInfo>(),
    writes: false,
  },
  'staff.changePassword': {
    summary: 'Zmiana własnego hasła',
    access: 'clerk',
    input: z
      .object({ currentPassword: f.password('Obecne hasło'), newPassword: f.newPassword() })
      .refine((v) => v.currentPassword !== v.newPassword, { message: 'Nowe hasło: musi różnić się od obecnego', path: ['newPassword'] }),
    output: returns<{ ok: true }>(),
    writes: true,
  },
  'staff.list': {
    summary: 'Pracownicy biura',
    access: 'admin',
    input: none,
    output: returns<T.StaffMember[]>(),
    writes: false,
  },
  'staff.create': {
    summary: 'Nowe konto pracownika',
    access: 'admin',
    input: z.object({
      login: f.requiredText('Login', 40).regex(/^[a-z0-9._-]+$/, 'Login: małe litery, cyfry, kropka, myślnik'),
      fullName: f.requiredText('Imię i nazwisko', 120),
      role,
      password: f.newPassword('Hasło początkowe'),
    }),
    output: returns<T.StaffMember>(),
    writes: true,
  },
  'staff.unlockAccount': {
    summary: 'Odblokowanie konta zablokowanego po nieudanych logowaniach',
    access: 'admin',
    input: z.object({ staffId: f.uuid('Pracownik') }),
    output: returns<T.StaffMember>(),
    writes: true,
  },
  'office.get': {
    summary: 'Dane biura i stanowiska (nagłówki dokumentów, rachunek, seria faktur)',
    access: 'clerk',
    input: none,
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
  'audit.forEntity': {
    summary: 'Historia zmian rekordu',
    access: 'supervisor',
    input: z.object({ entity: f.requiredText('Rodzaj rekordu', 40), entityId: f.uuid('Rekord') }),
    output: returns<T.AuditEntry[]>(),
    writes: false,
  },
} satisfies Record<string, OperationDef>

export type Contract = typeof contract
export type OperationName = keyof Contract
export type InputOf<N extends OperationName> = z.input<Contract[N]['input']>
export type ParsedInputOf<N extends OperationName> = z.output<Contract[N]['input']>
export type OutputOf<N extends OperationName> = Contract[N]['output']

export const operationNames = Object.keys(contract) as OperationName[]

export const roleRank: Record<T.Role, number> = { clerk: 1, supervisor: 2, admin: 3 }
