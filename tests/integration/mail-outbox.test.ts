// The mail outbox end to end: real SQLite file, real SMTP server on loopback (npm smtp-server),
// every message parsed with mailparser. The sender runs pass by pass (runOnce) so each test
// decides when mail goes out; one test checks the background loop that openDesk starts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mails, settings } from '../../src-main/db/schema'
import { putFile, sha256Hex } from '../../src-main/platform/attachments/file-store'
import { queueMail, type MailDraft } from '../../src-main/core/mail/outbox'
import { openDesk } from '../../src-main/desk/desk'
import { makeSetUpDesk, type TestDesk } from '../support/desk'
import { closedPort, loopbackSettings, startSilentServer, startSmtp, type TestSmtp } from '../support/smtp'
import { tamper } from '../support/tamper'

let desk: TestDesk
let token: string
let clock: Date
let smtp: TestSmtp | null = null
const cleanups: Array<() => unknown> = []

beforeEach(async () => {
  clock = new Date('2026-11-25T10:00:00Z')
  const made = await makeSetUpDesk({ now: () => clock, mailSender: 'manual' })
  desk = made.desk
  token = made.token
})
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
  await smtp?.close()
  smtp = null
  desk.dispose()
})

function queue(to: string, subject = 'Zażółć gęślą jaźń — próba', extra: Partial<MailDraft> = {}) {
  return desk.services.db.write({ staffId: null, stationCode: 'K1', operation: 'test.queue' }, (tx) =>
    queueMail(desk.services, tx, { kind: 'other', to, subject, text: `Treść wiadomości do ${to}\nŁódź, źdźbło, gęś.`, ...extra }, null),
  )
}

const configure = (port: number, over: Record<string, unknown> = {}) => desk.call('mail.updateSettings', loopbackSettings(port, over), token)
const run = () => desk.services.mail.runOnce()
const mail = (id: string) => desk.call('mail.get', { id }, token)
const advance = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000))

describe('queueing and sending', () => {
  it('keeps mail waiting while no server is set up, says so, and sends it once configured — subject, Polish text and Message-ID intact', async () => {
    const queued = queue('jan.kowalski@example.pl')
    expect(queued.messageId).toBe(`<${queued.id}@pgk.zamosc.pl>`)
    expect((await run()).stoppedBy).toBe('not_configured')
    const waiting = await desk.call('mail.status', {}, token)
    expect(waiting).toMatchObject({ configured: false, queued: 1 })
    expect(waiting.summary).toContain('nie skonfigurowano serwera')
    expect((await mail(queued.id)).state).toBe('queued')

    smtp = await startSmtp()
    await configure(smtp.port)
    const pass = await run()
    expect(pass).toMatchObject({ attempted: 1, sent: 1, stoppedBy: null })
    expect(smtp.received).toHaveLength(1)
    const got = smtp.received[0]
    expect(got.to).toEqual(['jan.kowalski@example.pl'])
    expect(got.subject).toBe('Zażółć gęślą jaźń — próba')
    expect(got.text).toContain('Łódź, źdźbło, gęś.')
    expect(got.messageId).toBe(queued.messageId)
    expect(got.from).toContain('bok@pgk.zamosc.pl')
    const sent = await mail(queued.id)
    expect(sent).toMatchObject({ state: 'sent', attempts: 1, lastError: null, sentAt: clock.toISOString() })
    expect(sent.serverReply).toMatch(/^250 /)
    expect((await desk.call('mail.status', {}, token)).summary).toBe('Poczta: wszystko wysłane')
  })

  it('refuses an invalid address when the mail is queued, naming the field, and writes nothing', () => {
    const before = desk.services.db.read.select().from(mails).all().length
    expect(() => queue('jan.kowalski(at)example.pl')).toThrow(/Adres odbiorcy: niepoprawny adres e-mail/)
    expect(desk.services.db.read.select().from(mails).all()).toHaveLength(before)
  })

  it('takes an attachment already in the file store by its address and sends its bytes; refuses, writing nothing, one the store does not hold', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.7\n% zapisany wcześniej przez wątek PDF\n%%EOF\n')
    const stored = putFile(desk.services.dataDir, pdf)
    const queued = queue('jan.kowalski@example.pl', 'Faktura z pliku w magazynie', { attachments: [{ fileName: 'Faktura.pdf', contentType: 'application/pdf', stored }] })
    expect(JSON.parse(queued.attachments)).toEqual([{ fileName: 'Faktura.pdf', contentType: 'application/pdf', sha256: stored.sha256, bytes: pdf.length }])

    const before = desk.services.db.read.select().from(mails).all().length
    const missing = { sha256: sha256Hex('nigdy nie zapisany'), bytes: 18 }
    expect(() => queue('anna.nowak@example.pl', 'Bez pliku', { attachments: [{ fileName: 'Brak.pdf', contentType: 'application/pdf', stored: missing }] })).toThrow(/not in the file store/)
    expect(desk.services.db.read.select().from(mails).all()).toHaveLength(before)

    smtp = await startSmtp()
    await configure(smtp.port)
    expect(await run()).toMatchObject({ attempted: 1, sent: 1 })
    expect(Buffer.from(smtp.received[0].attachments[0].content).equals(Buffer.from(pdf))).toBe(true)
  })

  it('waits while sending is switched off by the administrator', async () => {
    smtp = await startSmtp()
    await configure(smtp.port, { enabled: false })
    queue('anna@example.pl')
    expect((await run()).stoppedBy).toBe('paused')
    expect(smtp.received).toHaveLength(0)
    expect((await desk.call('mail.status', {}, token)).summary).toContain('wysyłka wstrzymana')
  })

  it('sends in the background once openDesk has started the loop: queueing wakes it', async () => {
    smtp = await startSmtp()
    await configure(smtp.port)
    const live = openDesk({ dataDir: desk.dir, log: () => {}, exclusive: false })
    cleanups.push(() => live.close())
    const m = live.services.db.write({ staffId: null, stationCode: 'K1', operation: 'test.queue' }, (tx) =>
      queueMail(live.services, tx, { kind: 'other', to: 'tlo@example.pl', subject: 'W tle', text: 'x' }, null),
    )
    await smtp.waitForMessages(1)
    expect(smtp.received[0].messageId).toBe(m.messageId)
  })
})

