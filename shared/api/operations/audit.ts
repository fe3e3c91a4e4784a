// Operations: The change history (audit log).
import { z } from 'zod'
import * as f from '../../validation/fields'
import type * as T from '../types'
import { returns, type OperationDef } from '../define'

export const auditOperations = {
  'audit.forEntity': {
    summary: 'Historia zmian rekordu',
    access: 'supervisor',
    input: z.object({ entity: f.requiredText('Rodzaj rekordu', 40), entityId: f.uuid('Rekord') }),
    output: returns<T.AuditEntry[]>(),
    writes: false,
  },
} satisfies Record<string, OperationDef>
