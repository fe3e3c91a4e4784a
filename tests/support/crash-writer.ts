// Child process of crash.test.ts (run with `node --import tsx`): opens a desk in the given data
// directory and writes registrations through DeskDb.write, one transaction each, until killed.
// It prints "committed N" after each commit. In "hold" mode, transaction N=holdAt writes a large
// batch, prints "holding N" and waits inside the open transaction for the parent's SIGKILL.
import { openDesk } from '../../src-main/desk/desk'
import { insertRegistration, insertTariffGroup } from './rows'

const [dataDir, mode = 'loop', holdAtArg = '0'] = process.argv.slice(2)
const holdAt = Number(holdAtArg)
const HOLD_BATCH = 300

const desk = openDesk({ dataDir, log: () => {} })
const { db } = desk.services
const ctx = { staffId: null, stationCode: 'K1', operation: 'crash.write' }
// A tiny page cache makes the large held transaction spill uncommitted pages into the WAL:
// recovery must then ignore frames that were written but never committed.
if (mode === 'hold') db.sqlite.pragma('cache_size = 20')

const group =
  (db.sqlite.prepare('SELECT id FROM tariff_groups').pluck().get() as string | undefined) ?? db.write(ctx, (tx) => insertTariffGroup(tx))
let n = db.sqlite.prepare('SELECT count(*) FROM customers').pluck().get() as number
process.stdout.write(`ready ${n}\n`)

const sleeper = new Int32Array(new SharedArrayBuffer(4))
for (;;) {
  n++
  const current = n
  db.write(ctx, (tx) => {
    insertRegistration(tx, current, group)
    if (mode === 'hold' && current === holdAt) {
      for (let k = 1; k < HOLD_BATCH; k++) insertRegistration(tx, current + k, group)
      process.stdout.write(`holding ${current}\n`)
      Atomics.wait(sleeper, 0, 0, 60_000) // killed long before this ends
    }
  })
  process.stdout.write(`committed ${current}\n`)
}
