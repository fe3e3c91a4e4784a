// Cases and failure reports end to end through the dispatcher, on a real SQLite file: numbering,
// terms and extensions, routing, the dashboard counts, replies as letters, attachments, search.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { InputOf } from '../../shared/api/contract'
import { parseTemplate, loadTemplates } from '../../src-main/core/cases/templates'
import { findResourcesDir } from '../../src-main/platform/paths'
import { ADMIN, makeSetUpDesk, type TestDesk } from '../support/desk'
import { contentHash } from '../support/db-state'

let desk: TestDesk
let token: string
let clock: Date
let customerId: string

const setToday = (iso: string) => (clock = new Date(`${iso}T09:30:00Z`))
/** Days later: the idle lock has long closed the session, so sign in again. */
async function advanceTo(iso: string) {
  setToday(iso)
  token = (await desk.call('staff.login', { login: ADMIN.login, password: ADMIN.password })).token
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise
  } catch (err) {
    return err as { code: string; field?: string; message: string }
  }
  throw new Error('expected the call to be rejected')
}

function pdfText(base64: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ibok-pdf-')), 'doc.pdf')
  writeFileSync(file, Buffer.from(base64, 'base64'))
  // Words kept, line breaks of wrapped paragraphs folded into spaces.
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
}

const failure = (over: Partial<InputOf<'cases.create'>> = {}): InputOf<'cases.create'> => ({
  type: 'failure',
  channel: 'phone',
  description: 'Woda wypływa spod studzienki na chodniku, zalewa piwnicę sąsiedniego budynku',
  location: 'ul. Żeromskiego 7, przy bramie od podwórza',
  callbackPhone: '601 234 567',
  reporterName: 'Zofia Łęcka',
  urgency: 'urgent',
  ...over,
})

const complaint = (over: Partial<InputOf<'cases.create'>> = {}): InputOf<'cases.create'> => ({
  type: 'invoice_complaint',
  channel: 'counter',
  customerId,
  subject: 'Zawyżone zużycie na fakturze FW/K1/2026/00042',
  description: 'Klient kwestionuje zużycie 48 m³ za wrzesień–październik; zwykle zużywa ok. 12 m³.',
  ...over,
})

beforeEach(async () => {
  setToday('2026-11-25') // a Wednesday
  const made = await makeSetUpDesk({ now: () => clock })
  desk = made.desk
  token = made.token
  const customer = await desk.call(
    'customers.create',
    {
      kind: 'person',
      firstName: 'Grzegorz',
      lastName: 'Brzęczyszczykiewicz',
      email: 'grzegorz.b@example.pl',
      phone: '600 100 200',
      correspondenceAddress: { street: 'Partyzantów', houseNo: '12', flatNo: '3', postalCode: '22-400', city: 'Zamość' },
    },
    token,
  )
  customerId = customer.id
})
afterEach(() => desk.dispose())

