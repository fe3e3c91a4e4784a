// The portal is one more station of the office and talks to the hub only through the desk's sync,
// so it works the same against either hub engine. Its core flow on the SQLite hub and on a real
// PostgreSQL hub (a throwaway server): the first sign-in activates the account, a reading and a
// failure report with a photo are given, and a desk that joins later from the hub's snapshot — as
// well as the office's first desk — receives all of it, the photo as a file.
import { afterAll, describe, expect, it } from 'vitest'
import { startPostgres, type PostgresServer } from '../support/postgres'
import { makePortalOffice } from '../support/portal'

let pg: PostgresServer | null = null
afterAll(() => pg?.stop())

describe.each(['SQLite', 'PostgreSQL'] as const)('the portal on the %s hub', (engine) => {
  it('activates the account, takes a reading and a failure report with a photo; a desk receives them through the hub', async () => {
    if (engine === 'PostgreSQL') pg ??= await startPostgres()
    const p = await makePortalOffice(engine === 'PostgreSQL' ? { pg: pg! } : {})
    try {
      const b = await p.activated(p.kowalska, 'Haslo-na-hubie-2026')
      const reading = await b.post('/odczyty/nowy', { meterId: p.kowalska.meterId, valueM3: '166', note: '' }, `/odczyty/nowy?wodomierz=${p.kowalska.meterId}`)
      expect(reading.text).toContain('Odczyt został zapisany')
      const photo = Buffer.alloc(3000, 4)
      photo.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
      const report = await b.upload('/zgloszenia', { kind: 'failure', description: 'Brak wody od rana', location: 'Partyzantów 12, Zamość', phone: '600 100 200' }, [{ name: 'photos', fileName: 'licznik.png', data: photo }], '/zgloszenia')
      expect(report.text).toContain('Dołączono zdjęcia: 1.')
      await p.sync()

      // A desk that joins now, from the hub's snapshot, and the first desk: the same facts.
      const { desk: k2, token } = await p.office.join('K2')
      for (const [desk, t] of [[p.office.a, p.office.aToken], [k2, token]] as const) {
        expect((await desk.call('registration.account', { customerId: p.kowalska.customer.id }, t))?.state).toBe('active')
        const history = await desk.call('readings.history', { meterId: p.kowalska.meterId }, t)
        expect(history.find((r) => r.valueM3 === 166)).toMatchObject({ source: 'portal', status: 'ok' })
        const [made] = (await desk.call('cases.search', { customerId: p.kowalska.customer.id }, t)).items
        expect(made).toMatchObject({ type: 'failure', channel: 'portal' })
        const detail = await desk.call('cases.get', { id: made.id }, t)
        expect(detail.attachments.map((x) => [x.fileName, x.mimeType])).toEqual([['licznik.png', 'image/png']])
        const file = await desk.call('cases.attachment', { id: detail.attachments[0].id }, t)
        expect(Buffer.from(file.contentBase64, 'base64').equals(photo)).toBe(true)
      }
    } finally {
      await p.dispose()
    }
  }, 120_000)
})
