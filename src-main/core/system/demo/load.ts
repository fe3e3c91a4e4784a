// Loads the demo office into a fresh desk (system.loadDemo, browser-mode --demo, benchmarks):
// office settings and the three demo staff through the audited write path, everything else
// through the bulk import — all in one transaction, so a failure leaves the desk unconfigured.
import { ApiError } from '../../../../shared/api/errors'
import { businessDate } from '../../../../shared/domain/dates'
import { staff } from '../../../db/schema'
import { newId } from '../../../db/write'
import { readOffice, writeOffice } from '../../office/settings'
import type { Services } from '../../services'
import { hashPassword } from '../../staff/passwords'
import { DEMO_DEFAULT_YEARS, DEMO_OFFICE, DEMO_PASSWORD, DEMO_STAFF, generateDemoRows } from './generator'

export interface DemoSize {
  seed: number
  customers: number
  /** Years of history; 3 by default. */
  years?: number
  /** "Now" for the history (YYYY-MM-DD); the desk's clock by default. */
  today?: string
}

export interface DemoCounts {
  customers: number
  meters: number
  readings: number
  invoices: number
}

export async function loadDemoOffice(s: Services, size: DemoSize): Promise<DemoCounts> {
  const today = size.today ?? businessDate(s.now())
  const hashes = await Promise.all(DEMO_STAFF.map(() => hashPassword(DEMO_PASSWORD)))
  const office = DEMO_OFFICE
  const ctx = { staffId: null, stationCode: office.stationCode, operation: 'system.loadDemo' }
  const created = s.now().toISOString()
  const summary = s.db.write(ctx, (tx) => {
    // Checked again inside the transaction: two first-start calls must not both load.
    if (readOffice(tx.orm)) throw new ApiError('SETUP_DONE', 'Biuro jest już skonfigurowane')
    writeOffice(tx, office)
    DEMO_STAFF.forEach((member, i) =>
      tx.insert(staff, { id: newId(), login: member.login, fullName: member.fullName, role: member.role, passwordHash: hashes[i], createdAt: created, updatedAt: created }),
    )
    return s.db.importRows(ctx, generateDemoRows({ seed: size.seed, customers: size.customers, years: size.years ?? DEMO_DEFAULT_YEARS, today }, office))
  })
  return {
    customers: summary.rows.customers ?? 0,
    meters: summary.rows.meters ?? 0,
    readings: summary.rows.readings ?? 0,
    invoices: summary.rows.invoices ?? 0,
  }
}
