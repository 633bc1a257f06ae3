/**
 * Turns WAMP messages into arrays (for a serializer) and validates arrays back into typed messages.
 * Only this module validates what comes in (CONVENTIONS.md 2). A client uses the halves for its
 * side ({@link decodeFromRouter}, {@link encodeToRouter}), so it carries neither the checks of
 * messages only a router receives nor the encoding of those only a router sends.
 * @module
 */
import { ProtocolError } from '../errors.js';
import { MessageType, messageTypeName } from './message-type.js';
import type { WampMessage, WampDict, PayloadFields, WampPayload } from './messages.js';
import type { FieldSpec, MessageSpec } from './message-specs.js';
import * as S from './schemas.js';
import { SPECS_TO_CLIENT } from './specs-to-client.js';
import { SPECS_TO_ROUTER } from './specs-to-router.js';

const MAX_ID = 2 ** 53;

const isDict = S.isDict as (v: unknown) => v is WampDict;

function fail(type: string, field: string, problem: string): never {
  throw new ProtocolError(`${type}.${field}: ${problem}`, { messageType: type, field });
}

function checkField(type: string, spec: FieldSpec, value: unknown): unknown {
  switch (spec.kind) {
    case 'id':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_ID) {
        fail(type, spec.label, `expected an id (integer in [0, 2^53]), got ${describe(value)}`);
      }
      return value;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) fail(type, spec.label, `expected an integer, got ${describe(value)}`);
      return value;
    case 'uri':
      if (typeof value !== 'string' || value.length === 0) fail(type, spec.label, `expected a URI string, got ${describe(value)}`);
      return value;
    case 'string':
      if (typeof value !== 'string') fail(type, spec.label, `expected a string, got ${describe(value)}`);
      return value;
    default: {
      if (!isDict(value)) fail(type, spec.label, `expected a dict, got ${describe(value)}`);
      const problem = S.checkDict(spec.kind, value);
      if (problem) fail(type, `${spec.label}.${problem.key}`, `expected ${problem.expected}, got ${describe(value[problem.key])}`);
      // Validated, not transformed: keep the peer's own object (its key order, no copy).
      return value;
    }
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Uint8Array) return 'bytes';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v} ${typeof v === 'object' ? '' : String(v)}`.trim();
}

/**
 * How a message's dict says its payload travels. Payload Passthru Mode (`ppt_scheme`): one
 * binary item inside `Arguments|list`, `ArgumentsKw` absent. The older end-to-end encryption
 * form (`enc_algo`, the WAMP test vectors' "transparent payload"): the bytes in place of
 * `Arguments|list`.
 */
function passthruForm(dict: unknown): 'ppt' | 'enc' | undefined {
  if (!isDict(dict)) return undefined;
  if (dict['ppt_scheme'] !== undefined) return 'ppt';
  if (dict['enc_algo'] !== undefined) return 'enc';
  return undefined;
}

/** Every message type, for {@link decodeMessage}; made on first use. */
let allSpecs: ReadonlyMap<number, MessageSpec> | undefined;

/**
 * Validates a decoded array as a WAMP message, of any type.
 *
 * @param raw - what the serializer decoded.
 * @returns the typed message.
 * @throws {@link wampkit!ProtocolError} naming the message type and the offending field.
 */
export function decodeMessage(raw: unknown): WampMessage {
  return decodeWith((allSpecs ??= new Map([...SPECS_TO_CLIENT, ...SPECS_TO_ROUTER])), raw, undefined);
}

/**
 * Validates a decoded array as a message a router sends: a type only clients send (CALL,
 * REGISTER, ...) is refused here, by name.
 *
 * @param raw - what the serializer decoded.
 * @returns the typed message.
 * @throws {@link wampkit!ProtocolError} naming the message type and the offending field.
 */
export function decodeFromRouter(raw: unknown): WampMessage {
  return decodeWith(SPECS_TO_CLIENT, raw, 'from a router');
}

/** What decoding needs of a message spec beyond its fields, worked out once per spec (and kept on it). */
interface SpecMeta {
  /** The message type's name (for errors). */
  readonly type: string;
  /** How many fields are not optional. */
  readonly required: number;
  /** The most elements after the type code. */
  readonly max: number;
  /** The field holding the Options/Details dict (which says how a payload travels). */
  readonly dictProp: string | undefined;
}

function decodeWith(specs: ReadonlyMap<number, MessageSpec>, raw: unknown, from: string | undefined): WampMessage {
  if (!Array.isArray(raw)) throw new ProtocolError(`a WAMP message must be a list, got ${describe(raw)}`);
  if (raw.length === 0) throw new ProtocolError('a WAMP message must not be empty');
  const code = raw[0];
  if (typeof code !== 'number' || !Number.isInteger(code)) {
    throw new ProtocolError(`message type must be an integer, got ${describe(code)}`, { field: 'type' });
  }
  const spec = specs.get(code);
  if (!spec) {
    const type = messageTypeName(code);
    const known = from !== undefined && MessageType[type as keyof typeof MessageType] === code;
    throw new ProtocolError(known ? `${type} is not valid ${from}` : `unknown message type ${code}`, { messageType: type, field: 'type' });
  }
  const hot = spec.fast?.(raw, checkField);
  if (hot) return hot;
  const meta = ((spec as { meta?: SpecMeta }).meta ??= {
    type: messageTypeName(code),
    required: spec.fields.filter((x) => !x.optional).length,
    max: spec.fields.length + (spec.payload ? 2 : 0),
    dictProp: spec.fields.find((x) => typeof x.kind !== 'string')?.prop,
  });
  const type = meta.type;
  const fields = spec.fields;
  if (raw.length - 1 < meta.required) fail(type, fields[raw.length - 1]?.label ?? 'length', `missing (message has ${raw.length} elements)`);
  if (raw.length - 1 > meta.max) fail(type, 'length', `too many elements (${raw.length})`);
  const msg: Record<string, unknown> = { type: code };
  for (let i = 0; i < fields.length; i++) {
    const fs = fields[i]!;
    const v = raw[i + 1];
    if (v === undefined && fs.optional) continue;
    msg[fs.prop] = checkField(type, fs, v);
  }
  if (spec.payload) {
    const at = fields.length + 1;
    const dictProp = meta.dictProp;
    const a = raw[at];
    const k = raw[at + 1];
    const form = dictProp === undefined ? undefined : passthruForm(msg[dictProp]);
    if (a !== undefined) {
      if (form !== undefined) {
        const p = form === 'ppt' && Array.isArray(a) && a.length === 1 ? a[0] : a;
        if (form === 'ppt' && p === a) fail(type, 'Arguments|list', `expected one binary item (Payload Passthru Mode), got ${describe(a)}`);
        // Bytes (or a string); in Payload Passthru Mode also the `{args, kwargs}` object of the
        // `native` serializer as wampy.js sends it.
        if (typeof p !== 'string' && !(p instanceof Uint8Array) && !(form === 'ppt' && isDict(p))) fail(type, 'Payload|binary', `expected bytes, got ${describe(p)}`);
        if (k !== undefined && !(isDict(k) && Object.keys(k).length === 0)) fail(type, 'ArgumentsKw|dict', 'a passthru payload takes no ArgumentsKw');
        (msg as PayloadFields).payload = p as WampPayload;
      } else {
        if (!Array.isArray(a)) fail(type, 'Arguments|list', `expected a list, got ${describe(a)}`);
        (msg as PayloadFields).args = a;
        if (k !== undefined) {
          if (!isDict(k)) fail(type, 'ArgumentsKw|dict', `expected a dict, got ${describe(k)}`);
          (msg as PayloadFields).kwargs = k;
        }
      }
    }
  }
  return msg as unknown as WampMessage;
}

function payloadTail(m: PayloadFields, dict: unknown): unknown[] {
  if (m.payload !== undefined) return passthruForm(dict) === 'enc' ? [m.payload] : [[m.payload]];
  const hasKw = m.kwargs !== undefined && Object.keys(m.kwargs).length > 0;
  if (hasKw) return [m.args ?? [], m.kwargs];
  if (m.args !== undefined && m.args.length > 0) return [m.args];
  return [];
}

/** The messages a client sends, as arrays; `undefined` for the others. */
function toRouterArray(m: WampMessage): unknown[] | undefined {
  switch (m.type) {
    case MessageType.HELLO: return [m.type, m.realm, m.details];
    case MessageType.ABORT: return [m.type, m.details, m.reason];
    case MessageType.AUTHENTICATE: return [m.type, m.signature, m.extra];
    case MessageType.GOODBYE: return [m.type, m.details, m.reason];
    case MessageType.ERROR: return [m.type, m.requestType, m.requestId, m.details, m.error, ...payloadTail(m, m.details)];
    case MessageType.PUBLISH: return [m.type, m.requestId, m.options, m.topic, ...payloadTail(m, m.options)];
    case MessageType.SUBSCRIBE: return [m.type, m.requestId, m.options, m.topic];
    case MessageType.UNSUBSCRIBE: return [m.type, m.requestId, m.subscription];
    case MessageType.EVENT_RECEIVED: return [m.type, m.publication];
    case MessageType.CALL: return [m.type, m.requestId, m.options, m.procedure, ...payloadTail(m, m.options)];
    case MessageType.CANCEL: return [m.type, m.requestId, m.options];
    case MessageType.REGISTER: return [m.type, m.requestId, m.options, m.procedure];
    case MessageType.UNREGISTER: return [m.type, m.requestId, m.registration];
    case MessageType.YIELD: return [m.type, m.requestId, m.options, ...payloadTail(m, m.options)];
    default: return undefined;
  }
}

/** The messages only a router sends, as arrays; `undefined` for the others. */
function toClientArray(m: WampMessage): unknown[] | undefined {
  switch (m.type) {
    case MessageType.WELCOME: return [m.type, m.session, m.details];
    case MessageType.CHALLENGE: return [m.type, m.authMethod, m.extra];
    case MessageType.PUBLISHED: return [m.type, m.requestId, m.publication];
    case MessageType.SUBSCRIBED: return [m.type, m.requestId, m.subscription];
    case MessageType.UNSUBSCRIBED: return m.details ? [m.type, m.requestId, m.details] : [m.type, m.requestId];
    case MessageType.EVENT: return [m.type, m.subscription, m.publication, m.details, ...payloadTail(m, m.details)];
    case MessageType.RESULT: return [m.type, m.requestId, m.details, ...payloadTail(m, m.details)];
    case MessageType.REGISTERED: return [m.type, m.requestId, m.registration];
    case MessageType.UNREGISTERED: return m.details ? [m.type, m.requestId, m.details] : [m.type, m.requestId];
    case MessageType.INVOCATION: return [m.type, m.requestId, m.registration, m.details, ...payloadTail(m, m.details)];
    case MessageType.INTERRUPT: return [m.type, m.requestId, m.options];
    default: return undefined;
  }
}

/**
 * Turns a typed message into the array a serializer writes. Empty trailing `Arguments` and
 * `ArgumentsKw` are left out, as the spec asks.
 *
 * @param m - the message.
 * @returns the WAMP array.
 */
export function encodeMessage(m: WampMessage): unknown[] {
  // Routers use this one (a client uses encodeToRouter): what only routers send is looked up first,
  // so an EVENT, RESULT or INVOCATION takes one switch, not two.
  return toClientArray(m) ?? toRouterArray(m)!;
}

/**
 * Turns a message a client sends into its array, as {@link encodeMessage} does.
 *
 * @param m - the message.
 * @returns the WAMP array.
 * @throws {@link wampkit!ProtocolError} for a type only a router sends (WELCOME, EVENT, ...).
 */
export function encodeToRouter(m: WampMessage): unknown[] {
  const array = toRouterArray(m);
  if (!array) throw new ProtocolError(`${messageTypeName(m.type)} is sent by routers, not clients`, { messageType: messageTypeName(m.type) });
  return array;
}
