/**
 * One WAMP-over-RawSocket connection after the handshake, for either side: reads frames
 * (answering PING with PONG), writes frames in per-tick corked batches.
 * @internal
 * @module
 */
import type { Socket } from 'node:net';
import { TransportError } from '../errors.js';
import type { Frame } from '../serializers/serializer.js';
import { FrameBatcher } from './frame-batcher.js';
import { FrameReader, RawSocketFrameType, encodeFrameHeader } from './rawsocket-framing.js';
import type { Transport, TransportEvents } from './transport.js';

const encoder = new TextEncoder();
// Fatal: a JSON frame that is not UTF-8 is refused, never read with replacement characters.
const decoder = new TextDecoder('utf-8', { fatal: true });

/** A RawSocket connection as a {@link Transport}. */
export class RawSocketConnection implements Transport {
  readonly protocol: string;
  readonly #socket: Socket;
  readonly #maxSend: number;
  readonly #text: boolean;
  readonly #oversize: 'throw' | 'close';
  readonly #batch: FrameBatcher;
  readonly #canPing: boolean;
  /** Where it is connected (client side: the router's URL). */
  readonly endpoint: string | undefined;
  #closed = false;

  /** Bytes written but not yet flushed to the network. */
  get bufferedAmount(): number {
    return this.#socket.writableLength;
  }

  /**
   * @param socket - the connected socket, handshake done.
   * @param protocol - the agreed subprotocol.
   * @param maxSend - the largest message the peer accepts.
   * @param oversize - what a too large outgoing message does: throw (client) or close (router).
   * @param options - `ping`: whether {@link RawSocketConnection.ping} is offered (PINGs are always
   *   answered); `endpoint`: the peer's URL, when known.
   */
  constructor(socket: Socket, protocol: string, maxSend: number, oversize: 'throw' | 'close', options: { readonly ping: boolean; readonly endpoint?: string }) {
    this.#socket = socket;
    this.protocol = protocol;
    this.#canPing = options.ping;
    this.endpoint = options.endpoint;
    this.#maxSend = maxSend;
    this.#text = protocol === 'wamp.2.json';
    this.#oversize = oversize;
    this.#batch = new FrameBatcher({
      writeFrame: (f) => {
        if (!this.#closed) this.#write(RawSocketFrameType.REGULAR, f as Uint8Array);
      },
      corkable: () => socket,
    });
  }

  /**
   * Starts reading: frames go to `events`, then the close.
   * @param reader - enforces the largest message this side accepts.
   * @param rest - bytes that arrived with the handshake.
   */
  #reader: FrameReader | undefined;
  #maxIncoming: number | undefined;

  /** Sets the largest incoming frame accepted from now on (also before `listen`). */
  setMaxIncoming(bytes: number): void {
    this.#maxIncoming = bytes;
    this.#reader?.setMaxLength(bytes);
  }

  listen(events: TransportEvents, reader: FrameReader, rest: Uint8Array): void {
    this.#reader = reader;
    if (this.#maxIncoming !== undefined) reader.setMaxLength(this.#maxIncoming);
    const onData = (chunk: Uint8Array): void => {
      if (this.#closed) return;
      let frames;
      try {
        frames = reader.push(chunk);
      } catch (error) {
        this.#closed = true;
        this.#socket.destroy();
        events.close({ wasClean: false, reason: (error as Error).message, error: error as Error });
        return;
      }
      for (const f of frames) {
        if (f.type === RawSocketFrameType.REGULAR) {
          let frame: Frame;
          try {
            frame = this.#text ? decoder.decode(f.payload) : f.payload.slice();
          } catch {
            this.#closed = true;
            this.#socket.destroy();
            events.close({ wasClean: false, reason: 'a JSON frame that is not valid UTF-8' });
            return;
          }
          events.message(frame);
        } else if (f.type === RawSocketFrameType.PING) this.#write(RawSocketFrameType.PONG, f.payload);
        else if (f.type === RawSocketFrameType.PONG) events.pong?.();
      }
    };
    this.#socket.on('data', onData);
    this.#socket.on('close', () => {
      if (this.#closed) return;
      this.#closed = true;
      events.close({ wasClean: false, reason: 'rawsocket closed' });
    });
    this.#socket.on('error', () => undefined);
    if (rest.length > 0) onData(rest);
  }

  /** Destroys the socket at once. */
  abort(): void {
    this.#socket.destroy();
  }

  /**
   * Sends a RawSocket PING; the peer's PONG is reported as `events.pong`. Absent unless asked for:
   * some peers (Crossbar.io, Autobahn|Python) read a PING frame as the length of a 16 MiB message
   * and stop reading the stream.
   */
  get ping(): (() => void) | undefined {
    if (!this.#canPing) return undefined;
    return () => {
      if (!this.#closed) this.#write(RawSocketFrameType.PING, new Uint8Array(0));
    };
  }

  #write(type: number, payload: Uint8Array): void {
    this.#socket.write(encodeFrameHeader(type, payload.length));
    this.#socket.write(payload);
  }

  /** @throws {@link TransportError} (client side) when the message exceeds the peer's limit. */
  send(frame: Frame): void {
    if (this.#closed) return;
    const payload = typeof frame === 'string' ? encoder.encode(frame) : frame;
    if (payload.length > this.#maxSend) {
      if (this.#oversize === 'throw') {
        throw new TransportError(`message of ${payload.length} bytes exceeds the peer's RawSocket limit of ${this.#maxSend}`);
      }
      this.close();
      return;
    }
    this.#batch.push(payload);
  }

  close(): void {
    if (this.#closed) return;
    this.#batch.flush();
    this.#socket.end();
  }
}
