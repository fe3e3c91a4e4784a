import type { Services } from '../services'
import { staffOf, type HandlersOf } from '../calls'
import { createContractService } from './service'

export function contractsHandlers(s: Services): HandlersOf<'contracts'> {
  const contracts = createContractService(s)
  return {
    'contracts.create': (input, call) => contracts.create(staffOf(call), input),
    'contracts.end': (input, call) => contracts.end(staffOf(call), input.id, input.endDate),
  }
}
