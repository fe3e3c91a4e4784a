// Transport security (issue 14): the hub speaks HTTPS with its certificate files; a desk verifies
// the certificate against the office CA it pinned (or the certificate's SHA-256 fingerprint), and
// an untrusted hub shows as a plain-Polish sync error, never a 500. Plain http:// is refused to a
// hub elsewhere on the network unless the desk was explicitly allowed.
// The CA and the hub's certificate are made here with openssl, fresh for each run.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { X509Certificate } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSyncLoop } from '../../src-main/core/sync/loop'
import { httpTransport } from '../../src-main/platform/hub-client/transport'
import { liveOffice } from '../support/live-office'

const cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

const dir = mkdtempSync(join(tmpdir(), 'ibok-tls-'))
const file = (name: string) => join(dir, name)
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
/** A CA (office or stranger) and, signed by the office CA, the hub's certificate for 127.0.0.1. */
function makeCa(name: string): void {
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', file(`${name}.key`), '-out', file(`${name}.crt`), '-days', '2', '-subj', `/CN=${name}`)
}
let pki: { ca: string; stranger: string; cert: string; key: string; fingerprint: string }
beforeAll(() => {
  makeCa('biuro-ca')
  makeCa('obcy-ca')
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', file('hub.key'), '-out', file('hub.csr'), '-subj', '/CN=serwer-ibok')
  writeFileSync(file('hub.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n')
  openssl('x509', '-req', '-in', file('hub.csr'), '-CA', file('biuro-ca.crt'), '-CAkey', file('biuro-ca.key'), '-CAcreateserial', '-out', file('hub.crt'), '-days', '2', '-extfile', file('hub.ext'))
  const cert = readFileSync(file('hub.crt'), 'utf8')
  pki = { ca: readFileSync(file('biuro-ca.crt'), 'utf8'), stranger: readFileSync(file('obcy-ca.crt'), 'utf8'), cert, key: readFileSync(file('hub.key'), 'utf8'), fingerprint: new X509Certificate(cert).fingerprint256 }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const person = {
  kind: 'person' as const,
  firstName: 'Michał',
  lastName: 'Kozłowski',
  email: null,
  phone: '600 000 001',
  correspondenceAddress: { street: 'Grecka', houseNo: '5', postalCode: '22-400', city: 'Zamość' },
}

async function tlsOffice() {
  const office = await liveOffice({ server: { tls: { cert: pki.cert, key: pki.key } }, aFromSettings: true, trustB: { caPem: pki.ca } })
  cleanup.push(() => office.dispose())
  return office
}

describe('a hub over HTTPS', () => {
  it('a desk with the office CA pinned syncs, and changes flow live to a second desk over TLS', { timeout: 60_000 }, async () => {
    const { a, b, aToken, url, aDeskToken, joinB } = await tlsOffice()
    expect(url()).toMatch(/^https:/)
    const status = await a.call('sync.configure', { hubUrl: url(), deskToken: aDeskToken!, hubCa: pki.ca }, aToken)
    expect(status).toMatchObject({ phase: 'online', lastError: null })
    const bToken = await joinB()
    cleanup.push(startSyncLoop(a.services.db, a.sync, 60_000, () => {}), startSyncLoop(b.services.db, b.sync, 60_000, () => {}))
    await new Promise((r) => setTimeout(r, 1500))
    const c = await a.call('customers.create', person, aToken)
    const until = Date.now() + 15_000
    while (!(await b.call('customers.search', { query: 'Kozłowski', limit: 5 }, bToken)).some((h) => h.id === c.id)) {
      if (Date.now() > until) throw new Error('the customer did not reach desk B over TLS')
      await new Promise((r) => setTimeout(r, 50))
    }
  })

  it('a desk without the office CA gets a plain-Polish sync error, not a 500; pinning the CA then fixes it', async () => {
    const { a, aToken, url, aDeskToken } = await tlsOffice()
    const configured = await a.dispatch('sync.configure', { hubUrl: url(), deskToken: aDeskToken! }, aToken)
    expect(configured.ok).toBe(true)
    const status = await a.call('sync.syncNow', {}, aToken)
    expect(status).toMatchObject({ phase: 'error', lastErrorCode: 'UNTRUSTED_HUB' })
    expect(status.lastError).toMatch(/^Certyfikat serwera synchronizacji nie jest zaufany \(wystawca certyfikatu nieznany temu stanowisku\)/)
    expect((await a.call('sync.status', {}, aToken)).phase).toBe('error')
    // The admin pins the office CA on the sync screen: the same desk now syncs.
    expect(await a.call('sync.configure', { hubUrl: url(), deskToken: aDeskToken!, hubCa: pki.ca }, aToken)).toMatchObject({ phase: 'online', lastErrorCode: null })
    // An address change alone keeps the pin.
    expect(await a.call('sync.configure', { hubUrl: url().replace('127.0.0.1', 'localhost'), deskToken: aDeskToken! }, aToken)).toMatchObject({ phase: 'online' })
  })

  it('a wrong pin is refused: another CA, another certificate fingerprint; the right fingerprint is accepted', async () => {
    const { url, bDeskToken, server } = await tlsOffice()
    // The pin is checked in the handshake: a refused hub never sees a request (nor the desk token).
    let requests = 0
    server.on('request', () => requests++)
    const hello = { protocol: 1, schemaVersion: 0, deskId: 'K2' }
    const refusal = (trust: Parameters<typeof httpTransport>[3]) => httpTransport(url(), bDeskToken!, 5_000, trust).hello(hello)
    await expect(refusal({ caPem: pki.stranger })).rejects.toMatchObject({ body: { code: 'UNTRUSTED_HUB' } })
    const wrongPrint = new X509Certificate(pki.stranger).fingerprint256
    await expect(refusal({ fingerprint: wrongPrint })).rejects.toMatchObject({
      body: { code: 'UNTRUSTED_HUB', message: expect.stringContaining('odcisk certyfikatu inny niż zapisany') },
    })
    expect(requests).toBe(0)
    // The right fingerprint reaches the hub (which then judges the versions: a hub answer, not a TLS failure).
    await expect(refusal({ fingerprint: pki.fingerprint.toLowerCase().replace(/:/g, '') })).rejects.toMatchObject({ body: { code: 'CLIENT_TOO_OLD' } })
  })
})

describe('plain http', () => {
  it('is refused to a hub elsewhere on the network unless allowed, both in the form and in the transport', async () => {
    const { a, aToken, aDeskToken } = await liveOffice({ aFromSettings: true }).then((o) => (cleanup.push(() => o.dispose()), o))
    const refused = await a.dispatch('sync.configure', { hubUrl: 'http://192.0.2.10:5190', deskToken: aDeskToken! }, aToken)
    expect(refused.ok || refused.error).toMatchObject({ code: 'VALIDATION', field: 'hubUrl', message: expect.stringContaining('bez szyfrowania (http://) jest wyłączone') })
    await expect(httpTransport('http://192.0.2.10:5190', 'token').hello({ protocol: 1, schemaVersion: 1, deskId: 'K1' })).rejects.toMatchObject({ body: { code: 'INSECURE_HUB' } })
    // Explicitly allowed (a test network): the desk tries, and an address where no hub listens is just "offline".
    const allowed = await a.call('sync.configure', { hubUrl: 'http://0.0.0.0:9', deskToken: aDeskToken!, allowPlainHttp: true }, aToken)
    expect(allowed.lastErrorCode).toBe('OFFLINE')
  })
})
