/**
 * A realm: a routing and administrative domain with its own sessions, Broker and Dealer.
 * @module
 */
import type { WampDict, WampList } from '../protocol/messages.js';
import { Broker, type Subscription } from './broker.js';
import { Dealer } from './dealer.js';
import type { InternalProcedure } from './internal-procedure.js';
import { installSessionMeta } from './meta.js';
import { installRegistryMeta } from './meta-registry.js';
import { ROUTER_LIMITS, type RouterLimits } from './limits.js';
import type { PeerAuthorizer, RouterPeer } from './peer.js';
import type { Registration } from './registrations.js';
import { Testaments } from './testaments.js';
import type { EventHistoryRule } from './event-history.js';

/** A session joined to a realm, as the realm and the meta API see it. @internal */
export interface JoinedSession extends RouterPeer {
  /** Session details as the meta API reports them (session, authid, authrole, …). */
  readonly info: WampDict;
  /** Closes the session with GOODBYE (reason URI, optional message). */
  kill(reason: string, message?: string): void;
}

/** Options of a {@link Realm}. @internal */
export interface RealmOptions {
  /** Global-scope id generator. */
  readonly newId: () => number;
  /** Uniform numbers in [0, 1). */
  readonly random: () => number;
  /** Who may call, register, publish and subscribe to what (default: everyone, everything). */
  readonly authorize?: PeerAuthorizer;
  /** The router's bounds (default ROUTER_LIMITS). */
  readonly limits?: RouterLimits;
  /** Topics of this realm that keep an event history (default none). */
  readonly eventHistory?: readonly EventHistoryRule[];
}

/**
 * A realm of the embedded router. Get one with `router.realm(name)`.
 *
 * @example
 * ```ts
 * const realm = router.realm('realm1');
 * realm.registerInternal('com.example.time', () => ({ args: [Date.now()] }));
 * realm.publish('com.example.tick', [1]);
 * console.log(realm.sessionCount);
 * ```
 */
export class Realm {
  /** The realm URI. */
  readonly name: string;
  /** @internal */
  readonly broker: Broker;
  /** @internal */
  readonly dealer: Dealer;
  readonly #sessions = new Map<number, JoinedSession>();
  readonly #testaments: Testaments;

  /** @internal */
  constructor(name: string, options: RealmOptions) {
    this.name = name;
    const limits = options.limits ?? ROUTER_LIMITS;
    const authorize = options.authorize ? { authorize: options.authorize } : {};
    // The meta events: on_create before on_subscribe/on_register, on_unsubscribe/on_unregister
    // before on_delete, each with the spec's [session, details-or-id].
    const metaEvents = (kind: 'subscription' | 'registration', add: string, remove: string) =>
      (change: 'create' | 'add' | 'remove' | 'delete', entry: Subscription | Registration, sessionId: number): void => {
        if (change === 'create') {
          const details = 'topic' in entry
            ? { id: entry.id, created: entry.created, uri: entry.topic, match: entry.match }
            : { id: entry.id, created: entry.created, uri: entry.procedure, match: entry.match, invoke: entry.invoke };
          this.broker.publishInternal(`wamp.${kind}.on_create`, [sessionId, details]);
          return;
        }
        const name = change === 'add' ? add : change === 'remove' ? remove : 'on_delete';
        this.broker.publishInternal(`wamp.${kind}.${name}`, [sessionId, entry.id]);
      };
    this.broker = new Broker({
      newId: options.newId,
      ...authorize,
      retained: { maxEvents: limits.maxRetainedEvents, maxBytes: limits.maxRetainedBytes, ttlMs: limits.retainedTtlMs },
      onChange: metaEvents('subscription', 'on_subscribe', 'on_unsubscribe'),
      ...(options.eventHistory ? { history: { rules: options.eventHistory, maxEvents: limits.maxHistoryEvents, maxBytes: limits.maxHistoryBytes } } : {}),
    });
    this.dealer = new Dealer({
      newId: options.newId,
      random: options.random,
      ...authorize,
      maxOutstandingCalls: limits.maxOutstandingCalls,
      onChange: metaEvents('registration', 'on_register', 'on_unregister'),
    });
    installSessionMeta(this);
    installRegistryMeta(this);
    this.#testaments = new Testaments(limits.maxTestaments, limits.maxTestamentBytes);
    this.#testaments.install(this);
  }

  /** Number of sessions joined to the realm. */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** Ids of the sessions joined to the realm. */
  sessionIds(): number[] {
    return [...this.#sessions.keys()];
  }

  /** Number of subscriptions (each shared by all its subscribers). */
  get subscriptionCount(): number {
    return this.broker.subscriptionCount;
  }

  /** Number of registrations (each shared by all its callees). */
  get registrationCount(): number {
    return this.dealer.registrations.size;
  }

  /**
   * Registers a procedure that runs inside the router: CALLs of `uri` (exact match) go to
   * `handler` without a callee session.
   *
   * @returns a function that unregisters it.
   * @throws `TypeError` on an invalid URI; `Error` when the URI is already registered.
   */
  registerInternal(uri: string, handler: InternalProcedure): () => void {
    return this.dealer.registerInternal(uri, handler);
  }

  /**
   * Revokes a registration, for all its callees or only one session. Callees that announced
   * `registration_revocation` are told with `[UNREGISTERED, 0, {registration, reason}]`.
   *
   * @param registrationId - the registration id.
   * @param reason - sent as `Details.reason`.
   * @param sessionId - revoke only for this callee session.
   * @returns whether anything was revoked.
   */
  revokeRegistration(registrationId: number, reason?: string, sessionId?: number): boolean {
    return this.dealer.revoke(registrationId, reason, sessionId);
  }

  /**
   * Revokes a subscription, for all its subscribers or only one session. Subscribers that
   * announced `subscription_revocation` are told with `[UNSUBSCRIBED, 0, {subscription, reason}]`.
   *
   * @param subscriptionId - the subscription id.
   * @param reason - sent as `Details.reason`.
   * @param sessionId - revoke only for this subscriber session.
   * @returns whether anything was revoked.
   */
  revokeSubscription(subscriptionId: number, reason?: string, sessionId?: number): boolean {
    return this.broker.revoke(subscriptionId, reason, sessionId);
  }

  /**
   * Publishes an event from the router itself (no publisher).
   *
   * @param options - PUBLISH options: `retain`, `exclude`, `eligible`, … (default none).
   * @returns the publication id.
   */
  publish(topic: string, args?: WampList, kwargs?: WampDict, options?: WampDict): number {
    return this.broker.publishInternal(topic, args, kwargs, options);
  }

  /** @internal */
  session(id: number): JoinedSession | undefined {
    return this.#sessions.get(id);
  }

  /** @internal */
  sessions(): IterableIterator<JoinedSession> {
    return this.#sessions.values();
  }

  /** A session joined. @internal */
  join(session: JoinedSession): void {
    this.#sessions.set(session.id, session);
    this.broker.publishInternal('wamp.session.on_join', [session.info], undefined, { exclude: [session.id] });
  }

  /** A session left: drop its subscriptions, registrations and calls. @internal */
  leave(session: JoinedSession): void {
    if (!this.#sessions.delete(session.id)) return;
    this.broker.leave(session);
    this.dealer.leave(session);
    this.#testaments.publishFor(this, session.id);
    this.broker.publishInternal('wamp.session.on_leave', [session.id, session.authid, session.authrole]);
  }
}
