// Automatic backups with SQLite's online backup API, keeping the newest N; and restore.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, join } from 'node:path'
import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import type { BackupInfo } from '../../shared/api/types'
import { shippedSchemaVersion } from '../db/database'
import type { DeskDb } from '../db/write'
import { lockDataDir } from './data-dir-lock'
import { findResourcesDir } from './paths'
import { markRestored } from './hub-client/settings'

const PREFIX = 'ibok-desk-'
/** Tables every ibok-desk database has, whatever its version: how a backup is recognised. */
const REQUIRED_TABLES = ['settings', 'staff', 'audit_log', 'change_log']

/**
 * When a backup was taken, from its name (the desk's clock at the time, as written by
 * backupNow); the file's mtime only as a fallback, since copying a folder changes mtimes.
 */
function takenAt(dir: string, file: string): string {
  const m = /^ibok-desk-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z\.db$/.exec(file)
  const iso = m && `${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`
  return iso && !Number.isNaN(Date.parse(iso)) ? iso : statSync(join(dir, file)).mtime.toISOString()
}

export function listBackups(dir: string): BackupInfo[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.startsWith(PREFIX) && f.endsWith('.db'))
    .map((f) => ({ file: join(dir, f), createdAt: takenAt(dir, f), bytes: statSync(join(dir, f)).size }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.file.localeCompare(a.file))
}

/**
 * The copy itself, in a worker thread with its own read-only connection: one backup step over all
 * pages, so it reads one consistent snapshot (WAL: writers carry on meanwhile) and this thread —
 * the desk's API — is not involved at all. Copying a multi-GB office takes minutes; done here in
 * small steps it would slow every request in between. Inline source: no extra bundle entry.
 */
const BACKUP_WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const source = new Database(workerData.source, { readonly: true, fileMustExist: true })
source.backup(workerData.target, { progress: () => 0x7fffffff })
  .then(() => parentPort.postMessage({ ok: true }), (err) => parentPort.postMessage({ ok: false, message: String(err && err.stack || err) }))
  .finally(() => source.close())
`

function backupInWorker(source: string, target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3')
    const worker = new Worker(BACKUP_WORKER, { eval: true, workerData: { driver, source, target } })
    let answered = false
    worker.once('message', (m: { ok: boolean; message?: string }) => {
      answered = true
      if (m.ok) resolve()
      else reject(new Error(m.message))
    })
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the backup worker exited (${code}) without an answer`))
    })
  })
}

/** Takes a consistent copy of the live database (readers and writers may continue). */
export async function backupNow(db: DeskDb, dir: string, keep: number, now: Date = new Date()): Promise<BackupInfo> {
  mkdirSync(dir, { recursive: true })
  const stamp = now.toISOString().replace(/[:.]/g, '-')
  const file = join(dir, `${PREFIX}${stamp}.db`)
  // Written under another name first: a backup cut short by a crash must never count as the newest.
  const partial = `${file}.partial`
  rmSync(partial, { force: true })
  try {
    await backupInWorker(db.sqlite.name, partial)
  } catch {
    // No worker here (a packaging problem, an in-memory database): the same API in this thread,
    // in small steps between other work — slower, never missing.
    rmSync(partial, { force: true })
    await db.sqlite.backup(partial)
  }
  renameSync(partial, file)
  for (const old of listBackups(dir).slice(keep)) rmSync(old.file)
  return listBackups(dir).find((b) => b.file === file)!
}

/** The newest backup's age in ms, or null when there is none. */
export function newestBackupAge(dir: string, now: Date): number | null {
  const newest = listBackups(dir)[0]
  return newest ? now.getTime() - Date.parse(newest.createdAt) : null
}

/** A backup that restore will not use; the message says why, in Polish, naming the file. */
export class BackupRejectedError extends Error {
  override name = 'BackupRejectedError'
}

function sqliteProblem(err: unknown): string {
  const code = (err as { code?: string }).code
  if (code === 'SQLITE_NOTADB') return 'to nie jest plik bazy danych'
  if (code === 'SQLITE_CORRUPT') return 'plik bazy jest uszkodzony'
  return err instanceof Error ? err.message : String(err)
}

