// A small office for registration and consent tests: tariff groups (paper and e-invoice), and
// customers created through the API with a contract and an issued invoice (inserted directly:
// the invoice's content does not matter here, only its number, date and customer).
import type { InputOf } from '../../shared/api/contract'
import type { CustomerSummary } from '../../shared/api/types'
import { invoices, tariffGroups } from '../../src-main/db/schema'
import { newId } from '../../src-main/db/write'
import type { TestDesk } from './desk'

export interface SeededCustomer {
  customer: CustomerSummary
  contractId: string
  supplyAddress: { street: string; houseNo: string; flatNo: string | null; postalCode: string; city: string }
  invoiceNo: string
}

export function seedTariffGroups(desk: TestDesk): { paper: string; eInvoice: string } {
  const paper = newId()
  const eInvoice = newId()
  desk.services.db.write({ staffId: null, stationCode: 'K1', operation: 'test.seed' }, (tx) => {
    tx.insert(tariffGroups, { id: paper, code: 'G1', name: 'Gospodarstwa domowe — faktura papierowa', billingCycle: 'bimonthly', eInvoice: false, createdAt: tx.now, updatedAt: tx.now })
    tx.insert(tariffGroups, { id: eInvoice, code: 'G1E', name: 'Gospodarstwa domowe — e-faktura', billingCycle: 'bimonthly', eInvoice: true, createdAt: tx.now, updatedAt: tx.now })
  })
  return { paper, eInvoice }
}

let invoiceSeq = 0

export function addInvoice(desk: TestDesk, c: { id: string; customerNo: string }, contractId: string, issueDate: string, number = `FW/K1/${issueDate.slice(0, 4)}/${String(++invoiceSeq).padStart(6, '0')}`): string {
  const address = { street: 'Partyzantów', houseNo: '12', flatNo: '3', postalCode: '22-400', city: 'Zamość' }
  desk.services.db.write({ staffId: null, stationCode: 'K1', operation: 'test.seed' }, (tx) =>
    tx.insert(invoices, {
      id: newId(),
      number,
      kind: 'invoice',
      customerId: c.id,
      contractId,
      issueDate,
      periodFrom: issueDate,
      periodTo: issueDate,
      dueDate: issueDate,
      netTotal: 10000,
      vatTotal: 800,
      grossTotal: 10800,
      series: 'FW',
      stationCode: 'K1',
      placeOfIssue: 'Zamość',
      seller: { name: 'PGK', nip: '9220003560', address, bankName: 'Bank' },
      buyer: { customerNo: c.customerNo, kind: 'person', name: 'x', nip: null, address },
      supplyPoint: address,
      paymentAccount: '05124013721111000011112222',
      tariffGroupName: 'G1',
      createdAt: tx.now,
    }),
  )
  return number
}

export async function seedCustomer(
  desk: TestDesk,
  token: string,
  tariffGroupId: string,
  over: Partial<InputOf<'customers.create'>> = {},
  invoiceDate = '2026-10-15',
): Promise<SeededCustomer> {
  const customer = await desk.call(
    'customers.create',
    {
      kind: 'person',
      firstName: 'Łucja',
      lastName: 'Żółkiewska-Gęba',
      email: 'lucja.zolkiewska@example.pl',
      phone: '600 100 200',
      correspondenceAddress: { street: 'Partyzantów', houseNo: '12', flatNo: '3', postalCode: '22-400', city: 'Zamość' },
      ...over,
    },
    token,
  )
  const supplyAddress = { street: 'Partyzantów', houseNo: '12', flatNo: '3', postalCode: '22-400', city: 'Zamość' }
  const contract = await desk.call('contracts.create', { customerId: customer.id, supplyPointAddress: supplyAddress, services: 'water_sewage', tariffGroupId, startDate: '2020-01-01' }, token)
  const invoiceNo = addInvoice(desk, customer, contract.id, invoiceDate)
  return { customer, contractId: contract.id, supplyAddress, invoiceNo }
}
