// First start: set up the office with an admin account, or load the demo office.
import { ApiError } from '../../../shared/api/errors'
import type { ParsedInputOf } from '../../../shared/api/contract'
import type { SystemStatus } from '../../../shared/api/types'
import { readOffice, writeOffice } from '../office/settings'
import type { Services } from '../services'
import { hashPassword } from '../staff/passwords'
import { staff } from '../../db/schema'
import { jobContext, newId } from '../../db/write'

export const APP_VERSION = '0.1.0'

export function createSystemService(s: Services) {
  const requireFirstStart = () => {
    if (s.office()) throw new ApiError('SETUP_DONE', 'Biuro jest już skonfigurowane')
  }

  return {
    status(): SystemStatus {
      const office = s.office()
      return {
        setupDone: office !== null,
        officeName: office?.name ?? null,
        stationName: office?.stationName ?? null,
        appVersion: APP_VERSION,
        schemaVersion: s.db.schemaVersion,
      }
    },

    async setup(input: ParsedInputOf<'system.setup'>): Promise<void> {
      requireFirstStart()
      const passwordHash = await hashPassword(input.admin.password)
      const { bankAccount } = input.office
      const now = s.now().toISOString()
      s.db.write(jobContext('system.setup', input.office.stationCode), (tx) => {
        // Checked again in the transaction: a second setup may have passed the first check while
        // its password was being hashed, and would overwrite the office and add a second admin.
        if (readOffice(tx.read)) throw new ApiError('SETUP_DONE', 'Biuro jest już skonfigurowane')
        writeOffice(tx, { ...input.office, bankSortCode: bankAccount.slice(2, 10) })
        tx.insert(staff, {
          id: newId(),
          login: input.admin.login.toLowerCase(),
          fullName: input.admin.fullName,
          role: 'admin',
          passwordHash,
          createdAt: now,
          updatedAt: now,
        })
      })
    },

    requireFirstStart,
  }
}
