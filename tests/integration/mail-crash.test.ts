// Exactly-once under crashes: the sender runs in a child process that is killed with SIGKILL in
// the middle of a batch (or kills itself right after the server accepted a message). After a
// restart every queued mail is delivered and none twice — counted by Message-ID at the server.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import { queueMail, type MailRow } from '../../src-main/core/mail/outbox'
import { openDesk, type Desk } from '../../src-main/core/desk'
import { mails } from '../../src-main/db/schema'
import { makeSetUpDesk, type TestDesk } from '../support/desk'
import { loopbackSettings, startSmtp, type TestSmtp } from './helpers/smtp'

const CHILD_SOURCE = fileURLToPath(new URL('./helpers/mail-sender-child.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
let childDir: string
let childScript: string

// The child is bundled once (esbuild, as tsx would do per run): a bundled start is several
// times faster than transpiling the desk's ~150 modules in every child.
beforeAll(async () => {
  childDir = mkdtempSync(join(ROOT, 'node_modules', '.ibok-test-child-'))
  childScript = join(childDir, 'mail-sender-child.mjs')
  await build({
    entryPoints: [CHILD_SOURCE],
    outfile: childScript,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    external: ['better-sqlite3'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'error',
  })
})
afterAll(() => rmSync(childDir, { recursive: true, force: true }))

let desk: TestDesk
let token: string
let smtp: TestSmtp
let restarted: Desk | null = null

beforeEach(async () => {
  const made = await makeSetUpDesk({ mailSender: 'manual' })
  desk = made.desk
  token = made.token
})
afterEach(async () => {
  restarted?.close()
  restarted = null
  await smtp?.close()
  desk.dispose()
})

function queueBatch(n: number): MailRow[] {
  return desk.services.db.write({ staffId: null, stationCode: 'K1', operation: 'test.queue' }, (tx) =>
    Array.from({ length: n }, (_, i) => queueMail(desk.services, tx, { kind: 'other', to: `odbiorca${i + 1}@example.pl`, subject: `Wiadomość ${i + 1} — źdźbło`, text: `Treść ${i + 1}` }, null)),
  )
}

function startChild(crashAfterAccepted?: number): ChildProcess {
  const args = [childScript, desk.dir, ...(crashAfterAccepted ? [String(crashAfterAccepted)] : [])]
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(d))
  return child
}

const states = () => Object.fromEntries(desk.services.db.orm.select().from(mails).all().map((m) => [m.id, m.state]))

it('a sender killed (SIGKILL) while the server holds the 4th message of 8: after a restart all 8 arrive, each once', async () => {
  let release: (() => void) | null = null
  smtp = await startSmtp({ onData: (_raw, index) => (index === 3 ? new Promise((resolve) => (release = () => resolve('drop'))) : 'accept') })
  await desk.call('mail.updateSettings', loopbackSettings(smtp.port), token)
  const batch = queueBatch(8)

  const child = startChild()
  await smtp.waitForData(4)
  const exited = once(child, 'exit')
  child.kill('SIGKILL')
  const [, signal] = await exited
  expect(signal).toBe('SIGKILL')
  release!()

  // Three went through and were recorded; the fourth was in flight; four never started.
  const afterCrash = states()
  expect(batch.map((m) => afterCrash[m.id])).toEqual(['sent', 'sent', 'sent', 'sending', 'queued', 'queued', 'queued', 'queued'])
  expect(smtp.received).toHaveLength(3)

  restarted = openDesk({ dataDir: desk.dir, mailSender: 'manual', log: () => {} })
  expect(states()[batch[3].id]).toBe('uncertain')
  await restarted.services.mail.runOnce()
  expect(smtp.received).toHaveLength(7) // the uncertain one waits for a person
  // Staff look: the server never confirmed it (no 250) — send it again.
  await desk.call('mail.resolveUncertain', { id: batch[3].id, decision: 'resend', note: 'Serwer nie potwierdził przyjęcia' }, token)
  await restarted.services.mail.runOnce()

  const counts = smtp.countByMessageId()
  expect([...counts.keys()].sort()).toEqual(batch.map((m) => m.messageId).sort())
  expect([...counts.values()].every((n) => n === 1)).toBe(true)
  expect(Object.values(states()).every((s) => s === 'sent')).toBe(true)
})

it('a sender that dies right after the server accepted a message: that mail is not resent blindly; after the decision all arrive once', async () => {
  smtp = await startSmtp()
  await desk.call('mail.updateSettings', loopbackSettings(smtp.port), token)
  const batch = queueBatch(6)

  const child = startChild(3)
  const [, signal] = await once(child, 'exit')
  expect(signal).toBe('SIGKILL')
  expect(smtp.received).toHaveLength(3)
  expect(batch.map((m) => states()[m.id])).toEqual(['sent', 'sent', 'sending', 'queued', 'queued', 'queued'])

  restarted = openDesk({ dataDir: desk.dir, mailSender: 'manual', log: () => {} })
  await restarted.services.mail.runOnce()
  await restarted.services.mail.runOnce()
  expect(states()[batch[2].id]).toBe('uncertain')
  expect(smtp.countByMessageId().get(batch[2].messageId)).toBe(1) // never sent a second time by itself

  // Staff find it in the server's log (it has that Message-ID): mark it as sent.
  await desk.call('mail.resolveUncertain', { id: batch[2].id, decision: 'mark_sent', note: 'Serwer ma tę wiadomość w dzienniku' }, token)
  const counts = smtp.countByMessageId()
  expect(counts.size).toBe(6)
  expect([...counts.values()].every((n) => n === 1)).toBe(true)
  expect(Object.values(states()).every((s) => s === 'sent')).toBe(true)
})
