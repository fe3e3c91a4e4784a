// Which hub addresses a desk may use without TLS: only this PC itself (loopback). Anywhere else on
// the network the desk token would travel in clear, so plain http:// needs an explicit permission
// (a test network); the desk transport enforces it and the settings form says so next to the field.

/** True for localhost, 127.0.0.0/8 and ::1 (the hub on this very PC). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1'
}

/** Plain http:// to a hub that is not on this PC. */
export function isPlainHttpToNetwork(hubUrl: string): boolean {
  const host = /^http:\/\/(?:[^@/\s]*@)?(\[[^\]]*\]|[^:/?#\s]+)/i.exec(hubUrl.trim())?.[1]
  return host !== undefined && !isLoopbackHost(host)
}

export const INSECURE_HUB_MESSAGE =
  'Połączenie z serwerem synchronizacji bez szyfrowania (http://) jest wyłączone — użyj adresu https:// albo jawnie zezwól na http w ustawieniach synchronizacji (tylko sieć testowa)'

/** A PEM certificate (or several: a chain). */
export const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/

/** A SHA-256 fingerprint as openssl or a browser shows it: 64 hex digits, colons or spaces allowed. */
export const isSha256Fingerprint = (v: string): boolean => /^[0-9a-f]{64}$/i.test(v.replace(/[:\s]/g, ''))
