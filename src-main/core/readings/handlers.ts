import type { HandlersOf } from '../dispatcher'
import type { Services } from '../services'
import { staffOf } from '../staff/handlers'
import { createReadingImport } from '../imports/readings-import'
import { createReadingService } from './service'

export function readingsHandlers(s: Services): HandlersOf<'readings'> {
  const readings = createReadingService(s)
  const fileImport = createReadingImport(s)
  return {
    'readings.history': (input) => readings.history(input.meterId),
    'readings.check': (input) => readings.check(input),
    'readings.record': (input, call) => readings.record(staffOf(call), input),
    'readings.flagged': () => readings.flagged(),
    'readings.review': (input, call) => readings.review(staffOf(call), input),
    'readings.analysis': (input) => readings.analysis(input),
    'readings.importFile': (input, call) => fileImport.importFile(staffOf(call), input),
  }
}
