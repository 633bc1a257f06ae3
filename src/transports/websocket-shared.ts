/**
 * What the two WebSocket transports share: the standard WebSocket API's (browsers) and `ws`'s
 * (Node). See websocket-browser.ts and websocket-node.ts.
 * @internal
 * @module
 */
import { TransportError } from '../errors.js';
import type { TlsClientOptions } from './transport.js';

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

/** Does nothing: an `error` listener (a close follows every error), or nothing to undo. */
export function noop(): void {
  /* nothing */
}
