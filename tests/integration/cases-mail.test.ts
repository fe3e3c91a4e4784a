// Case replies and dispatch sheets by e-mail: through the desk's mail outbox, delivered by the
// real sender over SMTP to a real server on loopback (smtp-server), parsed with mailparser.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeSetUpDesk, type TestDesk } from '../support/desk'

let desk: TestDesk
let token: string
let server: SMTPServer
let inbox: ParsedMail[]
const clock = new Date('2026-11-25T09:30:00Z')

function pdfText(content: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ibok-pdf-')), 'doc.pdf')
  writeFileSync(file, content)
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
}

beforeEach(async () => {
  inbox = []
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => inbox.push(mail))
        .then(() => callback(), callback)
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port

  // Manual sending: each test decides when the desk's own sender makes a pass.
  const made = await makeSetUpDesk({ now: () => clock, mailSender: 'manual' })
  desk = made.desk
  token = made.token
  await desk.call(
    'mail.updateSettings',
    {
      enabled: true,
      host: '127.0.0.1',
      port,
      security: 'none',
      username: null,
      fromAddress: 'bok@pgk.zamosc.pl',
      fromName: 'PGK Zamość — Biuro Obsługi Klienta',
      replyTo: null,
      timeoutSeconds: 10,
      allowInvalidCertificate: false,
    },
    token,
  )
})

afterEach(async () => {
  desk.dispose()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

describe('replies by e-mail', () => {
  it('answers a complaint from a template: the mail arrives with the letter attached, and the case shows it sent', async () => {
    const customer = await desk.call(
      'customers.create',
      { kind: 'person', firstName: 'Jadwiga', lastName: 'Śliwińska', email: 'jadwiga.sliwinska@example.pl', correspondenceAddress: { street: 'Hrubieszowska', houseNo: '5', postalCode: '22-400', city: 'Zamość' } },
      token,
    )
    const c = await desk.call(
      'cases.create',
      { type: 'reading_complaint', channel: 'email', customerId: customer.id, subject: 'Odczyt niezgodny ze stanem wodomierza', description: 'Klientka przesłała zdjęcie licznika: 1234 m³, na fakturze 1324 m³.' },
      token,
    )
    const draft = await desk.call('cases.draftReply', { id: c.id, templateId: 'reklamacja-uwzgledniona' }, token)
    const body = draft.body.replace(/\[\[[^\]]*\]\]/, 'Wystawiliśmy fakturę korygującą zużycie o 90 m³.')
    const sent = await desk.call('cases.sendReply', { id: c.id, templateId: draft.templateId, subject: draft.subject, body, channel: 'email' }, token)
    expect(sent.reply).toMatchObject({ channel: 'email', recipientEmail: 'jadwiga.sliwinska@example.pl', mail: { state: 'queued' } })
    expect(sent.case.status).toBe('answered')

    expect(await desk.services.mail.runOnce()).toMatchObject({ sent: 1, failed: 0 })
    expect(inbox).toHaveLength(1)
    const [mail] = inbox
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('jadwiga.sliwinska@example.pl')
    expect(mail.subject).toBe('Odpowiedź na reklamację — sprawa SPR/K1/2026/00001')
    expect(mail.text).toContain('Wystawiliśmy fakturę korygującą zużycie o 90 m³.')
    expect(mail.text).toContain('Szanowni Państwo,')
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([['odpowiedz-SPR-K1-2026-00001.pdf', 'application/pdf']])
    const letter = pdfText(mail.attachments[0].content)
    expect(letter).toContain('Jadwiga Śliwińska')
    expect(letter).toContain('Wystawiliśmy fakturę korygującą zużycie o 90 m³.')

    const after = await desk.call('cases.get', { id: c.id }, token)
    expect(after.replies[0].mail).toMatchObject({ state: 'sent' })
  })

  it('asks for an address when the customer has none, and queues nothing', async () => {
    const customer = await desk.call(
      'customers.create',
      { kind: 'person', firstName: 'Jan', lastName: 'Bez Maila', correspondenceAddress: { street: 'Lwowska', houseNo: '1', postalCode: '22-400', city: 'Zamość' } },
      token,
    )
    const c = await desk.call('cases.create', { type: 'general', channel: 'letter', customerId: customer.id, description: 'Prośba o informację o planowanych wyłączeniach wody.' }, token)
    const draft = await desk.call('cases.draftReply', { id: c.id, templateId: 'pismo-ogolne' }, token)
    const body = draft.body.replace(/\[\[[^\]]*\]\]/, 'wyłączeń nie planujemy.')
    const err = await desk
      .call('cases.sendReply', { id: c.id, templateId: draft.templateId, subject: draft.subject, body, channel: 'email' }, token)
      .then(() => null, (e: { field?: string; message: string }) => e)
    expect(err).toMatchObject({ field: 'email', message: expect.stringMatching(/^E-mail adresata: klient nie ma adresu e-mail/) })
    expect(desk.services.db.readSql.prepare('SELECT count(*) AS n FROM mails').get()).toEqual({ n: 0 })
    // Typed by the clerk, it goes.
    await desk.call('cases.sendReply', { id: c.id, templateId: draft.templateId, subject: draft.subject, body, channel: 'email', email: 'jan@example.pl' }, token)
    await desk.services.mail.runOnce()
    expect(inbox.map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : ''))).toEqual(['jan@example.pl'])
  })
})

describe('the dispatch sheet by e-mail', () => {
  it('sends the failure report to the crew’s address when it is routed', async () => {
    const report = await desk.call(
      'cases.create',
      { type: 'failure', channel: 'phone', description: 'Brak wody w całym bloku', location: 'ul. Szczebrzeska 41', callbackPhone: '84 639 00 11', urgency: 'urgent' },
      token,
    )
    const routed = await desk.call('cases.route', { id: report.id, department: 'emergency', note: 'Dozorca czeka przy klatce II', sendTo: 'pogotowie@pgk.zamosc.pl' }, token)
    expect(routed.events.find((e) => e.kind === 'routed')?.data).toMatchObject({ sendTo: 'pogotowie@pgk.zamosc.pl', mailId: expect.any(String) })
    await desk.services.mail.runOnce()
    expect(inbox).toHaveLength(1)
    expect(inbox[0].subject).toBe('Zgłoszenie awarii SPR/K1/2026/00001 — PILNE: ul. Szczebrzeska 41')
    expect(inbox[0].text).toContain('Telefon do zgłaszającego: 84 639 00 11')
    const sheet = pdfText(inbox[0].attachments[0].content)
    expect(sheet).toContain('Karta zgłoszenia awarii nr SPR/K1/2026/00001')
    expect(sheet).toContain('Dozorca czeka przy klatce II')
  })
})
