// How a desk trusts its hub: HTTPS with the certificate verified (the system's CAs, a pinned office
// CA, or the exact certificate by its SHA-256 fingerprint), and no plain http:// to a hub elsewhere
// on the network unless this desk was explicitly allowed to (the desk token would travel in clear).
// Requests go through node:https so the pin is checked during the handshake, before the token is sent.
import { Agent, request } from 'node:https'
import { Readable } from 'node:stream'
import { connect, type TLSSocket } from 'node:tls'
import { createGunzip } from 'node:zlib'
import type { Duplex } from 'node:stream'
import type { ClientRequestArgs } from 'node:http'
import { INSECURE_HUB_MESSAGE, isPlainHttpToNetwork } from '../../../shared/sync/hub-address'
import { HubRefusal } from './errors'

export interface HubTrust {
  /** PEM of the office CA (or of the hub's own self-signed certificate): only it is trusted. */
  caPem?: string | null
  /** SHA-256 fingerprint of the hub's certificate (hex, colons optional): only that certificate is trusted. */
  fingerprint?: string | null
  /** Lets this desk talk plain http:// to a hub that is not on this PC (a test network). */
  allowPlainHttp?: boolean
}

/** A fetch-like function for the transport: `fetch` for http://, node:https with the desk's trust for https://. */
export type HubFetch = (url: URL, init: { method: string; headers: Record<string, string>; body?: string | Uint8Array; signal?: AbortSignal }) => Promise<Response>

export const normalizeFingerprint = (fp: string): string => fp.replace(/[^0-9a-f]/gi, '').toUpperCase()

const untrusted = (detail: string) =>
  new HubRefusal({
    code: 'UNTRUSTED_HUB',
    message: `Certyfikat serwera synchronizacji nie jest zaufany (${detail}) — w ustawieniach synchronizacji wskaż certyfikat CA biura albo odcisk SHA-256 certyfikatu serwera`,
  })

/** Node's TLS verification codes, in a clerk's words. */
const TLS_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'certyfikat podpisany sam przez siebie',
  SELF_SIGNED_CERT_IN_CHAIN: 'wystawca certyfikatu nieznany temu stanowisku',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'wystawca certyfikatu nieznany temu stanowisku',
  UNABLE_TO_GET_ISSUER_CERT: 'wystawca certyfikatu nieznany temu stanowisku',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'wystawca certyfikatu nieznany temu stanowisku',
  CERT_SIGNATURE_FAILURE: 'nieprawidłowy podpis certyfikatu',
  CERT_HAS_EXPIRED: 'certyfikat wygasł',
  CERT_NOT_YET_VALID: 'certyfikat jeszcze nieważny',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certyfikat wystawiono dla innej nazwy serwera',
  HUB_FINGERPRINT_MISMATCH: 'odcisk certyfikatu inny niż zapisany na tym stanowisku',
}

/** A TLS verification failure as a refusal the sync screen shows; any other error as it is. */
export function trustError(err: unknown): unknown {
  const code = (err as { code?: string } | null)?.code
  return code && code in TLS_REASONS ? untrusted(TLS_REASONS[code]) : err
}

/** Trusts exactly one certificate: the handshake is checked against the pin before any byte of the request goes out. */
class PinnedAgent extends Agent {
  constructor(private readonly pin: string) {
    super({ keepAlive: true })
  }

  override createConnection(options: ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const socket: TLSSocket = connect({ ...(options as object), rejectUnauthorized: false })
    const fail = (err: Error) => callback?.(err, socket)
    socket.once('error', fail)
    socket.once('secureConnect', () => {
      socket.off('error', fail)
      const seen = socket.getPeerCertificate()?.fingerprint256 ?? ''
      if (normalizeFingerprint(seen) === this.pin) return callback?.(null, socket)
      socket.destroy()
      callback?.(Object.assign(new Error('hub certificate fingerprint mismatch'), { code: 'HUB_FINGERPRINT_MISMATCH' }), socket)
    })
    return undefined
  }
}

export function hubFetch(baseUrl: string, trust: HubTrust = {}): HubFetch {
  const base = new URL(baseUrl)
  if (base.protocol === 'http:') {
    if (!trust.allowPlainHttp && isPlainHttpToNetwork(baseUrl)) {
      const refusal = new HubRefusal({ code: 'INSECURE_HUB', message: INSECURE_HUB_MESSAGE })
      return () => Promise.reject(refusal)
    }
    return (url, init) => fetch(url, init)
  }
  const fingerprint = trust.fingerprint ? normalizeFingerprint(trust.fingerprint) : null
  const agent = fingerprint ? new PinnedAgent(fingerprint) : new Agent({ keepAlive: true, ...(trust.caPem ? { ca: trust.caPem } : {}) })
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const req = request(url, { method: init.method, headers: init.headers, agent, signal: init.signal }, (res) => {
        const headers = new Headers()
        for (const [k, v] of Object.entries(res.headers)) {
          if (v === undefined || k === 'content-encoding' || k === 'content-length') continue
          headers.set(k, Array.isArray(v) ? v.join(', ') : v)
        }
        const body = res.headers['content-encoding'] === 'gzip' ? res.pipe(createGunzip()) : res
        resolve(new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, { status: res.statusCode ?? 502, headers }))
      })
      req.on('error', (err) => reject(trustError(err)))
      req.end(init.body)
    })
}
