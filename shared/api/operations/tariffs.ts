// Operations: tariff groups and their dated prices.
import { z } from 'zod'
import * as f from '../../validation/fields'
import type * as T from '../types'
import { noInput, returns, type OperationDef } from '../define'

export const tariffPriceInput = z.object({
  tariffGroupId: f.uuid('Grupa taryfowa'),
  validFrom: f.isoDate('Obowiązuje od'),
  waterNet: f.amountPln('Woda — cena netto za m³', { max: 100_00 }),
  sewageNet: f.amountPln('Ścieki — cena netto za m³', { max: 100_00 }),
  abonamentNet: f.amountPln('Abonament — netto za okres', { max: 1_000_00 }),
  vatRate: f.vatRate('Stawka VAT'),
})

export const tariffsOperations = {
  'tariffs.groups': {
    summary: 'Grupy taryfowe (do wyboru przy umowie)',
    access: 'clerk',
    input: noInput,
    output: returns<T.TariffGroupView[]>(),
    writes: false,
  },
  'tariffs.list': {
    summary: 'Taryfy: grupy z cenami obowiązującymi w kolejnych okresach',
    access: 'clerk',
    input: noInput,
    output: returns<T.TariffGroupWithPrices[]>(),
    writes: false,
  },
  'tariffs.addPrice': {
    summary: 'Nowe ceny grupy taryfowej od podanej daty (wystawione faktury się nie zmieniają)',
    access: 'supervisor',
    input: tariffPriceInput,
    output: returns<T.TariffGroupWithPrices>(),
    writes: true,
  },
} satisfies Record<string, OperationDef>
