// All operation handlers, one map per domain folder. TypeScript refuses a missing or extra operation.
import { auditHandlers } from '../core/audit/handlers'
import { billingHandlers } from '../core/billing/handlers'
import { cardHandlers } from '../core/card/handlers'
import { casesHandlers } from '../core/cases/handlers'
import { consentsHandlers } from '../core/consents/handlers'
import { contractsHandlers } from '../core/contracts/handlers'
import { customersHandlers } from '../core/customers/handlers'
import { dashboardHandlers } from '../core/dashboard/handlers'
import { importsHandlers } from '../core/imports/handlers'
import type { Handlers } from './dispatcher'
import { invoicesHandlers } from '../core/invoices/handlers'
import { metersHandlers } from '../core/meters/handlers'
import { mailHandlers } from '../core/mail/handlers'
import { officeHandlers } from '../core/office/handlers'
import { paymentsHandlers } from '../core/settlements/handlers'
import { registrationHandlers } from '../core/registration/handlers'
import { rodoHandlers } from '../core/rodo/handlers'
import { readingsHandlers } from '../core/readings/handlers'
import type { Services } from '../core/services'
import { staffHandlers } from '../core/staff/handlers'
import { syncHandlers } from '../core/sync/handlers'
import { systemHandlers } from '../core/system/handlers'
import { tariffsHandlers } from '../core/tariffs/handlers'

export function createHandlers(s: Services): Handlers {
  return {
    ...systemHandlers(s),
    ...staffHandlers(s),
    ...officeHandlers(s),
    ...customersHandlers(s),
    ...rodoHandlers(s),
    ...cardHandlers(s),
    ...importsHandlers(s),
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
