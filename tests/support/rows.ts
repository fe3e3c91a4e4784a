// Rows of the real schema for tests that write through DeskDb.write directly: one "registration"
// is a customer, the supply point they take water at, and the contract joining them.
import { contracts, customers, supplyPoints, tariffGroups } from '../../src-main/db/schema'
import { newId, type WriteTx } from '../../src-main/db/write'

export const TARIFF_GROUP_CODE = 'G1'

export function insertTariffGroup(tx: WriteTx): string {
  return tx.insert(tariffGroups, {
    id: newId(),
    code: TARIFF_GROUP_CODE,
    name: 'Gospodarstwa domowe',
    billingCycle: 'bimonthly',
    createdAt: tx.now,
    updatedAt: tx.now,
  }).id
}

export interface Registration {
  customerId: string
  supplyPointId: string
  contractId: string
}

/** Writes registration number `n`: three related rows whose numbers all carry `n`. */
export function insertRegistration(tx: WriteTx, n: number, tariffGroupId: string): Registration {
  const customer = tx.insert(customers, {
    id: newId(),
    customerNo: `K${String(n).padStart(6, '0')}`,
    kind: 'person',
    firstName: 'Jan',
    lastName: `Kowalski${n}`,
    pesel: null,
    email: `jan.${n}@example.pl`,
    phone: '600 100 200',
    corrStreet: 'Partyzantów',
    corrHouseNo: String(n),
    corrPostalCode: '22-400',
    corrCity: 'Zamość',
    bankAccount: '05124013721111000011112222',
    createdAt: tx.now,
    updatedAt: tx.now,
  })
  const point = tx.insert(supplyPoints, {
    id: newId(),
    street: 'Lwowska',
    houseNo: String(n),
    postalCode: '22-400',
    city: 'Zamość',
    createdAt: tx.now,
    updatedAt: tx.now,
  })
  const contract = tx.insert(contracts, {
    id: newId(),
    contractNo: `U/${n}`,
    customerId: customer.id,
    supplyPointId: point.id,
    services: 'water_sewage',
    tariffGroupId,
    billingCycle: 'bimonthly',
    startDate: '2026-01-01',
    status: 'active',
    createdAt: tx.now,
    updatedAt: tx.now,
  })
  return { customerId: customer.id, supplyPointId: point.id, contractId: contract.id }
}
