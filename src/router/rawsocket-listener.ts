/**
 * The router's WAMP-over-RawSocket endpoint (TCP), over `node:net`: the 4-octet handshake picks
 * the serializer, then length-prefixed frames.
 * @internal
 * @module
 */
import { createServer, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { RawSocketConnection } from '../transports/rawsocket-connection.js';
import {
  FrameReader,
  RAWSOCKET_SERIALIZERS,
  RawSocketHandshakeError,
  decodeHandshake,
  encodeHandshake,
  encodeHandshakeError,
} from '../transports/rawsocket-framing.js';
import { addressFilter, type AddressFilterOptions } from './address-filter.js';
import type { RouterTlsOptions, WebSocketListenerHost } from './ws-listener.js';

/** Options of {@link Router.listenRawSocket}. */
export interface RawSocketListenOptions extends AddressFilterOptions {
  /** Interface to listen on (default `127.0.0.1`). */
  readonly host?: string;
  /** TCP port; `0` picks a free one (default `0`). */
  readonly port?: number;
  /** Serve RawSocket over TLS (`rss://`) with these options (Node's `key`, `cert`, `ca`, …). Default: plain TCP. */
  readonly tls?: RouterTlsOptions;
}

/** A running RawSocket listener. */
export interface RawSocketListener {
  /** The TCP port it listens on. */
  readonly port: number;
  /** The URL clients connect to: `tcp://`, or `rss://` with TLS. */
  readonly url: string;
  /** Stops accepting connections and closes the open ones. Idempotent. */
  close(): Promise<void>;
}

const BY_ID = new Map(Object.entries(RAWSOCKET_SERIALIZERS).map(([k, v]) => [v, k]));

/**
 * Starts a RawSocket listener. The handshake names one serializer; one the router does not
 * speak is refused with the "serializer unsupported" error.
 * @internal
 */
export function listenRawSocket(host: WebSocketListenerHost, options: RawSocketListenOptions = {}): Promise<RawSocketListener> {
  const bindHost = options.host ?? '127.0.0.1';
  const supported = new Set(host.protocols);
  const sockets = new Set<Socket>();
  const allowed = addressFilter(options);
  const onSocket = (socket: Socket): void => {
    const full = allowed && !allowed(socket.remoteAddress) ? 'address not allowed' : host.admit?.(socket.remoteAddress);
    if (full) {
      socket.destroy();
      return;
    }
    // The 4-octet handshake must arrive within the bound (the session's own clock starts after it).
    const handshakeTimer = setTimeout(() => socket.destroy(), host.handshakeTimeoutMs ?? 10_000);
    handshakeTimer.unref();
    socket.once('close', () => clearTimeout(handshakeTimer));
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setNoDelay(true);
    let got: Uint8Array = new Uint8Array(0);
    const onHandshake = (chunk: Uint8Array): void => {
      const merged = new Uint8Array(got.length + chunk.length);
      merged.set(got);
      merged.set(chunk, got.length);
      got = merged;
      if (got.length < 4) return;
      socket.off('data', onHandshake);
      clearTimeout(handshakeTimer);
      let hs;
      try {
        hs = decodeHandshake(got.subarray(0, 4));
      } catch {
        socket.destroy();
        return;
      }
      if (!hs.ok) {
        socket.end(encodeHandshakeError(RawSocketHandshakeError.RESERVED_BITS));
        return;
      }
      const protocol = BY_ID.get(hs.serializer);
      if (protocol === undefined || !supported.has(protocol)) {
        socket.end(encodeHandshakeError(RawSocketHandshakeError.SERIALIZER_UNSUPPORTED));
        return;
      }
      socket.write(encodeHandshake(hs.serializer, host.maxMessageBytes));
      const t = new RawSocketConnection(socket, protocol, hs.maxLength, 'close', { ping: true });
      // Frames up to the limit reach the session; the session keeps HELLO small until WELCOME.
      const reader = new FrameReader(Math.min(host.maxMessageBytes, 2 ** 24));
      host.accept(t, (events) => t.listen(events, reader, got.subarray(4)), socket.remoteAddress);
    };
    socket.on('data', onHandshake);
  };
  // With TLS the handshake starts once the TLS session is up ('secureConnection').
  const server = options.tls ? createTlsServer(options.tls, onSocket) : createServer(onSocket);
  if (options.tls) server.on('tlsClientError', () => undefined); // a failed TLS handshake ends that socket only
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => {
      server.off('error', reject);
      const addr = server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : (options.port ?? 0);
      const urlHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
      let closing: Promise<void> | undefined;
      resolve({
        port,
        url: `${options.tls ? 'rss' : 'tcp'}://${urlHost}:${port}`,
        close: () =>
          (closing ??= new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          })),
      });
    });
  });
}
