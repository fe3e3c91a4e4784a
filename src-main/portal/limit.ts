// At most `concurrency` tasks at once, at most `queue` waiting; beyond that a task is refused at
// once. The portal runs its password checks through one of these: a production scrypt hash needs
// 128 MiB (N=2^17, r=8), so a burst of logins from the internet must queue, not all run together.
import { ApiError } from '../../shared/api/errors'

export function limiter(concurrency: number, queue: number) {
  let running = 0
  const waiting: Array<() => void> = []
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (running >= concurrency) {
      if (waiting.length >= queue) throw new ApiError('UNAVAILABLE', 'Serwer jest chwilowo przeciążony — spróbuj ponownie za chwilę.')
      await new Promise<void>((resolve) => waiting.push(resolve))
    } else running++
    try {
      return await task()
    } finally {
      // The slot passes straight to the next waiting task (running stays the same), or is freed.
      const next = waiting.shift()
      if (next) next()
      else running--
    }
  }
}
