// Building blocks for declaring operations. Each domain declares its operations in
// shared/api/operations/<domain>.ts; contract.ts merges them into the one contract map.
import { z } from 'zod'
import type { Role } from './types'

/** Who may call: anyone (login screen), or a signed-in staff member with at least the given role. */
export type Access = 'public' | Role

export interface OperationDef<I extends z.ZodType = z.ZodType, O = unknown> {
  summary: string
  access: Access
  input: I
  /** Type-only marker of what the operation returns. */
  output: O
  /** Operations that change data; read-only ones may be retried freely by transports. */
  writes: boolean
}

/** Declares the output type of an operation (type-level only). */
export const returns = <O>() => undefined as unknown as O

/** Input of operations that take no parameters: an empty object, unknown keys refused. */
export const noInput = z.object({}).strict()

export { roleRank } from './roles'