function defaultSchemaVersion(): number | null {
  try {
    return shippedSchemaVersion(join(findResourcesDir(), 'migrations'))
  } catch {
    return null // no shipped migrations found: opening the restored file will check the version
  }
}

/** Refuses anything but an intact ibok-desk database this build can open. */
export function checkBackup(backupFile: string, appSchemaVersion: number | null = defaultSchemaVersion()): void {
  const name = basename(backupFile)
  if (!existsSync(backupFile)) throw new BackupRejectedError(`Kopia ${name} nie istnieje`)
  let check: Database.Database | undefined
  try {
    check = new Database(backupFile, { readonly: true, fileMustExist: true })
    const result = check.pragma('integrity_check', { simple: true })
    if (result !== 'ok') throw new BackupRejectedError(`Kopia ${name} jest uszkodzona: ${String(result)}`)
    const version = check.pragma('user_version', { simple: true }) as number
    const tables = check.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).pluck().all() as string[]
    if (version < 1 || !REQUIRED_TABLES.every((t) => tables.includes(t))) {
      throw new BackupRejectedError(`Kopia ${name} nie jest kopią bazy ibok-desk`)
    }
    if (appSchemaVersion !== null && version > appSchemaVersion) {
      throw new BackupRejectedError(
        `Kopia ${name} pochodzi z nowszej wersji programu (schemat ${version}, ten program zna ${appSchemaVersion}). Zainstaluj aktualną wersję ibok-desk.`,
      )
    }
  } catch (err) {
    if (err instanceof BackupRejectedError) throw err
    throw new BackupRejectedError(`Kopia ${name} jest uszkodzona: ${sqliteProblem(err)}`)
  } finally {
    check?.close()
  }
}

/**
 * Keeps the current database as "<file>.before-restore". A desk that crashed has recent commits
 * only in its -wal file: they are folded into the file first, or kept beside the copy as its own
 * -wal if the database cannot be opened, so the copy holds every commit.
 */
function keepCurrent(databaseFile: string): void {
  const kept = `${databaseFile}.before-restore`
  try {
    const live = new Database(databaseFile, { fileMustExist: true })
    try {
      live.pragma('wal_checkpoint(TRUNCATE)')
    } finally {
      live.close()
    }
  } catch {
    // A damaged database is kept as it is, with its WAL.
  }
  copyFileSync(databaseFile, kept)
  rmSync(`${kept}-shm`, { force: true })
  rmSync(`${kept}-wal`, { force: true })
  if (existsSync(`${databaseFile}-wal`) && statSync(`${databaseFile}-wal`).size > 0) copyFileSync(`${databaseFile}-wal`, `${kept}-wal`)
}

/**
 * Replaces the database file with a backup. The desk must be closed first — a desk running on the
 * folder holds its lock, and the restore is then refused (DataDirLockedError) before anything
 * changes; the current file is kept beside it as "<name>.before-restore" so a wrong restore can
 * itself be undone. A backup that is damaged, not ibok-desk's or from a newer version is refused
 * and nothing changes.
 */
export function restoreBackup(backupFile: string, databaseFile: string, appSchemaVersion?: number | null): void {
  const lock = lockDataDir(dirname(databaseFile), 'przywracanie kopii')
  try {
    replaceWithBackup(backupFile, databaseFile, appSchemaVersion)
  } finally {
    lock.release()
  }
}

function replaceWithBackup(backupFile: string, databaseFile: string, appSchemaVersion?: number | null): void {
  checkBackup(backupFile, appSchemaVersion)
  if (existsSync(databaseFile)) keepCurrent(databaseFile)
  // The old WAL must not be replayed onto the restored file.
  for (const suffix of ['-wal', '-shm']) rmSync(databaseFile + suffix, { force: true })
  const incoming = `${databaseFile}.restoring`
  copyFileSync(backupFile, incoming)
  // This station may have issued numbers and sent mail after the backup: the restored desk
  // learns from the hub where it stands before it does either again (core/sync/settings.ts).
  const restored = new Database(incoming)
  try {
    markRestored(restored, new Date())
  } finally {
    restored.close()
  }
  renameSync(incoming, databaseFile)
}
