// Correspondence between the portal and the desks: a failure report with photos (multipart, size-
// and type-checked by the bytes, CSRF) lands at the desk as a case with its attachments as files;
// a reply the desk sends shows on the customer's case page ("Korespondencja") and the customer is
// told by e-mail through the outbox; the e-invoice acceptance and its withdrawal are confirmed by
// e-mail with the text's version and hash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customers } from '../../src-main/db/schema'
import { Browser, makePortalOffice, type PortalOffice } from '../support/portal'

let p: PortalOffice
let kowalska: Browser
let nowak: Browser
const K_PASSWORD = 'Kowalska-haslo-2026'
const N_PASSWORD = 'Nowak-haslo-2026'

beforeAll(async () => {
  p = await makePortalOffice()
  kowalska = await p.activated(p.kowalska, K_PASSWORD)
  nowak = await p.activated(p.nowak, N_PASSWORD)
  await p.sync()
}, 60_000)
afterAll(async () => {
  await p?.dispose()
})

/** Just the magic bytes and some payload: the portal looks at the bytes, not at the name. */
const jpeg = (size = 2048) => {
  const b = Buffer.alloc(size, 0x5a)
  b.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46])
  return b
}
const png = (size = 1024) => {
  const b = Buffer.alloc(size, 0x11)
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return b
}
const failure = { kind: 'failure', description: 'Woda wypływa spod studzienki', location: 'Partyzantów 12, Zamość', phone: '600 100 200', urgent: '1' }
const casesOf = async (customerId: string) => (await p.office.a.call('cases.search', { customerId }, p.office.aToken)).items

describe('a failure report with photos', () => {
  it('lands at the desk as a case whose attachments are the very photos (files synced)', async () => {
    const photo = jpeg()
    const drawing = png()
    const sent = await kowalska.upload('/zgloszenia', failure, [
      { name: 'photos', fileName: 'studzienka.jpg', data: photo, type: 'image/jpeg' },
      { name: 'photos', fileName: 'szkic.png', data: drawing, type: 'image/png' },
      // An empty file input (nothing chosen) is no photo.
      { name: 'photos', fileName: '', data: new Uint8Array(0) },
    ], '/zgloszenia')
    expect(sent.status).toBe(200)
    const caseNo = /Sprawa (SPR\/WW\/\d{4}\/\d{5}) została zarejestrowana/.exec(sent.text)![1]
    expect(sent.text).toContain('Dołączono zdjęcia: 2.')

    await p.sync()
    const made = (await casesOf(p.kowalska.customer.id)).find((c) => c.caseNo === caseNo)!
    expect(made).toMatchObject({ channel: 'portal', type: 'failure', urgency: 'urgent' })
    const detail = await p.office.a.call('cases.get', { id: made.id }, p.office.aToken)
    expect(detail.attachments.map((a) => [a.fileName, a.mimeType, a.bytes])).toEqual([
      ['studzienka.jpg', 'image/jpeg', photo.length],
      ['szkic.png', 'image/png', drawing.length],
    ])
    // The desk opens the files themselves: they came through the hub as files.
    const first = await p.office.a.call('cases.attachment', { id: detail.attachments[0].id }, p.office.aToken)
    expect(Buffer.from(first.contentBase64, 'base64').equals(photo)).toBe(true)
    const second = await p.office.a.call('cases.attachment', { id: detail.attachments[1].id }, p.office.aToken)
    expect(Buffer.from(second.contentBase64, 'base64').equals(drawing)).toBe(true)
  })

  it('refuses what is not a JPEG or PNG photo, too large a photo, and more than three — nothing is registered', async () => {
    const before = (await casesOf(p.kowalska.customer.id)).length
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(500)])
    const notPhoto = await kowalska.upload('/zgloszenia', failure, [{ name: 'photos', fileName: 'zdjecie.jpg', data: exe, type: 'image/jpeg' }], '/zgloszenia')
    expect(notPhoto.status).toBe(400)
    expect(notPhoto.text).toContain('Zdjęcie „zdjecie.jpg”: dozwolone są tylko zdjęcia JPG i PNG')
    // What was typed stays in the form.
    expect(notPhoto.text).toContain('Woda wypływa spod studzienki')

    const big = await kowalska.upload('/zgloszenia', failure, [{ name: 'photos', fileName: 'duze.jpg', data: jpeg(5 * 1024 * 1024 + 1) }], '/zgloszenia')
    expect(big.status).toBe(400)
    expect(big.text).toContain('Zdjęcie „duze.jpg”: najwyżej 5 MB')

    const four = await kowalska.upload('/zgloszenia', failure, [1, 2, 3, 4].map((i) => ({ name: 'photos', fileName: `z${i}.jpg`, data: jpeg() })), '/zgloszenia')
    expect(four.status).toBe(400)
    expect(four.text).toContain('Zdjęcia: najwyżej 3')

    // A body over the form's cap (four photos at their limit) is read to its end and answered, not reset.
    const huge = await kowalska.upload('/zgloszenia', failure, [1, 2, 3, 4].map((i) => ({ name: 'photos', fileName: `z${i}.jpg`, data: jpeg(5 * 1024 * 1024) })), '/zgloszenia')
    expect(huge.status).toBe(400)
    expect(huge.text).toContain('Zdjęcia: najwyżej 3 pliki po 5 MB.')

    await p.sync()
    expect((await casesOf(p.kowalska.customer.id)).length).toBe(before)
  })

  it('refuses a multipart form without the session’s CSRF token, and one from anyone not signed in', async () => {
    const before = (await casesOf(p.kowalska.customer.id)).length
    const noToken = await kowalska.upload('/zgloszenia', failure, [{ name: 'photos', fileName: 'a.jpg', data: jpeg() }], '/zgloszenia', false)
    expect(noToken.status).toBe(403)
    const forged = await kowalska.upload('/zgloszenia', { ...failure, _csrf: 'x'.repeat(43) }, [{ name: 'photos', fileName: 'a.jpg', data: jpeg() }], '/zgloszenia', false)
    expect(forged.status).toBe(403)
    // No session at all, and an anonymous one (a login form's, with its own valid token): refused before the body is read.
    const none = await fetch(`${p.base}/zgloszenia`, { method: 'POST', body: (() => {
      const f = new FormData()
      f.append('photos', new Blob([jpeg()]), 'a.jpg')
      return f
    })() })
    expect(none.status).toBe(403)
    const stranger = new Browser(p.base)
    const anonymous = await stranger.upload('/zgloszenia', failure, [{ name: 'photos', fileName: 'a.jpg', data: jpeg() }], '/logowanie')
    expect(anonymous.status).toBe(401)
    expect(anonymous.text).toContain('Sesja wygasła')
    await p.sync()
    expect((await casesOf(p.kowalska.customer.id)).length).toBe(before)
  })
})

