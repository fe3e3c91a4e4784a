// Runs before every vitest file: staff passwords hashed at a test-only low scrypt cost, so that
// the hundreds of sign-ins in the suite stay fast. The production cost is tested on its own in
// tests/unit/passwords.test.ts (which switches this off).
import { useCheapPasswordHashingInTests } from '../../src-main/core/staff/passwords'

useCheapPasswordHashingInTests({ N: 2 ** 10, r: 8, p: 1 })
