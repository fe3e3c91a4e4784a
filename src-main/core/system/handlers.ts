import { backupNow, listBackups } from '../../platform/backups'
import { loadDemoOffice } from './demo/load'
import type { HandlersOf } from '../calls'
import type { Services } from '../services'
import { joinOffice } from '../sync/service'
import { createSystemService } from './service'
import { BACKUPS_KEPT } from '../../../shared/domain/backups'

export function systemHandlers(s: Services): HandlersOf<'system'> {
  const system = createSystemService(s)
  const backupDir = () => `${s.dataDir}/backups`
  return {
    'system.status': () => system.status(),
    'system.setup': async (input) => {
      await system.setup(input)
      return { ok: true }
    },
    'system.loadDemo': (input) => {
      system.requireFirstStart()
      return loadDemoOffice(s, { seed: input.seed, customers: input.customers })
    },
    'system.joinOffice': async (input) => {
      system.requireFirstStart()
      // Only this desk's identity and hub address are given here; everything else comes from the
      // hub — all in one transaction with the snapshot.
      return joinOffice(s, input)
    },
    'system.backupNow': () => backupNow(s.db, backupDir(), BACKUPS_KEPT, s.now()),
    'system.listBackups': () => listBackups(backupDir()),
  }
}
