// Recording a meter reading at the counter: `readings.record` through the real dispatcher — the
// plausibility checks against the meter's history (lower value, consumption jump, long zero use,
// date), the write with its audit and sync log, and the recorded reading's view — on a working
// copy of Zamość, a different meter in service each run.
import { benchDesk } from './lib/desk'
import { defineBench } from './lib/bench'
import { BENCH_TODAY, workingCopy } from './lib/offices'
import { sampleFigure } from './lib/report'

const RUNS = 220
const WARMUP = 5

export default defineBench({
  name: 'reading',
  title: 'recording a reading with its plausibility checks (readings.record), a different meter each run',
  async run() {
    const copy = await workingCopy('zamosc', 'reading')
    const bench = await benchDesk(copy.dir, 'urzednik')
    try {
      // Main meters in service with a reading before today, spread over the register; the
      // customer reads a plausible value: the last one plus about two months of typical use.
      const meters = bench.desk.services.db.readSql
        .prepare(
          `SELECT m.id, (SELECT r.value_m3 FROM readings r WHERE r.meter_id = m.id AND r.read_on < ? ORDER BY r.read_on DESC LIMIT 1) AS last
           FROM meters m WHERE m.state = 'active' AND m.kind = 'main' AND m.removed_on IS NULL ORDER BY m.serial_no`,
        )
        .all(BENCH_TODAY) as { id: string; last: number | null }[]
      const usable = meters.filter((m) => m.last !== null)
      const step = Math.max(1, Math.floor(usable.length / (RUNS + WARMUP)))
      const chosen = Array.from({ length: RUNS + WARMUP }, (_, i) => usable[(i * step) % usable.length])
      let flagged = 0
      const samples: number[] = []
      for (let i = 0; i < chosen.length; i++) {
        const m = chosen[i]
        const input = { meterId: m.id, readOn: BENCH_TODAY, valueM3: m.last! + 3 + (i % 9), kind: 'customer' as const, source: 'okienko' as const, note: null }
        const started = performance.now()
        const recorded = await bench.call('readings.record', input)
        const ms = performance.now() - started
        if (i >= WARMUP) samples.push(ms)
        if (recorded.reading.status === 'flagged') flagged++
      }
      sampleFigure('reading.record', samples)
      console.error(`  ${samples.length} readings on ${new Set(chosen.map((m) => m.id)).size} meters, ${flagged} flagged by the plausibility checks`)
    } finally {
      bench.close()
      copy.dispose()
    }
  },
})
