// A set-up desk whose handlers are wrapped so a test can see which ones ran, behind the real
// dispatcher, and optionally the real HTTP adapter on 127.0.0.1.
import type { AddressInfo } from 'node:net'
import { operationNames, type OperationName } from '../../shared/api/contract'
import { createDispatcher, type Dispatch, type Handler, type Handlers } from '../../src-main/desk/dispatcher'
import { createHandlers } from '../../src-main/desk/handlers'
import type { DeskOptions } from '../../src-main/desk/desk'
import { createHttpApi, SESSION_HEADER } from '../../src-main/server/http-api'
import { makeSetUpDesk, type TestDesk } from './desk'

export interface SpyDesk {
  desk: TestDesk
  /** The admin's session token. */
  token: string
  /** The real dispatcher over the wrapped handlers. */
  dispatch: Dispatch
  /** Names of the operations whose handler ran, in order. */
  handled: OperationName[]
}

export async function makeSpyDesk(options: Partial<DeskOptions> = {}): Promise<SpyDesk> {
  const { desk, token } = await makeSetUpDesk(options)
  const handled: OperationName[] = []
  const real = createHandlers(desk.services) as Partial<Record<OperationName, Handler<OperationName>>>
  // Wrap every operation of the contract, also one whose handler is not written yet.
  const wrapped = Object.fromEntries(
    operationNames.map((name) => [
      name,
      (input: never, call: never) => {
        handled.push(name)
        const handler = real[name]
        if (!handler) throw new Error(`no handler for ${name}`)
        return handler(input, call)
      },
    ]),
  ) as unknown as Handlers
  return { desk, token, dispatch: createDispatcher(desk.services, wrapped, () => {}), handled }
}

export interface HttpClient {
  baseUrl: string
  apiToken: string
  /** POST /api/<op> with a raw body (a string is sent as is, anything else as JSON). */
  post(op: string, body: unknown, opts?: { session?: string | null; raw?: boolean }): Promise<{ status: number; body: any }>
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: any }>
  close(): Promise<void>
}

export async function startHttp(dispatch: Dispatch, apiToken = 'test-token-0123456789'): Promise<HttpClient> {
  const server = createHttpApi({ dispatch, token: apiToken })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const baseUrl = `http://127.0.0.1:${port}`
  const parse = async (res: Response) => {
    const text = await res.text()
    let body: unknown = text
    try {
      body = JSON.parse(text)
    } catch {
      // leave as text: the test will say what came back
    }
    return { status: res.status, body }
  }
  return {
    baseUrl,
    apiToken,
    async post(op, body, opts = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' }
      if (opts.session) headers[SESSION_HEADER] = opts.session
      const res = await fetch(`${baseUrl}/api/${op}`, { method: 'POST', headers, body: opts.raw ? String(body) : JSON.stringify(body) })
      return parse(res)
    },
    async get(path, headers = {}) {
      return parse(await fetch(`${baseUrl}${path}`, { headers }))
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  }
}

/**
 * Polish, not zod's English defaults: the message is shown to office staff as it is. No English
 * wording, and either Polish letters or words, or the "Label: problem" shape the field helpers use.
 */
export function looksPolish(message: unknown): boolean {
  if (typeof message !== 'string' || message.trim() === '') return false
  if (/\b(invalid|expected|received|required|unrecognized|unknown|must|should|too (small|big)|the|is|input)\b/i.test(message)) return false
  return (
    /[ąćęłńóśźż]/i.test(message) ||
    /\b(pole|podaj|wybierz|albo|lub|nie|jest|musi|oczekiwano|niepoprawn\w*|nieprawidłow\w*|niedozwolon\w*|niezna\w*|dane|brak|liczb\w*|znak\w*|tak)\b/i.test(message) ||
    /^\p{Lu}[^:]{0,60}: \S/u.test(message)
  )
}
