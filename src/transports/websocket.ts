/**
 * WebSocket transport over `isomorphic-ws`: the `ws` package in Node, the global WebSocket in
 * browsers, the same code for both.
 * @module
 */
import WebSocket from 'isomorphic-ws';
import { TransportError, UsageError } from '../errors.js';
import { ErrorUri } from '../protocol/error-uris.js';
import type { Frame } from '../serializers/serializer.js';
import { FrameBatcher, socketOf } from './frame-batcher.js';
import type { ConnectRequest, Connector, TlsClientOptions, Transport, TransportEvents } from './transport.js';

/** Options of {@link webSocketConnector}. */
export interface WebSocketOptions {
  /** `ws://` or `wss://` URL of the router's WebSocket endpoint. */
  readonly url: string;
  /** The WebSocket constructor to use (default: `isomorphic-ws`'s). */
  readonly WebSocket?: typeof globalThis.WebSocket;
  /** Node only: TLS options for `wss://` (a private CA, a client certificate, …). Browsers use their own trust store. */
  readonly tls?: TlsClientOptions;
  /** Node only: extra HTTP headers of the upgrade request (a cookie, an `Authorization`, …). Browsers cannot set them. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What `ws` (Node) adds to the WebSocket API. */
interface NodeWebSocket {
  on?(event: 'message', listener: (data: unknown, isBinary: boolean) => void): void;
  on?(event: 'pong', listener: () => void): void;
}

class WebSocketTransport implements Transport {
  readonly protocol: string;
  readonly endpoint: string;
  #ws: WebSocket;
  #closed = false;
  readonly #batch: FrameBatcher;

