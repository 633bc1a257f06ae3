/**
 * The narrow port a role gets from its session (CONVENTIONS.md 6): never the session itself.
 * @internal
 * @module
 */
import type { WampMessage } from '../protocol/messages.js';

/** What a role may do with its session. */
export interface RolePort {
  /** Sends a message to the router. */
  send(message: WampMessage): void;
  /** The next session-scope request id. */
  nextRequestId(): number;
  /** A `SessionClosedError` when the session is not established, else `undefined`. */
  notEstablished(): Error | undefined;
  /** Whether the router announced `feature` for its `role` in WELCOME. */
  routerHas(role: 'dealer' | 'broker', feature: string): boolean;
  /** Reports an error thrown by application code (a handler) that wampkit caught. */
  reportError(error: unknown, where: string): void;
}
