// Imported first by main.ts: zod 4 decides at schema construction whether to compile parsers
// with `new Function`, which our CSP (no 'unsafe-eval') forbids and reports as a violation.
import { z } from 'zod'

z.config({ jitless: true })
