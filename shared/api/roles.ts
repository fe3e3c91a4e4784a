// Role order, without zod: the renderer's entry (session store, login screen) needs it before any
// operation's schema is loaded.
import type { Role } from './types'

export const roleRank: Record<Role, number> = { clerk: 1, supervisor: 2, admin: 3 }
