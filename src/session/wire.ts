/**
 * The wire of one session run: opens the transport offering the serializers' subprotocols, loads
 * only the serializer the router agreed to (MessagePack and CBOR are imported on demand), 
 * turns frames into validated messages (and messages into frames), and reports what happened.
 * The session supplies it to the machine as the `transport` actor.
 * @internal
 * @module
 */
import { ProtocolError, TransportError } from '../errors.js';
import { decodeMessage, encodeMessage } from '../protocol/codec.js';
import type { WampMessage } from '../protocol/messages.js';
import { serializerId, type SerializerSpec } from '../serializers/load.js';
import type { Serializer } from '../serializers/serializer.js';
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

/** One run's connection: send messages, close. */
export class Wire {
  #transport: Transport | undefined;
  #serializer: Serializer | undefined;
  #stopped = false;
  readonly #controller = new AbortController();

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
    const stop = (reason: string, wasClean: boolean, error: Error | undefined): void => {
      if (this.#stopped) return;
      this.#stopped = true;
      this.#transport = undefined;
      events.closed(reason, wasClean, error);
    };
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
          const size = typeof frame === 'string' ? frame.length : frame.byteLength;
          if (size > maxMessageBytes) {
            events.violation(`message of ${size} bytes exceeds the limit of ${maxMessageBytes}`);
            return;
          }
          let msg: WampMessage;
          try {
            msg = decodeMessage(serializer.decode(frame));
          } catch (error) {
            events.violation(error instanceof ProtocolError ? error.message : `malformed message: ${(error as Error).message}`);
            return;
          }
          events.message(msg);
        },
        close: (info) => stop(info.reason, info.wasClean, info.error),
      },
    }).then(
      (t) => {
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

  /** The agreed serializer's subprotocol id, once open. */
  get protocol(): string | undefined {
    return this.#serializer?.id;
  }

  /** Sends a message; dropped when the transport is not open. */
  send(message: WampMessage): void {
    const t = this.#transport;
    const s = this.#serializer;
    if (!t || !s) return;
    t.send(s.encode(encodeMessage(message)));
  }

  /** Closes the transport (or abandons the attempt). Nothing is reported after it. Idempotent. */
  close(): void {
    this.#stopped = true;
    this.#controller.abort();
    const t = this.#transport;
    this.#transport = undefined;
    t?.close(1000, 'session ended');
  }
}
