/**
 * The router's WAMP v1 bridge: a {@link Transport} that wraps a v1 client's WebSocket
 * (subprotocol `wamp`) and shows the router a WAMP v2 JSON client joining a fixed realm. v1 CALL
 * becomes CALL (a v2 callee answers), SUBSCRIBE/UNSUBSCRIBE/PUBLISH their v2 counterparts, and
 * RESULT/ERROR/EVENT go back as CALLRESULT/CALLERROR/EVENT. CURIEs the client binds with PREFIX
 * are resolved on the way in. What v1 cannot express (an ERROR for SUBSCRIBE or PUBLISH) is
 * dropped, as a v1 server drops it.
 * @module
 */
import { MessageType } from '../protocol/message-type.js';
import type { Frame } from '../serializers/serializer.js';
import type { Transport, TransportCloseInfo, TransportEvents } from '../transports/transport.js';
import { encodeV1, parseV1, V1MessageType, type V1Message } from '../v1/messages.js';
import { PrefixMap } from '../v1/prefixes.js';

/** Options of the v1 bridge of a WebSocket listener (`listenWebSocket({ v1: { realm } })`). */
export interface V1BridgeOptions {
  /** The realm v1 clients of this listener join (they cannot name one: v1 has no realms). */
  readonly realm: string;
  /** Calls of one v1 client waiting for their result at once; one more gets CALLERROR at once (default 1000). */
  readonly maxPendingCalls?: number;
}

/** Default of {@link V1BridgeOptions.maxPendingCalls}. */
export const V1_BRIDGE_MAX_PENDING_CALLS = 1000;

/** The subprotocol the bridge presents to the router. */
const BRIDGED_PROTOCOL = 'wamp.2.json';
const ERROR_URI_INTERNAL = 'http://api.wamp.ws/error#internal';

const isEmpty = (d: unknown): boolean => d === undefined || d === null || (typeof d === 'object' && Object.keys(d).length === 0);

/** A v2 payload (args, kwargs) as the one value v1 carries: one arg as it is, none as null or the kwargs. */
function oneValue(args: unknown, kwargs: unknown): unknown {
  const list = Array.isArray(args) ? args : [];
  if (isEmpty(kwargs)) return list.length === 0 ? null : list.length === 1 ? list[0] : list;
  return list.length === 0 ? kwargs : { args: list, kwargs };
}

/** v1 session ids as the router's numbers (an id that is no number matches no session). */
function sessionNumbers(ids: readonly string[]): number[] {
  const out: number[] = [];
  for (const id of ids) {
    const n = Number(id);
    if (Number.isSafeInteger(n)) out.push(n);
  }
  return out;
}

/** The bridge of one v1 client's connection. @internal */
export class V1BridgeTransport implements Transport {
  readonly protocol = BRIDGED_PROTOCOL;
  readonly #inner: Transport & { listen(events: TransportEvents): void };
  readonly #options: V1BridgeOptions;
  readonly #prefixes = new PrefixMap();
  /** v2 request id → v1 call id. */
  readonly #calls = new Map<number, string>();
  /** SUBSCRIBE request id → topic, until SUBSCRIBED. */
  readonly #subscribing = new Map<number, string>();
  /** topic → subscription id (or `0` while SUBSCRIBE is on its way). */
  readonly #byTopic = new Map<string, number>();
  /** subscription id → topic. */
  readonly #bySubscription = new Map<number, string>();
  #router: TransportEvents | undefined;
  #nextRequest = 0;
  #welcomed = false;
  #goodbye = false;
  #closed = false;

  /** @param inner - the v1 client's WebSocket. @param options - the realm and bounds. */
  constructor(inner: Transport & { listen(events: TransportEvents): void }, options: V1BridgeOptions) {
    this.#inner = inner;
    this.#options = options;
  }

  get bufferedAmount(): number | undefined {
    return this.#inner.bufferedAmount;
  }

