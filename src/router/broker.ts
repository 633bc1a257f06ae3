/**
 * The Broker of one realm: subscriptions (exact, prefix, wildcard), publications and events,
 * with publisher exclusion and identification, subscriber black/white listing, event retention
 * and payload passthru.
 * @internal
 * @module
 */
import { encodeMessage } from '../protocol/codec.js';
import * as ErrorUri from '../protocol/error-uris.js';
import { MessageType } from '../protocol/message-type.js';
import type {
  EventMessage, PublishMessage, SubscribeMessage, UnsubscribeMessage, WampDict, WampList, WampPayload,
} from '../protocol/messages.js';
import { isReservedUri, isValidPattern, isValidUri, matchesUri, type MatchPolicy } from '../protocol/uri.js';
import type { Frame } from '../serializers/serializer.js';
import { copyPassthru, withDecision, type PeerAuthorizer, type RouterPeer } from './peer.js';
import { EventHistory, type EventHistoryRule, type StoredEvent } from './event-history.js';
import type { RegistryChange } from './registrations.js';
import { errorReply } from './replies.js';
import { UriIndex } from './uri-index.js';

/** Features the Broker announces in `WELCOME.Details.roles.broker.features`. */
export const BROKER_FEATURES: Readonly<Record<string, boolean>> = Object.freeze({
  publisher_identification: true,
  publisher_exclusion: true,
  subscriber_blackwhite_listing: true,
  pattern_based_subscription: true,
  event_retention: true,
  payload_passthru_mode: true,
  subscription_revocation: true,
  session_meta_api: true,
  subscription_meta_api: true,
  event_history: true,
});

/** A subscription: one topic pattern and match policy, shared by every subscriber of it. */
export interface Subscription {
  readonly id: number;
  readonly topic: string;
  readonly match: MatchPolicy;
  readonly created: string;
  readonly subscribers: Set<RouterPeer>;
  /** Kept without subscribers (it holds an event history). */
  readonly pinned?: boolean;
}

/** Who published, as far as filters and disclosure need to know. */
interface Publisher {
  readonly id: number;
  readonly authid: string;
  readonly authrole: string;
  /** The publisher's permission asks to disclose it to subscribers. */
  readonly disclose?: boolean;
}

/** A publication as the dispatcher sees it. */
interface Publication {
  readonly topic: string;
  readonly id: number;
  readonly options: WampDict;
  readonly publisher: Publisher | undefined;
  readonly args: WampList | undefined;
  readonly kwargs: WampDict | undefined;
  readonly payload: WampPayload | undefined;
}

/** Options of a {@link Broker}. */
export interface BrokerOptions {
  /** Global-scope id generator (subscriptions, publications). */
  readonly newId: () => number;
  /** Who may subscribe and publish to what (default: everyone, everything). */
  readonly authorize?: PeerAuthorizer;
  /** Bounds of event retention (defaults as in ROUTER_LIMITS). */
  readonly retained?: { readonly maxEvents: number; readonly maxBytes: number; readonly ttlMs: number };
  /** The clock for retention TTLs (default `Date.now`). */
  readonly now?: () => number;
  /** Told of subscriptions created, joined, left and deleted (the meta events; default none). */
  readonly onChange?: RegistryChange<Subscription>;
  /** Topics that keep an event history, and its bounds (default none). */
  readonly history?: { readonly rules: readonly EventHistoryRule[]; readonly maxEvents: number; readonly maxBytes: number };
}

/** A retained event with what its bounds need. */
interface Retained {
  readonly pub: Publication;
  readonly bytes: number;
  readonly at: number;
}

/** About how many bytes a publication's payload takes (JSON length; bytes as they are). */
function payloadBytes(pub: Publication): number {
  if (typeof pub.payload === 'string') return pub.payload.length;
  if (pub.payload instanceof Uint8Array) return pub.payload.byteLength;
  try {
    return JSON.stringify(pub.payload !== undefined ? pub.payload : [pub.args ?? [], pub.kwargs ?? {}]).length;
  } catch {
    return 1024; // not JSON-able (a bignum, say): count it as 1 KiB
  }
}

