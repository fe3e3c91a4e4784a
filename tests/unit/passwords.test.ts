// Staff password hashes at the production cost (the rest of the suite runs a cheap one, see
// tests/support/vitest-setup.ts): OWASP's scrypt guidance, N=2^17, r=8, p=1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { currentScryptParams, hashPassword, needsRehash, PRODUCTION_SCRYPT, useCheapPasswordHashingInTests, verifyPassword } from '../../src-main/core/staff/passwords'

beforeAll(() => useCheapPasswordHashingInTests(null))
afterAll(() => useCheapPasswordHashingInTests({ N: 2 ** 10, r: 8, p: 1 }))

describe('staff password hashes', () => {
  it('uses scrypt N=2^17, r=8, p=1 by default (needs 128 MiB: maxmem is raised for it) and verifies', async () => {
    expect(currentScryptParams()).toEqual({ N: 131072, r: 8, p: 1 })
    expect(PRODUCTION_SCRYPT).toEqual({ N: 131072, r: 8, p: 1 })
    const started = performance.now()
    const stored = await hashPassword('Zażółć-gęślą-2026')
    const ms = performance.now() - started
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/)
    expect(await verifyPassword('Zażółć-gęślą-2026', stored)).toBe(true)
    // The same text typed in decomposed form (NFD) is the same password.
    expect(await verifyPassword('Zażółć-gęślą-2026'.normalize('NFD'), stored)).toBe(true)
    expect(await verifyPassword('Zażółć-gęślą-2027', stored)).toBe(false)
    expect(needsRehash(stored)).toBe(false)
    console.log(`scrypt N=2^17 hash: ${ms.toFixed(0)} ms`)
  })

  it('still verifies a hash made at the old cost (N=2^14) and marks it for rehashing', async () => {
    const old = await hashPassword('Stare-haslo-2024', { N: 2 ** 14, r: 8, p: 1 })
    expect(old.startsWith('scrypt$16384$8$1$')).toBe(true)
    expect(await verifyPassword('Stare-haslo-2024', old)).toBe(true)
    expect(needsRehash(old)).toBe(true)
  })

  it('refuses a stored hash that asks for an absurd cost or is malformed, without trying it', async () => {
    const good = await hashPassword('Haslo-2026', { N: 2 ** 10, r: 8, p: 1 })
    const [, , , , salt, hash] = good.split('$')
    for (const bad of [`scrypt$1073741824$8$1$${salt}$${hash}`, `scrypt$1000$8$1$${salt}$${hash}`, `scrypt$1024$8$1$${salt}$`, 'bcrypt$x', '']) {
      expect(await verifyPassword('Haslo-2026', bad), bad).toBe(false)
      expect(needsRehash(bad)).toBe(true)
    }
  })
})
