// Operations: Staff sign-in, locking and accounts.
import { z } from 'zod'
import * as f from '../../validation/fields'
import type * as T from '../types'
import { noInput, returns, type OperationDef } from '../define'

const role = z.enum(['clerk', 'supervisor', 'admin'], { error: 'Rola: wybierz urzędnik, kierownik albo administrator' })

export const staffOperations = {
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
    input: noInput,
    output: returns<{ ok: true }>(),
    writes: false,
  },
  'staff.lock': {
    summary: 'Zablokowanie stanowiska (przerwa, odejście od okienka)',
    access: 'clerk',
    input: noInput,
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
    input: noInput,
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
    input: noInput,
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
  'staff.setActive': {
    summary: 'Wyłączenie konta (odejście pracownika) albo ponowne włączenie',
    access: 'admin',
    input: z.object({ staffId: f.uuid('Pracownik'), active: z.boolean({ error: 'Stan konta: wybierz aktywne albo wyłączone' }) }),
    output: returns<T.StaffMember>(),
    writes: true,
  },
  'staff.setRole': {
    summary: 'Zmiana roli pracownika',
    access: 'admin',
    input: z.object({ staffId: f.uuid('Pracownik'), role }),
    output: returns<T.StaffMember>(),
    writes: true,
  },
  'staff.resetPassword': {
    summary: 'Nowe hasło jednorazowe dla pracownika, który zapomniał hasła (do zmiany przy logowaniu)',
    access: 'admin',
    input: z.object({ staffId: f.uuid('Pracownik') }),
    output: returns<T.PasswordReset>(),
    writes: true,
  },
  'staff.unlockAccount': {
    summary: 'Odblokowanie logowania wstrzymanego po nieudanych próbach',
    access: 'admin',
    input: z.object({ staffId: f.uuid('Pracownik') }),
    output: returns<T.StaffMember>(),
    writes: true,
  },
} satisfies Record<string, OperationDef>