describe('when the server says no, or says nothing', () => {
  it('fails a recipient the server rejects (5xx) with its reply, and still sends the rest', async () => {
    smtp = await startSmtp({ onRcpt: (a) => (a.startsWith('nieistnieje') ? { code: 550, message: '5.1.1 <nieistnieje@example.pl>: Recipient address rejected: User unknown' } : null) })
    await configure(smtp.port)
    const bad = queue('nieistnieje@example.pl')
    const good = queue('ewa@example.pl')
    expect(await run()).toMatchObject({ attempted: 2, sent: 1, failed: 1 })
    const failed = await mail(bad.id)
    expect(failed.state).toBe('failed')
    expect(failed.lastError).toBe('Serwer odrzucił adres odbiorcy nieistnieje@example.pl — sprawdź adres e-mail klienta')
    expect(failed.serverReply).toContain('550 5.1.1 <nieistnieje@example.pl>: Recipient address rejected')
    expect((await mail(good.id)).state).toBe('sent')
    expect(smtp.received.map((m) => m.to[0])).toEqual(['ewa@example.pl'])
    const status = await desk.call('mail.status', {}, token)
    expect(status.failed).toBe(1)
    expect(status.summary).toContain('1 nieudana')
  })

  it("the top bar never says everything was sent while the outbox lists failures — another desk's included", async () => {
    smtp = await startSmtp()
    await configure(smtp.port)
    // A mail of another desk (K2) that failed there arrives by sync: the outbox lists it for everyone.
    const own = desk.services.stationCode
    desk.services.stationCode = () => 'K2'
    const other = queue('ewa@example.pl')
    desk.services.stationCode = own
    tamper(desk.services.db, (raw) => raw.prepare("UPDATE mails SET state = 'failed', last_error = 'Serwer odrzucił adres odbiorcy' WHERE id = ?").run(other.id))
    expect(desk.services.db.readSql.prepare('SELECT station_code FROM mails WHERE id = ?').pluck().get(other.id)).toBe('K2')
    const listed = await desk.call('mail.list', { states: ['failed'] }, token)
    expect(listed.items.map((m) => m.id)).toEqual([other.id])
    const status = await desk.call('mail.status', {}, token)
    expect(status.failed).toBe(1)
    expect(status.summary).not.toContain('wszystko wysłane')
    expect(status.summary).toContain('1 nieudana')
  })

  it('retries a temporary refusal (4xx) after a back-off, then delivers it once', async () => {
    let refusals = 1
    smtp = await startSmtp({ onRcpt: () => (refusals-- > 0 ? { code: 451, message: '4.3.0 Mailbox temporarily unavailable' } : null) })
    await configure(smtp.port)
    const m = queue('piotr@example.pl')
    expect(await run()).toMatchObject({ attempted: 1, retried: 1 })
    const waiting = await mail(m.id)
    expect(waiting).toMatchObject({ state: 'queued', attempts: 1, nextAttemptAt: new Date(clock.getTime() + 60_000).toISOString() })
    expect(waiting.lastError).toContain('chwilowo nie przyjął')
    expect(waiting.serverReply).toContain('451')
    expect((await run()).attempted).toBe(0) // not due yet
    advance(1)
    expect(await run()).toMatchObject({ attempted: 1, sent: 1 })
    expect(smtp.countByMessageId().get(m.messageId)).toBe(1)
  })

  it('keeps mail queued when the server does not answer within the time limit, and shows the server problem', async () => {
    const silent = await startSilentServer()
    cleanups.push(() => silent.close())
    await configure(silent.port, { timeoutSeconds: 1 })
    const first = queue('a@example.pl')
    const second = queue('b@example.pl')
    const pass = await run()
    expect(pass.stoppedBy).toBe('server')
    expect(pass.attempted).toBe(1) // a dead server is not hammered with the whole queue
    const m = await mail(first.id)
    expect(m.state).toBe('queued')
    expect(m.lastError).toBe(`Serwer 127.0.0.1:${silent.port} nie odpowiedział w ciągu 1 s`)
    expect((await mail(second.id)).attempts).toBe(0)
    const status = await desk.call('mail.status', {}, token)
    expect(status.serverProblem?.message).toBe(m.lastError)
    expect(status.queued).toBe(2)
  })

  it('keeps mail queued when the connection is refused', async () => {
    const port = await closedPort()
    await configure(port)
    const m = queue('c@example.pl')
    expect((await run()).stoppedBy).toBe('server')
    expect(await mail(m.id)).toMatchObject({ state: 'queued', lastError: `Serwer 127.0.0.1:${port} odmówił połączenia — sprawdź adres i port` })
  })

  it('keeps mail queued when the server drops the connection in the middle of the message, and delivers it exactly once later', async () => {
    smtp = await startSmtp({ onData: (_raw, index) => (index === 0 ? 'drop' : 'accept') })
    await configure(smtp.port)
    const m = queue('d@example.pl')
    expect((await run()).stoppedBy).toBe('server')
    const dropped = await mail(m.id)
    expect(dropped.state).toBe('queued')
    expect(dropped.lastError).toContain('zerwał połączenie')
    expect(smtp.received).toHaveLength(0)
    advance(5)
    expect(await run()).toMatchObject({ sent: 1 })
    expect(smtp.countByMessageId().get(m.messageId)).toBe(1)
    expect(smtp.dataCount).toBe(2) // the first copy reached the server but was never accepted
  })
})

