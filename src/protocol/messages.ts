/**
 * Typed WAMP v2 messages. Each interface is one message type of the spec, with its fields named
 * as in the spec (`Request|id` → `requestId`, `Details|dict` → `details`, …).
 * @module
 */
import { MessageType } from './message-type.js';

/** A WAMP list (positional payload). Values are whatever the serializer carries. */
export type WampList = unknown[];
/** A WAMP dictionary (keyword payload, Options, Details). */
export type WampDict = Record<string, unknown>;
/** A transparent payload (Payload Passthru Mode / end-to-end encryption): opaque to the router. */
export type WampPayload = Uint8Array | string | WampDict;

/** Application payload of CALL, RESULT, INVOCATION, YIELD, PUBLISH, EVENT and ERROR. */
export interface PayloadFields {
  /** Positional arguments, when sent. */
  args?: WampList;
  /** Keyword arguments, when sent. */
  kwargs?: WampDict;
  /** Transparent payload, when the Options/Details name `enc_algo` or `ppt_scheme`. */
  payload?: WampPayload;
}

/** `[HELLO, Realm|uri, Details|dict]` */
export interface HelloMessage { type: typeof MessageType.HELLO; realm: string; details: WampDict }
/** `[WELCOME, Session|id, Details|dict]` */
export interface WelcomeMessage { type: typeof MessageType.WELCOME; session: number; details: WampDict }
/** `[ABORT, Details|dict, Reason|uri]` */
export interface AbortMessage { type: typeof MessageType.ABORT; details: WampDict; reason: string }
/** `[CHALLENGE, AuthMethod|string, Extra|dict]` */
export interface ChallengeMessage { type: typeof MessageType.CHALLENGE; authMethod: string; extra: WampDict }
/** `[AUTHENTICATE, Signature|string, Extra|dict]` */
export interface AuthenticateMessage { type: typeof MessageType.AUTHENTICATE; signature: string; extra: WampDict }
/** `[GOODBYE, Details|dict, Reason|uri]` */
export interface GoodbyeMessage { type: typeof MessageType.GOODBYE; details: WampDict; reason: string }
/** `[ERROR, REQUEST.Type|int, REQUEST.Request|id, Details|dict, Error|uri, Arguments|list, ArgumentsKw|dict]` */
export interface ErrorMessage extends PayloadFields {
  type: typeof MessageType.ERROR; requestType: number; requestId: number; details: WampDict; error: string;
}
/** `[PUBLISH, Request|id, Options|dict, Topic|uri, Arguments|list, ArgumentsKw|dict]` */
export interface PublishMessage extends PayloadFields {
  type: typeof MessageType.PUBLISH; requestId: number; options: WampDict; topic: string;
}
/** `[PUBLISHED, PUBLISH.Request|id, Publication|id]` */
export interface PublishedMessage { type: typeof MessageType.PUBLISHED; requestId: number; publication: number }
/** `[SUBSCRIBE, Request|id, Options|dict, Topic|uri]` */
export interface SubscribeMessage { type: typeof MessageType.SUBSCRIBE; requestId: number; options: WampDict; topic: string }
/** `[SUBSCRIBED, SUBSCRIBE.Request|id, Subscription|id]` */
export interface SubscribedMessage { type: typeof MessageType.SUBSCRIBED; requestId: number; subscription: number }
/** `[UNSUBSCRIBE, Request|id, SUBSCRIBED.Subscription|id]` */
export interface UnsubscribeMessage { type: typeof MessageType.UNSUBSCRIBE; requestId: number; subscription: number }
/** `[UNSUBSCRIBED, UNSUBSCRIBE.Request|id, Details|dict]` (Details only on revocation, with request 0). */
export interface UnsubscribedMessage { type: typeof MessageType.UNSUBSCRIBED; requestId: number; details?: WampDict }
/** `[EVENT, SUBSCRIBED.Subscription|id, PUBLISHED.Publication|id, Details|dict, Arguments|list, ArgumentsKw|dict]` */
export interface EventMessage extends PayloadFields {
  type: typeof MessageType.EVENT; subscription: number; publication: number; details: WampDict;
}
/** `[EVENT_RECEIVED, EVENT.Publication|id]` (acknowledged event delivery). */
export interface EventReceivedMessage { type: typeof MessageType.EVENT_RECEIVED; publication: number }
/** `[CALL, Request|id, Options|dict, Procedure|uri, Arguments|list, ArgumentsKw|dict]` */
export interface CallMessage extends PayloadFields {
  type: typeof MessageType.CALL; requestId: number; options: WampDict; procedure: string;
}
/** `[CANCEL, CALL.Request|id, Options|dict]` */
export interface CancelMessage { type: typeof MessageType.CANCEL; requestId: number; options: WampDict }
/** `[RESULT, CALL.Request|id, Details|dict, YIELD.Arguments|list, YIELD.ArgumentsKw|dict]` */
export interface ResultMessage extends PayloadFields {
  type: typeof MessageType.RESULT; requestId: number; details: WampDict;
}
/** `[REGISTER, Request|id, Options|dict, Procedure|uri]` */
export interface RegisterMessage { type: typeof MessageType.REGISTER; requestId: number; options: WampDict; procedure: string }
/** `[REGISTERED, REGISTER.Request|id, Registration|id]` */
export interface RegisteredMessage { type: typeof MessageType.REGISTERED; requestId: number; registration: number }
/** `[UNREGISTER, Request|id, REGISTERED.Registration|id]` */
export interface UnregisterMessage { type: typeof MessageType.UNREGISTER; requestId: number; registration: number }
/** `[UNREGISTERED, UNREGISTER.Request|id, Details|dict]` (Details only on revocation, with request 0). */
export interface UnregisteredMessage { type: typeof MessageType.UNREGISTERED; requestId: number; details?: WampDict }
/** `[INVOCATION, Request|id, REGISTERED.Registration|id, Details|dict, CALL.Arguments|list, CALL.ArgumentsKw|dict]` */
export interface InvocationMessage extends PayloadFields {
  type: typeof MessageType.INVOCATION; requestId: number; registration: number; details: WampDict;
}
/** `[INTERRUPT, INVOCATION.Request|id, Options|dict]` */
export interface InterruptMessage { type: typeof MessageType.INTERRUPT; requestId: number; options: WampDict }
/** `[YIELD, INVOCATION.Request|id, Options|dict, Arguments|list, ArgumentsKw|dict]` */
export interface YieldMessage extends PayloadFields {
  type: typeof MessageType.YIELD; requestId: number; options: WampDict;
}

/** Any WAMP message. */
export type WampMessage =
  | HelloMessage | WelcomeMessage | AbortMessage | ChallengeMessage | AuthenticateMessage
  | GoodbyeMessage | ErrorMessage | PublishMessage | PublishedMessage | SubscribeMessage
  | SubscribedMessage | UnsubscribeMessage | UnsubscribedMessage | EventMessage
  | EventReceivedMessage | CallMessage | CancelMessage | ResultMessage | RegisterMessage
  | RegisteredMessage | UnregisterMessage | UnregisteredMessage | InvocationMessage
  | InterruptMessage | YieldMessage;

/** The message with type code `T`. */
export type MessageOf<T extends WampMessage['type']> = Extract<WampMessage, { type: T }>;
