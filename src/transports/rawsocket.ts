/**
 * WAMP-over-RawSocket client transport for Node (TCP or a Unix socket). Node-only: it lives
 * behind the `wampkit/rawsocket` subpath so browser bundles never see `node:net`.
 * @module
 */
import { connect as netConnect, type Socket } from 'node:net';
import { TransportError } from '../errors.js';
import type { Frame } from '../serializers/serializer.js';
import { FrameBatcher } from './frame-batcher.js';
import {
  FrameReader,
  RAWSOCKET_SERIALIZERS,
  RawSocketFrameType,
  decodeHandshake,
  encodeFrameHeader,
  encodeHandshake,
} from './rawsocket-framing.js';
import type { ConnectRequest, Connector, Transport, TransportEvents } from './transport.js';

/** Options of {@link rawSocketConnector}. */
export interface RawSocketOptions {
  /** `tcp://host:port` or `unix:///path/to.sock`. */
  readonly url: string;
  /** The largest message we accept, in bytes (rounded down to a power of two, 512 B–16 MiB). Default 16 MiB. */
  readonly maxMessageBytes?: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

class RawSocketTransport implements Transport {
  readonly protocol: string;
  readonly #socket: Socket;
  readonly #maxSend: number;
  readonly #text: boolean;
  #closed = false;

  constructor(socket: Socket, protocol: string, maxSend: number, reader: FrameReader, events: TransportEvents, rest: Uint8Array) {
    this.#socket = socket;
    this.protocol = protocol;
    this.#maxSend = maxSend;
    this.#text = protocol === 'wamp.2.json';
    const onData = (chunk: Uint8Array): void => {
      if (this.#closed) return;
      let frames;
      try {
        frames = reader.push(chunk);
      } catch (error) {
        this.#fail(events, error as Error);
        return;
      }
      for (const f of frames) {
        if (f.type === RawSocketFrameType.REGULAR) events.message(this.#text ? decoder.decode(f.payload) : f.payload.slice());
        else if (f.type === RawSocketFrameType.PING) this.#write(RawSocketFrameType.PONG, f.payload);
      }
    };
    socket.on('data', onData);
    socket.on('close', () => {
      if (this.#closed) return;
      this.#closed = true;
      events.close({ wasClean: false, reason: 'rawsocket closed' });
    });
    socket.on('error', () => undefined);
    if (rest.length > 0) onData(rest);
  }

  #fail(events: TransportEvents, error: Error): void {
    this.#closed = true;
    this.#socket.destroy();
    events.close({ wasClean: false, reason: error.message, error });
  }

  #batch: FrameBatcher | undefined;

  #write(type: number, payload: Uint8Array): void {
    this.#socket.write(encodeFrameHeader(type, payload.length));
    this.#socket.write(payload);
  }

  send(frame: Frame): void {
    if (this.#closed) return;
    const payload = typeof frame === 'string' ? encoder.encode(frame) : frame;
    if (payload.length > this.#maxSend) {
      throw new TransportError(`message of ${payload.length} bytes exceeds the router's RawSocket limit of ${this.#maxSend}`);
    }
    this.#batch ??= new FrameBatcher(
      (f) => {
        if (!this.#closed) this.#write(RawSocketFrameType.REGULAR, f as Uint8Array);
      },
      () => this.#socket,
    );
    this.#batch.push(payload);
  }

  close(): void {
    if (this.#closed) return;
    this.#batch?.flush();
    this.#socket.end();
  }
}

function parseUrl(url: string): { host: string; port: number } | { path: string } {
  const u = new URL(url);
  if (u.protocol === 'unix:') return { path: u.pathname };
  if (u.protocol !== 'tcp:' && u.protocol !== 'rs:' && u.protocol !== 'rss:') throw new TransportError(`not a RawSocket URL: ${url}`);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port) };
}

function attempt(url: string, serializer: string, maxBytes: number, events: TransportEvents, signal?: AbortSignal): Promise<Transport | 'unsupported'> {
  const id = RAWSOCKET_SERIALIZERS[serializer];
  if (id === undefined) return Promise.resolve('unsupported');
  return new Promise((resolve, reject) => {
    const target = parseUrl(url);
    const socket = 'path' in target ? netConnect({ path: target.path }) : netConnect({ host: target.host, port: target.port });
    let got = new Uint8Array(0);
    const onAbort = (): void => {
      socket.destroy();
      reject(new TransportError('connection attempt aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (): void => {
      signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners('data');
      socket.removeAllListeners('error');
      socket.removeAllListeners('close');
    };
    socket.on('connect', () => socket.write(encodeHandshake(id, maxBytes)));
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
      resolve(new RawSocketTransport(socket, serializer, hs.maxLength, new FrameReader(2 ** (Math.log2(maxBytes) | 0)), events, got.subarray(4)));
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
  const maxBytes = Math.max(512, Math.min(options.maxMessageBytes ?? 16 * 1024 * 1024, 16 * 1024 * 1024));
  return async ({ protocols, events, signal }: ConnectRequest) => {
    for (const p of protocols) {
      const t = await attempt(options.url, p, maxBytes, events, signal);
      if (t !== 'unsupported') return t;
    }
    throw new TransportError(`${options.url} accepts none of ${protocols.join(', ')} over RawSocket`);
  };
}
