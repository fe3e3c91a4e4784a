// How a call to the hub fails: refused by the hub, or the hub not reached at all.
import type { SyncErrorBody } from '../../../shared/sync/protocol'

/** A refusal from the hub (versions, clock, auth) — as opposed to the network being down. */
export class HubRefusal extends Error {
  constructor(readonly body: SyncErrorBody) {
    super(body.message)
  }
}

export class HubUnreachable extends Error {}
