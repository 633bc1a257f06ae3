/**
 * WebSocket transport over `isomorphic-ws`: the `ws` package in Node, the global WebSocket in
 * browsers, the same code for both.
 * @module
 */
import WebSocket from 'isomorphic-ws';
import { TransportError, UsageError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import type { Frame } from '../serializers/serializer.js';
import { FrameBatcher, socketOf, type BatchSink, type Corkable } from './frame-batcher.js';
import type { RefusalResponse } from './upgrade-refusal.js';
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
  on?(event: 'error', listener: () => void): void;
  on?(event: 'pong', listener: () => void): void;
}

/** A no-op `error` handler: `ws` throws on an error nobody listens to, and a close event follows every error. */
function ignoreError(): void {
  /* a close event follows every error */
}

/** An open WebSocket as a {@link Transport}; it is its own batch sink (no closures for that). */
class WebSocketTransport implements Transport, BatchSink {
  readonly protocol: string;
  readonly endpoint: string;
  readonly #ws: WebSocket;
  readonly #events: TransportEvents;
  #closed = false;
  /** Whether a `pong` listener is on (added with the first ping: an idle session that never pings carries none). */
  #hearsPong = false;
  readonly #batch: FrameBatcher;

  constructor(ws: WebSocket, events: TransportEvents, endpoint: string) {
    this.endpoint = endpoint;
    this.#ws = ws;
    this.#events = events;
    this.#batch = new FrameBatcher(this);
    this.protocol = ws.protocol;
    const node = ws as unknown as NodeWebSocket;
    if (typeof node.on === 'function') {
      // Node (`ws`): its own 'message' event, without a MessageEvent per frame; binary frames
      // arrive as the Buffer `ws` read them into (binaryType 'nodebuffer'), not copied.
      node.on('message', (data, isBinary) => {
        if (this.#closed) return;
        events.message(isBinary ? toBytes(data) : String(data));
      });
      // One shared error listener, not a wrapper per socket (the attempt's handler goes).
      ws.onerror = null;
      node.on('error', ignoreError);
    } else {
      ws.onmessage = (ev) => {
        if (this.#closed) return;
        const data = ev.data as unknown;
        events.message(typeof data === 'string' ? data : toBytes(data));
      };
      ws.onerror = ignoreError;
    }
    ws.onclose = (ev) => {
      if (this.#closed) return;
      this.#closed = true;
      events.close({ wasClean: ev.wasClean, code: ev.code, reason: ev.reason || `websocket closed (${ev.code})` });
    };
  }

  /** @internal The batch sink: writes one frame now. */
  writeFrame(frame: Frame): void {
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(frame);
  }

  /** @internal The batch sink: the Node socket to cork around a batch (none in browsers). */
  corkable(): Corkable | undefined {
    return socketOf(this.#ws);
  }

  send(frame: Frame): void {
    if (this.#closed || this.#ws.readyState !== WebSocket.OPEN) return;
    this.#batch.push(frame);
  }

  /** Node (`ws`) only: a WebSocket ping, answered by `events.pong`. Browsers have no ping API. */
  get ping(): (() => void) | undefined {
    const node = this.#ws as unknown as { ping?: () => void } & NodeWebSocket;
    if (typeof node.ping !== 'function') return undefined;
    return () => {
      if (this.#closed || this.#ws.readyState !== WebSocket.OPEN) return;
      if (!this.#hearsPong) {
        this.#hearsPong = true;
        const events = this.#events;
        node.on?.('pong', () => events.pong?.());
      }
      node.ping!();
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
  if (url === lastGoodUrl) return undefined; // apps connect to the same URL again and again: parse it once
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
  lastGoodUrl = url;
  return undefined;
}

/** The last URL found good (one string: no growth). */
let lastGoodUrl: string | undefined;

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
      type UpgradeListener = (req: unknown, res: RefusalResponse) => void;
      const node = ws as unknown as { on?: (event: string, fn: UpgradeListener) => void; off?: (event: string, fn: UpgradeListener) => void };
      const onUnexpectedResponse: UpgradeListener = (req, res) => {
        // Why, from the answer (its reader is loaded only when a refusal happens).
        const refused = (f: TransportError): void => {
          if (failure) return;
          failure = f;
          (req as { destroy?: () => void }).destroy?.();
          fail(f);
        };
        import('./upgrade-refusal.js').then(
          (m) =>
            m.readRefusal(
              res,
              options.url,
              { other: (message) => new TransportError(message), noCommonSubprotocol: (said) => noCommonSubprotocol(options.url, protocols, undefined, said) },
              refused,
            ),
          (cause: unknown) => refused(new TransportError(`${options.url}: the server refused the WebSocket upgrade (HTTP ${res.statusCode ?? '?'})`, { cause })),
        );
      };
      node.on?.('unexpected-response', onUnexpectedResponse);
      // Node (`ws`): Buffers as read (no copy into an ArrayBuffer); browsers: ArrayBuffers.
      ws.binaryType = typeof (ws as unknown as NodeWebSocket).on === 'function' ? 'nodebuffer' : 'arraybuffer';
      const onAbort = (): void => {
        ws.close();
        reject(new TransportError('connection attempt aborted', { cause: signal?.reason }));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      ws.onopen = () => {
        signal?.removeEventListener('abort', onAbort);
        // Done with the attempt's handlers: the open transport holds none of this attempt's
        // state (its signal, its promise), and ws keeps fewer listeners per socket.
        ws.onopen = null;
        node.off?.('unexpected-response', onUnexpectedResponse);
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
