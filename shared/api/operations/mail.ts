// Operations: the outgoing mail outbox (Poczta wychodząca) and the SMTP settings.
import { z } from 'zod'
import * as f from '../../validation/fields'
import type * as T from '../types'
import { noInput, returns, type OperationDef } from '../define'

export const MAIL_STATES = ['queued', 'sending', 'sent', 'failed', 'uncertain', 'cancelled'] as const

export const smtpSettingsInput = z
  .object({
    enabled: z.boolean({ error: 'Wysyłka włączona: wybierz tak albo nie' }),
    host: f.requiredText('Serwer SMTP', 253).regex(/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:.]+\]$/, 'Serwer SMTP: nazwa hosta albo adres IP, bez „smtp://” i bez portu'),
    port: z.number({ error: 'Port: podaj liczbę' }).int('Port: liczba całkowita').min(1, 'Port: od 1 do 65535').max(65535, 'Port: od 1 do 65535'),
    security: z.enum(['starttls', 'tls', 'none'], { error: 'Szyfrowanie: wybierz STARTTLS, TLS albo brak' }),
    username: f.optionalText('Login do serwera', 200),
    /** Omitted: keep the stored password. Empty string: remove it. */
    password: z.string({ error: 'Hasło do serwera: podaj tekst' }).max(500, 'Hasło do serwera: za długie').optional(),
    fromAddress: f.email('Adres nadawcy'),
    fromName: f.requiredText('Nazwa nadawcy', 120),
    replyTo: f.optionalEmail('Adres do odpowiedzi'),
    timeoutSeconds: z.number({ error: 'Limit czasu: podaj liczbę sekund' }).int().min(1, 'Limit czasu: od 1 do 300 s').max(300, 'Limit czasu: od 1 do 300 s'),
    allowInvalidCertificate: z.boolean({ error: 'Akceptuj niezaufany certyfikat: wybierz tak albo nie' }),
  })
  .refine((v) => !(v.security === 'none' && v.username), {
    message: 'Szyfrowanie: logowanie do serwera bez szyfrowania wysłałoby hasło otwartym tekstem — wybierz STARTTLS albo TLS',
    path: ['security'],
  })

export const mailOperations = {
  'mail.status': {
    summary: 'Stan poczty wychodzącej: czy wysyłka działa, ile czeka, ile nieudanych lub niepewnych',
    access: 'clerk',
    input: noInput,
    output: returns<T.MailOutboxStatus>(),
    writes: false,
  },
  'mail.list': {
    summary: 'Poczta wychodząca: wiadomości z filtrem po stanie, kliencie i tekście',
    access: 'clerk',
    input: z.object({
      customerId: f.uuid('Klient').optional(),
      states: z.array(z.enum(MAIL_STATES, { error: 'Stan: niedozwolona wartość' })).max(6).optional(),
      query: z.string().trim().max(200, 'Szukaj: najwyżej 200 znaków').optional(),
      limit: z.number().int().min(1).max(200).default(50),
      offset: z.number().int().min(0).default(0),
    }),
    output: returns<T.MailPage>(),
    writes: false,
  },
  'mail.get': {
    summary: 'Wiadomość z poczty wychodzącej: treść (bez haseł), odbiorca, próby i odpowiedź serwera',
    access: 'clerk',
    input: z.object({ id: f.uuid('Wiadomość') }),
    output: returns<T.MailDetail>(),
    writes: false,
  },
  'mail.attachment': {
    summary: 'Załącznik wiadomości z poczty wychodzącej',
    access: 'clerk',
    input: z.object({ id: f.uuid('Wiadomość'), index: z.number().int().min(0).max(50) }),
    output: returns<T.FileContent>(),
    writes: false,
  },
  'mail.resend': {
    summary: 'Wyślij ponownie: nieudana wraca do kolejki; wysłana — nowa wiadomość z tą samą treścią',
    access: 'clerk',
    input: z.object({ id: f.uuid('Wiadomość') }),
    output: returns<T.MailDetail>(),
    writes: true,
  },
  'mail.resolveUncertain': {
    summary: 'Decyzja o wiadomości przerwanej w trakcie wysyłki: wyślij ponownie albo uznaj za wysłaną',
    access: 'clerk',
    input: z.object({
      id: f.uuid('Wiadomość'),
      decision: z.enum(['resend', 'mark_sent'], { error: 'Decyzja: wybierz „wyślij ponownie” albo „oznacz jako wysłaną”' }),
      note: f.requiredNote('Uzasadnienie', 500),
    }),
    output: returns<T.MailDetail>(),
    writes: true,
  },
  'mail.cancel': {
    summary: 'Anulowanie wiadomości, która jeszcze nie wyszła',
    access: 'clerk',
    input: z.object({ id: f.uuid('Wiadomość'), note: f.requiredNote('Powód anulowania', 500) }),
    output: returns<T.MailDetail>(),
    writes: true,
  },
  'mail.getSettings': {
    summary: 'Ustawienia serwera poczty (hasło nie jest zwracane)',
    access: 'admin',
    input: noInput,
    output: returns<T.SmtpSettingsView>(),
    writes: false,
  },
  'mail.updateSettings': {
    summary: 'Zmiana ustawień serwera poczty',
    access: 'admin',
    input: smtpSettingsInput,
    output: returns<T.SmtpSettingsView>(),
    writes: true,
  },
  'mail.sendTest': {
    summary: 'Wiadomość próbna na podany adres z zapisanymi ustawieniami; zwraca odpowiedź serwera',
    access: 'admin',
    input: z.object({ to: f.email('Adres do próby') }),
    output: returns<T.MailDetail>(),
    writes: true,
  },
} satisfies Record<string, OperationDef>
