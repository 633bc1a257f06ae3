/**
 * Router-internal procedures: handlers that run inside the router process and answer CALLs
 * without a callee session (the meta API uses them; so can an embedding application).
 * @module
 */
import { WampError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import { MessageType } from '../protocol/message-type.js';
import type { CallMessage, ErrorMessage, ResultMessage, WampDict, WampList } from '../protocol/messages.js';

/** Who called a router-internal procedure, and what. */
export interface InternalCallDetails {
  /** The caller's session id. */
  readonly caller: number;
  /** The caller's authid. */
  readonly caller_authid: string;
  /** The caller's authrole. */
  readonly caller_authrole: string;
  /** The procedure URI called. */
  readonly procedure: string;
}

/** What a router-internal procedure returns: the RESULT's positional and keyword payload. */
export interface InternalCallResult {
  /** `RESULT.Arguments` */
  readonly args?: WampList;
  /** `RESULT.ArgumentsKw` */
  readonly kwargs?: WampDict;
}

/**
 * A router-internal procedure. Return (or resolve) the result, or throw a `WampError` to send
 * an ERROR with its URI, args and kwargs; anything else thrown becomes
 * `wamp.error.runtime_error`.
 *
 * @example
 * ```ts
 * router.realm('realm1').registerInternal('com.example.add', ([a, b]) => ({ args: [Number(a) + Number(b)] }));
 * ```
 */
export type InternalProcedure = (
  args: WampList,
  kwargs: WampDict,
  details: InternalCallDetails,
) => InternalCallResult | void | Promise<InternalCallResult | void>;

/**
 * Runs an internal procedure for a CALL and builds the reply.
 * @internal
 */
export async function runInternal(
  handler: InternalProcedure,
  call: CallMessage,
  details: InternalCallDetails,
): Promise<ResultMessage | ErrorMessage> {
  try {
    const r = await handler(call.args ?? [], call.kwargs ?? {}, details);
    const m: ResultMessage = { type: MessageType.RESULT, requestId: call.requestId, details: {} };
    if (r) {
      if (r.args !== undefined) m.args = r.args;
      if (r.kwargs !== undefined) m.kwargs = r.kwargs;
    }
    return m;
  } catch (e) {
    const err = e instanceof WampError ? e : new WampError(ErrorUri.RUNTIME_ERROR, { args: [e instanceof Error ? e.message : String(e)] });
    const m: ErrorMessage = {
      type: MessageType.ERROR, requestType: MessageType.CALL, requestId: call.requestId, details: {}, error: err.uri,
    };
    if (err.args.length > 0) m.args = err.args;
    if (Object.keys(err.kwargs).length > 0) m.kwargs = err.kwargs;
    return m;
  }
}
