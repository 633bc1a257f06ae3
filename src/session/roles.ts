/**
 * The four client roles of a session, and the routing of an established session's messages to
 * the role that owns them: the hot path, straight from the transport (no actor event queue).
 * @internal
 * @module
 */
import type { SessionClosedError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import { MessageType } from '../protocol/message-type.js';
import type { WampMessage } from '../protocol/messages.js';
import type { Callee } from '../roles/callee.js';
import { Caller } from '../roles/caller.js';
import type { RolePort } from '../roles/port.js';
import type { Publisher } from '../roles/publisher.js';
import type { Subscriber } from '../roles/subscriber.js';
import { SPECS_TO_CLIENT } from '../protocol/specs-to-client.js';
import { PROBE_PROCEDURE } from './liveness.js';
import type { WireProbe } from './wire.js';

/** The lazily loaded role module (Callee, Publisher, Subscriber, event streams). */
export type LazyRoles = typeof import('../roles/lazy-roles.js');

/**
 * The role module once any session has loaded it. The one piece of module-level state here: a
 * cache of an immutable module namespace, so only the first session of a process (or page)
 * waits for the code, and later sessions register, publish and subscribe at once.
 */
let loadedRoles: LazyRoles | undefined;

function ignore(): void {
  /* the probe's answer is an ERROR; only its arrival counts */
}

/**
 * Caller, Callee, Publisher and Subscriber over one port, each made when first used: an idle
 * session, or one that only calls, holds no registries, maps or queues of the roles it never
 * plays. The Callee, Publisher and Subscriber code is loaded on first use ({@link load}), so an
 * app that only calls does not carry it. Messages for a role that was never made have nothing
 * to settle and are not routed.
 */
export class SessionRoles implements WireProbe {
  readonly #port: RolePort;
  #caller: Caller | undefined;
  #callee: Callee | undefined;
  #publisher: Publisher | undefined;
  #subscriber: Subscriber | undefined;
  #lazy: LazyRoles | undefined;
  #loading: Promise<LazyRoles> | undefined;

  /** @param port - the session's port. */
  constructor(port: RolePort) {
    this.#port = port;
  }

  /** The Callee/Publisher/Subscriber module, once loaded (by this session or any other). */
  get lazy(): LazyRoles | undefined {
    return (this.#lazy ??= loadedRoles);
  }

  /** Loads the Callee/Publisher/Subscriber module (once). */
  load(): Promise<LazyRoles> {
    if (this.lazy) return Promise.resolve(this.#lazy!);
    return (this.#loading ??= import('../roles/lazy-roles.js').then(
      (m) => {
        // An app that subscribes or registers gets the hand-written checks of what it then receives most.
        m.installHotDecoders(SPECS_TO_CLIENT);
        return (this.#lazy = loadedRoles = m);
      },
      (error: unknown) => {
        this.#loading = undefined; // a later use may try again
        throw error;
      },
    ));
  }

  #need(): LazyRoles {
    if (!this.lazy) throw new Error('wampkit: role module not loaded');
    return this.#lazy!;
  }

  /** The Caller (made on first use). */
  get caller(): Caller {
    return (this.#caller ??= new Caller(this.#port));
  }

  /** The heartbeat's WAMP probe, where the transport has no ping: a round trip every router answers (with ERROR); what comes back is the sign of life. */
  probe(): void {
    this.caller.call(PROBE_PROCEDURE).catch(ignore);
  }

  /** The Callee (made on first use). */
  get callee(): Callee {
    return (this.#callee ??= new (this.#need().Callee)(this.#port));
  }

  /** The Publisher (made on first use). */
  get publisher(): Publisher {
    return (this.#publisher ??= new (this.#need().Publisher)(this.#port));
  }

  /** The Subscriber (made on first use). */
  get subscriber(): Subscriber {
    return (this.#subscriber ??= new (this.#need().Subscriber)(this.#port));
  }

  /** Routes a message of an established session to its role; false when it is not one. */
  dispatch(msg: WampMessage): boolean {
    switch (msg.type) {
      case MessageType.RESULT: this.caller.onResult(msg); return true;
      case MessageType.EVENT: this.#subscriber?.onEvent(msg); return true;
      case MessageType.INVOCATION:
        // No Callee was ever made, so nothing is registered: say so rather than leave the caller waiting.
        if (this.#callee) this.#callee.onInvocation(msg);
        else this.#port.send({ type: MessageType.ERROR, requestType: MessageType.INVOCATION, requestId: msg.requestId, details: {}, error: ErrorUri.NO_SUCH_REGISTRATION, args: [`no registration ${msg.registration}`] });
        return true;
      case MessageType.INTERRUPT: this.#callee?.onInterrupt(msg); return true;
      case MessageType.PUBLISHED: this.#publisher?.onPublished(msg); return true;
      case MessageType.SUBSCRIBED: this.#subscriber?.onSubscribed(msg); return true;
      case MessageType.UNSUBSCRIBED: this.#subscriber?.onUnsubscribed(msg); return true;
      case MessageType.REGISTERED: this.#callee?.onRegistered(msg); return true;
      case MessageType.UNREGISTERED: this.#callee?.onUnregistered(msg); return true;
      case MessageType.ERROR:
        switch (msg.requestType) {
          case MessageType.CALL: this.caller.onError(msg); return true;
          case MessageType.REGISTER:
          case MessageType.UNREGISTER: this.#callee?.onError(msg); return true;
          case MessageType.SUBSCRIBE:
          case MessageType.UNSUBSCRIBE: this.#subscriber?.onError(msg); return true;
          case MessageType.PUBLISH: this.#publisher?.onError(msg); return true;
          default: return false;
        }
      default:
        return false;
    }
  }

  /**
   * The session ended: settle every outstanding request with the error `reason` makes. When
   * `final` is false (a reconnect follows), subscriptions and registrations are kept to be
   * restored.
   */
  settle(reason: () => SessionClosedError, final: boolean): void {
    // A session that never played a role has nothing to settle (and makes no error object).
    if (!this.#caller && !this.#publisher && !this.#callee && !this.#subscriber) return;
    const error = reason();
    this.#caller?.rejectAll(error);
    this.#publisher?.rejectAll(error);
    this.#callee?.sessionEnded(error, final);
    this.#subscriber?.sessionEnded(error, final);
  }

  /** After a reconnect: subscribes and registers everything again. */
  restore(): Promise<unknown> {
    return Promise.allSettled([this.#subscriber?.restore(), this.#callee?.restore()]);
  }
}
