import type { Address, CustomerKind } from '../api/types'

export function customerDisplayName(c: { kind: CustomerKind; firstName: string | null; lastName: string | null; companyName: string | null }): string {
  return c.kind === 'company' ? (c.companyName ?? '') : [c.firstName, c.lastName].filter(Boolean).join(' ')
}

export function formatAddressLine(a: Address): string {
  const number = a.flatNo ? `${a.houseNo}/${a.flatNo}` : a.houseNo
  return `ul. ${a.street} ${number}, ${a.postalCode} ${a.city}`
}
