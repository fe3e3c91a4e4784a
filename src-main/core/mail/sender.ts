// The background mail sender. Exactly-once as far as SMTP allows (../shared/SYNC.md "Mail exactly
// once"): a mail is claimed with a conditional update (state 'queued' → 'sending'), sent with its
// fixed Message-ID, and its outcome recorded. A crash between the server's "250" and that record
// leaves the row in 'sending'; at the next start it becomes 'uncertain' and waits for staff —
// it is never resent blindly. Only mails queued on this desk are sent here.
// Throughput: a pass claims due mail in small groups and keeps a few mails in flight at once over
// pooled connections (LANES). The outcomes the server gave since the last claim are recorded in the
// next claim's transaction (and at the end of the pass): one transaction per group of LANES mails
// instead of one per mail plus one per group (the commits were the largest item of the sender's profile). A recorded
// outcome is never earlier than the server's answer, so the protocol is unchanged; an answer not
// yet recorded at a crash leaves its mail 'sending', like a crash between "250" and its record.
// So a crash can leave up to 2 × LANES − 1 mails 'uncertain' (in flight, answered but not yet
// recorded, or claimed and waiting: right after a claim, at most LANES − 1 others are in flight and
// nothing is unrecorded); claimed mails a pass stops before sending go back to the queue untouched.
import nodemailer from 'nodemailer'
import { and, asc, eq, lte } from 'drizzle-orm'
import type { MailKind } from '../../../shared/api/types'
import { mails } from '../../db/schema'
import { jobContext, type DeskDb, type WriteTx } from '../../db/write'
import { readStoredFile } from '../../platform/attachments/file-store'
import { attachmentsOf, fillSecrets, type MailRow } from './message'
import { readSmtpConfig, type SmtpConfig } from './settings'
import { stationUnconfirmed } from '../../platform/hub-client/settings'
import { describeFailure, MAX_ATTEMPTS, retryDelayMinutes, type AttemptFailure } from './smtp-errors'

/** What a kind of mail needs besides plain sending (e.g. credentials: a password made at send time). */
export interface MailKindHooks {
  /**
   * Runs before the claim: values for the mail's secret slots, and `commit`, which stores what
   * must be stored about them (a password hash) in the claim's own transaction — only if the claim wins.
   */
  prepare?(mail: MailRow): Promise<{ values: Record<string, string>; commit(tx: WriteTx, mail: MailRow): void }>
  /** In the transaction that records the server's acceptance (or a staff "mark as sent"). */
  onSent?(tx: WriteTx, mail: MailRow): void
  /** In the transaction that records a final failure. */
  onFailed?(tx: WriteTx, mail: MailRow): void
}

export interface OutgoingMessage {
  messageId: string
  from: { name: string; address: string }
  replyTo?: string
  to: string
  subject: string
  text: string
  html?: string
  attachments: { filename: string; contentType: string; content: Buffer }[]
  headers: Record<string, string>
}

export interface MailTransport {
  sendMail(message: OutgoingMessage): Promise<{ response?: string }>
  close(): void
}

export type TransportFactory = (config: SmtpConfig) => MailTransport

/** nodemailer over SMTP; a pool of connections per pass, one per lane. */
export const smtpTransport: TransportFactory = (c) => {
  const ms = c.timeoutSeconds * 1000
  const transport = nodemailer.createTransport({
    host: c.host,
    port: c.port,
    secure: c.security === 'tls',
    requireTLS: c.security === 'starttls',
    ignoreTLS: c.security === 'none',
    auth: c.username ? { user: c.username, pass: c.password ?? '' } : undefined,
    connectionTimeout: ms,
    greetingTimeout: ms,
    socketTimeout: ms,
    tls: { rejectUnauthorized: !c.allowInvalidCertificate, servername: c.host },
    pool: true,
    maxConnections: LANES,
    maxMessages: 100,
  })
  return {
    sendMail: (message) => transport.sendMail(message) as Promise<{ response?: string }>,
    close: () => transport.close(),
  }
}

