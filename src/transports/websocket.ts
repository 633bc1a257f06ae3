/**
 * WebSocket transport over `isomorphic-ws`: the `ws` package in Node, the global WebSocket in
 * browsers, the same code for both.
 * @module
 */
import WebSocket from 'isomorphic-ws';
import { TransportError } from '../errors.js';
import type { Frame } from '../serializers/serializer.js';
import { FrameBatcher, socketOf } from './frame-batcher.js';
import type { ConnectRequest, Connector, Transport, TransportEvents } from './transport.js';

/** Options of {@link webSocketConnector}. */
export interface WebSocketOptions {
  /** `ws://` or `wss://` URL of the router's WebSocket endpoint. */
  readonly url: string;
  /** The WebSocket constructor to use (default: `isomorphic-ws`'s). */
  readonly WebSocket?: typeof globalThis.WebSocket;
}

class WebSocketTransport implements Transport {
  readonly protocol: string;
  #ws: WebSocket;
  #closed = false;
  readonly #batch: FrameBatcher;

  constructor(ws: WebSocket, events: TransportEvents) {
    this.#ws = ws;
    this.#batch = new FrameBatcher(
      (f) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(f);
      },
      () => socketOf(ws),
    );
    this.protocol = ws.protocol;
    ws.onmessage = (ev) => {
      if (this.#closed) return;
      const data = ev.data as unknown;
      events.message(typeof data === 'string' ? data : toBytes(data));
    };
    ws.onclose = (ev) => {
      if (this.#closed) return;
      this.#closed = true;
      events.close({ wasClean: ev.wasClean, code: ev.code, reason: ev.reason || `websocket closed (${ev.code})` });
    };
    ws.onerror = () => {
      /* a close event follows every error */
    };
  }

  send(frame: Frame): void {
    if (this.#closed || this.#ws.readyState !== WebSocket.OPEN) return;
    this.#batch.push(frame);
  }

  close(code = 1000, reason = ''): void {
    this.#batch.flush();
    if (this.#ws.readyState === WebSocket.CLOSING || this.#ws.readyState === WebSocket.CLOSED) return;
    this.#ws.close(code, reason);
  }
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
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
  return ({ protocols, events, signal }: ConnectRequest) =>
    new Promise<Transport>((resolve, reject) => {
      let ws: WebSocket;
      try {
        ws = new Ctor(options.url, [...protocols]);
      } catch (cause) {
        reject(new TransportError(`cannot open WebSocket to ${options.url}`, { cause }));
        return;
      }
      ws.binaryType = 'arraybuffer';
      const onAbort = (): void => {
        ws.close();
        reject(new TransportError('connection attempt aborted', { cause: signal?.reason }));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      ws.onopen = () => {
        signal?.removeEventListener('abort', onAbort);
        if (!ws.protocol || !protocols.includes(ws.protocol)) {
          ws.close(1002, 'no WAMP subprotocol');
          reject(new TransportError(`router at ${options.url} agreed to none of ${protocols.join(', ')} (got "${ws.protocol}")`));
          return;
        }
        resolve(new WebSocketTransport(ws, events));
      };
      ws.onerror = (ev) => {
        signal?.removeEventListener('abort', onAbort);
        const msg = (ev as { message?: string }).message;
        reject(new TransportError(`cannot connect to ${options.url}${msg ? `: ${msg}` : ''}`));
      };
      ws.onclose = (ev) => {
        signal?.removeEventListener('abort', onAbort);
        reject(new TransportError(`connection to ${options.url} closed before it opened (${ev.code})`));
      };
    });
}