describe('failure reports taken on the phone', () => {
  it('numbers the report from the station series, counts it as not routed, and routes it', async () => {
    const report = await desk.call('cases.create', failure(), token)
    expect(report).toMatchObject({ caseNo: 'SPR/K1/2026/00001', status: 'new', customer: null, urgency: 'urgent', dueOn: '2026-11-25', deadline: 'today', department: 'emergency' })
    expect(report.subject).toBe('Awaria: ul. Żeromskiego 7, przy bramie od podwórza')
    expect((await desk.call('cases.dashboard', {}, token)).unroutedFailures).toMatchObject({ count: 1, items: [{ id: report.id }] })

    const routed = await desk.call('cases.route', { id: report.id, department: 'emergency', note: 'Zabrać pompę' }, token)
    expect(routed).toMatchObject({ status: 'in_progress', deadline: 'met', answeredOn: '2026-11-25' })
    expect(routed.routedAt).toBe(clock.toISOString())
    expect(routed.events.map((e) => e.kind)).toEqual(['created', 'routed', 'status'])
    const board = await desk.call('cases.dashboard', {}, token)
    expect(board.unroutedFailures.count).toBe(0)
    expect(board.openCount).toBe(1)
  })

  it('shows a report not routed by the next day as late, and keeps the first routing time', async () => {
    const report = await desk.call('cases.create', failure({ urgency: 'normal' }), token)
    await advanceTo('2026-11-26')
    expect((await desk.call('cases.get', { id: report.id }, token)).deadline).toBe('overdue')
    const first = await desk.call('cases.route', { id: report.id, department: 'water_network' }, token)
    expect(first.deadline).toBe('late')
    await advanceTo('2026-11-27')
    const second = await desk.call('cases.route', { id: report.id, department: 'emergency', note: 'Przekazano ponownie' }, token)
    expect(second.routedAt).toBe(first.routedAt)
    expect(second.department).toBe('emergency')
  })

  it('names the missing field and writes nothing when place, phone or urgency is missing', async () => {
    const before = contentHash(desk.services.db.sqlite)
    expect(await rejection(desk.call('cases.create', failure({ location: '' }), token))).toMatchObject({ code: 'VALIDATION', field: 'location', message: 'Miejsce awarii: pole wymagane' })
    expect(await rejection(desk.call('cases.create', failure({ callbackPhone: null }), token))).toMatchObject({ field: 'callbackPhone', message: 'Telefon do kontaktu: pole wymagane' })
    expect(await rejection(desk.call('cases.create', failure({ callbackPhone: '12' }), token))).toMatchObject({ field: 'callbackPhone' })
    expect(await rejection(desk.call('cases.create', failure({ urgency: null }), token))).toMatchObject({ field: 'urgency' })
    expect(contentHash(desk.services.db.sqlite)).toBe(before)
  })

  it('prints a dispatch sheet for the crew with Polish letters intact', async () => {
    const report = await desk.call('cases.create', failure(), token)
    await desk.call('cases.route', { id: report.id, department: 'emergency', note: 'Zabrać pompę i zasuwę DN80' }, token)
    const sheet = await desk.call('cases.dispatchSheet', { id: report.id }, token)
    expect(sheet.fileName).toBe('karta-awarii-SPR-K1-2026-00001.pdf')
    const text = pdfText(sheet.pdfBase64)
    for (const expected of [
      'Karta zgłoszenia awarii nr SPR/K1/2026/00001',
      'PILNE',
      'ul. Żeromskiego 7, przy bramie od podwórza',
      'zalewa piwnicę sąsiedniego budynku',
      '601 234 567',
      'Zofia Łęcka',
      'Pogotowie wodociągowo-kanalizacyjne',
      'Zabrać pompę i zasuwę DN80',
      'Anna Administratorka',
      'Wypełnia ekipa na miejscu',
    ])
      expect(text).toContain(expected)
  })

  it('refuses to route anything but a failure, and a dispatch sheet for a complaint', async () => {
    const c = await desk.call('cases.create', complaint(), token)
    expect(await rejection(desk.call('cases.route', { id: c.id, department: 'emergency' }, token))).toMatchObject({ code: 'VALIDATION', field: 'id' })
    expect(await rejection(desk.call('cases.dispatchSheet', { id: c.id }, token))).toMatchObject({ code: 'VALIDATION' })
  })
})

