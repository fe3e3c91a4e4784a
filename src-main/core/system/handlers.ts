import { backupNow, listBackups } from '../backup/backups'
import { loadDemoOffice } from '../demo/load'
import type { HandlersOf } from '../dispatcher'
import type { Services } from '../services'
import { createSystemService } from './service'

export const BACKUPS_KEPT = 14

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
    'system.backupNow': () => backupNow(s.db, backupDir(), BACKUPS_KEPT, s.now()),
    'system.listBackups': () => listBackups(backupDir()),
  }
}
