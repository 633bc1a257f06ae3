/**
 * WAMP v2 message type codes, named as in the spec (Basic and Advanced Profile).
 */
export const MessageType = {
  HELLO: 1,
  WELCOME: 2,
  ABORT: 3,
  CHALLENGE: 4,
  AUTHENTICATE: 5,
  GOODBYE: 6,
  ERROR: 8,
  PUBLISH: 16,
  PUBLISHED: 17,
  SUBSCRIBE: 32,
  SUBSCRIBED: 33,
  UNSUBSCRIBE: 34,
  UNSUBSCRIBED: 35,
  EVENT: 36,
  /** Acknowledged event delivery (implementation-specific code 337 in Crossbar.io/Autobahn). */
  EVENT_RECEIVED: 337,
  CALL: 48,
  CANCEL: 49,
  RESULT: 50,
  REGISTER: 64,
  REGISTERED: 65,
  UNREGISTER: 66,
  UNREGISTERED: 67,
  INVOCATION: 68,
  INTERRUPT: 69,
  YIELD: 70,
} as const;

/** A WAMP message type code. */
export type MessageTypeCode = (typeof MessageType)[keyof typeof MessageType];

const NAMES = new Map<number, string>(Object.entries(MessageType).map(([k, v]) => [v, k]));

/** The spec name of a message type code (`48` → `"CALL"`), or `"UNKNOWN(n)"`. */
export function messageTypeName(code: number): string {
  return NAMES.get(code) ?? `UNKNOWN(${code})`;
}
