import { staffOf, type HandlersFor } from '../calls'
import type { Services } from '../services'
import { createCustomerImport } from './customers-import'
import { createReadingImport } from './readings-import'

/** File imports sit above the domains they fill, under those domains' operation names. */
export function importsHandlers(s: Services): HandlersFor<'customers.importFile' | 'readings.importFile'> {
  const customers = createCustomerImport(s)
  const readings = createReadingImport(s)
  return {
    'customers.importFile': (input, call) => customers.importFile(staffOf(call), input),
    'readings.importFile': (input, call) => readings.importFile(staffOf(call), input),
  }
}
