/**
 * The WebSocket transport in Node, on `ws` (through `isomorphic-ws`) and its own EventEmitter
 * API: frames as `ws` read them (Buffers, no copy, no MessageEvent), the upgrade's HTTP answer
 * when a router refuses it, TLS options and headers, WebSocket pings. A standard WebSocket class
 * given in the options goes to websocket-browser.ts, which bundlers for browsers take in place of
 * this module (the `browser` field of package.json).
 * @internal
 * @module
 */
import WebSocket from 'isomorphic-ws';
import { TransportError } from '../errors.js';
import type { Frame } from '../serializers/serializer.js';
import { FrameBatcher, socketOf, type BatchSink, type Corkable } from './frame-batcher.js';
import { onAbandon, type ConnectRequest, type Transport, type TransportEvents } from './transport.js';
import { readRefusal, type RefusalResponse } from './upgrade-refusal.js';
import { awaitOpen } from './websocket-browser.js';
import { noCommonSubprotocol, noop, type WebSocketOptions } from './websocket-shared.js';

/** What a `ws` WebSocket has beyond the standard API (the part used here). */
interface WsSocket {
  readonly protocol: string;
  readonly readyState: number;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): this;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'open' | 'pong', listener: () => void): this;
  on(event: 'unexpected-response', listener: (req: { destroy(): void }, res: RefusalResponse) => void): this;
  removeAllListeners(event: string): this;
  send(frame: Frame): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  /** Whether the closing handshake went both ways (what `ws` reads for a CloseEvent's `wasClean`). */
  readonly _closeFrameReceived?: boolean;
  readonly _closeFrameSent?: boolean;
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  // A Buffer is viewed as a plain Uint8Array (no copy), so what is decoded from it is plain too,
  // in Node as in browsers.
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  const bytes = Array.isArray(data) ? Buffer.concat(data) : data;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** An open `ws` WebSocket as a {@link Transport}; it is its own batch sink (no closures for that). */
class WsTransport implements Transport, BatchSink {
  readonly protocol: string;
  readonly endpoint: string;
  readonly #ws: WsSocket;
  readonly #events: TransportEvents;
  #closed = false;
  /** Whether a `pong` listener is on (added with the first ping: an idle session that never pings carries none). */
  #hearsPong = false;
  readonly #batch: FrameBatcher;

  constructor(ws: WsSocket, events: TransportEvents, endpoint: string) {
    this.endpoint = endpoint;
    this.#ws = ws;
    this.#events = events;
    this.#batch = new FrameBatcher(this);
    this.protocol = ws.protocol;
    ws.on('message', (data, isBinary) => {
      if (this.#closed) return;
      // `toString()` straight (`String()` goes through the value's primitive conversion first: ~2x slower).
      events.message(isBinary ? toBytes(data) : data.toString());
    });
    ws.on('close', (code, reason) => {
      if (this.#closed) return;
      this.#closed = true;
      const wasClean = ws._closeFrameReceived === undefined ? code !== 1006 : ws._closeFrameReceived && ws._closeFrameSent === true;
      events.close({ wasClean, code, reason: reason.length > 0 ? reason.toString() : `websocket closed (${code})` });
    });
  }

  /** @internal The batch sink: writes one frame now. */
  writeFrame(frame: Frame): void {
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(frame);
  }

  /** @internal The batch sink: the Node socket to cork around a batch. */
  corkable(): Corkable | undefined {
    return socketOf(this.#ws);
  }

  send(frame: Frame): void {
    if (this.#closed || this.#ws.readyState !== WebSocket.OPEN) return;
    this.#batch.push(frame);
  }

  /** A WebSocket ping, answered by `events.pong`. */
  ping(): void {
    if (this.#closed || this.#ws.readyState !== WebSocket.OPEN) return;
    if (!this.#hearsPong) {
      this.#hearsPong = true;
      const events = this.#events;
      this.#ws.on('pong', () => events.pong?.());
    }
    this.#ws.ping();
  }

  abort(): void {
    this.#ws.terminate();
  }

  close(code = 1000, reason = ''): void {
    this.#batch.flush();
    const state = this.#ws.readyState;
    if (state === WebSocket.CLOSING || state === WebSocket.CLOSED) return;
    this.#ws.close(code, reason);
  }
}

/**
 * Opens a WebSocket in Node: with `ws` (or a `ws`-like class given in the options) on its own
 * API; a standard WebSocket class given in the options on the standard API.
 * @internal
 */
export function openWebSocket(options: WebSocketOptions, request: ConnectRequest): Promise<Transport> {
  const { url, tls, headers } = options;
  return new Promise<Transport>((resolve, reject) => {
    const { protocols, events } = request;
    let ws: WsSocket;
    try {
      // `ws` takes TLS options and headers as a third argument.
      const Ctor = (options.WebSocket ?? WebSocket) as unknown as new (url: string, protocols: string[], options?: object) => WsSocket;
      ws = tls || headers ? new Ctor(url, [...protocols], { ...tls, ...(headers ? { headers: { ...headers } } : {}) }) : new Ctor(url, [...protocols]);
    } catch (cause) {
      reject(new TransportError(`cannot open WebSocket to ${url}: ${(cause as Error).message}`, { cause }));
      return;
    }
    if (typeof ws.on !== 'function') {
      awaitOpen(ws as unknown as globalThis.WebSocket, url, request, resolve, reject);
      return;
    }
    /** Why it failed, when known before `ws` says so (a refused upgrade). */
    let failure: TransportError | undefined;
    const settled = onAbandon(request, () => {
      ws.close();
      reject(new TransportError('connection attempt aborted'));
    });
    const done = (): void => {
      settled();
      ws.removeAllListeners('open');
      ws.removeAllListeners('unexpected-response');
      ws.removeAllListeners('close');
      // `ws` throws on an error nobody listens to; a close follows every error.
      ws.removeAllListeners('error');
      ws.on('error', noop);
    };
    ws.on('open', () => {
      done();
      if (!ws.protocol || !protocols.includes(ws.protocol)) {
        ws.close(1002, 'no WAMP subprotocol');
        reject(noCommonSubprotocol(url, protocols, ws.protocol));
        return;
      }
      const transport = new WsTransport(ws, events, url);
      // The owner hears of it now, in the open event (a session's HELLO leaves at once).
      events.open?.(transport);
      resolve(transport);
    });
    ws.on('error', (error) => {
      done();
      if (failure) reject(failure);
      else if (/subprotocol/i.test(error.message)) reject(noCommonSubprotocol(url, protocols, undefined));
      else reject(new TransportError(`cannot connect to ${url}: ${error.message}`, { cause: error }));
    });
    ws.on('close', (code) => {
      done();
      reject(failure ?? new TransportError(`connection to ${url} closed before it opened (${code})`));
    });
    // The HTTP answer of a router that refused the upgrade (a wrong path, an origin it refuses).
    ws.on('unexpected-response', (req, res) => {
      readRefusal(res, url, { other: (message) => new TransportError(message), noCommonSubprotocol: (said) => noCommonSubprotocol(url, protocols, undefined, said) }, (f) => {
        if (failure) return;
        failure = f;
        req.destroy();
        done();
        reject(f);
      });
    });
  });
}
