// A real SMTP peer on loopback for mail tests: the npm `smtp-server`, every accepted message parsed
// with `mailparser`. Behaviour is scripted per test: refuse a recipient (4xx/5xx), refuse or hold
// the message, or drop the connection in the middle of DATA. Waiting is event-based, never timed.
import { once } from 'node:events'
import { createServer, type Server, type Socket } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server'

export interface ReceivedMail {
  messageId: string
  from: string
  to: string[]
  subject: string
  text: string
  html: string
  attachments: { filename: string; contentType: string; content: Buffer }[]
  raw: Buffer
}

/** What to do with a message once its DATA has arrived. */
export type DataDecision = 'accept' | 'drop' | { code: number; message: string }

export interface SmtpScript {
  /** Called for each RCPT TO; return a refusal to reject that recipient. */
  onRcpt?(address: string): { code: number; message: string } | null
  /** Called with each complete message before it is accepted; may wait (a promise) — the client waits too. */
  onData?(raw: Buffer, index: number): DataDecision | Promise<DataDecision>
}

export interface TestSmtp {
  port: number
  received: ReceivedMail[]
  /** Messages whose DATA arrived, accepted or not (index order). */
  dataCount: number
  script: SmtpScript
  /** Resolves when at least n messages have been accepted. */
  waitForMessages(n: number): Promise<void>
  /** Resolves when at least n messages' DATA has arrived (before the decision). */
  waitForData(n: number): Promise<void>
  countByMessageId(): Map<string, number>
  close(): Promise<void>
}

const refusal = (r: { code: number; message: string }) => Object.assign(new Error(r.message), { responseCode: r.code })

export async function startSmtp(script: SmtpScript = {}): Promise<TestSmtp> {
  const received: ReceivedMail[] = []
  const waiters: Array<() => void> = []
  const notify = () => waiters.splice(0).forEach((w) => w())
  const until = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => (done() ? resolve() : waiters.push(check))
      check()
    })

  const state = { dataCount: 0 }
  const server: SMTPServer = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      const r = test.script.onRcpt?.(address.address) ?? null
      callback(r ? refusal(r) : undefined)
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks)
        const index = state.dataCount++
        notify()
        void Promise.resolve(test.script.onData?.(raw, index) ?? 'accept').then(async (decision) => {
          if (decision === 'drop') {
            // Cut the TCP connection before any reply: the client cannot know what happened.
            for (const c of (server as unknown as { connections: Set<{ session: { id: string }; _socket: Socket }> }).connections) {
              if (c.session.id === session.id) c._socket.destroy()
            }
            return
          }
          if (decision !== 'accept') return callback(refusal(decision))
          const parsed = await simpleParser(raw)
          received.push({
            messageId: parsed.messageId ?? '',
            from: parsed.from?.text ?? '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, content: a.content })),
            raw,
          })
          callback(null, 'Ok: queued as test')
          notify()
        })
      })
    },
  })
  server.on('error', () => {})
  server.listen(0, '127.0.0.1')
  await once(server.server, 'listening')
  const address = server.server.address()
  const test: TestSmtp = {
    port: typeof address === 'object' && address ? address.port : 0,
    received,
    get dataCount() {
      return state.dataCount
    },
    script,
    waitForMessages: (n) => until(() => received.length >= n),
    waitForData: (n) => until(() => state.dataCount >= n),
    countByMessageId() {
      const counts = new Map<string, number>()
      for (const m of received) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1)
      return counts
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
  return test
}

/** A TCP listener that accepts connections and never says a word: the client's timeout must fire. */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy())
        server.close(() => resolve())
      }),
  }
}

/** A port nothing listens on (connection refused). */
export async function closedPort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** SMTP settings for a loopback test server (no TLS, no login). */
export const loopbackSettings = (port: number, over: Record<string, unknown> = {}) => ({
  enabled: true,
  host: '127.0.0.1',
  port,
  security: 'none' as const,
  username: null,
  fromAddress: 'bok@pgk.zamosc.pl',
  fromName: 'PGK Zamość — Biuro Obsługi Klienta',
  replyTo: null,
  timeoutSeconds: 5,
  allowInvalidCertificate: false,
  ...over,
})
