// Polish labels and readable values for the columns a change history names (customers,
// contracts, supply points), so a supervisor reads "Ulica: Lwowska → Partyzantów".
import { formatDate } from '../../../shared/domain/dates'
import { isMessageKey, t, type MessageKey } from '../../i18n'

const LABELS: Record<string, Record<string, MessageKey>> = {
  customers: {
    customerNo: 'card.customerNo',
    kind: 'card.kind',
    firstName: 'card.firstName',
    lastName: 'card.lastName',
    companyName: 'field.companyName',
    pesel: 'card.pesel',
    nip: 'card.nip',
    regon: 'card.regon',
    email: 'card.email',
    phone: 'card.phone',
    corrStreet: 'field.street',
    corrHouseNo: 'field.houseNo',
    corrFlatNo: 'field.flatNo',
    corrPostalCode: 'field.postalCode',
    corrCity: 'field.city',
    bankAccount: 'card.bankAccount',
    mergedInto: 'fieldLabel.mergedInto',
    anonymisedAt: 'fieldLabel.anonymisedAt',
  },
  contracts: {
    contractNo: 'card.colContractNo',
    customerId: 'fieldLabel.customerId',
    supplyPointId: 'contractForm.supplyPoint',
    services: 'contractForm.services',
    tariffGroupId: 'contractForm.tariff',
    billingCycle: 'card.colCycle',
    startDate: 'contractForm.startDate',
    endDate: 'contractEnd.date',
    status: 'card.colStatus',
  },
  supply_points: {
    street: 'field.street',
    houseNo: 'field.houseNo',
    flatNo: 'field.flatNo',
    postalCode: 'field.postalCode',
    city: 'field.city',
  },
}

/** Bookkeeping columns say nothing a supervisor needs. */
export const HIDDEN_FIELDS = new Set(['id', 'createdAt', 'updatedAt', 'hlc', 'version', 'searchText', 'deletedAt'])

export function fieldLabel(entity: string, field: string): string {
  const key = LABELS[entity]?.[field]
  return key ? t(key) : field
}

const VALUE_KEYS: Record<string, string> = { services: 'services', status: 'contractStatus', billingCycle: 'cycle', kind: 'kind' }

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function fieldValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'string') {
    // A reference to another record: its tail tells two records apart without a wall of hex.
    if (UUID.test(value)) return `…${value.slice(-8)}`
    const prefix = VALUE_KEYS[field]
    if (prefix && isMessageKey(`${prefix}.${value}`)) return t(`${prefix}.${value}` as MessageKey)
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value)
    return value
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}
