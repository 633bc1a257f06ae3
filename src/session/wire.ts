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
import * as ErrorUri from '../protocol/error-uris.js';
import { MessageType, messageTypeName } from '../protocol/message-type.js';
import type { WampDict, WampMessage } from '../protocol/messages.js';
import { serializerId, type SerializerSpec } from '../serializers/load.js';
import type { Frame, Serializer } from '../serializers/serializer.js';
import type { Heartbeat, HeartbeatClock, HeartbeatTarget, HeartbeatTiming } from '../util/heartbeat.js';
import type { ConnectRequest, Connector, Transport, TransportCloseInfo, TransportEvents } from '../transports/transport.js';

/** What the wire asks of, and tells, its session. */
export interface WireEvents {
  /** The serializer the router agreed to: at hand, or made (or loaded) once. */
  load(spec: SerializerSpec): Serializer | Promise<Serializer>;
  /** The transport is open with a serializer that was offered (`wire` may still be in its constructor: a connector can open at once). */
  opened(wire: Wire): void;
  /** A valid message arrived. */
  message(msg: WampMessage): void;
  /** A frame was too large, malformed or not a valid message. */
  violation(text: string): void;
  /** The transport closed, or could not be opened. Called once; nothing follows it. */
  closed(reason: string, wasClean: boolean, error: Error | undefined): void;
}

/** What the heartbeat's WAMP probe calls (where the transport has no ping of its own). */
export interface WireProbe {
  /** Sends a cheap WAMP round trip; whatever comes back is a sign of life. */
  probe(): void;
}

/** The last frame sent by {@link Wire.sendAlike}, with what it was encoded for. */
let lastAlike: { readonly key: string; readonly serializer: Serializer; readonly maxBytes: number; readonly frame: Frame } | undefined;

/**
 * The last WELCOME read from JSON text: the frame from its details on, and those details (which
 * the session shares and freezes). A router greets every session alike but for the id, so of a
 * WELCOME like the last only the head is parsed again; one that differs replaces it (one of each
 * per process).
 */
let welcomeTail: string | undefined;
let welcomeDetails: WampDict | undefined;

type HeartbeatModule = typeof import('../util/heartbeat.js');
/** The heartbeat's module, once loaded (by any session). */
let heartbeatModule: HeartbeatModule | undefined;

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

/**
 * One connection attempt as its connector sees it. Its `signal` is made only when a connector
 * reads it (an AbortController and its listeners cost ~45 µs per connect before the JIT warms);
 * wampkit's own connectors use {@link ConnectRequest.onAbort} instead.
 */
class Attempt implements ConnectRequest {
  readonly protocols: readonly string[];
  readonly events: TransportEvents;
  readonly #offered: readonly SerializerSpec[];
  #controller: AbortController | undefined;
  #abandon: (() => void) | undefined;
  #aborted = false;

  constructor(offered: readonly SerializerSpec[], events: TransportEvents) {
    this.#offered = offered;
    this.protocols = offered.map(serializerId);
    this.events = events;
  }

  /** The offered serializer whose subprotocol the transport agreed to, if any. */
  specOf(protocol: string): SerializerSpec | undefined {
    return this.#offered.find((s) => serializerId(s) === protocol);
  }

