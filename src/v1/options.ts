/**
 * Options, defaults and the end of a {@link V1Session}.
 * @module
 */
import type { WampkitError } from '../errors.js';
import type { Connector } from '../transports/transport.js';
import type { V1Session } from './session.js';

/** Defaults of {@link V1SessionOptions}, in one place. */
export const V1_SESSION_DEFAULTS = {
  /** Calls waiting for their result at once; one more is refused with `wamp.error.invalid_argument`. */
  maxPendingCalls: 1000,
  /** Socket and WELCOME must arrive within this, in ms; else `open()` rejects with `TransportError`. */
  connectTimeoutMs: 10_000,
  /** How long `close()` waits for the WebSocket's closing handshake before dropping it, in ms. */
  closeTimeoutMs: 5_000,
  /** The largest message sent or accepted, in bytes: a larger one is refused (sending) or a protocol violation (receiving). */
  maxMessageBytes: 16 * 1024 * 1024,
} as const;

/** Options of a {@link V1Session}. */
export interface V1SessionOptions {
  /** Opens the WebSocket; it is asked for subprotocol `wamp` (see `v1Connector` / `connect` in `wampkit/v1`). */
  readonly transport: Connector;
  /** CURIE prefixes (prefix to URI) sent as PREFIX right after WELCOME, as by {@link V1Session.prefix}. Default none. */
  readonly prefixes?: Readonly<Record<string, string>>;
  /** Calls waiting at once (default {@link V1_SESSION_DEFAULTS}.maxPendingCalls). */
  readonly maxPendingCalls?: number;
  /** Bound on connecting, in ms (default {@link V1_SESSION_DEFAULTS}.connectTimeoutMs). */
  readonly connectTimeoutMs?: number;
  /** Bound on closing, in ms (default {@link V1_SESSION_DEFAULTS}.closeTimeoutMs). */
  readonly closeTimeoutMs?: number;
  /** The largest message, in bytes (default {@link V1_SESSION_DEFAULTS}.maxMessageBytes). */
  readonly maxMessageBytes?: number;
  /** Where an exception thrown by an event handler goes (default: dropped). */
  readonly onError?: (error: unknown, where: string) => void;
}

/** How a v1 session ended: `closed` after it was established, `failed` if it never was. */
export interface V1SessionEnd {
  /** `closed` or `failed`. */
  readonly type: 'closed' | 'failed';
  /** Why, in words. */
  readonly reason: string;
  /** The error, when the end was not one we asked for. */
  readonly error: WampkitError | undefined;
}

