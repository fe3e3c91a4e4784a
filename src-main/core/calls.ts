// What an operation handler receives and returns. The desk's dispatcher (desk/dispatcher.ts) builds
// the call after validation and role checks; the domains declare their handlers against these
// types, so nothing in core imports the desk's wiring.
import type { OperationName, OutputOf, ParsedInputOf } from '../../shared/api/contract'
import type { StaffSession } from './staff/sessions'

export interface CallContext {
  /** The signed-in staff session; null only for public operations. */
  session: StaffSession | null
  /**
   * Where the call comes from, as the transport names it; failed sign-ins are throttled per
   * login and per source (staff/throttle.ts). One desk is one source unless its transport says more.
   */
  source: string
}

export type Handler<N extends OperationName> = (input: ParsedInputOf<N>, call: CallContext) => OutputOf<N> | Promise<OutputOf<N>>
export type Handlers = { [N in OperationName]: Handler<N> }
/** The handlers of one domain, e.g. HandlersOf<'customers'> for every "customers.*" operation. */
export type HandlersOf<D extends string> = { [N in OperationName as N extends `${D}.${string}` ? N : never]: Handler<N> }
/** Handlers for named operations: a domain serving operations declared under another's name (rodo, imports). */
export type HandlersFor<N extends OperationName> = { [K in N]: Handler<K> }

/** Sessions exist for every non-public operation; the dispatcher guarantees it. */
export const staffOf = (call: CallContext): StaffSession => call.session!
