/**
 * The wire of one session run: opens the transport offering the serializers' subprotocols, loads
 * only the serializer the router agreed to (MessagePack and CBOR are imported on demand), 
 * turns frames into validated messages (and messages into frames), and reports what happened.
 * The session supplies it to the machine as the `transport` actor.
 * @internal
 * @module
 */
import { ProtocolError, SessionClosedError, TransportError, UsageError } from '../errors.js';
import { decodeFromRouter, encodeToRouter } from '../protocol/codec.js';
import { ErrorUri } from '../protocol/error-uris.js';
import { messageTypeName } from '../protocol/message-type.js';
import type { WampMessage } from '../protocol/messages.js';
import { serializerId, type SerializerSpec } from '../serializers/load.js';
import type { Frame, Serializer } from '../serializers/serializer.js';
import { Heartbeat, type HeartbeatClock, type HeartbeatOptions } from '../util/heartbeat.js';
import type { Connector, Transport } from '../transports/transport.js';

/** What the wire tells its session. */
export interface WireEvents {
  /** The transport is open with a serializer that was offered. */
  opened(): void;
  /** A valid message arrived. */
  message(msg: WampMessage): void;
  /** A frame was too large, malformed or not a valid message. */
  violation(text: string): void;
  /** The transport closed, or could not be opened. Called once; nothing follows it. */
  closed(reason: string, wasClean: boolean, error: Error | undefined): void;
}

/** UTF-8 length of a string, without encoding it. */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** One run's connection: send messages, close. */
export class Wire {
  #transport: Transport | undefined;
  #serializer: Serializer | undefined;
  readonly #maxBytes: number;
  #heartbeat: Heartbeat | undefined;
  readonly #stop: (reason: string, wasClean: boolean, error: Error | undefined) => void;
  #stopped = false;
  readonly #controller = new AbortController();
  /** Whether the connector is still at work (only then is there an attempt to abort). */
  #attempting = true;

