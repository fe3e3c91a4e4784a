// Files between desks through a real hub over HTTP (issue 9), on whichever hub store the caller
// opens: the same story runs against the SQLite hub and against PostgreSQL.
import type { AddressInfo } from 'node:net'
import { expect } from 'vitest'
import { FILE_NOT_ARRIVED } from '../../src-main/core/sync/synced-file'
import { httpTransport, HubUnreachable, type HubTransport } from '../../src-main/platform/hub-client/transport'
import { syncedEntityFields } from '../../src-main/db/tables'
import { settings } from '../../src-main/db/schema'
import { sha256Hex } from '../../src-main/platform/attachments/file-store'
import { hubFiles } from '../../src-main/hub/files'
import { Hub } from '../../src-main/hub/hub'
import { createHubServer } from '../../src-main/hub/http'
import type { HubStore } from '../../src-main/hub/storage'
import { seedCustomer, seedTariffGroups } from './office-seed'
import { ADMIN, makeSetUpDesk, makeTestDesk } from './desk'

export const SCAN_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n% podpisany formularz\n')
export const PHOTO_JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(4096, 7), Buffer.from([0xff, 0xd9])])

/** A desk's transport with faults switched on and off by the test. */
function faulty(inner: HubTransport, faults: { failUploads: boolean; corruptDownloads: boolean }): HubTransport {
  return {
    ...inner,
    uploadFile: (sha256, data) => (faults.failUploads ? Promise.reject(new HubUnreachable('połączenie zerwane (test)')) : inner.uploadFile(sha256, data)),
    downloadFile: async (sha256) => {
      const data = await inner.downloadFile(sha256)
      return data && faults.corruptDownloads ? Buffer.concat([data.subarray(0, -1), Buffer.from('X')]) : data
    },
  }
}

