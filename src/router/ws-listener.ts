/**
 * The router's WebSocket endpoint over the `ws` package: subprotocol negotiation, and a
 * server-side {@link Transport} per accepted connection.
 * @internal
 * @module
 */
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { SecureContextOptions, TlsOptions } from 'node:tls';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { addressFilter, type AddressFilterOptions } from './address-filter.js';
import type { Frame } from '../serializers/serializer.js';
import { FrameBatcher, socketOf } from '../transports/frame-batcher.js';
import type { Transport, TransportEvents } from '../transports/transport.js';
import { V1_SUBPROTOCOL } from '../v1/messages.js';
import { V1BridgeTransport, type V1BridgeOptions } from './v1-bridge.js';

/** Options of {@link Router.listenWebSocket}. */
export interface WebSocketListenOptions extends AddressFilterOptions {
  /** Interface to listen on (default `127.0.0.1`). */
  readonly host?: string;
  /** TCP port; `0` picks a free one (default `0`). */
  readonly port?: number;
  /** URL path of the endpoint (default `/ws`). */
  readonly path?: string;
  /**
   * More origins allowed to connect (the `Origin` header browsers send), e.g.
   * `['https://app.example.com']`, or `['*']` for any. By default only pages from the same host
   * as the listener (any port) may connect; requests without an `Origin` header (non-browser
   * clients) are always allowed.
   */
  readonly allowedOrigins?: readonly string[];
  /** Serve `wss://` with these TLS options (Node's `key`, `cert`, `ca`, `pfx`, `passphrase`, …). Default: plain `ws://`. */
  readonly tls?: RouterTlsOptions;
  /**
   * Attach to this HTTP(S) server (its `upgrade` requests on `path`) instead of listening on a
   * port of its own: one port for a web page and its WebSocket. `host`, `port` and `tls` are then
   * the server's business.
   */
  readonly server?: HttpServer;
  /**
   * Accept WAMP v1 clients (subprotocol `wamp`) on this listener too, bridged into `realm` as
   * WAMP v2 sessions (Caller, Publisher, Subscriber): a v1 CALL reaches a v2 callee, v1 and v2
   * subscribers get the same events. Default: off (v1 clients are refused with HTTP 400).
   */
  readonly v1?: V1BridgeOptions;
}

/** TLS options of a router listener: Node's own (`node:tls`). */
export type RouterTlsOptions = Pick<
  SecureContextOptions & TlsOptions,
  'key' | 'cert' | 'ca' | 'pfx' | 'passphrase' | 'ciphers' | 'minVersion' | 'maxVersion' | 'requestCert' | 'rejectUnauthorized' | 'ALPNProtocols'
>;

/**
 * Whether a browser page from `origin` may connect to a listener reached as `hostHeader`: the
 * same host (any port), or an origin in `allowed` (`*` allows any).
 * @internal
 */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (origin === undefined) return true; // not a browser
  if (allowed.has('*') || allowed.has(origin)) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).hostname;
  } catch {
    return false; // "null" (a file: page, a sandboxed frame) and other non-URLs
  }
  const requested = hostnameOf(hostHeader);
  return requested !== undefined && requested.toLowerCase() === originHost.toLowerCase();
}

function hostnameOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  try {
    return new URL(`http://${hostHeader}`).hostname;
  } catch {
    return undefined;
  }
}

/** A running WebSocket listener. */
export interface WebSocketListener {
  /** The TCP port it listens on. */
  readonly port: number;
  /** The `ws://` URL clients connect to. */
  readonly url: string;
  /** Stops accepting connections and closes the open ones. Idempotent. */
  close(): Promise<void>;
}

/** What the listener needs from the router. @internal */
export interface WebSocketListenerHost {
  /** Subprotocol ids the router speaks, in its order of preference. */
  readonly protocols: readonly string[];
  readonly maxMessageBytes: number;
  /** How long a connection may take to complete its transport handshake, in ms. */
  readonly handshakeTimeoutMs?: number;
  /** Why a new connection from this address would be refused (a bound reached), or undefined. */
  admit?(remoteAddress: string | undefined): string | undefined;
  /** Hands an accepted connection to the router. */
  accept(transport: Transport, listen: (events: TransportEvents) => void, remoteAddress?: string): void;
}

class WsServerTransport implements Transport {
  readonly protocol: string;
  readonly #ws: WebSocket;
  readonly #batch: FrameBatcher;

