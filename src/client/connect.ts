/**
 * `connect()`: the usual way in.
 * @module
 */
import { Session, type OpenOptions, type SessionOptions } from '../session/session.js';
import type { Connector, TlsClientOptions } from '../transports/transport.js';
import type { FailoverStrategy } from './endpoints.js';
import { UsageError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import { webSocketConnector } from '../transports/websocket.js';

/** Options of {@link connect}: a session's options with a `url` or a `transport`, and a signal. */
export type ConnectOptions = Omit<SessionOptions, 'transport'> &
  OpenOptions &
  (
    | {
        /**
         * The router's WebSocket URL (`ws://…` or `wss://…`), or several for failover: each
         * connection attempt takes the next one (see `failover`), so with a reconnect policy a
         * session moves to another router when its router goes away.
         */
        readonly url: string | readonly string[];
        /**
         * How the next URL of a list is chosen: `roundrobin` (default: the first, then each in
         * list order) or `random` (any at first, then any but the current one).
         */
        readonly failover?: FailoverStrategy;
        readonly transport?: undefined;
        /** Node only: TLS options for `wss://` (a private CA, a client certificate, `servername`, …). */
        readonly tls?: TlsClientOptions;
        /** Node only: extra HTTP headers of the WebSocket upgrade request. */
        readonly headers?: Readonly<Record<string, string>>;
      }
    | {
        readonly url?: undefined;
        /** A connector: in-process (`router.connector()`), RawSocket, or your own; or several for failover. */
        readonly transport: Connector | readonly Connector[];
        /** How the next connector of a list is chosen: `roundrobin` (default) or `random`. */
        readonly failover?: FailoverStrategy;
        readonly tls?: undefined;
        readonly headers?: undefined;
      }
  );

/** Turns {@link ConnectOptions} into {@link SessionOptions}. */
export function sessionOptions(options: ConnectOptions): SessionOptions {
  // `rest` is a fresh object: give it its transport in place (a spread with a property after it
  // takes V8's slow path, ~3 µs per connect).
  const { url, transport, signal: _signal, tls, headers, ...rest } = options;
  const out = rest as { -readonly [K in keyof SessionOptions]: SessionOptions[K] };
  if (transport) {
    out.transport = transport;
    return out;
  }
  if (url === undefined) throw new UsageError(ErrorUri.INVALID_ARGUMENT, 'connect() needs a url (ws://… or wss://…) or a transport');
  const extra = tls || headers ? { ...(tls ? { tls } : {}), ...(headers ? { headers } : {}) } : undefined;
  if (typeof url === 'string') {
    // A connector for a bare URL keeps nothing but the URL: sessions to the same URL share one.
    if (extra) out.transport = webSocketConnector({ url, ...extra });
    else out.transport = lastConnector?.endpoint === url ? lastConnector : (lastConnector = webSocketConnector({ url }));
  }
  else {
    // Failover: one connector per URL (each checked now); the session takes the next for each attempt.
    if (url.length === 0) throw new UsageError(ErrorUri.INVALID_ARGUMENT, 'connect() was given an empty list of URLs');
    out.transport = url.map((u) => webSocketConnector({ url: u, ...extra }));
  }
  return out;
}

/** The connector made last for a bare URL (one: no growth). */
let lastConnector: Connector | undefined;

/**
 * Opens a session and resolves once it is established.
 *
 * @example
 * ```ts
 * import { connect } from 'wampkit';
 * const session = await connect({ url: 'ws://127.0.0.1:8080/ws', realm: 'realm1' });
 * await session.publish('com.example.hello', ['world']);
 * await session.close();
 * ```
 * @throws {@link UsageError} for a URL that is not ws:// or wss:// (saying which to write);
 * {@link TransportError}, {@link AuthenticationError}, {@link SessionAbortedError} or
 * {@link ProtocolError}, as {@link Session.open} does.
 */
export function connect(options: ConnectOptions): Promise<Session> {
  let session: Session;
  try {
    session = new Session(sessionOptions(options));
  } catch (error) {
    return Promise.reject(error);
  }
  return options.signal ? session.open({ signal: options.signal }) : session.open();
}
