// Staff (and portal) passwords: scrypt with a random salt, stored as "scrypt$N$r$p$salt$hash".
// The cost follows current OWASP guidance for scrypt (N=2^17, r=8, p=1); a hash made with other
// parameters still verifies, and the staff service replaces it on the next successful login.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'

export interface ScryptParams {
  N: number
  r: number
  p: number
}

/** What every new hash uses in the app. */
export const PRODUCTION_SCRYPT: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 17, r: 8, p: 1 })

let current: Readonly<ScryptParams> = PRODUCTION_SCRYPT

/**
 * Tests only: a cheaper cost so that hundreds of logins stay fast (tests/support/vitest-setup.ts).
 * The production parameters are tested on their own (tests/unit/passwords.test.ts).
 */
export function useCheapPasswordHashingInTests(params: ScryptParams | null): void {
  current = params ?? PRODUCTION_SCRYPT
}

export const currentScryptParams = (): Readonly<ScryptParams> => current

const KEY_LENGTH = 32
/** Stored parameters come from the database (and other desks): never let one ask for gigabytes. */
const MAX_N = 2 ** 20

// scrypt needs 128·N·r bytes; Node refuses above maxmem (32 MiB by default), so allow twice that.
const scrypt = (password: string, salt: Buffer, keylen: number, { N, r, p }: ScryptParams) =>
  new Promise<Buffer>((resolve, reject) => {
    const options: ScryptOptions = { N, r, p, maxmem: 128 * N * r * 2 }
    scryptCb(password.normalize('NFC'), salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)))
  })

export async function hashPassword(password: string, params: ScryptParams = current): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, KEY_LENGTH, params)
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$')
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | null {
  const [algo, n, r, p, salt, hash] = stored.split('$')
  const params = { N: Number(n), r: Number(r), p: Number(p) }
  const sane =
    algo === 'scrypt' &&
    !!salt &&
    !!hash &&
    Number.isInteger(Math.log2(params.N)) &&
    params.N > 1 &&
    params.N <= MAX_N &&
    Number.isInteger(params.r) &&
    params.r >= 1 &&
    params.r <= 32 &&
    Number.isInteger(params.p) &&
    params.p >= 1 &&
    params.p <= 16
  return sane ? { params, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') } : null
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored)
  if (!parsed || parsed.hash.length === 0) return false
  const key = await scrypt(password, parsed.salt, parsed.hash.length, parsed.params)
  return timingSafeEqual(key, parsed.hash)
}

/** A hash made with other parameters than the current ones: to be replaced after a successful login. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored)
  return !parsed || parsed.params.N !== current.N || parsed.params.r !== current.r || parsed.params.p !== current.p
}

let dummy: Promise<string> | undefined
/**
 * Spends what checking a real password costs, for a login that does not exist (or may not sign
 * in): the answer's timing must not tell whether the login exists.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  const params = current
  dummy ??= hashPassword('nieistniejące konto', params)
  const stored = await dummy
  if (needsRehash(stored)) dummy = undefined
  await verifyPassword(password, stored)
  return false
}