describe('complaints and their 14-day term', () => {
  it('needs a customer', async () => {
    const err = await rejection(desk.call('cases.create', complaint({ customerId: null }), token))
    expect(err).toMatchObject({ code: 'VALIDATION', field: 'customerId' })
    expect(err.message).toMatch(/^Klient: wybierz klienta/)
  })

  it('counts 14 calendar days from the day after receipt, carried past a weekend', async () => {
    const c = await desk.call('cases.create', complaint(), token)
    expect(c).toMatchObject({ dueOn: '2026-12-09', originalDueOn: '2026-12-09', department: 'billing', deadline: 'ok' })
    // A letter that arrived on Saturday 14 Nov: 14 days end Saturday 28th → Monday 30th.
    const letter = await desk.call('cases.create', complaint({ channel: 'letter', receivedOn: '2026-11-14' }), token)
    expect(letter.dueOn).toBe('2026-11-30')
    expect(letter.deadline).toBe('ok')
    expect(await rejection(desk.call('cases.create', complaint({ receivedOn: '2026-11-26' }), token))).toMatchObject({ field: 'receivedOn', message: 'Data wpływu: nie może być późniejsza niż dziś' })
  })

  it('moves through due today and overdue on the dashboard, and leaves it once answered', async () => {
    const c = await desk.call('cases.create', complaint(), token)
    let board = await desk.call('cases.dashboard', {}, token)
    expect([board.dueToday.count, board.overdue.count]).toEqual([0, 0])
    await advanceTo('2026-12-09')
    board = await desk.call('cases.dashboard', {}, token)
    expect(board.dueToday).toMatchObject({ count: 1, items: [{ id: c.id, deadline: 'today' }] })
    await advanceTo('2026-12-10')
    board = await desk.call('cases.dashboard', {}, token)
    expect([board.dueToday.count, board.overdue.count]).toEqual([0, 1])
    expect((await desk.call('cases.search', { deadline: 'overdue' }, token)).items.map((i) => i.id)).toEqual([c.id])

    const draft = await desk.call('cases.draftReply', { id: c.id, templateId: 'reklamacja-uwzgledniona' }, token)
    await desk.call('cases.sendReply', { id: c.id, templateId: draft.templateId, subject: draft.subject, body: draft.body.replace(/\[\[[^\]]*\]\]/, 'Wystawiono fakturę korygującą.'), channel: 'letter' }, token)
    board = await desk.call('cases.dashboard', {}, token)
    expect([board.dueToday.count, board.overdue.count, board.openCount]).toEqual([0, 0, 0])
    const answered = await desk.call('cases.get', { id: c.id }, token)
    expect(answered).toMatchObject({ status: 'answered', answeredOn: '2026-12-10', deadline: 'late' })
  })

  it('extends the term with a notice sent while it runs, and refuses it after', async () => {
    const c = await desk.call('cases.create', complaint({ type: 'meter_check', subject: 'Sprawdzenie wodomierza' }), token)
    expect(c.extension).toMatchObject({ allowed: true, suggested: '2026-12-23', limit: '2027-01-25' })
    const templates = await desk.call('cases.templates', { id: c.id }, token)
    expect(templates.find((t) => t.kind === 'extension')?.id).toBe('przedluzenie-terminu')

    const draft = await desk.call('cases.draftReply', { id: c.id, templateId: 'przedluzenie-terminu', newDueOn: '2026-12-30' }, token)
    expect(draft.body).toContain('przypadający 09.12.2026, przedłużamy do dnia 30.12.2026')
    const body = draft.body.replace(/\[\[[^\]]*\]\]/, 'ekspertyza wodomierza w punkcie legalizacyjnym')
    const send = (over: Partial<InputOf<'cases.sendReply'>>) =>
      desk.call('cases.sendReply', { id: c.id, templateId: 'przedluzenie-terminu', subject: draft.subject, body, channel: 'letter', newDueOn: '2026-12-30', ...over }, token)

    const before = contentHash(desk.services.db.sqlite)
    expect(await rejection(send({ body: draft.body }))).toMatchObject({ field: 'body', message: 'Treść: uzupełnij miejsca oznaczone [[…]]' })
    expect(await rejection(send({ newDueOn: '2026-12-26' }))).toMatchObject({ field: 'newDueOn', message: expect.stringMatching(/sobotę, niedzielę lub święto/) })
    expect(await rejection(send({ newDueOn: '2026-12-31' }))).toMatchObject({ field: 'body', message: expect.stringMatching(/nowy termin 31\.12\.2026/) })
    expect(await rejection(send({ newDueOn: undefined }))).toMatchObject({ field: 'newDueOn', message: 'Nowy termin: pole wymagane' })
    expect(contentHash(desk.services.db.sqlite)).toBe(before)

    const sent = await send({})
    expect(sent.case).toMatchObject({ dueOn: '2026-12-30', originalDueOn: '2026-12-09', status: 'in_progress' })
    expect(sent.reply).toMatchObject({ kind: 'extension', newDueOn: '2026-12-30', channel: 'letter' })
    expect(sent.case.events.at(-1)).toMatchObject({ kind: 'extension', data: { from: '2026-12-09', to: '2026-12-30' } })
    // Not overdue on the old date any more.
    await advanceTo('2026-12-10')
    expect((await desk.call('cases.dashboard', {}, token)).overdue.count).toBe(0)

    // Past the (extended) term, no further extension.
    await advanceTo('2026-12-31')
    const late = await desk.call('cases.get', { id: c.id }, token)
    expect(late.extension.allowed).toBe(false)
    expect(await rejection(send({ newDueOn: '2027-01-08', body: body.replace('30.12.2026', '08.01.2027') }))).toMatchObject({ field: 'newDueOn', message: expect.stringMatching(/już minął/) })
  })

  it('does not offer an extension for a refund request', async () => {
    const c = await desk.call('cases.create', complaint({ type: 'refund_request', subject: 'Zwrot nadpłaty' }), token)
    expect(c.extension.allowed).toBe(false)
    expect((await desk.call('cases.templates', { id: c.id }, token)).map((t) => t.kind)).not.toContain('extension')
    expect(await rejection(desk.call('cases.draftReply', { id: c.id, templateId: 'przedluzenie-terminu' }, token))).toMatchObject({ field: 'templateId' })
  })
})

