// The API contract: every operation declared once, per domain in ./operations/. The renderer's
// client, the Electron IPC handlers, the HTTP adapter and `GET /api` are all derived from this map.
import type { z } from 'zod'
import { auditOperations } from './operations/audit'
import { billingOperations } from './operations/billing'
import { casesOperations } from './operations/cases'
import { consentsOperations } from './operations/consents'
import { contractsOperations } from './operations/contracts'
import { customersOperations } from './operations/customers'
import { dashboardOperations } from './operations/dashboard'
import { invoicesOperations } from './operations/invoices'
import { metersOperations } from './operations/meters'
import { mailOperations } from './operations/mail'
import { officeOperations } from './operations/office'
import { paymentsOperations } from './operations/payments'
import { registrationOperations } from './operations/registration'
import { readingsOperations } from './operations/readings'
import { staffOperations } from './operations/staff'
import { syncOperations } from './operations/sync'
import { systemOperations } from './operations/system'
import { tariffsOperations } from './operations/tariffs'

export { roleRank, type Access, type OperationDef } from './define'

export const contract = {
  ...systemOperations,
  ...staffOperations,
  ...officeOperations,
  ...customersOperations,
  ...contractsOperations,
  ...tariffsOperations,
  ...billingOperations,
  ...invoicesOperations,
  ...paymentsOperations,
  ...auditOperations,
  ...syncOperations,
  ...casesOperations,
  ...mailOperations,
  ...consentsOperations,
  ...registrationOperations,
  ...metersOperations,
  ...readingsOperations,
  ...dashboardOperations,
}

export type Contract = typeof contract
export type OperationName = keyof Contract
export type InputOf<N extends OperationName> = z.input<Contract[N]['input']>
export type ParsedInputOf<N extends OperationName> = z.output<Contract[N]['input']>
export type OutputOf<N extends OperationName> = Contract[N]['output']

export const operationNames = Object.keys(contract) as OperationName[]
