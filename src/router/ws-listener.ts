/**
 * The router's WebSocket endpoint over the `ws` package: subprotocol negotiation, and a
 * server-side {@link Transport} per accepted connection.
 * @internal
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Frame } from '../serializers/serializer.js';
import { FrameBatcher, socketOf } from '../transports/frame-batcher.js';
import type { Transport, TransportEvents } from '../transports/transport.js';

/** Options of {@link Router.listenWebSocket}. */
export interface WebSocketListenOptions {
  /** Interface to listen on (default `127.0.0.1`). */
  readonly host?: string;
  /** TCP port; `0` picks a free one (default `0`). */
  readonly port?: number;
  /** URL path of the endpoint (default `/ws`). */
  readonly path?: string;
  /**
   * Origins allowed to connect (the `Origin` header of browsers); default: any. Requests without
   * an `Origin` header (non-browser clients) are always allowed.
   */
  readonly allowedOrigins?: readonly string[];
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
  /** Hands an accepted connection to the router. */
  accept(transport: Transport, listen: (events: TransportEvents) => void): void;
}

class WsServerTransport implements Transport {
  readonly protocol: string;
  readonly #ws: WebSocket;
  readonly #batch: FrameBatcher;

  constructor(ws: WebSocket) {
    this.#ws = ws;
    this.protocol = ws.protocol;
    this.#batch = new FrameBatcher(
      (f) => {
        if (ws.readyState === ws.OPEN) ws.send(f);
      },
      () => socketOf(ws),
    );
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
  const pick = (list: Iterable<string>): string | undefined => {
    for (const p of list) if (supported.has(p)) return p;
    return undefined;
  };
  const origins = options.allowedOrigins ? new Set(options.allowedOrigins) : undefined;
  return new Promise((resolve, reject) => {
    const wss = new WebSocketServer({
      host: bindHost,
      port: options.port ?? 0,
      path,
      // Frames up to twice the limit reach the session, which answers with a proper ABORT.
      maxPayload: host.maxMessageBytes * 2,
      perMessageDeflate: false,
      handleProtocols: (protocols) => pick(protocols) ?? false,
      verifyClient: (info, done) => {
        const origin = info.req.headers.origin;
        if (origins && origin !== undefined && !origins.has(origin)) return done(false, 403, 'Origin not allowed');
        if (pick(offered(info.req)) === undefined) return done(false, 400, 'No supported WAMP subprotocol offered');
        done(true);
      },
    });
    wss.on('connection', (ws) => {
      if (!supported.has(ws.protocol)) {
        ws.close(1002, 'no supported WAMP subprotocol');
        return;
      }
      const t = new WsServerTransport(ws);
      host.accept(t, (events) => t.listen(events));
    });
    const onError = (err: Error): void => reject(err);
    wss.once('error', onError);
    wss.once('listening', () => {
      wss.off('error', onError);
      const addr = wss.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : (options.port ?? 0);
      const urlHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
      let closing: Promise<void> | undefined;
      resolve({
        port,
        url: `ws://${urlHost}:${port}${path}`,
        close: () =>
          (closing ??= new Promise<void>((done) => {
            for (const c of wss.clients) c.terminate();
            wss.close(() => done());
          })),
      });
    });
  });
}
