// Contracts: a customer, a supply point (an existing one or a new address), services and a
// tariff group whose billing cycle the contract follows. Numbers come from the station's series.
import { and, eq } from 'drizzle-orm'
import type { ParsedInputOf } from '../../../shared/api/contract'
import { ApiError } from '../../../shared/api/errors'
import type { ContractView } from '../../../shared/api/types'
import { contracts, supplyPoints, tariffGroups } from '../../db/schema'
import { newId } from '../../db/write'
import { customerCard } from '../customers/queries'
import { createCustomerService } from '../customers/service'
import { takeNext } from '../../platform/numbering'
import type { Services } from '../services'
import type { StaffSession } from '../staff/sessions'
import { businessDate } from '../../../shared/domain/dates'

export function createContractService(s: Services) {
  const customersService = createCustomerService(s)
  const view = (customerId: string, contractId: string): ContractView =>
    customerCard(s.db.orm, customerId, businessDate(s.now())).contracts.find((c) => c.id === contractId)!

  return {
    create(session: StaffSession, input: ParsedInputOf<'contracts.create'>): ContractView {
      customersService.liveCustomer(input.customerId, 'customerId')
      const group = s.db.orm.select().from(tariffGroups).where(eq(tariffGroups.id, input.tariffGroupId)).get()
      if (!group) throw new ApiError('NOT_FOUND', 'Grupa taryfowa: nie istnieje', 'tariffGroupId')
      if (input.supplyPointId && !s.db.orm.select().from(supplyPoints).where(eq(supplyPoints.id, input.supplyPointId)).get()) {
        throw new ApiError('NOT_FOUND', 'Punkt poboru: nie istnieje', 'supplyPointId')
      }
      if (input.supplyPointId) {
        const taken = s.db.orm
          .select({ no: contracts.contractNo })
          .from(contracts)
          .where(and(eq(contracts.supplyPointId, input.supplyPointId), eq(contracts.status, 'active')))
          .get()
        if (taken) throw new ApiError('CONFLICT', `Punkt poboru: ma już czynną umowę ${taken.no}`, 'supplyPointId')
      }
      const stationCode = s.stationCode()
      const contract = s.db.write({ staffId: session.staffId, stationCode, operation: 'contracts.create' }, (tx) => {
        let pointId = input.supplyPointId
        if (!pointId) {
          const a = input.supplyPointAddress!
          pointId = tx.insert(supplyPoints, { id: newId(), ...a, createdAt: tx.now, updatedAt: tx.now }).id
        }
        const year = input.startDate.slice(0, 4)
        const seq = takeNext(tx, 'contract', stationCode, year)
        return tx.insert(contracts, {
          id: newId(),
          contractNo: `U/${stationCode}/${year}/${String(seq).padStart(5, '0')}`,
          customerId: input.customerId,
          supplyPointId: pointId,
          services: input.services,
          tariffGroupId: group.id,
          billingCycle: group.billingCycle,
          startDate: input.startDate,
          endDate: null,
          status: 'active',
          createdAt: tx.now,
          updatedAt: tx.now,
        })
      })
      return view(input.customerId, contract.id)
    },

    end(session: StaffSession, id: string, endDate: string): ContractView {
      const contract = s.db.orm.select().from(contracts).where(eq(contracts.id, id)).get()
      if (!contract) throw new ApiError('NOT_FOUND', 'Umowa: nie istnieje', 'id')
      if (contract.status === 'ended') throw new ApiError('CONFLICT', `Umowa ${contract.contractNo} jest już rozwiązana`, 'id')
      if (endDate < contract.startDate) throw new ApiError('VALIDATION', 'Data rozwiązania: nie może być wcześniejsza niż data zawarcia', 'endDate')
      s.db.write({ staffId: session.staffId, stationCode: s.stationCode(), operation: 'contracts.end' }, (tx) =>
        tx.update(contracts, id, { endDate, status: 'ended' }),
      )
      return view(contract.customerId, id)
    },
  }
}
