/**
 * The narrow port a role gets from its session (CONVENTIONS.md 6): never the session itself.
 * @internal
 * @module
 */
import { UsageError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import type { WampMessage } from '../protocol/messages.js';
import type { LazyRoles } from '../session/roles.js';
import { uriProblem } from '../protocol/uri.js';

/** A `wamp.error.invalid_uri` UsageError when `uri` is not valid for `match`, else `undefined`. */
export function invalidUri(uri: unknown, match?: unknown): UsageError | undefined {
  const problem = uriProblem(uri, match);
  return problem === undefined ? undefined : new UsageError(ErrorUri.INVALID_URI, problem);
}

/** What a role may do with its session. */
export interface RolePort {
  /**
   * Sends a message to the router.
   * @returns `undefined` when it went out; else why not: a {@link UsageError}
   * `wamp.error.invalid_argument` when it cannot be encoded (or is too large), a
   * `TransportError` when the transport refused it, a `SessionClosedError` when not connected.
   */
  send(message: WampMessage): Error | undefined;
  /** The next session-scope request id. */
  nextRequestId(): number;
  /** A `SessionClosedError` when the session is not established, else `undefined`. */
  notEstablished(): Error | undefined;
  /** Whether the router announced `feature` for its `role` in WELCOME. */
  routerHas(role: 'dealer' | 'broker', feature: string): boolean;
  /** Reports an error thrown by application code (a handler) that wampkit caught. */
  reportError(error: unknown, where: string): void;
  /** The module of the less used role code (Callee, Publisher, Subscriber, passthru packing), once loaded. */
  loaded(): LazyRoles | undefined;
  /**
   * Runs `request` once that module is loaded, in turn with what the session sends meanwhile (so
   * nothing overtakes it); at once when it is loaded already.
   */
  afterLoad<T>(request: () => Promise<T>): Promise<T>;
}
