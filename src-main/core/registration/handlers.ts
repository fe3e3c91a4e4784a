import type { Services } from '../services'
import { staffOf, type HandlersOf } from '../calls'
import { createAccountService } from './accounts'
import { createRegistrationService } from './service'
import { readPortalSettings, writePortalSettings } from './settings'

export function registrationHandlers(s: Services): HandlersOf<'registration'> {
  const applications = createRegistrationService(s)
  const accounts = createAccountService(s)
  return {
    'registration.list': (input) => applications.list(input),
    'registration.get': (input) => applications.detail(input.id),
    'registration.submit': (input, call) => applications.submit(staffOf(call), input),
    'registration.update': (input, call) => applications.update(staffOf(call), input.id, input.data),
    'registration.verify': (input, call) => applications.verify(staffOf(call), input.id),
    'registration.reject': (input, call) => applications.reject(staffOf(call), input.id, input.reason),
    'registration.rejectionLetter': (input) => applications.rejectionLetter(input.id),
    'registration.createAccount': (input, call) => applications.createAccount(staffOf(call), input.id, input.delivery),
    'registration.account': (input) => accounts.ofCustomer(input.customerId),
    'registration.resetPassword': (input, call) => accounts.resetPassword(staffOf(call), input.accountId, input.delivery),
    'registration.lockAccount': (input, call) => accounts.lock(staffOf(call), input.accountId, input.reason),
    'registration.unlockAccount': (input, call) => accounts.unlock(staffOf(call), input.accountId),
    'registration.recordActivation': (input, call) => accounts.recordActivation(staffOf(call), input.login, input.activatedAt),
    'registration.getSettings': () => readPortalSettings(s.db.orm),
    'registration.updateSettings': (input, call) => {
      s.db.write({ staffId: staffOf(call).staffId, stationCode: s.stationCode(), operation: 'registration.updateSettings' }, (tx) => writePortalSettings(tx, { portalUrl: input.portalUrl }))
      return readPortalSettings(s.db.orm)
    },
  }
}