  constructor(ws: WebSocket) {
    this.#ws = ws;
    this.protocol = ws.protocol;
    this.#batch = new FrameBatcher({
      writeFrame: (f) => {
        if (ws.readyState === ws.OPEN) ws.send(f);
      },
      corkable: () => socketOf(ws),
    });
  }

  setMaxIncoming(bytes: number): void {
    // ws has no public per-connection limit; its receiver reads this field for every frame.
    const receiver = (this.#ws as unknown as { _receiver?: { _maxPayload?: number } })._receiver;
    if (receiver && typeof receiver._maxPayload === 'number') receiver._maxPayload = bytes;
  }

  /** Drops the connection at once, without a closing handshake (the client is unresponsive). */
  abort(): void {
    this.#ws.terminate();
  }

  /** A WebSocket ping; the client's pong is reported as `events.pong`. */
  ping(): void {
    if (this.#ws.readyState === this.#ws.OPEN) this.#ws.ping();
  }

  get bufferedAmount(): number {
    return this.#ws.bufferedAmount; // ws counts what its socket still holds
  }

  listen(events: TransportEvents): void {
    let closed = false;
    this.#ws.on('message', (data: RawData, isBinary: boolean) => {
      if (closed) return;
      events.message(isBinary ? toBytes(data) : data.toString());
    });
    this.#ws.on('close', (code: number, reason: Buffer) => {
      if (closed) return;
      closed = true;
      events.close({ wasClean: code === 1000 || code === 1001, code, reason: reason.toString() || `websocket closed (${code})` });
    });
    this.#ws.on('error', () => {
      /* a close event follows */
    });
    this.#ws.on('pong', () => {
      if (!closed) events.pong?.();
    });
  }

  send(frame: Frame): void {
    if (this.#ws.readyState === this.#ws.OPEN) this.#batch.push(frame);
  }

  close(code = 1000, reason = ''): void {
    this.#batch.flush();
    if (this.#ws.readyState === this.#ws.CLOSING || this.#ws.readyState === this.#ws.CLOSED) return;
    this.#ws.close(code, reason);
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

function offered(req: IncomingMessage): string[] {
  const h = req.headers['sec-websocket-protocol'];
  if (!h) return [];
  return (Array.isArray(h) ? h.join(',') : h).split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * Starts a WebSocket listener. Picks the first subprotocol offered by the client that the router
 * speaks; a handshake offering none is refused with HTTP 400.
 * @internal
 */
export function listenWebSocket(host: WebSocketListenerHost, options: WebSocketListenOptions = {}): Promise<WebSocketListener> {
  const bindHost = options.host ?? '127.0.0.1';
  const path = options.path ?? '/ws';
  const supported = new Set(host.protocols);
  if (options.v1) supported.add(V1_SUBPROTOCOL);
  const pick = (list: Iterable<string>): string | undefined => {
    for (const p of list) if (supported.has(p)) return p;
    return undefined;
  };
  const origins = new Set(options.allowedOrigins ?? []);
  const allowed = addressFilter(options);
  const own = options.server === undefined;
  // A plain HTTP request to the endpoint is told to upgrade.
  const onRequest = (_req: IncomingMessage, res: import('node:http').ServerResponse): void => {
    res.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' }).end('WAMP over WebSocket: upgrade required\n');
  };
  // How often Node checks the request timeouts below (its default is 30 s).
  const check = { connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor((host.handshakeTimeoutMs ?? 10_000) / 2))) };
  /** Sockets that completed their WebSocket upgrade (the handshake timer spares them). */
  const upgraded = new WeakSet<object>();
  const server = options.server ?? (options.tls ? createHttpsServer({ ...options.tls, ...check }, onRequest) : createHttpServer(check, onRequest));
  if (own && host.handshakeTimeoutMs !== undefined) {
    // A client that never finishes its HTTP upgrade request is dropped after the bound (ws
    // clears the socket's timeout once it takes the connection over).
    const ms = host.handshakeTimeoutMs;
    server.headersTimeout = ms;
    server.requestTimeout = ms;
    server.on(options.tls ? 'secureConnection' : 'connection', (socket: import('node:net').Socket) => {
      const timer = setTimeout(() => {
        if (!upgraded.has(socket)) socket.destroy();
      }, ms);
      timer.unref();
      socket.once('close', () => clearTimeout(timer));
    });
  }
  return new Promise((resolve, reject) => {
    const wss = new WebSocketServer({
      server,
      path,
      // A larger frame is refused by ws itself (close 1009) before it is buffered whole.
      maxPayload: host.maxMessageBytes,
      perMessageDeflate: false,
      handleProtocols: (protocols) => pick(protocols) ?? false,
      verifyClient: (info, done) => {
        if (!originAllowed(info.req.headers.origin, info.req.headers.host, origins)) return done(false, 403, 'Origin not allowed');
        if (allowed && !allowed(info.req.socket.remoteAddress)) return done(false, 403, 'Address not allowed');
        const full = host.admit?.(info.req.socket.remoteAddress);
        if (full) return done(false, 503, 'Too many connections');
        if (pick(offered(info.req)) === undefined) return done(false, 400, 'No supported WAMP subprotocol offered');
        done(true);
      },
    });
    // ws re-emits the HTTP server's errors (EADDRINUSE, EACCES) on itself: without a listener they
    // would be thrown as an unhandled 'error' event and end the process instead of rejecting.
    wss.on('error', (err) => onError(err));
    wss.on('connection', (ws, req) => {
      upgraded.add(req.socket);
      if (!supported.has(ws.protocol)) {
        ws.close(1002, 'no supported WAMP subprotocol');
        return;
      }
      const ws2 = new WsServerTransport(ws);
      const t = ws.protocol === V1_SUBPROTOCOL && options.v1 ? new V1BridgeTransport(ws2, options.v1) : ws2;
      host.accept(t, (events) => t.listen(events), req.socket.remoteAddress);
    });
    const ready = (): void => {
      listening = true;
      server.off('error', onError);
      const addr = server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : (options.port ?? 0);
      const urlHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
      const secure = options.tls !== undefined || 'setSecureContext' in server;
      let closing: Promise<void> | undefined;
      resolve({
        port,
        url: `${secure ? 'wss' : 'ws'}://${urlHost}:${port}${path}`,
        close: () =>
          (closing ??= new Promise<void>((done) => {
            for (const c of wss.clients) c.terminate();
            wss.close(() => (own ? server.close(() => done()) : done()));
            if (own) server.closeAllConnections?.();
          })),
      });
    };
    let listening = false;
    const onError = (err: Error): void => {
      if (listening) return;
      listening = true; // settled: later errors are the server's own business
      wss.close();
      reject(err);
    };
    server.once('error', onError);
    if (!own) {
      if (server.listening) ready();
      else server.once('listening', ready);
      return;
    }
    server.listen(options.port ?? 0, bindHost, ready);
  });
}
