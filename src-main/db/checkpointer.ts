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
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)') } catch {} }
const timer = setInterval(checkpoint, workerData.everyMs)
parentPort.once('message', () => {
  clearInterval(timer)
  checkpoint()
  db.close()
  parentPort.postMessage('stopped')
})
parentPort.postMessage('ready')
`

export interface BackgroundCheckpoints {
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
  const ended = new Promise<void>((resolve) => {
    worker.once('exit', () => resolve())
    worker.once('error', () => resolve())
  })
  const ready = await new Promise<boolean>((resolve) => {
    worker.once('message', () => resolve(true))
    void ended.then(() => resolve(false))
  })
  if (!ready) return null
  return {
    async stop() {
      worker.postMessage('stop')
      await new Promise<void>((resolve) => {
        worker.once('message', () => resolve())
        void ended.then(resolve)
      })
      await worker.terminate()
    },
  }
}