export interface PassResult {
  /** Mails that were due when the pass began (at most one batch). */
  due: number
  attempted: number
  sent: number
  failed: number
  retried: number
  /** Why the pass did not (fully) run. */
  stoppedBy: 'not_configured' | 'paused' | 'server' | 'stopped' | 'station_unconfirmed' | null
}

/** A mail this pass claimed ('sending'), with what its kind prepared for it. */
interface Claimed {
  row: MailRow
  /** The row as it was before the claim. */
  before: MailRow
  values: Record<string, string>
  unprepared: string | null
}

export interface ServerProblem {
  message: string
  reply: string | null
  since: string
  nextTryAt: string
}

export interface SenderDeps {
  db: DeskDb
  dataDir: string
  now(): Date
  stationCode(): string
  log(e: unknown): void
  transport?: TransportFactory
  /** How often the loop looks for due mail when nothing wakes it (ms). */
  intervalMs?: number
}

/** Mails looked at per pass (the next pass follows at once while more are due). */
const BATCH = 200
/**
 * Mails in flight at once (and SMTP connections): sending one at a time left the desk waiting on
 * the server most of the time. A crash can leave up to this many mails 'uncertain'.
 */
const LANES = 4
/** Pauses after the server itself failed (connection, TLS, login): minutes. */
const SERVER_PAUSES = [1, 2, 5, 10, 30]
const MINUTE = 60_000

export const INTERRUPTED_MESSAGE =
  'Program zakończył pracę w trakcie wysyłania tej wiadomości — nie wiadomo, czy serwer ją przyjął. Sprawdź (np. u odbiorcy lub w skrzynce nadawczej serwera) i zdecyduj: „Wyślij ponownie” albo „Oznacz jako wysłaną”.'

export class MailSender {
  private readonly hooks = new Map<MailKind, MailKindHooks>()
  private chain: Promise<unknown> = Promise.resolve()
  private timer: ReturnType<typeof setTimeout> | null = null
  private looping = false
  private halted = false
  private problem: ServerProblem | null = null
  private serverFailures = 0
  /** Concurrent lanes all failing at one dead server count as one failure for the pause. */
  private serverFailedThisPass = false
  /** Outcomes the server gave that the next transaction records (see the header). */
  private unrecorded: Array<(tx: WriteTx) => void> = []

  constructor(private readonly deps: SenderDeps) {
    deps.db.onCommit((changes) => {
      if (!this.looping) return
      const queuedHere = changes.some((c) => c.entity === 'mails' && c.after?.state === 'queued' && c.after?.stationCode === deps.stationCode())
      if (queuedHere) this.wake()
    })
  }

  registerKind(kind: MailKind, hooks: MailKindHooks): void {
    this.hooks.set(kind, hooks)
  }

  hooksFor(kind: MailKind): MailKindHooks | undefined {
    return this.hooks.get(kind)
  }

  /** The server problem the last pass ran into, if it has not sent anything since. */
  serverProblem(): ServerProblem | null {
    return this.problem
  }

  /**
   * At start-up: a mail still 'sending' was interrupted by a crash or a kill. Whether the server
   * took it is unknown, so it becomes 'uncertain' for staff to decide. Returns how many.
   */
  recoverInterrupted(): number {
    const own = this.deps.stationCode()
    const stuck = this.deps.db.read
      .select({ id: mails.id })
      .from(mails)
      .where(and(eq(mails.state, 'sending'), eq(mails.stationCode, own)))
      .all()
    if (stuck.length === 0) return 0
    return this.deps.db.write(jobContext('mail.recover', own), (tx) => {
      let n = 0
      for (const m of stuck) if (tx.updateIf(mails, m.id, { state: 'sending' }, { state: 'uncertain', lastError: INTERRUPTED_MESSAGE })) n++
      return n
    })
  }

  /** Starts the background loop (openDesk does this; tests use runOnce instead). */
  start(intervalMs = this.deps.intervalMs ?? 30_000): void {
    this.deps.intervalMs = intervalMs
    this.looping = true
    this.halted = false
    this.schedule(0)
  }