describe('many mails at once', () => {
  it('sends a long queue over several connections, each mail once, and leaves nothing half-claimed when the server fails midway', async () => {
    // The server cuts the connection at the 6th message: the pass stops there.
    smtp = await startSmtp({ onData: (_raw, index) => (index === 5 ? 'drop' : 'accept') })
    await configure(smtp.port)
    const queued = Array.from({ length: 30 }, (_, i) => queue(`klient${i + 1}@example.pl`, `Faktura ${i + 1}`))
    const pass = await run()
    expect(pass.stoppedBy).toBe('server')
    const rows = desk.services.db.read.select().from(mails).all()
    // No mail is left 'sending' (claimed but never handed over) and none became uncertain.
    expect(rows.filter((r) => r.state !== 'sent' && r.state !== 'queued')).toEqual([])
    const sent = rows.filter((r) => r.state === 'sent')
    expect(sent.length).toBe(pass.sent)
    expect(sent.length).toBeGreaterThanOrEqual(5)
    // Waiting mails the server never saw are as they were: not counted as attempted.
    const seen = new Set(smtp.countByMessageId().keys())
    for (const r of rows.filter((r) => r.state === 'queued' && r.lastError === null)) expect(r).toMatchObject({ attempts: 0, lastAttemptAt: null })
    expect(rows.filter((r) => r.state === 'sent').every((r) => seen.has(r.messageId))).toBe(true)

    advance(5)
    while ((await run()).attempted > 0) advance(5)
    const counts = smtp.countByMessageId()
    expect(counts.size).toBe(queued.length)
    expect([...counts.values()].every((n) => n === 1)).toBe(true)
    expect(desk.services.db.read.select().from(mails).all().every((r) => r.state === 'sent')).toBe(true)
  })

  it('records the outcomes of a long queue in the claims\' transactions: about one commit per four mails, not two per mail', async () => {
    smtp = await startSmtp()
    await configure(smtp.port)
    const queued = Array.from({ length: 40 }, (_, i) => queue(`klient${i + 1}@example.pl`, `Faktura ${i + 1}`))
    let commits = 0
    desk.services.db.onCommit((changes) => {
      if (changes.some((c) => c.entity === 'mails')) commits++
    })
    const pass = await run()
    expect(pass).toMatchObject({ sent: 40, stoppedBy: null })
    // Each outcome recorded once, every mail 'sent' when the pass ends, each arrived once.
    expect(desk.services.db.read.select().from(mails).all().map((r) => r.state)).toEqual(queued.map(() => 'sent'))
    expect([...smtp.countByMessageId().values()]).toEqual(queued.map(() => 1))
    // The first mail alone, then groups of four (LANES) with the outcomes before them, and the last outcomes.
    expect(commits).toBeLessThanOrEqual(40 / 4 + 3)
  })

  it('puts mails it claimed but had not handed over back in the queue, untouched, when the server fails', async () => {
    // A scripted transport: after the first message, four are in flight at once; the first of them
    // fails as a refused connection while the others are still with the server.
    let calls = 0
    let fifthStarted: () => void = () => {}
    let secondFailed: () => void = () => {}
    const fifth = new Promise<void>((resolve) => (fifthStarted = resolve))
    const failed = new Promise<void>((resolve) => (secondFailed = resolve))
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET', originalCode: 'ECONNREFUSED' })
    const scripted = await makeSetUpDesk({
      now: () => clock,
      mailSender: 'manual',
      mailTransport: () => ({
        sendMail: async () => {
          const n = ++calls
          if (n === 5) fifthStarted()
          if (n === 2) {
            await fifth
            secondFailed()
            throw refused
          }
          if (n > 2) await failed
          return { response: '250 OK' }
        },
        close: () => {},
      }),
    })
    cleanups.push(() => scripted.desk.dispose())
    await scripted.desk.call('mail.updateSettings', loopbackSettings(2525), scripted.token)
    const s = scripted.desk.services
    s.db.write({ staffId: null, stationCode: 'K1', operation: 'test.queue' }, (tx) => {
      for (let i = 0; i < 12; i++) queueMail(s, tx, { kind: 'other', to: `k${i}@example.pl`, subject: `Wiadomość ${i}`, text: 'Treść' }, null)
    })
    const pass = await s.mail.runOnce()
    expect(pass.stoppedBy).toBe('server')
    const rows = s.db.read.select().from(mails).all()
    expect(rows.filter((r) => r.state === 'sending' || r.state === 'uncertain')).toEqual([])
    expect(rows.filter((r) => r.state === 'sent')).toHaveLength(calls - 1)
    const neverTried = rows.filter((r) => r.state === 'queued' && r.lastError === null)
    expect(neverTried.length).toBe(12 - calls)
    // Claimed in the last group but never sent: back as they were, not counted as an attempt.
    for (const r of neverTried) expect(r).toMatchObject({ attempts: 0, lastAttemptAt: null })
  })
})

