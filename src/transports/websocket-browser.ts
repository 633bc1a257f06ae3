/**
 * The WebSocket transport on the standard WebSocket API: browsers' global `WebSocket`, or a
 * WebSocket class given in the options. Bundlers building for browsers take this module in
 * place of websocket-node.ts (the `browser` field of package.json), so no Node code reaches a
 * page; in Node it serves a standard WebSocket class given in the options.
 * @internal
 * @module
 */
import { TransportError } from '../errors.js';
import type { Frame } from '../serializers/serializer.js';
import { FrameBatcher, type BatchSink } from './frame-batcher.js';
import { onAbandon, type ConnectRequest, type Transport, type TransportEvents } from './transport.js';
import { noCommonSubprotocol, noop, type WebSocketOptions } from './websocket-shared.js';

/** `WebSocket.OPEN`, `CLOSING`, `CLOSED` (constants of the standard API). */
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/** A binary message's bytes (an ArrayBuffer, as binaryType 'arraybuffer' gives; a view of one); none for anything else, which then fails to decode. */
function toBytes(data: unknown): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(0);
}

/** An open standard WebSocket as a {@link Transport}; it is its own batch sink. */
class StandardWebSocketTransport implements Transport, BatchSink {
  readonly protocol: string;
  readonly endpoint: string;
  readonly #ws: WebSocket;
  #closed = false;
  readonly #batch: FrameBatcher;

  constructor(ws: WebSocket, events: TransportEvents, endpoint: string) {
    this.endpoint = endpoint;
    this.#ws = ws;
    this.#batch = new FrameBatcher(this);
    this.protocol = ws.protocol;
    ws.onmessage = (ev) => {
      if (this.#closed) return;
      const data = ev.data as unknown;
      events.message(typeof data === 'string' ? data : toBytes(data));
    };
    ws.onerror = noop;
    ws.onclose = (ev) => {
      if (this.#closed) return;
      this.#closed = true;
      events.close({ wasClean: ev.wasClean, code: ev.code, reason: ev.reason || `websocket closed (${ev.code})` });
    };
  }

  /** @internal The batch sink: writes one frame now. */
  writeFrame(frame: Frame): void {
    if (this.#ws.readyState === OPEN) this.#ws.send(frame);
  }

  /** @internal The batch sink: nothing to cork in a browser. */
  corkable(): undefined {
    return undefined;
  }

  send(frame: Frame): void {
    if (this.#closed || this.#ws.readyState !== OPEN) return;
    this.#batch.push(frame);
  }

  abort(): void {
    this.#ws.close(4000, 'unresponsive');
  }

  close(code = 1000, reason = ''): void {
    this.#batch.flush();
    const state = this.#ws.readyState;
    if (state === CLOSING || state === CLOSED) return;
    this.#ws.close(code, reason);
  }
}

/**
 * Waits for a standard WebSocket to open, then settles with its transport (or why it failed).
 * @internal
 */
export function awaitOpen(ws: WebSocket, url: string, request: ConnectRequest, resolve: (t: Transport) => void, reject: (e: TransportError) => void): void {
  const { protocols, events } = request;
  ws.binaryType = 'arraybuffer';
  const settled = onAbandon(request, () => {
    ws.close();
    reject(new TransportError('connection attempt aborted'));
  });
  ws.onopen = () => {
    settled();
    ws.onopen = null;
    if (!ws.protocol || !protocols.includes(ws.protocol)) {
      ws.close(1002, 'no WAMP subprotocol');
      reject(noCommonSubprotocol(url, protocols, ws.protocol));
      return;
    }
    const transport = new StandardWebSocketTransport(ws, events, url);
    // The owner hears of it now, in the open event (a session's HELLO leaves at once).
    events.open?.(transport);
    resolve(transport);
  };
  ws.onerror = (ev) => {
    settled();
    const msg = (ev as { message?: string }).message;
    if (msg && /subprotocol/i.test(msg)) reject(noCommonSubprotocol(url, protocols, undefined));
    else reject(new TransportError(`cannot connect to ${url}${msg ? `: ${msg}` : ' (the browser gives no reason: check the URL, the path and that the router is up)'}`));
  };
  ws.onclose = (ev) => {
    settled();
    reject(new TransportError(`connection to ${url} closed before it opened (${ev.code})`));
  };
}

/**
 * Opens a WebSocket with the standard API (the global `WebSocket`, or the one in `options`).
 * @internal
 */
export function openWebSocket(options: WebSocketOptions, request: ConnectRequest): Promise<Transport> {
  return new Promise<Transport>((resolve, reject) => {
    let ws: WebSocket;
    try {
      ws = new (options.WebSocket ?? WebSocket)(options.url, [...request.protocols]);
    } catch (cause) {
      reject(new TransportError(`cannot open WebSocket to ${options.url}: ${(cause as Error).message}`, { cause }));
      return;
    }
    awaitOpen(ws, options.url, request, resolve, reject);
  });
}
