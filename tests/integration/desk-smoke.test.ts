import { afterEach, describe, expect, it } from 'vitest'
import { makeSetUpDesk, type TestDesk } from '../support/desk'

let desk: TestDesk
afterEach(() => desk?.dispose())

describe('a freshly set up desk', () => {
  it('logs the admin in and reports the office', async () => {
    const made = await makeSetUpDesk()
    desk = made.desk
    const status = await desk.call('system.status', {})
    expect(status.setupDone).toBe(true)
    expect(status.officeName).toContain('Zamościu')
    const me = await desk.call('staff.me', {}, made.token)
    expect(me.staff.role).toBe('admin')
    expect(await desk.call('customers.search', { query: 'kowal', limit: 10 }, made.token)).toEqual([])
  })
})
