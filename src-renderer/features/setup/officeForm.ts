// The office form's model, shared by the first start and Ustawienia → Dane biura.
import type { InputOf } from '../../../shared/api/contract'
import type { OfficeSettings } from '../../../shared/api/types'
import { formatNrb } from '../../../shared/validation/identifiers'

export interface OfficeForm {
  name: string
  nip: string
  address: { street: string; houseNo: string; flatNo: string; postalCode: string; city: string }
  phone: string
  email: string
  bankName: string
  bankAccount: string
  invoiceSeries: string
  stationCode: string
  stationName: string
  /** '' while the field is empty: the schema then says what is missing. */
  idleLockMinutes: number | ''
  sessionHours: number | ''
}

export function emptyOfficeForm(): OfficeForm {
  return {
    name: '',
    nip: '',
    address: { street: '', houseNo: '', flatNo: '', postalCode: '', city: '' },
    phone: '',
    email: '',
    bankName: '',
    bankAccount: '',
    invoiceSeries: 'FW',
    stationCode: 'K1',
    stationName: 'Okienko 1',
    idleLockMinutes: 5,
    sessionHours: 12,
  }
}

export function officeFormFrom(o: OfficeSettings): OfficeForm {
  return {
    name: o.name,
    nip: o.nip,
    address: { ...o.address, flatNo: o.address.flatNo ?? '' },
    phone: o.phone ?? '',
    email: o.email ?? '',
    bankName: o.bankName,
    bankAccount: formatNrb(o.bankAccount),
    invoiceSeries: o.invoiceSeries,
    stationCode: o.stationCode,
    stationName: o.stationName,
    idleLockMinutes: o.idleLockMinutes,
    sessionHours: o.sessionHours,
  }
}

/** The form as the contract's input; the schema itself turns '' into null for optional fields. */
export function officeInput(form: OfficeForm): InputOf<'office.update'> {
  return { ...form, address: { ...form.address }, idleLockMinutes: form.idleLockMinutes as number, sessionHours: form.sessionHours as number }
}
