// Operations: the billing run for a month (supervisor): preview, run with progress, past runs.
import { z } from 'zod'
import * as f from '../../validation/fields'
import type * as T from '../types'
import { noInput, returns, type OperationDef } from '../define'
import { officeSettingsInput } from './office'

export const billingRunInput = z.object({
  month: f.month('Miesiąc rozliczenia'),
  /** Default: today. */
  issueDate: f.isoDate('Data wystawienia').nullable().optional(),
})

export const billingOperations = {
  'billing.preview': {
    summary: 'Podgląd rozliczenia miesiąca: faktury do wystawienia, pominięte umowy z powodem, umowy rozliczane niezgodnie ze zgodą na e-fakturę, sumy (nic nie zapisuje)',
    access: 'supervisor',
    input: billingRunInput,
    output: returns<T.BillingPreview>(),
    writes: false,
  },
  'billing.run': {
    summary: 'Rozliczenie miesiąca: wystawienie faktur, odczyty szacunkowe, KSeF XML, wysyłka e-mailem i paczka do druku',
    access: 'supervisor',
    input: billingRunInput,
    output: returns<T.BillingRunView>(),
    writes: true,
  },
  'billing.progress': {
    summary: 'Postęp trwającego (albo ostatniego) rozliczenia na tym stanowisku',
    access: 'supervisor',
    input: noInput,
    output: returns<T.BillingProgress | null>(),
    writes: false,
  },
  'billing.runs': {
    summary: 'Wykonane rozliczenia z raportem pominiętych umów',
    access: 'supervisor',
    input: z.object({ limit: z.number().int().min(1).max(200).default(24) }),
    output: returns<T.BillingRunView[]>(),
    writes: false,
  },
  'billing.handOver': {
    summary: 'Przekazanie wystawiania faktur innemu stanowisku (tylko na stanowisku, które je teraz prowadzi): od tej chwili to stanowisko już nie rozlicza',
    access: 'admin',
    input: z.object({ stationCode: officeSettingsInput.shape.stationCode }),
    output: returns<T.BillingStationView>(),
    writes: true,
  },
  'billing.getRun': {
    summary: 'Jedno rozliczenie z pełnym raportem',
    access: 'supervisor',
    input: z.object({ id: f.uuid('Rozliczenie') }),
    output: returns<T.BillingRunView>(),
    writes: false,
  },
} satisfies Record<string, OperationDef>
