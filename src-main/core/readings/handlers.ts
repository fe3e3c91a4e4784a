import type { Services } from '../services'
import { writeOf, type HandlersOf } from '../calls'
import { analysisPdfFile } from './analysis-pdf'
import { createReadingService } from './service'

/** File imports of readings are served by imports/handlers.ts. */
export function readingsHandlers(s: Services): Omit<HandlersOf<'readings'>, 'readings.importFile'> {
  const readings = createReadingService(s)
  return {
    'readings.history': (input) => readings.history(input.meterId),
    'readings.check': (input) => readings.check(input),
    'readings.record': (input, call) => readings.record(writeOf(call), input),
    'readings.flagged': () => readings.flagged(),
    'readings.review': (input, call) => readings.review(writeOf(call), input),
    'readings.analysis': (input) => readings.analysis(input),
    'readings.analysisPdf': (input) => analysisPdfFile(s, input),
  }
}
