/**
 * `wampkit/v1`: a WAMP v1 client (subprotocol `wamp`) for legacy servers (Autobahn|Python 0.8,
 * Ratchet, GosWebSocketBundle), with the method names of the v2 `Session` for what v1 has:
 * call (args only), subscribe/unsubscribe, publish (exclude_me, exclude, eligible) and CURIE
 * prefixes. What v1 lacks is refused at once with `wamp.error.feature_not_supported`.
 * Its own entry point, so v2-only bundles never carry it.
 * @module wampkit/v1
 */
import { UsageError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import type { TlsClientOptions } from '../transports/transport.js';
import { webSocketConnector } from '../transports/websocket.js';
import { V1Session } from './session.js';
import type { V1SessionOptions } from './options.js';

export { V1Session } from './session.js';
export { V1_SESSION_DEFAULTS } from './options.js';
export type { V1SessionOptions, V1SessionEnd } from './options.js';
export type { V1CallOptions, V1PublishOptions } from './refusals.js';
export { PrefixMap, MAX_V1_PREFIXES } from './prefixes.js';
export { V1_SUBPROTOCOL, V1MessageType, V1FormatError, decodeV1, parseV1, encodeV1 } from './messages.js';
export type { V1Message } from './messages.js';
export { v1SessionMachine } from '../../state-machines/v1-session-machine.js';
export type { V1SessionContext, V1SessionEvent } from '../../state-machines/v1-session-machine.js';

/** Options of the v1 {@link connect}: the server's URL and the session's options. */
export interface V1ConnectOptions extends Omit<V1SessionOptions, 'transport'> {
  /** The v1 server's WebSocket URL (`ws://…` or `wss://…`). */
  readonly url: string;
  /** Node only: TLS options for `wss://`. */
  readonly tls?: TlsClientOptions;
  /** Node only: extra HTTP headers of the upgrade request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The WebSocket constructor (default: `isomorphic-ws`'s). */
  readonly WebSocket?: typeof globalThis.WebSocket;
}

/**
 * Opens a WAMP v1 session and resolves once the server's WELCOME arrived.
 *
 * @example
 * ```ts
 * import { connect } from 'wampkit/v1';
 * const session = await connect({ url: 'ws://127.0.0.1:9000', prefixes: { calc: 'http://example.com/calc#' } });
 * const { args } = await session.call('calc:add', [2, 3]); // CALL; CALLRESULT 5 → args [5]
 * await session.register('calc:mul', () => 0).catch((e) => e.uri); // 'wamp.error.feature_not_supported'
 * await session.close();
 * ```
 * @throws {@link wampkit!UsageError | UsageError} for a URL that is not ws:// or wss://, or a prefix that is no URI; {@link wampkit!TransportError | TransportError}
 * when it cannot connect (or the server does not speak `wamp`); {@link wampkit!ProtocolError | ProtocolError} when
 * the server's first message is not a v1 WELCOME.
 */
export function connect(options: V1ConnectOptions): Promise<V1Session> {
  const { url, tls, headers, WebSocket, ...rest } = options;
  if (typeof url !== 'string') return Promise.reject(new UsageError(ErrorUri.INVALID_ARGUMENT, 'connect() needs a url (ws://… or wss://…)'));
  try {
    const transport = webSocketConnector({ url, ...(tls ? { tls } : {}), ...(headers ? { headers } : {}), ...(WebSocket ? { WebSocket } : {}) });
    return new V1Session({ ...rest, transport }).open();
  } catch (error) {
    return Promise.reject(error);
  }
}
