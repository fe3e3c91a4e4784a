// Joining an office from the first-start screen: a token issued for another desk is reported
// under the desk-code field (the code typed is what differs), not under the token.
import { afterEach, describe, expect, it } from 'vitest'
import { makeSetUpDesk, makeTestDesk } from '../support/desk'
import { inProcessTransport, makeSqliteHub, type Network } from '../support/sync'
import type { Hub } from '../../src-main/hub/hub'

const cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

describe('joining an office', () => {
  it('reports a desk code that does not match the token under the desk-code field', async () => {
    const network: Network = { state: new Map() }
    const ref: { hub?: Hub } = {}
    const made = await makeSetUpDesk({ syncTransport: () => inProcessTransport(() => ref.hub!, 'K1', network) })
    const h = await makeSqliteHub({ schemaVersion: made.desk.services.db.schemaVersion })
    ref.hub = h.hub
    await h.hub.addDesk('K1', 'Okienko 1')
    await h.hub.addDesk('K2', 'Okienko 2')
    cleanup.push(() => made.desk.dispose(), () => h.dispose())
    expect((await made.desk.sync.syncOnce()).errorCode).toBeNull()

    // The token in hand was issued for K2; the clerk typed K3.
    const joining = makeTestDesk({ syncTransport: () => inProcessTransport(() => ref.hub!, 'K2', network) })
    cleanup.push(() => joining.dispose())
    await expect(
      joining.call('system.joinOffice', { hubUrl: 'http://serwer:5190', deskToken: 'token-wydany-dla-K2', stationCode: 'K3', stationName: 'Okienko 3' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      field: 'stationCode',
      message: 'Kod stanowiska: token wydano dla stanowiska K2, nie K3 — wpisz kod K2 albo użyj tokenu wydanego dla K3',
    })
  })
})
