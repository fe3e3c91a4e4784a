// The portal's limiter for password hashing: never more than `concurrency` at once, a bounded
// queue, refusals as a Polish UNAVAILABLE answer, and a failing task frees its slot.
import { describe, expect, it } from 'vitest'
import { limiter } from '../../src-main/portal/limit'

const gate = () => {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { open, opened }
}

describe('limiter', () => {
  it('runs at most two at once, queues the rest in order, refuses beyond the queue', async () => {
    const run = limiter(2, 2)
    let active = 0
    let most = 0
    const order: number[] = []
    const gates = [gate(), gate(), gate(), gate()]
    const task = (i: number) => () =>
      (async () => {
        active++
        most = Math.max(most, active)
        order.push(i)
        await gates[i].opened
        active--
        return i
      })()
    const results = [0, 1, 2, 3].map((i) => run(task(i)))
    await expect(run(async () => 99)).rejects.toMatchObject({ code: 'UNAVAILABLE', message: 'Serwer jest chwilowo przeciążony — spróbuj ponownie za chwilę.' })
    await Promise.resolve()
    expect(order).toEqual([0, 1])
    gates[1].open()
    gates[0].open()
    gates[2].open()
    gates[3].open()
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3])
    expect(most).toBe(2)
    expect(order).toEqual([0, 1, 2, 3])
  })

  it('a failing task frees its slot', async () => {
    const run = limiter(1, 5)
    await expect(run(async () => Promise.reject(new Error('x')))).rejects.toThrow('x')
    expect(await run(async () => 'dalej')).toBe('dalej')
  })
})
