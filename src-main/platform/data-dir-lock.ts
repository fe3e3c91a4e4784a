// Exclusive use of a data directory: one desk (browser mode or Electron) or one restore at a time.
// The lock is an OS file lock that SQLite takes on a small lock database in the directory and
// keeps while the connection is open (locking_mode=EXCLUSIVE). The operating system drops it when
// the process ends in any way, kill -9 and power loss included, so there is no stale lock to
// clean up and no pid that could be reused; a pid file beside it only says who holds it.
import Database from 'better-sqlite3'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'

export const LOCK_FILE = 'ibok-desk.lock'
const INFO_FILE = 'ibok-desk.lock.info'

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    holder: string | null,
  ) {
    super(
      `Katalog danych ${dataDir} jest używany przez inny uruchomiony program ibok-desk${holder ? ` (${holder})` : ''}. ` +
        'Zamknij tamten program i spróbuj ponownie; dwa programy na tej samej bazie (także przywracanie kopii w trakcie pracy) prowadzą do utraty danych.',
    )
    this.name = 'DataDirLockedError'
  }
}

export interface DataDirLock {
  readonly dataDir: string
  release(): void
}

function holderOf(dataDir: string): string | null {
  try {
    const info = JSON.parse(readFileSync(join(dataDir, INFO_FILE), 'utf8')) as { pid?: number; host?: string; since?: string; what?: string }
    const since = info.since ? `, od ${new Date(info.since).toLocaleString('pl-PL', { timeZone: 'Europe/Warsaw' })}` : ''
    return `${info.what ?? 'program'}: proces ${String(info.pid)} na ${String(info.host)}${since}`
  } catch {
    return null
  }
}

/**
 * Takes the data directory for this process, or throws DataDirLockedError (Polish message) when
 * another process — or another desk in this process — holds it. `what` names the holder in the
 * message a second program gets ("stanowisko", "przywracanie kopii").
 */
export function lockDataDir(dataDir: string, what = 'stanowisko'): DataDirLock {
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(join(dataDir, LOCK_FILE), { timeout: 0 })
  try {
    db.pragma('locking_mode = EXCLUSIVE')
    db.pragma('journal_mode = OFF') // nothing worth a journal: only the lock matters
    // The first write takes the exclusive lock; in this locking mode it is never given back.
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER); DELETE FROM holder')
    db.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid)
  } catch (err) {
    db.close()
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY') || (err as { code?: string }).code?.startsWith('SQLITE_LOCKED')) {
      throw new DataDirLockedError(dataDir, holderOf(dataDir))
    }
    throw err
  }
  try {
    writeFileSync(join(dataDir, INFO_FILE), JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString(), what }))
  } catch {
    // Only informative.
  }
  let held = true
  return {
    dataDir,
    release() {
      if (!held) return
      held = false
      rmSync(join(dataDir, INFO_FILE), { force: true })
      db.close()
    },
  }
}
