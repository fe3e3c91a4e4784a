import type { Address, CustomerKind } from './customers'

export function customerDisplayName(c: { kind: CustomerKind; firstName: string | null; lastName: string | null; companyName: string | null }): string {
  return c.kind === 'company' ? (c.companyName ?? '') : [c.firstName, c.lastName].filter(Boolean).join(' ')
}

/** "ul." typed in the street field ("ul. Partyzantów", "ulica Partyzantów"): the register keeps the bare name. */
const TYPED_UL = /^\s*(?:ul\.|ul(?=\s|$)|ulica(?=\s|$))\s*/i
/** Streets that are not an "ulica": the prefix is part of the name as written. */
const OWN_PREFIX = /^\s*(?:al\.|aleja\s|aleje\s|pl\.|plac\s|os\.|osiedle\s|rondo\s|skwer\s|bulwar\s)/i

/** The street name as stored: without a typed "ul." (the address line adds it). */
export function streetName(street: string): string {
  return street.replace(TYPED_UL, '').trim()
}

/** "ul. Partyzantów 12/3" — never "ul. ul. Partyzantów", and "al. Jana Pawła II 5" keeps its own prefix. */
export function streetLine(a: Pick<Address, 'street' | 'houseNo' | 'flatNo'>): string {
  const number = a.flatNo ? `${a.houseNo}/${a.flatNo}` : a.houseNo
  const street = streetName(a.street)
  return `${OWN_PREFIX.test(street) ? '' : 'ul. '}${street} ${number}`
}

export function formatAddressLine(a: Address): string {
  return `${streetLine(a)}, ${a.postalCode} ${a.city}`
}