describe('replies from the desk', () => {
  it('shows the desk’s reply on the customer’s case page and tells the customer by e-mail; another customer sees nothing', async () => {
    const sent = await kowalska.post('/zgloszenia', { kind: 'general', description: 'Proszę o informację o terminie wymiany wodomierza', location: '', phone: '' }, '/zgloszenia')
    const caseNo = /Sprawa (SPR\/WW\/\d{4}\/\d{5})/.exec(sent.text)![1]
    await p.sync()
    const made = (await casesOf(p.kowalska.customer.id)).find((c) => c.caseNo === caseNo)!
    const list = await kowalska.get('/zgloszenia')
    expect(list.text).toContain(`href="/zgloszenia/${made.id}"`)
    const before = await kowalska.get(`/zgloszenia/${made.id}`)
    expect(before.status).toBe(200)
    expect(before.text).toContain('Proszę o informację o terminie wymiany wodomierza')
    expect(before.text).toContain('Nie ma jeszcze odpowiedzi')

    const { a, aToken } = p.office
    const draft = await a.call('cases.draftReply', { id: made.id, templateId: 'pismo-ogolne' }, aToken)
    const body = draft.body.replace(/\[\[[^\]]*\]\]/g, 'Wymiana wodomierza odbędzie się w marcu 2027 r.')
    await a.call('cases.sendReply', { id: made.id, templateId: draft.templateId, subject: draft.subject, body, channel: 'letter' }, aToken)
    // The notice goes through the desk's outbox, like every mail.
    const mails = await a.call('mail.list', { customerId: p.kowalska.customer.id }, aToken)
    const notice = mails.items.find((m) => m.subject.startsWith('iBOK — odpowiedź w sprawie'))
    expect(notice).toMatchObject({ kind: 'case_reply', toAddress: 'lucja.zolkiewska@example.pl', state: 'queued' })
    const count = p.smtp.received.length
    await a.services.mail.runOnce()
    await p.smtp.waitForMessages(count + 1)
    const mail = p.smtp.received.at(-1)!
    expect(mail.subject).toBe(`iBOK — odpowiedź w sprawie ${caseNo}`)
    expect(mail.text).toContain(`https://ibok.pgk.zamosc.pl/zgloszenia/${made.id}`)
    // The notice says there is an answer; the answer itself is read in iBOK.
    expect(mail.text).not.toContain('Wymiana wodomierza odbędzie się w marcu 2027 r.')

    await p.sync()
    const after = await kowalska.get(`/zgloszenia/${made.id}`)
    expect(after.text).toContain('Korespondencja')
    expect(after.text).toContain(draft.subject)
    expect(after.text).toContain('Wymiana wodomierza odbędzie się w marcu 2027 r.')
    expect((await kowalska.get('/zgloszenia')).text).toMatch(/udzielono odpowiedzi/i)

    // The other customer: the same answer as for an id that does not exist.
    const theirs = await nowak.get(`/zgloszenia/${made.id}`)
    expect(theirs.status).toBe(404)
    expect(theirs.text).not.toContain(caseNo)
    expect(theirs.text).not.toContain('Wymiana wodomierza')
    expect((await nowak.get('/zgloszenia/00000000-0000-4000-8000-000000000000')).status).toBe(404)
  })

  it('sends no separate notice when the reply itself went by e-mail to the customer’s address', async () => {
    const sent = await kowalska.post('/zgloszenia', { kind: 'general', description: 'Druga wiadomość', location: '', phone: '' }, '/zgloszenia')
    const caseNo = /Sprawa (SPR\/WW\/\d{4}\/\d{5})/.exec(sent.text)![1]
    await p.sync()
    const made = (await casesOf(p.kowalska.customer.id)).find((c) => c.caseNo === caseNo)!
    const { a, aToken } = p.office
    const draft = await a.call('cases.draftReply', { id: made.id, templateId: 'pismo-ogolne' }, aToken)
    await a.call('cases.sendReply', { id: made.id, templateId: draft.templateId, subject: draft.subject, body: draft.body.replace(/\[\[[^\]]*\]\]/g, 'Odpowiedź e-mailem.'), channel: 'email' }, aToken)
    const mails = (await a.call('mail.list', { customerId: p.kowalska.customer.id }, aToken)).items.filter((m) => m.subject.includes(caseNo))
    expect(mails.map((m) => m.subject)).toEqual([draft.subject])
  })
})