describe('replies from templates', () => {
  it('fills the customer’s data and prints a window-envelope letter kept with the case', async () => {
    const c = await desk.call('cases.create', complaint(), token)
    const draft = await desk.call('cases.draftReply', { id: c.id, templateId: 'reklamacja-nieuwzgledniona' }, token)
    expect(draft).toMatchObject({
      subject: 'Odpowiedź na reklamację — sprawa SPR/K1/2026/00001',
      recipientName: 'Grzegorz Brzęczyszczykiewicz',
      recipientEmail: 'grzegorz.b@example.pl',
      recipientAddress: ['ul. Partyzantów 12/3', '22-400 Zamość'],
    })
    expect(draft.body).toContain('w odpowiedzi na reklamację z dnia 25.11.2026 (sprawa nr SPR/K1/2026/00001, nr klienta K1-000001)')
    expect(draft.body).toContain('Anna Administratorka')
    expect(draft.body).not.toMatch(/\{\{/)

    const body = draft.body.replace(/\[\[[^\]]*\]\]/, 'odczyt z 02.11.2026 potwierdził inkasent; wodomierz sprawny.')
    const sent = await desk.call('cases.sendReply', { id: c.id, templateId: draft.templateId, subject: draft.subject, body, channel: 'letter' }, token)
    expect(sent.case.status).toBe('answered')
    expect(sent.reply).toMatchObject({ channel: 'letter', recipientAddress: ['ul. Partyzantów 12/3', '22-400 Zamość'], mail: null, body })
    const text = pdfText(sent.letter.pdfBase64)
    for (const expected of ['Grzegorz Brzęczyszczykiewicz', 'ul. Partyzantów 12/3', '22-400 Zamość', 'Zamość, dnia 25.11.2026', 'SPR/K1/2026/00001', 'K1-000001', 'wodomierz sprawny', 'rzecznika konsumentów'])
      expect(text).toContain(expected)
    // Reprinting gives the very bytes that were sent.
    expect((await desk.call('cases.replyLetter', { replyId: sent.reply.id }, token)).pdfBase64).toBe(sent.letter.pdfBase64)
  })

  it('refuses a letter to a failure report without a customer, and an unknown template', async () => {
    const report = await desk.call('cases.create', failure(), token)
    const draft = await desk.call('cases.draftReply', { id: report.id, templateId: 'awaria-usunieta' }, token)
    expect(draft.recipientName).toBe('Zofia Łęcka')
    const body = draft.body.replace(/\[\[[^\]]*\]\]/, '26.11.2026')
    expect(await rejection(desk.call('cases.sendReply', { id: report.id, templateId: 'awaria-usunieta', subject: draft.subject, body, channel: 'letter' }, token))).toMatchObject({ field: 'channel' })
    expect(await rejection(desk.call('cases.draftReply', { id: report.id, templateId: 'nie-ma-takiego' }, token))).toMatchObject({ field: 'templateId' })
  })

  it('ships only templates that parse, with known fields', () => {
    const templates = loadTemplates(findResourcesDir())
    expect(templates.length).toBeGreaterThanOrEqual(8)
    expect(() => parseTemplate('zly', 'title: X\nkind: answer\ntypes: *\nsubject: S\n---\nDzień dobry {{imie}}')).toThrow('nieznane pole {{imie}}')
    expect(() => parseTemplate('zly', 'title: X\nkind: extension\ntypes: general\nsubject: S\n---\nPrzedłużamy.')).toThrow('{{nowy_termin}}')
  })
})