  get signal(): AbortSignal {
    const c = (this.#controller ??= new AbortController());
    if (this.#aborted && !c.signal.aborted) c.abort();
    return c.signal;
  }

  onAbort(abandon: () => void): void {
    if (this.#aborted) abandon();
    else this.#abandon = abandon;
  }

  /** Abandons the attempt (once). */
  abort(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    const abandon = this.#abandon;
    this.#abandon = undefined;
    abandon?.();
    this.#controller?.abort();
  }
}

/**
 * One run's connection: send messages, end. It is the transport's listener itself (its
 * `message`, `close` and `pong`), and the heartbeat's, so a connection carries no closures.
 */
export class Wire implements TransportEvents, HeartbeatTarget {
  #transport: Transport | undefined;
  #serializer: Serializer | undefined;
  readonly #maxBytes: number;
  readonly #events: WireEvents;
  #heartbeat: Heartbeat | undefined;
  #probe: WireProbe | undefined;
  #stopped = false;
  /** Whether a transport was opened and has not reported its close yet. */
  #connected = false;
  /** Called when that transport reports its close (set by {@link Wire.released}). */
  #onReleased: (() => void) | undefined;
  /** The connector's attempt; there only while it is at work (only then is there an attempt to abort). */
  #attempt: Attempt | undefined;

  /**
   * Opens the transport.
   * @param connector - how to connect.
   * @param offered - serializers offered, in order of preference (validated names).
   * @param maxMessageBytes - larger frames are a violation.
   * @param events - where to load the agreed serializer, and where to report.
   */
  constructor(connector: Connector, offered: readonly SerializerSpec[], maxMessageBytes: number, events: WireEvents) {
    this.#maxBytes = maxMessageBytes;
    this.#events = events;
    const attempt = (this.#attempt = new Attempt(offered, this));
    connector(attempt).then(
      (t) => {
        // Settled already when the connector said `open` (with this transport) before resolving.
        if (this.#attempt === attempt) this.#opened(t);
      },
      (error: unknown) => {
        if (this.#attempt === attempt) this.#failed(error);
      },
    );
  }

  /** @internal The transport's listener: it opened (the connector says so before its promise resolves). */
  open(t: Transport): void {
    if (this.#attempt === undefined) return;
    try {
      this.#opened(t);
    } catch (error) {
      // Called from inside the connector's open handler: never throw into it.
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  #failed(error: unknown): void {
    this.#attempt = undefined;
    const e = error instanceof Error ? error : new Error(String(error));
    this.#stop(e.message, false, e);
  }

  #stop(reason: string, wasClean: boolean, error: Error | undefined): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#heartbeat?.stop();
    this.#transport = undefined;
    this.#events.closed(reason, wasClean, error);
  }

  #opened(t: Transport): void {
    const spec = this.#attempt?.specOf(t.protocol);
    this.#attempt = undefined;
    if (this.#stopped) {
      t.close(1000, 'session ended');
      return;
    }
    if (spec === undefined) {
      t.close(1002, 'unexpected subprotocol');
      const error = new TransportError(`transport agreed to ${t.protocol}, which was not offered`);
      this.#stop(error.message, false, error);
      return;
    }
    const got = this.#events.load(spec);
    // A serializer at hand (JSON, or one loaded before) takes no promise turn.
    if (!(got instanceof Promise)) {
      this.#ready(t, got);
      return;
    }
    got.then(
      (serializer) => this.#ready(t, serializer),
      (error: unknown) => {
        t.close(1011, 'serializer failed to load');
        this.#failed(error);
      },
    );
  }

  #ready(t: Transport, serializer: Serializer): void {
    if (this.#stopped) {
      t.close(1000, 'session ended');
      return;
    }
    this.#transport = t;
    this.#serializer = serializer;
    this.#connected = true;
    this.#events.opened(this);
  }

  /** @internal The transport's listener: a frame arrived. */
  message(frame: Frame): void {
    const serializer = this.#serializer;
    if (this.#stopped || !serializer) return;
    this.#heartbeat?.seen();
    const size = typeof frame === 'string' ? frame.length : frame.byteLength;
    if (size > this.#maxBytes) {
      this.#events.violation(`message of ${size} bytes exceeds the limit of ${this.#maxBytes}`);
      return;
    }
    // A WELCOME in JSON, `[2,` id `,{` details `}]` (bytes never match: their items are numbers):
    // when its details are the last one's, only its head is parsed and checked again. One over
    // 16 KB is neither reused nor kept.
    const at = frame[1] === '2' && size < 16_384 ? (frame as string).indexOf(',{') : -1;
    const tail = at > 0 ? (frame as string).slice(at) : undefined;
    const same = tail === welcomeTail && welcomeDetails;
    let msg: WampMessage;
    try {
      msg = decodeFromRouter(serializer.decode(same ? (frame as string).slice(0, at) + ',{}]' : frame));
    } catch (error) {
      this.#events.violation(error instanceof ProtocolError ? error.message : `malformed message: ${(error as Error).message}`);
      return;
    }
    if (tail && msg.type === MessageType.WELCOME) (welcomeTail = tail), (msg.details = welcomeDetails = same || msg.details);
    this.#events.message(msg);
  }

  /** @internal The transport's listener: it closed. */
  close(info: TransportCloseInfo): void {
    this.#connected = false;
    this.#onReleased?.();
    this.#stop(info.reason, info.wasClean, info.error);
  }

  /**
   * Resolves once the transport has closed (after {@link Wire.end}: the closing handshake is
   * done and the socket released); `undefined` when there is no open transport to wait for.
   */
  released(): Promise<void> | undefined {
    if (!this.#connected) return undefined;
    return new Promise<void>((resolve) => {
      const before = this.#onReleased;
      this.#onReleased = () => {
        before?.();
        resolve();
      };
    });
  }

  /** @internal The transport's listener: the peer answered a ping. */
  pong(): void {
    this.#heartbeat?.seen();
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

  /**
   * Sends a message that sessions send alike again and again (an anonymous HELLO): its frame is
   * encoded once and reused while `key`, the serializer and the message limit stay the same (one
   * frame for the whole process: no growth).
   * @param key - says everything `make` puts in the message.
   * @param make - makes the message, when it must be encoded.
   * @returns as {@link Wire.send} does.
   */
  sendAlike(key: string, make: () => WampMessage): Error | undefined {
    const s = this.#serializer;
    const last = lastAlike;
    if (last !== undefined && last.key === key && last.serializer === s && last.maxBytes === this.#maxBytes) {
      // A copy of bytes: nothing that writes them can change the kept frame.
      return this.sendFrame(typeof last.frame === 'string' ? last.frame : last.frame.slice());
    }
    const frame = this.encode(make());
    if (typeof frame === 'object' && frame instanceof Error) return frame;
    if (s) lastAlike = { key, serializer: s, maxBytes: this.#maxBytes, frame: typeof frame === 'string' ? frame : frame.slice() };
    return this.sendFrame(frame);
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
  startHeartbeat(timing: HeartbeatTiming, probe: WireProbe, clock?: HeartbeatClock): void {
    if (this.#stopped || this.#probe) return;
    this.#probe = probe;
    const start = (m: HeartbeatModule): void => {
      if (!this.#stopped) this.#heartbeat = new m.Heartbeat(timing, this, clock);
    };
    // Its code comes with the first established session, not in the app's start bundle.
    if (heartbeatModule) start(heartbeatModule);
    else {
      import('../util/heartbeat.js').then(
        (m) => start((heartbeatModule = m)),
        (error: unknown) => this.fail(new TransportError(`the heartbeat's code failed to load: ${error instanceof Error ? error.message : String(error)}`, { cause: error })),
      );
    }
  }

  /** @internal The heartbeat's probe: a transport ping where there is one, else the WAMP probe. */
  probe(): void {
    const ping = this.#transport?.ping;
    if (ping) ping.call(this.#transport);
    else this.#probe?.probe();
  }

  /** @internal The heartbeat found the peer silent too long. */
  dead(silentMs: number): void {
    this.fail(new TransportError(`no heartbeat for ${silentMs} ms`));
  }

  /**
   * Ends this run because of a local failure (a HELLO that cannot be sent, say): closes the
   * transport and reports `closed` with `error`, as a lost connection is reported.
   */
  fail(error: Error): void {
    const t = this.#transport;
    this.#attempt?.abort();
    this.#stop(error.message, false, error);
    // No closing handshake with a peer that failed us (it may be frozen): drop the socket.
    if (t?.abort) t.abort();
    else t?.close(1011, 'session failed');
  }

  /** Closes the transport (or abandons the attempt). Nothing is reported after it. Idempotent. */
  end(): void {
    this.#stopped = true;
    this.#heartbeat?.stop();
    this.#attempt?.abort();
    const t = this.#transport;
    this.#transport = undefined;
    t?.close(1000, 'session ended');
  }
}
