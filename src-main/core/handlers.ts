// All operation handlers, one map per domain folder. TypeScript refuses a missing or extra operation.
import { auditHandlers } from './audit/handlers'
import { contractsHandlers } from './contracts/handlers'
import { customersHandlers } from './customers/handlers'
import type { Handlers } from './dispatcher'
import { officeHandlers } from './office/handlers'
import type { Services } from './services'
import { staffHandlers } from './staff/handlers'
import { systemHandlers } from './system/handlers'
import { tariffsHandlers } from './tariffs/handlers'

export function createHandlers(s: Services): Handlers {
  return {
    ...systemHandlers(s),
    ...staffHandlers(s),
    ...officeHandlers(s),
    ...customersHandlers(s),
    ...contractsHandlers(s),
    ...tariffsHandlers(s),
    ...auditHandlers(s),
  }
}
