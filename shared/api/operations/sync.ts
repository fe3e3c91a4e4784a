// Operations: this desk's sync with the hub — state, settings, conflicts, reset.
import { z } from 'zod'
import * as f from '../../validation/fields'
import { INSECURE_HUB_MESSAGE, isPlainHttpToNetwork, isSha256Fingerprint, PEM_CERTIFICATE } from '../../sync/hub-address'
import type * as T from '../types'
import { noInput, returns, type OperationDef } from '../define'

/** The hub's address, as typed when configuring sync and when joining an office. */
export const hubUrl = () =>
  f.requiredText('Adres serwera synchronizacji', 300).refine((v) => /^https?:\/\/[^\s/]+/.test(v), 'Adres serwera synchronizacji: podaj adres w postaci https://serwer:5190')
const deskToken = () => f.requiredText('Token stanowiska', 200)
/** How this desk trusts the hub's certificate (README "Serwer na sieci LAN"); empty keeps what the desk has. */
const hubCa = () =>
  f.optionalNote('Certyfikat CA biura', 20_000).refine((v) => v === null || PEM_CERTIFICATE.test(v), 'Certyfikat CA biura: wklej treść pliku .crt/.pem (od -----BEGIN CERTIFICATE-----)')
const hubFingerprint = () =>
  f.optionalText('Odcisk SHA-256 certyfikatu', 120).refine((v) => v === null || isSha256Fingerprint(v), 'Odcisk SHA-256 certyfikatu: 64 znaki szesnastkowe (np. 3A:7F:…)')

export const syncOperations = {
  'sync.status': {
    summary: 'Stan synchronizacji: online/offline, zmiany w kolejce, konflikty, ostatnia synchronizacja',
    access: 'clerk',
    input: noInput,
    output: returns<T.SyncStatus>(),
    writes: false,
  },
  'sync.syncNow': {
    summary: 'Synchronizuj teraz',
    access: 'clerk',
    input: noInput,
    output: returns<T.SyncStatus>(),
    writes: true,
  },
  'sync.configure': {
    summary: 'Adres serwera synchronizacji i token tego stanowiska',
    access: 'admin',
    input: z
      .object({
        hubUrl: hubUrl(),
        deskToken: deskToken(),
        hubCa: hubCa(),
        hubFingerprint: hubFingerprint(),
        allowPlainHttp: z.boolean().optional(),
      })
      .refine((v) => v.allowPlainHttp || !isPlainHttpToNetwork(v.hubUrl), { message: INSECURE_HUB_MESSAGE, path: ['hubUrl'] }),
    output: returns<T.SyncStatus>(),
    writes: true,
  },
  'sync.conflicts': {
    summary: 'Konflikty do rozstrzygnięcia: wartości z obu stanowisk obok siebie',
    access: 'clerk',
    input: noInput,
    output: returns<T.SyncConflictView[]>(),
    writes: false,
  },
  'sync.resolveConflict': {
    summary: 'Rozstrzygnięcie konfliktu: zostaje wartość z serwera albo z drugiego stanowiska',
    access: 'clerk',
    input: z.object({
      id: f.uuid('Konflikt'),
      choice: z.enum(['hub', 'desk'], { error: 'Wybór: wskaż, która wartość ma zostać' }),
    }),
    output: returns<T.SyncConflictView>(),
    writes: true,
  },
  'sync.problems': {
    summary: 'Zmiany tego stanowiska, których serwer nie przyjął w całości (odrzucone, przegrane, konflikty) — z powodem',
    access: 'supervisor',
    input: noInput,
    output: returns<T.SyncProblem[]>(),
    writes: false,
  },
  'sync.resetFromSnapshot': {
    summary: 'Wczytaj dane od nowa z serwera (migawka), zachowując niewysłane zmiany',
    access: 'admin',
    input: noInput,
    output: returns<T.SyncStatus>(),
    writes: true,
  },
} satisfies Record<string, OperationDef>
