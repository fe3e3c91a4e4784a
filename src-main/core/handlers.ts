// All operation handlers, one map per domain folder. TypeScript refuses a missing or extra operation.
import { auditHandlers } from './audit/handlers'
import { billingHandlers } from './billing/handlers'
import { casesHandlers } from './cases/handlers'
import { consentsHandlers } from './consents/handlers'
import { contractsHandlers } from './contracts/handlers'
import { customersHandlers } from './customers/handlers'
import { dashboardHandlers } from './dashboard/handlers'
import type { Handlers } from './dispatcher'
import { invoicesHandlers } from './invoices/handlers'
import { metersHandlers } from './meters/handlers'
import { mailHandlers } from './mail/handlers'
import { officeHandlers } from './office/handlers'
import { paymentsHandlers } from './payments/handlers'
import { registrationHandlers } from './registration/handlers'
import { readingsHandlers } from './readings/handlers'
import type { Services } from './services'
import { staffHandlers } from './staff/handlers'
import { syncHandlers } from './sync/handlers'
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
    ...billingHandlers(s),
    ...invoicesHandlers(s),
    ...paymentsHandlers(s),
    ...auditHandlers(s),
    ...syncHandlers(s),
    ...casesHandlers(s),
    ...mailHandlers(s),
    ...consentsHandlers(s),
    ...registrationHandlers(s),
    ...metersHandlers(s),
    ...readingsHandlers(s),
    ...dashboardHandlers(s),
  }
}