describe('replies from the desk, the customer without an e-mail at the desk', () => {
  it('sends the notice to the address the iBOK account was opened with', async () => {
    const { a, aToken } = p.office
    // The register has no e-mail for the customer; the account's credentials went to the Wniosek's address.
    a.services.db.write({ staffId: null, stationCode: 'K1', operation: 'test.seed' }, (tx) => tx.update(customers, p.nowak.customer.id, { email: null }))
    const sent = await nowak.post('/zgloszenia', { kind: 'general', description: 'Pytanie bez e-maila w kartotece', location: '', phone: '' }, '/zgloszenia')
    const caseNo = /Sprawa (SPR\/WW\/\d{4}\/\d{5})/.exec(sent.text)![1]
    await p.sync()
    const made = (await casesOf(p.nowak.customer.id)).find((c) => c.caseNo === caseNo)!
    const draft = await a.call('cases.draftReply', { id: made.id, templateId: 'pismo-ogolne' }, aToken)
    await a.call('cases.sendReply', { id: made.id, templateId: draft.templateId, subject: draft.subject, body: draft.body.replace(/\[\[[^\]]*\]\]/g, 'Odpowiedź listem.'), channel: 'letter' }, aToken)
    const notices = (await a.call('mail.list', { customerId: p.nowak.customer.id }, aToken)).items.filter((m) => m.subject === `iBOK — odpowiedź w sprawie ${caseNo}`)
    expect(notices.map((m) => m.toAddress)).toEqual(['jan.nowak@example.pl'])
  })
})

describe('e-invoice confirmation', () => {
  it('confirms the acceptance and the withdrawal by e-mail through the outbox, with the text’s version and hash', async () => {
    const shown = await nowak.get('/e-faktura')
    const version = /name="textVersion" value="([^"]+)"/.exec(shown.text)![1]
    const sha256 = /<code>([0-9a-f]{64})<\/code>/.exec(shown.text)![1]
    const accepted = await nowak.request('/e-faktura', { form: { _csrf: Browser.csrf(shown.text), action: 'accept', textVersion: version, email: 'jan.faktury@example.pl', agree: '1' } })
    expect(accepted.text).toContain('Akceptację e-faktur zarejestrowano')
    expect(accepted.text).toContain('Potwierdzenie wyślemy na adres jan.faktury@example.pl')

    let count = p.smtp.received.length
    await p.station.services.mail.runOnce()
    await p.smtp.waitForMessages(count + 1)
    const confirmation = p.smtp.received.at(-1)!
    expect(confirmation.to).toEqual(['jan.faktury@example.pl'])
    expect(confirmation.subject).toBe('iBOK — potwierdzenie akceptacji e-faktur')
    expect(confirmation.text).toContain(`wersja ${version}`)
    expect(confirmation.text).toContain(sha256)
    expect(confirmation.text).toContain(p.nowak.customer.customerNo)

    const withdrawn = await nowak.post('/e-faktura', { action: 'withdraw' }, '/e-faktura')
    expect(withdrawn.text).toContain('Akceptację e-faktur wycofano')
    count = p.smtp.received.length
    await p.station.services.mail.runOnce()
    await p.smtp.waitForMessages(count + 1)
    const withdrawal = p.smtp.received.at(-1)!
    expect(withdrawal.to).toEqual(['jan.faktury@example.pl'])
    expect(withdrawal.subject).toBe('iBOK — wycofanie akceptacji e-faktur')
    expect(withdrawal.text).toContain('pocztą')

    // The mails are in the outbox that syncs: the desk sees them with the customer.
    await p.sync()
    const atDesk = (await p.office.a.call('mail.list', { customerId: p.nowak.customer.id }, p.office.aToken)).items.filter((m) => m.kind === 'consent')
    expect(atDesk.map((m) => [m.subject, m.state])).toEqual(
      expect.arrayContaining([
        ['iBOK — potwierdzenie akceptacji e-faktur', 'sent'],
        ['iBOK — wycofanie akceptacji e-faktur', 'sent'],
      ]),
    )
  })
})
