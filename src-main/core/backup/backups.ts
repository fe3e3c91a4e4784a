// Automatic backups with SQLite's online backup API, keeping the newest N; and restore.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import Database from 'better-sqlite3'
import type { BackupInfo } from '../../../shared/api/types'
import type { DeskDb } from '../../db/write'

const PREFIX = 'ibok-desk-'

export function listBackups(dir: string): BackupInfo[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.startsWith(PREFIX) && f.endsWith('.db'))
    .map((f) => {
      const st = statSync(join(dir, f))
      return { file: join(dir, f), createdAt: st.mtime.toISOString(), bytes: st.size }
    })
    .sort((a, b) => b.file.localeCompare(a.file))
}

/** Takes a consistent copy of the live database (readers and writers may continue). */
export async function backupNow(db: DeskDb, dir: string, keep: number, now: Date = new Date()): Promise<BackupInfo> {
  mkdirSync(dir, { recursive: true })
  const stamp = now.toISOString().replace(/[:.]/g, '-')
  const file = join(dir, `${PREFIX}${stamp}.db`)
  await db.sqlite.backup(file)
  for (const old of listBackups(dir).slice(keep)) rmSync(old.file)
  return listBackups(dir).find((b) => b.file === file)!
}

/** The newest backup's age in ms, or null when there is none. */
export function newestBackupAge(dir: string, now: Date): number | null {
  const newest = listBackups(dir)[0]
  return newest ? now.getTime() - Date.parse(newest.createdAt) : null
}

/**
 * Replaces the database file with a backup. The desk must be closed first; the current file is
 * kept beside it as "<name>.before-restore" so a wrong restore can itself be undone.
 */
export function restoreBackup(backupFile: string, databaseFile: string): void {
  const check = new Database(backupFile, { readonly: true, fileMustExist: true })
  try {
    const result = check.pragma('integrity_check', { simple: true })
    if (result !== 'ok') throw new Error(`Kopia ${basename(backupFile)} jest uszkodzona: ${String(result)}`)
  } finally {
    check.close()
  }
  if (existsSync(databaseFile)) copyFileSync(databaseFile, `${databaseFile}.before-restore`)
  for (const suffix of ['-wal', '-shm']) rmSync(databaseFile + suffix, { force: true })
  copyFileSync(backupFile, databaseFile)
}