  constructor(ws: WebSocket, events: TransportEvents, endpoint: string) {
    this.endpoint = endpoint;
    this.#ws = ws;
    this.#batch = new FrameBatcher(
      (f) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(f);
      },
      () => socketOf(ws),
    );
    this.protocol = ws.protocol;
    const node = ws as unknown as NodeWebSocket;
    if (typeof node.on === 'function') {
      // Node (`ws`): its own 'message' event, without a MessageEvent per frame; binary frames
      // arrive as the Buffer `ws` read them into (binaryType 'nodebuffer'), not copied.
      node.on('message', (data, isBinary) => {
        if (this.#closed) return;
        events.message(isBinary ? toBytes(data) : String(data));
      });
    } else {
      ws.onmessage = (ev) => {
        if (this.#closed) return;
        const data = ev.data as unknown;
        events.message(typeof data === 'string' ? data : toBytes(data));
      };
    }
    ws.onclose = (ev) => {
      if (this.#closed) return;
      this.#closed = true;
      events.close({ wasClean: ev.wasClean, code: ev.code, reason: ev.reason || `websocket closed (${ev.code})` });
    };
    ws.onerror = () => {
      /* a close event follows every error */
    };
    node.on?.('pong', () => events.pong?.());
  }

  send(frame: Frame): void {
    if (this.#closed || this.#ws.readyState !== WebSocket.OPEN) return;
    this.#batch.push(frame);
  }

  /** Node (`ws`) only: a WebSocket ping, answered by `events.pong`. Browsers have no ping API. */
  get ping(): (() => void) | undefined {
    const node = this.#ws as unknown as { ping?: () => void };
    if (typeof node.ping !== 'function') return undefined;
    return () => {
      if (!this.#closed && this.#ws.readyState === WebSocket.OPEN) node.ping!();
    };
  }

  abort(): void {
    const node = this.#ws as unknown as { terminate?: () => void };
    if (typeof node.terminate === 'function') node.terminate();
    else this.#ws.close(4000, 'unresponsive');
  }

  close(code = 1000, reason = ''): void {
    this.#batch.flush();
    if (this.#ws.readyState === WebSocket.CLOSING || this.#ws.readyState === WebSocket.CLOSED) return;
    this.#ws.close(code, reason);
  }
}

/**
 * Why `url` cannot be a WebSocket URL (no scheme, another scheme, not a URL), else `undefined`.
 * @internal
 */
export function webSocketUrlProblem(url: unknown): string | undefined {
  if (typeof url !== 'string' || url === '') return `the router URL must be a string like ws://127.0.0.1:8080/ws, got ${JSON.stringify(url)}`;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    return `the router URL ${JSON.stringify(url)} has no scheme: write ws://${url} (or wss:// for TLS); RawSocket URLs (tcp://, rs://, rss://) go to rawSocketConnector from wampkit/rawsocket`;
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
  return undefined;
}

/** What an HTTP status most likely means when a WAMP router refuses an upgrade. */
const HINTS: Readonly<Record<number, string>> = {
  403: ' (the router refused this origin or client: see its allowed origins)',
  429: ' (the router is limiting connections: retry later)',
  503: ' (the router is at its connection limit: retry later)',
};

function noCommonSubprotocol(url: string, offered: readonly string[], got: string | undefined, said?: string): TransportError {
  return new TransportError(
    `the router at ${url} speaks none of the offered subprotocols (${offered.join(', ')})` +
      (got ? `; it picked "${got}"` : '') +
      (said ? `; it answered ${said}` : '') +
      `: offer a serializer it supports (serializers: ['json' | 'msgpack' | 'cbor'])`,
  );
}

function toBytes(data: unknown): Uint8Array {
  // A Node Buffer is viewed as a plain Uint8Array (no copy), so the bytes decoded from it are
  // plain Uint8Arrays too, in Node as in browsers.
  if (data instanceof Uint8Array) return data.constructor === Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data as Uint8Array[]));
  throw new TransportError('unsupported WebSocket message data');
}

/**
 * A {@link Connector} for a WAMP router's WebSocket endpoint. Offers the serializers'
 * subprotocols in order and uses the one the router picked.
 *
 * @example
 * ```ts
 * const session = await connect({ transport: webSocketConnector({ url: 'ws://127.0.0.1:8080/ws' }), realm: 'realm1' });
 * ```
 * @throws {@link TransportError} (from the returned connector) when the connection fails or the
 * router picked no offered subprotocol.
 */
export function webSocketConnector(options: WebSocketOptions): Connector {
  const Ctor = (options.WebSocket ?? WebSocket) as unknown as typeof WebSocket;
  const problem = webSocketUrlProblem(options.url);
  if (problem) throw new UsageError(ErrorUri.INVALID_ARGUMENT, problem);
  const path = new URL(options.url).pathname;
  const nodeOptions =
    options.tls || options.headers ? { ...options.tls, ...(options.headers ? { headers: { ...options.headers } } : {}) } : undefined;
  const connector = ({ protocols, events, signal }: ConnectRequest): Promise<Transport> =>
    new Promise<Transport>((resolve, reject) => {
      let ws: WebSocket;
      try {
        // Node's `ws` takes TLS options and headers as a third argument; browsers take two.
        ws = nodeOptions ? new (Ctor as unknown as new (u: string, p: string[], o: object) => WebSocket)(options.url, [...protocols], nodeOptions) : new Ctor(options.url, [...protocols]);
      } catch (cause) {
        reject(new TransportError(`cannot open WebSocket to ${options.url}: ${(cause as Error).message}`, { cause }));
        return;
      }
      let failure: TransportError | undefined;
      // Node (`ws`): the HTTP answer when the server refused the upgrade (a wrong path, say).
      const node = ws as unknown as { on?: (event: string, fn: (req: unknown, res: { statusCode?: number; statusMessage?: string }) => void) => void };
      node.on?.('unexpected-response', (req, res) => {
        // Read (a bounded part of) the answer's body: routers say why there (e.g. no subprotocol).
        const r = res as { statusCode?: number; statusMessage?: string; on?: (e: string, fn: (d?: unknown) => void) => void };
        let body = '';
        const finish = (): void => {
          if (failure) return;
          const status = `HTTP ${r.statusCode ?? '?'}${r.statusMessage ? ` ${r.statusMessage}` : ''}`;
          const said = body.trim().slice(0, 200);
          failure = /subprotocol/i.test(`${r.statusMessage ?? ''} ${said}`)
            ? noCommonSubprotocol(options.url, protocols, undefined, said ? `${status}: ${said}` : status)
            : new TransportError(
                `${options.url}: the server answered ${status}${said ? ` (${said})` : ''} for path ${path} instead of a ` +
                  `WebSocket upgrade${HINTS[r.statusCode ?? 0] ?? ' (is the path right, and is it a WAMP router?)'}`,
              );
          (req as { destroy?: () => void }).destroy?.();
          fail(failure);
        };
        r.on?.('data', (d) => {
          if (body.length < 1024) body += String(d);
        });
        r.on?.('end', finish);
        r.on?.('error', finish);
        r.on?.('close', finish);
      });
      // Node (`ws`): Buffers as read (no copy into an ArrayBuffer); browsers: ArrayBuffers.
      ws.binaryType = typeof (ws as unknown as NodeWebSocket).on === 'function' ? 'nodebuffer' : 'arraybuffer';
      const onAbort = (): void => {
        ws.close();
        reject(new TransportError('connection attempt aborted', { cause: signal?.reason }));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      ws.onopen = () => {
        signal?.removeEventListener('abort', onAbort);
        if (!ws.protocol || !protocols.includes(ws.protocol)) {
          ws.close(1002, 'no WAMP subprotocol');
          reject(noCommonSubprotocol(options.url, protocols, ws.protocol));
          return;
        }
        resolve(new WebSocketTransport(ws, events, options.url));
      };
      function fail(error: TransportError): void {
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      }
      ws.onerror = (ev) => {
        signal?.removeEventListener('abort', onAbort);
        const msg = (ev as { message?: string }).message;
        if (failure) reject(failure);
        else if (msg && /subprotocol/i.test(msg)) reject(noCommonSubprotocol(options.url, protocols, undefined));
        else reject(new TransportError(`cannot connect to ${options.url}${msg ? `: ${msg}` : ' (the browser gives no reason: check the URL, the path and that the router is up)'}`));
      };
      ws.onclose = (ev) => {
        signal?.removeEventListener('abort', onAbort);
        reject(new TransportError(`connection to ${options.url} closed before it opened (${ev.code})`));
      };
    });
  return Object.assign(connector, { endpoint: options.url });
}
