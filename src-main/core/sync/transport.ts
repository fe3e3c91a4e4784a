// How a desk reaches the hub. HTTP in production; tests plug an in-process hub with faults.
import type { HelloRequest, HelloResponse, PullResponse, PushRequest, PushResponse, SnapshotPage, SyncErrorBody } from '../../../shared/sync/protocol'

export interface HubTransport {
  hello(req: HelloRequest): Promise<HelloResponse>
  push(req: PushRequest): Promise<PushResponse>
  pull(cursor: number, limit?: number): Promise<PullResponse>
  snapshot(cursor: number | null, after: string | null): Promise<SnapshotPage>
}

/** A refusal from the hub (versions, clock, auth) — as opposed to the network being down. */
export class HubRefusal extends Error {
  constructor(readonly body: SyncErrorBody) {
    super(body.message)
  }
}

export class HubUnreachable extends Error {}

export function httpTransport(baseUrl: string, deskToken: string, timeoutMs = 15_000): HubTransport {
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    let res: Response
    try {
      res = await fetch(new URL(path, baseUrl), {
        method,
        headers: { authorization: `Bearer ${deskToken}`, 'content-type': 'application/json', 'accept-encoding': 'gzip' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (err) {
      throw new HubUnreachable(`Serwer synchronizacji nieosiągalny: ${(err as Error).message}`)
    }
    const json = (await res.json().catch(() => null)) as unknown
    if (!res.ok) {
      const refusal = json as SyncErrorBody | null
      if (refusal?.code) throw new HubRefusal(refusal)
      throw new HubUnreachable(`Serwer synchronizacji odpowiedział ${res.status}`)
    }
    return json as T
  }
  return {
    hello: (req) => call('POST', '/v1/sync/hello', req),
    push: (req) => call('POST', '/v1/sync/push', req),
    pull: (cursor, limit = 500) => call('GET', `/v1/sync/pull?cursor=${cursor}&limit=${limit}`),
    snapshot: (cursor, after) =>
      call('GET', `/v1/sync/snapshot?${new URLSearchParams({ ...(cursor !== null ? { cursor: String(cursor) } : {}), ...(after ? { after } : {}) })}`),
  }
}
