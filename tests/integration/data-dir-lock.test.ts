// Exclusive use of a data directory: while a desk runs on a folder, a second desk and a restore
// of a backup into it are refused with a Polish message, and nothing on disk changes; a desk
// killed with SIGKILL leaves no lock behind. Issue 16, defect 3: a restore while the desk ran
// used to replace the file under it — the running desk went on writing to the deleted file and a
// customer it answered 200 for was gone after the restart.
import { afterEach, describe, expect, it } from 'vitest'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { backupNow, restoreBackup } from '../../src-main/platform/backups'
import { DataDirLockedError } from '../../src-main/platform/data-dir-lock'
import { openDesk } from '../../src-main/desk/desk'
import { insertRegistration, insertTariffGroup } from '../support/rows'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const WRITER = fileURLToPath(new URL('../support/crash-writer.ts', import.meta.url))
const WEB = fileURLToPath(new URL('../../src-main/server/web.ts', import.meta.url))
const ctx = { staffId: null, stationCode: 'K1', operation: 'test.lock' }

const cleanup: (() => void)[] = []
const children: ChildProcess[] = []
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGKILL')
      await once(c, 'close')
    }
  }
  while (cleanup.length) cleanup.pop()!()
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ibok-lock-'))
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

const customerCount = (dataDir: string) => {
  const desk = openDesk({ dataDir, log: () => {} })
  try {
    return desk.services.db.sqlite.prepare('SELECT count(*) FROM customers').pluck().get() as number
  } finally {
    desk.close()
  }
}

describe('a data directory is used by one desk at a time', () => {
  it('refuses a restore while the desk runs; the customer created afterwards survives the restart', async () => {
    const dataDir = tempDir()
    const desk = openDesk({ dataDir, log: () => {} })
    let open = true
    cleanup.push(() => open && desk.close())
    const { db } = desk.services
    const group = db.write(ctx, (tx) => insertTariffGroup(tx))
    db.write(ctx, (tx) => insertRegistration(tx, 1, group))
    const backup = await backupNow(db, join(dataDir, 'backups'), 3, new Date())

    let refused: unknown = null
    try {
      restoreBackup(backup.file, desk.databaseFile)
    } catch (err) {
      refused = err
    }
    expect(refused).toBeInstanceOf(DataDirLockedError)
    expect((refused as Error).message).toMatch(/^Katalog danych .* jest używany przez inny uruchomiony program ibok-desk \(stanowisko: proces \d+/)
    expect((refused as Error).message).toContain('Zamknij tamten program')

    // The desk goes on working on its own file, and what it wrote is there after a restart.
    db.write(ctx, (tx) => insertRegistration(tx, 2, group))
    desk.close()
    open = false
    expect(customerCount(dataDir)).toBe(2)

    // Once the desk is closed, the same restore goes through.
    restoreBackup(backup.file, join(dataDir, 'ibok-desk.db'))
    expect(customerCount(dataDir)).toBe(1)
  })

  it('refuses a second desk on the same folder, and takes it once the first is closed', () => {
    const dataDir = tempDir()
    const first = openDesk({ dataDir, log: () => {} })
    expect(() => openDesk({ dataDir, log: () => {} })).toThrow(DataDirLockedError)
    first.close()
    openDesk({ dataDir, log: () => {} }).close()
  })

  it('a desk in another process holds the folder until it is killed with SIGKILL; then the next start works', async () => {
    const dataDir = tempDir()
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    children.push(child)
    let stderr = ''
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    const lines = createInterface({ input: child.stdout! })
    // Wait until it has committed something: it is then surely holding the folder.
    await new Promise<void>((resolve, reject) => {
      lines.on('line', (line) => line.startsWith('committed 3') && resolve())
      child.once('close', (code) => reject(new Error(`writer ended (${code}): ${stderr}`)))
    })

    expect(() => openDesk({ dataDir, log: () => {} })).toThrow(/jest używany przez inny uruchomiony program ibok-desk \(stanowisko: proces \d+/)
    expect(() => restoreBackup(join(dataDir, 'ibok-desk.db'), join(dataDir, 'ibok-desk.db'))).toThrow(DataDirLockedError)
    // What the office runs: browser mode's --restore, refused in Polish with exit code 1.
    const before = readFileSync(join(dataDir, 'ibok-desk.db'))
    const cli = spawnSync(process.execPath, ['--import', 'tsx', WEB, '--data-dir', dataDir, '--restore', join(dataDir, 'ibok-desk.db')], { cwd: ROOT, encoding: 'utf8' })
    expect(cli.status).toBe(1)
    expect(cli.stderr).toMatch(/^Nie przywrócono kopii: Katalog danych .* jest używany przez inny uruchomiony program ibok-desk/)
    expect(cli.stderr).toContain('nie została zmieniona')
    expect(cli.stderr).not.toMatch(/\n\s+at /) // an answer, not a stack trace
    expect(existsSync(join(dataDir, 'ibok-desk.db.before-restore'))).toBe(false)
    expect(readFileSync(join(dataDir, 'ibok-desk.db')).length).toBeGreaterThanOrEqual(before.length)

    const closed = once(child, 'close')
    child.kill('SIGKILL')
    await closed
    // No stale lock: the operating system dropped it with the process.
    const desk = openDesk({ dataDir, log: () => {} })
    try {
      expect(desk.services.db.sqlite.prepare('SELECT count(*) FROM customers').pluck().get()).toBeGreaterThanOrEqual(3)
    } finally {
      desk.close()
    }
  }, 180_000)
})