describe('the status flow and the timeline', () => {
  it('takes, closes and reopens a case, recording each step with who did it', async () => {
    const c = await desk.call('cases.create', complaint(), token)
    const started = await desk.call('cases.start', { id: c.id }, token)
    expect(started).toMatchObject({ status: 'in_progress', assigneeName: 'Anna Administratorka' })
    expect(await rejection(desk.call('cases.start', { id: c.id }, token))).toMatchObject({ code: 'CONFLICT' })
    await desk.call('cases.addNote', { id: c.id, text: 'Klient prosi o kontakt po 15:00' }, token)
    const closed = await desk.call('cases.close', { id: c.id, resolution: 'Klient wycofał reklamację' }, token)
    expect(closed.status).toBe('closed')
    expect(await rejection(desk.call('cases.assign', { id: c.id, department: 'bok', assigneeId: null }, token))).toMatchObject({ code: 'CONFLICT' })
    const reopened = await desk.call('cases.reopen', { id: c.id, reason: 'Klient jednak podtrzymuje reklamację' }, token)
    expect(reopened).toMatchObject({ status: 'in_progress', closedAt: null })
    expect(reopened.events.map((e) => [e.kind, e.text, e.staffName])).toEqual([
      ['created', null, 'Anna Administratorka'],
      ['status', null, 'Anna Administratorka'],
      ['note', 'Klient prosi o kontakt po 15:00', 'Anna Administratorka'],
      ['status', null, 'Anna Administratorka'],
      ['closed', 'Klient wycofał reklamację', 'Anna Administratorka'],
      ['status', null, 'Anna Administratorka'],
      ['reopened', 'Klient jednak podtrzymuje reklamację', 'Anna Administratorka'],
    ])
  })

  it('keeps the history append-only in the database itself', async () => {
    const c = await desk.call('cases.create', complaint(), token)
    await desk.call('cases.addNote', { id: c.id, text: 'Pierwsza notatka' }, token)
    const sqlite = desk.services.db.sqlite
    expect(() => sqlite.prepare(`DELETE FROM case_events WHERE case_id = ?`).run(c.id)).toThrow('case_events are append-only')
    expect(() => sqlite.prepare(`UPDATE case_events SET kind = 'reply' WHERE case_id = ?`).run(c.id)).toThrow('case_events are append-only')
    // A note's text can still be blanked by a lawful erasure.
    expect(sqlite.prepare(`UPDATE case_events SET text = '[zanonimizowano]' WHERE case_id = ? AND kind = 'note'`).run(c.id).changes).toBe(1)
  })

  it('assigns to a department and an active staff member only', async () => {
    const c = await desk.call('cases.create', complaint(), token)
    const clerk = await desk.call('staff.create', { login: 'urzednik', fullName: 'Urszula Żak', role: 'clerk', password: 'Haslo-urzednika-1' }, token)
    expect((await desk.call('cases.assignees', {}, token)).map((a) => a.fullName)).toEqual(['Anna Administratorka', 'Urszula Żak'])
    const assigned = await desk.call('cases.assign', { id: c.id, department: 'meters', assigneeId: clerk.id, note: 'Sprawdzić odczyt' }, token)
    expect(assigned).toMatchObject({ department: 'meters', assigneeName: 'Urszula Żak', status: 'in_progress' })
    expect(await rejection(desk.call('cases.assign', { id: c.id, department: 'meters', assigneeId: '01900000-0000-7000-8000-000000000000' }, token))).toMatchObject({ field: 'assigneeId' })
  })
})

