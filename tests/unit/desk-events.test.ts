// The desk's event bus (src-main/platform/events.ts): changes are gathered into one read of the
// value, an unchanged value is not sent again, nothing is read while nobody listens, and a failing
// read is logged without stopping the other events.
import { afterEach, expect, it, vi } from 'vitest'
import { DeskEvents } from '../../src-main/platform/events'

afterEach(() => vi.useRealTimers())

it('gathers a burst of changes into one read and sends only a value that differs from the last', async () => {
  vi.useFakeTimers()
  let queued = 1
  const produce = vi.fn((name: string) => (name === 'sync.status' ? { queued } : { queued: 0, failed: 0 }))
  const bus = new DeskEvents(() => {}, 100)
  bus.produceWith(produce)
  const heard: unknown[] = []
  bus.listen((name, payload) => heard.push([name, payload]))

  for (let i = 0; i < 50; i++) bus.changed('sync.status') // e.g. an import committing row after row
  bus.changed('mail.status')
  await vi.advanceTimersByTimeAsync(99)
  expect(produce).not.toHaveBeenCalled()
  await vi.advanceTimersByTimeAsync(1)
  expect(produce.mock.calls).toEqual([['sync.status'], ['mail.status']])
  expect(heard).toEqual([
    ['sync.status', { queued: 1 }],
    ['mail.status', { queued: 0, failed: 0 }],
  ])

  bus.changed('sync.status') // nothing new behind it
  await vi.advanceTimersByTimeAsync(100)
  queued = 2
  bus.changed('sync.status')
  await vi.advanceTimersByTimeAsync(100)
  expect(heard.slice(2)).toEqual([['sync.status', { queued: 2 }]])
})

it('reads nothing while nobody listens, and a new listener after none gets the next value even if unchanged', async () => {
  const produce = vi.fn(() => ({ done: 1 }))
  const bus = new DeskEvents(() => {}, 0)
  bus.produceWith(produce)
  bus.changed('billing.progress')
  await bus.flush()
  expect(produce).not.toHaveBeenCalled()

  const first = vi.fn()
  const stop = bus.listen(first)
  bus.changed('billing.progress')
  await bus.flush()
  expect(first).toHaveBeenCalledWith('billing.progress', { done: 1 })
  stop()
  const second = vi.fn()
  bus.listen(second)
  bus.changed('billing.progress')
  await bus.flush()
  expect(second).toHaveBeenCalledWith('billing.progress', { done: 1 })
})

it('logs a failing read and still sends the other events', async () => {
  const log = vi.fn()
  const bus = new DeskEvents(log, 0)
  bus.produceWith((name) => {
    if (name === 'sync.status') throw new Error('database is locked')
    return { queued: 0 }
  })
  const heard = vi.fn()
  bus.listen(heard)
  bus.changed('sync.status')
  bus.changed('mail.status')
  await bus.flush()
  expect(log).toHaveBeenCalledWith(expect.objectContaining({ message: 'database is locked' }))
  expect(heard.mock.calls).toEqual([['mail.status', { queued: 0 }]])
})
