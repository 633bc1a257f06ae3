/**
 * What the two WebSocket transports share: the standard WebSocket API's (browsers) and `ws`'s
 * (Node). See websocket-browser.ts and websocket-node.ts.
 * @internal
 * @module
 */
import { TransportError } from '../errors.js';
import type { ConnectRequest, TlsClientOptions } from './transport.js';

/** Options of {@link webSocketConnector}. */
export interface WebSocketOptions {
  /** `ws://` or `wss://` URL of the router's WebSocket endpoint. */
  readonly url: string;
  /** The WebSocket constructor to use (default: `ws` in Node, the global WebSocket in browsers). */
  readonly WebSocket?: typeof globalThis.WebSocket;
  /** Node only: TLS options for `wss://` (a private CA, a client certificate, …). Browsers use their own trust store. */
  readonly tls?: TlsClientOptions;
  /** Node only: extra HTTP headers of the upgrade request (a cookie, an `Authorization`, …). Browsers cannot set them. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The error of a router that picked none of the offered subprotocols. */
export function noCommonSubprotocol(url: string, offered: readonly string[], got: string | undefined, said?: string): TransportError {
  return new TransportError(
    `the router at ${url} speaks none of the offered subprotocols (${offered.join(', ')})` +
      (got ? `; it picked "${got}"` : '') +
      (said ? `; it answered ${said}` : '') +
      `: offer a serializer it supports (serializers: ['json' | 'msgpack' | 'cbor'])`,
  );
}

/**
 * Calls `abandon` if the attempt is abandoned: through the request's `onAbort` (a session's
 * attempt: no AbortSignal is made), else its `signal` (a request made by hand).
 * @returns what stops listening (once the attempt has settled).
 */
export function onAbandon(request: ConnectRequest, abandon: () => void): () => void {
  if (request.onAbort) {
    request.onAbort(abandon);
    return noop;
  }
  const signal = request.signal;
  if (!signal) return noop;
  signal.addEventListener('abort', abandon, { once: true });
  return () => signal.removeEventListener('abort', abandon);
}

/** Does nothing: an `error` listener (a close follows every error), or nothing to undo. */
export function noop(): void {
  /* nothing */
}
