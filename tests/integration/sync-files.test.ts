// Files between desks (issue 9) on the embedded SQLite hub: scans and attachments follow their
// rows, tampered uploads are refused, damaged downloads never enter a desk's store. The same story
// against PostgreSQL runs in sync-model.test.ts, next to the server it already starts.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MAX_FILE_BYTES } from '../../shared/sync/protocol'
import { sha256Hex } from '../../src-main/platform/attachments/file-store'
import { hubFiles } from '../../src-main/hub/files'
import { openSqliteHubStore } from '../../src-main/hub/storage'
import { FILE_NOT_ARRIVED } from '../../src-main/core/sync/synced-file'
import { Hub } from '../../src-main/hub/hub'
import { syncedEntityFields } from '../../src-main/db/tables'
import { settings } from '../../src-main/db/schema'
import { ADMIN, makeSetUpDesk, makeTestDesk } from '../support/desk'
import { inProcessTransport, type Network } from '../support/sync'
import { fileSyncScenario, PHOTO_JPEG } from '../support/sync-files'

describe('files between desks — SQLite hub', () => {
  it('a consent scan and case attachments reach the other desk byte for byte, and only after their files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ibok-hub-files-'))
    const store = openSqliteHubStore(join(dir, 'hub.db'))
    try {
      await fileSyncScenario(store)
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it('a file the hub does not have yet is waited for, asked about less often, and fetched as soon as it arrives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ibok-hub-files-'))
    const store = openSqliteHubStore(join(dir, 'hub.db'))
    const network: Network = { state: new Map() }
    const ref: { hub?: Hub } = {}
    const { desk: a, token } = await makeSetUpDesk({ mailSender: 'manual', syncTransport: () => inProcessTransport(() => ref.hub!, 'K1', network) })
    const b = makeTestDesk({ mailSender: 'manual', syncTransport: () => inProcessTransport(() => ref.hub!, 'K2', network) })
    try {
      ref.hub = await Hub.open(store, { entityFields: syncedEntityFields, schemaVersion: a.services.db.schemaVersion })
      await ref.hub.addDesk('K1', 'Okienko 1')
      await ref.hub.addDesk('K2', 'Okienko 2')
      b.services.db.write({ staffId: null, stationCode: 'K2', operation: 'test.join' }, (tx) =>
        tx.insert(settings, { id: 'station', value: JSON.stringify({ stationCode: 'K2', stationName: 'Okienko 2' }) }),
      )
      const c = await a.call('cases.create', { type: 'failure', channel: 'phone', description: 'Wyciek przy studzience', location: 'ul. Grecka 5', callbackPhone: '601 234 567', reporterName: 'Jan Nowak', urgency: 'normal' }, token)
      const added = await a.call('cases.addAttachment', { id: c.id, fileName: 'zdjecie.jpg', contentBase64: PHOTO_JPEG.toString('base64') }, token)
      const photo = added.attachments[0]
      await a.sync.syncOnce()
      // The hub lost the file (e.g. restored from an older backup): the row is there, the bytes not.
      await store.transaction((tx) => tx.query('DELETE FROM files'))
      await b.sync.resetFromSnapshot()
      const bToken = (await b.call('staff.login', { login: ADMIN.login, password: ADMIN.password })).token
      expect((await b.sync.syncOnce()).files).toMatchObject({ fetched: 0, waiting: 1 })
      await hubFiles(store).put('K1', photo.sha256, PHOTO_JPEG)
      // Asked about again only after a pause...
      expect((await b.sync.syncOnce()).files).toMatchObject({ fetched: 0, waiting: 1 })
      // ...unless a clerk wants to see it: then the very next round fetches it.
      await expect(b.call('cases.attachment', { id: photo.id }, bToken)).rejects.toMatchObject({ message: FILE_NOT_ARRIVED })
      expect((await b.sync.syncOnce()).files).toMatchObject({ fetched: 1, waiting: 0 })
      expect(Buffer.from((await b.call('cases.attachment', { id: photo.id }, bToken)).contentBase64, 'base64').equals(PHOTO_JPEG)).toBe(true)
    } finally {
      a.dispose()
      b.dispose()
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it('the hub keeps each file once, checks it against its address and refuses oversized files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ibok-hub-files-'))
    const store = openSqliteHubStore(join(dir, 'hub.db'))
    try {
      const files = hubFiles(store)
      const data = Buffer.from('%PDF-1.4\n% skan\n')
      const sha = sha256Hex(data)
      expect(await files.put('K1', sha, data)).toEqual({ stored: true })
      expect(await files.put('K2', sha, data)).toEqual({ stored: false })
      expect((await files.get(sha))!.equals(data)).toBe(true)
      await expect(files.put('K1', sha256Hex('inny'), data)).rejects.toMatchObject({ code: 'FILE_MISMATCH' })
      const big = Buffer.alloc(MAX_FILE_BYTES + 1)
      await expect(files.put('K1', sha256Hex(big), big)).rejects.toMatchObject({ code: 'FILE_TOO_LARGE' })
      expect(await files.missing([sha, sha256Hex(big)])).toEqual([sha256Hex(big)])
      await expect(files.missing(['../../etc/passwd'])).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