  /** Stops the loop; a mail being handed to the server finishes, no new one starts. */
  stop(): Promise<void> {
    this.looping = false
    this.halted = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    return this.chain.then(() => undefined)
  }

  /** Something was queued: look now rather than at the next tick. */
  wake(): void {
    if (this.looping) this.schedule(0)
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.tick(), Math.max(0, ms))
    this.timer.unref?.()
  }

  private async tick(): Promise<void> {
    this.timer = null
    if (!this.looping) return
    const pass = await this.runOnce().catch((e: unknown) => this.deps.log(e))
    // A full batch means more is due: go on at once (a billing run queues thousands).
    const more = !!pass && pass.stoppedBy === null && pass.due === BATCH
    if (this.looping && !this.timer) this.schedule(more ? 0 : this.nextDelay())
  }

  private nextDelay(): number {
    const now = this.deps.now().getTime()
    const interval = this.deps.intervalMs ?? 30_000
    if (this.problem) return Math.min(interval * 10, Math.max(0, Date.parse(this.problem.nextTryAt) - now))
    const next = this.deps.db.read
      .select({ at: mails.nextAttemptAt })
      .from(mails)
      .where(and(eq(mails.state, 'queued'), eq(mails.stationCode, this.deps.stationCode())))
      .orderBy(asc(mails.nextAttemptAt))
      .limit(1)
      .get()
    if (!next) return interval
    return Math.min(interval, Math.max(1000, Date.parse(next.at) - now))
  }

  /** One pass over the due mail, deterministic: what tests call. Passes never overlap. */
  runOnce(): Promise<PassResult> {
    const pass = this.chain.then(() => this.pass())
    this.chain = pass.catch(() => undefined)
    return pass
  }

  private async pass(): Promise<PassResult> {
    const result: PassResult = { due: 0, attempted: 0, sent: 0, failed: 0, retried: 0, stoppedBy: null }
    if (this.halted) return { ...result, stoppedBy: 'stopped' }
    // Restored from a backup: this station's mail may have gone out after it; the hub says first.
    if (stationUnconfirmed(this.deps.db.read)) return { ...result, stoppedBy: 'station_unconfirmed' }
    const config = readSmtpConfig(this.deps.db.read)
    if (!config) return { ...result, stoppedBy: 'not_configured' }
    if (!config.enabled) return { ...result, stoppedBy: 'paused' }
    const due = this.deps.db.read
      .select()
      .from(mails)
      .where(and(eq(mails.state, 'queued'), eq(mails.stationCode, this.deps.stationCode()), lte(mails.nextAttemptAt, this.deps.now().toISOString())))
      .orderBy(asc(mails.nextAttemptAt), asc(mails.createdAt), asc(mails.id))
      .limit(BATCH)
      .all()
    result.due = due.length
    if (due.length === 0) return result
    const transport = (this.deps.transport ?? smtpTransport)(config)
    this.serverFailedThisPass = false
    let next = 0
    // Claimed in groups (one transaction for several), handed out to the lanes one by one.
    const claimed: Claimed[] = []
    let claiming: Promise<void> | null = null
    const take = async (): Promise<Claimed | null> => {
      for (;;) {
        if (this.halted) result.stoppedBy ??= 'stopped'
        if (result.stoppedBy !== null) return null
        if (claimed.length) return claimed.shift()!
        if (next >= due.length) return null
        // Until one mail has gone through, one at a time.
        const size = lanes.length > 1 ? LANES : 1
        claiming ??= this.claimGroup(due.slice(next, (next += size))).then(
          (rows) => void claimed.push(...rows),
          (err: unknown) => {
            claiming = null
            throw err
          },
        )
        await claiming
        claiming = null
      }
    }
    // Each lane sends the next claimed mail and records its outcome; the lanes share the
    // transport's pooled connections. Until one mail has gone through, only one lane runs: a dead
    // server is not hammered with the whole queue.
    const lane = async (): Promise<void> => {
      for (let c = await take(); c; c = await take()) {
        const outcome = await this.attempt(c, config, transport)
        result.attempted++
        if (outcome === 'sent') result.sent++
        else if (outcome === 'failed') result.failed++
        else result.retried++
        if (outcome === 'server') result.stoppedBy ??= 'server'
        if (outcome === 'sent' && lanes.length < LANES) while (lanes.length < LANES) lanes.push(lane())
      }
    }
    const lanes: Promise<void>[] = []
    let error: unknown = null
    try {
      lanes.push(lane())
      // Lanes added while waiting are awaited too; one that throws stops the others taking more.
      for (let i = 0; i < lanes.length; i++) {
        await lanes[i].catch((e: unknown) => {
          error ??= e
          result.stoppedBy ??= 'stopped'
        })
      }
      // Claimed but never handed to the server (the pass stopped): back in the queue as they were.
      this.unclaim(claimed.splice(0))
    } finally {
      transport.close()
      // A pass never ends with an outcome unrecorded (also when a lane threw).
      if (this.unrecorded.length) this.unclaim([])
    }
    if (error) throw error
    return result
  }

  /**
   * Prepare → claim, for a group of due mails: one transaction claims them all (each with its own
   * conditional update; one another desk process took already is left out).
   */
  private async claimGroup(group: readonly MailRow[]): Promise<Claimed[]> {
    const prepared = await Promise.all(
      group.map(async (mail) => {
        const hooks = this.hooks.get(mail.kind)
        try {
          return { mail, prepared: hooks?.prepare ? await hooks.prepare(mail) : null, unprepared: null }
        } catch (err) {
          return { mail, prepared: null, unprepared: err instanceof Error ? err.message : String(err) }
        }
      }),
    )
    return this.writeWithOutcomes((tx) => {
      const out: Claimed[] = []
      for (const p of prepared) {
        const row = tx.updateIf(mails, p.mail.id, { state: 'queued', attempts: p.mail.attempts }, { state: 'sending', attempts: p.mail.attempts + 1, lastAttemptAt: tx.now })
        if (!row) continue
        if (p.prepared) p.prepared.commit(tx, row)
        out.push({ row, before: p.mail, values: p.prepared?.values ?? {}, unprepared: p.unprepared })
      }
      return out
    })
  }

  /** Puts claimed mails back in the queue, recording the outcomes not yet recorded in the same transaction. */
  private unclaim(claimed: readonly Claimed[]): void {
    if (!claimed.length && !this.unrecorded.length) return
    this.writeWithOutcomes((tx) => {
      for (const { row, before } of claimed) tx.updateIf(mails, row.id, { state: 'sending', attempts: row.attempts }, { state: 'queued', attempts: before.attempts, lastAttemptAt: before.lastAttemptAt })
    })
  }

  /** Hand a claimed mail to the server → record. */
  private attempt(claimed: Claimed, config: SmtpConfig, transport: MailTransport): Promise<'sent' | 'failed' | 'retry' | 'server'> | 'failed' {
    if (claimed.unprepared !== null) return this.record(claimed.row, { disposition: 'permanent', message: `Nie można przygotować wiadomości: ${claimed.unprepared}`, reply: null }, null, true) as 'failed'
    return this.deliver(claimed.row, config, transport, claimed.values, true)
  }

  /**
   * Sends a mail the caller inserted already claimed (state 'sending'), e.g. the test mail from
   * the settings screen, and records the outcome. A test mail is never retried.
   */
  async sendClaimed(id: string): Promise<void> {
    const config = readSmtpConfig(this.deps.db.read)
    const mail = this.deps.db.read.select().from(mails).where(eq(mails.id, id)).get()
    if (!config || !mail || mail.state !== 'sending') return
    const transport = (this.deps.transport ?? smtpTransport)(config)
    try {
      await this.deliver(mail, config, transport, {})
    } finally {
      transport.close()
    }
  }

  /** Hands a mail to the server; `later`: its outcome is recorded by the pass's next transaction. */
  private async deliver(mail: MailRow, config: SmtpConfig, transport: MailTransport, secrets: Record<string, string>, later = false): Promise<'sent' | 'failed' | 'retry' | 'server'> {
    let message: OutgoingMessage
    try {
      message = {
        messageId: mail.messageId,
        from: { name: config.fromName, address: config.fromAddress },
        ...(config.replyTo ? { replyTo: config.replyTo } : {}),
        to: mail.toAddress,
        subject: mail.subject,
        text: fillSecrets(mail.textBody, secrets),
        ...(mail.htmlBody ? { html: fillSecrets(mail.htmlBody, secrets) } : {}),
        attachments: attachmentsOf(mail).map((a) => ({ filename: a.fileName, contentType: a.contentType, content: readStoredFile(this.deps.dataDir, a.sha256) })),
        headers: { 'X-Ibok-Mail-Id': mail.id },
      }
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err)
      return this.record(mail, { disposition: 'permanent', message: `Nie można złożyć wiadomości: ${reason}`, reply: null }, null, later)
    }
    try {
      const info = await transport.sendMail(message)
      return this.record(mail, null, info.response ?? null, later)
    } catch (err) {
      return this.record(mail, describeFailure(err, { host: config.host, port: config.port, to: mail.toAddress, timeoutSeconds: config.timeoutSeconds }), null, later)
    }
  }

  private record(mail: MailRow, failure: AttemptFailure | null, reply: string | null = null, later = false): 'sent' | 'failed' | 'retry' | 'server' {
    const now = this.deps.now()
    const hooks = this.hooks.get(mail.kind)
    const write = (fn: (tx: WriteTx) => void) => (later ? void this.unrecorded.push(fn) : this.writeWithOutcomes(fn))
    if (!failure) {
      this.problem = null
      this.serverFailures = 0
      write((tx) => {
        const row = tx.updateIf(mails, mail.id, { state: 'sending' }, { state: 'sent', sentAt: tx.now, serverReply: reply, lastError: null })
        if (row) hooks?.onSent?.(tx, row)
      })
      return 'sent'
    }
    const final = failure.disposition === 'permanent' || mail.kind === 'test' || (failure.disposition === 'retry' && mail.attempts >= MAX_ATTEMPTS)
    if (final) {
      const message = failure.disposition === 'retry' ? `${failure.message} — ${mail.attempts} prób bez powodzenia` : failure.message
      write((tx) => {
        const row = tx.updateIf(mails, mail.id, { state: 'sending' }, { state: 'failed', lastError: message, serverReply: failure.reply })
        if (row) hooks?.onFailed?.(tx, row)
      })
      return 'failed'
    }
    let delayMinutes = retryDelayMinutes(mail.attempts)
    if (failure.disposition === 'server') {
      if (!this.serverFailedThisPass) {
        this.serverFailedThisPass = true
        this.serverFailures++
      }
      delayMinutes = SERVER_PAUSES[Math.min(this.serverFailures - 1, SERVER_PAUSES.length - 1)]
      const nextTryAt = new Date(now.getTime() + delayMinutes * MINUTE).toISOString()
      this.problem = { message: failure.message, reply: failure.reply, since: this.problem?.since ?? now.toISOString(), nextTryAt }
    }
    const nextAttemptAt = new Date(now.getTime() + delayMinutes * MINUTE).toISOString()
    write((tx) => void tx.updateIf(mails, mail.id, { state: 'sending' }, { state: 'queued', nextAttemptAt, lastError: failure.message, serverReply: failure.reply }))
    return failure.disposition === 'server' ? 'server' : 'retry'
  }

  private write<R>(operation: string, fn: (tx: WriteTx) => R): R {
    return this.deps.db.write(jobContext(operation, this.deps.stationCode()), fn)
  }

  /**
   * A sending transaction that first records the outcomes not yet recorded. If it fails they are not
   * tried again: their mails stay 'sending' (and become 'uncertain' at the next start), as when the
   * transaction recording one outcome failed.
   */
  private writeWithOutcomes<R>(fn: (tx: WriteTx) => R): R {
    const outcomes = this.unrecorded.splice(0)
    return this.write('mail.send', (tx) => {
      for (const record of outcomes) record(tx)
      return fn(tx)
    })
  }
}