  setMaxIncoming(bytes: number): void {
    this.#inner.setMaxIncoming?.(bytes);
  }

  ping(): void {
    this.#inner.ping?.();
  }

  abort(): void {
    (this.#inner.abort ?? this.#inner.close).call(this.#inner);
  }

  /** Starts the bridge: the router gets a HELLO for the listener's realm. */
  listen(events: TransportEvents): void {
    this.#router = events;
    this.#inner.listen({
      message: (frame) => this.#fromClient(frame),
      close: (info) => this.#onClose(info),
      pong: () => events.pong?.(),
    });
    this.#toRouter([
      MessageType.HELLO,
      this.#options.realm,
      { roles: { caller: {}, publisher: { features: { publisher_exclusion: true, subscriber_blackwhite_listing: true } }, subscriber: {} }, agent: 'wampkit v1 bridge' },
    ]);
  }

  /** A v2 frame from the router, translated for the v1 client. */
  send(frame: Frame): void {
    if (this.#closed || typeof frame !== 'string') return;
    let m: unknown[];
    try {
      m = JSON.parse(frame) as unknown[];
    } catch {
      return this.close(1011, 'the router sent a frame that is not JSON');
    }
    if (!Array.isArray(m)) return;
    switch (m[0]) {
      case MessageType.WELCOME:
        this.#welcomed = true;
        return this.#toClient([V1MessageType.WELCOME, String(m[1]), 1, 'wampkit-router']);
      case MessageType.ABORT:
        return this.close(1008, typeof m[2] === 'string' ? m[2].slice(0, 120) : 'aborted');
      case MessageType.GOODBYE: {
        // Answered once, and after send() returns, as a client's answer arrives: a router session
        // that is still sending its GOODBYE would take an answer from inside send() for a new one.
        if (this.#goodbye) return;
        this.#goodbye = true;
        const reason = typeof m[2] === 'string' ? m[2].slice(0, 120) : 'goodbye';
        queueMicrotask(() => {
          this.#toRouter([MessageType.GOODBYE, {}, 'wamp.close.goodbye_and_out']);
          this.close(1001, reason);
        });
        return;
      }
      case MessageType.RESULT: {
        const callId = this.#calls.get(m[1] as number);
        if (callId === undefined || (m[2] as { progress?: boolean }).progress === true) return;
        this.#calls.delete(m[1] as number);
        return this.#toClient([V1MessageType.CALLRESULT, callId, oneValue(m[3], m[4])]);
      }
      case MessageType.ERROR:
        return this.#onError(m);
      case MessageType.SUBSCRIBED: {
        const topic = this.#subscribing.get(m[1] as number);
        if (topic === undefined) return;
        this.#subscribing.delete(m[1] as number);
        const id = m[2] as number;
        if (this.#byTopic.get(topic) === 0) {
          this.#byTopic.set(topic, id);
          this.#bySubscription.set(id, topic);
        } else {
          // Unsubscribed meanwhile: undo it, after send() returns (the Broker is still subscribing).
          const requestId = ++this.#nextRequest;
          queueMicrotask(() => this.#toRouter([MessageType.UNSUBSCRIBE, requestId, id]));
        }
        return;
      }
      case MessageType.EVENT: {
        const topic = this.#bySubscription.get(m[1] as number);
        if (topic !== undefined) this.#toClient([V1MessageType.EVENT, topic, oneValue(m[4], m[5])]);
        return;
      }
      default:
        return; // UNSUBSCRIBED, and nothing else is sent to a caller/publisher/subscriber
    }
  }

  close(code = 1000, reason = ''): void {
    this.#inner.close(code, reason);
  }

  #onError(m: unknown[]): void {
    const [, requestType, requestId, details, uri, args, kwargs] = m as [number, number, number, { message?: unknown }, string, unknown[]?, object?];
    if (requestType === MessageType.SUBSCRIBE) {
      const topic = this.#subscribing.get(requestId);
      this.#subscribing.delete(requestId);
      if (topic !== undefined && this.#byTopic.get(topic) === 0) this.#byTopic.delete(topic);
      return;
    }
    if (requestType !== MessageType.CALL) return;
    const callId = this.#calls.get(requestId);
    if (callId === undefined) return;
    this.#calls.delete(requestId);
    const list = Array.isArray(args) ? args : [];
    const description = typeof list[0] === 'string' ? list[0] : typeof details?.message === 'string' ? details.message : uri;
    const rest = typeof list[0] === 'string' ? list.slice(1) : list;
    const extra = !isEmpty(kwargs) ? (rest.length === 0 ? kwargs : { args: rest, kwargs }) : rest.length === 0 ? undefined : rest.length === 1 ? rest[0] : rest;
    this.#toClient(extra === undefined ? [V1MessageType.CALLERROR, callId, uri, description] : [V1MessageType.CALLERROR, callId, uri, description, extra]);
  }

  #fromClient(frame: string | Uint8Array): void {
    let msg: V1Message;
    try {
      msg = parseV1(frame);
    } catch {
      return this.close(1002, 'invalid WAMP v1 message');
    }
    if (!this.#welcomed) return this.close(1002, 'a WAMP v1 client message before WELCOME');
    switch (msg.type) {
      case V1MessageType.PREFIX:
        if (!this.#prefixes.set(msg.prefix, msg.uri)) this.close(1008, 'too many CURIE prefixes');
        return;
      case V1MessageType.CALL: {
        const max = this.#options.maxPendingCalls ?? V1_BRIDGE_MAX_PENDING_CALLS;
        if (this.#calls.size >= max) return this.#toClient([V1MessageType.CALLERROR, msg.callId, ERROR_URI_INTERNAL, `${max} calls are already waiting`]);
        const requestId = ++this.#nextRequest;
        this.#calls.set(requestId, msg.callId);
        return this.#toRouter([MessageType.CALL, requestId, {}, this.#prefixes.resolve(msg.procedure), msg.args]);
      }
      case V1MessageType.SUBSCRIBE: {
        const topic = this.#prefixes.resolve(msg.topic);
        if (this.#byTopic.has(topic)) return;
        const requestId = ++this.#nextRequest;
        this.#byTopic.set(topic, 0);
        this.#subscribing.set(requestId, topic);
        return this.#toRouter([MessageType.SUBSCRIBE, requestId, {}, topic]);
      }
      case V1MessageType.UNSUBSCRIBE: {
        const topic = this.#prefixes.resolve(msg.topic);
        const id = this.#byTopic.get(topic);
        if (id === undefined) return;
        this.#byTopic.delete(topic);
        if (id === 0) return; // SUBSCRIBED will be answered with UNSUBSCRIBE
        this.#bySubscription.delete(id);
        return this.#toRouter([MessageType.UNSUBSCRIBE, ++this.#nextRequest, id]);
      }
      case V1MessageType.PUBLISH: {
        const options: Record<string, unknown> = {};
        if (msg.exclude === false) options['exclude_me'] = false;
        else if (Array.isArray(msg.exclude)) {
          // A v1 exclude list replaces the default exclusion of the publisher.
          options['exclude_me'] = false;
          if (msg.exclude.length > 0) options['exclude'] = sessionNumbers(msg.exclude);
        }
        if (msg.eligible !== undefined) options['eligible'] = sessionNumbers(msg.eligible);
        return this.#toRouter([MessageType.PUBLISH, ++this.#nextRequest, options, this.#prefixes.resolve(msg.topic), [msg.event]]);
      }
      default:
        return this.close(1002, `a WAMP v1 client does not send message type ${msg.type}`);
    }
  }

  #toRouter(message: readonly unknown[]): void {
    if (!this.#closed) this.#router?.message(JSON.stringify(message));
  }

  #toClient(message: readonly unknown[]): void {
    this.#inner.send(encodeV1(message));
  }

  #onClose(info: TransportCloseInfo): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#router?.close(info);
  }
}
