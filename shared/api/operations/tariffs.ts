// Operations: tariff groups and their dated prices.
import type * as T from '../types'
import { noInput, returns, type OperationDef } from '../define'

export const tariffsOperations = {
  'tariffs.groups': {
    summary: 'Grupy taryfowe (do wyboru przy umowie)',
    access: 'clerk',
    input: noInput,
    output: returns<T.TariffGroupView[]>(),
    writes: false,
  },
} satisfies Record<string, OperationDef>
