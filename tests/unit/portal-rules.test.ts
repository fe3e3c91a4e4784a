// The portal's login rule and initial passwords (shared/domain/portal.ts).
import { randomInt } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatCustomerNo } from '../../shared/domain/accounts'
import { FIRST_CUSTOMER_NO } from '../../src-main/core/system/demo/generator'
import { CUSTOMER_NO_EXAMPLES, PORTAL_LOGIN_RULE, INITIAL_PASSWORD_LENGTH, isInitialPassword, makeInitialPassword, PASSWORD_ALPHABET, PASSWORD_CHARS, portalLogin } from '../../shared/domain/portal'

describe('login rule', () => {
  it('gives examples shaped like real customer numbers: the register\'s six digits and a desk\'s K1-000123', () => {
    const examples = CUSTOMER_NO_EXAMPLES.replace(/^np\.\s*/, '').split(/\s+albo\s+/)
    expect(examples.some((e) => e.length === String(FIRST_CUSTOMER_NO).length && /^\d+$/.test(e))).toBe(true)
    expect(examples).toContain(formatCustomerNo('K1', 123))
    expect(PORTAL_LOGIN_RULE).toContain(CUSTOMER_NO_EXAMPLES)
  })

  it('is the customer number, trimmed and in capitals', () => {
    expect(portalLogin(' k1-000123 ')).toBe('K1-000123')
    expect(portalLogin('K1-000123')).toBe('K1-000123')
  })
})

describe('initial passwords', () => {
  it('use no characters that can be mistaken for one another', () => {
    for (const group of ['0Oo', '1lIi', '2Zz', '5Ss', '6G', '8Bb', '9gq', 'uv', 'cC', 'jJ', 'kK', 'pP', 'wW', 'xX', 'yY']) {
      expect([...group].filter((ch) => PASSWORD_CHARS.includes(ch)).length, group).toBeLessThanOrEqual(1)
    }
    expect(new Set(PASSWORD_CHARS).size).toBe(PASSWORD_CHARS.length)
  })

  it('always have the length and all three kinds of character, whatever the random source gives', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 200 }), (draws) => {
        let i = 0
        // A hostile source: arbitrary values, cycling; the generator must still finish and be valid.
        const password = makeInitialPassword((n) => {
          const v = draws[i++ % draws.length] % n
          if (i > 10_000) return (i * 7) % n
          return v
        })
        expect(isInitialPassword(password)).toBe(true)
      }),
      { numRuns: 200 },
    )
  })

  it('from the CSPRNG: well-formed and not repeating', () => {
    const seen = new Set<string>()
    for (let k = 0; k < 500; k++) {
      const p = makeInitialPassword((n) => randomInt(n))
      expect(p).toHaveLength(INITIAL_PASSWORD_LENGTH)
      expect(isInitialPassword(p)).toBe(true)
      seen.add(p)
    }
    expect(seen.size).toBe(500)
  })

  it('refuses malformed ones', () => {
    expect(isInitialPassword('aaaaaaaaaaaa')).toBe(false) // one kind only
    expect(isInitialPassword('aD3aD3aD3aD3x')).toBe(false) // too long
    expect(isInitialPassword('aD3aD3aD3aD0')).toBe(false) // 0 is ambiguous
    expect(isInitialPassword(PASSWORD_ALPHABET.lower.slice(0, 10) + 'A3')).toBe(true)
  })
})
