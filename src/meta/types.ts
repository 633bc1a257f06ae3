/**
 * The typed WAMP Meta API a session offers as `session.meta`: the session, registration and
 * subscription meta procedures and meta events, session testaments and event history. Results
 * are checked (zod) and normalized across routers; a router's refusal is a `WampError`.
 * @module
 */
import type { Subscription } from '../roles/subscriber.js';

/** How a registration or subscription matches URIs. */
export type MetaMatch = 'exact' | 'prefix' | 'wildcard';

/** A session as `wamp.session.get` and `wamp.session.on_join` describe it. */
export interface SessionDetails {
  /** The session id. */
  readonly session: number;
  /** The authenticated identity. */
  readonly authid: string;
  /** The authenticated role. */
  readonly authrole: string;
  /** How it authenticated (`anonymous`, `ticket`, …), when the router says. */
  readonly authmethod?: string;
  /** Who authenticated it, when the router says. */
  readonly authprovider?: string;
  /** Everything else the router reported (transport, extra, …). */
  readonly [key: string]: unknown;
}

/** A session that left, as `wamp.session.on_leave` reports it. */
export interface SessionLeft {
  /** The session id. */
  readonly session: number;
  /** Its authid, when the router says (Crossbar.io, Nexus and wampkit do). */
  readonly authid?: string;
  /** Its authrole, when the router says. */
  readonly authrole?: string;
}

/** A registration as `wamp.registration.get` and `on_create` describe it. */
export interface RegistrationInfo {
  /** The registration id. */
  readonly id: number;
  /** When it was created (ISO 8601). */
  readonly created: string;
  /** The procedure URI or pattern. */
  readonly uri: string;
  /** Its match policy (Nexus's `''` is reported as `'exact'`). */
  readonly match: MetaMatch;
  /** Its invocation policy (`single`, `roundrobin`, …). */
  readonly invoke: string;
}

/** A subscription as `wamp.subscription.get` and `on_create` describe it. */
export interface SubscriptionInfo {
  /** The subscription id. */
  readonly id: number;
  /** When it was created (ISO 8601). */
  readonly created: string;
  /** The topic URI or pattern. */
  readonly uri: string;
  /** Its match policy (Nexus's `''` is reported as `'exact'`). */
  readonly match: MetaMatch;
}

/** Registration or subscription ids by match policy (`wamp.*.list`). */
export interface IdsByMatch {
  /** Exact-match ids. */
  readonly exact: number[];
  /** Prefix-match ids. */
  readonly prefix: number[];
  /** Wildcard-match ids. */
  readonly wildcard: number[];
}

/** One event of an event history (`wamp.subscription.get_events`), normalized across routers. */
export interface HistoryEvent {
  /** The publication id. */
  readonly publication: number;
  /** The subscription it was kept for, when the router says (Crossbar.io does not). */
  readonly subscription?: number;
  /** The concrete topic, when the router says. */
  readonly topic?: string;
  /** When the router received it (ISO 8601), when the router says. */
  readonly timestamp?: string;
  /** Positional payload (empty when none). */
  readonly args: unknown[];
  /** Keyword payload (empty when none). */
  readonly kwargs: Record<string, unknown>;
}

/** The query of {@link SubscriptionMeta.getEvents} (the spec's keywords). */
export interface HistoryQuery {
  /** At most this many events. */
  readonly limit?: number;
  /** Newest first (default oldest first; Crossbar.io always answers newest first). */
  readonly reverse?: boolean;
  /** Only events at or after this time (RFC 3339). */
  readonly from_time?: string;
  /** Only events after this time. */
  readonly after_time?: string;
  /** Only events before this time. */
  readonly before_time?: string;
  /** Only events at or before this time. */
  readonly until_time?: string;
  /** Only events on this topic (for pattern subscriptions). */
  readonly topic?: string;
  /** From this publication on (inclusive). */
  readonly from_publication?: number;
  /** After this publication. */
  readonly after_publication?: number;
  /** Before this publication. */
  readonly before_publication?: number;
  /** Up to this publication (inclusive). */
  readonly until_publication?: number;
}

/** How a killed session is told (`GOODBYE.Reason` and `Details.message`). */
export interface KillOptions {
  /** The reason URI (default `wamp.close.killed`). */
  readonly reason?: string;
  /** A message for the killed session. */
  readonly message?: string;
}

/** Which sessions a kill closed: the ids when the router lists them (the spec), always the count. */
export interface KillResult {
  /** How many sessions were closed. */
  readonly count: number;
  /** Their ids, when the router lists them (Nexus only counts). */
  readonly sessions?: number[];
}

/** When a testament is published: when the session is detached (lost) or destroyed (default). */
export type TestamentScope = 'detached' | 'destroyed';

/** Options of {@link SessionMeta.addTestament}. */
export interface TestamentOptions {
  /** When it is published (default `'destroyed'`). */
  readonly scope?: TestamentScope;
  /** PUBLISH options for it (`retain`, `exclude_authrole`, …; the router may ignore some). */
  readonly publishOptions?: Record<string, unknown>;
}

