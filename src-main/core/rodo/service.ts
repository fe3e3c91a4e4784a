// RODO requests of the customer card: the retention check, the anonymisation and the export.
import { eq } from 'drizzle-orm'
import { ApiError } from '../../../shared/api/errors'
import type { AnonymisationCheck, CustomerSummary, DataExport } from '../../../shared/api/types'
import { businessDate } from '../../../shared/domain/dates'
import { customers, rodoErasures } from '../../db/schema'
import { newId } from '../../db/write'
import { scrubText } from '../../../shared/domain/rodo-scrub'
import { matchersFor, scrubFreeText, scrubHistoryCopies } from './scrub'
import { deadFiles } from './live-files'
import type { Services } from '../services'
import type { StaffSession } from '../staff/sessions'
import { toCustomerSummary } from '../customers/queries'
import { collect } from './collection'
import { retentionBlocks } from './retention'
import { effectsOf, anonymiseAll, fileHashesOf, mineOf, personalRows, fieldErasures, erasedJson, erasingWrite } from './anonymise'
import { exportCustomerData } from './export'

export function createRodoService(s: Services) {
  return {
    check(id: string): AnonymisationCheck {
      const customer = s.db.orm.select().from(customers).where(eq(customers.id, id)).get()
      if (!customer) throw new ApiError('NOT_FOUND', 'Klient: nie istnieje', 'id')
      const data = collect(s, id)
      const blocks = retentionBlocks(data, businessDate(s.now()))
      return { allowed: blocks.length === 0, blocks, effects: effectsOf(data) }
    },

    anonymise(session: StaffSession, id: string, reason: string): CustomerSummary {
      const customer = s.db.orm.select().from(customers).where(eq(customers.id, id)).get()
      if (!customer) throw new ApiError('NOT_FOUND', 'Klient: nie istnieje', 'id')
      // Checked again inside the write: nothing may slip in between the check and the erasure.
      erasingWrite(s)({ staffId: session.staffId, stationCode: s.stationCode(), operation: 'customers.anonymise' }, (tx) => {
        const data = collect(s, id)
        const blocks = retentionBlocks(data, businessDate(s.now()))
        if (blocks.length) {
          const first = blocks[0]
          throw new ApiError('CONFLICT', `Nie można zanonimizować: ${first.rule}. ${first.detail}`)
        }
        const matchers = matchersFor(personalRows(data))
        anonymiseAll(tx, data)
        const erased = fieldErasures(data)
        const mine = mineOf(data)
        if (matchers) scrubFreeText(tx, s.db.sqlite, matchers, mine, erased, data.customers.map((c) => c.customerNo))
        tx.note('customers', id, { reason: matchers ? scrubText(reason, matchers.scoped) : reason })
        // The record every other desk and the hub scrub their own copies from (no personal data in it).
        tx.insert(rodoErasures, {
          id: newId(),
          customerId: data.family[0],
          rows: erasedJson(erased),
          files: JSON.stringify(deadFiles(tx.orm, fileHashesOf(data))),
          createdBy: session.staffId,
          createdAt: tx.now,
        })
        // Last: the audit entries of this very transaction hold the values before, too.
        if (matchers) scrubHistoryCopies(s.db.sqlite, matchers, mine, erased)
      })
      // The files go after the commit, in eraseLocalCopies (registered by openDesk).
      return toCustomerSummary(s.db.orm.select().from(customers).where(eq(customers.id, id)).get()!)
    },

    exportData: (id: string): Promise<DataExport> => exportCustomerData(s, id),
  }
}