// Live propagation (issue 14): how long a change made on one desk takes to be visible on another
// online desk. The hub is its own process (src-main/hub/main.ts, SQLite store in a scratch
// dir); two desks in this process talk HTTP on loopback and run the production sync loop
// (startSyncLoop: event stream + 15 s polling fallback). Desk A registers a customer through the
// dispatcher every 0.4–0.8 s; the time is taken from the call until desk B's database committed
// that customer (B never syncs by hand).
//
//   sync.propagation.median / .p95   ms from customers.create on A to the row committed on B (n = 50)
import { rmSync } from 'node:fs'
import type { ChildProcess } from 'node:child_process'
import { startSyncLoop } from '../../src-main/core/sync/loop'
import { httpTransport } from '../../src-main/platform/hub-client/transport'
import { settings } from '../../src-main/db/schema'
import { makeSetUpDesk, makeTestDesk } from '../support/desk'
import { defineBench } from './lib/bench'
import { scratchDir } from './lib/offices'
import { sampleFigure } from './lib/report'
import { addDesk, hubCommand } from './sync.bench'

const CHANGES = 50
const log = (line: string) => console.error(`  ${line}`)

export default defineBench({
  name: 'propagation',
  title: 'propagation: a change on desk A visible on desk B (event stream, hub in its own process)',
  async run() {
    const hubDir = scratchDir('propagation')
    const disposers: Array<() => unknown> = [() => rmSync(hubDir, { recursive: true, force: true })]
    let hub: ChildProcess | null = null
    try {
      const tokenK1 = await addDesk(hubDir, 'K1')
      const tokenK2 = await addDesk(hubDir, 'K2')
      const server = hubCommand(['--data-dir', hubDir, '--port', '0'], /^ibok-hub: /)
      hub = server.child
      const url = (await server.output).join('\n').match(/ibok-hub: (https?:\/\/\S+)/)![1]

      const { desk: a, token } = await makeSetUpDesk({ syncTransport: () => httpTransport(url, tokenK1) })
      disposers.push(() => a.dispose())
      const first = await a.sync.syncOnce()
      if (first.errorCode) throw new Error(`desk A: ${first.error}`)
      const b = makeTestDesk({ syncTransport: () => httpTransport(url, tokenK2) })
      disposers.push(() => b.dispose())
      b.services.db.write({ staffId: null, stationCode: 'K2', operation: 'bench.join' }, (tx) =>
        tx.insert(settings, { id: 'station', value: JSON.stringify({ stationCode: 'K2', stationName: 'Okienko 2' }) }),
      )
      await b.sync.resetFromSnapshot()
      disposers.push(startSyncLoop(a.services.db, a.sync, 15_000, (e) => log(String(e))), startSyncLoop(b.services.db, b.sync, 15_000, (e) => log(String(e))))
      await new Promise((r) => setTimeout(r, 2000)) // both loops opened their streams

      /** Customer ids committed on B, with when. */
      const seenOnB = new Map<string, number>()
      const waiting = new Map<string, () => void>()
      b.services.db.onCommit((changes) => {
        const at = performance.now()
        for (const c of changes) {
          if (c.entity !== 'customers' || seenOnB.has(c.id)) continue
          seenOnB.set(c.id, at)
          waiting.get(c.id)?.()
        }
      })
      const samples: number[] = []
      for (let i = 0; i < CHANGES; i++) {
        const started = performance.now()
        const c = await a.call(
          'customers.create',
          {
            kind: 'person',
            firstName: 'Anna',
            lastName: `Propagacja ${i}`,
            email: null,
            phone: '600 000 001',
            correspondenceAddress: { street: 'Grecka', houseNo: String(i + 1), postalCode: '22-400', city: 'Zamość' },
          },
          token,
        )
        if (!seenOnB.has(c.id)) {
          await Promise.race([
            new Promise<void>((r) => waiting.set(c.id, r)),
            new Promise((_, fail) => setTimeout(() => fail(new Error(`change ${i} not on desk B within 60 s`)), 60_000).unref()),
          ])
        }
        samples.push(seenOnB.get(c.id)! - started)
        await new Promise((r) => setTimeout(r, 400 + Math.random() * 400))
      }
      const sorted = [...samples].sort((x, y) => x - y)
      log(`min ${sorted[0].toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`)
      sampleFigure('sync.propagation', samples, 'ms')
    } finally {
      for (const fn of disposers.reverse()) await fn()
      hub?.kill('SIGTERM')
    }
  },
})
