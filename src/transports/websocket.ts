/**
 * WebSocket transport: `ws` (through `isomorphic-ws`) and its own API in Node, the standard
 * WebSocket API in browsers, chosen by the package's `browser` field (bundlers for browsers take
 * websocket-browser.js in place of websocket-node.js, so a page ships no Node code).
 * @module
 */
import { UsageError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import type { ConnectRequest, Connector, Transport } from './transport.js';
import { openWebSocket } from './websocket-node.js';
import type { WebSocketOptions } from './websocket-shared.js';

export type { WebSocketOptions } from './websocket-shared.js';

/**
 * Why `url` cannot be a WebSocket URL (no scheme, another scheme, not a URL), else `undefined`.
 * @internal
 */
export function webSocketUrlProblem(url: unknown): string | undefined {
  if (url === lastGoodUrl) return undefined; // apps connect to the same URL again and again: parse it once
  if (typeof url !== 'string' || url === '') return `the router URL must be a string like ws://127.0.0.1:8080/ws, got ${JSON.stringify(url)}`;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    return `the router URL ${JSON.stringify(url)} has no scheme: write ws://${url} (or wss:// for TLS)`;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `the router URL ${JSON.stringify(url)} is not a valid URL`;
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    const raw = ['tcp:', 'tcps:', 'rs:', 'rss:', 'unix:'].includes(parsed.protocol);
    return `the router URL ${JSON.stringify(url)} has scheme ${parsed.protocol.slice(0, -1)}; WebSocket takes ws:// or wss://` +
      (raw ? ' (for RawSocket, use rawSocketConnector from wampkit/rawsocket)' : '');
  }
  lastGoodUrl = url;
  return undefined;
}

/** The last URL found good (one string: no growth). */
let lastGoodUrl: string | undefined;

/**
 * A {@link Connector} for a WAMP router's WebSocket endpoint. Offers the serializers'
 * subprotocols in order and uses the one the router picked.
 *
 * @example
 * ```ts
 * const session = await connect({ transport: webSocketConnector({ url: 'ws://127.0.0.1:8080/ws' }), realm: 'realm1' });
 * ```
 * @throws {@link UsageError} for a URL that is not ws:// or wss://; {@link wampkit!TransportError} (from
 * the returned connector) when the connection fails or the router picked no offered subprotocol.
 */
export function webSocketConnector(options: WebSocketOptions): Connector {
  const problem = webSocketUrlProblem(options.url);
  if (problem) throw new UsageError(ErrorUri.INVALID_ARGUMENT, problem);
  const connector = (request: ConnectRequest): Promise<Transport> => openWebSocket(options, request);
  return Object.assign(connector, { endpoint: options.url });
}
