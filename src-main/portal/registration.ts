// "Rejestracja": the Wniosek sent online. The form's fields are the paper Wniosek's (the desk's
// applicationInput rules), plus the gross amount of the invoice as a second proof. It lands in the
// desk's Wnioski queue through the registration service, as station WW with channel "portal" and
// the desk's verification outcome (a proof that does not match lands unverified, with the reasons,
// exactly as a paper Wniosek would). The sender is told the same thing either way: the outcome is
// for the desk, and credentials follow the desk's usual flow.
import { z } from 'zod'
import { applicationInput } from '../../shared/api/operations/registration'
import { CONSENT_TEXT_OF } from '../../shared/domain/consents'
import { businessDate } from '../../shared/domain/dates'
import { amountPln } from '../../shared/validation/fields'
import { currentText } from '../core/consents/texts'
import { createRegistrationService } from '../core/registration/service'
import type { Services } from '../core/services'
import { parsed } from './customer'
import { REGISTRATION_FIELDS, type RegistrationForm } from './pages'

export const REGISTRATION_ANSWER = 'Dziękujemy, wniosek o dostęp do iBOK został przyjęty. Biuro Obsługi Klienta sprawdzi dane i prześle dane logowania e-mailem albo listem.'

const proof = z.object({ invoiceGross: amountPln('Kwota faktury brutto', { min: 1 }) })

export const registrationRegulamin = (s: Services) => {
  const text = currentText(s.db.read, s.resourcesDir, CONSENT_TEXT_OF.regulamin, businessDate(s.now()))
  return text ? { version: text.version, title: text.title } : null
}

/** The form as typed (to show it again after a typing error). */
export function emptyRegistration(form?: URLSearchParams): RegistrationForm {
  const text = (name: string) => (form?.get(name) ?? '').slice(0, 200)
  return {
    ...(Object.fromEntries(REGISTRATION_FIELDS.map((f) => [f, text(f)])) as Record<(typeof REGISTRATION_FIELDS)[number], string>),
    acceptEInvoice: form?.get('acceptEInvoice') === '1',
    acceptSms: form?.get('acceptSms') === '1',
  }
}

/** Typing errors (the contract's rules) are answered; whether the proof matched is not. */
export function submitRegistration(s: Services, form: URLSearchParams): void {
  const typed = emptyRegistration(form)
  const optional = (v: string) => (v.trim() ? v.trim() : null)
  const data = parsed(
    applicationInput.safeParse({
      customerNo: typed.customerNo,
      applicantName: typed.applicantName,
      supplyAddress: { street: typed.street, houseNo: typed.houseNo, flatNo: optional(typed.flatNo), postalCode: typed.postalCode, city: typed.city },
      correspondenceAddress: null,
      email: optional(typed.email),
      phone: optional(typed.phone),
      invoiceNo: typed.invoiceNo,
      acceptRegulamin: form.get('acceptRegulamin') === '1',
      regulaminVersion: form.get('regulaminVersion') ?? '',
      acceptEInvoice: typed.acceptEInvoice,
      acceptSms: typed.acceptSms,
      signedOn: businessDate(s.now()),
    }),
  )
  const { invoiceGross } = parsed(proof.safeParse({ invoiceGross: typed.invoiceGross }))
  createRegistrationService(s).submitOnline(data, invoiceGross)
}