describe('staff decisions', () => {
  it('resends a sent mail as a new message pointing at the original, and requeues a failed one under its own Message-ID', async () => {
    smtp = await startSmtp({ onRcpt: (a) => (a === 'zly@example.pl' ? { code: 550, message: '5.1.1 User unknown' } : null) })
    await configure(smtp.port)
    const ok = queue('dobry@example.pl')
    const bad = queue('zly@example.pl')
    await run()
    const copy = await desk.call('mail.resend', { id: ok.id }, token)
    expect(copy.id).not.toBe(ok.id)
    expect(copy).toMatchObject({ state: 'queued', resendOf: ok.id, toAddress: 'dobry@example.pl', subject: ok.subject })
    expect(copy.messageId).toBe(`<${copy.id}@pgk.zamosc.pl>`)
    const again = await desk.call('mail.resend', { id: bad.id }, token)
    expect(again).toMatchObject({ id: bad.id, state: 'queued', messageId: bad.messageId })
    smtp.script.onRcpt = () => null
    await run()
    expect([...smtp.countByMessageId().entries()].sort()).toEqual([[bad.messageId, 1], [copy.messageId, 1], [ok.messageId, 1]].sort())
    const page = await desk.call('mail.list', { states: ['sent'] }, token)
    expect(page.total).toBe(3)
    expect(page.counts).toMatchObject({ sent: 3, failed: 0, queued: 0 })
  })

  it('a mail left "sending" by a crash becomes "uncertain" at start-up and is not sent until staff decide', async () => {
    smtp = await startSmtp()
    await configure(smtp.port)
    const a = queue('x@example.pl')
    const b = queue('y@example.pl')
    // What a crash between the server's "250" and the record leaves behind:
    desk.services.db.write({ staffId: null, stationCode: 'K1', operation: 'test.crash' }, (tx) => {
      tx.updateIf(mails, a.id, { state: 'queued' }, { state: 'sending', attempts: 1 })
      tx.updateIf(mails, b.id, { state: 'queued' }, { state: 'sending', attempts: 1 })
    })
    const restarted = openDesk({ dataDir: desk.dir, log: () => {}, now: () => clock, mailSender: 'manual', exclusive: false })
    cleanups.push(() => restarted.close())
    expect(await restarted.services.mail.runOnce()).toMatchObject({ attempted: 0 })
    expect(smtp.received).toHaveLength(0)
    const uncertain = restarted.services.db.read.select().from(mails).all()
    expect(uncertain.map((m) => m.state)).toEqual(['uncertain', 'uncertain'])
    expect(uncertain[0].lastError).toContain('nie wiadomo, czy serwer ją przyjął')

    // Staff decide (through the first desk, whose session is signed in; both work on the same file).
    await desk.call('mail.resolveUncertain', { id: a.id, decision: 'mark_sent', note: 'Klient potwierdził telefonicznie, że wiadomość dotarła' }, token)
    await desk.call('mail.resolveUncertain', { id: b.id, decision: 'resend', note: 'Brak w skrzynce nadawczej serwera' }, token)
    await restarted.services.mail.runOnce()
    expect(smtp.received.map((m) => m.messageId)).toEqual([b.messageId])
    expect(await mail(a.id)).toMatchObject({ state: 'sent', decisionNote: 'Uznana za wysłaną: Klient potwierdził telefonicznie, że wiadomość dotarła' })
    expect((await mail(b.id)).state).toBe('sent')
  })

  it('two senders working on the same database never send a mail twice: the claim is conditional', async () => {
    smtp = await startSmtp()
    await configure(smtp.port)
    const batch = Array.from({ length: 6 }, (_, i) => queue(`r${i}@example.pl`))
    const second = openDesk({ dataDir: desk.dir, log: () => {}, now: () => clock, mailSender: 'manual', exclusive: false })
    cleanups.push(() => second.close())
    const [a, b] = await Promise.all([run(), second.services.mail.runOnce()])
    expect(a.sent + b.sent).toBe(6)
    expect(a.sent).toBeGreaterThan(0)
    expect(b.sent).toBeGreaterThan(0) // both really worked on the batch
    expect([...smtp.countByMessageId().values()]).toEqual([1, 1, 1, 1, 1, 1])
    expect(new Set(smtp.received.map((m) => m.messageId))).toEqual(new Set(batch.map((m) => m.messageId)))
  })

  it('cancels a waiting mail with a reason; a cancelled mail is never sent', async () => {
    const m = queue('z@example.pl')
    const cancelled = await desk.call('mail.cancel', { id: m.id, note: 'Klient odebrał dokument osobiście' }, token)
    expect(cancelled).toMatchObject({ state: 'cancelled', canResend: false, canCancel: false })
    smtp = await startSmtp()
    await configure(smtp.port)
    await run()
    expect(smtp.received).toHaveLength(0)
  })
})