const OPEN: PeerAuthorizer = () => ({ allowed: true, disclose: false });

type Filter = (peer: RouterPeer) => boolean;

function idList(v: unknown): Set<unknown> | undefined {
  return Array.isArray(v) ? new Set<unknown>(v) : undefined;
}

/** The subscriber filter of a publication's options (black/white listing, exclude_me). */
function makeFilter(options: WampDict, publisher: Publisher | undefined): Filter | undefined {
  const excludeMe = publisher !== undefined && options['exclude_me'] !== false;
  const exclude = idList(options['exclude']);
  const excludeAuthid = idList(options['exclude_authid']);
  const excludeAuthrole = idList(options['exclude_authrole']);
  const eligible = idList(options['eligible']);
  const eligibleAuthid = idList(options['eligible_authid']);
  const eligibleAuthrole = idList(options['eligible_authrole']);
  if (!excludeMe && !exclude && !excludeAuthid && !excludeAuthrole && !eligible && !eligibleAuthid && !eligibleAuthrole) {
    return undefined;
  }
  const me = publisher?.id;
  return (p) =>
    !(excludeMe && p.id === me) &&
    !(exclude && exclude.has(p.id)) &&
    !(excludeAuthid && excludeAuthid.has(p.authid)) &&
    !(excludeAuthrole && excludeAuthrole.has(p.authrole)) &&
    (!eligible || eligible.has(p.id)) &&
    (!eligibleAuthid || eligibleAuthid.has(p.authid)) &&
    (!eligibleAuthrole || eligibleAuthrole.has(p.authrole));
}

/**
 * The Broker: a registry of subscriptions plus the routing of PUBLISH to EVENT. It talks to
 * sessions only through {@link RouterPeer}.
 */
export class Broker {
  readonly #newId: () => number;
  readonly #authorize: PeerAuthorizer;
  readonly #index = new UriIndex<Subscription>();
  readonly #byId = new Map<number, Subscription>();
  readonly #bySession = new Map<number, Set<Subscription>>();
  /** topic → its retained publication */
  /** Retained events by topic, oldest first (a new one for a topic moves to the end). */
  readonly #retained = new Map<string, Retained>();
  #retainedBytes = 0;
  readonly #retention: { readonly maxEvents: number; readonly maxBytes: number; readonly ttlMs: number };
  readonly #now: () => number;
  readonly #onChange: RegistryChange<Subscription> | undefined;
  #history: EventHistory | undefined;

