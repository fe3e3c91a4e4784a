import { ApiError } from '../../../shared/api/errors'
import type { Services } from '../services'
import { staffOf, type HandlersOf } from '../calls'
import { writeOffice } from './settings'

export function officeHandlers(s: Services): HandlersOf<'office'> {
  return {
    'office.get': () => {
      const office = s.office()
      if (!office) throw new ApiError('SETUP_REQUIRED', 'Biuro nie jest jeszcze skonfigurowane')
      return office
    },
    'office.update': (input, call) => {
      // The sort code (digits 3–10 of the NRB) seeds each customer's individual account number.
      const office = { ...input, bankSortCode: input.bankAccount.slice(2, 10) }
      s.db.write({ staffId: staffOf(call).staffId, stationCode: s.stationCode(), operation: 'office.update' }, (tx) => writeOffice(tx, office))
      return office
    },
  }
}
