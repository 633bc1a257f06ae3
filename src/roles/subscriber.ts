/**
 * The Subscriber role: SUBSCRIBE/UNSUBSCRIBE and EVENT dispatch. Several local handlers share one
 * router subscription; removing the last one sends UNSUBSCRIBE.
 * @module
 */
import { UsageError, WampError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import { MessageType } from '../protocol/message-type.js';
import type { ErrorMessage, EventMessage, SubscribedMessage, UnsubscribedMessage, WampDict, WampList } from '../protocol/messages.js';
import type { MatchPolicy } from '../protocol/uri.js';
import { PendingRequests } from '../session/pending-requests.js';
import { optionProblem, wampOptions, type CustomAttributes } from './options.js';
import { unpackPassthru, type ReceivedPassthru } from './passthru.js';
import { invalidUri, type RolePort } from './port.js';

/** What an event handler gets besides the payload. */
export interface EventDetails {
  /** The subscription id. */
  readonly subscription: number;
  /** The publication id. */
  readonly publication: number;
  /** The topic the event was published to (differs from the subscribed URI for pattern subscriptions). */
  readonly topic: string;
  /** The publisher's session id, when disclosed. */
  readonly publisher: number | undefined;
  /** EVENT details as the Broker sent them. */
  readonly details: WampDict;
  /**
   * A Payload Passthru Mode event: its `ppt_*` attributes and payload. Args and kwargs are
   * unpacked from it for the `native` and `json` serializers without a cipher; else they are
   * empty and the payload is here as it arrived.
   */
  readonly passthru?: ReceivedPassthru;
}

/** An event handler. Errors it throws are reported to the session's `onError`, never to the Broker. */
export type EventHandler = (args: WampList, kwargs: WampDict, details: EventDetails) => unknown;

/** Options of `Session.subscribe`. */
export interface SubscribeOptions {
  /** `SUBSCRIBE.Options.match`. Default `exact`. */
  match?: MatchPolicy;
  /** Ask for the retained event (event retention). */
  get_retained?: boolean;
  /** Custom attributes (`_[a-z0-9_]{3,}` keys), sent in `SUBSCRIBE.Options` as they are. */
  custom?: CustomAttributes;
}

const SUBSCRIBE_KEYS: ReadonlySet<string> = new Set(['match', 'get_retained', 'custom']);
const NO_LOCAL_KEYS: ReadonlySet<string> = new Set();

/** One local handler's subscription. */
export interface Subscription {
  /** The router's subscription id (shared by local handlers of the same topic and options). */
  readonly id: number;
  /** The subscribed URI (or pattern). */
  readonly topic: string;
  /** Whether this handler is still subscribed. */
  readonly active: boolean;
  /**
   * Resolves with the reason when this handler's subscription ends: `unsubscribed`, the Broker's
   * revocation reason (or `revoked`), or `session closed`.
   */
  readonly ended: Promise<string>;
  /**
   * Removes this handler; the last handler of a router subscription sends UNSUBSCRIBE. Idempotent.
   * @throws {@link WampError} when the Broker refuses.
   */
  unsubscribe(): Promise<void>;
}

/** One router subscription with its local handlers. */
class Shared {
  id = 0;
  readonly handlers = new Set<Handle>();
  ready: Promise<void>;
  constructor(
    readonly key: string,
    readonly topic: string,
    /** `SUBSCRIBE.Options` as sent (custom attributes spread in). */
    readonly options: WampDict,
    /** The options that must agree for another handler to share this subscription. */
    readonly sharedOptions: string,
    ready: Promise<void>,
  ) {
    this.ready = ready;
  }
}

class Handle implements Subscription {
  active = true;
  readonly ended: Promise<string>;
  #end!: (reason: string) => void;
  constructor(readonly shared: Shared, readonly handler: EventHandler, private readonly owner: Subscriber) {
    this.ended = new Promise((r) => (this.#end = r));
  }
  get id(): number {
    return this.shared.id;
  }
  get topic(): string {
    return this.shared.topic;
  }
  unsubscribe(): Promise<void> {
    return this.owner.remove(this);
  }
  /** Marks the handler ended (idempotent). */
  end(reason: string): void {
    if (!this.active) return;
    this.active = false;
    this.#end(reason);
  }
}

/**
 * How the Broker tells subscriptions apart: the topic and the match policy. Two SUBSCRIBEs with
 * the same key get the same router subscription, whatever their other options.
 */
function brokerKey(topic: string, options: SubscribeOptions): string {
  return `${options.match ?? 'exact'}\u0000${topic}`;
}

/** The options besides `match`, in a canonical form, for comparing two subscriptions. */
function otherOptions(options: SubscribeOptions): string {
  const wamp = wampOptions(options, NO_LOCAL_KEYS);
  const keys = Object.keys(wamp).filter((k) => k !== 'match').sort();
  return JSON.stringify(keys.map((k) => [k, wamp[k]]));
}

const EMPTY: WampList = Object.freeze([]) as unknown as WampList;
const EMPTY_DICT: WampDict = Object.freeze({}) as WampDict;

/** The Subscriber role of one session. */
export class Subscriber {
  readonly #port: RolePort;
  readonly #subscribing = new PendingRequests<number>();
  readonly #unsubscribing = new PendingRequests<void>();
  /** Router subscriptions by Broker key, topic and match policy (including ones still being subscribed). */
  readonly #byKey = new Map<string, Shared>();
  /** Router subscriptions by id: the EVENT hot path. */
  readonly #byId = new Map<number, Shared>();

  /** @param port - the session's port. */
  constructor(port: RolePort) {
    this.#port = port;
  }

  /** Subscribes a handler. See `Session.subscribe`. */
  async subscribe(topic: string, handler: EventHandler, options: SubscribeOptions = {}): Promise<Subscription> {
    const refused = this.#port.notEstablished() ?? invalidUri(topic, options.match) ?? optionProblem('subscribe', options, SUBSCRIBE_KEYS);
    if (refused) return Promise.reject(refused);
    const key = brokerKey(topic, options);
    const sharedOptions = otherOptions(options);
    let shared = this.#byKey.get(key);
    if (shared && shared.sharedOptions !== sharedOptions) {
      // The Broker would hand back the same subscription, and one handler's options would
      // silently apply to the other: refuse before anything is sent.
      return Promise.reject(
        new UsageError(
          ErrorUri.INVALID_ARGUMENT,
          `already subscribed to ${topic} (match ${options.match ?? 'exact'}) with options ${shared.sharedOptions}; ` +
            `another handler on the same topic and match policy must use the same options, not ${sharedOptions}`,
        ),
      );
    }
    if (!shared) {
      const created: Shared = new Shared(key, topic, wampOptions(options, NO_LOCAL_KEYS), sharedOptions, Promise.resolve());
      created.ready = this.#sendSubscribe(created);
      this.#byKey.set(key, created);
      shared = created;
      created.ready.catch(() => {
        if (this.#byKey.get(key) === created) this.#byKey.delete(key);
      });
    }
    // The handler is in place before SUBSCRIBED arrives: an event that follows it at once (a
    // retained one, say) reaches it rather than no one.
    const handle = new Handle(shared, handler, this);
    shared.handlers.add(handle);
    try {
      await shared.ready;
    } catch (error) {
      shared.handlers.delete(handle);
      handle.end('failed');
      throw error;
    }
    return handle;
  }

  #sendSubscribe(shared: Shared): Promise<void> {
    const requestId = this.#port.nextRequestId();
    return new Promise<void>((resolve, reject) => {
      this.#subscribing.addAndSend(
        requestId,
        {
          resolve: (id) => {
            shared.id = id;
            this.#byId.set(id, shared);
            resolve();
          },
          reject,
        },
        () => this.#port.send({ type: MessageType.SUBSCRIBE, requestId, options: shared.options, topic: shared.topic }),
      );
    });
  }

  /** Removes a handler; UNSUBSCRIBE when it was the last of its router subscription. */
  remove(handle: Handle): Promise<void> {
    if (!handle.active) return Promise.resolve();
    handle.end('unsubscribed');
    const shared = handle.shared;
    shared.handlers.delete(handle);
    if (shared.handlers.size > 0) return Promise.resolve();
    if (this.#byKey.get(shared.key) === shared) this.#byKey.delete(shared.key);
    if (this.#byId.get(shared.id) === shared) this.#byId.delete(shared.id);
    // Not established: the router's subscription died with the session, and it won't be restored.
    if (this.#port.notEstablished()) return Promise.resolve();
    const requestId = this.#port.nextRequestId();
    return new Promise<void>((resolve, reject) => {
      this.#unsubscribing.addAndSend(requestId, { resolve, reject }, () =>
        this.#port.send({ type: MessageType.UNSUBSCRIBE, requestId, subscription: shared.id }),
      );
    });
  }

  /** Handles SUBSCRIBED. */
  onSubscribed(msg: SubscribedMessage): void {
    this.#subscribing.take(msg.requestId)?.resolve(msg.subscription);
  }

  /** Handles UNSUBSCRIBED: the answer to UNSUBSCRIBE, or a revocation (request 0) by the router. */
  onUnsubscribed(msg: UnsubscribedMessage): void {
    if (msg.requestId === 0) {
      const id = msg.details?.['subscription'];
      const shared = typeof id === 'number' ? this.#byId.get(id) : undefined;
      if (!shared) return;
      this.#byId.delete(shared.id);
      this.#byKey.delete(shared.key);
      const reason = msg.details?.['reason'];
      for (const h of shared.handlers) h.end(typeof reason === 'string' ? reason : 'revoked');
      shared.handlers.clear();
      return;
    }
    this.#unsubscribing.take(msg.requestId)?.resolve();
  }

  /** Handles ERROR for SUBSCRIBE or UNSUBSCRIBE. */
  onError(msg: ErrorMessage): void {
    const error = new WampError(msg.error, { args: msg.args, kwargs: msg.kwargs, details: msg.details });
    const table = msg.requestType === MessageType.SUBSCRIBE ? this.#subscribing : this.#unsubscribing;
    table.take(msg.requestId)?.reject(error);
  }

  /** Handles EVENT: calls every local handler of the subscription. */
  onEvent(msg: EventMessage): void {
    const shared = this.#byId.get(msg.subscription);
    if (!shared) return;
    const d = msg.details;
    const unpacked = msg.payload === undefined ? undefined : unpackPassthru(d, msg.payload);
    const topic = d['topic'];
    const publisher = d['publisher'];
    // One literal (one shape) on the hot path; `passthru` only when there is one.
    const details: EventDetails = {
      subscription: msg.subscription,
      publication: msg.publication,
      topic: typeof topic === 'string' ? topic : shared.topic,
      publisher: typeof publisher === 'number' ? publisher : undefined,
      details: d,
    };
    if (unpacked) (details as { passthru?: EventDetails['passthru'] }).passthru = unpacked.passthru;
    const args = unpacked ? unpacked.args : (msg.args ?? EMPTY);
    const kwargs = unpacked ? unpacked.kwargs : (msg.kwargs ?? EMPTY_DICT);
    for (const h of shared.handlers) {
      try {
        const r = h.handler(args, kwargs, details);
        if (r !== null && typeof r === 'object' && typeof (r as PromiseLike<unknown>).then === 'function') {
          (r as PromiseLike<unknown>).then(undefined, (e: unknown) => this.#port.reportError(e, `event handler for ${shared.topic}`));
        }
      } catch (error) {
        this.#port.reportError(error, `event handler for ${shared.topic}`);
      }
    }
  }

  /** The session ended: reject pending requests; drop subscriptions unless they will be restored. */
  sessionEnded(error: Error, final: boolean): void {
    this.#subscribing.rejectAll(error);
    this.#unsubscribing.rejectAll(error);
    if (final) {
      const reason = (error as { reason?: unknown }).reason;
      for (const s of this.#byKey.values()) for (const h of s.handlers) h.end(typeof reason === 'string' ? reason : 'session closed');
      this.#byKey.clear();
      this.#byId.clear();
    }
  }

  /** After a reconnect: subscribes every router subscription again. */
  restore(): Promise<unknown> {
    this.#byId.clear();
    return Promise.allSettled(
      [...this.#byKey.values()].map((s) => {
        s.ready = this.#sendSubscribe(s);
        return s.ready.catch((error: unknown) => this.#port.reportError(error, `restore subscription ${s.topic}`));
      }),
    );
  }
}