describe('settings and the test mail', () => {
  it('never returns the SMTP password, keeps it when omitted, and keeps it out of the audit and sync logs', async () => {
    const secret = 'Sekretne-Hasło-SMTP-77'
    const saved = await desk.call('mail.updateSettings', loopbackSettings(2525, { security: 'starttls', username: 'bok@pgk.zamosc.pl', password: secret }), token)
    expect(saved).toMatchObject({ configured: true, passwordSet: true, username: 'bok@pgk.zamosc.pl' })
    expect(JSON.stringify(saved)).not.toContain(secret)
    expect(JSON.stringify(await desk.call('mail.getSettings', {}, token))).not.toContain(secret)
    await desk.call('mail.updateSettings', loopbackSettings(2526, { security: 'starttls', username: 'bok@pgk.zamosc.pl' }), token)
    const stored = desk.services.db.read.select().from(settings).all()
    expect(stored.find((r) => r.id === 'smtp.password')?.value).toBe(JSON.stringify(secret))
    const sqlite = desk.services.db.readSql
    expect((sqlite.prepare(`SELECT count(*) AS n FROM audit_log WHERE before LIKE ? OR after LIKE ?`).get(`%${secret}%`, `%${secret}%`) as { n: number }).n).toBe(0)
    expect((sqlite.prepare(`SELECT count(*) AS n FROM change_log WHERE fields LIKE ?`).get(`%${secret}%`) as { n: number }).n).toBe(0)
  })

  it('refuses a login over an unencrypted connection and a login without a password, naming the field', async () => {
    await expect(desk.call('mail.updateSettings', loopbackSettings(25, { username: 'bok', password: 'x' }), token)).rejects.toMatchObject({ field: 'security' })
    await expect(desk.call('mail.updateSettings', loopbackSettings(25, { security: 'tls', username: 'bok' }), token)).rejects.toMatchObject({ field: 'password', message: 'Hasło do serwera: podaj hasło do konta pocztowego' })
  })

  it('sends a test mail and returns the server reply, or the reason it failed', async () => {
    await expect(desk.call('mail.sendTest', { to: 'admin@example.pl' }, token)).rejects.toMatchObject({ code: 'CONFLICT', message: 'Najpierw zapisz ustawienia serwera poczty' })
    smtp = await startSmtp({ onRcpt: (a) => (a === 'brak@example.pl' ? { code: 550, message: '5.1.1 Mailbox does not exist' } : null) })
    await configure(smtp.port)
    const ok = await desk.call('mail.sendTest', { to: 'admin@example.pl' }, token)
    expect(ok.state).toBe('sent')
    expect(ok.serverReply).toMatch(/^250 /)
    expect(smtp.received[0].subject).toBe('Wiadomość próbna — Przedsiębiorstwo Gospodarki Komunalnej Sp. z o.o. w Zamościu')
    expect(smtp.received[0].text).toContain('Zażółć gęślą jaźń')
    const bad = await desk.call('mail.sendTest', { to: 'brak@example.pl' }, token)
    expect(bad).toMatchObject({ state: 'failed', lastError: 'Serwer odrzucił adres odbiorcy brak@example.pl — sprawdź adres e-mail klienta' })
    expect(bad.serverReply).toContain('550')
  })
})
