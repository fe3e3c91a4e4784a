import type { HandlersOf } from '../../desk/dispatcher'
import type { Services } from '../services'
import { staffOf } from '../staff/handlers'
import { createContractService } from './service'

export function contractsHandlers(s: Services): HandlersOf<'contracts'> {
  const contracts = createContractService(s)
  return {
    'contracts.create': (input, call) => contracts.create(staffOf(call), input),
    'contracts.end': (input, call) => contracts.end(staffOf(call), input.id, input.endDate),
  }
}
