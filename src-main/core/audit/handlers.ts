import type { HandlersOf } from '../calls'
import type { Services } from '../services'
import { auditOfEntity } from './queries'

export function auditHandlers(s: Services): HandlersOf<'audit'> {
  return {
    'audit.forEntity': (input) => auditOfEntity(s.db.read, input.entity, input.entityId),
  }
}
