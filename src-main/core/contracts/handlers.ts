import type { Services } from '../services'
import { writeOf, type HandlersOf } from '../calls'
import { createContractService } from './service'

export function contractsHandlers(s: Services): HandlersOf<'contracts'> {
  const contracts = createContractService(s)
  return {
    'contracts.create': (input, call) => contracts.create(writeOf(call), input),
    'contracts.end': (input, call) => contracts.end(writeOf(call), input.id, input.endDate),
  }
}
