// Operations: contracts and supply points.
import { z } from 'zod'
import * as f from '../../validation/fields'
import type * as T from '../types'
import { returns, type OperationDef } from '../define'

export const contractInput = z.object({
  customerId: f.uuid('Klient'),
  /** An existing supply point, or the address of a new one. */
  supplyPointId: f.uuid('Punkt poboru').nullable().optional(),
  supplyPointAddress: f.address().nullable().optional(),
  services: z.enum(['water', 'sewage', 'water_sewage'], { error: 'Usługi: wybierz wodę, ścieki albo oba' }),
  tariffGroupId: f.uuid('Grupa taryfowa'),
  startDate: f.isoDate('Data zawarcia umowy'),
})

export const contractsOperations = {
  'contracts.create': {
    summary: 'Nowa umowa: klient, punkt poboru (istniejący albo nowy adres), usługi, grupa taryfowa',
    access: 'clerk',
    input: contractInput.refine((v) => Boolean(v.supplyPointId) !== Boolean(v.supplyPointAddress), {
      message: 'Punkt poboru: wybierz istniejący albo podaj adres nowego',
      path: ['supplyPointId'],
    }),
    output: returns<T.ContractView>(),
    writes: true,
  },
  'contracts.end': {
    summary: 'Rozwiązanie umowy z datą końca',
    access: 'clerk',
    input: z.object({ id: f.uuid('Umowa'), endDate: f.isoDate('Data rozwiązania') }),
    output: returns<T.ContractView>(),
    writes: true,
  },
} satisfies Record<string, OperationDef>
