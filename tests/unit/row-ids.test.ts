// Row ids (db/context.ts newId): UUIDv7 from a pooled random buffer. They must stay what the sync
// protocol and the audit order rely on: valid v7, unique, and in creation order within a process
// (ties of the same millisecond are ordered by id), across refills of the pool.
import { describe, expect, it } from 'vitest'
import { newId } from '../../src-main/db/context'

describe('newId', () => {
  it('gives valid, unique UUIDv7 in creation order, across many refills of the random pool', () => {
    const ids = Array.from({ length: 20_000 }, () => newId())
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual(ids)
    // The random tail differs id to id (not the same 16 bytes reused).
    expect(new Set(ids.map((id) => id.slice(-12))).size).toBe(ids.length)
  })

  it('carries the time it was made in its first 48 bits', () => {
    const before = Date.now()
    const id = newId()
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16)
    expect(ms).toBeGreaterThanOrEqual(before)
    expect(ms).toBeLessThanOrEqual(Date.now() + 1)
  })
})
