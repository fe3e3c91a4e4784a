// A customer's value types: who they are (a person or a company) and where (an address).
export interface Address {
  street: string
  houseNo: string
  flatNo: string | null
  postalCode: string
  city: string
}

export type CustomerKind = 'person' | 'company'
