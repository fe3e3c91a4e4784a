// Runs before every vitest file: staff passwords hashed at a test-only low scrypt cost, so that
// the hundreds of sign-ins in the suite stay fast. The production cost is tested on its own in
// tests/unit/passwords.test.ts (which switches this off).
import { useCheapPasswordHashingInTests } from '../../src-main/core/staff/passwords'

useCheapPasswordHashingInTests({ N: 2 ** 10, r: 8, p: 1 })

// Every desk the tests open (in this process and in the child processes they start) keeps its
// connection query_only outside DeskDb's transactions: a write behind the write path fails with
// SQLITE_READONLY anywhere in the suite (src-main/db/write.ts, tests/integration/write-path.test.ts).
process.env.IBOK_WRITE_GUARD = '1'
