// Operations: The customer register and search.
import { z } from 'zod'
import * as f from '../../validation/fields'
import type * as T from '../types'
import { returns, type OperationDef } from '../define'

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
} satisfies Record<string, OperationDef>