describe('search and the customer card', () => {
  it('finds closed cases by number, customer without diacritics, place and note text', async () => {
    const c = await desk.call('cases.create', complaint(), token)
    const report = await desk.call('cases.create', failure(), token)
    await desk.call('cases.addNote', { id: c.id, text: 'Inkasent potwierdził plombę nr 44871' }, token)
    await desk.call('cases.close', { id: c.id, resolution: 'Rozpatrzono' }, token)
    const find = async (query: string) => (await desk.call('cases.search', { query }, token)).items.map((i) => i.caseNo)
    expect(await find('SPR/K1/2026/00001')).toEqual(['SPR/K1/2026/00001'])
    expect(await find('1')).toEqual(['SPR/K1/2026/00001'])
    expect(await find('brzeczyszczykiewicz')).toEqual(['SPR/K1/2026/00001'])
    expect(await find('zeromskiego')).toEqual(['SPR/K1/2026/00002'])
    expect(await find('601234567')).toEqual(['SPR/K1/2026/00002'])
    expect(await find('plombe 44871')).toEqual(['SPR/K1/2026/00001'])
    expect(await find('"NEAR( -*')).toEqual([])
    // Only open ones, and by customer (the card's list).
    expect((await desk.call('cases.search', { statuses: ['new', 'in_progress'] }, token)).items.map((i) => i.id)).toEqual([report.id])
    const mine = await desk.call('cases.search', { customerId }, token)
    expect(mine).toMatchObject({ total: 1, items: [{ id: c.id, status: 'closed', customer: { customerNo: 'K1-000001' } }] })
  })

  it('follows a customer’s rename', async () => {
    await desk.call('cases.create', complaint(), token)
    await desk.call(
      'customers.update',
      {
        id: customerId,
        data: { kind: 'person', firstName: 'Grzegorz', lastName: 'Wąsowicz', correspondenceAddress: { street: 'Partyzantów', houseNo: '12', flatNo: '3', postalCode: '22-400', city: 'Zamość' } },
      },
      token,
    )
    expect((await desk.call('cases.search', { query: 'wasowicz' }, token)).total).toBe(1)
    expect((await desk.call('cases.search', { query: 'brzeczyszczykiewicz' }, token)).total).toBe(0)
  })
})

describe('attachments', () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 7)])

  it('keeps a scan under the data folder by its SHA-256 and gives back the same bytes', async () => {
    const c = await desk.call('cases.create', complaint(), token)
    const after = await desk.call('cases.addAttachment', { id: c.id, fileName: 'skan reklamacji.pdf', contentBase64: pdf.toString('base64') }, token)
    const [a] = after.attachments
    expect(a).toMatchObject({ fileName: 'skan reklamacji.pdf', mimeType: 'application/pdf', bytes: pdf.length, staffName: 'Anna Administratorka' })
    const stored = join(desk.dir, 'attachments', a.sha256)
    expect(readFileSync(stored).equals(pdf)).toBe(true)
    expect(Buffer.from((await desk.call('cases.attachment', { id: a.id }, token)).contentBase64, 'base64').equals(pdf)).toBe(true)
    // A photo named without an extension gets one from what it really is.
    const photo = await desk.call('cases.addAttachment', { id: c.id, fileName: 'zdjecie', contentBase64: jpeg.toString('base64') }, token)
    expect(photo.attachments[1]).toMatchObject({ fileName: 'zdjecie.jpg', mimeType: 'image/jpeg' })
    expect(photo.events.filter((e) => e.kind === 'attachment').map((e) => e.text)).toEqual(['skan reklamacji.pdf', 'zdjecie.jpg'])

    // Changed on disk behind the program's back: refused, not served.
    writeFileSync(stored, Buffer.concat([pdf, Buffer.from('x')]))
    expect(await rejection(desk.call('cases.attachment', { id: a.id }, token))).toMatchObject({ code: 'CONFLICT' })
  })

  it('refuses other kinds of file, bad names and oversized files, writing nothing', async () => {
    const c = await desk.call('cases.create', complaint(), token)
    const before = contentHash(desk.services.db.sqlite)
    const exe = Buffer.from('MZ\x90\x00 this is not a scan')
    expect(await rejection(desk.call('cases.addAttachment', { id: c.id, fileName: 'skan.pdf', contentBase64: exe.toString('base64') }, token))).toMatchObject({
      field: 'contentBase64',
      message: 'Załącznik: dozwolone są tylko pliki PDF i JPG',
    })
    expect(await rejection(desk.call('cases.addAttachment', { id: c.id, fileName: '../../etc/passwd.pdf', contentBase64: pdf.toString('base64') }, token))).toMatchObject({ field: 'fileName' })
    const big = 'A'.repeat(Math.ceil((10 * 1024 * 1024) / 3) * 4 + 4)
    expect(await rejection(desk.call('cases.addAttachment', { id: c.id, fileName: 'duzy.pdf', contentBase64: big }, token))).toMatchObject({ field: 'contentBase64', message: 'Załącznik: plik większy niż 10 MB' })
    expect(contentHash(desk.services.db.sqlite)).toBe(before)
    expect(existsSync(join(desk.dir, 'attachments'))).toBe(false)
  })
})
