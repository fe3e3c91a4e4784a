// Which hub addresses a desk may reach without TLS (shared/sync/hub-address.ts): only this PC.
import { describe, expect, it } from 'vitest'
import { isPlainHttpToNetwork, isSha256Fingerprint } from '../../shared/sync/hub-address'

describe('plain http to the hub', () => {
  it('is fine on this PC only', () => {
    for (const url of ['http://127.0.0.1:5190', 'http://localhost:5190', 'http://[::1]:5190', 'http://127.8.9.10', 'https://serwer:5190', 'https://192.168.1.10:5190']) {
      expect(isPlainHttpToNetwork(url), url).toBe(false)
    }
    for (const url of ['http://serwer:5190', 'HTTP://192.168.1.10:5190', 'http://0.0.0.0:9', 'http://127.0.0.1.example.com', 'http://user@10.0.0.1/']) {
      expect(isPlainHttpToNetwork(url), url).toBe(true)
    }
  })

  it('a certificate fingerprint is 64 hex digits, as openssl or a browser prints it', () => {
    expect(isSha256Fingerprint('3A:7F:' + '00:'.repeat(28) + 'AB:CD')).toBe(true)
    expect(isSha256Fingerprint('ab'.repeat(32))).toBe(true)
    expect(isSha256Fingerprint('ab'.repeat(20))).toBe(false)
    expect(isSha256Fingerprint('zz'.repeat(32))).toBe(false)
  })
})
