/**
 * WAMP v1 messages (subprotocol `wamp`, JSON text frames): type codes, typed shapes, and a
 * cheap hand-written check of what arrives (only the fields the code uses).
 * @module
 */

/** The WebSocket subprotocol of WAMP v1. */
export const V1_SUBPROTOCOL = 'wamp';

/** WAMP v1 message type codes. */
export const V1MessageType = {
  WELCOME: 0,
  PREFIX: 1,
  CALL: 2,
  CALLRESULT: 3,
  CALLERROR: 4,
  SUBSCRIBE: 5,
  UNSUBSCRIBE: 6,
  PUBLISH: 7,
  EVENT: 8,
} as const;

/** A decoded WAMP v1 message, by type. */
export type V1Message =
  | { readonly type: 0; readonly sessionId: string; readonly version: number; readonly server: string }
  | { readonly type: 1; readonly prefix: string; readonly uri: string }
  | { readonly type: 2; readonly callId: string; readonly procedure: string; readonly args: readonly unknown[] }
  | { readonly type: 3; readonly callId: string; readonly result: unknown }
  | { readonly type: 4; readonly callId: string; readonly error: string; readonly description: string; readonly details: unknown; readonly hasDetails: boolean }
  | { readonly type: 5; readonly topic: string }
  | { readonly type: 6; readonly topic: string }
  | {
      readonly type: 7;
      readonly topic: string;
      readonly event: unknown;
      /** `true`/`false` (excludeMe) or a list of session ids; absent when not given. */
      readonly exclude: boolean | readonly string[] | undefined;
      readonly eligible: readonly string[] | undefined;
    }
  | { readonly type: 8; readonly topic: string; readonly event: unknown };

/** Why a v1 frame is not a valid v1 message, thrown by {@link decodeV1}. */
export class V1FormatError extends TypeError {
  /** Literal name (minifier-safe). */
  override readonly name = 'V1FormatError';
}

const isString = (v: unknown): v is string => typeof v === 'string';
/** v1 session ids are strings; wampkit's router uses decimal ones, some servers send numbers. */
const isId = (v: unknown): v is string | number => typeof v === 'string' || (typeof v === 'number' && Number.isSafeInteger(v));
const isIdList = (v: unknown): v is Array<string | number> => Array.isArray(v) && v.every(isId);

function need(ok: boolean, what: string): void {
  if (!ok) throw new V1FormatError(`invalid WAMP v1 message: ${what}`);
}

/**
 * Checks a parsed JSON value and returns it as a typed v1 message.
 * @param value - the parsed frame.
 * @throws {@link V1FormatError} when it is not a v1 message.
 */
export function decodeV1(value: unknown): V1Message {
  need(Array.isArray(value) && value.length >= 2 && typeof value[0] === 'number', 'not an array starting with a type code');
  const m = value as unknown[];
  switch (m[0]) {
    case V1MessageType.WELCOME:
      need(isId(m[1]) && typeof m[2] === 'number', 'WELCOME needs a session id and a version');
      return { type: 0, sessionId: String(m[1]), version: m[2] as number, server: isString(m[3]) ? m[3] : '' };
    case V1MessageType.PREFIX:
      need(m.length === 3 && isString(m[1]) && isString(m[2]), 'PREFIX needs a prefix and a URI');
      return { type: 1, prefix: m[1] as string, uri: m[2] as string };
    case V1MessageType.CALL:
      need(isString(m[1]) && isString(m[2]), 'CALL needs a call id and a procedure URI');
      return { type: 2, callId: m[1] as string, procedure: m[2] as string, args: m.slice(3) };
    case V1MessageType.CALLRESULT:
      need(m.length === 3 && isString(m[1]), 'CALLRESULT needs a call id and a result');
      return { type: 3, callId: m[1] as string, result: m[2] };
    case V1MessageType.CALLERROR:
      need((m.length === 4 || m.length === 5) && isString(m[1]) && isString(m[2]) && isString(m[3]), 'CALLERROR needs a call id, an error URI and a description');
      return { type: 4, callId: m[1] as string, error: m[2] as string, description: m[3] as string, details: m[4], hasDetails: m.length === 5 };
    case V1MessageType.SUBSCRIBE:
    case V1MessageType.UNSUBSCRIBE:
      need(m.length === 2 && isString(m[1]), 'SUBSCRIBE/UNSUBSCRIBE needs a topic URI');
      return { type: m[0] as 5 | 6, topic: m[1] as string };
    case V1MessageType.PUBLISH: {
      need(m.length >= 3 && m.length <= 5 && isString(m[1]), 'PUBLISH needs a topic URI and an event');
      const ex = m[3];
      need(ex === undefined || typeof ex === 'boolean' || isIdList(ex), 'PUBLISH excludeMe/exclude must be a boolean or a list of session ids');
      need(m[4] === undefined || isIdList(m[4]), 'PUBLISH eligible must be a list of session ids');
      return {
        type: 7,
        topic: m[1] as string,
        event: m[2],
        exclude: typeof ex === 'boolean' || ex === undefined ? ex : (ex as Array<string | number>).map(String),
        eligible: m[4] === undefined ? undefined : (m[4] as Array<string | number>).map(String),
      };
    }
    case V1MessageType.EVENT:
      need(m.length === 3 && isString(m[1]), 'EVENT needs a topic URI and an event');
      return { type: 8, topic: m[1] as string, event: m[2] };
    default:
      throw new V1FormatError(`unknown WAMP v1 message type ${String(m[0])}`);
  }
}

/**
 * Parses one text frame as a v1 message.
 * @param frame - the frame's text.
 * @throws {@link V1FormatError} when it is not JSON or not a v1 message.
 */
export function parseV1(frame: string | Uint8Array): V1Message {
  if (typeof frame !== 'string') throw new V1FormatError('WAMP v1 travels in text frames only');
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    throw new V1FormatError('a WAMP v1 frame is not JSON');
  }
  return decodeV1(value);
}

/** Encodes a v1 message as a JSON text frame. */
export function encodeV1(message: readonly unknown[]): string {
  return JSON.stringify(message);
}
