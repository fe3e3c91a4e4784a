import type { Services } from '../services'
import { staffOf, type HandlersOf } from '../calls'
import { createConsentService } from './service'

export function consentsHandlers(s: Services): HandlersOf<'consents'> {
  const consents = createConsentService(s)
  return {
    'consents.overview': (input) => consents.overview(input.customerId),
    'consents.delivery': (input) => consents.delivery(input.customerId, input.document, input.asOf),
    'consents.recent': (input) => consents.recent(input),
    'consents.accept': (input, call) => consents.accept(staffOf(call), input),
    'consents.withdraw': (input, call) => consents.withdraw(staffOf(call), input),
    'consents.changeEmail': (input, call) => consents.changeEmail(staffOf(call), input),
    'consents.annul': (input, call) => consents.annul(staffOf(call), input.eventId, input.reason),
    'consents.texts': () => consents.texts(),
    'consents.text': (input) => consents.text(input.textId, input.version),
    'consents.publishText': (input, call) => consents.publishText(staffOf(call), input),
    'consents.uploadScan': (input, call) => consents.uploadScan(staffOf(call), input),
    'consents.scan': (input) => consents.scan(input.id),
    'consents.slip': (input) => consents.slip(input.eventId),
    'consents.proof': (input, call) => consents.proof(staffOf(call), input.customerId),
    'consents.form': (input) => consents.form(input.form, input.customerId),
  }
}
