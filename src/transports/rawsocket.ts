/**
 * WAMP-over-RawSocket client transport for Node (TCP or a Unix socket). Node-only: it lives
 * behind the `wampkit/rawsocket` subpath so browser bundles never see `node:net`.
 * @module
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { TlsClientOptions } from './transport.js';
import { TransportError, UsageError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import { RawSocketConnection } from './rawsocket-connection.js';
import { FrameReader, RAWSOCKET_SERIALIZERS, decodeHandshake, encodeHandshake } from './rawsocket-framing.js';
import { onAbandon, type ConnectRequest, type Connector, type Transport } from './transport.js';

/** Options of {@link rawSocketConnector}. */
export interface RawSocketOptions {
  /** `tcp://host:port` (or `rs://`), `rss://host:port` (or `tcps://`) for TLS, or `unix:///path/to.sock`. */
  readonly url: string;
  /** TLS options for `rss://` / `tcps://` (a private CA, a client certificate, `servername`, …). */
  readonly tls?: TlsClientOptions;
  /** The largest message we accept, in bytes (rounded down to a power of two, 512 B–16 MiB). Default 16 MiB. */
  readonly maxMessageBytes?: number;
  /**
   * Heartbeats probe with RawSocket PING frames (answered by PONG) instead of a WAMP round trip.
   * Default `false`: the WAMP spec requires every peer to answer PING, but Crossbar.io (Autobahn|Python)
   * reads a PING frame as the start of a 16 MiB message and stops reading the connection. Turn it
   * on for routers that answer PING (Nexus, wampkit's own). PINGs from the router are always answered.
   */
  readonly ping?: boolean;
}


type Target = { host: string; port: number; tls: boolean } | { path: string };

function parseUrl(url: string): Target {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(ErrorUri.INVALID_ARGUMENT, `the RawSocket URL ${JSON.stringify(url)} is not a URL: write tcp://host:port, rss://host:port (TLS) or unix:///path`);
  }
  if (u.protocol === 'unix:') return { path: u.pathname };
  const tls = u.protocol === 'rss:' || u.protocol === 'tcps:';
  if (!tls && u.protocol !== 'tcp:' && u.protocol !== 'rs:') {
    throw new UsageError(ErrorUri.INVALID_ARGUMENT, `the RawSocket URL ${JSON.stringify(url)} has scheme ${u.protocol.slice(0, -1)}: write tcp:// or rs://, rss:// or tcps:// for TLS, or unix://`);
  }
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port), tls };
}

function open(target: Target, tlsOptions: TlsClientOptions | undefined): { socket: Socket; ready: string } {
  if ('path' in target) return { socket: netConnect({ path: target.path }), ready: 'connect' };
  if (!target.tls) return { socket: netConnect({ host: target.host, port: target.port }), ready: 'connect' };
  // Real TLS: the certificate is checked against the CA (the system's, or tlsOptions.ca).
  const servername = tlsOptions?.servername ?? (/^[\d.]+$|:/.test(target.host) ? undefined : target.host);
  return { socket: tlsConnect({ host: target.host, port: target.port, ...(tlsOptions as ConnectionOptions), ...(servername ? { servername } : {}) }), ready: 'secureConnect' };
}

function attempt(url: string, serializer: string, maxBytes: number, request: ConnectRequest, tlsOptions: TlsClientOptions | undefined, ping: boolean): Promise<Transport | 'unsupported'> {
  const id = RAWSOCKET_SERIALIZERS[serializer];
  if (id === undefined) return Promise.resolve('unsupported');
  return new Promise((resolve, reject) => {
    const target = parseUrl(url);
    const { socket, ready } = open(target, tlsOptions);
    let got = new Uint8Array(0);
    const onAbort = (): void => {
      socket.destroy();
      reject(new TransportError('connection attempt aborted'));
    };
    const settled = onAbandon(request, onAbort);
    const done = (): void => {
      settled();
      socket.removeAllListeners('data');
      socket.removeAllListeners('error');
      socket.removeAllListeners('close');
    };
    socket.on(ready, () => socket.write(encodeHandshake(id, maxBytes)));
    socket.on('error', (error) => {
      done();
      reject(new TransportError(`cannot connect to ${url}: ${error.message}`, { cause: error }));
    });
    socket.on('close', () => {
      done();
      reject(new TransportError(`${url} closed the connection during the RawSocket handshake`));
    });
    socket.on('data', (chunk: Uint8Array) => {
      const merged = new Uint8Array(got.length + chunk.length);
      merged.set(got);
      merged.set(chunk, got.length);
      got = merged;
      if (got.length < 4) return;
      done();
      let hs;
      try {
        hs = decodeHandshake(got.subarray(0, 4));
      } catch (error) {
        socket.destroy();
        reject(new TransportError(`${url}: ${(error as Error).message}`));
        return;
      }
      if (!hs.ok) {
        socket.destroy();
        if (hs.error === 1) resolve('unsupported');
        else reject(new TransportError(`${url} refused the RawSocket handshake (error ${hs.error})`));
        return;
      }
      socket.setNoDelay(true);
      const connection = new RawSocketConnection(socket, serializer, hs.maxLength, 'throw', { ping, endpoint: url });
      connection.listen(request.events, new FrameReader(2 ** (Math.log2(maxBytes) | 0)), got.subarray(4));
      request.events.open?.(connection);
      resolve(connection);
    });
  });
}

/**
 * A {@link Connector} for WAMP-over-RawSocket. A RawSocket handshake names one serializer, so the
 * offered serializers are tried in order until the router accepts one.
 *
 * @example
 * ```ts
 * import { rawSocketConnector } from 'wampkit/rawsocket';
 * const session = await connect({ transport: rawSocketConnector({ url: 'tcp://127.0.0.1:8081' }), realm: 'realm1' });
 * ```
 * @throws `TransportError` (from `wampkit`) (from the returned connector) when it cannot connect or the
 * router accepts none of the serializers.
 */
export function rawSocketConnector(options: RawSocketOptions): Connector {
  parseUrl(options.url); // a bad URL fails here, saying what to write
  const maxBytes = Math.max(512, Math.min(options.maxMessageBytes ?? 16 * 1024 * 1024, 16 * 1024 * 1024));
  const connector = async (request: ConnectRequest): Promise<Transport> => {
    const { protocols } = request;
    for (const p of protocols) {
      const t = await attempt(options.url, p, maxBytes, request, options.tls, options.ping ?? false);
      if (t !== 'unsupported') return t;
    }
    throw new TransportError(`${options.url} accepts none of ${protocols.join(', ')} over RawSocket`);
  };
  return Object.assign(connector, { endpoint: options.url });
}
