/**
 * The four client roles of a session, and the routing of an established session's messages to
 * the role that owns them: the hot path, straight from the transport (no actor event queue).
 * @internal
 * @module
 */
import type { SessionClosedError } from '../errors.js';
import { MessageType } from '../protocol/message-type.js';
import type { WampMessage } from '../protocol/messages.js';
import { Callee } from '../roles/callee.js';
import { Caller } from '../roles/caller.js';
import type { RolePort } from '../roles/port.js';
import { Publisher } from '../roles/publisher.js';
import { Subscriber } from '../roles/subscriber.js';

/**
 * Caller, Callee, Publisher and Subscriber over one port, each made when first used: an idle
 * session, or one that only calls, holds no registries, maps or queues of the roles it never
 * plays. Messages for a role that was never made have nothing to settle and are not routed.
 */
export class SessionRoles {
  readonly #port: RolePort;
  #caller: Caller | undefined;
  #callee: Callee | undefined;
  #publisher: Publisher | undefined;
  #subscriber: Subscriber | undefined;

  /** @param port - the session's port. */
  constructor(port: RolePort) {
    this.#port = port;
  }

  /** The Caller (made on first use). */
  get caller(): Caller {
    return (this.#caller ??= new Caller(this.#port));
  }

  /** The Callee (made on first use). */
  get callee(): Callee {
    return (this.#callee ??= new Callee(this.#port));
  }

  /** The Publisher (made on first use). */
  get publisher(): Publisher {
    return (this.#publisher ??= new Publisher(this.#port));
  }

  /** The Subscriber (made on first use). */
  get subscriber(): Subscriber {
    return (this.#subscriber ??= new Subscriber(this.#port));
  }

  /** Routes a message of an established session to its role; false when it is not one. */
  dispatch(msg: WampMessage): boolean {
    switch (msg.type) {
      case MessageType.RESULT: this.caller.onResult(msg); return true;
      case MessageType.EVENT: this.subscriber.onEvent(msg); return true;
      case MessageType.INVOCATION: this.callee.onInvocation(msg); return true;
      case MessageType.INTERRUPT: this.callee.onInterrupt(msg); return true;
      case MessageType.PUBLISHED: this.publisher.onPublished(msg); return true;
      case MessageType.SUBSCRIBED: this.subscriber.onSubscribed(msg); return true;
      case MessageType.UNSUBSCRIBED: this.subscriber.onUnsubscribed(msg); return true;
      case MessageType.REGISTERED: this.callee.onRegistered(msg); return true;
      case MessageType.UNREGISTERED: this.callee.onUnregistered(msg); return true;
      case MessageType.ERROR:
        switch (msg.requestType) {
          case MessageType.CALL: this.caller.onError(msg); return true;
          case MessageType.REGISTER:
          case MessageType.UNREGISTER: this.callee.onError(msg); return true;
          case MessageType.SUBSCRIBE:
          case MessageType.UNSUBSCRIBE: this.subscriber.onError(msg); return true;
          case MessageType.PUBLISH: this.publisher.onError(msg); return true;
          default: return false;
        }
      default:
        return false;
    }
  }

  /**
   * The session ended: settle every outstanding request with `error`. When `final` is false (a
   * reconnect follows), subscriptions and registrations are kept to be restored.
   */
  settle(error: SessionClosedError, final: boolean): void {
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
