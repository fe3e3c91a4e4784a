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
import type { MailRow } from '../../src-main/core/mail/message'
import { queueMail } from '../../src-main/core/mail/outbox'
import { openDesk, type Desk } from '../../src-main/desk/desk'
import { mails } from '../../src-main/db/schema'
import { makeSetUpDesk, type TestDesk } from '../support/desk'
import { loopbackSettings, startSmtp, type TestSmtp } from '../support/smtp'

const CHILD_SOURCE = fileURLToPath(new URL('../support/mail-sender-child.ts', import.meta.url))
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

const messageIdOf = (raw: Buffer) => /^Message-ID:\s*(<[^>]+>)/im.exec(raw.toString('latin1'))?.[1] ?? null

/**
 * What the state of each mail right after a crash must be, whatever was in flight (the sender has
 * several mails in flight at once): recorded 'sent' only if the server has it, never left 'queued'
 * (to be sent again blindly) if the server has it.
 */
function expectNothingSentBlindly(batch: MailRow[], afterCrash: Record<string, string>): MailRow[] {
  const accepted = smtp.countByMessageId()
  for (const m of batch) {
    expect(['sent', 'sending', 'queued']).toContain(afterCrash[m.id])
    if (afterCrash[m.id] === 'sent') expect(accepted.get(m.messageId)).toBe(1)
    if (accepted.has(m.messageId)) expect(afterCrash[m.id]).not.toBe('queued')
  }
  return batch.filter((m) => afterCrash[m.id] === 'sending')
}

/** Staff check each uncertain mail in the server's log: there → mark as sent, not there → send again. */
async function resolveByServerLog(uncertain: MailRow[]): Promise<void> {
  const seen = smtp.countByMessageId()
  for (const m of uncertain) {
    await desk.call(
      'mail.resolveUncertain',
      seen.has(m.messageId)
        ? { id: m.id, decision: 'mark_sent', note: 'Serwer ma tę wiadomość w dzienniku' }
        : { id: m.id, decision: 'resend', note: 'Serwer nie potwierdził przyjęcia' },
      token,
    )
  }
}

it('a sender killed (SIGKILL) while the server holds the 4th message of 8: after a restart all 8 arrive, each once', async () => {
  let release: (() => void) | null = null
  let held: string | null = null
  smtp = await startSmtp({
    onData: (raw, index) => {
      if (index !== 3) return 'accept'
      held = messageIdOf(raw)
      return new Promise((resolve) => (release = () => resolve('drop')))
    },
  })
  await desk.call('mail.updateSettings', loopbackSettings(smtp.port), token)
  const batch = queueBatch(8)

  const child = startChild()
  await smtp.waitForData(4)
  const exited = once(child, 'exit')
  child.kill('SIGKILL')
  const [, signal] = await exited
  expect(signal).toBe('SIGKILL')
  release!()

  // The held one was in flight; others may have been too (in flight or claimed), or recorded, or not started.
  const afterCrash = states()
  const inFlight = expectNothingSentBlindly(batch, afterCrash)
  expect(inFlight.map((m) => m.messageId)).toContain(held)
  expect(inFlight.length).toBeLessThanOrEqual(7) // sender.ts: at most 2 × LANES − 1
  const acceptedBefore = smtp.countByMessageId()

  restarted = openDesk({ dataDir: desk.dir, mailSender: 'manual', log: () => {}, exclusive: false })
  expect(inFlight.map((m) => states()[m.id])).toEqual(inFlight.map(() => 'uncertain'))
  await restarted.services.mail.runOnce()
  // Everything that was queued has arrived; the uncertain ones wait for a person, not sent again.
  for (const m of batch) {
    const arrived = smtp.countByMessageId().get(m.messageId) ?? 0
    expect(arrived).toBe(inFlight.includes(m) ? (acceptedBefore.get(m.messageId) ?? 0) : 1)
  }
  // The held one never got a 250: staff send it again (and mark any the server did take as sent).
  await resolveByServerLog(inFlight)
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
  expect(smtp.received.length).toBeGreaterThanOrEqual(3)
  const inFlight = expectNothingSentBlindly(batch, states())
  // The one whose acceptance the sender never recorded is among those in flight.
  expect(inFlight.some((m) => smtp.countByMessageId().has(m.messageId))).toBe(true)

  restarted = openDesk({ dataDir: desk.dir, mailSender: 'manual', log: () => {}, exclusive: false })
  await restarted.services.mail.runOnce()
  await restarted.services.mail.runOnce()
  expect(inFlight.map((m) => states()[m.id])).toEqual(inFlight.map(() => 'uncertain'))
  // Never sent a second time by itself.
  expect([...smtp.countByMessageId().values()].every((n) => n === 1)).toBe(true)

  // Staff find them in the server's log (it has that Message-ID): marked as sent.
  await resolveByServerLog(inFlight)
  await restarted.services.mail.runOnce()
  const counts = smtp.countByMessageId()
  expect(counts.size).toBe(6)
  expect([...counts.values()].every((n) => n === 1)).toBe(true)
  expect(Object.values(states()).every((s) => s === 'sent')).toBe(true)
})
