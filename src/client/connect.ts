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
  if (typeof url === 'string') out.transport = webSocketConnector(extra ? { url, ...extra } : { url });
  else {
    // Failover: one connector per URL (each checked now); the session takes the next for each attempt.
    if (url.length === 0) throw new UsageError(ErrorUri.INVALID_ARGUMENT, 'connect() was given an empty list of URLs');
    out.transport = url.map((u) => webSocketConnector({ url: u, ...extra }));
  }
  return out;
}

export function connect(options: ConnectOptions): Promise<Session> {
  let session: Session;
  try {
    session = new Session(sessionOptions(options));
  } catch (error) {
    return Promise.reject(error);
  }
  return options.signal ? session.open({ signal: options.signal }) : session.open();
}
