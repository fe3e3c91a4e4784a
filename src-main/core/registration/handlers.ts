import type { Services } from '../services'
import { writeOf, type HandlersOf } from '../calls'
import { createAccountService } from './accounts'
import { createRegistrationService } from './service'
import { readPortalSettings, writePortalSettings } from './settings'

export function registrationHandlers(s: Services): HandlersOf<'registration'> {
  const applications = createRegistrationService(s)
  const accounts = createAccountService(s)
  return {
    'registration.list': (input) => applications.list(input),
    'registration.get': (input) => applications.detail(input.id),
    'registration.submit': (input, call) => applications.submit(writeOf(call), input),
    'registration.update': (input, call) => applications.update(writeOf(call), input.id, input.data),
    'registration.verify': (input, call) => applications.verify(writeOf(call), input.id),
    'registration.reject': (input, call) => applications.reject(writeOf(call), input.id, input.reason),
    'registration.rejectionLetter': (input) => applications.rejectionLetter(input.id),
    'registration.createAccount': (input, call) => applications.createAccount(writeOf(call), input.id, input.delivery),
    'registration.account': (input) => accounts.ofCustomer(input.customerId),
    'registration.resetPassword': (input, call) => accounts.resetPassword(writeOf(call), input.accountId, input.delivery),
    'registration.lockAccount': (input, call) => accounts.lock(writeOf(call), input.accountId, input.reason),
    'registration.unlockAccount': (input, call) => accounts.unlock(writeOf(call), input.accountId),
    'registration.recordActivation': (input, call) => accounts.recordActivation(writeOf(call), input.login, input.activatedAt),
    'registration.getSettings': () => readPortalSettings(s.db.read),
    'registration.updateSettings': (input, call) => {
      s.db.write(call.write, (tx) => writePortalSettings(tx, { portalUrl: input.portalUrl }))
      return readPortalSettings(s.db.read)
    },
  }
}
