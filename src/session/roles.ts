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

/** Caller, Callee, Publisher and Subscriber over one port. */
export class SessionRoles {
  readonly caller: Caller;
  readonly callee: Callee;
  readonly publisher: Publisher;
  readonly subscriber: Subscriber;

  /** @param port - the session's port. */
  constructor(port: RolePort) {
    this.caller = new Caller(port);
    this.callee = new Callee(port);
    this.publisher = new Publisher(port);
    this.subscriber = new Subscriber(port);
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
    this.caller.rejectAll(error);
    this.publisher.rejectAll(error);
    this.callee.sessionEnded(error, final);
    this.subscriber.sessionEnded(error, final);
  }

  /** After a reconnect: subscribes and registers everything again. */
  restore(): Promise<unknown> {
    return Promise.allSettled([this.subscriber.restore(), this.callee.restore()]);
  }
}
