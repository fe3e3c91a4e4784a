// Mail throughput (issue 10): N e-invoice mails, each with its invoice PDF, queued through the real
// outbox (queueMail in write transactions, as a billing run's delivery does), then delivered by the
// desk's own background sender to a loopback SMTP server (npm smtp-server, in a child process so
// it does not share the sender's event loop). The figure counts what the server acknowledged,
// from the moment sending is switched on to the last acknowledgement, and checks each Message-ID
// arrived exactly once.
// Anchor (issue 19), same run, same server: nodemailer's own pooled transport (the sender's pool
// options, 4 connections) sending the same messages with the same PDFs straight to it, no outbox —
// the app's rate as a fraction of it is the cost of exactly-once.
import nodemailer, { type SendMailOptions } from 'nodemailer'
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { defineBench } from './lib/bench'
import { sampleInvoices, type SampleInvoice } from './lib/invoice-sample'
import { scratchDir } from './lib/offices'
import { anchor, figure } from './lib/report'
import { openDesk } from '../../src-main/desk/desk'
import { queueMail } from '../../src-main/core/mail/outbox'
import { pdfPool } from '../../src-main/documents/pdf-pool'
import { formatDate } from '../../shared/domain/dates'
import { formatGrosze } from '../../shared/domain/money'
import { TEST_OFFICE, ADMIN } from '../support/desk'
import { loopbackSettings } from '../support/smtp'

const COUNT = 1000
const CHUNK = 50

// The SMTP peer: accepts everything, counts messages and distinct Message-IDs, reports when done.
const SERVER = `
import { SMTPServer } from 'smtp-server'
const expected = Number(process.argv[1])
const ids = new Map()
let count = 0, firstAt = 0, lastAt = 0
const server = new SMTPServer({
  secure: false, disabledCommands: ['STARTTLS'], authOptional: true, logger: false, maxClients: 64,
  onData(stream, _session, callback) {
    if (!firstAt) firstAt = Date.now()
    let head = ''
    stream.on('data', (c) => { if (head.length < 4096) head += c.toString('latin1') })
    stream.on('end', () => {
      const id = /^Message-ID:\\s*(<[^>]+>)/im.exec(head)?.[1] ?? '?'
      ids.set(id, (ids.get(id) ?? 0) + 1)
      callback(null, 'Queued')
      count++
      lastAt = Date.now()
      if (count === expected) {
        console.log(JSON.stringify({ count, distinct: ids.size, duplicates: [...ids.values()].filter((n) => n > 1).length, firstAt, lastAt }))
        // The next batch (the anchor's) is counted afresh.
        ids.clear(); count = 0; firstAt = 0
      }
    })
  },
})
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.server.address().port })))
`

/** The e-invoice mail of the i-th invoice: the same for the outbox and for the anchor's plain transport. */
function message(inv: SampleInvoice, i: number) {
  return {
    to: `klient${i + 1}@example.pl`,
    subject: `Faktura ${inv.number} — ${inv.seller.name}`,
    text: `Dzień dobry,\n\nw załączniku przesyłamy fakturę nr ${inv.number} z dnia ${formatDate(inv.issueDate)} (nr klienta ${inv.buyer.customerNo}).\nKwota do zapłaty: ${formatGrosze(inv.gross)}, termin płatności: ${formatDate(inv.dueDate)}.\n\nZ poważaniem\n${inv.seller.name}`,
    fileName: `Faktura_${inv.number.replace(/[^A-Za-z0-9]+/g, '_')}.pdf`,
  }
}

export default defineBench({
  name: 'mail',
  title: 'e-invoice mails with PDFs through the outbox to a loopback SMTP server',
  async run() {
    const { office: officeSettings, invoices } = await sampleInvoices(COUNT)
    const n = invoices.length
    const child = spawn(process.execPath, ['--input-type=module', '-e', SERVER, String(n)], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] })
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]()
    const nextLine = async () => JSON.parse(((await lines.next()).value as string) ?? 'null') as Record<string, number>
    const dir = scratchDir('mail')
    const desk = openDesk({ dataDir: dir, log: (e) => console.error(e) })
    try {
      const { port } = await nextLine()
      const call = async (name: string, input: unknown, token: string | null = null) => {
        const r = await desk.dispatch(name as never, input as never, token)
        if (!r.ok) throw new Error(`${name}: ${r.error.message}`)
        return r.value as { token: string }
      }
      await call('system.setup', { office: TEST_OFFICE, admin: ADMIN })
      const { token } = await call('staff.login', { login: ADMIN.login, password: ADMIN.password })
      // Configured but switched off while the queue fills, so the figure is sending alone.
      await call('mail.updateSettings', loopbackSettings(port, { enabled: false }), token)

      const s = desk.services
      const queueStarted = performance.now()
      const pool = pdfPool(s.resourcesDir)
      const plain: SendMailOptions[] = []
      for (let i = 0; i < n; i += CHUNK) {
        const chunk = invoices.slice(i, i + CHUNK)
        const pdfs = await pool.renderInvoices(officeSettings, chunk)
        chunk.forEach((inv, k) => {
          const m = message(inv, i + k)
          plain.push({ from: TEST_OFFICE.email, to: m.to, subject: m.subject, text: m.text, attachments: [{ filename: m.fileName, contentType: 'application/pdf', content: Buffer.from(pdfs[k].bytes) }] })
        })
        s.db.write({ staffId: null, stationCode: s.stationCode(), operation: 'bench.queue' }, (tx) =>
          chunk.forEach((inv, k) => {
            const { fileName, ...mail } = message(inv, i + k)
            queueMail(s, tx, { kind: 'invoice', ...mail, related: { entity: 'invoices', id: inv.id }, attachments: [{ fileName, contentType: 'application/pdf', data: pdfs[k].bytes }] }, null)
          }),
        )
      }
      await pool.close()
      console.error(`queued ${n} mails with PDFs in ${Math.round(performance.now() - queueStarted)} ms`)

      const cpuBefore = process.cpuUsage()
      const switchedOn = Date.now()
      await call('mail.updateSettings', loopbackSettings(port), token)
      const done = await nextLine()
      const ms = done.lastAt - switchedOn
      if (done.count !== n || done.distinct !== n || done.duplicates) throw new Error(`server received ${JSON.stringify(done)}, expected ${n} distinct messages`)
      figure('mail.outbox', n / (ms / 1000), 'mails/s', n)
      const cpu = process.cpuUsage(cpuBefore)
      // CPU time of the desk's process per mail: what bounds the rate once the machine is quiet.
      console.error(`sent ${n} mails in ${ms} ms (first DATA ${done.firstAt - switchedOn} ms after switching on), desk CPU ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms per mail`)

      const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: 4, maxMessages: 100 })
      try {
        const plainStarted = Date.now()
        await Promise.all(plain.map((m) => transport.sendMail(m)))
        const plainDone = await nextLine()
        if (plainDone.count !== n) throw new Error(`server received ${JSON.stringify(plainDone)} from the plain transport, expected ${n}`)
        anchor('mail.outbox', n / ((plainDone.lastAt - plainStarted) / 1000), 'mails/s', n)
      } finally {
        transport.close()
      }
    } finally {
      desk.close()
      child.kill()
      rmSync(dir, { recursive: true, force: true })
    }
  },
})