  constructor(options: BrokerOptions) {
    this.#onChange = options.onChange;
    if (options.history && options.history.rules.length > 0) {
      const h = (this.#history = new EventHistory(options.now ?? Date.now));
      for (const rule of options.history.rules) {
        const match = rule.match ?? 'exact';
        if (this.#index.get(rule.uri, match)) continue;
        const sub: Subscription = { id: options.newId(), topic: rule.uri, match, created: new Date().toISOString(), subscribers: new Set(), pinned: true };
        this.#index.set(rule.uri, match, sub);
        this.#byId.set(sub.id, sub);
        h.keep(sub.id, Math.min(rule.limit ?? options.history.maxEvents, options.history.maxEvents), options.history.maxBytes);
      }
    }
    this.#retention = options.retained ?? { maxEvents: 10_000, maxBytes: 16 * 1024 * 1024, ttlMs: 0 };
    this.#now = options.now ?? Date.now;
    this.#authorize = options.authorize ?? OPEN;
    this.#newId = options.newId;
  }

  /** Number of subscriptions. */
  get subscriptionCount(): number {
    return this.#byId.size;
  }

  /** The subscription with this id. */
  subscription(id: number): Subscription | undefined {
    return this.#byId.get(id);
  }

  /** Handles SUBSCRIBE. */
  subscribe(peer: RouterPeer, msg: SubscribeMessage): void | Promise<void> {
    const match = (msg.options['match'] as MatchPolicy | undefined) ?? 'exact';
    if (!isValidPattern(msg.topic, match)) {
      peer.send(errorReply(MessageType.SUBSCRIBE, msg.requestId, ErrorUri.INVALID_URI, `invalid topic ${JSON.stringify(msg.topic)} for match ${match}`));
      return;
    }
    return withDecision(this.#authorize(peer, 'subscribe', msg.topic, msg.options), (d) => {
      if (!d.allowed) {
        peer.send(errorReply(MessageType.SUBSCRIBE, msg.requestId, ErrorUri.NOT_AUTHORIZED, `${peer.authrole} may not subscribe to ${msg.topic}`));
        return;
      }
      if (peer.joined) this.#subscribe(peer, msg, match);
    });
  }

  #subscribe(peer: RouterPeer, msg: SubscribeMessage, match: MatchPolicy): void {
    let sub = this.#index.get(msg.topic, match);
    if (!sub) {
      sub = { id: this.#newId(), topic: msg.topic, match, created: new Date().toISOString(), subscribers: new Set() };
      this.#index.set(msg.topic, match, sub);
      this.#byId.set(sub.id, sub);
      this.#onChange?.('create', sub, peer.id);
    }
    const added = !sub.subscribers.has(peer);
    sub.subscribers.add(peer);
    let mine = this.#bySession.get(peer.id);
    if (!mine) {
      mine = new Set();
      this.#bySession.set(peer.id, mine);
    }
    mine.add(sub);
    peer.send({ type: MessageType.SUBSCRIBED, requestId: msg.requestId, subscription: sub.id });
    if (added) this.#onChange?.('add', sub, peer.id);
    if (msg.options['get_retained'] === true) this.#sendRetained(peer, sub);
  }

  /** Handles UNSUBSCRIBE. */
  unsubscribe(peer: RouterPeer, msg: UnsubscribeMessage): void {
    const sub = this.#byId.get(msg.subscription);
    if (!sub || !sub.subscribers.has(peer)) {
      peer.send(errorReply(MessageType.UNSUBSCRIBE, msg.requestId, ErrorUri.NO_SUCH_SUBSCRIPTION, `no subscription ${msg.subscription} of this session`));
      return;
    }
    this.#removeSubscriber(sub, peer);
    this.#bySession.get(peer.id)?.delete(sub);
    peer.send({ type: MessageType.UNSUBSCRIBED, requestId: msg.requestId });
  }

  /** Handles PUBLISH. */
  publish(peer: RouterPeer, msg: PublishMessage): void | Promise<void> {
    const ack = msg.options['acknowledge'] === true;
    if (!isValidUri(msg.topic) || isReservedUri(msg.topic)) {
      if (ack) peer.send(errorReply(MessageType.PUBLISH, msg.requestId, ErrorUri.INVALID_URI, `cannot publish to ${JSON.stringify(msg.topic)}`));
      return;
    }
    return withDecision(this.#authorize(peer, 'publish', msg.topic, msg.options), (d) => {
      if (!d.allowed) {
        if (ack) peer.send(errorReply(MessageType.PUBLISH, msg.requestId, ErrorUri.NOT_AUTHORIZED, `${peer.authrole} may not publish to ${msg.topic}`));
        return;
      }
      if (peer.joined) this.#publish(peer, msg, ack, d.disclose);
    });
  }