  /**
   * Opens the transport.
   * @param connector - how to connect.
   * @param offered - serializers offered, in order of preference (validated names).
   * @param load - makes (or loads, once) the serializer the router agreed to.
   * @param maxMessageBytes - larger frames are a violation.
   * @param events - where to report.
   */
  constructor(
    connector: Connector,
    offered: readonly SerializerSpec[],
    load: (spec: SerializerSpec) => Promise<Serializer>,
    maxMessageBytes: number,
    events: WireEvents,
  ) {
    this.#maxBytes = maxMessageBytes;
    const stop = (reason: string, wasClean: boolean, error: Error | undefined): void => {
      if (this.#stopped) return;
      this.#stopped = true;
      this.#heartbeat?.stop();
      this.#transport = undefined;
      events.closed(reason, wasClean, error);
    };
    this.#stop = stop;
    this.#connect(connector, offered, load, maxMessageBytes, events, stop);
  }

  #connect(
    connector: Connector,
    offered: readonly SerializerSpec[],
    load: (spec: SerializerSpec) => Promise<Serializer>,
    maxMessageBytes: number,
    events: WireEvents,
    stop: (reason: string, wasClean: boolean, error: Error | undefined) => void,
  ): void {
    const failed = (error: unknown): void => {
      this.#attempting = false;
      const e = error instanceof Error ? error : new Error(String(error));
      stop(e.message, false, e);
    };
    connector({
      protocols: offered.map(serializerId),
      signal: this.#controller.signal,
      events: {
        message: (frame) => {
          const serializer = this.#serializer;
          if (this.#stopped || !serializer) return;
          this.#heartbeat?.seen();
          const size = typeof frame === 'string' ? frame.length : frame.byteLength;
          if (size > maxMessageBytes) {
            events.violation(`message of ${size} bytes exceeds the limit of ${maxMessageBytes}`);
            return;
          }
          let msg: WampMessage;
          try {
            msg = decodeFromRouter(serializer.decode(frame));
          } catch (error) {
            events.violation(error instanceof ProtocolError ? error.message : `malformed message: ${(error as Error).message}`);
            return;
          }
          events.message(msg);
        },
        close: (info) => stop(info.reason, info.wasClean, info.error),
        pong: () => this.#heartbeat?.seen(),
      },
    }).then(
      (t) => {
        this.#attempting = false;
        if (this.#stopped) {
          t.close(1000, 'session ended');
          return;
        }
        const spec = offered.find((s) => serializerId(s) === t.protocol);
        if (spec === undefined) {
          t.close(1002, 'unexpected subprotocol');
          const error = new TransportError(`transport agreed to ${t.protocol}, which was not offered`);
          stop(error.message, false, error);
          return;
        }
        load(spec).then((serializer) => {
          if (this.#stopped) {
            t.close(1000, 'session ended');
            return;
          }
          this.#transport = t;
          this.#serializer = serializer;
          events.opened();
        }, (error: unknown) => {
          t.close(1011, 'serializer failed to load');
          failed(error);
        });
      },
      failed,
    );
  }

  /** The router's URL this run is connected to, when the transport knows. */
  get endpoint(): string | undefined {
    return this.#transport?.endpoint;
  }

  /** The agreed serializer's subprotocol id, once open. */
  get protocol(): string | undefined {
    return this.#serializer?.id;
  }

  /**
   * Sends a message: the one path every outgoing message takes.
   * @returns `undefined` when it went out; else why not, as an error (nothing is thrown): a
   * {@link UsageError} `wamp.error.invalid_argument` when the serializer cannot encode it or it
   * is larger than the message limit, a {@link TransportError} when the transport refused it, a
   * {@link SessionClosedError} when the transport is not open.
   */
  send(message: WampMessage): Error | undefined {
    const frame = this.encode(message);
    return typeof frame === 'object' && frame instanceof Error ? frame : this.sendFrame(frame);
  }

  /**
   * Encodes a message as {@link Wire.send} would send it.
   * @returns the frame, or why it cannot be sent (as {@link Wire.send} says).
   */
  encode(message: WampMessage): Frame | Error {
    const s = this.#serializer;
    if (!this.#transport || !s) return new SessionClosedError('not connected');
    let frame: Frame;
    try {
      frame = s.encode(encodeToRouter(message));
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return new UsageError(ErrorUri.INVALID_ARGUMENT, `${messageTypeName(message.type)} cannot be encoded with ${s.id}: ${why}`, { cause: error });
    }
    // A string's length counts UTF-16 units: at least a third of its UTF-8 bytes, so only a
    // string that may be too large pays for counting them.
    const size = typeof frame === 'string' ? (frame.length * 3 > this.#maxBytes ? utf8Length(frame) : frame.length) : frame.byteLength;
    if (size > this.#maxBytes) {
      return new UsageError(ErrorUri.INVALID_ARGUMENT, `${messageTypeName(message.type)} of ${size} bytes exceeds the message limit of ${this.#maxBytes} bytes`);
    }
    return frame;
  }

  /** Sends an encoded frame. @returns `undefined` when it went out, else why not. */
  sendFrame(frame: Frame): Error | undefined {
    const t = this.#transport;
    if (!t) return new SessionClosedError('not connected');
    try {
      t.send(frame);
    } catch (error) {
      return new TransportError(`send failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return undefined;
  }

  /**
   * Starts the heartbeat of this run (once established): a transport ping where there is one,
   * else `probe` (a WAMP round trip); silence past the timeout fails the run with a
   * {@link TransportError} "no heartbeat for N ms", as a lost connection.
   */
  startHeartbeat(options: HeartbeatOptions, probe: () => void, clock?: HeartbeatClock): void {
    if (this.#stopped || this.#heartbeat) return;
    const ping = this.#transport?.ping;
    this.#heartbeat = new Heartbeat(
      options,
      ping ? () => this.#transport?.ping?.() : probe,
      (silent) => this.fail(new TransportError(`no heartbeat for ${silent} ms`)),
      clock,
    );
  }

  /**
   * Ends this run because of a local failure (a HELLO that cannot be sent, say): closes the
   * transport and reports `closed` with `error`, as a lost connection is reported.
   */
  fail(error: Error): void {
    const t = this.#transport;
    if (this.#attempting) this.#controller.abort();
    this.#stop(error.message, false, error);
    // No closing handshake with a peer that failed us (it may be frozen): drop the socket.
    if (t?.abort) t.abort();
    else t?.close(1011, 'session failed');
  }

  /** Closes the transport (or abandons the attempt). Nothing is reported after it. Idempotent. */
  close(): void {
    this.#stopped = true;
    this.#heartbeat?.stop();
    if (this.#attempting) this.#controller.abort();
    const t = this.#transport;
    this.#transport = undefined;
    t?.close(1000, 'session ended');
  }
}