/** `wamp.session.*`: sessions of the realm, kills, testaments and join/leave events. */
export interface SessionMeta {
  /** `wamp.session.count`: sessions in the realm (only these authroles, when given). */
  count(authroles?: readonly string[]): Promise<number>;
  /** `wamp.session.list`: session ids in the realm (only these authroles, when given). */
  list(authroles?: readonly string[]): Promise<number[]>;
  /** `wamp.session.get`. @throws `WampError` `wamp.error.no_such_session` */
  get(id: number): Promise<SessionDetails>;
  /** `wamp.session.kill`: closes another session. @throws `WampError` `wamp.error.no_such_session` */
  kill(id: number, options?: KillOptions): Promise<void>;
  /** `wamp.session.kill_by_authid`: closes every other session with this authid. */
  killByAuthid(authid: string, options?: KillOptions): Promise<KillResult>;
  /** `wamp.session.kill_by_authrole`: closes every other session with this authrole. */
  killByAuthrole(authrole: string, options?: KillOptions): Promise<KillResult>;
  /** `wamp.session.add_testament`: an event the router publishes when this session ends. */
  addTestament(topic: string, args?: unknown[], kwargs?: Record<string, unknown>, options?: TestamentOptions): Promise<void>;
  /** `wamp.session.flush_testaments`: forgets this session's testaments of a scope (default `'destroyed'`). */
  flushTestaments(scope?: TestamentScope): Promise<void>;
  /** `wamp.session.on_join`: a session joined the realm. */
  onJoin(handler: (session: SessionDetails) => void): Promise<Subscription>;
  /** `wamp.session.on_leave`: a session left the realm. */
  onLeave(handler: (left: SessionLeft) => void): Promise<Subscription>;
}

/** `wamp.registration.*`: registrations of the realm and their events. */
export interface RegistrationMeta {
  /** `wamp.registration.list`. */
  list(): Promise<IdsByMatch>;
  /** `wamp.registration.lookup`: the registration of exactly this URI and policy, or undefined. */
  lookup(uri: string, match?: MetaMatch): Promise<number | undefined>;
  /** `wamp.registration.match`: the registration a call of `uri` would reach, or undefined. */
  match(uri: string): Promise<number | undefined>;
  /** `wamp.registration.get`. @throws `WampError` `wamp.error.no_such_registration` */
  get(id: number): Promise<RegistrationInfo>;
  /** `wamp.registration.list_callees`: session ids. */
  listCallees(id: number): Promise<number[]>;
  /** `wamp.registration.count_callees`. */
  countCallees(id: number): Promise<number>;
  /** `wamp.registration.on_create`. */
  onCreate(handler: (session: number, registration: RegistrationInfo) => void): Promise<Subscription>;
  /** `wamp.registration.on_register`. */
  onRegister(handler: (session: number, registration: number) => void): Promise<Subscription>;
  /** `wamp.registration.on_unregister`. */
  onUnregister(handler: (session: number, registration: number) => void): Promise<Subscription>;
  /** `wamp.registration.on_delete`. */
  onDelete(handler: (session: number, registration: number) => void): Promise<Subscription>;
}

/** `wamp.subscription.*`: subscriptions of the realm, their events, and event history. */
export interface SubscriptionMeta {
  /** `wamp.subscription.list`. */
  list(): Promise<IdsByMatch>;
  /** `wamp.subscription.lookup`: the subscription of exactly this URI and policy, or undefined. */
  lookup(uri: string, match?: MetaMatch): Promise<number | undefined>;
  /** `wamp.subscription.match`: the subscriptions an event on `uri` would reach. */
  match(uri: string): Promise<number[]>;
  /** `wamp.subscription.get`. @throws `WampError` `wamp.error.no_such_subscription` */
  get(id: number): Promise<SubscriptionInfo>;
  /** `wamp.subscription.list_subscribers`: session ids. */
  listSubscribers(id: number): Promise<number[]>;
  /** `wamp.subscription.count_subscribers`. */
  countSubscribers(id: number): Promise<number>;
  /** `wamp.subscription.get_events`: the kept events of a subscription (see {@link HistoryQuery}). */
  getEvents(id: number, query?: HistoryQuery): Promise<HistoryEvent[]>;
  /** `wamp.subscription.on_create`. */
  onCreate(handler: (session: number, subscription: SubscriptionInfo) => void): Promise<Subscription>;
  /** `wamp.subscription.on_subscribe`. */
  onSubscribe(handler: (session: number, subscription: number) => void): Promise<Subscription>;
  /** `wamp.subscription.on_unsubscribe`. */
  onUnsubscribe(handler: (session: number, subscription: number) => void): Promise<Subscription>;
  /** `wamp.subscription.on_delete`. */
  onDelete(handler: (session: number, subscription: number) => void): Promise<Subscription>;
}

/**
 * The Meta API of a session's realm, as `session.meta`. The router decides who may use it (the
 * embedded router: admin roles, by default; testaments: every session).
 *
 * @example
 * ```ts
 * const ids = await admin.meta.session.list();
 * const who = await admin.meta.session.get(ids[0]!);
 * await admin.meta.session.onLeave(({ session }) => console.log('left', session));
 * ```
 */
export interface MetaApi {
  /** `wamp.session.*` */
  readonly session: SessionMeta;
  /** `wamp.registration.*` */
  readonly registration: RegistrationMeta;
  /** `wamp.subscription.*` */
  readonly subscription: SubscriptionMeta;
}
