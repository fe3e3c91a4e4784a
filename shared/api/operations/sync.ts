// Operations: this desk's sync with the hub — state, settings, conflicts, reset.
import { z } from 'zod'
import * as f from '../../validation/fields'
import type * as T from '../types'
import { noInput, returns, type OperationDef } from '../define'

const hubUrl = () =>
  f.requiredText('Adres serwera synchronizacji', 300).refine((v) => /^https?:\/\/[^\s/]+/.test(v), 'Adres serwera synchronizacji: podaj adres w postaci http://serwer:5190')
const deskToken = () => f.requiredText('Token stanowiska', 200)

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
    input: z.object({ hubUrl: hubUrl(), deskToken: deskToken() }),
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
