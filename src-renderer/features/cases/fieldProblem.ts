// One field's message from an operation's input schema (the rules live only in shared/).
import type { z } from 'zod'

export function fieldProblem(schema: z.ZodType, input: unknown, path: string): string | null {
  const result = schema.safeParse(input)
  if (result.success) return null
  return result.error.issues.find((i) => i.path.join('.') === path)?.message ?? null
}
