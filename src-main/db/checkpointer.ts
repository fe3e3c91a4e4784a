// Checkpoints the WAL from a worker thread while a long series of writes runs (DeskDb.bulkWrites).
// A checkpoint copies the WAL's pages back into the database file and fsyncs it; done by the
// writer's own commits, it was an eighth of a billing run's issuing time (perf, 2026-12-07) on a
// thread that could do nothing else meanwhile, while the second core sat idle. In WAL mode a
// checkpoint by another connection runs beside the writer's commits (SQLite: "Checkpointing and
// concurrent writers"), and the WAL still restarts from its start once it has been copied back.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** Between two checkpoints: a billing chunk commits every ~50 ms. */
const CHECKPOINT_EVERY_MS = 100

// Inline source: no extra bundle entry, as the backup worker (platform/backups.ts). PASSIVE never
// waits for the writer nor makes it wait; errors (SQLITE_BUSY from another checkpointer) are left
// to the next round, and the writer's own autocheckpoint remains as a safety net.
const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file, { fileMustExist: true })
// Each round reports the WAL's length in frames, for the writer to know when to let it restart.
const checkpoint = () => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)')
    return r
  } catch {
    return null
  }
}
const timer = setInterval(() => parentPort.postMessage({ kind: 'round', result: checkpoint() }), workerData.everyMs)
parentPort.on('message', (m) => {
  if (m === 'settle') return parentPort.postMessage({ kind: 'settled', result: checkpoint() })
  clearInterval(timer)
  checkpoint()
  db.close()
  parentPort.postMessage({ kind: 'stopped' })
  parentPort.close()
})
parentPort.postMessage({ kind: 'ready' })
`

type WorkerMessage = { kind: 'ready' | 'stopped' } | { kind: 'round' | 'settled'; result: { busy: number; log: number; checkpointed: number } | null }

export interface BackgroundCheckpoints {
  /** Frames in the WAL at the worker's last round, 0 after a settle (it only grows until the WAL restarts). */
  walFrames(): number
  /**
   * Copies what the WAL holds now and resolves when done. The writer's next transaction then
   * starts with the WAL wholly copied back, and SQLite restarts the WAL from its beginning: written
   * back to back, transactions never let that happen, and the WAL grew by the whole series (700 MB
   * for a Zamość billing run) into new file pages instead of reusing cached ones.
   */
  settle(): Promise<void>
  /** Stops the worker after one last checkpoint; resolves once its connection is closed. */
  stop(): Promise<void>
}

/**
 * Starts checkpointing `file` in a worker thread; null where that is not possible (an in-memory
 * database, no worker threads): the caller then keeps checkpointing itself.
 */
export async function startBackgroundCheckpoints(file: string): Promise<BackgroundCheckpoints | null> {
  if (!file || file === ':memory:') return null
  let worker: Worker
  try {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3')
    worker = new Worker(CHECKPOINT_WORKER, { eval: true, workerData: { driver, file, everyMs: CHECKPOINT_EVERY_MS }, name: 'wal-checkpoint' })
  } catch {
    return null
  }
  let frames = 0
  let waiting: Array<{ kind: WorkerMessage['kind']; resolve: () => void }> = []
  const ended = new Promise<void>((resolve) => {
    worker.once('exit', () => resolve())
    worker.once('error', () => resolve())
  })
  void ended.then(() => {
    for (const w of waiting) w.resolve()
    waiting = []
  })
  worker.on('message', (m: WorkerMessage) => {
    if (m.kind === 'round' && m.result) frames = m.result.log
    const [answered, rest] = [waiting.filter((w) => w.kind === m.kind), waiting.filter((w) => w.kind !== m.kind)]
    waiting = rest
    for (const w of answered) w.resolve()
  })
  const reply = (kind: WorkerMessage['kind']) => new Promise<void>((resolve) => waiting.push({ kind, resolve }))
  const ready = await Promise.race([reply('ready').then(() => true), ended.then(() => false)])
  if (!ready) return null
  return {
    walFrames: () => frames,
    async settle() {
      const settled = reply('settled')
      worker.postMessage('settle')
      await settled
      // Copied back wholly: the next write restarts the WAL (the next round says how far it got).
      frames = 0
    },
    async stop() {
      const stopped = reply('stopped')
      worker.postMessage('stop')
      await stopped
      await worker.terminate()
    },
  }
}