export async function fileSyncScenario(store: HubStore): Promise<void> {
  const cleanup: Array<() => unknown> = []
  try {
    const aFaults = { failUploads: false, corruptDownloads: false }
    const bFaults = { failUploads: false, corruptDownloads: false }
    const ref: { url?: string; aToken?: string; bToken?: string } = {}
    const made = await makeSetUpDesk({ mailSender: 'manual', syncTransport: () => (ref.url ? faulty(httpTransport(ref.url, ref.aToken!), aFaults) : null) })
    const a = made.desk
    cleanup.push(() => a.dispose())
    const hub = await Hub.open(store, { entityFields: syncedEntityFields, schemaVersion: a.services.db.schemaVersion })
    ref.aToken = await hub.addDesk('K1', 'Okienko 1')
    ref.bToken = await hub.addDesk('K2', 'Okienko 2')
    const server = createHubServer(hub)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanup.push(() => new Promise((resolve) => server.close(resolve)))
    ref.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

    // Desk A: a consent with the scan of the signed form, and a complaint with a photo.
    const groups = seedTariffGroups(a)
    const customer = await seedCustomer(a, made.token, groups.paper)
    const today = new Date().toISOString().slice(0, 10)
    const scan = await a.call('consents.uploadScan', { customerId: customer.customer.id, fileName: 'oświadczenie-skan.pdf', contentBase64: SCAN_PDF.toString('base64') }, made.token)
    const consent = await a.call(
      'consents.accept',
      { customerId: customer.customer.id, type: 'e_invoice', scope: ['invoices'], textVersion: '2024.1', email: 'faktury@example.pl', signedOn: today, channel: 'paper', signerKind: 'customer', scanId: scan.id },
      made.token,
    )
    const complaint = await a.call('cases.create', { type: 'invoice_complaint', channel: 'counter', customerId: customer.customer.id, subject: 'Zawyżone zużycie', description: 'Klient kwestionuje odczyt.' }, made.token)
    const withPhoto = await a.call('cases.addAttachment', { id: complaint.id, fileName: 'zdjecie-wodomierza.jpg', contentBase64: PHOTO_JPEG.toString('base64') }, made.token)
    const photo = withPhoto.attachments[0]

    // The upload breaks off: the rows that need those files stay queued, nothing reaches the hub.
    aFaults.failUploads = true
    expect((await a.sync.syncOnce()).phase).toBe('offline')
    const [scansOnHub] = await store.query<{ n: number }>('SELECT count(*) AS n FROM log WHERE entity = ?', ['scans'])
    expect(Number(scansOnHub.n)).toBe(0)
    aFaults.failUploads = false
    const pushed = await a.sync.syncOnce()
    expect(pushed).toMatchObject({ errorCode: null, files: { uploaded: 2 } })
    expect(await hubFiles(store).missing([scan.sha256, photo.sha256])).toEqual([])

    // Desk B joins from the snapshot; damaged downloads are refused and asked for again.
    const b = makeTestDesk({ mailSender: 'manual', syncTransport: () => faulty(httpTransport(ref.url!, ref.bToken!), bFaults) })
    cleanup.push(() => b.dispose())
    b.services.db.write({ staffId: null, stationCode: 'K2', operation: 'test.join' }, (tx) =>
      tx.insert(settings, { id: 'station', value: JSON.stringify({ stationCode: 'K2', stationName: 'Okienko 2' }) }),
    )
    await b.sync.resetFromSnapshot()
    const bToken = (await b.call('staff.login', { login: ADMIN.login, password: ADMIN.password })).token
    bFaults.corruptDownloads = true
    expect((await b.sync.syncOnce()).files).toEqual({ uploaded: 0, fetched: 0, waiting: 2 })
    await expect(b.call('consents.scan', { id: scan.id }, bToken)).rejects.toMatchObject({ code: 'NOT_FOUND', message: FILE_NOT_ARRIVED })
    await expect(b.call('cases.attachment', { id: photo.id }, bToken)).rejects.toMatchObject({ message: FILE_NOT_ARRIVED })
    bFaults.corruptDownloads = false
    expect((await b.sync.syncOnce()).files).toEqual({ uploaded: 0, fetched: 2, waiting: 0 })
    // The consent on B shows its scan, and the scan is the very file signed at desk A.
    const history = await b.call('consents.overview', { customerId: customer.customer.id }, bToken)
    expect(history.history[0]).toMatchObject({ id: consent.event.id, scan: { id: scan.id, sha256: scan.sha256 } })
    expect(Buffer.from((await b.call('consents.scan', { id: scan.id }, bToken)).contentBase64, 'base64').equals(SCAN_PDF)).toBe(true)
    expect(Buffer.from((await b.call('cases.attachment', { id: photo.id }, bToken)).contentBase64, 'base64').equals(PHOTO_JPEG)).toBe(true)

    // Later attachments arrive by the ordinary pull.
    const letter = Buffer.concat([SCAN_PDF, Buffer.from('% pismo klienta, strona 2\n')])
    const more = await a.call('cases.addAttachment', { id: complaint.id, fileName: 'pismo.pdf', contentBase64: letter.toString('base64') }, made.token)
    await a.sync.syncOnce()
    expect((await b.sync.syncOnce()).files).toMatchObject({ fetched: 1, waiting: 0 })
    expect(Buffer.from((await b.call('cases.attachment', { id: more.attachments[1].id }, bToken)).contentBase64, 'base64').equals(letter)).toBe(true)

    // A tampered upload is refused and the hub still lacks the file; an unknown file is "not yet".
    const genuine = Buffer.from('%PDF-1.4\n% oryginał\n')
    const bHttp = httpTransport(ref.url, ref.bToken)
    await expect(bHttp.uploadFile(sha256Hex(genuine), Buffer.from('%PDF-1.4\n% podróbka\n'))).rejects.toMatchObject({ body: { code: 'FILE_MISMATCH' } })
    expect(await bHttp.missingFiles([sha256Hex(genuine)])).toEqual([sha256Hex(genuine)])
    expect(await bHttp.downloadFile(sha256Hex(genuine))).toBeNull()
    // Without a desk token the hub hands out nothing.
    expect((await fetch(`${ref.url}/v1/files/${scan.sha256}`)).status).toBe(401)
  } finally {
    for (const fn of cleanup.reverse()) await fn()
  }
}
