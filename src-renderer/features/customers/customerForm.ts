// The customer form's model: strings as typed (the contract's schema trims and turns '' into
// null), mapped from and to the contract's input.
import type { InputOf } from '../../../shared/api/contract'
import type { Address, CustomerKind, CustomerSummary } from '../../../shared/api/types'

export interface AddressForm {
  street: string
  houseNo: string
  flatNo: string
  postalCode: string
  city: string
}

export interface CustomerForm {
  kind: CustomerKind
  firstName: string
  lastName: string
  companyName: string
  pesel: string
  nip: string
  regon: string
  email: string
  phone: string
  correspondenceAddress: AddressForm
}

export const emptyAddress = (): AddressForm => ({ street: '', houseNo: '', flatNo: '', postalCode: '', city: '' })

export const emptyCustomerForm = (): CustomerForm => ({
  kind: 'person',
  firstName: '',
  lastName: '',
  companyName: '',
  pesel: '',
  nip: '',
  regon: '',
  email: '',
  phone: '',
  correspondenceAddress: emptyAddress(),
})

export const addressForm = (a: Address): AddressForm => ({ ...a, flatNo: a.flatNo ?? '' })

export function customerFormOf(c: CustomerSummary): CustomerForm {
  return {
    kind: c.kind,
    firstName: c.firstName ?? '',
    lastName: c.lastName ?? '',
    companyName: c.companyName ?? '',
    pesel: c.pesel ?? '',
    nip: c.nip ?? '',
    regon: c.regon ?? '',
    email: c.email ?? '',
    phone: c.phone ?? '',
    correspondenceAddress: addressForm(c.correspondenceAddress),
  }
}

/** What is sent: fields of the other kind are left out, so a switched form leaves nothing behind. */
export function customerInputOf(form: CustomerForm): InputOf<'customers.create'> {
  const person = form.kind === 'person'
  return {
    ...form,
    firstName: person ? form.firstName : '',
    lastName: person ? form.lastName : '',
    pesel: person ? form.pesel : '',
    companyName: person ? '' : form.companyName,
    nip: person ? '' : form.nip,
    regon: person ? '' : form.regon,
    correspondenceAddress: { ...form.correspondenceAddress },
  }
}

/** The fields that identify a customer, for customers.findDuplicates. */
export function duplicateQueryOf(form: CustomerForm, excludeId: string | null): InputOf<'customers.findDuplicates'> {
  const person = form.kind === 'person'
  const name = (person ? `${form.firstName} ${form.lastName}` : form.companyName).trim()
  const a = form.correspondenceAddress
  const v = (s: string) => s.trim() || null
  return {
    excludeId,
    pesel: person ? v(form.pesel) : null,
    nip: person ? null : v(form.nip),
    email: v(form.email),
    phone: v(form.phone),
    name: v(name),
    street: v(a.street),
    houseNo: v(a.houseNo),
    city: v(a.city),
  }
}