  #publish(peer: RouterPeer, msg: PublishMessage, ack: boolean, disclose: boolean): void {
    const publisher: Publisher = { id: peer.id, authid: peer.authid, authrole: peer.authrole, disclose };
    const undeliverable: string[] = [];
    const publication = this.#dispatch(
      { topic: msg.topic, id: this.#newId(), options: msg.options, publisher, args: msg.args, kwargs: msg.kwargs, payload: msg.payload },
      undeliverable,
    );
    if (!ack) return;
    // An event some subscribers' serializers cannot carry is not dropped silently: the
    // acknowledged publisher hears of it.
    if (undeliverable.length > 0) {
      peer.send(errorReply(MessageType.PUBLISH, msg.requestId, ErrorUri.INVALID_ARGUMENT, `the event could not be delivered to every subscriber: ${undeliverable.join('; ')}`));
    } else {
      peer.send({ type: MessageType.PUBLISHED, requestId: msg.requestId, publication });
    }
  }

  /**
   * Publishes from inside the router (meta events, `Realm.publish`). No publisher to exclude.
   * @returns the publication id.
   */
  publishInternal(topic: string, args?: WampList, kwargs?: WampDict, options: WampDict = {}): number {
    return this.#dispatch({ topic, id: this.#newId(), options, publisher: undefined, args, kwargs, payload: undefined });
  }

  /**
   * Revokes a subscription (for every subscriber, or only session `sessionId`). Subscribers that
   * announced `subscription_revocation` get `[UNSUBSCRIBED, 0, {subscription, reason}]`.
   * @returns whether anything was revoked.
   */
  revoke(subscriptionId: number, reason?: string, sessionId?: number): boolean {
    const sub = this.#byId.get(subscriptionId);
    if (!sub) return false;
    const targets = [...sub.subscribers].filter((p) => sessionId === undefined || p.id === sessionId);
    for (const peer of targets) {
      this.#removeSubscriber(sub, peer);
      this.#bySession.get(peer.id)?.delete(sub);
      if (peer.features.subscriberRevocation) {
        const details: WampDict = { subscription: sub.id };
        if (reason !== undefined) details['reason'] = reason;
        peer.send({ type: MessageType.UNSUBSCRIBED, requestId: 0, details });
      }
    }
    return targets.length > 0;
  }

  /** Whether `peer` may publish to `topic` (for testaments, published in its name later). */
  async mayPublish(peer: RouterPeer, topic: string, options: WampDict): Promise<boolean> {
    return (await this.#authorize(peer, 'publish', topic, options)).allowed;
  }

  /**
   * The kept events of subscription `id` that `reader` may see, oldest first; undefined when
   * it keeps no history.
   */
  history(id: number, reader: RouterPeer): StoredEvent[] | undefined {
    return this.#history?.events(id, reader);
  }

  /** Every subscription (for the meta API). */
  subscriptions(): IterableIterator<Subscription> {
    return this.#byId.values();
  }

  /** The subscription of exactly `(topic, match)`, if there is one (for the meta API). */
  lookup(topic: string, match: MatchPolicy): Subscription | undefined {
    return this.#index.get(topic, match);
  }

  /** The subscriptions an event on `topic` would reach (for the meta API). */
  matching(topic: string): Subscription[] {
    const out: Subscription[] = [];
    this.#index.forEachMatch(topic, (sub) => void out.push(sub));
    return out;
  }

  /** Removes everything of a session that left. */
  leave(peer: RouterPeer): void {
    const mine = this.#bySession.get(peer.id);
    if (!mine) return;
    this.#bySession.delete(peer.id);
    for (const sub of mine) this.#removeSubscriber(sub, peer);
  }

  #removeSubscriber(sub: Subscription, peer: RouterPeer): void {
    if (!sub.subscribers.delete(peer)) return;
    this.#onChange?.('remove', sub, peer.id);
    if (sub.subscribers.size === 0 && sub.pinned !== true) {
      this.#index.delete(sub.topic, sub.match);
      this.#byId.delete(sub.id);
      this.#onChange?.('delete', sub, peer.id);
    }
  }

  #dispatch(pub: Publication, undeliverable?: string[]): number {
    const { options } = pub;
    if (options['retain'] === true) this.#retain(pub);
    const filter = makeFilter(options, pub.publisher);
    const history = this.#history;
    let exactDetails: WampDict | undefined;
    let patternDetails: WampDict | undefined;
    this.#index.forEachMatch(pub.topic, (sub, match) => {
      let details: WampDict;
      if (match === 'exact') details = exactDetails ??= this.#eventDetails(pub, false);
      else details = patternDetails ??= this.#eventDetails(pub, true);
      if (history?.has(sub.id) && pub.payload === undefined) history.record(sub.id, pub, payloadBytes(pub));
      this.#fanOut(sub, pub, details, filter, undeliverable);
    });
    return pub.id;
  }

  #eventDetails(pub: Publication, withTopic: boolean): WampDict {
    const details: WampDict = {};
    if (withTopic) details['topic'] = pub.topic;
    if (pub.publisher && (pub.publisher.disclose || pub.options['disclose_me'] === true)) {
      details['publisher'] = pub.publisher.id;
      details['publisher_authid'] = pub.publisher.authid;
      details['publisher_authrole'] = pub.publisher.authrole;
    }
    if (pub.payload !== undefined) copyPassthru(pub.options, details);
    return details;
  }

  /** Sends the EVENT to every eligible subscriber, encoding it once per serializer. */
  #fanOut(sub: Subscription, pub: Publication, details: WampDict, filter: Filter | undefined, undeliverable?: string[]): void {
    let array: unknown[] | undefined;
    let failedIds: Set<string> | undefined;
    let idA: string | undefined;
    let frameA: Frame | undefined;
    let idB: string | undefined;
    let frameB: Frame | undefined;
    for (const peer of sub.subscribers) {
      if (filter && !filter(peer)) continue;
      array ??= encodeMessage(this.#event(sub.id, pub, details));
      const sid = peer.serializerId;
      let frame: Frame;
      if (sid === idA) frame = frameA!;
      else if (sid === idB) frame = frameB!;
      else {
        if (failedIds?.has(sid)) continue;
        try {
          frame = peer.encode(array);
        } catch (e) {
          (failedIds ??= new Set()).add(sid);
          undeliverable?.push(`${sid} cannot encode it (${e instanceof Error ? e.message : String(e)})`);
          continue;
        }
        if (idA === undefined) {
          idA = sid;
          frameA = frame;
        } else if (idB === undefined) {
          idB = sid;
          frameB = frame;
        }
      }
      peer.sendFrame(frame);
    }
  }

  #event(subscription: number, pub: Publication, details: WampDict): EventMessage {
    const m: EventMessage = { type: MessageType.EVENT, subscription, publication: pub.id, details };
    if (pub.payload !== undefined) m.payload = pub.payload;
    else {
      if (pub.args !== undefined) m.args = pub.args;
      if (pub.kwargs !== undefined) m.kwargs = pub.kwargs;
    }
    return m;
  }

  /** Sends the retained events matching a new subscription to one subscriber. */
  #sendRetained(peer: RouterPeer, sub: Subscription): void {
    const send = (r: Publication): void => {
      const filter = makeFilter(r.options, r.publisher);
      if (filter && !filter(peer)) return;
      const details = this.#eventDetails(r, sub.match !== 'exact');
      details['retained'] = true;
      peer.send(this.#event(sub.id, r, details));
    };
    this.#expire();
    if (sub.match === 'exact') {
      const r = this.#retained.get(sub.topic);
      if (r) send(r.pub);
      return;
    }
    for (const r of this.#retained.values()) if (matchesUri(sub.topic, sub.match, r.pub.topic)) send(r.pub);
  }

  /** Keeps `pub` as its topic's retained event, within the count, byte and age bounds (oldest go first). */
  #retain(pub: Publication): void {
    const old = this.#retained.get(pub.topic);
    if (old) {
      this.#retained.delete(pub.topic);
      this.#retainedBytes -= old.bytes;
    }
    const bytes = payloadBytes(pub);
    const { maxEvents, maxBytes } = this.#retention;
    if (bytes > maxBytes) return; // larger than all the room there is: not retained
    while (this.#retained.size >= maxEvents || this.#retainedBytes + bytes > maxBytes) this.#dropOldestRetained();
    this.#retained.set(pub.topic, { pub, bytes, at: this.#now() });
    this.#retainedBytes += bytes;
  }

  #dropOldestRetained(): void {
    const first = this.#retained.entries().next();
    if (first.done) return;
    this.#retained.delete(first.value[0]);
    this.#retainedBytes -= first.value[1].bytes;
  }

  /** Drops retained events older than the TTL. */
  #expire(): void {
    const ttl = this.#retention.ttlMs;
    if (ttl <= 0) return;
    const cutoff = this.#now() - ttl;
    for (const r of this.#retained.values()) {
      if (r.at > cutoff) break; // oldest first
      this.#dropOldestRetained();
    }
  }

  /** How many events, and about how many payload bytes, are retained. */
  get retainedStats(): { events: number; bytes: number } {
    this.#expire();
    return { events: this.#retained.size, bytes: this.#retainedBytes };
  }
}
