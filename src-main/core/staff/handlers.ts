import { staffOf, type HandlersOf } from '../calls'
import type { Services } from '../services'
import { createStaffService } from './service'

export function staffHandlers(s: Services): HandlersOf<'staff'> {
  const staff = createStaffService(s)
  return {
    'staff.login': (input, call) => staff.login(input.login, input.password, call.source),
    'staff.logout': (_, call) => {
      s.sessions.close(staffOf(call).token)
      return { ok: true }
    },
    'staff.lock': (_, call) => {
      staffOf(call).locked = true
      return { ok: true }
    },
    'staff.unlock': (input, call) => staff.unlock(staffOf(call), input.password, call.source),
    'staff.me': (_, call) => staff.me(staffOf(call)),
    'staff.changePassword': async (input, call) => {
      await staff.changePassword(staffOf(call), input.currentPassword, input.newPassword, call.source)
      return { ok: true }
    },
    'staff.list': () => staff.list(),
    'staff.create': (input, call) => staff.create(staffOf(call), input),
    'staff.setActive': (input, call) => staff.setActive(staffOf(call), input.staffId, input.active),
    'staff.setRole': (input, call) => staff.setRole(staffOf(call), input.staffId, input.role),
    'staff.resetPassword': (input, call) => staff.resetPassword(staffOf(call), input.staffId),
    'staff.unlockAccount': (input, call) => staff.unlockAccount(staffOf(call), input.staffId),
  }
}
