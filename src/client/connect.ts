/**
 * `connect()`: the usual way in.
 * @module
 */
import { Session, type OpenOptions, type SessionOptions } from '../session/session.js';
import type { Connector } from '../transports/transport.js';
import { webSocketConnector } from '../transports/websocket.js';

/** Options of {@link connect}: a session's options with a `url` or a `transport`, and a signal. */
export type ConnectOptions = Omit<SessionOptions, 'transport'> &
  OpenOptions &
  (
    | {
        /** The router's WebSocket URL (`ws://…` or `wss://…`). */
        readonly url: string;
        readonly transport?: undefined;
      }
    | {
        readonly url?: undefined;
        /** A connector: in-process (`router.connector()`), RawSocket, or your own. */
        readonly transport: Connector;
      }
  );

/** Turns {@link ConnectOptions} into {@link SessionOptions}. */
export function sessionOptions(options: ConnectOptions): SessionOptions {
  const { url, transport, signal: _signal, ...rest } = options;
  if (transport) return { ...rest, transport };
  if (typeof url !== 'string') throw new TypeError('connect() needs a url or a transport');
  return { ...rest, transport: webSocketConnector({ url }) };
}

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
 * @throws {@link TransportError}, {@link AuthenticationError}, {@link SessionAbortedError} or
 * {@link ProtocolError}, as {@link Session.open} does.
 */
export function connect(options: ConnectOptions): Promise<Session> {
  const session = new Session(sessionOptions(options));
  return options.signal ? session.open({ signal: options.signal }) : session.open();
}
